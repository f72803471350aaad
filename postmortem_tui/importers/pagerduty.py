"""PagerDuty: an incident's log entries, as ``GET /incidents/{id}/log_entries`` returns them.

A file may hold one page (``{"log_entries": [...], "more": false}``), several pages one after
another or in an array (as a paging script saves them), or a bare array of entries. Entries are
sorted by ``created_at`` here (the API lists newest first) and an entry repeated across pages is
read once.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from .base import (
    Clock,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
    get,
    json_documents,
    text_of,
)

FORMAT = "pagerduty"
SOURCE = "pagerduty"
EXPECTED = 'PagerDuty log entries ({"log_entries": [...]} from /incidents/{id}/log_entries)'


def is_entry(record: Any) -> bool:
    """A PagerDuty log entry object (its ``type`` ends in ``_log_entry``)."""
    return isinstance(record, dict) and str(record.get("type", "")).endswith("_log_entry")


def looks_like(document: Any) -> bool:
    """A page of log entries, a list of pages, or a bare list of entries."""
    if isinstance(document, dict):
        return isinstance(document.get("log_entries"), list) or is_entry(document.get("log_entry"))
    if isinstance(document, list) and document:
        return all(is_entry(d) or looks_like(d) for d in document[:20] if isinstance(d, dict))
    return False


def _entries(source: Source) -> tuple[list[Any], bool]:
    """Every entry of every page in ``source``, and whether the last page says there is more."""
    entries: list[Any] = []
    more = False
    pending = list(json_documents(source, EXPECTED))
    while pending:
        document = pending.pop(0)
        if isinstance(document, dict) and "log_entries" in document:
            if not isinstance(document["log_entries"], list):
                raise SourceError(source.name, "expected a list", "key log_entries")
            entries.extend(document["log_entries"])
            more = document.get("more") is True
        elif isinstance(document, dict) and is_entry(document.get("log_entry")):
            entries.append(document["log_entry"])
        elif isinstance(document, list) and all(isinstance(d, dict) for d in document):
            if document and not is_entry(document[0]) and looks_like(document[0]):
                pending[:0] = document  # an array of pages
            else:
                entries.extend(document)
        elif is_entry(document):
            entries.append(document)
        else:
            raise SourceError(source.name, f"expected {EXPECTED}")
    return entries, more


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from PagerDuty log entry files; see the module docstring."""
    result = ImportResult(FORMAT)
    rows: list[tuple[Any, str, Any]] = []
    seen: set[str] = set()
    for source in sources:
        entries, more = _entries(source)
        if not entries:
            raise SourceError(source.name, f"no log entries: expected {EXPECTED}")
        if more:
            result.warnings.append(
                f'{source.name}: the last page says "more": true; entries after it were not fetched'
            )
        clock = Clock(options.tz)
        for index, entry in enumerate(entries, 1):
            where = f"{source.name}: entry {index}"
            if not isinstance(entry, dict):
                result.skipped.append(Skipped(where, "not a log entry object"))
                continue
            entry_id = entry.get("id")
            if not isinstance(entry_id, str) or not entry_id:
                result.skipped.append(Skipped(where, "id: missing"))
                continue
            if entry_id in seen:
                continue  # the same entry on two pages
            seen.add(entry_id)
            try:
                at = clock.instant(entry.get("created_at"), "created_at")
            except RecordError as error:
                result.skipped.append(Skipped(entry_id, str(error)))
                continue
            rows.append((at, entry_id, entry))
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    rows.sort(key=lambda row: (row[0].astimezone(UTC), _ORDER.get(str(row[2].get("type")), 5)))
    resolves = [row[1] for row in rows if row[2].get("type") == "resolve_log_entry"]
    last_resolve = resolves[-1] if resolves else None
    triggered = acknowledged = False
    for at, entry_id, entry in rows:
        kind_of = str(entry.get("type"))
        kind = "note"
        if kind_of == "trigger_log_entry" and not triggered:
            kind, triggered = "detected", True
        elif kind_of == "notify_log_entry":
            kind = "paged"
        elif kind_of == "acknowledge_log_entry" and not acknowledged:
            kind, acknowledged = "acknowledged", True
        elif kind_of == "resolve_log_entry" and entry_id == last_resolve:
            kind = "resolved"
        text = _text(entry)
        if not text:
            result.skipped.append(Skipped(entry_id, "no summary"))
            continue
        result.events.append(
            ImportedEvent(
                at=at,
                text=text,
                kind=kind,
                actor=_actor(entry),
                link=entry.get("html_url") if isinstance(entry.get("html_url"), str) else None,
                source=SOURCE,
                source_id=entry_id,
            )
        )
    return result


_ORDER = {"trigger_log_entry": 0, "assign_log_entry": 1, "notify_log_entry": 2}
"""Entries of the same second in the order they happen (trigger, then assign, then notify)."""


def _text(entry: dict[str, Any]) -> str:
    kind_of = entry.get("type")
    summary = text_of(entry.get("summary"))
    if kind_of == "annotate_log_entry":
        note = text_of(entry.get("note")) or text_of(get(entry, "channel", "summary"))
        return f"Note: {note}" if note else summary
    if kind_of == "trigger_log_entry":
        what = text_of(get(entry, "channel", "summary")) or text_of(
            get(entry, "event_details", "description")
        )
        incident = text_of(get(entry, "incident", "summary"))
        detail = what or incident
        return f"{summary}: {detail}" if summary and detail else summary or detail
    return summary


def _actor(entry: dict[str, Any]) -> str | None:
    agent = entry.get("agent")
    if isinstance(agent, dict):
        name = agent.get("summary")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None
