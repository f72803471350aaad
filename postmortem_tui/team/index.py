"""The index of draft folders: what ``list``, ``actions``, ``stats`` and ``related`` need from
each draft, kept so that a second run reads no draft that has not changed.

The TOML files stay the only truth. The index is an SQLite file in the user's cache folder
(``paths.index_file()``); each entry is trusted only while the file's size, modification time
(ns), change time and inode are what they were when it was read, and only when the file had
not been modified within ``_GRANULE_NS`` of that read (an edit in the same clock tick could
otherwise keep the same time). Anything else is read again: deleting the index changes no
result, an index written by another version of the tool is emptied, and a damaged index file
is deleted and rebuilt. Two programs may use it at once: SQLite locks the file, and a program
that cannot write its entries in time still gives the right answer, it only reads the drafts
again next time.

The warm path (nothing changed) imports neither attrs nor the model: listing the folder, one
``stat`` per draft and one query.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core import cachefile, paths

if TYPE_CHECKING:
    from ..core.model import Draft

SUFFIX = ".toml"
INDEX_SCHEMA = 3
"""Raised whenever what an entry holds changes shape."""

_GRANULE_NS = 2_000_000_000
"""A file modified this close to the moment it was read is read again next time (FAT keeps
times to 2 s; most file systems to a clock tick)."""

BUSY_TIMEOUT_S = 10.0
"""How long to wait for another program writing the index before going on without it."""

_SOURCES = (
    "core/codec.py",
    "core/derived.py",
    "core/files.py",
    "core/model.py",
    "core/metrics.py",
    "core/store.py",
    "core/terms.py",
    "team/index.py",
)
"""The modules that decide what an entry holds: a change to any of them empties the index."""


class IndexedDraft:
    """One draft as the index knows it: its summary ``record``, or why it cannot be read."""

    __slots__ = ("error", "modified", "path", "record", "text", "words")

    def __init__(
        self,
        path: Path,
        modified: float,
        record: dict[str, Any] | None,
        error: str | None,
        text: str = "",
        words: str = "",
    ) -> None:
        self.path = path
        """The file, as named on the command line or found in a folder."""
        self.modified = modified
        """The file's modification time (seconds since the epoch)."""
        self.record = record
        """What ``describe`` says of the draft; None when it cannot be read."""
        self.error = error
        """Why the file cannot be read (``line 3: meta.title: expected ...``)."""
        self.text = text
        """Every text of the draft, case-folded, one per line (only when asked for)."""
        self.words = words
        """The words of title, summary, root cause and factors, space-separated (when asked)."""

    @property
    def title(self) -> str:
        """The draft's title, or the file's name when it cannot be read."""
        return self.record["title"] if self.record else self.path.stem

    def __repr__(self) -> str:
        return f"IndexedDraft({str(self.path)!r}, error={self.error!r})"


# --- what an entry holds --------------------------------------------------------------------

_NESTING_LIMIT = 100
"""``store.NESTING_LIMIT``, without importing the store on the warm path (a test keeps them
equal)."""


