"""``postmortem import DRAFT SOURCE...``: timeline events from the record, added to a draft."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from ..core import model
from ..core.config import ConfigError, load_config
from ..core.display import PrintableStream
from ..core.session import EditSession
from ..core.store import DraftError, DraftLocked, LoadedDraft, read_draft
from ..core.times import TimeError, parse_time, zone
from ..importers import FORMATS, SourceError, read_sources
from ..importers.merge import MergeReport, merge, options_for

SHOWN = 200
"""Events listed in the plain report; a channel of 50,000 messages is summed up, not scrolled."""


class ImportFailed(Exception):
    """A source or draft that cannot be used: one message; nothing was written."""


def event_json(event: model.TimelineEvent) -> dict[str, Any]:
    """A timeline event as the ``--json`` report shows it."""
    data: dict[str, Any] = {"at": event.at.isoformat(), "kind": event.kind, "event": event.event}
    for key in ("actor", "link", "approximate", "source", "source_id"):
        value = getattr(event, key)
        if value is not None:
            data[key] = value
    return data


def action_json(item: model.ActionItem) -> dict[str, Any]:
    """An action item as the ``--json`` report shows it."""
    data: dict[str, Any] = {"action": item.action}
    for key in ("owner", "status", "priority", "type", "link"):
        value = getattr(item, key)
        if value is not None:
            data[key] = value
    return data


def action_line(item: model.ActionItem) -> str:
    """``  [done] text (owner) link`` for the plain report."""
    owner = f" ({item.owner})" if item.owner else ""
    link = f"  {item.link}" if item.link else ""
    return f"  [{item.status or 'planned'}] {' '.join(item.action.split())}{owner}{link}"


def event_line(event: model.TimelineEvent, tz: str) -> str:
    """``2024-03-12 14:07:12  detected      text (actor)`` for the plain report."""
    local = event.at.astimezone(zone(tz))
    when = f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    actor = f" ({event.actor})" if event.actor else ""
    text = " ".join(event.event.split())
    text = text if len(text) <= 90 else text[:89] + "…"
    return f"  {'~' if event.approximate else ''}{when}  {event.kind:<12}  {text}{actor}"


def _window(text: str | None, name: str, loaded: LoadedDraft) -> dt.datetime | None:
    if text is None:
        return None
    meta = loaded.draft.meta
    try:
        return parse_time(text, tz=meta.timezone, day=meta.date)
    except TimeError as error:
        raise ImportFailed(f"{name}: expected {error}") from None


def _load(path: Path) -> LoadedDraft:
    try:
        return read_draft(path)
    except DraftError as error:
        raise ImportFailed(str(error)) from None


def run_import(
    path: Path,
    given: Sequence[str],
    *,
    fmt: str = "auto",
    since: str | None = None,
    until: str | None = None,
    pinned: bool = False,
    dry_run: bool = False,
    as_json: bool = False,
    stdin: BinaryIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Read ``given`` sources, add their events to the draft at ``path``, report; returns 0.

    Raises ImportFailed (nothing written) for a source that is not what it claims, a draft
    that cannot be read or saved, or one open in another program.
    """
    # Records are other people's text: a terminal escape in a chat message is shown, not obeyed.
    out = cast(TextIO, PrintableStream(out or sys.stdout))
    err = cast(TextIO, PrintableStream(err or sys.stderr))
    loaded = _load(path)
    meta = loaded.draft.meta
    low, high = _window(since, "--since", loaded), _window(until, "--until", loaded)
    if low and high and high < low:
        raise ImportFailed("--until: is before --since; nothing would be kept")
    try:
        load_config()  # a broken configuration is refused here, with its message
    except ConfigError as error:
        raise ImportFailed(str(error)) from None
    options = options_for(loaded.draft, pinned=pinned)
    try:
        result, chosen = read_sources(given, options, fmt=fmt, stdin=stdin)
    except SourceError as error:
        raise ImportFailed(str(error)) from None
    for name, found in chosen:
        if fmt == "auto":
            print(f"postmortem: {name}: read as {FORMATS[found][0]}", file=err)
    warnings = list(result.warnings)
    if pinned and all(found != "slack" for _name, found in chosen):
        warnings.append("--pinned: applies to Slack exports only; every event was read")

    if dry_run:
        report = _merge(loaded.draft, result, low, high)
    else:
        report = _merge_and_save(path, result, low, high)
    if report.already:
        warnings.append(
            f"{report.already} event{'s' if report.already != 1 else ''} already in the draft "
            "(imported before; left as they are)"
        )
    if report.outside:
        warnings.append(f"{report.outside} outside --since/--until left out")
    if report.actions_already:
        n = report.actions_already
        warnings.append(
            f"{n} follow-up{'s' if n != 1 else ''} already among the action items "
            "(the same link or the same action; left as they are)"
        )
    if result.first_alert and loaded.draft.impact.start is None and not report.impact_start:
        local = result.first_alert.astimezone(zone(meta.timezone)).replace(microsecond=0)
        warnings.append(
            f"impact.start is not set: the earliest alert began firing at {local.isoformat()} "
            "(after its rule's for: clause), so the impact began at or before it"
        )
    if report.impact_start:
        warnings.append(
            f"impact.start set to {report.impact_start.isoformat()} (the source's impact start); "
            "check it"
        )
    if as_json:
        shown: dict[str, Any] = {"added": [event_json(e) for e in report.added]}
        if result.actions:  # follow-ups were read: the report says which became action items
            shown["action_items_added"] = [action_json(a) for a in report.actions_added]
        shown |= {"skipped": [s.as_json() for s in result.skipped], "warnings": warnings}
        print(
            json.dumps(
                shown,
                indent=2,
                ensure_ascii=False,
            ),
            file=out,
        )
        return 0
    _print_report(report, result.skipped, warnings, path, meta.timezone, dry_run, out, err)
    return 0


