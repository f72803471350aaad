"""The postmortem draft: attrs classes of draft format 1 and their validation.

This module is the single source of truth for what a draft holds. It knows nothing of files
(see ``store``), rendering (``export``), judging (``review``) or any user interface.

Every class has an ``unknown`` dict: keys found in a file that this version of the format does
not define. They are kept and written back so that a newer tool's fields are never lost.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from .terms import (
    ACTION_STATUSES,
    ACTION_TYPES,
    DEFAULT_SEVERITIES,
    EVENT_KINDS,
    FORMAT_VERSION,
    PRIORITIES,
    SECTION_PLACES,
    STATUSES,
)
from .terms import (
    EVENT_SOURCES as EVENT_SOURCES,  # the model's words are its own too
)

# --- validators -----------------------------------------------------------------------------
# Each raises ValueError with a message that completes "expected ...": the store prefixes the
# file and key path, so a person reads "timeline[2].kind: expected one of ...".


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for one-line error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_of(choices: tuple[str, ...] | dict[str, str]) -> Any:
    options = tuple(choices)

    def check(_instance: object, _attribute: object, value: object) -> None:
        if value is not None and value not in options:
            raise ValueError(
                "one of "
                + ", ".join(f'"{o}"' for o in options)
                + f", got {shown(value)}"
                + _did_you_mean(value, options)
            )

    return check


def _did_you_mean(value: object, options: tuple[str, ...]) -> str:
    """`` (did you mean "detected"?)`` for a slip of the keyboard (``detect``, ``Done``)."""
    if not isinstance(value, str):
        return ""
    import difflib  # only when a draft is refused

    folded = {o.casefold(): o for o in options}
    match = folded.get(value.strip().casefold())
    if match is None:
        close = difflib.get_close_matches(value.strip().casefold(), list(folded), n=1, cutoff=0.75)
        match = folded[close[0]] if close else None
    return f' (did you mean "{match}"?)' if match else ""


def _non_empty(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise ValueError("a non-empty string")


def _non_negative(_instance: object, _attribute: object, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a finite number, got {shown(value)}")
    if value < 0:
        raise ValueError(f"a number >= 0, got {shown(value)}")


def _aware(_instance: object, _attribute: object, value: Any) -> None:
    if value is not None and value.tzinfo is None:
        raise ValueError(
            "a date and time with an offset, like 2024-01-15T14:32:00Z, "
            "got one without an offset (add Z for UTC, or the offset like -05:00)"
        )


def _timezone(_instance: object, _attribute: object, value: str) -> None:
    from .times import zone  # zoneinfo lookups are cached there

    try:
        zone(value)
    except Exception:
        raise ValueError(
            f'an IANA time zone name like "Europe/Berlin", got {shown(value)}'
        ) from None


_UNKNOWN = {"unknown": True}
"""Field metadata of the ``unknown`` dict, which the codec treats apart from the format's keys."""


# --- the classes, in the order of the format ------------------------------------------------


@attrs.define
class Author:
    """A person who wrote the postmortem, rendered "Jane Doe (On-call)"."""

    name: str = attrs.field(validator=_non_empty)
    role: str | None = None
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)

    def label(self) -> str:
        """The author as the document shows them."""
        return f"{self.name} ({self.role})" if self.role else self.name


@attrs.define
class Responder:
    """Someone who responded, apart from the authors ("Incident commander", "Comms lead")."""

    name: str = attrs.field(validator=_non_empty)
    role: str | None = None
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)

    def label(self) -> str:
        """The responder as the document shows them: "Ana Silva (Incident commander)"."""
        return f"{self.name} ({self.role})" if self.role else self.name


