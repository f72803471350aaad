"""The Textual front door: the full-screen wizard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.store import LoadedDraft


WIZARD_NEEDS_TERMINAL = (
    "the wizard needs a terminal on standard input, and standard input is not one; run "
    "postmortem in a terminal (export, check and fmt work without one)"
)


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
    import sys

    if not sys.stdin.isatty():  # Textual would wait for keys that never come
        print(f"postmortem: {WIZARD_NEEDS_TERMINAL}", file=sys.stderr)
        return 2
    from .terminal import keys_kept_for_the_wizard

    with keys_kept_for_the_wizard():  # before Textual's import (~150 ms): keys typed now wait
        from .app import run

        return run(folder=folder, path=path, new=new, title=title, severity=severity, loaded=loaded)
