"""The review: checklist items, derived metrics, ordering problems, findings, config, JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from postmortem_tui import review
from postmortem_tui.core import config, times
from postmortem_tui.core.model import (
    ActionItem,
    Author,
    Draft,
    Factor,
    Point,
    TimelineEvent,
)
from postmortem_tui.core.store import read_draft
from postmortem_tui.review import blameless

UTC = dt.UTC
DAY = dt.date(2024, 1, 15)


def at(clock: str, tz: str = "UTC", day: dt.date = DAY) -> dt.datetime:
    """A typed time on ``day`` in ``tz``, as the wizard reads it."""
    return times.parse_time(clock, tz=tz, day=day)


def event(
    clock: str, kind: str = "note", text: str = "something happened", **kw: object
) -> TimelineEvent:
    return TimelineEvent(at=at(clock, **kw), event=text, kind=kind)  # type: ignore[arg-type]


def item(draft: Draft, key: str) -> review.ChecklistItem:
    (found,) = [c for c in review.checklist(draft) if c.id == key]
    return found


@pytest.fixture
def example() -> Draft:
    return read_draft(Path(__file__).parent.parent / "fixtures" / "api-outage.toml").draft


def complete_draft() -> Draft:
    draft = Draft.new("Complete", date=DAY, authors=[Author("Jane Doe", "On-call")])
    draft.timeline = [event("14:32", "detected"), event("14:57", "resolved")]
    draft.root_cause.text = "A connection leak in the caching layer."
    draft.factors = [Factor(title="Missing monitoring")]
    draft.action_items = [ActionItem(action="Add pool metrics", owner="Jane", due=DAY)]
    draft.lessons = [Point(title="Runbooks save time")]
    draft.review.meeting_held = True
    draft.review.shared_with = ["#eng"]
    draft.review.follow_up = dt.date(2024, 2, 15)
    return draft


# --- the checklist --------------------------------------------------------------------------


def test_checklist_has_the_seed_items_in_order_with_steps() -> None:
    items = review.checklist(Draft.new("t"))
    assert [c.id for c in items] == [
        "timeline",
        "root_cause",
        "factors",
        "action_owners",
        "lessons",
        "meeting",
        "shared",
        "follow_up",
    ]
    assert [c.label for c in items] == [
        "Timeline created",
        "Root cause identified",
        "Contributing factors documented",
        "Action items with owners",
        "Lessons learned captured",
        "Postmortem meeting held",
        "Document shared widely",
        "Follow-up scheduled",
    ]
    assert [c.step for c in items] == [
        "timeline",
        "root_cause",
        "factors",
        "action_items",
        "lessons",
        "review",
        "review",
        "review",
    ]
    assert not any(c.ok for c in items)


def test_complete_draft_is_complete() -> None:
    result = review.review_draft(complete_draft())
    assert result.complete
    assert result.done == 8


def test_timeline_item() -> None:
    draft = complete_draft()
    assert item(draft, "timeline").ok
    assert item(draft, "timeline").detail == "2 events"
    draft.timeline = []
    assert not item(draft, "timeline").ok
    assert item(draft, "timeline").detail == "no events in the timeline"


def test_root_cause_item() -> None:
    draft = complete_draft()
    assert item(draft, "root_cause").ok
    draft.root_cause.text = "   \n"
    assert not item(draft, "root_cause").ok
    assert item(draft, "root_cause").detail == "no root cause text"


def test_factors_item() -> None:
    draft = complete_draft()
    assert item(draft, "factors").detail == "1 contributing factor"
    draft.factors = []
    assert not item(draft, "factors").ok
    assert item(draft, "factors").detail == "no contributing factors"


def test_action_owners_item_names_the_items_without_owner() -> None:
    draft = complete_draft()
    draft.action_items = [
        ActionItem(action=f"Action {n}", owner=None if n in (3, 5) else "Jane", due=DAY)
        for n in range(1, 6)
    ]
    result = item(draft, "action_owners")
    assert not result.ok
    assert result.detail == "2 action items without an owner: #3, #5"


def test_action_owners_item_requires_due_dates_and_items() -> None:
    draft = complete_draft()
    draft.action_items = [
        ActionItem(action="One", owner="Jane", due=None),
        ActionItem(action="Two", owner=" ", due=DAY),
    ]
    assert item(draft, "action_owners").detail == (
        "1 action item without an owner: #2; 1 action item without a due date: #1"
    )
    draft.action_items = []
    assert not item(draft, "action_owners").ok
    assert item(draft, "action_owners").detail == "no action items yet"
    draft.action_items = [ActionItem(action="One", owner="Jane", due=DAY)]
    assert item(draft, "action_owners").ok


def test_lessons_item() -> None:
    draft = complete_draft()
    assert item(draft, "lessons").detail == "1 lesson"
    draft.lessons = []
    assert not item(draft, "lessons").ok
    assert item(draft, "lessons").detail == "no lessons learned"


def test_meeting_item() -> None:
    draft = complete_draft()
    assert item(draft, "meeting").ok
    draft.review.meeting_held = False
    draft.review.meeting = at("15:30")
    assert not item(draft, "meeting").ok
    assert item(draft, "meeting").detail == "scheduled for 2024-01-15 15:30 UTC, not marked as held"
    draft.review.meeting = None
    draft.review.meeting_held = None
    assert item(draft, "meeting").detail == "no meeting recorded"


def test_shared_item() -> None:
    draft = complete_draft()
    assert item(draft, "shared").detail == "shared with #eng"
    draft.review.shared_with = []
    assert not item(draft, "shared").ok
    assert "shared_with is empty" in item(draft, "shared").detail


def test_follow_up_item() -> None:
    draft = complete_draft()
    assert item(draft, "follow_up").detail == "follow-up review on 2024-02-15"
    draft.review.follow_up = None
    assert not item(draft, "follow_up").ok
    assert "no follow-up" in item(draft, "follow_up").detail


def test_worked_example_checklist(example: Draft) -> None:
    result = review.review_draft(example)
    missing = [c.id for c in result.checklist if not c.ok]
    assert missing == ["shared", "follow_up"]
    assert not result.complete


# --- metrics --------------------------------------------------------------------------------


def test_worked_example_metrics(example: Draft) -> None:
    metrics = review.review_draft(example).metrics
    minutes = {name: m.seconds / 60 for name, m in metrics.items() if m.seconds is not None}
    assert minutes == {
        "duration": 25,
        "time_to_detect": 0,
        "trigger_to_detection": 17,
        "time_to_acknowledge": 3,
        "time_to_mitigate": 15,
        "time_to_resolve": 25,
    }
    assert review.format_metric(metrics["time_to_detect"]) == (
        "Time to detect: 0 min (detected - impact start)"
    )


def test_metrics_are_none_without_events() -> None:
    metrics = review.review_draft(Draft.new("t")).metrics
    assert list(metrics) == [
        "duration",
        "time_to_detect",
        "trigger_to_detection",
        "time_to_acknowledge",
        "time_to_mitigate",
        "time_to_resolve",
    ]
    assert all(m.seconds is None for m in metrics.values())
    assert all(m.formula for m in metrics.values())


def test_duration_falls_back_to_detected_and_resolved() -> None:
    draft = Draft.new("t")
    draft.timeline = [event("10:00", "detected"), event("10:42", "resolved")]
    duration = review.review_draft(draft).metrics["duration"]
    assert duration.seconds == 42 * 60
    assert duration.formula == "resolved - detected"


def test_metrics_across_midnight() -> None:
    draft = Draft.new("t", date=DAY)
    draft.impact.start = at("23:50")
    draft.impact.end = at("01:20", day=DAY + dt.timedelta(days=1))
    draft.timeline = [
        event("23:40", "trigger"),
        event("00:05", "detected", day=DAY + dt.timedelta(days=1)),
        event("00:09", "acknowledged", day=DAY + dt.timedelta(days=1)),
        event("00:45", "mitigated", day=DAY + dt.timedelta(days=1)),
        event("01:20", "resolved", day=DAY + dt.timedelta(days=1)),
    ]
    result = review.review_draft(draft)
    minutes = {name: m.seconds / 60 for name, m in result.metrics.items() if m.seconds is not None}
    assert minutes == {
        "duration": 90,
        "time_to_detect": 15,
        "trigger_to_detection": 25,
        "time_to_acknowledge": 4,
        "time_to_mitigate": 55,
        "time_to_resolve": 90,
    }
    assert result.problems == []
    assert times.format_minutes(result.metrics["duration"].seconds) == "1 h 30 min"


def test_metrics_across_the_spring_forward_dst_change() -> None:
    # America/New_York skips 02:00-03:00 on 2024-03-10: 01:30 EST to 03:10 EDT is 40 minutes.
    tz, day = "America/New_York", dt.date(2024, 3, 10)
    draft = Draft.new("t", date=day, timezone=tz)
    draft.impact.start = at("01:30", tz, day)
    draft.impact.end = at("03:40", tz, day)
    draft.timeline = [
        event("01:30", "trigger", tz=tz, day=day),
        event("03:10", "detected", tz=tz, day=day),
        event("03:40", "resolved", tz=tz, day=day),
    ]
    metrics = review.review_draft(draft).metrics
    assert metrics["time_to_detect"].seconds == 40 * 60
    assert metrics["trigger_to_detection"].seconds == 40 * 60
    assert metrics["duration"].seconds == 70 * 60
    assert metrics["time_to_resolve"].seconds == 70 * 60


def test_metrics_across_the_fall_back_dst_change() -> None:
    # Europe/Berlin repeats 02:00-03:00 on 2024-10-27: 01:50 CEST to 02:10 CET is 80 minutes.
    tz = "Europe/Berlin"
    start = dt.datetime(2024, 10, 27, 1, 50, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    detected = dt.datetime(2024, 10, 27, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    draft = Draft.new("t", date=dt.date(2024, 10, 27), timezone=tz)
    draft.impact.start = start
    draft.timeline = [TimelineEvent(at=detected, event="Alarm", kind="detected")]
    result = review.review_draft(draft)
    assert result.metrics["time_to_detect"].seconds == 80 * 60
    assert result.problems == []


# --- ordering problems ----------------------------------------------------------------------


def rules(draft: Draft) -> list[str]:
    return [p.rule for p in review.problems(draft)]


def test_end_before_start_is_one_problem_not_two() -> None:
    draft = Draft.new("t")
    draft.impact.start = at("14:57")
    draft.impact.end = at("14:32")
    problems = review.problems(draft)
    assert [p.rule for p in problems] == ["end_before_start"]
    assert problems[0].section == "impact"
    assert (
        problems[0].message == "impact ends (2024-01-15 14:32) before it starts (2024-01-15 14:57)"
    )


def test_impact_end_before_the_first_resolved_event_is_reported() -> None:
    # The timeline resolves the next day; the end was typed as 23:03 and landed on the first.
    draft = Draft.new("t", timezone="UTC")
    draft.impact.start = at("22:52")
    draft.impact.end = at("23:03")
    next_day = DAY + dt.timedelta(days=1)
    draft.timeline = [event("22:52", "detected"), event("23:03", "resolved", day=next_day)]
    (problem,) = review.problems(draft)
    assert (problem.rule, problem.section) == ("end_before_resolved", "impact")
    assert problem.message == (
        "impact ends (2024-01-15 23:03) before the first resolved event (2024-01-16 23:03): "
        "is the end on the right day?"
    )
    draft.impact.end = at("23:03", day=next_day)
    assert rules(draft) == []
    draft.impact.end = at("23:10", day=next_day)  # after it is fine
    assert rules(draft) == []


def test_negative_metric() -> None:
    draft = Draft.new("t")
    draft.timeline = [event("14:30", "acknowledged"), event("14:35", "detected")]
    (problem,) = review.problems(draft)
    assert problem.rule == "negative_metric"
    assert problem.metric == "time_to_acknowledge"
    assert problem.message == (
        "time to acknowledge would be negative: -5 min (acknowledged - detected)"
    )
    assert problem.step == "timeline"


def test_detection_before_impact_start_is_a_negative_metric() -> None:
    draft = Draft.new("t")
    draft.impact.start = at("14:40")
    draft.timeline = [event("14:32", "detected")]
    assert [(p.rule, p.metric) for p in review.problems(draft)] == [
        ("negative_metric", "time_to_detect")
    ]


def test_events_out_of_order() -> None:
    draft = Draft.new("t")
    draft.timeline = [event("14:00"), event("14:30"), event("14:10"), event("14:40")]
    (problem,) = review.problems(draft)
    assert problem.rule == "out_of_order"
    assert problem.index == 2
    assert "event #3" in problem.message
    draft.sort_timeline()
    assert review.problems(draft) == []


def test_stage_order() -> None:
    draft = Draft.new("t")
    draft.timeline = [
        event("14:00", "detected"),
        event("14:20", "resolved"),
        event("14:30", "mitigated"),
    ]
    (problem,) = review.problems(draft)
    assert problem.rule == "stage_order"
    assert problem.index == 1
    assert "first resolved event" in problem.message


def test_problems_do_not_make_a_draft_incomplete() -> None:
    draft = complete_draft()
    draft.impact.start = at("15:00")
    draft.impact.end = at("14:00")
    result = review.review_draft(draft)
    assert result.problems
    assert result.complete


# --- findings -------------------------------------------------------------------------------


def test_worked_example_has_no_findings(example: Draft) -> None:
    assert review.findings(example) == []


def test_finding_names_section_index_rule_and_suggestion() -> None:
    draft = Draft.new("t", authors=[Author("Tom Baker")])
    draft.went_wrong = [
        Point(title="Testing gaps", detail="Load tests ran for five minutes."),
        Point(title="Missed step", detail="The cache was cold. Tom forgot to warm the cache."),
    ]
    (finding,) = review.findings(draft)
    assert (finding.section, finding.index, finding.field) == ("went_wrong", 1, "detail")
    assert finding.rule == "named_subject"
    assert finding.excerpt == "Tom forgot to warm the cache."
    assert finding.match == "forgot"
    assert draft.went_wrong[1].detail[finding.start : finding.end] == "forgot"  # type: ignore[index]
    assert finding.suggestion.startswith("Leave the person's name out.")
    assert finding.where == "went_wrong[1]"
    assert finding.step == "went_wrong"


def test_findings_cover_every_narrative_section_but_not_the_timeline() -> None:
    draft = Draft.new("t")
    draft.timeline = [event("14:00", text="Tom forgot the flag; human error")]
    draft.summary.text = "A careless deploy took the API down."
    draft.impact.description = "Checkout went down because of human error."
    draft.root_cause.text = "The operator should have drained the node."
    draft.factors = [
        Factor(title="Review", summary="Sloppy review", details=["fine", "lazy tests"])
    ]
    draft.lucky = [Point(title="Blame", detail="It was his fault.")]
    draft.lessons = [Point(title="Lesson", detail="We dropped the ball.")]
    found = [(f.section, f.index, f.field, f.rule) for f in review.findings(draft)]
    assert found == [
        ("summary", None, "text", "judgement"),
        ("impact", None, "description", "human_error"),
        ("root_cause", None, "text", "hindsight"),
        ("factors", 0, "summary", "judgement"),
        ("factors", 0, "details[1]", "judgement"),
        ("lucky", 0, "title", "blame_phrase"),
        ("lucky", 0, "detail", "blame_phrase"),
        ("lessons", 0, "detail", "blame_phrase"),
    ]
    assert review.findings(draft)[5].step == "went_wrong"


def test_names_found_in_the_timeline_are_watched() -> None:
    draft = Draft.new("t")
    draft.timeline = [event("14:35", "acknowledged", "Priya acknowledges, begins investigation")]
    draft.root_cause.text = "Priya missed the second spike."
    assert blameless.names_in_timeline(draft) == {"Priya"}
    (finding,) = review.findings(draft)
    assert finding.rule == "named_subject"
    # Without the timeline's name, "missed" with an unknown subject may be about a system
    # (a product can miss a spike; only a person misses an alert).
    draft.timeline = []
    assert review.findings(draft) == []


def test_timeline_words_that_are_not_names() -> None:
    draft = Draft.new("t")
    draft.timeline = [
        event("14:45", text="Rollback initiated"),
        event("14:46", text="Alert fired in #ops"),
        event("14:47", text="PagerDuty pages Jane (primary)"),
        event("14:48", text="Paged Marcus about the rollback"),
    ]
    assert blameless.names_in_timeline(draft) == {"Jane", "Marcus"}


def test_subject_decides_for_failure_verbs() -> None:
    draft = Draft.new("t", authors=[Author("Jane Doe")])
    draft.went_wrong = [
        Point(title="The health check failed to detect the degraded replica."),
        Point(title="The on-call engineer failed to escalate."),
        Point(title="Reviewer didn't spot missing release()"),
        Point(title="Jane didn't spot missing release()"),
        Point(title="The alert should have fired at 80% utilisation."),
        Point(title="The on-call should have tested the rollback path."),
    ]
    assert [(f.index, f.rule) for f in review.findings(draft)] == [
        (1, "people_subject"),
        (3, "named_subject"),
        (5, "hindsight"),
    ]


def test_as_json_shape(example: Draft) -> None:
    example.went_wrong[0].detail = "Jane forgot the release() call."
    data = review.as_json(review.review_draft(example), "a.toml")
    assert list(data) == ["file", "complete", "checklist", "metrics", "problems", "findings"]
    assert data["file"] == "a.toml"
    assert list(data["checklist"][0]) == ["id", "label", "ok", "detail"]
    assert data["metrics"]["trigger_to_detection"] == {
        "seconds": 1020.0,
        "formula": "detected - trigger",
    }
    assert data["findings"] == [
        {
            "section": "went_wrong",
            "index": 0,
            "rule": "named_subject",
            "excerpt": "Jane forgot the release() call.",
            "suggestion": data["findings"][0]["suggestion"],
        }
    ]
    json.dumps(data)  # plain JSON types only


def test_excerpt_is_cut_around_the_match() -> None:
    text = "word " * 60 + "Tom forgot the flag " + "word " * 60
    start = text.index("forgot")
    cut = blameless.excerpt(text, start, start + 6, width=80)
    assert "forgot" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 82


# --- configuration --------------------------------------------------------------------------


def write_config(text: str) -> Path:
    path = config.paths.config_file()
    path.write_text(text, encoding="utf-8")
    return path


def test_config_phrases_and_allowed_words() -> None:
    write_config(
        """
