"""``postmortem related``: the drafts most like one draft, best first, each with why.

Two incidents are alike when they hit the same services, carry the same tags, and speak of the
same things in their title, summary, root cause and contributing factors. The score is plain so
that a person can check it: ``SERVICE_WEIGHT`` per shared service, ``TAG_WEIGHT`` per shared tag
(both case-insensitive) and one per shared word (words of three letters or more, not among the
common ``index.STOPWORDS``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .common import Outcome, TeamError, gather, one_line, problems_of, status_for
from .index import IndexedDraft, scan

SERVICE_WEIGHT = 3
TAG_WEIGHT = 2
WORD_WEIGHT = 1
SHOWN_WORDS = 8
"""How many shared words a reason names (the score counts them all)."""


class Suggestion:
    """A draft like the one asked about, with its score and the reasons for it."""

    __slots__ = ("date", "entry", "reasons", "score")

    def __init__(self, entry: IndexedDraft, score: int, reasons: list[str]) -> None:
        self.entry = entry
        self.score = score
        self.reasons = reasons
        assert entry.record is not None
        self.date: str | None = entry.record["date"]

    @property
    def title(self) -> str:
        """The suggested draft's title."""
        return self.entry.title

    @property
    def path(self) -> Path:
        """The suggested draft's file."""
        return self.entry.path

    def as_json(self) -> dict[str, Any]:
        """The JSON ``related --json`` prints for one suggestion."""
        return {
            "file": str(self.entry.path),
            "title": self.title,
            "date": self.date,
            "score": self.score,
            "reasons": self.reasons,
        }


def _folded(values: Iterable[str]) -> dict[str, str]:
    return {v.strip().casefold(): v.strip() for v in values if v.strip()}


def _shared(mine: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """What both have, spelled as the suggested draft spells it."""
    return sorted(theirs[k] for k in mine.keys() & theirs.keys())


def suggest(
    target: IndexedDraft, others: Iterable[IndexedDraft], limit: int = 5
) -> list[Suggestion]:
    """The drafts of ``others`` most like ``target`` (never itself), best first; ties go to the
    newer incident, then the title."""
    record = target.record
    assert record is not None
    services = _folded(record["services"])
    tags = _folded(record["tags"])
    words = set(target.words.split())
    itself = os.path.abspath(target.path)
    found = []
    for other in others:
        theirs = other.record
        if theirs is None or os.path.abspath(other.path) == itself:
            continue
        same_services = _shared(services, _folded(theirs["services"]))
        same_tags = _shared(tags, _folded(theirs["tags"]))
        same_words = sorted(words & set(other.words.split()))
        score = (
            SERVICE_WEIGHT * len(same_services)
            + TAG_WEIGHT * len(same_tags)
            + WORD_WEIGHT * len(same_words)
        )
        if score <= 0:
            continue
        reasons = []
        if same_services:
            reasons.append("services: " + ", ".join(same_services))
        if same_tags:
            reasons.append("tags: " + ", ".join(same_tags))
        if same_words:
            shown = ", ".join(same_words[:SHOWN_WORDS])
            more = len(same_words) - SHOWN_WORDS
            reasons.append(f"words: {shown}" + (f" and {more} more" if more > 0 else ""))
        found.append(Suggestion(other, score, reasons))
    # Stable sorts, last key first: score, then the newer date (none last), then the title.
    found.sort(key=lambda s: (s.title.casefold(), str(s.path)))
    found.sort(key=lambda s: s.date or "", reverse=True)
    found.sort(key=lambda s: s.score, reverse=True)
    return found[: max(limit, 0)]


def target_entry(draft: Path) -> IndexedDraft:
    """The draft asked about, read through the index; raises TeamError when it cannot be."""
    (entry,) = scan([draft], words=True)
    if entry.record is None:
        raise TeamError(f"{draft}: {entry.error}")
    return entry


def run_related(
    draft: Path,
    given: Sequence[Path],
    *,
    limit: int = 5,
    as_json: bool = False,
    strict: bool = False,
) -> Outcome:
    """``postmortem related``: the drafts of ``given`` most like ``draft``."""
    if draft.is_dir():
        raise TeamError(f"{draft}: is a folder; name one draft to find the ones like it")
    if limit < 1:
        raise TeamError(f"--limit: expected a number of 1 or more, got {limit}")
    target = target_entry(draft)
    readable, broken = gather(given, words=True)
    found = suggest(target, readable, limit)
    if as_json:
        text = json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False) + "\n"
    elif not found:
        text = f"No drafts like {draft} among {len(readable)} others.\n"
    else:
        lines = []
        for suggestion in found:
            date = suggestion.date or "no date"
            lines.append(
                f"{suggestion.score:>3}  {date:<10}  {one_line(suggestion.title, 60)}  "
                f"{suggestion.path}"
            )
            lines.append("     " + "; ".join(suggestion.reasons))
        text = "\n".join(lines) + "\n"
    return Outcome(text, problems_of(broken), status_for(broken, strict))
