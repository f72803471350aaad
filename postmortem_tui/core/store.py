"""Load and save drafts: one clear message for a bad file, atomic canonical saves, no clobbering.

A draft is somebody's only record of an incident, so:

- a file that cannot be read is refused with one message naming the file, the line (for TOML
  syntax errors), the key path and what was expected, and is never written to;
- a save goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
  the draft, so a crash leaves the old file or the new one, never a torn one;
- a save refuses to overwrite a file that changed on disk since it was loaded;
- a draft open in one program is locked against a second (``DraftLock``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from . import codec, model, toml_errors
from .errors import DraftChangedOnDisk, DraftError
from .files import (
    draft_size_limit,
    os_error_message,
    read_file_bytes,
    size_text,
    tomllib,
)
from .lock import DraftLock, DraftLocked

__all__ = [
    "DraftChangedOnDisk",
    "DraftError",
    "DraftLock",
    "DraftLocked",
    "draft_size_limit",
    "os_error_message",
    "read_file_bytes",
    "size_text",
    "tomllib",
]

SUFFIX = ".toml"


@attrs.frozen
class Fingerprint:
    """What a file was when we last read or wrote it."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of_bytes(cls, path: Path, data: bytes) -> Fingerprint:
        stat = path.stat()
        return cls(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


@attrs.define
class LoadedDraft:
    """A draft with the file it came from and what that file was when read."""

    draft: model.Draft
    path: Path
    fingerprint: Fingerprint | None = None
    warnings: list[str] = attrs.field(factory=list)


# --- reading --------------------------------------------------------------------------------

NESTING_LIMIT = 100
"""How deep arrays and tables may nest in a draft, for every command (a draft needs four)."""
_TOO_DEEP = f"not valid TOML for a draft: values nested more than {NESTING_LIMIT} deep"


def _too_deep(path: Path | str, text: str) -> DraftError:
    """The refusal of a draft whose values nest past ``NESTING_LIMIT``, at the line where."""
    return DraftError(path, _TOO_DEEP, line=toml_errors.deep_line(text, NESTING_LIMIT))


def parse_draft(text: str, path: Path | str = "<draft>") -> tuple[model.Draft, list[str]]:
    """A Draft from TOML text, with warnings; raises DraftError."""
    # Deep dotted keys first: tomllib takes time quadratic in their depth.
    deep = toml_errors.deep_key_line(text, NESTING_LIMIT)
    if deep is not None:
        raise DraftError(path, _TOO_DEEP, line=deep)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        data = None
    except tomllib.TOMLDecodeError as error:
        line, key, message = toml_errors.explain(str(error), text)
        raise DraftError(path, message, line=line, key=key) from None
    if data is None:
        raise _too_deep(path, text)
    try:
        draft, warnings = codec.structure(data)
        # Only keys the format does not define can nest deeper than it does, and each of them
        # is warned about: a draft without warnings needs no walk of its values.
        if warnings and toml_errors.deeper_than(data, NESTING_LIMIT):
            raise _too_deep(path, text)
    except codec.FormatError as error:
        if toml_errors.deeper_than(data, NESTING_LIMIT):
            raise _too_deep(path, text) from None
        line = toml_errors.line_of(text, error.path)
        key = toml_errors.excerpt(error.path)
        slip = toml_errors.time_without_seconds(text, line, error.path) if line else None
        if slip:
            raise DraftError(path, slip, key=key, line=line) from None
        raise DraftError(path, f"expected {error.expected}", key=key, line=line) from None
    return draft, [toml_errors.excerpt(warning, 200) for warning in warnings]


def _looks_like_utf16(data: bytes) -> bool:
    """Text in ASCII letters of two bytes each, one of them zero (UTF-16 without its BOM)."""
    head = data[:200]
    return any(head[i::2].count(0) > len(head) * 0.4 for i in (0, 1)) and len(head) >= 8


def read_draft(path: Path | str, *, size_limit: int | None = None) -> LoadedDraft:
    """Load the draft at ``path``; raises DraftError with the one message to show.

    ``size_limit`` is the largest file read, in bytes (default: ``[drafts] size_limit`` of the
    configuration file, else 16 MiB).
    """
    path = Path(path)
    data = read_file_bytes(path, draft_size_limit() if size_limit is None else size_limit)
    return decode_draft(path, data)


def decode_draft(path: Path | str, data: bytes) -> LoadedDraft:
    """The draft in ``data``, the bytes read from ``path``; raises DraftError as
    ``read_draft`` does."""
    path = Path(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DraftError(path, "is UTF-16 text; save it as UTF-8") from None
        if _looks_like_utf16(data):
            raise DraftError(path, "looks like UTF-16 text; save it as UTF-8") from None
        line = data[: error.start].count(b"\n") + 1
        raise DraftError(
            path, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8", line=line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    draft, warnings = parse_draft(text, path)
    return LoadedDraft(draft, path, Fingerprint.of_bytes(path, data), warnings)


# --- writing --------------------------------------------------------------------------------


def dumps_draft(draft: model.Draft) -> str:
    """The canonical TOML text of a draft: spec order, multi-line strings, stable."""
    from . import tomlwrite  # with tomli_w: only a save needs them

    data = codec.unstructure(draft)
    data["format"] = draft.format
    ordered = {"format": data.pop("format"), **data}
    return tomlwrite.dumps(ordered)


def current_fingerprint(path: Path) -> Fingerprint | None:
    """What the file is now, or None when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return Fingerprint.of_bytes(path, data)


def _changed_since(path: Path, expected: Fingerprint | None) -> bool:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return False  # deleted: writing it back loses nothing
    if expected is None:
        return True
    if stat.st_size != expected.size:
        return True
    # Same size and even the same mtime do not prove the same content (an edit within one
    # clock tick), so compare the bytes; hashing a large draft costs about a millisecond.
    now = current_fingerprint(path)
    return now is not None and now.sha256 != expected.sha256


@functools.cache
def _umask() -> int:
    # os.umask can only be read by setting it; done once, at the first save of a new file.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


TEMPORARY_SUFFIX = ".tmp"
"""Temporary files of saves are ``.NAME.toml.PID.RANDOM.tmp`` beside the draft."""

ABANDONED_AFTER = 10 * 60
"""Seconds after which a save's temporary file is abandoned even if its pid is alive (a save
takes milliseconds; a pid seen alive that long has been reused)."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    except (OverflowError, ValueError):
        return False
    return True


def remove_abandoned_temporary_files(folder: Path) -> int:
    """Delete the temporary files that killed saves left in ``folder``; how many went.

    A file is abandoned once no live process can still be writing it: the pid in its name is
    gone, or it is older than ``ABANDONED_AFTER``. Files of the old naming (no pid) count as
    abandoned after a minute.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMPORARY_SUFFIX) and SUFFIX in name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        parts = name[: -len(TEMPORARY_SUFFIX)].rsplit(".", 2)
        pid = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
        if pid is None:
            abandoned = age > 60
        else:
            abandoned = age > ABANDONED_AFTER or (pid != os.getpid() and not _pid_alive(pid))
        if abandoned:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


@functools.cache
def _renameat2() -> Any:
    """Linux ``renameat2``, or None where the C library has none."""
    try:
        import ctypes  # ~3 ms, only on the first save

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError, ImportError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the files at ``a`` and ``b`` in one step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.ENOENT):
        return False  # a file system without it, or no file to swap with
    raise OSError(code, os.strerror(code), str(b))


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def write_atomic(
    path: Path, data: bytes, *, expected: Fingerprint | None = None, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then takes
    the draft's place; the folder is fsynced too. A symlink is followed, so the file it points
    at is replaced and the link kept. On any failure the temporary file is removed and the
    error raised; ``path`` is then as it was.

    With ``expected`` (what the file was when loaded), a write by another program that lands
    while this one is in progress is never overwritten: the new file is exchanged with the old
    in one step (Linux ``renameat2(RENAME_EXCHANGE)``), what came out is checked, and when it is
    not what was loaded it is put back and DraftChangedOnDisk raised. Where the exchange is not
    available, the file is checked right before the rename.

    ``durable=False`` skips the fsyncs: for small files written from the keyboard's thread
    (recovery records, the step a person was at), which must survive the program being
    killed but not a power cut, and must not wait for the disk.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    import tempfile  # only to write (with shutil and random, ~7 ms a command that reads alone)

    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=folder
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # mkstemp makes 0600; a new draft gets the usual mode
        os.chmod(tmp, mode)
        if expected is None:
            os.replace(tmp, path)
        elif _exchange(tmp, path):
            # ``tmp`` now holds what was at ``path`` an instant ago.
            if _sha256_of(tmp) != expected.sha256:
                _exchange(tmp, path)  # put the other program's file back
                raise DraftChangedOnDisk(
                    path, "changed on disk while it was being saved; not overwritten"
                )
            os.unlink(tmp)
        else:
            if _changed_since(path, expected):
                raise DraftChangedOnDisk(
                    path, "changed on disk since it was loaded; not overwritten"
                )
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save_draft(
    draft: model.Draft,
    path: Path | str,
    *,
    expected: Fingerprint | None = None,
    force: bool = False,
    touch: bool = True,
    now: dt.datetime | None = None,
) -> Fingerprint:
    """Write ``draft`` to ``path`` atomically and return the new file's fingerprint.

    ``expected`` is what the file was when loaded (None for a new file): if the file exists and
    differs, DraftChangedOnDisk is raised and nothing is written, unless ``force``. ``touch``
    sets ``meta.updated`` (and ``meta.created`` when unset and the file is new, so that load
    then save changes nothing but ``meta.updated``). Other failures (a full disk, no
    permission) raise DraftError and leave the old file as it was.
    """
    path = Path(path)
    if not force and _changed_since(path, expected):
        raise DraftChangedOnDisk(path, "changed on disk since it was loaded; not overwritten")
    before = draft.meta.created, draft.meta.updated
    if touch:
        stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        draft.meta.updated = stamp
        if draft.meta.created is None and (expected is None or expected.size == 0):
            draft.meta.created = stamp
    try:
        try:
            data = dumps_draft(draft).encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate, pasted from a broken terminal
            raise DraftError(
                path,
                f"could not be saved: text holds a character UTF-8 cannot store ({error.reason})",
            ) from None
        try:
            write_atomic(path, data, expected=None if force else expected)
        except OSError as error:
            reason = (
                "the disk is full"
                if error.errno == errno.ENOSPC
                else (error.strerror or str(error))
            )
            raise DraftError(
                path, f"could not be saved: {reason}; the file on disk is unchanged"
            ) from None
    except BaseException:
        # Nothing was saved, so the draft in memory keeps the times of the file on disk.
        draft.meta.created, draft.meta.updated = before
        raise
    return Fingerprint.of_bytes(path, data)


# --- finding and naming drafts ----------------------------------------------------------------


def slugify(title: str, max_length: int = 60) -> str:
    """``api-outage-database-connection-pool`` from a title."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "postmortem"


def create_draft_file(draft: model.Draft, folder: Path) -> LoadedDraft:
    """Write a new draft as ``YYYY-MM-DD-title-slug.toml`` in ``folder``, never clobbering.

    The name is claimed with O_EXCL, so two programs creating the same title at once get two
    files.
    """
    day = draft.meta.date or dt.date.today()
    stem = f"{day.isoformat()}-{slugify(draft.meta.title)}"
    for n in range(1, 10_000):
        candidate = folder / (f"{stem}{SUFFIX}" if n == 1 else f"{stem}-{n}{SUFFIX}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        except OSError as error:
            raise DraftError(
                candidate, f"could not be created: {error.strerror or error}"
            ) from None
        os.close(fd)
        empty = current_fingerprint(candidate)
        try:
            fingerprint = save_draft(draft, candidate, expected=empty)
        except BaseException:
            with contextlib.suppress(OSError):
                candidate.unlink()  # leave no empty draft behind
            raise
        return LoadedDraft(draft, candidate, fingerprint)
    raise DraftError(folder / f"{stem}{SUFFIX}", "too many drafts with this name")


def iter_draft_files(folder: Path) -> Iterator[Path]:
    """The draft files in ``folder`` (not recursive; hidden and temporary files skipped)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix == SUFFIX and not path.name.startswith(".") and path.is_file():
            yield path


@attrs.frozen
class DraftSummary:
    """One line of ``postmortem list`` and the home screen."""

    path: Path
    title: str
    date: dt.date | None
    severity: str | None
    status: str
    modified: float
    """The file's modification time (seconds since the epoch)."""
    draft: model.Draft | None = attrs.field(default=None, eq=False, repr=False)
    error: str | None = None
    """Why the file could not be read, when it could not."""

    def as_json(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "path": str(self.path),
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "severity": self.severity,
            "status": self.status,
            "modified": dt.datetime.fromtimestamp(self.modified, dt.UTC).isoformat(),
            "error": self.error,
        }


def list_drafts(folder: Path) -> list[DraftSummary]:
    """Every draft in ``folder``, most recently edited first; unreadable ones say why."""
    remove_abandoned_temporary_files(folder)
    found = []
    for path in iter_draft_files(folder):
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:  # deleted while we looked
            continue
        try:
            loaded = read_draft(path)
        except DraftError as error:
            found.append(
                DraftSummary(
                    path, path.stem, None, None, "unreadable", modified, error=error.detail
                )
            )
            continue
        meta = loaded.draft.meta
        found.append(
            DraftSummary(
                path, meta.title, meta.date, meta.severity, meta.status, modified, loaded.draft
            )
        )
    # Newest first; the name breaks ties so the order is the same on every run.
    found.sort(key=lambda s: (-s.modified, s.path.name))
    return found


def most_recent_draft(folder: Path) -> Path | None:
    """The most recently edited draft file in ``folder``."""
    newest: tuple[float, Path] | None = None
    for path in iter_draft_files(folder):
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            continue
        if newest is None or modified > newest[0]:
            newest = (modified, path)
    return newest[1] if newest else None
