"""PagerDuty's incident list as CSV: one row per incident (Insights or the analytics API).

Headers are matched through aliases (``created_at`` and "Created On" alike). Each row gives
``created_at`` -> ``detected``, ``created_at + seconds_to_first_ack`` -> ``acknowledged`` and
``resolved_at`` -> ``resolved``.
"""

from __future__ import annotations

import datetime as dt

from .base import (
    Clock,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
)
from .csvfile import columns, rows_of

FORMAT = "pagerduty-csv"
SOURCE = "pagerduty"
EXPECTED = "a PagerDuty incident CSV with id (or incident_number) and created_at columns"

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "incident_id"),
    "number": ("incident_number", "number", "#"),
    "description": ("description", "title", "incident_title", "summary"),
    "service": ("service_name", "service"),
    "created_at": ("created_at", "created_on", "created", "opened_at", "triggered_at"),
    "resolved_at": ("resolved_at", "resolved_on", "resolved"),
    "seconds_to_first_ack": ("seconds_to_first_ack", "time_to_first_ack_(seconds)"),
    "acknowledged_by": ("acknowledged_user_names", "acknowledged_by"),
    "resolved_by": ("resolved_by_user_name", "resolved_by"),
}


def looks_like(header: list[str]) -> bool:
    """Whether a normalised header row is PagerDuty's incident list."""
    found = columns(header, ALIASES)
    return "created_at" in found and ("number" in found or "seconds_to_resolve" in header)


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from PagerDuty incident CSV files; see the module docstring."""
    result = ImportResult(FORMAT)
    incidents = 0
    for source in sources:
        header, rows = rows_of(source)
        found = columns(header, ALIASES)
        if "created_at" not in found or ("id" not in found and "number" not in found):
            raise SourceError(source.name, f"expected {EXPECTED}", "line 1")
        clock = Clock(options.tz)
        for line, row in rows:

            def cell(field: str, row: list[str] = row, found: dict[str, int] = found) -> str:
                index = found.get(field)
                return row[index].strip() if index is not None and index < len(row) else ""

            key = cell("id") or cell("number") or f"{source.name}: line {line}"
            number = cell("number")
            name = f"#{number}" if number else key
            what = cell("description")
            try:
                created = clock.instant(cell("created_at"), "created_at")
                resolved = clock.maybe(cell("resolved_at"), "resolved_at")
                ack_after = cell("seconds_to_first_ack")
                acknowledged = (
                    created + dt.timedelta(seconds=float(ack_after)) if ack_after else None
                )
            except (RecordError, ValueError) as error:
                reason = (
                    str(error)
                    if isinstance(error, RecordError)
                    else "seconds_to_first_ack: not a number"
                )
                result.skipped.append(Skipped(f"{source.name}: line {line}", reason))
                continue
            incidents += 1
            by_ack = cell("acknowledged_by") or None
            by_resolve = cell("resolved_by") or None
            result.events.append(
                ImportedEvent(
                    created,
                    f"PagerDuty incident {name} triggered" + (f": {what}" if what else ""),
                    "detected",
                    actor=cell("service") or None,
                    source=SOURCE,
                    source_id=f"{key}:triggered",
                )
            )
            if acknowledged:
                result.events.append(
                    ImportedEvent(
                        acknowledged,
                        f"PagerDuty incident {name} acknowledged",
                        "acknowledged",
                        actor=by_ack,
                        source=SOURCE,
                        source_id=f"{key}:acknowledged",
                    )
                )
            if resolved:
                result.events.append(
                    ImportedEvent(
                        resolved,
                        f"PagerDuty incident {name} resolved",
                        "resolved",
                        actor=by_resolve,
                        source=SOURCE,
                        source_id=f"{key}:resolved",
                    )
                )
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    if incidents > 1:
        result.warnings.append(
            f"{incidents} incidents in the CSV; keep the one this postmortem is about with "
            "--since and --until"
        )
    return result