class _Doubt(Exception):
    """Plain TOML data that ``describe_data`` will not vouch for: read it through the model."""


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours was were got get gets didn't don't wasn't weren't isn't
    aren't via per new one two use used using
    """.split()  # noqa: SIM905 - a list of 150 quoted words would be harder to read
)
"""Words too common to say that two incidents are alike."""


def related_words(*texts: str | None) -> list[str]:
    """The distinct words of ``texts`` that can make two incidents alike, sorted."""
    found = set(_WORD.findall("\n".join(t for t in texts if t).casefold()))
    return sorted(w for w in found if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS)


def _addition(meta: Any, name: str) -> Any:
    """A ``meta`` addition of the format (``services``, ``incident_id``): the model's field when
    this version has it, else the key kept as unknown."""
    if hasattr(meta, name):
        return getattr(meta, name)
    return meta.unknown.get(name)


def _texts(value: Any, out: list[str]) -> None:
    """Every string in a model object, depth first."""
    if isinstance(value, str):
        if value:
            out.append(value)
    elif isinstance(value, list | tuple):
        for item in value:
            _texts(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, out)
    elif hasattr(value, "__attrs_attrs__"):
        for field in value.__attrs_attrs__:
            _texts(getattr(value, field.name), out)


def _data_texts(value: dict[str, Any] | list[Any], out: list[str], depth: int = 1) -> None:
    """Every string in plain TOML data, depth first (``_texts`` for what a parser returns);
    raises ``_Doubt`` past the store's nesting limit, which the model then explains."""
    if depth > _NESTING_LIMIT:
        raise _Doubt
    items: Iterable[Any] = value.values() if type(value) is dict else value
    for item in items:
        kind = type(item)
        if kind is str:
            out.append(item)
        elif kind is dict or kind is list:
            _data_texts(item, out, depth + 1)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _factor_texts(factors: Iterable[Any]) -> list[str]:
    return [f"{f.title}\n{f.summary or ''}\n" + "\n".join(f.details) for f in factors]


def _metrics(timed: Any) -> dict[str, list[Any]]:
    """The derived metrics as an entry keeps them: ``[seconds, formula]`` by name."""
    from ..core.derived import metric_values

    return {name: [seconds, formula] for name, _, seconds, formula in metric_values(timed)}


def describe(draft: Draft) -> tuple[dict[str, Any], str, str]:
    """What the index keeps of a draft: a JSON-ready record, the search text, related words."""
    meta = draft.meta
    services = _addition(meta, "services")
    incident_id = _addition(meta, "incident_id")
    record = {
        "title": meta.title,
        "date": _iso(meta.date),
        "status": meta.status,
        "severity": meta.severity,
        "tags": [str(t) for t in meta.tags],
        "services": [str(s) for s in services] if isinstance(services, list) else [],
        "incident_id": incident_id if isinstance(incident_id, str) else None,
        "actions": [
            {
                "action": item.action,
                "owner": item.owner,
                "due": _iso(item.due),
                "priority": item.priority,
                "status": item.status,
                "type": item.type,
                "link": item.link,
            }
            for item in draft.action_items
        ],
        "metrics": _metrics(draft),
    }
    texts: list[str] = []
    _texts(draft, texts)
    words = related_words(
        meta.title, draft.summary.text, draft.root_cause.text, *_factor_texts(draft.factors)
    )
    return record, "\n".join(texts).casefold(), " ".join(words)


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if type(value) is not dict:
        raise _Doubt
    return value