@attrs.define
class Meta:
    """What the incident is called, when it was, how bad, and who writes it up."""

    title: str = attrs.field(validator=_non_empty)
    date: dt.date | None = None
    status: str = attrs.field(default="draft", validator=_one_of(STATUSES))
    severity: str | None = None
    """A key of the severity scale (P1 .. P5 by default)."""
    timezone: str = attrs.field(default="UTC", validator=_timezone)
    """IANA zone in which times are shown and typed."""
    tags: list[str] = attrs.field(factory=list)
    created: dt.datetime | None = attrs.field(default=None, validator=_aware)
    updated: dt.datetime | None = attrs.field(default=None, validator=_aware)
    authors: list[Author] = attrs.field(factory=list)
    incident_id: str | None = None
    """The tracker's id, "INC-4821"; shown beside the title."""
    services: list[str] = attrs.field(factory=list)
    """Affected services (``checkout-api``)."""
    responders: list[Responder] = attrs.field(factory=list)
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Summary:
    """Two or three sentences on what happened."""

    text: str | None = None
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class ImpactLine:
    """Any other impact line, rendered "- label: value"."""

    label: str = ""
    value: str = ""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class ImpactPhase:
    """A stage of the impact: degraded, full outage, a data-loss window."""

    label: str = attrs.field(validator=_non_empty)
    start: dt.datetime | None = attrs.field(default=None, validator=_aware)
    end: dt.datetime | None = attrs.field(default=None, validator=_aware)
    """Missing while the phase lasts."""
    description: str | None = None
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)

    def seconds(self) -> float | None:
        """How long the phase lasted, when it has both ends."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).total_seconds()


@attrs.define
class Impact:
    """Who and what was affected, and for how long."""

    start: dt.datetime | None = attrs.field(default=None, validator=_aware)
    """When users were first affected."""
    end: dt.datetime | None = attrs.field(default=None, validator=_aware)
    """When users were last affected."""
    users_affected: int | None = attrs.field(default=None, validator=_non_negative)
    requests_failed: int | None = attrs.field(default=None, validator=_non_negative)
    revenue_loss: int | float | None = attrs.field(default=None, validator=_non_negative)
    currency: str | None = None
    """ISO 4217 code of ``revenue_loss``; None means USD."""
    approximate: bool | None = None
    """The numbers are estimates: rendered with a leading ``~``."""
    description: str | None = None
    extra: list[ImpactLine] = attrs.field(factory=list)
    phases: list[ImpactPhase] = attrs.field(factory=list)
    """Stages of the impact; the duration is still ``end - start``."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class TimelineEvent:
    """One thing that happened, at an exact (or, when ``approximate``, estimated) time."""

    at: dt.datetime = attrs.field(validator=_aware)
    event: str = attrs.field(validator=_non_empty)
    kind: str = attrs.field(default="note", validator=_one_of(EVENT_KINDS))
    actor: str | None = None
    """Who or what acted: "Jane Doe", "PagerDuty", "deploy-bot"."""
    link: str | None = None
    """URL of the record: chat permalink, page, pull request."""
    approximate: bool | None = None
    """The time is an estimate: rendered with a leading ``~``."""
    source: str | None = None
    """Where an imported event came from (``slack``, ``pagerduty``, ...); None: typed here."""
    source_id: str | None = None
    """The record's id in ``source``: with it, identifies an imported event."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class CodeBlock:
    """A fenced code block with a caption, in the root cause or the appendix."""

    caption: str | None = None
    language: str | None = None
    code: str = ""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class RootCause:
    """The technical explanation, with code where it helps."""

    text: str | None = None
    code: list[CodeBlock] = attrs.field(factory=list)
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Factor:
    """A contributing factor: the broader context that let the root cause through."""

    title: str = ""
    summary: str | None = None
    details: list[str] = attrs.field(factory=list)
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Point:
    """A titled point: what went well or wrong, where we got lucky, a lesson."""

    title: str = ""
    detail: str | None = None
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class ActionItem:
    """A concrete, owned, dated piece of follow-up work."""

    action: str = attrs.field(validator=_non_empty)
    owner: str | None = None
    """A person or a team."""
    due: dt.date | None = None
    priority: str | None = attrs.field(default=None, validator=_one_of(PRIORITIES))
    status: str | None = attrs.field(default=None, validator=_one_of(ACTION_STATUSES))
    """None reads as "planned"."""
    type: str | None = attrs.field(default=None, validator=_one_of(ACTION_TYPES))
    link: str | None = None
    """Tracker URL."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Related:
    """An earlier incident like this one."""

    date: dt.date | None = None
    title: str = ""
    link: str | None = None
    """URL or path of another draft."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Prevention:
    """A measure against similar incidents, done or not."""

    text: str = ""
    done: bool = False
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Appendix:
    """Supporting material; empty parts render the template's placeholder."""

    monitoring_graphs: str | None = None
    communication_log: str | None = None
    code: list[CodeBlock] = attrs.field(factory=list)
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Section:
    """A team's own section (Background, FAQ, Customer communication), rendered in place."""

    title: str = attrs.field(validator=_non_empty)
    text: str | None = None
    after: str = attrs.field(default="appendix", validator=_one_of(SECTION_PLACES))
    """The section it follows, a key of ``SECTION_PLACES``."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Review:
    """The checklist items that no section's content shows."""

    meeting: dt.datetime | None = attrs.field(default=None, validator=_aware)
    meeting_held: bool | None = None
    shared_with: list[str] = attrs.field(factory=list)
    """Channels, lists, teams."""
    follow_up: dt.date | None = None
    """Date of the follow-up review."""
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)


