"""Pasted text: lines copied from a chat client or a terminal.

Understood line shapes (a line that is none of them continues the event above it):

- ``Jane Doe  2:32 PM`` (a name, then a clock time, ending the line): the lines below are her
  message, as Slack and Teams copy a conversation;
- ``[14:32] jane: text`` and ``[2024-03-12 14:32] text`` (IRC logs, chat bridges);
- ``14:32 text`` and ``2:32 PM text``;
- ``2024-03-12T14:32:00Z text`` and ``2024-03-12 14:32 text`` (ISO times, log lines).

A line holding only a date (``2024-03-12``) sets the day of the clock times after it. A clock
time is placed by the draft format's rule for a time typed without a date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import attrs

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

FORMAT = "text"
SOURCE = "paste"

_CLOCK_TEXT = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_ISO_TEXT = r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?"
_HEADER = re.compile(
    # A name of up to five words, then the time: after two spaces or a tab (as chat clients
    # copy it), or after one space when the time has am/pm ("deploy at 14:32" is no header).
    r"^(?P<actor>[^\s\d\[:][^\s:\[\]]*(?: [^\s:\[\]]+){0,4}?)"
    rf"(?:\s{{2,}}|\t|\s(?=\[?\d{{1,2}}[:.]\d{{2}}\s*[AaPp]\.?[Mm]))\[?(?P<time>{_CLOCK_TEXT})\]?$"
)
_BRACKET = re.compile(
    rf"^\[(?P<time>{_ISO_TEXT}|{_CLOCK_TEXT})\]\s*"
    r"(?:<(?P<nick>[^<>\s]{1,40})>\s+|(?P<actor>[^\s:<>][^:<>]{0,40}?):\s+)?(?P<text>.*)$"
)
_LEADING = re.compile(rf"^(?P<time>{_ISO_TEXT}|{_CLOCK_TEXT})\s+(?:[-–—|]\s+)?(?P<text>\S.*)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET_SPACE = re.compile(r"\s+(?=(?:Z|[+-]\d{2}:?\d{2})$)")
_EDITED = re.compile(r"\s*\(edited\)\s*$")


@attrs.define
class _Message:
    at: dt.datetime
    actor: str | None
    lines: list[str]
    line: int


EXPECTED = (
    "lines that start with a time (14:32 text, [14:32] name: text, 2024-03-12T14:32Z text) "
    "or a name and a time (Jane Doe  2:32 PM) above the message"
)


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from files of pasted lines; a file with no such line at all is refused."""
    result = ImportResult(FORMAT)
    for source in sources:
        found = read_text(source.text(), options, source.name)
        if not found.events:
            raise SourceError(source.name, f"no events: expected {EXPECTED}")
        result.extend(found)
    return result


def read_text(text: str, options: ReadOptions, name: str = "pasted text") -> ImportResult:
    """Events from pasted ``text``; see the module docstring."""
    result = ImportResult(FORMAT)
    clock = Clock(options.tz)
    day = options.day or dt.datetime.now(dt.UTC).date()
    previous = options.previous
    current: _Message | None = None
    pending: list[_Message] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if _DATE_ONLY.match(line):
            day, previous = dt.date.fromisoformat(line), None
            continue
        match = _BRACKET.match(line) or _HEADER.match(line) or _LEADING.match(line)
        if match is None:
            if current is None:
                result.skipped.append(Skipped(f"{name}: line {number}", "no time before this line"))
            else:
                current.lines.append(line)
            continue
        try:
            at = _time(match["time"], clock, previous, options.tz, day)
        except RecordError as error:
            result.skipped.append(Skipped(f"{name}: line {number}", str(error)))
            current = None
            continue
        groups = match.groupdict()
        first = groups.get("text")
        actor = (groups.get("actor") or groups.get("nick") or "").strip() or None
        current = _Message(at, actor, [first] if first else [], number)
        pending.append(current)
        previous = at
    for item in pending:
        words = _EDITED.sub("", " ".join(item.lines)).strip()
        if not words:
            result.skipped.append(Skipped(f"{name}: line {item.line}", "no text after the time"))
            continue
        key = f"{item.at.isoformat()}\n{item.actor or ''}\n{words}"
        result.events.append(
            ImportedEvent(
                at=item.at,
                text=words,
                actor=item.actor,
                source=SOURCE,
                source_id=hashlib.sha1(key.encode()).hexdigest()[:16],
            )
        )
    if warning := clock.warning(name):
        result.warnings.append(warning)
    return result


def _time(
    value: str, clock: Clock, previous: dt.datetime | None, tz: str, day: dt.date
) -> dt.datetime:
    return placed(_OFFSET_SPACE.sub("", value.strip()), clock, previous, tz, day)
