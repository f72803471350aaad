"""The Textual front door: the full-screen wizard."""

from __future__ import annotations

from pathlib import Path


def run_wizard(
    *,
    folder: Path,
    path: Path | None = None,
    new: bool = False,
    title: str | None = None,
    severity: str | None = None,
) -> int:
    """Run the wizard: ``path`` opened for editing, a new draft (``new``), else the home screen.

    ``title``/``severity`` come with ``postmortem new``. Returns the exit status.
    """
    from .app import run

    return run(folder=folder, path=path, new=new, title=title, severity=severity)
