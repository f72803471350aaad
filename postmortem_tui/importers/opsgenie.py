"""Opsgenie: an alert (``GET /v2/alerts/{id}``) and its logs (``GET /v2/alerts/{id}/logs``).

The alert gives ``createdAt`` -> ``detected`` and, from ``report``, the acknowledge and close
times (milliseconds after ``createdAt``). Each log line is matched leniently by its words:
"acknowledged" -> ``acknowledged``, "closed" -> ``resolved``, a notification -> ``paged``,
anything else (notes too) -> ``note``.
"""

from __future__ import annotations

import datetime as dt
import re
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
    obj,
    text_of,
)

FORMAT = "opsgenie"
SOURCE = "opsgenie"
EXPECTED = (
    'Opsgenie alert logs ({"data": [{"log", "createdAt", ...}]}) or an alert ({"data": {...}})'
)


def looks_like(document: Any) -> bool:
    """An alert-logs page or an alert response."""
    data = get(document, "data")
    if isinstance(data, list):
        return bool(data) and all(
            isinstance(d, dict) and "log" in d and "createdAt" in d for d in data[:20]
        )
    return isinstance(data, dict) and "tinyId" in data and "createdAt" in data


def _kind(log: str, log_type: str) -> str:
    words = log.lower()
    if re.search(r"\backnowledged\b", words) and "unacknowledged" not in words:
        return "acknowledged"
    if re.search(r"\bclosed\b", words):
        return "resolved"
    if log_type == "alertRecipient" or re.search(r"\bnotification\b|\bnotified\b", words):
        return "paged"
    if words.startswith("alert created"):
        return "detected"
    return "note"


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from Opsgenie alert and alert-log files; see the module docstring."""
    result = ImportResult(FORMAT)
    firsts: set[str] = set()
    for source in sources:
        clock = Clock(options.tz)
        for document in json_documents(source, EXPECTED):
            data = get(document, "data")
            if isinstance(data, dict) and "createdAt" in data:
                _alert(data, clock, result, source)
                continue
            if not isinstance(data, list):
                raise SourceError(source.name, f"expected {EXPECTED}")
            if get(document, "paging", "next"):
                result.warnings.append(
                    f"{source.name}: paging.next is set; logs after this page were not fetched"
                )
            for index, entry in enumerate(data, 1):
                where = f"{source.name}: log {index}"
                if not isinstance(entry, dict):
                    result.skipped.append(Skipped(where, "not a log object"))
                    continue
                log = text_of(entry.get("log"))
                source_id = str(entry.get("offset") or f"{entry.get('createdAt')}:{index}")
                if not log:
                    result.skipped.append(Skipped(source_id, "log: empty"))
                    continue
                try:
                    at = clock.instant(entry.get("createdAt"), "createdAt")
                except RecordError as error:
                    result.skipped.append(Skipped(source_id, str(error)))
                    continue
                kind = _kind(log, str(entry.get("type", "")))
                if kind in ("detected", "acknowledged", "resolved"):
                    if kind in firsts and kind != "resolved":
                        kind = "note"
                    firsts.add(kind)
                owner = entry.get("owner")
                result.events.append(
                    ImportedEvent(
                        at,
                        log,
                        kind,
                        actor=owner if isinstance(owner, str) and owner else None,
                        source=SOURCE,
                        source_id=f"log:{source_id}",
                    )
                )
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    return result


def _alert(data: dict[str, Any], clock: Clock, result: ImportResult, source: Source) -> None:
    alert_id = str(data.get("id") or data.get("tinyId") or source.name)
    message = text_of(data.get("message")) or "Opsgenie alert"
    try:
        created = clock.instant(data.get("createdAt"), "data.createdAt")
    except RecordError as error:
        raise SourceError(source.name, str(error)) from None
    result.events.append(
        ImportedEvent(
            created,
            f"Opsgenie alert created: {message}",
            "detected",
            actor=text_of(data.get("source")) or None,
            source=SOURCE,
            source_id=f"{alert_id}:created",
        )
    )
    report = obj(data.get("report"))
    for key, kind, by, words in (
        ("ackTime", "acknowledged", "acknowledgedBy", "acknowledged"),
        ("closeTime", "resolved", "closedBy", "closed"),
    ):
        after = report.get(key)
        if isinstance(after, int | float) and not isinstance(after, bool) and after >= 0:
            who = report.get(by)
            result.events.append(
                ImportedEvent(
                    created + dt.timedelta(milliseconds=after),
                    f"Opsgenie alert {words}",
                    kind,
                    actor=who if isinstance(who, str) and who else None,
                    source=SOURCE,
                    source_id=f"{alert_id}:{kind}",
                )
            )
