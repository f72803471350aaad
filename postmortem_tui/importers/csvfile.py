"""A generic CSV timeline: ``time,event`` and optionally ``kind``, ``actor``, ``link``.

RFC 4180 quoting, a header row, any extra columns ignored. A time with an offset keeps its
instant; without one it is read in the draft's zone; a clock time alone (``14:32``) is placed by
the draft format's rule for a time typed without a date.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable

from ..core.model import EVENT_KINDS
from .base import (
    Clock,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
    placed,
)

FORMAT = "csv"
SOURCE = "csv"
EXPECTED = "a CSV file with a header row holding time and event columns"

ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("time", "at", "timestamp", "datetime", "date_time", "when", "time_utc"),
    "event": ("event", "text", "description", "message", "what", "summary"),
    "kind": ("kind", "type", "event_kind"),
    "actor": ("actor", "who", "author", "user", "by"),
    "link": ("link", "url", "permalink"),
}


def normalise(header: str) -> str:
    """``Created On`` -> ``created_on``: headers compared without case, space or dashes."""
    return "_".join(header.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def rows_of(source: Source) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The normalised header and the (line, row) pairs of a CSV file."""
    text = source.text()
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(source.name, f"empty; expected {EXPECTED}") from None
    except csv.Error as error:
        raise SourceError(source.name, f"not CSV: {error}", "line 1") from None

    def rows() -> Iterable[tuple[int, list[str]]]:
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield reader.line_num, row
        except csv.Error as error:
            raise SourceError(source.name, f"not CSV: {error}", f"line {reader.line_num}") from None

    return [normalise(h) for h in header], rows()


def columns(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index of each known field found in ``header``."""
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            if name in header:
                found[field] = header.index(name)
                break
    return found


def looks_like(header: list[str]) -> bool:
    """Whether a normalised header row has the time and event columns."""
    found = columns(header, ALIASES)
    return "time" in found and "event" in found


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from generic CSV files; see the module docstring."""
    result = ImportResult(FORMAT)
    for source in sources:
        header, rows = rows_of(source)
        found = columns(header, ALIASES)
        if "time" not in found or "event" not in found:
            missing = " and ".join(c for c in ("time", "event") if c not in found)
            raise SourceError(
                source.name, f"no {missing} column in the header; expected {EXPECTED}", "line 1"
            )
        clock = Clock(options.tz)
        previous = options.previous
        for line, row in rows:

            def cell(field: str, row: list[str] = row, found: dict[str, int] = found) -> str:
                index = found.get(field)
                return row[index].strip() if index is not None and index < len(row) else ""

            where = f"{source.name}: line {line}"
            text = cell("event")
            if not text:
                result.skipped.append(Skipped(where, "event: empty"))
                continue
            try:
                at = _time(cell("time"), clock, previous, options)
            except RecordError as error:
                result.skipped.append(Skipped(where, str(error)))
                continue
            kind = cell("kind").lower() or "note"
            if kind not in EVENT_KINDS:
                result.skipped.append(
                    Skipped(where, f"kind: expected one of {', '.join(EVENT_KINDS)}, got {kind!r}")
                )
                continue
            previous = at
            digest = hashlib.sha1(f"{at.isoformat()}\n{text}".encode()).hexdigest()[:16]
            result.events.append(
                ImportedEvent(
                    at=at,
                    text=text,
                    kind=kind,
                    actor=cell("actor") or None,
                    link=cell("link") or None,
                    source=SOURCE,
                    source_id=digest,
                )
            )
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    return result


def _time(
    value: str, clock: Clock, previous: dt.datetime | None, options: ReadOptions
) -> dt.datetime:
    if not value:
        raise RecordError("time: empty")
    return placed(value, clock, previous, options.tz, options.day)
