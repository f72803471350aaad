"""incident.io: incident updates (``GET /v2/incident_updates``) and an incident's timestamps
(``GET /v2/incidents/{id}``).

Each update is a ``note`` "Status: message". The incident's timestamps map by name (names are
each organisation's own; these are the defaults): "Reported at" -> ``detected``, "Accepted at"
-> ``acknowledged``, "Fixed at" -> ``mitigated``, "Resolved at" and "Closed at" -> ``resolved``;
"Impact started" is offered as the impact's start.

Follow-ups (``GET /v2/follow_ups``) become action items, not events: the title is the action,
the assignee its owner, the external issue's URL its link; ``outstanding`` -> planned,
``completed`` -> done, ``not_doing`` -> won't do, ``deleted`` ones are skipped; a priority named
Urgent, High, Medium or Low -> P0 to P3; the first label that is an action type (prevent,
detect, ...) its type.
"""

from __future__ import annotations

from typing import Any

from .base import (
    Clock,
    ImportedAction,
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
    'incident.io incident updates ({"incident_updates": [...]}), '
    'an incident ({"incident": {...}}) or follow-ups ({"follow_ups": [...]})'
)

FOLLOW_UP_STATUSES: dict[str, str | None] = {
    "outstanding": "planned",
    "completed": "done",
    "not_doing": "wont-do",
}
"""incident.io follow-up statuses and the action item status each becomes (deleted: skipped)."""
PRIORITIES: dict[str, str] = {"urgent": "P0", "high": "P1", "medium": "P2", "low": "P3"}
"""incident.io's default follow-up priority names and the draft's priority each becomes."""

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
    if isinstance(document, dict) and isinstance(document.get("follow_ups"), list):
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
            elif isinstance(get(document, "follow_ups"), list):
                _follow_ups(document["follow_ups"], result, source)
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


def _follow_ups(items: list[Any], result: ImportResult, source: Source) -> None:
    from ..core.model import ACTION_TYPES

    for index, item in enumerate(items, 1):
        where = f"{source.name}: follow-up {index}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            result.skipped.append(Skipped(where, "not a follow-up with an id"))
            continue
        title = " ".join(text_of(item.get("title")).split())
        if not title:
            result.skipped.append(Skipped(item["id"], "no title"))
            continue
        state = text_of(item.get("status")).casefold()
        if state == "deleted":
            result.skipped.append(Skipped(item["id"], "deleted in incident.io"))
            continue
        if state and state not in FOLLOW_UP_STATUSES:
            result.warnings.append(f"{where}: status {state!r} is not known; read as planned")
        link = text_of(get(item, "external_issue_reference", "issue_permalink"))
        labels = item.get("labels")
        kinds = (
            [text_of(label).casefold() for label in labels or ()]
            if isinstance(labels, list)
            else []
        )
        result.actions.append(
            ImportedAction(
                title,
                owner=text_of(get(item, "assignee", "name")) or None,
                status=FOLLOW_UP_STATUSES.get(state),
                priority=PRIORITIES.get(text_of(get(item, "priority", "name")).casefold()),
                type=next((k for k in kinds if k in ACTION_TYPES), None),
                link=link if link.startswith(("https://", "http://")) else None,
                source_id=item["id"],
            )
        )
