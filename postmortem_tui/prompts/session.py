"""The draft being answered: where it lives, the lock on it, and the save after every answer."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

from ..core import store
from ..core.model import Draft
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
    """A line of the conversation."""
    print(message, flush=True)


def warn(message: str) -> None:
    """A problem worth reading, on standard error."""
    print(f"postmortem: {message}", file=sys.stderr, flush=True)


@attrs.define
class Session:
    """A draft open for answering: saved through the store after every answered question."""

    draft: Draft
    path: Path
    fingerprint: store.Fingerprint | None
    lock: store.DraftLock

    @classmethod
    def create(cls, draft: Draft, folder: Path) -> Session:
        """Write a new draft file in ``folder`` and lock it."""
        try:
            loaded = store.create_draft_file(draft, folder)
        except OSError as error:  # the folder cannot be made or written
            reason = error.strerror or str(error)
            raise store.DraftError(folder, f"no draft can be created here: {reason}") from None
        lock = store.DraftLock(loaded.path)
        lock.acquire()  # a file we just claimed with O_EXCL: nobody else can hold it
        return cls(loaded.draft, loaded.path, loaded.fingerprint, lock)

    @classmethod
    def open(cls, path: Path) -> Session:
        """Lock the draft at ``path``, then read it; raises DraftLocked or DraftError."""
        lock = store.DraftLock(path)
        lock.acquire()
        try:
            loaded = store.read_draft(path)
        except BaseException:
            lock.release()
            raise
        return cls(loaded.draft, loaded.path, loaded.fingerprint, lock)

    def close(self) -> None:
        """Let go of the lock."""
        self.lock.release()

    def save(self) -> None:
        """Save now; never over a file changed on disk without asking (a copy, or quit)."""
        while True:
            try:
                self.fingerprint = store.save_draft(
                    self.draft, self.path, expected=self.fingerprint
                )
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
        copy = Session.create(self.draft, self.path.parent)
        self.lock.release()
        self.path, self.fingerprint, self.lock = copy.path, copy.fingerprint, copy.lock
        say(f"Saved your answers as a copy: {self.path}")
