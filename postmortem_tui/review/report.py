"""The review of a draft: the output checklist, derived metrics, ordering problems and findings.

``review_draft(draft)`` is what every front door uses: the wizard's Review step, the
``detailed`` export template and ``postmortem check``. It imports no user interface library.

- The checklist is the seed's eight items, each with a detail saying what is missing and the
  wizard step (``progress.STEPS`` key) that fixes it.
- Metrics come from ``metrics.compute_metrics``, shown with their formulas.
- Problems are orderings a negative duration would break: end before start (of the impact or
  of one of its phases), a metric that would be negative, timeline events out of order, stages
  out of order.
- Findings are blameless-language warnings (``blameless``): they never make a draft incomplete.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from ..core import paths, times
from ..core.config import Config, ConfigError, load_config
from ..core.metrics import Metric, compute_metrics
from ..core.model import Draft

EXIT_COMPLETE = 0
EXIT_INCOMPLETE = 1
EXIT_UNREADABLE = 2


# --- results --------------------------------------------------------------------------------


@attrs.frozen
class ChecklistItem:
    """One item of the seed's output checklist."""

    id: str
    """Stable key: ``timeline``, ``root_cause``, ``factors``, ``action_owners``, ``lessons``,
    ``meeting``, ``shared``, ``follow_up``."""
    label: str
    """The seed's words: "Action items with owners"."""
    ok: bool
    detail: str
    """What is there when ok ("7 action items"), what is missing when not."""
    step: str
    """The wizard step (``progress.STEPS`` key) where it is fixed."""


@attrs.frozen
class Problem:
    """An ordering a negative duration would break; shown in the wizard, reported by check."""

    rule: str
    """``end_before_start``, ``end_before_resolved``, ``phase_end_before_start``,
    ``negative_metric``, ``out_of_order`` or ``stage_order``."""
    message: str
    section: str
    """``impact`` or ``timeline``."""
    index: int | None = None
    """The timeline event or impact phase concerned (0-based), when there is one."""
    metric: str | None = None
    """The metric concerned, for ``negative_metric``."""

    @property
    def step(self) -> str:
        """The wizard step where it is fixed."""
        return self.section


@attrs.frozen
class Finding:
    """Wording that puts a person where a system belongs, with a systems-focused rewording."""

    section: str
    """The section's key in the draft format: ``went_wrong``."""
    index: int | None
    """The item's 0-based index in that list; None for summary, impact and root cause."""
    rule: str
    """A key of ``blameless.RULES``."""
    excerpt: str
    """The sentence it was found in."""
    suggestion: str
    field: str = "text"
    """The field of the item: ``title``, ``detail``, ``summary``, ``details[1]``, ``text``."""
    match: str = ""
    """The words that were flagged."""
    start: int = 0
    """Where ``match`` starts in the field's text (to highlight it)."""
    end: int = 0

    @property
    def step(self) -> str:
        """The wizard step where it is fixed (Where We Got Lucky lives on What Went Wrong)."""
        return "went_wrong" if self.section == "lucky" else self.section

    @property
    def where(self) -> str:
        """``went_wrong[1]``, or ``summary`` for a section that is not a list."""
        return self.section if self.index is None else f"{self.section}[{self.index}]"


@attrs.frozen
class DraftReview:
    """Everything ``check`` reports about one draft."""

    checklist: list[ChecklistItem]
    metrics: dict[str, Metric]
    problems: list[Problem]
    findings: list[Finding]

    @property
    def complete(self) -> bool:
        """Every checklist item is ok (problems and findings do not count)."""
        return all(item.ok for item in self.checklist)

    @property
    def done(self) -> int:
        """How many checklist items are ok."""
        return sum(item.ok for item in self.checklist)


# --- the checklist --------------------------------------------------------------------------

CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("timeline", "Timeline created", "timeline"),
    ("root_cause", "Root cause identified", "root_cause"),
    ("factors", "Contributing factors documented", "factors"),
    ("action_owners", "Action items with owners", "action_items"),
    ("lessons", "Lessons learned captured", "lessons"),
    ("meeting", "Postmortem meeting held", "review"),
    ("shared", "Document shared widely", "review"),
    ("follow_up", "Follow-up scheduled", "review"),
)
"""The seed's output checklist: id, label, wizard step."""


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _numbers(indexes: list[int]) -> str:
    return ", ".join(f"#{i + 1}" for i in indexes)


