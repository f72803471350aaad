"""``postmortem stats``: how many incidents, how long they took to detect, acknowledge, mitigate
and resolve (median and 90th percentile, never a plain mean: a few long incidents would pull a
mean far from what a typical one looks like), and the action items still open."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .actions import days_overdue, is_open
from .common import Outcome, gather, problems_of, status_for, table
from .index import IndexedDraft

GROUPINGS = ("severity", "tag", "service", "month")

METRICS = (
    "duration",
    "time_to_detect",
    "trigger_to_detection",
    "time_to_acknowledge",
    "time_to_mitigate",
    "time_to_resolve",
)
"""The derived metrics of draft format 1, in the order the format lists them."""


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` percentile of ``values`` by linear interpolation between the two
    nearest ranks (numpy's default, a spreadsheet's PERCENTILE.INC); 0.5 is the median."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _keys(record: dict[str, Any], by: str | None) -> list[str | None]:
    """The groups a draft counts in: one, or one per tag or service (None: it has none)."""
    if by is None:
        return [None]
    if by == "severity":
        return [record["severity"]]
    if by == "month":
        return [record["date"][:7] if record["date"] else None]
    values = record["tags"] if by == "tag" else record["services"]
    return list(dict.fromkeys(values)) or [None]


def _formula(formulas: Iterable[str], name: str, fallback: dict[str, str]) -> str:
    found = list(dict.fromkeys(formulas))
    if not found:
        return fallback.get(name, "")
    return " or ".join(found)  # duration: impact end - impact start, else resolved - detected


def _group(
    key: str | None, records: list[dict[str, Any]], today: dt.date, fallback: dict[str, str]
) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    for name in METRICS:
        values = []
        formulas = []
        for record in records:
            seconds, formula = record["metrics"].get(name, (None, ""))
            if seconds is not None:
                values.append(seconds)
                formulas.append(formula)
        metrics[name] = {
            "count": len(values),
            "median_seconds": percentile(values, 0.5),
            "p90_seconds": percentile(values, 0.9),
            "formula": _formula(formulas, name, fallback),
        }
    items = [item for record in records for item in record["actions"]]
    return {
        "key": key,
        "incidents": len(records),
        "metrics": metrics,
        "actions": {
            "open": sum(1 for item in items if is_open(item)),
            "overdue": sum(1 for item in items if days_overdue(item, today) is not None),
        },
    }


def compute(
    drafts: Iterable[IndexedDraft],
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """The stats of ``drafts`` (incident dates from ``since`` to ``until``, both included) as
    the JSON ``stats --json`` prints."""
    records = []
    for entry in drafts:
        record = entry.record
        if record is None:
            continue
        date = record["date"]
        if since is not None and (date is None or date < since.isoformat()):
            continue
        if until is not None and (date is None or date > until.isoformat()):
            continue
        records.append(record)
    fallback: dict[str, str] = {}
    for record in records:
        for name, (_, formula) in record["metrics"].items():
            fallback.setdefault(name, formula)
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for record in records:
        for key in _keys(record, by):
            groups.setdefault(key, []).append(record)
    if not groups:
        groups[None] = []
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    return {
        "incidents": len(records),
        "groups": [_group(key, members, today, fallback) for key, members in ordered],
    }


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def format_stats(stats: dict[str, Any], by: str | None, today: dt.date) -> str:
    """The stats as a person reads them: one block per group."""
    from ..core.times import format_minutes  # zoneinfo (~8 ms) only for the table

    blocks = []
    for group in stats["groups"]:
        key = group["key"]
        if by is None:
            heading = "All incidents"
        elif key is None:
            heading = f"No {by}"
        else:
            heading = f"{by.capitalize()} {key}"
        actions = group["actions"]
        lines = [
            f"{heading}: {group['incidents']} incident{'s' if group['incidents'] != 1 else ''}; "
            f"action items: {actions['open']} open, {actions['overdue']} overdue "
            f"(on {today.isoformat()})"
        ]
        rows = [("  METRIC", "COUNT", "MEDIAN", "P90", "FORMULA")]
        for name, metric in group["metrics"].items():
            rows.append(
                (
                    f"  {_label(name)}",
                    str(metric["count"]),
                    format_minutes(metric["median_seconds"]),
                    format_minutes(metric["p90_seconds"]),
                    metric["formula"],
                )
            )
        lines.append(table(rows, right=(1, 2, 3)).rstrip("\n"))
        blocks.append("\n".join(lines))
    head = f"{stats['incidents']} incident{'s' if stats['incidents'] != 1 else ''}"
    note = "Medians and 90th percentiles (never means) of the incidents that have each metric."
    return f"{head}. {note}\n\n" + "\n\n".join(blocks) + "\n"


def run_stats(
    given: Sequence[Path],
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    by: str | None = None,
    as_json: bool = False,
    strict: bool = False,
) -> Outcome:
    """``postmortem stats``: the stats of the drafts of ``given``."""
    readable, broken = gather(given)
    stats = compute(readable, today=today, since=since, until=until, by=by)
    if as_json:
        text = json.dumps(stats, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_stats(stats, by, today)
    return Outcome(text, problems_of(broken), status_for(broken, strict))
