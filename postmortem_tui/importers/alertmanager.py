"""Prometheus Alertmanager and Grafana alerting webhook bodies: one JSON document, or several
(JSON Lines, or a receiver's log of captured bodies).

Each alert's ``startsAt`` -> ``detected`` (when the rule began firing, after its ``for:``; not the
start of impact). A resolved alert's ``endsAt`` -> a ``note`` "resolved". A firing alert's
``endsAt`` of year 1 (``0001-01-01T00:00:00Z``) means still open. The same alert notified again
(``fingerprint`` + ``startsAt``) is read once.
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
    json_documents,
    obj,
    text_of,
)

EXPECTED = {
    "alertmanager": 'an Alertmanager webhook body ({"version": "4", "alerts": [...]})',
    "grafana": 'a Grafana alerting webhook body ({"version": "1", "orgId", "alerts": [...]})',
}
SOURCE = {"alertmanager": "alertmanager", "grafana": "grafana"}


def flavour(document: Any) -> str | None:
    """``grafana``, ``alertmanager`` or None for a document that is no webhook body."""
    if not isinstance(document, dict) or not isinstance(document.get("alerts"), list):
        return None
    if "orgId" in document or "state" in document or document.get("version") == "1":
        return "grafana"
    if "groupKey" in document or "receiver" in document or "version" in document:
        return "alertmanager"
    return None


def read_alertmanager(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from Alertmanager webhook bodies; see the module docstring."""
    return _read(sources, options, "alertmanager")


def read_grafana(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from Grafana alerting webhook bodies; see the module docstring."""
    return _read(sources, options, "grafana")


def _read(sources: list[Source], options: ReadOptions, which: str) -> ImportResult:
    result = ImportResult(which)
    seen: set[str] = set()
    for source in sources:
        clock = Clock(options.tz)
        documents = json_documents(source, EXPECTED[which])
        if len(documents) == 1 and isinstance(documents[0], list):
            documents = documents[0]  # an array of captured bodies
        for number, body in enumerate(documents, 1):
            if flavour(body) is None:
                raise SourceError(source.name, f"expected {EXPECTED[which]}", f"document {number}")
            for index, alert in enumerate(body["alerts"], 1):
                where = f"{source.name}: document {number}, alert {index}"
                try:
                    _alert(alert, body, clock, which, seen, result)
                except RecordError as error:
                    result.skipped.append(Skipped(where, str(error)))
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    starts = [e.at for e in result.events if e.kind == "detected"]
    result.first_alert = min(starts, key=lambda at: at.timestamp()) if starts else None
    return result


def _alert(
    alert: Any, body: dict[str, Any], clock: Clock, which: str, seen: set[str], result: ImportResult
) -> None:
    if not isinstance(alert, dict):
        raise RecordError("not an alert object")
    labels = obj(alert.get("labels"))
    annotations = obj(alert.get("annotations"))
    name = text_of(labels.get("alertname")) or "alert"
    starts = clock.instant(alert.get("startsAt"), "startsAt")
    fingerprint = text_of(alert.get("fingerprint")) or _label_key(labels)
    key = f"{fingerprint}@{starts.isoformat()}"
    summary = text_of(annotations.get("summary")) or text_of(annotations.get("description"))
    link = next(
        (
            alert[k]
            for k in ("panelURL", "dashboardURL", "generatorURL")
            if isinstance(alert.get(k), str) and alert[k]
        ),
        None,
    )
    if key not in seen:
        seen.add(key)
        result.events.append(
            ImportedEvent(
                starts,
                f"Alert {name} firing" + (f": {summary}" if summary else ""),
                "detected",
                actor=SOURCE[which],
                link=link,
                source=SOURCE[which],
                source_id=key,
            )
        )
    if alert.get("status") == "resolved":
        ends = clock.maybe(alert.get("endsAt"), "endsAt")
        if ends is not None and f"{key}/resolved" not in seen:
            seen.add(f"{key}/resolved")
            result.events.append(
                ImportedEvent(
                    ends,
                    f"Alert {name} resolved",
                    "note",
                    actor=SOURCE[which],
                    link=link,
                    source=SOURCE[which],
                    source_id=f"{key}/resolved",
                )
            )


def _label_key(labels: dict[str, Any]) -> str:
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))
