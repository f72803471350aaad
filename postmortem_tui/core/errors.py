"""The errors of reading and writing drafts, shared by the store, the lock and the session."""

from __future__ import annotations

from pathlib import Path


class DraftError(Exception):
    """A draft that cannot be read or written; ``str()`` is the one message to show."""

    def __init__(
        self, path: Path | str, message: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        self.message = message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")

    @property
    def detail(self) -> str:
        """The message without the file name: ``line 3: timeline[2].at: expected ...``."""
        line = f"line {self.line}: " if self.line else ""
        return f"{line}{self.key + ': ' if self.key else ''}{self.message}"


class DraftChangedOnDisk(DraftError):
    """The file changed on disk since it was loaded; the caller decides what to do."""