def _action_owners(draft: Draft) -> tuple[bool, str]:
    items = draft.action_items
    if not items:
        return False, "no action items yet"
    no_owner = [i for i, a in enumerate(items) if not (a.owner and a.owner.strip())]
    no_due = [i for i, a in enumerate(items) if a.due is None]
    missing = []
    if no_owner:
        missing.append(
            f"{_count(len(no_owner), 'action item')} without an owner: {_numbers(no_owner)}"
        )
    if no_due:
        missing.append(
            f"{_count(len(no_due), 'action item')} without a due date: {_numbers(no_due)}"
        )
    if missing:
        return False, "; ".join(missing)
    return True, f"{_count(len(items), 'action item')}, each with an owner and a due date"


def _meeting(draft: Draft) -> tuple[bool, str]:
    review = draft.review
    when = review.meeting
    local = times.in_zone(when, draft.meta.timezone) if when else None
    stamp = f"{local:%Y-%m-%d %H:%M} {draft.meta.timezone}" if local else ""
    if review.meeting_held:
        return True, f"held {stamp}" if stamp else "held"
    if stamp:
        return False, f"scheduled for {stamp}, not marked as held"
    return False, "no meeting recorded"


def checklist(draft: Draft) -> list[ChecklistItem]:
    """The seed's eight output checklist items for ``draft``."""
    review = draft.review
    root = (draft.root_cause.text or "").strip()
    results: dict[str, tuple[bool, str]] = {
        "timeline": (
            (True, _count(len(draft.timeline), "event"))
            if draft.timeline
            else (False, "no events in the timeline")
        ),
        "root_cause": (
            (True, _count(len(root.split()), "word")) if root else (False, "no root cause text")
        ),
        "factors": (
            (True, _count(len(draft.factors), "contributing factor"))
            if draft.factors
            else (False, "no contributing factors")
        ),
        "action_owners": _action_owners(draft),
        "lessons": (
            (True, _count(len(draft.lessons), "lesson"))
            if draft.lessons
            else (False, "no lessons learned")
        ),
        "meeting": _meeting(draft),
        "shared": (
            (True, "shared with " + ", ".join(review.shared_with))
            if review.shared_with
            else (False, "not shared with anyone yet (review.shared_with is empty)")
        ),
        "follow_up": (
            (True, f"follow-up review on {review.follow_up.isoformat()}")
            if review.follow_up
            else (False, "no follow-up review date (review.follow_up)")
        ),
    }
    return [ChecklistItem(key, label, *results[key], step) for key, label, step in CHECKLIST]


# --- ordering problems ----------------------------------------------------------------------

# Stages that must not run backwards, beyond what the metrics already cover.
_STAGES: tuple[tuple[str, str], ...] = (
    ("detected", "mitigated"),
    ("detected", "resolved"),
    ("mitigated", "resolved"),
)


def _utc(value: dt.datetime) -> dt.datetime:
    # Compare in UTC: two datetimes sharing one ZoneInfo compare as wall-clock times, which is
    # wrong across a DST change.
    return value.astimezone(dt.UTC)


def _clock(value: dt.datetime, tz: str) -> str:
    return f"{times.in_zone(value, tz):%Y-%m-%d %H:%M}"


def problems(draft: Draft, metrics: dict[str, Metric] | None = None) -> list[Problem]:
    """Orderings a negative duration would break, in the order a person would fix them."""
    metrics = metrics if metrics is not None else compute_metrics(draft)
    tz = draft.meta.timezone
    found: list[Problem] = []
    start, end = draft.impact.start, draft.impact.end
    end_before_start = start is not None and end is not None and _utc(end) < _utc(start)
    if end_before_start:
        assert start is not None and end is not None
        found.append(
            Problem(
                "end_before_start",
                f"impact ends ({_clock(end, tz)}) before it starts ({_clock(start, tz)})",
                "impact",
            )
        )
    resolved = draft.first_event("resolved")
    if (
        end is not None
        and resolved is not None
        and not end_before_start
        and _utc(end) < _utc(resolved.at)
    ):
        # Often a clock time put on the wrong day ("23:03" meant the next day's): the impact
        # window would then be hours short of what the timeline says.
        found.append(
            Problem(
                "end_before_resolved",
                f"impact ends ({_clock(end, tz)}) before the first resolved event "
                f"({_clock(resolved.at, tz)}): is the end on the right day?",
                "impact",
            )
        )
    for i, phase in enumerate(draft.impact.phases):
        if phase.start and phase.end and _utc(phase.end) < _utc(phase.start):
            found.append(
                Problem(
                    "phase_end_before_start",
                    f"impact phase #{i + 1} ({phase.label!r}) ends ({_clock(phase.end, tz)}) "
                    f"before it starts ({_clock(phase.start, tz)})",
                    "impact",
                    index=i,
                )
            )
    for metric in metrics.values():
        if metric.seconds is None or metric.seconds >= 0:
            continue
        if metric.name == "duration" and end_before_start:
            continue  # already said, in the words people use
        found.append(
            Problem(
                "negative_metric",
                f"{metric.label.lower()} would be negative: {times.format_minutes(metric.seconds)} "
                f"({metric.formula})",
                "timeline",
                metric=metric.name,
            )
        )
    for i in range(1, len(draft.timeline)):
        before, event = draft.timeline[i - 1], draft.timeline[i]
        if _utc(event.at) < _utc(before.at):
            found.append(
                Problem(
                    "out_of_order",
                    f"event #{i + 1} ({_clock(event.at, tz)}, {event.event!r}) comes after "
                    f"#{i} but is earlier ({_clock(before.at, tz)})",
                    "timeline",
                    index=i,
                )
            )
    for first, later in _STAGES:
        a, b = draft.first_event(first), draft.first_event(later)
        if a is not None and b is not None and _utc(b.at) < _utc(a.at):
            found.append(
                Problem(
                    "stage_order",
                    f"first {later} event ({_clock(b.at, tz)}) is before the first {first} "
                    f"event ({_clock(a.at, tz)})",
                    "timeline",
                    index=draft.timeline.index(b),
                )
            )
    return found


