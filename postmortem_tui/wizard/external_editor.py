"""Ctrl+E: edit the focused text field in $VISUAL or $EDITOR, then bring the text back.

Shared by the editing screen and the list editors' forms, so the key works wherever a text
field has the cursor.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea


def edit_externally(screen: Screen[Any], widget: Widget | None, *, read_only: bool) -> None:
    """Open ``widget``'s text (a TextArea or Input) in the person's editor and put it back.

    ``read_only``: the draft is open elsewhere, so nothing may change. Problems are shown as
    notifications on ``screen``.
    """
    if isinstance(widget, TextArea):
        text, suffix = widget.text, ".md"
    elif isinstance(widget, Input):
        text, suffix = widget.value, ".txt"
    else:
        screen.notify("Put the cursor in a text field first: Ctrl+E opens it in $EDITOR.")
        return
    if read_only or getattr(widget, "read_only", False) or widget.disabled:
        screen.notify("This field is read-only.")
        return
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix="postmortem-", suffix=suffix, delete=False
    ) as handle:
        handle.write(text)
        temp = Path(handle.name)
    try:
        _run_editor(screen, command, temp)
        new = temp.read_text(encoding="utf-8")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError, ValueError) as error:
        screen.notify(f"{command}: {error}", title="The editor failed", severity="error")
        return
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    if new.endswith("\n") and not text.endswith("\n"):
        new = new[:-1]  # editors add a final newline; the field had none
    if isinstance(widget, Input):
        new = " ".join(new.splitlines())
    if new == text:
        return
    # Setting the widget's text makes its owner update the draft (or the form's values).
    if isinstance(widget, TextArea):
        widget.replace(new, widget.document.start, widget.document.end)
    else:
        widget.value = new
    widget.focus()


def _run_editor(screen: Screen[Any], command: str, path: Path) -> None:
    import shlex

    from textual.app import SuspendNotSupported

    argv = [*shlex.split(command), str(path)]
    try:
        with screen.app.suspend():
            subprocess.run(argv, check=False)
    except SuspendNotSupported:
        # No terminal to hand over (tests, web): the editor runs without one.
        subprocess.run(argv, check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    screen.refresh()
