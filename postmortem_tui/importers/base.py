"""What every reader shares: the event record, the result, the error, and reading times.

A reader turns the records of one tool into ``ImportedEvent`` objects and says which records it
skipped and why. It never touches a draft; ``merge`` does that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import attrs

from ..core.times import TimeError, localize, place_time


@attrs.define
class ImportedEvent:
    """One timeline event read from a record, before it is added to a draft."""

    at: dt.datetime
    text: str
    kind: str = "note"
    actor: str | None = None
    link: str | None = None
    source: str = ""
    source_id: str = ""
    """The record's id in its source; with ``source`` it identifies the event on re-import."""
    approximate: bool = False

    def as_json(self) -> dict[str, Any]:
        """The event as the ``--json`` report shows it."""
        data: dict[str, Any] = {"at": self.at.isoformat(), "kind": self.kind, "event": self.text}
        for key in ("actor", "link"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.approximate:
            data["approximate"] = True
        data["source"] = self.source
        data["source_id"] = self.source_id
        return data


@attrs.frozen
class ImportedAction:
    """One follow-up read from a tracker (incident.io), before it becomes an action item."""

    action: str
    owner: str | None = None
    status: str | None = None
    """A key of ``model.ACTION_STATUSES``; None reads as planned."""
    priority: str | None = None
    type: str | None = None
    link: str | None = None
    source_id: str = ""

    def as_json(self) -> dict[str, Any]:
        """The follow-up as the ``--json`` report shows it."""
        data: dict[str, Any] = {"action": self.action}
        for key in ("owner", "status", "priority", "type", "link"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        data["source_id"] = self.source_id
        return data


@attrs.define
class Skipped:
    """A record left out, and why (a join message, a broken time, a deleted message)."""

    source_id: str
    reason: str

    def as_json(self) -> dict[str, str]:
        """The record as the ``--json`` report shows it."""
        return {"source_id": self.source_id, "reason": self.reason}


@attrs.define
class ImportResult:
    """What a reader found: events, skipped records, warnings for the person."""

    format: str
    events: list[ImportedEvent] = attrs.field(factory=list)
    skipped: list[Skipped] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)
    impact_start: dt.datetime | None = None
    """When the source says users were first affected (incident.io's "Impact started")."""
    first_alert: dt.datetime | None = None
    """The earliest alert's start: the impact began at or before it (a hint, never set)."""
    actions: list[ImportedAction] = attrs.field(factory=list)
    """Follow-ups, which become action items rather than events (incident.io's)."""

    def extend(self, other: ImportResult) -> None:
        """Add what ``other`` found to this result."""
        self.events.extend(other.events)
        self.actions.extend(other.actions)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)
        if other.impact_start and (
            self.impact_start is None or other.impact_start < self.impact_start
        ):
            self.impact_start = other.impact_start
        if other.first_alert and (self.first_alert is None or other.first_alert < self.first_alert):
            self.first_alert = other.first_alert


class SourceError(ValueError):
    """A source that is not what it claims to be: one message naming the file and the place."""

    def __init__(self, name: str, message: str, where: str | None = None) -> None:
        self.name = name
        self.where = where
        self.message = message
        super().__init__(f"{name}: {where + ': ' if where else ''}{message}")


class RecordError(ValueError):
    """One broken record inside a good file: the reader skips it and says why."""


@attrs.define
class ReadOptions:
    """How to read: the draft's zone for naive times, and the Slack marker options."""

    tz: str = "UTC"
    pinned: bool = False
    """Slack: keep only pinned messages and messages with the marker reaction."""
    marker: str = "pushpin"
    day: dt.date | None = None
    """Pasted text: the date of a clock time when there is no event before it."""
    previous: dt.datetime | None = None
    """Pasted text: the event before the first pasted line (the draft's last)."""


@attrs.define
class Source:
    """One file's bytes, with the name to show and its path inside a folder or a ``.zip``."""

    name: str
    data: bytes
    rel: str = ""
    """Path inside the folder or archive given (``inc-checkout/2024-03-12.json``); "" for a file."""
    group: str = ""
    """The folder or archive it came from; "" for a file given on its own."""
    parsed: list[Any] | None = attrs.field(default=None, repr=False, eq=False)
    """The JSON documents, once read (finding the format reads them; the reader reuses them)."""

    decoded: str | None = attrs.field(default=None, repr=False, eq=False)
    """The text, once decoded."""

    def text(self) -> str:
        """The bytes as text: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark."""
        if self.decoded is None:
            self.decoded = self._decode()
        return self.decoded

    def _decode(self) -> str:
        data = self.data
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                raise SourceError(self.name, "not valid UTF-16 text") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise SourceError(
                self.name,
                f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8",
                f"line {line}",
            ) from None
        return text[1:] if text.startswith("\ufeff") else text