# --- findings -------------------------------------------------------------------------------


_config_cache: dict[tuple[str, int, int], Config] = {}


def user_config() -> Config:
    """The user's configuration, re-read only when the file changes; defaults when unusable.

    The wizard asks for a review every time the Review step is shown, so the file is not
    parsed each time. A broken file gives the defaults here; ``check`` reports it instead.
    """
    path = paths.config_file()
    try:
        stat = path.stat()
    except OSError:
        return Config()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _config_cache:
        try:
            _config_cache.clear()
            _config_cache[key] = load_config(path)
        except ConfigError:
            return Config()
    return _config_cache[key]


def findings(draft: Draft, config: Config | None = None) -> list[Finding]:
    """Blameless-language findings in the narrative sections, in document order.

    ``config`` gives the team's phrases and allowed words; None means the user's file
    (``user_config()``), ``Config()`` the built-in rules alone.
    """
    from . import blameless  # the rules and the model: not needed to print a kept review

    review_config = (config if config is not None else user_config()).review
    matcher = blameless.Matcher(blameless.draft_names(draft, review_config), review_config)
    found: list[Finding] = []
    for passage in blameless.narrative(draft):
        for hit in matcher.scan(passage.text):
            found.append(
                Finding(
                    section=passage.section,
                    index=passage.index,
                    rule=hit.rule,
                    excerpt=blameless.excerpt(passage.text, hit.start, hit.end),
                    suggestion=hit.suggestion,
                    field=passage.field,
                    match=hit.match,
                    start=hit.start,
                    end=hit.end,
                )
            )
    return found


# --- the whole review -----------------------------------------------------------------------


def review_draft(draft: Draft, config: Config | None = None) -> DraftReview:
    """The checklist, metrics, problems and findings of ``draft``.

    ``config`` is the user configuration (team phrases, allowed words); None means the user's
    file, read through ``user_config()``; pass ``Config()`` for the built-in rules alone.
    """
    metrics = compute_metrics(draft)
    return DraftReview(
        checklist=checklist(draft),
        metrics=metrics,
        problems=problems(draft, metrics),
        findings=findings(draft, config),
    )


def as_json(review: DraftReview, file: str | Path | None = None) -> dict[str, Any]:
    """The review as the JSON object ``check --json`` prints for one draft."""
    return {
        "file": None if file is None else str(file),
        "complete": review.complete,
        "checklist": [
            {"id": c.id, "label": c.label, "ok": c.ok, "detail": c.detail} for c in review.checklist
        ],
        "metrics": {
            name: {"seconds": m.seconds, "formula": m.formula} for name, m in review.metrics.items()
        },
        "problems": [
            {
                "rule": p.rule,
                "message": p.message,
                "section": p.section,
                "index": p.index,
                "metric": p.metric,
            }
            for p in review.problems
        ],
        "findings": [
            {
                "section": f.section,
                "index": f.index,
                "rule": f.rule,
                "excerpt": f.excerpt,
                "suggestion": f.suggestion,
            }
            for f in review.findings
        ],
    }


_as_json = as_json  # run_check's keyword argument shadows the name


# --- the readable report --------------------------------------------------------------------


def format_metric(metric: Metric) -> str:
    """ "Time to detect: 0 min (detected - impact start)"."""
    return f"{metric.label}: {times.format_minutes(metric.seconds)} ({metric.formula})"