def _merge(
    draft: Any, result: Any, low: dt.datetime | None, high: dt.datetime | None
) -> MergeReport:
    """What a source's events and follow-ups add to ``draft`` (in place)."""
    return merge(
        draft,
        result.events,
        since=low,
        until=high,
        impact_start=result.impact_start,
        actions=result.actions,
    )


def _merge_and_save(
    path: Path, result: Any, low: dt.datetime | None, high: dt.datetime | None
) -> MergeReport:
    # An import is a save like any other: through the editing session, under the edit lock,
    # never over a file changed on disk since it was read.
    try:
        session = EditSession.open(path, read_only_ok=False)
    except DraftLocked as error:
        raise ImportFailed(
            f"{error}; nothing imported (close it there, or import from the wizard's Timeline step)"
        ) from None
    except DraftError as error:
        raise ImportFailed(str(error)) from None
    try:
        if session.read_only:
            raise ImportFailed(f"{path}: {session.read_only_reason}; nothing imported")
        report = _merge(session.draft, result, low, high)
        if report.added or report.impact_start or report.actions_added:
            session.save()
    except DraftError as error:
        raise ImportFailed(str(error)) from None
    finally:
        session.close(keep_untouched=True)
    return report


def _print_report(
    report: MergeReport,
    skipped: list[Any],
    warnings: list[str],
    path: Path,
    tz: str,
    dry_run: bool,
    out: TextIO,
    err: TextIO,
) -> None:
    count = len(report.added)
    events = "event" if count == 1 else "events"
    if count:
        verb = "would add" if dry_run else "added"
        print(f"{verb} {count} {events} to {path}:", file=out)
        for event in report.added[:SHOWN]:
            print(event_line(event, tz), file=out)
        if count > SHOWN:
            print(f"  ... and {count - SHOWN:,} more (--json lists every one)", file=out)
    elif not report.actions_added:
        print(f"nothing to add to {path}", file=out)
    if report.actions_added:
        items = len(report.actions_added)
        verb = "would add" if dry_run else "added"
        print(f"{verb} {items} action item{'s' if items != 1 else ''} to {path}:", file=out)
        for item in report.actions_added[:SHOWN]:
            print(action_line(item), file=out)
    if skipped:
        records = "record" if len(skipped) == 1 else "records"
        print(f"skipped {len(skipped)} {records}:", file=out)
        for item in skipped:
            print(f"  {item.source_id}: {item.reason}", file=out)
    for warning in warnings:
        print(f"postmortem: warning: {warning}", file=err)
