"""Plain mode's import: a file read into events, each added with yes or no, or "all"."""

from __future__ import annotations

from ..core.display import printable
from ..importers import FORMATS, ImportedEvent, SourceError, read_sources
from ..importers.merge import merge, new_only, options_for
from . import asks
from .session import Session, say


def import_file(s: Session) -> None:
    """Ask for a file, read it, offer each new event; add the accepted ones and save."""
    draft = s.draft
    given = asks.path("File, folder or .zip to import (Tab completes; empty: back):")
    if not given:
        return
    try:
        result, chosen = read_sources([given], options_for(draft))
    except SourceError as error:
        say(f"Not imported: {printable(str(error))}")
        return
    fresh, already = new_only(result.events, draft)
    said = ", ".join(f"{FORMATS[f][0]}" for _name, f in chosen)
    say(f"Read {len(result.events)} events from {given} ({said}).")
    if already:
        say(f"  {already} already in the draft, not offered again.")
    for item in result.skipped[:5]:
        say(printable(f"  skipped {item.source_id}: {item.reason}"))
    if len(result.skipped) > 5:
        say(f"  ... and {len(result.skipped) - 5} more skipped")
    for warning in result.warnings:
        say(printable(f"  note: {warning}"))
    kept: list[ImportedEvent] = []
    tz, day = draft.meta.timezone, draft.meta.date
    for index, event in enumerate(fresh):
        shown = f"{asks.format_time(event.at, tz, day)}  [{event.kind}]  {event.text}"
        if event.actor:
            shown += f"  ({event.actor})"
        shown = printable(shown if len(shown) <= 100 else shown[:99] + "…")
        answer = asks.select(
            f"Add {index + 1} of {len(fresh)}? {shown}",
            [
                ("yes", "yes"),
                ("no", "no"),
                ("all: this and every one after it", "all"),
                ("none of the rest", "stop"),
            ],
            "yes",
        )
        if answer == "stop":
            break
        if answer == "all":
            kept.extend(fresh[index:])
            break
        if answer == "yes":
            kept.append(event)
    if not kept:
        say("Nothing added.")
        return
    report = merge(draft, kept)
    s.save()
    say(f"Added {len(report.added)} event{'s' if len(report.added) != 1 else ''}.")
