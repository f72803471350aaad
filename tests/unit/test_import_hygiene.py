"""Nothing below the front doors imports a user interface library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "postmortem_tui"
# Every module of the folders below the front doors, found by globbing, so a new one is covered.
BELOW_THE_DOORS = ("core", "review", "export", "importers", "team")


def _modules(folder: str) -> list[str]:
    found = []
    for file in sorted((PACKAGE / folder).rglob("*.py")):
        if not (file.parent / "__init__.py").exists():
            continue  # no module: the shipped templates' compiled code (test_shipped_templates)
        parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(parts))
    return found


HEADLESS = [module for folder in BELOW_THE_DOORS for module in _modules(folder)]
CORE = _modules("core")
UI = ("textual", "questionary", "prompt_toolkit", "rich")


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert module in loaded
    offenders = sorted(m for m in loaded if m.split(".")[0] in UI)
    assert offenders == [], f"{module} pulls in {offenders}"


def test_the_folders_below_the_doors_are_found() -> None:
    assert "postmortem_tui.core.store" in HEADLESS
    assert "postmortem_tui.review.blameless" in HEADLESS
    assert "postmortem_tui.export" in HEADLESS


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_template_engine(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert not any(m.split(".")[0] == "jinja2" for m in loaded), f"{module} pulls in jinja2"


def test_help_imports_no_textual_jinja_or_questionary() -> None:
    code = (
        "import contextlib, io\nfrom postmortem_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        cli.main(['--help'])\n    except SystemExit:\n        pass\n"
    )
    loaded = _modules_after(code)
    heavy = sorted(m for m in loaded if m.split(".")[0] in (*UI, "jinja2", "attrs"))
    assert heavy == []
