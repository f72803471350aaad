"""The Textual front door: the full-screen wizard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.store import LoadedDraft


def run_wizard(
    *,
    folder: Path,
    path: Path | None = None,
    new: bool = False,
    title: str | None = None,
    severity: str | None = None,
    loaded: LoadedDraft | None = None,
) -> int:
    """Run the wizard: ``path`` opened for editing, a new draft (``new``), else the home screen.

    ``title``/``severity`` come with ``postmortem new``; ``loaded`` is ``path`` as the caller
    already read it (it is not read again). Returns the exit status.
    """
    from .app import run

    return run(folder=folder, path=path, new=new, title=title, severity=severity, loaded=loaded)
