"""Fixtures shared by every test: an isolated drafts folder and the worked example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder at a temporary one, so no test touches real drafts."""
    drafts = tmp_path / "drafts"
    monkeypatch.setenv("POSTMORTEM_DIR", str(drafts))
    monkeypatch.setenv("POSTMORTEM_TEMPLATES", str(tmp_path / "user-templates"))
    monkeypatch.setenv("POSTMORTEM_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("POSTMORTEM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return drafts


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """A fresh copy of the worked example draft."""
    target = tmp_path / "api-outage.toml"
    shutil.copy(FIXTURES / "api-outage.toml", target)
    return target


@pytest.fixture
def example_markdown() -> str:
    """The worked example's expected Markdown export."""
    return (FIXTURES / "api-outage.md").read_text(encoding="utf-8")
