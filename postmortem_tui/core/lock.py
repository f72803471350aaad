"""The edit lock: one program at a time edits a draft.

``flock`` on a hidden sidecar file (``.NAME.toml.lock``), so the lock goes with the process,
even after ``kill -9``: a lock whose holder is gone never blocks. The sidecar holds the holder's
name and pid, for the message a second program shows.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from .errors import DraftError


class DraftLocked(DraftError):
    """Another program has this draft open for editing."""


def lock_path_of(path: Path) -> Path:
    """The sidecar file that carries the lock of the draft at ``path``."""
    return path.with_name(f".{path.name}.lock")


def holder_of(path: Path) -> str | None:
    """Who holds the lock on ``path`` ("postmortem (pid 123)"), or None when nobody does."""
    lock = DraftLock(path)
    try:
        lock.acquire()
    except DraftLocked as error:
        return error.message.removeprefix("is open in ")
    except DraftError:
        return None
    lock.release()
    return None


class DraftLock:
    """An advisory lock on a draft, held while a program edits it.

    Where ``fcntl`` is missing, locking is a no-op.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = lock_path_of(self.path)
        self._fd: int | None = None

    def _open(self) -> int:
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            # A sidecar left by another user: flock works on a descriptor opened for reading,
            # so a lock whose holder is gone still never blocks.
            try:
                return os.open(self.lock_path, os.O_RDONLY)
            except OSError as error:
                raise DraftError(
                    self.path, f"cannot be locked for editing: {error.strerror or error}"
                ) from None
        except OSError as error:
            reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
            raise DraftError(
                self.path, f"cannot be locked for editing: {reason or error}"
            ) from None

    def acquire(self) -> None:
        """Take the lock or raise DraftLocked naming who holds it (DraftError when the sidecar
        cannot be made at all)."""
        if self._fd is not None:
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                try:
                    holder = os.read(fd, 200).decode("utf-8", "replace").strip()
                except OSError:
                    holder = ""
                os.close(fd)
                raise DraftLocked(self.path, f"is open in {holder or 'another program'}") from None
            # The holder may have released (and unlinked) the file between our open and our
            # flock; then we locked an orphan and must try again on the file now in its place.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        # Who holds it, for a second program's message; only informative, so a full disk or a
        # read-only descriptor does not stop the editing.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"postmortem (pid {os.getpid()})".encode())
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (and tidy up the sidecar file)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.lock_path)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> DraftLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
