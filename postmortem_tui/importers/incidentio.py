"""incident.io: incident updates (``GET /v2/incident_updates``) and an incident's timestamps
(``GET /v2/incidents/{id}``).

Each update is a ``note`` "Status: message". The incident's timestamps map by name (names are
each organisation's own; these are the defaults): "Reported at" -> ``detected``, "Accepted at"
-> ``acknowledged``, "Fixed at" -> ``mitigated``, "Resolved at" and "Closed at" -> ``resolved``;
"Impact started" is offered as the impact's start.
"""

from __future__ import annotations

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

FORMAT = "incident-io"
SOURCE = "incident.io"
EXPECTED = (
    'incident.io incident updates ({"incident_updates": [...]}) '
    'or an incident ({"incident": {...}})'
)

TIMESTAMP_KINDS: dict[str, str] = {
    "reported at": "detected",
    "accepted at": "acknowledged",
    "fixed at": "mitigated",
    "resolved at": "resolved",
    "closed at": "resolved",
}
"""incident.io timestamp names (folded) and the event kind each becomes; others become notes."""


def looks_like(document: Any) -> bool:
    """An incident-updates page or an incident response."""
    if isinstance(document, dict) and isinstance(document.get("incident_updates"), list):
        return True
    return isinstance(get(document, "incident"), dict) and (
        "incident_timestamp_values" in document["incident"] or "reference" in document["incident"]
    )


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from incident.io files; see the module docstring."""
    result = ImportResult(FORMAT)
    for source in sources:
        clock = Clock(options.tz)
        for document in json_documents(source, EXPECTED):
            if isinstance(get(document, "incident"), dict):
                _incident(document["incident"], clock, result)
            elif isinstance(get(document, "incident_updates"), list):
                _updates(document["incident_updates"], clock, result, source)
            else:
                raise SourceError(source.name, f"expected {EXPECTED}")
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    return result


def _updates(updates: list[Any], clock: Clock, result: ImportResult, source: Source) -> None:
    for index, update in enumerate(updates, 1):
        where = f"{source.name}: update {index}"
        if not isinstance(update, dict) or not isinstance(update.get("id"), str):
            result.skipped.append(Skipped(where, "not an incident update with an id"))
            continue
        try:
            at = clock.instant(update.get("created_at"), "created_at")
        except RecordError as error:
            result.skipped.append(Skipped(update["id"], str(error)))
            continue
        status = text_of(get(update, "new_incident_status", "name"))
        message = text_of(update.get("message"))
        severity = text_of(get(update, "new_severity", "name"))
        parts = [p for p in (f"Status {status}" if status else "", message) if p]
        if severity and not message:
            parts.append(f"severity {severity}")
        if not parts:
            result.skipped.append(Skipped(update["id"], "no message or status"))
            continue
        actor = text_of(get(update, "updater", "user", "name")) or text_of(
            get(update, "updater", "api_key", "name")
        )
        result.events.append(
            ImportedEvent(
                at,
                ": ".join(parts),
                actor=actor or None,
                source=SOURCE,
                source_id=update["id"],
            )
        )


def _incident(incident: dict[str, Any], clock: Clock, result: ImportResult) -> None:
    reference = text_of(incident.get("reference")) or text_of(incident.get("id")) or "incident"
    link = incident.get("permalink") if isinstance(incident.get("permalink"), str) else None
    for index, item in enumerate(incident.get("incident_timestamp_values") or [], 1):
        name = text_of(get(item, "incident_timestamp", "name"))
        stamp_id = text_of(get(item, "incident_timestamp", "id")) or str(index)
        source_id = f"{text_of(incident.get('id')) or reference}:{stamp_id}"
        try:
            at = clock.maybe(get(item, "value", "value"), f"{name or 'timestamp'}")
        except RecordError as error:
            result.skipped.append(Skipped(source_id, str(error)))
            continue
        if at is None or not name:
            continue  # a timestamp the incident never reached
        if name.casefold() == "impact started":
            result.impact_start = at
            continue
        result.events.append(
            ImportedEvent(
                at,
                f"{reference}: {name}",
                TIMESTAMP_KINDS.get(name.casefold(), "note"),
                actor="incident.io",
                link=link,
                source=SOURCE,
                source_id=source_id,
            )
        )