@attrs.define
class Draft:
    """A whole postmortem. Field order is the canonical order of the file."""

    meta: Meta
    format: int = FORMAT_VERSION
    summary: Summary = attrs.field(factory=Summary)
    impact: Impact = attrs.field(factory=Impact)
    timeline: list[TimelineEvent] = attrs.field(factory=list)
    root_cause: RootCause = attrs.field(factory=RootCause)
    factors: list[Factor] = attrs.field(factory=list)
    went_well: list[Point] = attrs.field(factory=list)
    went_wrong: list[Point] = attrs.field(factory=list)
    lucky: list[Point] = attrs.field(factory=list)
    """Where we got lucky: rendered after What Went Wrong, only when present."""
    action_items: list[ActionItem] = attrs.field(factory=list)
    lessons: list[Point] = attrs.field(factory=list)
    related: list[Related] = attrs.field(factory=list)
    prevention: list[Prevention] = attrs.field(factory=list)
    appendix: Appendix = attrs.field(factory=Appendix)
    sections: list[Section] = attrs.field(factory=list)
    """A team's own sections, each rendered after the section its ``after`` names."""
    review: Review = attrs.field(factory=Review)
    unknown: dict[str, Any] = attrs.field(factory=dict, repr=False, metadata=_UNKNOWN)

    @classmethod
    def new(cls, title: str, **meta: Any) -> Draft:
        """A draft holding a title and nothing else (plus any ``Meta`` fields given)."""
        return cls(meta=Meta(title=title, **meta))

    def sort_timeline(self) -> None:
        """Put the timeline in time order; events at the same time keep their order."""
        # In UTC: datetimes sharing one ZoneInfo compare as wall-clock times (wrong at DST).
        self.timeline.sort(key=lambda e: e.at.astimezone(dt.UTC))

    def first_event(self, kind: str) -> TimelineEvent | None:
        """The earliest event of ``kind``, which is the one the derived metrics count."""
        found = [e for e in self.timeline if e.kind == kind]
        return min(found, key=lambda e: e.at.astimezone(dt.UTC)) if found else None


def severity_label(key: str | None, scale: dict[str, str] | None = None) -> str:
    """``"P1 (Critical)"`` for a key of the scale; the key alone when the scale lacks it."""
    if not key:
        return ""
    name = (scale or DEFAULT_SEVERITIES).get(key)
    return f"{key} ({name})" if name else key


def validate(obj: Any) -> None:
    """Run every field validator of an attrs instance, recursively (after in-place edits)."""
    attrs.validate(obj)
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if attrs.has(type(value)):
            validate(value)
        elif isinstance(value, list):
            for item in value:
                if attrs.has(type(item)):
                    validate(item)