# --- JSON -----------------------------------------------------------------------------------


def json_documents(source: Source, expected: str | None = None) -> list[Any]:
    """The JSON in ``source``: one document, or several (JSON Lines, or bodies one after
    another, as a receiver's log holds them). ``expected`` names what the reader wanted, for
    a file that is not JSON at all."""
    if source.parsed is not None:
        return source.parsed
    text = source.text()
    if expected and text.lstrip()[:1] not in ("[", "{"):
        raise SourceError(source.name, f"not JSON; expected {expected}", "line 1")
    source.parsed = _parse_json(source, text)
    return source.parsed


def _parse_json(source: Source, text: str) -> list[Any]:
    try:
        return [json.loads(text)]
    except RecursionError:
        raise SourceError(source.name, "not valid JSON: values nested too deeply") from None
    except json.JSONDecodeError as error:
        if not error.msg.startswith("Extra data"):
            raise SourceError(source.name, f"not valid JSON: {error.msg}", _where(error)) from None
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    index, end = 0, len(text)
    while True:
        while index < end and text[index] in " \t\r\n":
            index += 1
        if index >= end:
            return documents
        try:
            document, index = decoder.raw_decode(text, index)
        except RecursionError:
            raise SourceError(source.name, "not valid JSON: values nested too deeply") from None
        except json.JSONDecodeError as error:
            raise SourceError(source.name, f"not valid JSON: {error.msg}", _where(error)) from None
        documents.append(document)


def _where(error: json.JSONDecodeError) -> str:
    return f"line {error.lineno}, column {error.colno}"


# --- times ----------------------------------------------------------------------------------

_EPOCH = re.compile(r"^\d{9,16}(?:\.\d+)?$")


@attrs.define
class Clock:
    """Reads record times in one zone and counts the ones that came without an offset."""

    tz: str = "UTC"
    naive: int = 0

    def instant(self, value: Any, key: str = "time") -> dt.datetime:
        """An aware datetime from an ISO string (with or without offset) or epoch seconds.

        Raises RecordError naming ``key``. Epoch values above 10^11 are milliseconds, above
        10^14 microseconds (Opsgenie and JavaScript write milliseconds).
        """
        if isinstance(value, bool) or value is None or value == "":
            raise RecordError(f"{key}: missing")
        if isinstance(value, int | float) or (isinstance(value, str) and _EPOCH.match(value)):
            return epoch(value, key)
        if not isinstance(value, str):
            raise RecordError(f"{key}: expected a time, got {_short(value)}")
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise RecordError(f"{key}: expected an ISO 8601 time, got {_short(value)}") from None
        if parsed.tzinfo is None:
            self.naive += 1
            return localize(parsed.date(), parsed.time(), self.tz)
        return parsed

    def maybe(self, value: Any, key: str = "time") -> dt.datetime | None:
        """Like ``instant``, but None for a missing time or Go's zero time (year 1)."""
        if value in (None, ""):
            return None
        parsed = self.instant(value, key)
        return None if parsed.year <= 1 else parsed

    def warning(self, name: str) -> str | None:
        """What to tell the person about times read without an offset, if any were."""
        if not self.naive:
            return None
        times = "time" if self.naive == 1 else "times"
        return f"{name}: {self.naive} {times} without an offset, read in {self.tz}"


def placed(
    value: str, clock: Clock, previous: dt.datetime | None, tz: str, day: dt.date | None
) -> dt.datetime:
    """A record's time: a clock time alone (``14:32``) by the draft format's rule for a time
    typed without a date (nearest ``previous``, else on ``day``); anything else as ``Clock``
    reads it."""
    try:
        placement = place_time(
            value, tz=tz, previous=previous, day=day or dt.datetime.now(dt.UTC).date()
        )
    except TimeError:
        placement = None
    if placement is not None and placement.chosen:
        return placement.value
    return clock.instant(value, "time")


def epoch(value: Any, key: str = "time") -> dt.datetime:
    """Epoch seconds (or milliseconds, or microseconds) as an aware UTC datetime."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RecordError(f"{key}: expected epoch seconds, got {_short(value)}") from None
    if number > 1e14:
        number /= 1e6
    elif number > 1e11:
        number /= 1e3
    try:
        return dt.datetime.fromtimestamp(number, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"{key}: not a time, got {_short(value)}") from None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def text_of(value: Any) -> str:
    """A record's text on one logical line: surrounding space trimmed, CRLF made LF."""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def get(record: Any, *keys: str) -> Any:
    """``record[k1][k2]...``, or None where a level is missing or not an object."""
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}
