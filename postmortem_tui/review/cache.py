"""Reviews kept by what a draft file holds, so that ``check`` on a folder reviews again only
the drafts that changed.

A review depends on three things only: the bytes of the draft, the configuration and the
code (its rules and its model). Each entry is found by a hash of the first, keyed by a hash of
the other two (``fingerprint``): an edited draft, an edited configuration or another version of
the tool finds nothing and reviews afresh. Because the key is the content, not the file's time,
a fresh checkout of the same drafts (a CI job that restores the cache folder) finds its reviews.

The drafts stay the only truth. The cache is an SQLite file in the user's cache folder
(``paths.cache_dir()``); deleting it changes no result, an entry of the wrong shape is read as
missing, and a damaged file is deleted and rebuilt. Two programs may use it at once; one that
cannot write its entries in time still gives the right answer. It holds at most ``KEEP``
entries: the least recently used go first.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import time
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .. import __version__
from ..core import cachefile, parallel, paths
from ..core.config import Config
from ..core.metrics import Metric
from .report import ChecklistItem, DraftReview, Finding, Problem

T = TypeVar("T")

SCHEMA = 1
"""Raised whenever what an entry holds changes shape."""
KEEP = 20_000
"""The most entries kept (a few kilobytes each)."""
BUSY_TIMEOUT_S = 5.0
"""How long to wait for another program writing the cache before going on without it."""
_DAY_S = 86_400

_CODE = ("core", "review")
"""The folders of the package whose files decide a review: any change to them is a new key."""


def cache_file() -> Path:
    """Where the reviews are kept."""
    return paths.cache_dir() / "reviews.sqlite3"


_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_hash(package: Path = _PACKAGE) -> bytes:
    """A hash of the bytes of the package's files that decide a review (its code, rules and
    model), and of what they read from the system: the Python version, its Unicode tables and
    the time-zone data. By content, not by time: a fresh install of the same version finds
    the reviews a CI job restored."""
    digest = hashlib.blake2b(f"{SCHEMA}:{__version__}".encode(), digest_size=32)
    digest.update(f"{sys.version_info[:3]}:{unicodedata.unidata_version}\n".encode())
    for folder in _CODE:
        for file in sorted((package / folder).iterdir(), key=lambda f: f.name):
            if file.name.startswith(".") or file.suffix not in (".py", ".toml", ".json"):
                continue  # an editor's lock or backup file is no code
            if not file.is_file():
                continue
            digest.update(f"{folder}/{file.name}\n".encode())
            digest.update(hashlib.blake2b(file.read_bytes()).digest())
    digest.update(_zones().encode())
    return digest.digest()


def _zones() -> str:
    """Which time-zone data the times of a review are shown in: the version line of the
    system's data (which ``zoneinfo`` reads first), and the tzdata package's version."""
    found = []
    for folder in zoneinfo.TZPATH:
        try:
            with open(os.path.join(folder, "tzdata.zi"), "rb") as data:
                found.append(f"{folder}: {data.readline(80)!r}")
        except OSError:
            found.append(f"{folder}: -")
    if importlib.util.find_spec("tzdata") is not None:
        import tzdata  # type: ignore[import-not-found, unused-ignore]

        found.append(f"tzdata {getattr(tzdata, 'IANA_VERSION', '-')}")
    return "; ".join(found)


def fingerprint(config: Config) -> bytes:
    """What a review depends on besides the draft: the tool's code and data, what they read
    from the system, and the configuration (its team phrases, allowed words and limits).
    Raises OSError when the package's files cannot be read."""
    digest = hashlib.blake2b(code_hash(), digest_size=32)
    digest.update(repr(config).encode())
    return digest.digest()


def key(fingerprint: bytes, data: bytes) -> str:
    """The entry of a draft file's bytes, under ``fingerprint``."""
    return hashlib.blake2b(data, digest_size=20, key=fingerprint).hexdigest()


# --- entries ------------------------------------------------------------------------------

_NONE: type = type(None)
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "int | None": (int, _NONE),
    "str | None": (str, _NONE),
    "float | None": (int, float, _NONE),
}


