"""``postmortem actions``: every action item of every draft, with filters, as a table, JSON, CSV
or Markdown; the follow-up that postmortems most often forget."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .common import (
    EXIT_FOUND,
    EXIT_OK,
    Outcome,
    columns_table,
    fold,
    gather,
    one_line,
    problems_of,
    status_for,
)
from .index import IndexedDraft

FORMATS = ("table", "json", "csv", "markdown")

KEYS = (
    "file",
    "title",
    "incident_date",
    "index",
    "action",
    "owner",
    "due",
    "priority",
    "status",
    "type",
    "link",
    "overdue",
    "days_overdue",
)
"""The keys of each item in JSON, and the columns of the CSV, in this order."""


def is_open(item: dict[str, Any]) -> bool:
    """Planned or in progress (no status reads as planned): open until done or won't do."""
    status = item.get("status")
    return status is None or status == "planned" or status == "in-progress"


def days_overdue(item: dict[str, Any], today: dt.date, today_iso: str | None = None) -> int | None:
    """How many days an open item is past its due date; None when it is not overdue.

    ``today_iso`` is ``today.isoformat()`` when the caller has it (ISO dates compare as text,
    so most items need no date parsed)."""
    due = item.get("due")
    if not due or due >= (today_iso or today.isoformat()) or not is_open(item):
        return None
    return (today - dt.date.fromisoformat(due)).days


class Filters:
    """What ``actions`` keeps; every filter given must hold."""

    __slots__ = ("due_before", "only_open", "overdue", "owners", "priorities", "services", "tags")

    def __init__(
        self,
        *,
        only_open: bool = False,
        overdue: bool = False,
        owners: Iterable[str] = (),
        priorities: Iterable[str] = (),
        due_before: dt.date | None = None,
        tags: Iterable[str] = (),
        services: Iterable[str] = (),
    ) -> None:
        self.only_open = only_open
        self.overdue = overdue
        self.owners = fold(owners)
        self.priorities = fold(priorities)
        self.due_before = due_before
        self.tags = fold(tags)
        self.services = fold(services)

    def keeps_draft(self, record: dict[str, Any]) -> bool:
        """The draft has one of the tags and one of the services asked for."""
        if self.tags and not self.tags & fold(record["tags"]):
            return False
        return not (self.services and not self.services & fold(record["services"]))

    def sifts_items(self) -> bool:
        """Whether a filter of items (not of drafts) is given."""
        return bool(
            self.only_open
            or self.overdue
            or self.owners
            or self.priorities
            or self.due_before is not None
        )

    def keeps(self, item: dict[str, Any], today: dt.date) -> bool:
        """The item passes every filter given."""
        if self.only_open and not is_open(item):
            return False
        if self.overdue and days_overdue(item, today) is None:
            return False
        if self.owners and (item.get("owner") or "").strip().casefold() not in self.owners:
            return False
        if self.priorities and (item.get("priority") or "").casefold() not in self.priorities:
            return False
        if self.due_before is not None:
            due = item.get("due")
            if not due or dt.date.fromisoformat(due) >= self.due_before:
                return False
        return True


def collect(
    drafts: Iterable[IndexedDraft], filters: Filters, today: dt.date
) -> list[dict[str, Any]]:
    """The action items of ``drafts`` that pass ``filters``, as JSON-ready rows, sorted: overdue
    first, then by due date, items without a due date last."""
    rows = []
    today_iso = today.isoformat()
    sifting = filters.sifts_items()
    for entry in drafts:
        record = entry.record
        if record is None or not filters.keeps_draft(record):
            continue
        for index, item in enumerate(record["actions"]):
            if sifting and not filters.keeps(item, today):
                continue
            late = days_overdue(item, today, today_iso)
            rows.append(
                {
                    "file": str(entry.path),
                    "title": record["title"],
                    "incident_date": record["date"],
                    "index": index,
                    "action": item["action"],
                    "owner": item.get("owner"),
                    "due": item.get("due"),
                    "priority": item.get("priority"),
                    "status": item.get("status"),
                    "type": item.get("type"),
                    "link": item.get("link"),
                    "overdue": late is not None,
                    "days_overdue": late,
                }
            )
    rows.sort(
        key=lambda r: (
            not r["overdue"],
            r["due"] is None,
            r["due"] or "",
            r["file"],
            r["index"],
        )
    )
    return rows


def _status(row: dict[str, Any]) -> str:
    return row["status"] or "planned"


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """The items as aligned columns for a terminal."""
    heading = ("DUE", "OVERDUE", "PRI", "STATUS", "OWNER", "ACTION", "POSTMORTEM", "FILE")
    # Column by column; owners and titles repeat from row to row, so each is cut once.
    columns = (
        [row["due"] or "" for row in rows],
        [f"{row['days_overdue']} d" if row["overdue"] else "" for row in rows],
        [row["priority"] or "" for row in rows],
        [_status(row) for row in rows],
        _cut([row["owner"] for row in rows], 20),
        [one_line(row["action"], 50) for row in rows],
        _cut([row["title"] for row in rows], 40),
        [row["file"] for row in rows],
    )
    return columns_table(heading, columns, right=(1,))


def _cut(texts: list[str | None], limit: int) -> list[str]:
    """``one_line`` of each text, worked out once for each different text."""
    done: dict[str | None, str] = {}
    found = []
    for text in texts:
        line = done.get(text)
        if line is None:
            line = done[text] = one_line(text, limit)
        found.append(line)
    return found


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def format_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The items as CSV with a header row of ``KEYS``: empty cells for absent values."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KEYS)
    for row in rows:
        writer.writerow([_cell(row[key]) for key in KEYS])
    return out.getvalue()


def format_markdown(rows: Sequence[dict[str, Any]]) -> str:
    """The items as a Markdown table (every cell escaped), for a wiki page or an issue."""
    from ..export.markdown import md_table  # Jinja2 (~25 ms) only for this format

    body = [
        [
            row["due"] or "",
            str(row["days_overdue"]) if row["overdue"] else "",
            row["priority"] or "",
            _status(row),
            row["owner"] or "",
            row["action"],
            row["title"],
            row["file"],
        ]
        for row in rows
    ]
    columns = ["Due", "Days overdue", "Priority", "Status", "Owner", "Action", "Postmortem"]
    return md_table(body, [*columns, "File"]) + "\n"


def run_actions(
    given: Sequence[Path],
    *,
    filters: Filters,
    today: dt.date,
    fmt: str = "table",
    fail_on_overdue: bool = False,
    strict: bool = False,
) -> Outcome:
    """``postmortem actions``: the items of the drafts of ``given`` in ``fmt``."""
    readable, broken = gather(given)
    rows = collect(readable, filters, today)
    if fmt == "json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = format_csv(rows)
    elif fmt == "markdown":
        text = format_markdown(rows)
    elif rows:
        text = format_table(rows)
    else:
        text = f"No action items in {len(readable)} drafts match.\n"
    status = EXIT_FOUND if fail_on_overdue and any(r["overdue"] for r in rows) else EXIT_OK
    return Outcome(text, problems_of(broken), status_for(broken, strict, status))
