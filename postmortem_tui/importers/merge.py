"""Adding imported events to a draft: in time order, once, and never over a person's edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from ..core import model
from ..core.times import zone
from .base import ImportedAction, ImportedEvent, ReadOptions


@attrs.define
class MergeReport:
    """What merging did: the events added, and what was left out and why."""

    added: list[model.TimelineEvent] = attrs.field(factory=list)
    already: int = 0
    """Events whose record is in the draft already (imported before; maybe edited since)."""
    outside: int = 0
    """Events outside ``--since`` / ``--until``."""
    impact_start: dt.datetime | None = None
    """Set as the draft's impact start (it had none)."""
    actions_added: list[model.ActionItem] = attrs.field(factory=list)
    actions_already: int = 0
    """Follow-ups the draft holds already: the same link, or the same action."""


def options_for(draft: model.Draft, *, pinned: bool = False) -> ReadOptions:
    """How to read records for ``draft``: in its zone, clock times placed after its last
    event (or on its date), Slack's marker reaction from the configuration."""
    from ..core.config import ConfigError, load_config

    try:
        marker = load_config().marker_reaction
    except ConfigError:
        marker = "pushpin"  # a broken configuration must not stop an import; check reports it
    tz = draft.meta.timezone
    return ReadOptions(
        tz=tz,
        pinned=pinned,
        marker=marker,
        day=draft.meta.date or dt.datetime.now(zone(tz)).date(),
        previous=draft.timeline[-1].at if draft.timeline else None,
    )


def new_only(
    events: Iterable[ImportedEvent], draft: model.Draft
) -> tuple[list[ImportedEvent], int]:
    """The events whose record is not in ``draft`` yet, and how many were."""
    present = {(e.source, e.source_id) for e in draft.timeline if e.source and e.source_id}
    fresh: list[ImportedEvent] = []
    already = 0
    for event in events:
        if event.source and event.source_id and (event.source, event.source_id) in present:
            already += 1
        else:
            fresh.append(event)
    return fresh, already


def _utc(value: dt.datetime) -> dt.datetime:
    # Two times in one ZoneInfo compare as wall clocks (wrong across DST); UTC does not.
    return value.astimezone(dt.UTC)


def to_timeline_event(event: ImportedEvent, tz: str) -> model.TimelineEvent:
    """``event`` as the draft stores it: in the draft's zone, to the second."""
    return model.TimelineEvent(
        at=event.at.astimezone(zone(tz)).replace(microsecond=0),
        event=event.text,
        kind=event.kind,
        actor=event.actor or None,
        link=event.link or None,
        approximate=True if event.approximate else None,
        source=event.source or None,
        source_id=event.source_id or None,
    )


def within(
    events: Iterable[ImportedEvent], since: dt.datetime | None, until: dt.datetime | None
) -> tuple[list[ImportedEvent], int]:
    """The events in ``[since, until]`` and how many fell outside."""
    kept: list[ImportedEvent] = []
    outside = 0
    low = _utc(since) if since else None
    high = _utc(until) if until else None
    for event in events:
        at = _utc(event.at)
        if (low and at < low) or (high and at > high):
            outside += 1
        else:
            kept.append(event)
    return kept, outside


def merge(
    draft: model.Draft,
    events: Iterable[ImportedEvent],
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    impact_start: dt.datetime | None = None,
    actions: Iterable[ImportedAction] = (),
) -> MergeReport:
    """Add ``events`` to ``draft``'s timeline (and ``actions`` to its action items) and say
    what was added.

    An event whose ``source`` + ``source_id`` is in the draft already is left out, so a second
    import adds nothing and an imported event the person has edited since is never replaced.
    New events go in time order among the existing ones, which keep their own order (a person
    may have put two events of the same minute in the order they happened).
    """
    report = MergeReport()
    kept, report.outside = within(events, since, until)
    present = {(e.source, e.source_id) for e in draft.timeline if e.source and e.source_id}
    tz = draft.meta.timezone
    new: list[model.TimelineEvent] = []
    for event in kept:
        key = (event.source, event.source_id)
        if event.source and event.source_id and key in present:
            report.already += 1
            continue
        present.add(key)
        new.append(to_timeline_event(event, tz))
    new.sort(key=lambda e: _utc(e.at))
    if new:
        # In place: a wizard's list editor holds this very list.
        draft.timeline[:] = _interleave(draft.timeline, new)
    report.added = new
    if impact_start and draft.impact.start is None and (since is None or impact_start >= since):
        draft.impact.start = impact_start.astimezone(zone(tz)).replace(microsecond=0)
        report.impact_start = draft.impact.start
    report.actions_added, report.actions_already = merge_actions(draft, actions)
    return report


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


def merge_actions(
    draft: model.Draft, actions: Iterable[ImportedAction]
) -> tuple[list[model.ActionItem], int]:
    """Add the follow-ups the draft does not hold yet to its action items, after the others.

    A follow-up is held when an action item has its link, or the same action (case and spaces
    aside): importing again adds nothing, and an item edited since keeps the person's words.
    """
    links = {a.link for a in draft.action_items if a.link}
    texts = {_same(a.action) for a in draft.action_items}
    added: list[model.ActionItem] = []
    already = 0
    for action in actions:
        if (action.link and action.link in links) or _same(action.action) in texts:
            already += 1
            continue
        item = model.ActionItem(
            action.action,
            owner=action.owner,
            priority=action.priority,
            status=action.status,
            type=action.type,
            link=action.link,
        )
        added.append(item)
        texts.add(_same(action.action))
        if action.link:
            links.add(action.link)
    draft.action_items.extend(added)  # in place: a wizard's list editor holds this very list
    return added, already


def _interleave(
    existing: list[model.TimelineEvent], new: list[model.TimelineEvent]
) -> list[model.TimelineEvent]:
    """``existing`` in its own order, each of ``new`` placed before the first event later than
    it (after those at the same time)."""
    merged: list[model.TimelineEvent] = []
    index = 0
    for event in existing:
        at = _utc(event.at)
        while index < len(new) and _utc(new[index].at) < at:
            merged.append(new[index])
            index += 1
        merged.append(event)
    merged.extend(new[index:])
    return merged