def format_report(review: DraftReview, file: str | Path, *, strict: bool = False) -> str:
    """The readable report of one draft, as ``postmortem check`` prints it."""
    state = "complete" if review.complete else "incomplete"
    headline = f"{file}: {state} ({review.done} of {len(review.checklist)} checklist items)"
    if strict and review.findings:
        # The first line is what a CI log shows: say why a complete draft still fails.
        count = len(review.findings)
        verb = "fails" if count == 1 else "fail"
        headline += f", but {_count(count, 'blameless finding')} {verb} --strict"
    lines = [headline]
    lines.append("  Checklist")
    width = max(len(c.label) for c in review.checklist)
    for item in review.checklist:
        mark = "✓" if item.ok else "✗"
        lines.append(f"    {mark} {item.label.ljust(width)}  {item.detail}")
    lines.append("  Metrics")
    label_width = max(len(m.label) for m in review.metrics.values())
    for metric in review.metrics.values():
        value = times.format_minutes(metric.seconds)
        lines.append(f"    {metric.label.ljust(label_width)}  {value:>9}  ({metric.formula})")
    lines.append(f"  Problems ({len(review.problems)})" if review.problems else "  Problems: none")
    for problem in review.problems:
        lines.append(f"    ! {problem.rule}: {problem.message}")
    if review.findings:
        kind = "errors with --strict" if strict else "warnings"
        lines.append(f"  Blameless findings ({len(review.findings)}, {kind})")
        for finding in review.findings:
            lines.append(f"    {finding.where} {finding.rule}: “{finding.excerpt}”")
            lines.append(f"      suggestion: {finding.suggestion}")
    else:
        lines.append("  Blameless findings: none")
    return "\n".join(lines)


@attrs.frozen
class _Checked:
    """What checking one draft gives, ready to print: made in a worker process or this one."""

    messages: tuple[str, ...]
    """Lines for standard error: the draft's error, or its warnings."""
    readable: bool
    complete: bool = False
    failed: bool = False
    report: str = ""
    json_object: dict[str, Any] | None = None


def _checked(
    name: str, warnings: Sequence[str], review: DraftReview, as_json: bool, strict: bool
) -> _Checked:
    return _Checked(
        tuple(f"postmortem: warning: {name}: {w}" for w in warnings),
        readable=True,
        complete=review.complete,
        failed=not review.complete or (strict and bool(review.findings)),
        report="" if as_json else format_report(review, name, strict=strict),
        json_object=_as_json(review, name) if as_json else None,
    )


def _found(
    name: str,
    data: bytes,
    warnings: Sequence[str],
    review: DraftReview,
    as_json: bool,
    strict: bool,
) -> _Checked:
    return _checked(name, warnings, review, as_json, strict)


def _check_one(
    name: str, config: Config, fingerprint: bytes, as_json: bool, strict: bool
) -> tuple[_Checked, tuple[str, str] | None]:
    from ..core.store import DraftError, decode_draft, read_file_bytes
    from . import cache

    try:
        data = read_file_bytes(Path(name), config.drafts.size_limit)
        loaded = decode_draft(name, data)
    except DraftError as error:
        return _Checked((f"postmortem: {error}",), readable=False), None
    review = review_draft(loaded.draft, config)
    entry = (cache.key(fingerprint, data), cache.encode(loaded.warnings, review))
    return _checked(name, loaded.warnings, review, as_json, strict), entry


def run_check(drafts: Sequence[str], *, as_json: bool, strict: bool) -> int:
    """``postmortem check``: report on each draft; returns the exit status.

    0 when every draft's checklist is complete, 1 when one is not (or, with ``strict``, has
    findings), 2 when a draft or the configuration cannot be read.
    """
    try:
        config = load_config()
    except ConfigError as error:
        print(f"postmortem: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_COMPLETE
    objects: list[dict[str, Any]] = []
    reports: list[str] = []
    tally = {"complete": 0, "incomplete": 0, "could not be read": 0}
    from . import cache

    for checked in cache.map_reviews(_check_one, _found, drafts, config, as_json, strict):
        for message in checked.messages:
            print(message, file=sys.stderr)
        if not checked.readable:
            status = EXIT_UNREADABLE
            tally["could not be read"] += 1
            continue
        tally["complete" if checked.complete else "incomplete"] += 1
        if checked.failed and status == EXIT_COMPLETE:
            status = EXIT_INCOMPLETE
        if checked.json_object is not None:
            objects.append(checked.json_object)
        else:
            reports.append(checked.report)
    out: IO[str] = sys.stdout
    if as_json:
        json.dump(objects, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif reports:
        out.write("\n\n".join(reports) + "\n")
    if not as_json and len(drafts) > 1:
        # Many drafts (a CI job on a folder): one line to end on, after the reports.
        counts = ", ".join(f"{n} {what}" for what, n in tally.items() if n)
        blank = "\n" if reports else ""  # a blank line after the last report, if any
        out.write(f"{blank}{len(drafts)} drafts: {counts}\n")
    return status
