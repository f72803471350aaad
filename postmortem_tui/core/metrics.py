"""The derived timeline metrics: never stored, always computed, always shown with a formula."""

from __future__ import annotations

import datetime as dt

import attrs

from .model import Draft


@attrs.frozen
class Metric:
    """One derived metric; ``seconds`` is None when the events it needs are missing."""

    name: str
    """Key used in JSON and templates: ``time_to_detect``."""
    label: str
    """How people say it: "Time to detect"."""
    seconds: float | None
    formula: str
    """How it was computed: "detected - impact start"."""


def _between(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    # In UTC: Python subtracts two datetimes sharing one tzinfo as wall-clock times, which is
    # an hour off across a DST change.
    return (b.astimezone(dt.UTC) - a.astimezone(dt.UTC)).total_seconds()


def _first(draft: Draft, kind: str) -> dt.datetime | None:
    event = draft.first_event(kind)
    return event.at if event else None


def compute_metrics(draft: Draft) -> dict[str, Metric]:
    """The six derived metrics of draft format 1, in the order the format lists them."""
    start, end = draft.impact.start, draft.impact.end
    detected = _first(draft, "detected")
    resolved = _first(draft, "resolved")
    if start is not None and end is not None:
        duration = Metric("duration", "Duration", _between(start, end), "impact end - impact start")
    elif detected is not None and resolved is not None:
        duration = Metric(
            "duration", "Duration", _between(detected, resolved), "resolved - detected"
        )
    else:
        duration = Metric("duration", "Duration", None, "impact end - impact start")
    rows = [
        duration,
        Metric(
            "time_to_detect", "Time to detect", _between(start, detected), "detected - impact start"
        ),
        Metric(
            "trigger_to_detection",
            "Trigger to detection",
            _between(_first(draft, "trigger"), detected),
            "detected - trigger",
        ),
        Metric(
            "time_to_acknowledge",
            "Time to acknowledge",
            _between(detected, _first(draft, "acknowledged")),
            "acknowledged - detected",
        ),
        Metric(
            "time_to_mitigate",
            "Time to mitigate",
            _between(start, _first(draft, "mitigated")),
            "mitigated - impact start",
        ),
        Metric(
            "time_to_resolve",
            "Time to resolve",
            _between(start, resolved),
            "resolved - impact start",
        ),
    ]
    return {m.name: m for m in rows}
