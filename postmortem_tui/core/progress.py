"""The wizard's steps and how far along each is: empty, started or complete.

Shared by both front doors (the wizard's sidebar, the plain prompts), the home screen's
completeness column and ``edit``, which opens at the first incomplete step.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from .model import Draft


class State(enum.Enum):
    """How far along a step is."""

    EMPTY = "empty"
    STARTED = "started"
    COMPLETE = "complete"


@attrs.frozen
class Step:
    """One step of the wizard, in the template's order."""

    key: str
    """The section's key in the draft format (``went_wrong``), or ``review``."""
    title: str
    guideline: str
    """The seed's best practice that applies here, briefly."""
    optional: bool = False
    """Optional steps never count as the first incomplete one."""


_S = Step
STEPS: tuple[Step, ...] = (
    _S("summary", "Summary", "2-3 sentences: what happened, for how long, to whom, and why."),
    _S(
        "impact",
        "Impact",
        "Numbers: users, requests, revenue, duration. Don't hide or minimize it.",
    ),
    _S("timeline", "Timeline", "Chronological events with exact timestamps."),
    _S(
        "root_cause",
        "Root Cause",
        "The technical explanation. Focus on systems and processes, not people.",
    ),
    _S(
        "factors",
        "Contributing Factors",
        "The broader context: identify contributing factors, not just the root cause.",
    ),
    _S("went_well", "What Went Well", "Document what went well: positive reinforcement."),
    _S(
        "went_wrong",
        "What Went Wrong",
        "Improvement areas. Describe gaps in systems; never blame individuals or teams.",
    ),
    _S("action_items", "Action Items", "Concrete, owned, dated. No action item without an owner."),
    _S("lessons", "Lessons Learned", "Key takeaways for the rest of the organization."),
    _S(
        "related",
        "Related Incidents",
        "Earlier incidents like this one: patterns show up across postmortems.",
        optional=True,
    ),
    _S(
        "prevention",
        "Prevention",
        "What keeps this from happening again, and whether it is done.",
        optional=True,
    ),
    _S("appendix", "Appendix", "Graphs, communication log, the code fix.", optional=True),
    _S(
        "sections",
        "Team Sections",
        "Your team's own sections (Background, FAQ, customer communication), each shown after "
        "the section it follows.",
        optional=True,
    ),
    _S("review", "Review", "Hold the meeting, share widely, schedule the follow-up."),
)
STEP_KEYS = tuple(s.key for s in STEPS)


def _state(complete: bool, started: bool) -> State:
    if complete:
        return State.COMPLETE
    return State.STARTED if started else State.EMPTY


def _summary(d: Draft) -> State:
    m = d.meta
    fields = [d.summary.text, m.date, m.severity, m.authors]
    return _state(all(fields), any(fields))


def _impact(d: Draft) -> State:
    i = d.impact
    numbers = [
        i.users_affected,
        i.requests_failed,
        i.revenue_loss,
        i.description,
        i.extra,
        i.phases,
    ]
    known = any(v not in (None, "", []) for v in numbers)
    return _state(bool(i.start and i.end and known), known or bool(i.start or i.end))


def _timeline(d: Draft) -> State:
    kinds = {e.kind for e in d.timeline}
    return _state({"detected", "resolved"} <= kinds, bool(d.timeline))


def _root_cause(d: Draft) -> State:
    return _state(bool(d.root_cause.text), bool(d.root_cause.code))


def _went_wrong(d: Draft) -> State:
    return _state(bool(d.went_wrong), bool(d.lucky))


def _action_items(d: Draft) -> State:
    items = d.action_items
    return _state(bool(items) and all(a.owner and a.due for a in items), bool(items))


def _appendix(d: Draft) -> State:
    a = d.appendix
    return _state(bool(a.monitoring_graphs or a.communication_log or a.code), False)


def _sections(d: Draft) -> State:
    written = [bool((s.text or "").strip()) for s in d.sections]
    return _state(bool(written) and all(written), bool(written))


def _review(d: Draft) -> State:
    r = d.review
    done = bool(r.meeting_held and r.shared_with and r.follow_up)
    return _state(done, bool(r.meeting or r.meeting_held or r.shared_with or r.follow_up))


def _has(key: str) -> Callable[[Draft], State]:
    return lambda d: _state(bool(getattr(d, key)), False)


_RULES: dict[str, Callable[[Draft], State]] = {
    "summary": _summary,
    "impact": _impact,
    "timeline": _timeline,
    "root_cause": _root_cause,
    "factors": _has("factors"),
    "went_well": _has("went_well"),
    "went_wrong": _went_wrong,
    "action_items": _action_items,
    "lessons": _has("lessons"),
    "related": _has("related"),
    "prevention": _has("prevention"),
    "appendix": _appendix,
    "sections": _sections,
    "review": _review,
}


def step_state(draft: Draft, key: str) -> State:
    """How far along the step ``key`` is."""
    return _RULES[key](draft)


def step_states(draft: Draft) -> dict[str, State]:
    """Every step's state, in order."""
    return {s.key: _RULES[s.key](draft) for s in STEPS}


def first_incomplete(draft: Draft) -> str:
    """The key of the first required step that is not complete (Review when all are)."""
    for step in STEPS:
        if not step.optional and _RULES[step.key](draft) is not State.COMPLETE:
            return step.key
    return "review"


def completeness(draft: Draft) -> float:
    """The share of required steps that are complete, 0.0 to 1.0."""
    required = [s for s in STEPS if not s.optional]
    done = sum(_RULES[s.key](draft) is State.COMPLETE for s in required)
    return done / len(required)
