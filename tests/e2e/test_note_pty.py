"""``postmortem note`` typed in a real terminal (tmux) during an incident, then ``postmortem
edit``: the event is there on the Timeline step, as the person wrote it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e.test_wizard_pty import POSTMORTEM, TMUX, Terminal

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_note_then_edit_shows_the_event(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "EDITOR": "true",
        "TZ": "UTC",
        "POSTMORTEM_CONFIG": str(tmp_path / "config.toml"),
    }
    term = Terminal(env)
    try:
        # A shell, as the on-call engineer has one: the note is a command line typed into it.
        term.start("shell", "sh", size=(120, 40))
        term.send(
            "shell",
            f"{POSTMORTEM} note --dir {folder} 'Checkout 5xx rising; rolling back v2.31.0'"
            " --kind mitigated --at 14:16; echo status=$?",
            literal=True,
        )
        term.send("shell", "Enter")
        # (the typed line holds "status=$?"; the answer is a line of its own)
        screen = term.wait_for(
            "shell", lambda s: any(line.startswith("status=") for line in s.splitlines())
        )
        assert "\nstatus=0" in screen, screen
        assert 'event = "Checkout 5xx rising; rolling back v2.31.0"' in screen
        assert 'kind = "mitigated"' in screen
        (draft,) = folder.glob("*.toml")
        assert f"started {draft}" in screen.replace("\n", "")

        term.start("wizard", str(POSTMORTEM), "edit", "--dir", str(folder), str(draft))
        term.wait_for("wizard", lambda s: "Summary" in s)
        time.sleep(0.5)  # let the first paint settle before typing
        term.send("wizard", "C-n")  # Next: Impact
        term.wait_for("wizard", lambda s: "step 2 of" in s)
        term.send("wizard", "C-n")  # Next: Timeline
        term.wait_for("wizard", lambda s: "step 3 of" in s)
        screen = term.wait_for("wizard", lambda s: "rolling back v2.31.0" in s)
        assert "14:16" in screen and "mitigated" in screen
        term.send("wizard", "C-q")
        time.sleep(0.5)
    finally:
        term.close()
