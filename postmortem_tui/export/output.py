"""Writing an exported document to the file ``export -o`` names, never over what it must not
replace.

- a file that loads as a draft is refused (``export a.toml -o b.toml`` would replace a
  teammate's draft with Markdown) unless ``force``;
- a folder, a block device or a socket is refused always;
- a named pipe (FIFO) or a character device (``/dev/stdout``, ``/dev/null``, a terminal) is
  written into, never replaced by a regular file;
- anything else is replaced atomically, as a draft is saved.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..core.store import DraftError, os_error_message, read_draft, write_atomic
from .markdown import ExportError

_STREAM_FOLDERS = ("/dev/", "/proc/")


def _refusal(out: Path, mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return f"{out} is a folder; give a file name, e.g. -o {out / 'postmortem.md'}"
    if stat.S_ISBLK(mode):
        return f"{out} is a device; the document is never written over one"
    if stat.S_ISSOCK(mode):
        return f"{out} is a socket; the document is never written over one"
    return None


def _is_stream(out: Path, mode: int) -> bool:
    """A FIFO, a character device, or a name such as /dev/stdout: written into, not replaced."""
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or str(out).startswith(_STREAM_FOLDERS)


def write_document(
    out: Path, text: str, *, draft: Path, suffix: str = ".md", force: bool = False
) -> None:
    """Write ``text`` to ``out``; raises ExportError with the one message to show.

    ``draft`` is the draft exported (never written over, even with ``force``); ``suffix`` the
    document's usual ending, for the suggestion in a refusal.
    """
    data = text.encode("utf-8")
    try:
        status = os.stat(out)  # through symlinks: what would be written is what they lead to
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise ExportError(f"{out}: cannot be written: {os_error_message(error)}") from None
    if status is not None:
        refused = _refusal(out, status.st_mode)
        if refused:
            raise ExportError(refused)
        if _is_stream(out, status.st_mode):
            try:
                with open(out, "wb") as stream:
                    stream.write(data)
            except OSError as error:
                raise ExportError(f"{out}: cannot be written: {os_error_message(error)}") from None
            return
        if os.path.samefile(out, draft):
            # `export d.toml -o d.toml` (a slip of tab completion) would replace the draft.
            raise ExportError(
                f"{out} is the draft itself; write the document elsewhere, e.g. -o "
                f"{out.with_suffix(suffix)}"
            )
        if not force:
            try:
                other = read_draft(out)
            except DraftError:
                pass  # not a draft: an earlier export, most likely
            else:
                raise ExportError(
                    f"{out} is a draft ({other.draft.meta.title!r}); the document would replace "
                    f"it. Write it elsewhere, e.g. -o {out.with_suffix(suffix)}, or add --force "
                    "to replace the draft"
                )
    try:
        write_atomic(out, data)
    except OSError as error:
        raise ExportError(f"{out}: could not be written: {os_error_message(error)}") from None
