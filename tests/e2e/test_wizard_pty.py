"""The installed ``postmortem`` command in a real terminal (tmux): new, type, kill -9, resume,
export. This is what a person does when their laptop dies mid-sentence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
POSTMORTEM = Path(sys.executable).with_name("postmortem")


class Terminal:
    """One tmux server of our own (its own socket), so nothing else is touched."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"postmortem-e2e-{uuid.uuid4().hex[:8]}"
        self.env = env

    def tmux(self, *args: str) -> str:
        """Run a tmux command on our server and return its output."""
        result = subprocess.run(
            [TMUX or "tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        )
        return result.stdout

    def start(self, name: str, *command: str, size: tuple[int, int] = (120, 40)) -> int:
        """Run ``command`` in a new session; returns the program's process id."""
        self.tmux(
            "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
            *command,
        )  # fmt: skip
        return int(self.tmux("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def screen(self, name: str) -> str:
        """The text on the screen of session ``name``."""
        return self.tmux("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, check: Callable[[str], bool], timeout: float = 20) -> str:
        """Poll the screen until ``check`` accepts it."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(name)
            if check(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never got there; it shows:\n{text}")
            time.sleep(0.1)

    def send(self, name: str, *keys: str, literal: bool = False) -> None:
        """Type ``keys`` (tmux key names, or literal text)."""
        self.tmux("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        """Stop our tmux server."""
        subprocess.run(
            [TMUX or "tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=20,
        )


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_new_type_kill_resume_export(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "EDITOR": "true",
        "TZ": "UTC",
    }
    term = Terminal(env)
    try:
        pid = term.start(
            "first", str(POSTMORTEM), "new", "--dir", str(folder), "--title", "Pager storm"
        )
        # `new` writes the file at once and puts the cursor in the summary text.
        term.wait_for("first", lambda s: "Pager storm" in s and "Summary" in s)
        assert len(list(folder.glob("*.toml"))) == 1
        time.sleep(0.5)  # let the first paint settle before typing
        term.send("first", "Pagers rang all night", literal=True)
        term.wait_for("first", lambda s: "Pagers rang all night" in s)
        # Autosave comes within 2 seconds of the last key.
        term.wait_for("first", lambda s: "Saved " in s, timeout=15)
        os.kill(pid, 9)
        time.sleep(0.5)

        term.start("second", str(POSTMORTEM), "resume", "--dir", str(folder))
        screen = term.wait_for("second", lambda s: "Pagers rang all night" in s)
        assert "Pager storm" in screen
        term.send("second", "C-q")
        time.sleep(0.5)
    finally:
        term.close()

    (draft,) = folder.glob("*.toml")
    exported = subprocess.run(
        [str(POSTMORTEM), "export", str(draft)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    # The typed text went into the summary, not the title.
    assert exported.splitlines()[0].endswith("Pager storm")
    assert "Pagers rang all night" in exported.split("Summary", 1)[1]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_kill_during_an_open_form_then_the_text_is_offered_back(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    draft = folder / "2024-01-15-api-outage.toml"
    # The worked example without its action items: it opens at that step.
    example = (Path(__file__).parents[1] / "fixtures" / "api-outage.toml").read_text("utf-8")
    kept = [b for b in example.split("\n\n") if not b.startswith("[[action_items]]")]
    draft.write_text("\n\n".join(kept), encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    record = folder / f".{draft.name}.recover"
    term = Terminal(env)
    try:
        pid = term.start("first", str(POSTMORTEM), "edit", str(draft))
        term.wait_for("first", lambda s: "Action Items" in s and "step 8 of" in s)
        time.sleep(0.5)
        term.send("first", "a")
        term.wait_for("first", lambda s: "Add action item" in s)
        term.send("first", "Page the DB team on pool saturation", literal=True)
        term.wait_for("first", lambda s: "Page the DB team on pool saturation" in s)
        deadline = time.monotonic() + 15
        while "pool saturation" not in (record.read_text() if record.exists() else ""):
            assert time.monotonic() < deadline, "no recovery record was written"
            time.sleep(0.1)
        os.kill(pid, 9)
        time.sleep(0.5)
        assert "Page the DB team" not in draft.read_text(encoding="utf-8")

        term.start("second", str(POSTMORTEM), "edit", str(draft))
        term.wait_for("second", lambda s: "Text that was not saved" in s)
        term.send("second", "Enter")  # Restore it
        term.wait_for(
            "second",
            lambda s: "Add action item" in s and "Page the DB team on pool saturation" in s,
        )
        term.send("second", "C-s")
        term.wait_for(
            "second",
            lambda s: "Add action item" not in s and "Page the DB team on pool" in s,
        )
        term.send("second", "C-q")
        deadline = time.monotonic() + 15
        while "Page the DB team on pool saturation" not in draft.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the restored action item was not saved"
            time.sleep(0.1)
        assert not record.exists(), "the record goes once it is used"
    finally:
        term.close()