def _tables(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if type(value) is not list or any(type(item) is not dict for item in value):
        raise _Doubt
    return value


def _string(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if type(value) is not str or (required and not value.strip()):
        raise _Doubt
    return value


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if type(value) is not list or any(type(item) is not str for item in value):
        raise _Doubt
    return value


def _date(data: dict[str, Any], key: str) -> str | None:
    import datetime as dt

    value = data.get(key)
    if value is None:
        return None
    if type(value) is not dt.date:
        raise _Doubt
    return value.isoformat()


def _moment(data: dict[str, Any], key: str, *, required: bool = False) -> Any:
    import datetime as dt

    value = data.get(key)
    if value is None and not required:
        return None
    if type(value) is not dt.datetime or value.tzinfo is None:
        raise _Doubt
    return value


def _choice(data: dict[str, Any], key: str, choices: Any) -> str | None:
    value = data.get(key)
    if value is not None and (type(value) is not str or value not in choices):
        raise _Doubt
    return value


class _Event:
    __slots__ = ("at", "kind")

    def __init__(self, at: Any, kind: str) -> None:
        self.at = at
        self.kind = kind


class _Timing:
    """What ``metric_values`` reads of a draft (impact start and end, first events), from
    plain data."""

    def __init__(self, impact: dict[str, Any], events: list[_Event]) -> None:
        import types

        self.impact = types.SimpleNamespace(
            start=_moment(impact, "start"), end=_moment(impact, "end")
        )
        self.events = events

    def first_event(self, kind: str) -> _Event | None:
        """The earliest event of ``kind`` (as ``Draft.first_event``)."""
        import datetime as dt

        found = [e for e in self.events if e.kind == kind]
        return min(found, key=lambda e: e.at.astimezone(dt.UTC)) if found else None


def describe_data(data: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """``describe`` of a draft from its plain TOML data, without building the model: about
    twice as fast, which is most of a first run's time. It checks every value it uses and
    raises ``_Doubt`` at the first one that is not as the format says (the caller then reads
    the draft through the model, for the one message that explains it). Sections it does not
    use are left to ``postmortem check``."""
    from ..core import terms

    version = data.get("format")
    if type(version) is not int or not 1 <= version <= terms.FORMAT_VERSION:
        raise _Doubt
    meta = data.get("meta")
    if type(meta) is not dict:
        raise _Doubt
    title = _string(meta, "title", required=True)
    status = _choice(meta, "status", terms.STATUSES) or "draft"
    services = _strings(meta, "services")
    incident_id = _string(meta, "incident_id")
    events = []
    for event in _tables(data, "timeline"):
        _string(event, "event", required=True)
        kind = _choice(event, "kind", terms.EVENT_KINDS) or "note"
        events.append(_Event(_moment(event, "at", required=True), kind))
    actions = []
    for item in _tables(data, "action_items"):
        actions.append(
            {
                "action": _string(item, "action", required=True),
                "owner": _string(item, "owner"),
                "due": _date(item, "due"),
                "priority": _choice(item, "priority", terms.PRIORITIES),
                "status": _choice(item, "status", terms.ACTION_STATUSES),
                "type": _choice(item, "type", terms.ACTION_TYPES),
                "link": _string(item, "link"),
            }
        )
    timing: Any = _Timing(_table(data, "impact"), events)
    record = {
        "title": title,
        "date": _date(meta, "date"),
        "status": status,
        "severity": _string(meta, "severity"),
        "tags": _strings(meta, "tags"),
        "services": services,
        "incident_id": incident_id,
        "actions": actions,
        "metrics": _metrics(timing),
    }
    summary = _string(_table(data, "summary"), "text")
    root = _string(_table(data, "root_cause"), "text")
    factors = []
    for factor in _tables(data, "factors"):
        factors.append(
            f"{_string(factor, 'title') or ''}\n{_string(factor, 'summary') or ''}\n"
            + "\n".join(_strings(factor, "details"))
        )
    texts: list[str] = []
    _data_texts(data, texts)
    words = related_words(title, summary, root, *factors)
    return record, "\n".join(texts).casefold(), " ".join(words)


# --- finding the files ----------------------------------------------------------------------


class _Candidate:
    __slots__ = ("folder", "key", "path", "stat")

    def __init__(self, path: Path, key: str, folder: str, stat: os.stat_result | None) -> None:
        self.path = path
        self.key = key
        self.folder = folder
        self.stat = stat


def _signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def _candidates(
    given: Sequence[Path],
) -> tuple[list[_Candidate], list[str], list[IndexedDraft]]:
    """The draft files of ``given`` (folders: their ``*.toml`` files, not hidden, not
    recursive), the folders' keys, and entries for paths that do not exist."""
    found: list[_Candidate] = []
    folders: list[str] = []
    missing: list[IndexedDraft] = []
    seen: set[str] = set()
    for path in given:
        path = Path(path)
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            folders.append(absolute)
            try:
                entries = list(os.scandir(absolute))
            except OSError as error:
                missing.append(IndexedDraft(path, 0.0, None, f"cannot be read: {error.strerror}"))
                continue
            for entry in entries:
                name = entry.name
                if not name.endswith(SUFFIX) or name.startswith("."):
                    continue
                key = os.path.join(absolute, name)
                if key in seen:
                    continue
                try:
                    if not entry.is_file():
                        continue
                    stat = entry.stat()
                except OSError:  # deleted while we looked
                    continue
                seen.add(key)
                found.append(_Candidate(path / name, key, absolute, stat))
            continue
        if absolute in seen:
            continue
        try:
            stat = os.stat(absolute)
        except FileNotFoundError:
            missing.append(IndexedDraft(path, 0.0, None, "no such file or folder"))
            continue
        except OSError as error:
            missing.append(IndexedDraft(path, 0.0, None, f"cannot be read: {error.strerror}"))
            continue
        seen.add(absolute)
        found.append(_Candidate(path, absolute, os.path.dirname(absolute), stat))
    return found, folders, missing


def iter_paths(given: Iterable[Path]) -> Iterator[Path]:
    """The draft files ``scan`` would look at, in the order it finds them."""
    found, _, _ = _candidates(list(given))
    for candidate in found:
        yield candidate.path


# --- the SQLite file ------------------------------------------------------------------------

_TABLES = (
    """CREATE TABLE IF NOT EXISTS drafts (
        path TEXT PRIMARY KEY,
        folder TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        ctime_ns INTEGER NOT NULL,
        ino INTEGER NOT NULL,
        read_ns INTEGER NOT NULL,
        record TEXT,
        body TEXT,
        error TEXT,
        text TEXT NOT NULL,
        words TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS drafts_folder ON drafts (folder)",
    """CREATE TABLE IF NOT EXISTS outputs (
        key TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        problems TEXT NOT NULL,
        status INTEGER NOT NULL,
        kept_ns INTEGER NOT NULL
    )""",
)


def _tool_key() -> str:
    """What the entries depend on: the schema, the version, the parser and the modules'
    source files (so that an edited checkout never trusts entries an older one wrote)."""
    package = Path(__file__).resolve().parent.parent
    parts = [str(INDEX_SCHEMA), __version__]
    # The configuration holds the size limit of a draft: a change to it may change an answer.
    for file in [*(package / name for name in _SOURCES), paths.config_file()]:
        try:
            stat = os.stat(file)
            parts.append(f"{stat.st_size}.{stat.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return ":".join(parts)


discard = cachefile.discard


def _connect(file: Path) -> sqlite3.Connection:
    """Open (creating when needed) the index; raises sqlite3.Error when it is damaged."""
    connection = cachefile.connect(file, BUSY_TIMEOUT_S)
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT)")
        key = _tool_key()
        row = connection.execute("SELECT value FROM info WHERE key = 'tool'").fetchone()
        if row is None or row[0] != key:
            # Written by another version (or by nobody yet): start again, in its shape.
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute("SELECT value FROM info WHERE key = 'tool'").fetchone()
            if row is None or row[0] != key:
                connection.execute("DROP TABLE IF EXISTS drafts")
                connection.execute("DROP TABLE IF EXISTS outputs")
                for statement in _TABLES:
                    connection.execute(statement)
                connection.execute("INSERT OR REPLACE INTO info VALUES ('tool', ?)", (key,))
            connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


_COLUMNS = "path, size, mtime_ns, ctime_ns, ino, read_ns, record, error"
_BODY = ("actions", "metrics")
"""The parts of a record kept in their own column: only the commands that need them decode
them (``list`` and the search box do not)."""


def _rows(
    connection: sqlite3.Connection,
    candidates: list[_Candidate],
    folders: list[str],
    text: bool,
    words: bool,
    body: bool,
) -> dict[str, tuple[Any, ...]]:
    columns = (
        _COLUMNS
        + (", text" if text else ", ''")
        + (", words" if words else ", ''")
        + (", body" if body else ", NULL")
    )
    rows: dict[str, tuple[Any, ...]] = {}
    for folder in folders:
        for row in connection.execute(f"SELECT {columns} FROM drafts WHERE folder = ?", (folder,)):
            rows[row[0]] = row
    for candidate in candidates:
        if candidate.key not in rows and candidate.folder not in folders:
            row = connection.execute(
                f"SELECT {columns} FROM drafts WHERE path = ?", (candidate.key,)
            ).fetchone()
            if row is not None:
                rows[row[0]] = row
    return rows


def _trusted(
    row: tuple[Any, ...], path: Path, stat: os.stat_result, body: bool
) -> IndexedDraft | None:
    """The entry of ``row`` when it still describes the file, else None."""
    _, size, mtime_ns, ctime_ns, ino, read_ns, record, error, text, words, rest = row
    if (size, mtime_ns, ctime_ns, ino) != _signature(stat):
        return None
    if mtime_ns + _GRANULE_NS > read_ns:
        return None  # written in the same tick as it was read: perhaps changed since
    try:
        decoded = json.loads(record) if record is not None else None
        more = json.loads(rest) if body and decoded is not None else {}
    except (TypeError, ValueError):
        return None
    if (decoded is None) == (error is None) or (decoded is not None and type(decoded) is not dict):
        return None
    if type(more) is not dict or (body and decoded is not None and set(more) != set(_BODY)):
        return None
    if decoded is not None and more:
        decoded.update(more)
    if not isinstance(text, str) or not isinstance(words, str):
        return None
    return IndexedDraft(path, stat.st_mtime, decoded, error, text, words)


def _describe_file(
    path: Path, size_limit: int
) -> tuple[dict[str, Any] | None, str, str, str | None]:
    """Record, search text and related words of the draft at ``path``, or why it cannot be
    read (the message ``read_draft`` gives)."""
    from ..core import files

    try:
        raw = files.read_file_bytes(path, size_limit)
        text = raw.decode("utf-8")
        data = files.tomllib.loads(text[1:] if text.startswith("\ufeff") else text)
        return (*describe_data(data), None)
    except (files.DraftError, ValueError, RecursionError, _Doubt):
        pass  # the model says what is wrong, or vouches for what this could not
    from ..core import store  # the model and attrs: only for a draft this could not vouch for

    try:
        loaded = store.read_draft(path, size_limit=size_limit)
    except store.DraftError as failure:
        return None, "", "", failure.detail
    return (*describe(loaded.draft), None)


def _read(candidate: _Candidate, size_limit: int) -> tuple[IndexedDraft, tuple[Any, ...] | None]:
    """Read a draft; returns its entry and the row to store (None when it changed while read)."""
    read_ns = time.time_ns()
    stat = candidate.stat
    assert stat is not None
    record, text, words, error = _describe_file(candidate.path, size_limit)
    entry = IndexedDraft(candidate.path, stat.st_mtime, record, error, text, words)
    try:
        same = _signature(os.stat(candidate.key)) == _signature(stat)
    except OSError:
        same = False
    if not same:
        return entry, None  # changed while it was read: read it again next time
    row = (
        candidate.key,
        candidate.folder,
        *_signature(stat),
        read_ns,
        None if record is None else _head_json(record),
        None if record is None else _body_json(record),
        error,
        text,
        words,
    )
    return entry, row


def _head_json(record: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in record.items() if k not in _BODY}, ensure_ascii=False)


def _body_json(record: dict[str, Any]) -> str:
    return json.dumps({k: record[k] for k in _BODY}, ensure_ascii=False)


def _store(
    connection: sqlite3.Connection,
    rows: list[tuple[Any, ...]],
    gone: list[str],
) -> None:
    if not rows and not gone:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.executemany(
            "INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        connection.executemany("DELETE FROM drafts WHERE path = ?", [(p,) for p in gone])
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _scan_with(
    connection: sqlite3.Connection | None,
    candidates: list[_Candidate],
    folders: list[str],
    text: bool,
    words: bool,
    body: bool,
) -> list[IndexedDraft]:
    rows = _rows(connection, candidates, folders, text, words, body) if connection else {}
    entries: list[IndexedDraft | None] = []
    unread: list[_Candidate] = []
    for candidate in candidates:
        row = rows.pop(candidate.key, None)
        assert candidate.stat is not None
        entry = _trusted(row, candidate.path, candidate.stat, body) if row is not None else None
        if entry is None:
            unread.append(candidate)
        entries.append(entry)
    new_rows: list[tuple[Any, ...]] = []
    if unread:
        from ..core import parallel
        from ..core.files import draft_size_limit

        size_limit = draft_size_limit()  # the configuration, read once per run
        # A first run reads every draft: many are shared among the processors.
        read = iter(parallel.ordered_map(_read, unread, size_limit))
        for n, entry in enumerate(entries):
            if entry is None:
                entries[n], new_row = next(read)
                if new_row is not None:
                    new_rows.append(new_row)
                if len(new_rows) >= _BATCH and connection is not None:
                    # Written while the other processors still read, not all at the end; when
                    # another program holds the index, the rest wait for next time.
                    if not _store_waiting(connection, new_rows, []):
                        connection = None
                    new_rows = []
    if connection is not None:
        # Rows of a folder's files that are gone (deleted, renamed): what is left of ``rows``.
        gone = [key for key, row in rows.items() if os.path.dirname(key) in folders]
        _store_waiting(connection, new_rows, gone)
    return [entry for entry in entries if entry is not None]


_BATCH = 100
"""New entries are written this many at a time, each batch a transaction of its own."""


def _store_waiting(
    connection: sqlite3.Connection, rows: list[tuple[Any, ...]], gone: list[str]
) -> bool:
    """``_store``; False when another program held the index too long (the entries wait for
    next time: the answer stands without them)."""
    try:
        _store(connection, rows, gone)
    except sqlite3.Error as error:
        if not cachefile.busy(error):
            raise
        return False
    return True


def scan(
    given: Sequence[Path],
    *,
    text: bool = False,
    words: bool = False,
    body: bool = True,
    index: Path | None = None,
) -> list[IndexedDraft]:
    """Every draft of ``given`` (folders and files), through the index.

    ``text`` and ``words`` load the search text and the related words too; ``body=False``
    leaves out the action items and metrics of drafts the index holds (a record then has
    only its ``meta`` keys). A path that does not exist, or a draft that cannot be read, gives
    an entry with its ``error``.
    """
    listed = _LISTED.pop(_given(given), None)
    candidates, folders, missing = listed if listed is not None else _candidates(given)
    file = index if index is not None else paths.index_file()
    for attempt in range(2):
        try:
            connection = _connect(file)
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.Error) and not cachefile.busy(error) and attempt == 0:
                discard(file)  # damaged: never trusted, rebuilt
                continue
            return _scan_with(None, candidates, folders, text, words, body) + missing
        try:
            return _scan_with(connection, candidates, folders, text, words, body) + missing
        except sqlite3.Error as error:
            if cachefile.busy(error) or attempt == 1:
                return _scan_with(None, candidates, folders, text, words, body) + missing
            connection.close()
            discard(file)
        finally:
            connection.close()
    return _scan_with(None, candidates, folders, text, words, body) + missing


# --- kept outputs ---------------------------------------------------------------------------
# A team command run again with nothing changed prints what it printed before. An output is
# found by a key made of the command and its arguments, the tool (every module of the
# commands) and configuration, and each draft file's path, size, times and inode, as an entry
# is: a file added, removed, edited or touched, another day, another version of the tool,
# each makes another key. A file modified too recently for its times to say so makes no key.

_LISTED: dict[tuple[str, ...], tuple[list[_Candidate], list[str], list[IndexedDraft]]] = {}
"""The files ``output_key`` listed, for the one ``scan`` of the same paths after it."""


def _given(given: Sequence[Path]) -> tuple[str, ...]:
    return tuple(str(path) for path in given)


def forget_listed() -> None:
    """Drop what ``output_key`` listed and no scan took (it is true only for a moment)."""
    _LISTED.clear()


KEPT_OUTPUTS = 32
"""The latest outputs kept; older ones are deleted."""
KEPT_OUTPUT_CHARS = 4 * 1024 * 1024
"""A longer output is not kept (it would cost more to keep than it saves)."""
_COMMAND_FOLDERS = ("team", "core")


def _commands_key() -> str:
    """The size and modification time of every module that decides what a command prints."""
    package = Path(__file__).resolve().parent.parent
    parts = [_tool_key()]
    for file in sorted(
        [str(package / "cli.py")]
        + [
            entry.path
            for folder in _COMMAND_FOLDERS
            for entry in os.scandir(package / folder)
            if entry.name.endswith(".py")
        ]
    ):
        try:
            stat = os.stat(file)
            parts.append(f"{file}:{stat.st_size}.{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{file}:-")
    return "\n".join(parts)


def output_key(given: Sequence[Path], request: str, also: Sequence[Path] = ()) -> str | None:
    """The key of the output of ``request`` (a command and its arguments, as text) over the
    drafts of ``given`` and the files ``also`` read (``related``'s draft); None when one of
    them changed too recently to be told apart."""
    listed = _candidates(given)
    # The scan that follows reads exactly the files this key describes (and lists them once).
    _LISTED[_given(given)] = listed
    candidates, folders, missing = listed
    if also:
        more, _, gone = _candidates(also)
        candidates, missing = [*candidates, *more], [*missing, *gone]
    now = time.time_ns()
    digest = hashlib.sha256(f"{_commands_key()}\0{request}\0".encode("utf-8", "surrogateescape"))
    for folder in folders:
        digest.update(f"folder {folder}\0".encode("utf-8", "surrogateescape"))
    for candidate in candidates:
        stat = candidate.stat
        assert stat is not None
        if stat.st_mtime_ns + _GRANULE_NS > now:
            return None
        line = f"{candidate.path}\0{candidate.key}\0{_signature(stat)}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    for entry in missing:
        digest.update(f"missing {entry.path}\0{entry.error}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def kept_output(key: str) -> tuple[str, list[str], int] | None:
    """The text, problems and exit status kept under ``key``, or None."""
    try:
        connection = _connect(paths.index_file())
    except (sqlite3.Error, OSError):
        return None  # damaged or busy: the command runs, and its scan rebuilds a damaged file
    try:
        row = connection.execute(
            "SELECT text, problems, status FROM outputs WHERE key = ?", (key,)
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if row is None:
        return None
    text, problems, status = row
    try:
        problems = json.loads(problems)
    except (TypeError, ValueError):
        return None
    if (
        type(text) is not str
        or type(status) is not int
        or type(problems) is not list
        or any(type(p) is not str for p in problems)
    ):
        return None  # not what this wrote: never trusted
    return text, problems, status


def keep_output(key: str, text: str, problems: Sequence[str], status: int) -> None:
    """Keep an output under ``key`` (and only the latest ``KEPT_OUTPUTS``); a busy or damaged
    index keeps nothing."""
    if len(text) > KEPT_OUTPUT_CHARS:
        return
    try:
        connection = _connect(paths.index_file())
    except (sqlite3.Error, OSError):
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
            (key, text, json.dumps(list(problems)), status, time.time_ns()),
        )
        connection.execute(
            "DELETE FROM outputs WHERE key NOT IN "
            "(SELECT key FROM outputs ORDER BY kept_ns DESC LIMIT ?)",
            (KEPT_OUTPUTS,),
        )
        connection.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
    finally:
        connection.close()