def _plain(value: Any) -> Any:
    return attrs.asdict(value, recurse=False)


def encode(warnings: Sequence[str], review: DraftReview) -> str:
    """An entry's text: a draft's warnings and its review."""
    return json.dumps(
        {
            "warnings": list(warnings),
            "checklist": [_plain(c) for c in review.checklist],
            "metrics": [_plain(m) for m in review.metrics.values()],
            "problems": [_plain(p) for p in review.problems],
            "findings": [_plain(f) for f in review.findings],
        },
        ensure_ascii=False,
    )


class _Shape(Exception):
    """An entry that is not what ``encode`` writes."""


_shapes: dict[type, tuple[frozenset[str], tuple[tuple[str, tuple[type, ...]], ...]]] = {}


def _shape(cls: type) -> tuple[frozenset[str], tuple[tuple[str, tuple[type, ...]], ...]]:
    """The field names of ``cls``, and the types each field's value may have."""
    shape = _shapes.get(cls)
    if shape is None:
        fields = attrs.fields(cls)
        typed = tuple((f.name, _TYPES.get(str(f.type), ())) for f in fields)
        shape = _shapes[cls] = (frozenset(f.name for f in fields), typed)
    return shape


def _build(cls: type, data: Any) -> Any:
    if type(data) is not dict:
        raise _Shape
    names, typed = _shape(cls)
    if data.keys() != names:
        raise _Shape
    for name, allowed in typed:
        if type(data[name]) not in allowed:
            raise _Shape
    return cls(**data)


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if type(value) is not list:
        raise _Shape
    return value


def decode(text: Any) -> tuple[tuple[str, ...], DraftReview] | None:
    """The warnings and review of an entry's text, or None when it is not one."""
    try:
        data = json.loads(text)
        if type(data) is not dict:
            raise _Shape
        warnings = _list(data, "warnings")
        if any(type(w) is not str for w in warnings):
            raise _Shape
        metrics = [_build(Metric, m) for m in _list(data, "metrics")]
        review = DraftReview(
            checklist=[_build(ChecklistItem, c) for c in _list(data, "checklist")],
            metrics={m.name: m for m in metrics},
            problems=[_build(Problem, p) for p in _list(data, "problems")],
            findings=[_build(Finding, f) for f in _list(data, "findings")],
        )
    except (_Shape, TypeError, ValueError, RecursionError):
        return None
    if not review.checklist or not review.metrics:
        return None
    return tuple(warnings), review


# --- the SQLite file ----------------------------------------------------------------------


def _connect(file: Path) -> sqlite3.Connection:
    """Open (creating when needed) the cache; raises sqlite3.Error when it is damaged."""
    connection = cachefile.connect(file, BUSY_TIMEOUT_S)
    try:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS reviews ("
            "key TEXT PRIMARY KEY, entry TEXT NOT NULL, used INTEGER NOT NULL)"
        )
        connection.execute("CREATE INDEX IF NOT EXISTS reviews_used ON reviews (used)")
    except BaseException:
        connection.close()
        raise
    return connection


