"""The draft being answered: where it lives, the lock on it, and the save after every answer."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core import store
from ..core.display import printable, printable_lines
from ..core.model import Draft
from ..core.session import EditSession
from . import asks


class Quit(Exception):
    """Stop the prompts now with ``status``; the message has been shown already."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class FinishLater(Exception):
    """The person chose to stop here and come back later (everything is saved)."""


def resume_hint(path: Path) -> str:
    """The command that picks this draft up again."""
    return f"postmortem edit {path} --plain"


def say(message: str = "") -> None:
    """A line of the conversation (what a draft holds in it shown, never obeyed)."""
    print(printable_lines(message), flush=True)


def warn(message: str) -> None:
    """A problem worth reading, on standard error."""
    print(f"postmortem: {printable(message)}", file=sys.stderr, flush=True)


class Session:
    """A draft open for answering, through the editing session both doors share: saved after
    every answered question, never over a file changed on disk without asking."""

    def __init__(self, edit: EditSession) -> None:
        self.edit = edit

    @property
    def draft(self) -> Draft:
        """The draft being answered."""
        return self.edit.draft

    @property
    def path(self) -> Path:
        """Its file."""
        return self.edit.path

    @classmethod
    def create(cls, draft: Draft, folder: Path) -> Session:
        """Write a new draft file in ``folder`` and lock it."""
        return cls(EditSession.create(draft, folder))

    @classmethod
    def open(cls, path: Path) -> Session:
        """Lock the draft at ``path``, then read it; raises DraftLocked or DraftError."""
        edit = EditSession.open(path, read_only_ok=False)
        if edit.read_only:  # a file without write permission
            edit.close()
            raise store.DraftError(path, f"cannot be edited: it {edit.read_only_reason}")
        return cls(edit)

    def close(self) -> None:
        """Let go of the lock (the title typed for a new draft is an answer: it stays)."""
        self.edit.close(keep_untouched=True)

    def at_step(self, key: str) -> None:
        """The walk reached step ``key`` (a resume starts there)."""
        self.edit.remember_step(key)

    def save(self) -> None:
        """Save now; never over a file changed on disk without asking (a copy, or quit)."""
        while True:
            try:
                self.edit.save()
                return
            except store.DraftChangedOnDisk:
                self._changed_on_disk()
                return
            except store.DraftError as error:
                warn(str(error))
                if not asks.confirm("Try saving again?", default=True):
                    warn(
                        f"your last answer is not saved; the file on disk is as before: {self.path}"
                    )
                    raise Quit(1) from None

    def _changed_on_disk(self) -> None:
        warn(f"{self.path} changed on disk since it was opened (another program or person?)")
        choice = asks.select(
            "Your answers cannot go into that file without losing the other changes. What now?",
            [
                ("Save my answers as a copy (a new file next to it)", "copy"),
                ("Quit (the file on disk stays as it is)", "quit"),
            ],
            "copy",
        )
        if choice == "quit":
            warn(f"not saved; {self.path} is as the other program left it")
            raise Quit(1)
        self.edit.save_as_copy()
        say(f"Saved your answers as a copy: {self.path}")
