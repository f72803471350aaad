"""The derived timeline metrics as plain values: ``(name, label, seconds, formula)`` for each,
worked out from anything with an ``impact`` (start and end) and a ``first_event(kind)``: a
draft, or the index's reading of plain TOML data (which needs no model for it).
``metrics.compute_metrics`` makes them the ``Metric`` objects the rest of the tool shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

MetricValue = tuple[str, str, float | None, str]
"""Name (the key in JSON and templates), label, seconds (None when the events it needs are
missing) and the formula it was worked out by."""


def _between(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    # In UTC: Python subtracts two datetimes sharing one tzinfo as wall-clock times, which is
    # an hour off across a DST change.
    return (b.astimezone(dt.UTC) - a.astimezone(dt.UTC)).total_seconds()


def _first(timed: Any, kind: str) -> dt.datetime | None:
    event = timed.first_event(kind)
    return event.at if event else None


def metric_values(timed: Any) -> list[MetricValue]:
    """The six derived metrics of draft format 1, in the order the format lists them."""
    start, end = timed.impact.start, timed.impact.end
    detected = _first(timed, "detected")
    resolved = _first(timed, "resolved")
    if start is not None and end is not None:
        duration = ("duration", "Duration", _between(start, end), "impact end - impact start")
    elif detected is not None and resolved is not None:
        duration = ("duration", "Duration", _between(detected, resolved), "resolved - detected")
    else:
        duration = ("duration", "Duration", None, "impact end - impact start")
    return [
        duration,
        ("time_to_detect", "Time to detect", _between(start, detected), "detected - impact start"),
        (
            "trigger_to_detection",
            "Trigger to detection",
            _between(_first(timed, "trigger"), detected),
            "detected - trigger",
        ),
        (
            "time_to_acknowledge",
            "Time to acknowledge",
            _between(detected, _first(timed, "acknowledged")),
            "acknowledged - detected",
        ),
        (
            "time_to_mitigate",
            "Time to mitigate",
            _between(start, _first(timed, "mitigated")),
            "mitigated - impact start",
        ),
        (
            "time_to_resolve",
            "Time to resolve",
            _between(start, resolved),
            "resolved - impact start",
        ),
    ]