[review]
blame_phrases = ["went rogue", { phrase = "cowboy  deploy", suggestion = "Name the gate." }]
allowed_words = ["human error budget", "Tom"]
names = ["Alex"]
"""
    )
    team = config.load_config()
    assert team.review.allowed_words == ("human error budget", "Tom")
    draft = Draft.new("t", authors=[Author("Tom")])
    draft.went_wrong = [
        Point(title="The batch job went rogue."),
        Point(title="A cowboy deploy on Friday."),
        Point(title="We track a human error budget per quarter."),
        Point(title="Tom ignored the alert."),
        Point(title="Alex ignored the alert."),
    ]
    found = [(f.index, f.rule, f.suggestion) for f in review.findings(draft, team)]
    assert found[0][:2] == (0, "team_phrase")
    # The built-in "cowboy" and the team phrase overlap: one finding, the longer match.
    assert found[1] == (1, "team_phrase", "Name the gate.")
    assert [f[:2] for f in found[2:]] == [(4, "named_subject")]
    # Without the config: built-in rules only, Tom is a name again and Alex a name the
    # draft never mentions, a person all the same since only people ignore alerts.
    # review_draft and findings read the user's file when no config is given.
    assert [(f.index, f.rule) for f in review.findings(draft)] == [(f[0], f[1]) for f in found]
    built_in = [(f.index, f.rule) for f in review.findings(draft, config.Config())]
    assert [f for f in built_in if f[0] != 2] == [
        (0, "blame_phrase"),
        (1, "judgement"),
        (3, "named_subject"),
        (4, "named_subject"),
    ]
    # Without the allowed words the rules see "human error" in the budget sentence; whether it
    # is flagged then is the blame model's call (the sentence blames nobody).
    rules = blameless.Matcher(blameless.draft_names(draft), use_model=False)
    assert [h.rule for h in rules.scan("We track a human error budget per quarter.")] == [
        "human_error"
    ]


def test_missing_config_is_the_default() -> None:
    team = config.load_config()
    assert team.path is None
    assert team.review == config.ReviewConfig()
    assert config.severity_scale(team)["P1"] == "Critical"


def test_config_severities() -> None:
    write_config('[severities]\nSEV1 = "Critical"\nSEV2 = "Major"\n')
    assert config.severity_scale() == {"SEV1": "Critical", "SEV2": "Major"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[review\n", "not valid TOML"),
        ("[review]\nallowed_words = [1]\n", "review.allowed_words: expected a list"),
        ("[review]\nblame_phrases = [{ suggestion = 'x' }]\n", "review.blame_phrases[0]"),
        ("[severities]\nP1 = 1\n", "severities.P1: expected a string"),
        (
            "[blameless]\nblame_phrases = ['went rogue']\n",
            "blameless: unknown key; expected one of review, severities",
        ),
        (
            "[review]\nallowed_word = ['Jenkins']\n",
            "review.allowed_word: unknown key; expected one of review.blame_phrases, "
            "review.allowed_words, review.names",
        ),
    ],
)
def test_bad_config_is_refused_with_the_key(text: str, message: str) -> None:
    path = write_config(text)
    with pytest.raises(config.ConfigError) as error:
        config.load_config()
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    # The severity scale never stops the wizard: it falls back to the default.
    assert config.severity_scale()["P1"] == "Critical"


@pytest.mark.parametrize(
    "sentence",
    [
        "We should have a canary stage for schema changes.",
        "git blame showed the line dates from 2019.",
        "The module is lazy-loaded on first use.",
        "It was no one's fault; the config format made the wrong value look valid.",
        "Our fault-tolerant queue kept every message.",
        "The team failed over to the secondary region.",
        "Platform failed to scale the node pool past 40 nodes.",
        "This review assigns no blame.",
    ],
)
def test_engineering_words_and_team_names_are_not_blame(sentence: str) -> None:
    draft = Draft.new("t", authors=[Author("Jane Doe")])
    draft.action_items = [ActionItem(action="Raise the quota", owner="Platform")]
    draft.lessons = [Point(title=sentence)]
    assert review.findings(draft, config.Config()) == []


@pytest.mark.benchmark
def test_review_of_a_long_timeline_is_fast(example: Draft) -> None:
    import time

    start = example.timeline[0].at
    people = ["Jane", "Tom", "Priya", "Marcus"]
    example.timeline = [
        TimelineEvent(
            at=start + dt.timedelta(minutes=i),
            event=f"{people[i % 4]} restarts pod web-{i} and checks the error rate",
        )
        for i in range(2000)
    ]
    review.review_draft(example, config.Config())
    began = time.perf_counter()
    result = review.review_draft(example, config.Config())
    elapsed = time.perf_counter() - began
    print(f"\nreview of 2,000 events: {elapsed * 1000:.1f} ms")
    assert result.findings == []
    assert elapsed < 0.2


def test_first_event_and_order_in_the_repeated_dst_hour() -> None:
    # Europe/Berlin repeats 02:00-03:00 on 2024-10-27: 02:30 CEST is before 02:10 CET.
    berlin = times.zone("Europe/Berlin")
    cest = dt.datetime(2024, 10, 27, 2, 30, tzinfo=berlin)  # fold=0: the first 02:30, CEST
    cet = dt.datetime(2024, 10, 27, 2, 10, tzinfo=berlin, fold=1)  # the second 02:10, CET
    draft = Draft.new("t", date=dt.date(2024, 10, 27), timezone="Europe/Berlin")
    draft.timeline = [
        TimelineEvent(at=cest, event="Alarm", kind="detected"),
        TimelineEvent(at=cet, event="Acked", kind="acknowledged"),
    ]
    result = review.review_draft(draft, config.Config())
    assert result.metrics["time_to_acknowledge"].seconds == 40 * 60
    assert result.problems == []
    draft.timeline.reverse()
    assert [p.rule for p in review.problems(draft)] == ["out_of_order"]
    draft.sort_timeline()
    assert [e.event for e in draft.timeline] == ["Alarm", "Acked"]


@pytest.mark.parametrize(
    "sentence",
    ["Bob forgot to run the migration.", "Bob restarted the pod and forgot to drain it."],
)
def test_a_name_the_draft_never_mentions_still_cannot_forget(sentence: str) -> None:
    draft = Draft.new("t")
    draft.went_wrong = [Point(title="Migration", detail=sentence)]
    (finding,) = review.findings(draft)
    assert finding.rule == "named_subject"
    assert finding.match == "forgot"


@pytest.mark.parametrize(
    "sentence",
    [
        "Kafka ignored the header.",
        "Redis should have evicted the keys.",
        "The Scheduler forgot nothing: its queue was persisted.",
        "DNS failed to resolve the new host.",
    ],
)
def test_products_written_like_names_are_systems(sentence: str) -> None:
    draft = Draft.new("t")
    draft.went_wrong = [Point(title="Systems", detail=sentence)]
    assert review.findings(draft) == []
