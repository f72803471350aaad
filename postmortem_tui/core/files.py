"""Reading a draft file's bytes, and the TOML parser every reader uses: what the index's
first run needs, without the model (and attrs) the rest of the store brings."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import DraftError

try:
    # The same parser as the standard library's tomllib, with the same messages, compiled:
    # about three times faster on a draft (docs/performance.md).
    import tomli as tomllib
except ImportError:  # pragma: no cover - tomli is a dependency; a bare install still works
    import tomllib  # type: ignore[no-redef]

__all__ = [
    "DEFAULT_SIZE_LIMIT",
    "draft_size_limit",
    "os_error_message",
    "read_file_bytes",
    "tomllib",
]


DEFAULT_SIZE_LIMIT = 16 * 1024 * 1024
"""Bytes of the largest draft file read (``[drafts] size_limit``): a hundred times the longest
real postmortem, and small enough to read, check and export in a few seconds."""


def draft_size_limit() -> int:
    """The largest draft read, in bytes: ``[drafts] size_limit`` of the configuration, else
    the default (also when the configuration cannot be read)."""
    from . import paths

    if not os.path.lexists(paths.config_file()):
        return DEFAULT_SIZE_LIMIT  # no configuration: no need to load its machinery
    from .config import ConfigError, load_config

    try:
        return load_config().drafts.size_limit
    except ConfigError:  # a broken configuration must not stop anyone reading a draft
        return DEFAULT_SIZE_LIMIT


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> str | None:
    for test, kind in _KINDS:
        if test(mode):
            return f"is {kind}, not a draft file"
    return None if stat.S_ISREG(mode) else "is not a regular file, not a draft file"


def size_text(size: float) -> str:
    """``16 MiB``, ``1.5 KiB``, ``12 bytes``: a size as a person reads it."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return (
                f"{size:,.0f} {unit}"
                if unit == "bytes"
                else f"{size:,.1f} {unit}".replace(".0 ", " ")
            )
        size /= 1024
    return f"{size} GiB"  # pragma: no cover - the loop always returns


def _too_large(path: Path, size: int, limit: int) -> DraftError:
    return DraftError(
        path,
        f"is {size_text(size)}, over the size limit of {size_text(limit)} for a draft "
        "(raise it with size_limit in the [drafts] table of the configuration file)",
    )


def os_error_message(error: OSError) -> str:
    """What went wrong with a path, in words: ``the name is too long for the file system``."""
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    if error.errno == errno.ELOOP:
        return "symlinks lead in a loop"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def read_file_bytes(path: Path, size_limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``size_limit`` of them.

    Anything else (a folder, a FIFO, a device, a socket) is refused before it is read, and a FIFO
    is opened without waiting for a writer, so reading never blocks; raises DraftError.
    """
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise DraftError(path, "no such file") from None
    except OSError as error:
        raise DraftError(path, f"cannot be read: {os_error_message(error)}") from None
    refused = _not_a_file(before.st_mode)
    if refused:
        raise DraftError(path, refused)
    if before.st_size > size_limit:
        raise _too_large(path, before.st_size, size_limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise DraftError(path, f"cannot be read: {os_error_message(error)}") from None
    try:
        # What was opened may not be what was looked at (replaced in between): look again.
        status = os.fstat(fd)
        refused = _not_a_file(status.st_mode)
        if refused:
            raise DraftError(path, refused)
        chunks: list[bytes] = []
        read = 0
        while read <= size_limit:
            chunk = os.read(fd, min(1 << 20, size_limit + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        if read > size_limit:  # it grew while we read it
            raise _too_large(path, max(read, status.st_size), size_limit)
        return b"".join(chunks)
    except OSError as error:
        raise DraftError(path, f"cannot be read: {os_error_message(error)}") from None
    finally:
        os.close(fd)
