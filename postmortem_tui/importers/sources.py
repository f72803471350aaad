"""Sources as given on the command line: a file, a folder, a ``.zip`` or standard input."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .base import Source, SourceError

MAX_FILE = 256 * 1024 * 1024
"""The most bytes read from one file (a year of a busy channel is far less)."""
MAX_ARCHIVE = 1024 * 1024 * 1024
"""The most bytes unpacked from one ``.zip`` (a bomb stops here, with a message)."""
_DATA_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".txt", ".log")


def load_source(given: str, stdin: BinaryIO | None = None) -> list[Source]:
    """The files ``given`` stands for: one for a file or ``-``, several for a folder or zip."""
    if given == "-":
        stream = stdin if stdin is not None else _stdin()
        return [Source("<stdin>", _read_limited(stream, "<stdin>"))]
    path = Path(given).expanduser()
    if path.is_dir():
        return _folder(path)
    if path.exists() and not path.is_file():
        # A FIFO or a device would block the read or never end it.
        raise SourceError(given, "not a regular file (a pipe, a device or a socket); not read")
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head == b"PK\x03\x04":
                return _archive(path)
            handle.seek(0)
            return [Source(given, _read_limited(handle, given))]
    except FileNotFoundError:
        raise SourceError(given, "no such file or folder") from None
    except IsADirectoryError:  # pragma: no cover - is_dir above
        return _folder(path)
    except OSError as error:
        raise SourceError(given, f"cannot be read: {error.strerror or error}") from None


def _stdin() -> BinaryIO:
    import sys

    return sys.stdin.buffer


def _read_limited(handle: BinaryIO, name: str) -> bytes:
    data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise SourceError(name, f"larger than {MAX_FILE // (1024 * 1024)} MB; not read")
    return data


def _wanted(rel: str) -> bool:
    parts = rel.replace("\\", "/").split("/")
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return False
    return rel.lower().endswith(_DATA_SUFFIXES)


def _folder(path: Path) -> list[Source]:
    found: list[Source] = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = Path(root) / name
            rel = full.relative_to(path).as_posix()
            if not _wanted(rel) or not full.is_file():
                continue
            try:
                with full.open("rb") as handle:
                    data = _read_limited(handle, str(full))
            except OSError as error:
                raise SourceError(str(full), f"cannot be read: {error.strerror or error}") from None
            found.append(Source(str(full), data, rel, str(path)))
    if not found:
        raise SourceError(str(path), "an empty folder (no .json, .csv or .txt files in it)")
    return found


def _archive(path: Path) -> list[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(str(path), f"not a readable .zip: {error}") from None
    found: list[Source] = []
    total = 0
    with archive:
        infos: Iterable[zipfile.ZipInfo] = sorted(archive.infolist(), key=lambda i: i.filename)
        for info in infos:
            if info.is_dir() or not _wanted(info.filename):
                continue
            if info.file_size > MAX_FILE or total + info.file_size > MAX_ARCHIVE:
                raise SourceError(
                    f"{path}:{info.filename}", "unpacks to more than the import reads; not read"
                )
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_FILE + 1)  # bounded: a header may lie
                total += len(data)
                if len(data) > MAX_FILE or total > MAX_ARCHIVE:
                    raise SourceError(
                        f"{path}:{info.filename}", "unpacks to more than the import reads; not read"
                    )
            except (zipfile.BadZipFile, OSError, RuntimeError) as error:
                raise SourceError(
                    f"{path}:{info.filename}", f"cannot be unpacked: {error}"
                ) from None
            found.append(Source(f"{path}:{info.filename}", data, info.filename, str(path)))
    if not found:
        raise SourceError(str(path), "a .zip with no .json, .csv or .txt files in it")
    return found