class Reviews:
    """The cache as one run of ``check`` uses it: look the drafts up first, keep what was
    reviewed at the end. Never raises for the cache's sake: without a usable file it finds
    nothing and keeps nothing."""

    def __init__(self, config: Config, file: Path | None = None) -> None:
        self.file = file if file is not None else cache_file()
        self._connection: sqlite3.Connection | None = None
        try:
            self.fingerprint = fingerprint(config)
        except OSError:
            self.fingerprint = b"\0" * 32  # reviewed afresh, and nothing kept
            return
        for attempt in range(2):
            try:
                self._connection = _connect(self.file)
                self._connection.execute("SELECT 1 FROM reviews LIMIT 1").fetchall()
                break
            except (sqlite3.Error, OSError) as error:
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None
                if isinstance(error, sqlite3.Error) and not cachefile.busy(error) and attempt == 0:
                    cachefile.discard(self.file)  # damaged: never trusted, rebuilt
                    continue
                break

    def __enter__(self) -> Reviews:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def empty(self) -> bool:
        """Whether nothing can be found (no file, or no entries)."""
        if self._connection is None:
            return True
        try:
            return self._connection.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def find(self, keys: Sequence[str]) -> dict[str, tuple[tuple[str, ...], DraftReview]]:
        """The entries of ``keys`` that the cache holds and that are well formed."""
        found: dict[str, tuple[tuple[str, ...], DraftReview]] = {}
        if self._connection is None or not keys:
            return found
        wanted = list(dict.fromkeys(keys))
        try:
            for at in range(0, len(wanted), 500):
                batch = wanted[at : at + 500]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, entry FROM reviews WHERE key IN ({marks})"
                for name, entry in self._connection.execute(query, batch):
                    decoded = decode(entry)
                    if decoded is not None:
                        found[name] = decoded
        except sqlite3.Error:
            return {}
        if found:
            self._mark_used(list(found))
        return found

    def _mark_used(self, keys: list[str]) -> None:
        """Mark entries as used today (the least recently used go first)."""
        assert self._connection is not None
        today = int(time.time()) // _DAY_S
        try:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                "UPDATE reviews SET used = ? WHERE key = ? AND used < ?",
                [(today, k, today) for k in keys],
            )
            self._connection.execute("COMMIT")
        except sqlite3.Error:  # busy: another program is writing; the marks wait
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")

    def keep(self, entries: Iterable[tuple[str, str]]) -> None:
        """Store ``(key, entry)`` pairs, then drop the least recently used past ``KEEP``."""
        rows = list(entries)
        if self._connection is None or not rows:
            return
        today = int(time.time()) // _DAY_S
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany(
                    "INSERT OR REPLACE INTO reviews VALUES (?, ?, ?)",
                    [(k, e, today) for k, e in rows],
                )
                (count,) = connection.execute("SELECT count(*) FROM reviews").fetchone()
                if count > KEEP:
                    connection.execute(
                        "DELETE FROM reviews WHERE key IN "
                        "(SELECT key FROM reviews ORDER BY used, rowid LIMIT ?)",
                        (count - KEEP,),
                    )
                connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass  # busy or full: the answer stands; these drafts are reviewed again next time


# --- a run over many drafts ---------------------------------------------------------------

Entry = tuple[str, str]
"""A key and an entry's text, as a worker hands them back to be kept."""


def map_reviews(
    review: Callable[..., tuple[T, Entry | None]],
    found: Callable[..., T],
    drafts: Sequence[str],
    config: Config,
    *args: Any,
) -> Iterator[T]:
    """One result per draft, in the order of ``drafts``, reviewing only what the cache lacks.

    ``found(name, data, warnings, review, *args)`` makes the result of a draft the cache holds
    (``data``: the bytes its review was found by);
    ``review(name, config, fingerprint, *args)`` reviews one that it does not (in a worker
    process when there are many), and returns its result and the entry to keep, or None for a
    draft that cannot be read. Both are module-level functions.
    """
    from ..core.store import DraftError, read_file_bytes

    with Reviews(config) as reviews:
        held: dict[int, tuple[bytes, tuple[str, ...], DraftReview]] = {}
        if not reviews.empty:
            read: dict[int, tuple[str, bytes]] = {}
            for n, name in enumerate(drafts):
                try:
                    data = read_file_bytes(Path(name), config.drafts.size_limit)
                except DraftError:
                    continue  # reviewed below, which says what is wrong
                read[n] = (key(reviews.fingerprint, data), data)
            entries = reviews.find([k for k, _ in read.values()])
            held = {n: (data, *entries[k]) for n, (k, data) in read.items() if k in entries}
        missing = [name for n, name in enumerate(drafts) if n not in held]
        if missing:
            from . import blameless

            blameless.prepare(config.review)  # once, before any worker is forked
        fresh = parallel.ordered_map(review, missing, config, reviews.fingerprint, *args)
        kept: list[Entry] = []
        for n, name in enumerate(drafts):
            if n in held:
                yield found(name, *held[n], *args)
                continue
            result, entry = next(fresh)
            if entry is not None:
                kept.append(entry)
            yield result
        fresh.close()  # ends the workers
        reviews.keep(kept)
