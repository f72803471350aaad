"""The Textual front door: the full-screen wizard."""

from __future__ import annotations

from pathlib import Path


def run_wizard(
    *,
    folder: Path,
    path: Path | None = None,
    title: str | None = None,
    severity: str | None = None,
) -> int:
    """Run the wizard: the home screen (no ``path``), a new draft, or ``path`` opened for editing.

    ``title``/``severity`` are only given for ``postmortem new``. Returns the exit status.
    """
    from .app import run

    return run(folder=folder, path=path, title=title, severity=severity)
