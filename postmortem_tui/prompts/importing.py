"""Plain mode's import: a file read into events, each added with yes or no, or "all"."""

from __future__ import annotations

from ..core.display import printable
from ..importers import FORMATS, ImportedAction, ImportedEvent, SourceError, read_sources
from ..importers.merge import merge, merge_actions, new_only, options_for
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
    if result.actions:
        _import_actions(s, result.actions, given, said)
        if not result.events:
            return
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


def _import_actions(s: Session, actions: list[ImportedAction], given: str, said: str) -> None:
    """Follow-ups become action items: all of them, or none, after one question."""
    count = len(actions)
    say(f"Read {count} follow-up{'s' if count != 1 else ''} from {given} ({said}):")
    for action in actions[:10]:
        owner = f" ({action.owner})" if action.owner else ""
        say(printable(f"  [{action.status or 'planned'}] {action.action}{owner}"))
    if count > 10:
        say(f"  ... and {count - 10} more")
    if not asks.confirm("Add them to the action items (those not there already)?", default=True):
        say("No action items added.")
        return
    added, already = merge_actions(s.draft, actions)
    if added:
        s.save()
    note = f" ({already} already there)" if already else ""
    say(f"Added {len(added)} action item{'s' if len(added) != 1 else ''}{note}.")
