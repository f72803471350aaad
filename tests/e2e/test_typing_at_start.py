"""Typing at once, in a real terminal (tmux): keys sent the moment the command starts land
where they would on a screen that was there instantly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from postmortem_tui.core import store
from tests.e2e.test_wizard_pty import POSTMORTEM, TMUX, Terminal

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]

ENV = {
    **os.environ,
    "TERM": "xterm-256color",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "EDITOR": "true",
    "TZ": "UTC",
}


def wait_for_file(folder: Path, check: object, timeout: float = 30) -> Path:
    """The one draft in ``folder`` once ``check(draft)`` holds (autosave writes it)."""
    deadline = time.monotonic() + timeout
    while True:
        for path in folder.glob("*.toml"):
            try:
                draft = store.read_draft(path).draft
            except store.DraftError:
                continue  # being written
            if callable(check) and check(draft):
                return path
        if time.monotonic() > deadline:
            files = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.toml")}
            raise AssertionError(f"the draft never got there: {files}")
        time.sleep(0.1)


@pytest.mark.parametrize("attempt", range(3))
def test_text_typed_right_after_new_lands_in_the_summary(tmp_path: Path, attempt: int) -> None:
    folder = tmp_path / "drafts"
    term = Terminal(ENV)
    try:
        term.start("t", str(POSTMORTEM), "new", "--dir", str(folder), "--title", "Pager storm")
        # No waiting for the screen: the keys go while the program is still starting.
        term.send("t", "Pagers rang all night", literal=True)
        path = wait_for_file(folder, lambda d: d.summary.text == "Pagers rang all night")
        assert store.read_draft(path).draft.meta.title == "Pager storm"
        term.send("t", "C-q")
    finally:
        term.close()


def test_keys_typed_at_once_on_the_list_go_to_the_new_draft_dialog(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    term = Terminal(ENV)
    try:
        term.start("t", str(POSTMORTEM), "--dir", str(folder))
        # n opens the title dialog; the title and Enter are typed before it is on screen.
        term.send("t", "n", literal=True)
        term.send("t", "Disk full on db-2", literal=True)
        term.send("t", "Enter")
        term.send("t", "The primary stopped taking writes", literal=True)
        path = wait_for_file(
            folder, lambda d: d.summary.text == "The primary stopped taking writes"
        )
        assert store.read_draft(path).draft.meta.title == "Disk full on db-2"
        term.send("t", "C-q")
    finally:
        term.close()
