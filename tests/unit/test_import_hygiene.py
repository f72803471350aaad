"""Nothing below the front doors imports a user interface library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEADLESS = [
    "postmortem_tui.model",
    "postmortem_tui.codec",
    "postmortem_tui.store",
    "postmortem_tui.times",
    "postmortem_tui.paths",
    "postmortem_tui.export",
    "postmortem_tui.review",
    "postmortem_tui.tomlwrite",
    "postmortem_tui.metrics",
    "postmortem_tui.progress",
    "postmortem_tui.config",
    "postmortem_tui.blameless",
]
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


def test_help_imports_no_textual_jinja_or_questionary() -> None:
    code = (
        "import contextlib, io\nfrom postmortem_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        cli.main(['--help'])\n    except SystemExit:\n        pass\n"
    )
    loaded = _modules_after(code)
    heavy = sorted(m for m in loaded if m.split(".")[0] in (*UI, "jinja2", "attrs"))
    assert heavy == []
