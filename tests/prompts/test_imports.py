"""questionary belongs to the plain prompt mode alone."""

from __future__ import annotations

import re
from pathlib import Path

import postmortem_tui

PACKAGE = Path(postmortem_tui.__file__).parent
IMPORTS_QUESTIONARY = re.compile(r"^\s*(import|from)\s+(questionary|prompt_toolkit)\b", re.M)


def test_only_the_prompts_package_imports_questionary() -> None:
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if IMPORTS_QUESTIONARY.search(path.read_text(encoding="utf-8"))
    }
    assert importers, "the prompts package should import questionary"
    assert all(name.startswith("prompts/") for name in importers), importers
