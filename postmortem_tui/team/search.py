"""Finding drafts: ``postmortem list [PATH...] [QUERY]`` and the home screen's search box.

A query is words, in any order, and ``"quoted phrases"``; a draft matches when every word and
phrase is somewhere in its texts (any letter case; a word may be part of a longer one, so
``pool`` finds "connection pooling"). Filters narrow by tag, service, severity, status and
incident date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .common import Outcome, fold, gather, one_line, status_for
from .index import IndexedDraft

_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str | Iterable[str]) -> list[str]:
    """The words and phrases of a query, case-folded. Several arguments are joined; one that
    holds spaces (quoted in the shell) is a phrase."""
    if isinstance(query, str):
        parts = [query]
    else:
        parts = [f'"{q}"' if " " in q.strip() and '"' not in q else q for q in query]
    terms = []
    for match in _TERM.finditer(" ".join(parts)):
        phrase, word = match.groups()
        term = " ".join((phrase if phrase is not None else word).split()).casefold()
        if term:
            terms.append(term)
    return terms


class Search:
    """A query and filters; ``matches`` says whether a draft passes them all."""

    __slots__ = ("services", "severities", "since", "statuses", "tags", "terms", "until")

    def __init__(
        self,
        query: str | Iterable[str] = "",
        *,
        tags: Iterable[str] = (),
        services: Iterable[str] = (),
        severities: Iterable[str] = (),
        statuses: Iterable[str] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> None:
        self.terms = parse_query(query)
        self.tags = fold(tags)
        self.services = fold(services)
        self.severities = fold(severities)
        self.statuses = fold(statuses)
        self.since = since
        self.until = until

    @property
    def needs_text(self) -> bool:
        """Whether matching reads the drafts' texts (a query was given)."""
        return bool(self.terms)

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return bool(
            self.terms
            or self.tags
            or self.services
            or self.severities
            or self.statuses
            or self.since
            or self.until
        )

    def matches(self, entry: IndexedDraft) -> bool:
        """The draft passes every filter and holds every word and phrase."""
        record = entry.record
        if record is None:
            return False
        if self.tags and not self.tags & fold(record["tags"]):
            return False
        if self.services and not self.services & fold(record["services"]):
            return False
        if self.severities and (record["severity"] or "").casefold() not in self.severities:
            return False
        if self.statuses and record["status"].casefold() not in self.statuses:
            return False
        date = record["date"]
        if self.since is not None and (date is None or date < self.since.isoformat()):
            return False
        if self.until is not None and (date is None or date > self.until.isoformat()):
            return False
        text = " ".join(entry.text.split()) if any(" " in t for t in self.terms) else entry.text
        return all(term in text for term in self.terms)


def find(given: Sequence[Path], search: Search) -> tuple[list[IndexedDraft], list[IndexedDraft]]:
    """The drafts of ``given`` that match, newest edit first, and those that cannot be read
    (always shown: nobody can say what they hold)."""
    readable, broken = gather(given, text=search.needs_text, body=False)
    found = [e for e in readable if search.matches(e)] if search.active else readable
    everything = found + broken
    # Newest first; the name breaks ties so the order is the same on every run.
    everything.sort(key=lambda e: (-e.modified, e.path.name))
    return [e for e in everything if e.record is not None], broken


def as_json(entry: IndexedDraft) -> dict[str, Any]:
    """One draft as ``list --json`` prints it."""
    record = entry.record
    return {
        "path": str(entry.path),
        "title": entry.title,
        "date": record["date"] if record else None,
        "severity": record["severity"] if record else None,
        "status": record["status"] if record else "unreadable",
        "modified": dt.datetime.fromtimestamp(entry.modified, dt.UTC).isoformat(),
        "error": entry.error,
    }


def run_list(
    given: Sequence[Path],
    search: Search,
    *,
    as_json_output: bool = False,
    strict: bool = False,
    empty_hint: str = "",
) -> Outcome:
    """``postmortem list``: the drafts that match, newest first; unreadable ones say why."""
    found, broken = find(given, search)
    shown = found + broken
    shown.sort(key=lambda e: (-e.modified, e.path.name))
    if as_json_output:
        text = json.dumps([as_json(e) for e in shown], indent=2, ensure_ascii=False) + "\n"
        return Outcome(text, status=status_for(broken, strict))
    if not shown:
        if search.active:
            return Outcome("No drafts match.\n", status=status_for(broken, strict))
        return Outcome(empty_hint, status=status_for(broken, strict))
    rows = [("TITLE", "DATE", "SEV", "STATUS", "PATH")]
    for entry in shown:
        record = entry.record
        rows.append(
            (
                one_line(entry.title, 50),
                (record["date"] or "") if record else "",
                (record["severity"] or "") if record else "",
                record["status"] if record else "unreadable",
                str(entry.path),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for row, shown_entry in zip(rows, [None, *shown], strict=True):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])))
        lines[-1] += "  " + row[4]
        if shown_entry is not None and shown_entry.error:
            lines.append(f"    ! {shown_entry.error}")
    return Outcome("\n".join(lines) + "\n", status=status_for(broken, strict))
