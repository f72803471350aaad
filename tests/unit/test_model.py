"""The model of draft format 1: defaults, validation, helpers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest

from postmortem_tui.core import model

AT = dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC)


def test_a_title_alone_is_a_valid_draft() -> None:
    draft = model.Draft.new("Outage")
    model.validate(draft)
    assert draft.format == model.FORMAT_VERSION == 1
    assert draft.meta.status == "draft"
    assert draft.meta.timezone == "UTC"
    assert draft.timeline == [] and draft.action_items == []
    assert draft.unknown == {}


def test_new_takes_meta_fields() -> None:
    draft = model.Draft.new("Outage", severity="P1", date=dt.date(2024, 1, 15))
    assert draft.meta.severity == "P1" and draft.meta.date == dt.date(2024, 1, 15)


def test_every_table_of_the_format_is_in_the_model() -> None:
    assert [f.name for f in attrs.fields(model.Draft)] == [
        "meta",
        "format",
        "summary",
        "impact",
        "timeline",
        "root_cause",
        "factors",
        "went_well",
        "went_wrong",
        "lucky",
        "action_items",
        "lessons",
        "related",
        "prevention",
        "appendix",
        "sections",
        "review",
        "unknown",
    ]
    names = {cls: [f.name for f in attrs.fields(cls)][:-1] for cls in _classes()}
    assert names[model.Meta] == [
        "title",
        "date",
        "status",
        "severity",
        "timezone",
        "tags",
        "created",
        "updated",
        "authors",
        "incident_id",
        "services",
        "responders",
    ]
    assert names[model.Impact] == [
        "start",
        "end",
        "users_affected",
        "requests_failed",
        "revenue_loss",
        "currency",
        "approximate",
        "description",
        "extra",
        "phases",
    ]
    assert names[model.ActionItem] == [
        "action",
        "owner",
        "due",
        "priority",
        "status",
        "type",
        "link",
    ]
    assert names[model.Review] == ["meeting", "meeting_held", "shared_with", "follow_up"]
    assert names[model.Factor] == ["title", "summary", "details"]
    assert names[model.Related] == ["date", "title", "link"]
    assert names[model.Prevention] == ["text", "done"]
    assert names[model.Appendix] == ["monitoring_graphs", "communication_log", "code"]
    assert names[model.CodeBlock] == ["caption", "language", "code"]
    assert names[model.TimelineEvent] == [
        "at",
        "event",
        "kind",
        "actor",
        "link",
        "approximate",
        "source",
        "source_id",
    ]
    assert names[model.Responder] == ["name", "role"]
    assert names[model.ImpactPhase] == ["label", "start", "end", "description"]
    assert names[model.Section] == ["title", "text", "after"]


def _classes() -> list[type]:
    return [
        model.Author,
        model.Responder,
        model.Meta,
        model.Summary,
        model.ImpactLine,
        model.ImpactPhase,
        model.Impact,
        model.TimelineEvent,
        model.CodeBlock,
        model.RootCause,
        model.Factor,
        model.Point,
        model.ActionItem,
        model.Related,
        model.Prevention,
        model.Appendix,
        model.Section,
        model.Review,
        model.Draft,
    ]


def test_every_class_keeps_unknown_keys() -> None:
    for cls in _classes():
        field = attrs.fields_dict(cls)["unknown"]
        assert field.metadata.get("unknown") is True, cls


def test_constants() -> None:
    assert tuple(model.STATUSES) == ("draft", "in-review", "complete")
    assert model.STATUSES["in-review"] == "In Review"
    assert model.EVENT_KINDS[-1] == "note" and len(model.EVENT_KINDS) == 8
    assert model.PRIORITIES == ("P0", "P1", "P2", "P3")
    assert model.ACTION_STATUSES == {
        "planned": "📋 Planned",
        "in-progress": "🔄 In Progress",
        "done": "✅ Done",
        "wont-do": "⛔ Won't Do",
    }
    assert model.ACTION_TYPES == (
        "investigate",
        "mitigate",
        "repair",
        "detect",
        "prevent",
        "process",
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: model.Meta(title=""), "a non-empty string"),
        (lambda: model.Meta(title="  \n"), "a non-empty string"),
        (lambda: model.Meta(title="T", status="open"), 'one of "draft"'),
        (lambda: model.Meta(title="T", timezone="Nowhere/City"), "IANA time zone"),
        (lambda: model.Meta(title="T", created=dt.datetime(2024, 1, 1)), "with an offset"),
        (lambda: model.Author(name=""), "non-empty"),
        (lambda: model.Impact(users_affected=-1), ">= 0, got -1"),
        (lambda: model.Impact(requests_failed=-1), ">= 0"),
        (lambda: model.Impact(revenue_loss=-0.01), ">= 0"),
        (lambda: model.Impact(revenue_loss=float("nan")), "finite"),
        (lambda: model.Impact(start=dt.datetime(2024, 1, 1)), "with an offset"),
        (lambda: model.TimelineEvent(dt.datetime(2024, 1, 1), "x"), "with an offset"),
        (lambda: model.TimelineEvent(AT, " "), "non-empty"),
        (lambda: model.TimelineEvent(AT, "x", "fixed"), "got 'fixed'"),
        (lambda: model.ActionItem(""), "non-empty"),
        (lambda: model.ActionItem("a", priority="P4"), "got 'P4'"),
        (lambda: model.ActionItem("a", status="closed"), "got 'closed'"),
        (lambda: model.ActionItem("a", type="fix"), "got 'fix'"),
        (lambda: model.Review(meeting=dt.datetime(2024, 1, 1)), "with an offset"),
    ],
)
def test_validators_say_what_is_expected(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build()


@pytest.mark.parametrize(
    ("build", "ending"),
    [
        (
            lambda: model.TimelineEvent(AT, "x", "detect"),
            """got 'detect' (did you mean "detected"?)""",
        ),
        (lambda: model.ActionItem("a", status="Done"), """got 'Done' (did you mean "done"?)"""),
        (lambda: model.ActionItem("a", status="wontdo"), """(did you mean "wont-do"?)"""),
        (lambda: model.Meta(title="T", status="in review"), """(did you mean "in-review"?)"""),
        (lambda: model.ActionItem("a", priority="p1"), """got 'p1' (did you mean "P1"?)"""),
        (lambda: model.ActionItem("a", status="finished"), "got 'finished'"),
    ],
)
def test_a_near_miss_of_a_choice_gets_the_choice_it_was_meant_to_be(
    build: Any, ending: str
) -> None:
    with pytest.raises(ValueError) as error:
        build()
    assert str(error.value).endswith(ending)


def test_valid_values_pass() -> None:
    model.Impact(users_affected=0, revenue_loss=0.0, start=AT, end=AT)
    model.ActionItem("a", priority="P0", status="wont-do", type="process")
    model.Meta(title="T", timezone="America/St_Johns", status="in-review")
    for kind in model.EVENT_KINDS:
        model.TimelineEvent(AT, "x", kind)


def test_validate_finds_problems_set_around_validators() -> None:
    draft = model.Draft.new("T")
    with attrs.validators.disabled():
        draft.meta.status = "bogus"
        draft.action_items.append(model.ActionItem("a", priority="P9"))
    with pytest.raises(ValueError, match="bogus"):
        model.validate(draft)
    draft.meta.status = "draft"
    with pytest.raises(ValueError, match="P9"):
        model.validate(draft)


def test_setattr_is_validated() -> None:
    event = model.TimelineEvent(AT, "x")
    with pytest.raises(ValueError):
        event.kind = "oops"
    assert event.kind == "note"


def test_sort_timeline_is_stable() -> None:
    later = AT + dt.timedelta(minutes=5)
    draft = model.Draft.new("T")
    draft.timeline = [
        model.TimelineEvent(later, "c"),
        model.TimelineEvent(AT, "a"),
        model.TimelineEvent(AT.astimezone(dt.timezone(dt.timedelta(hours=2))), "b"),
    ]
    draft.sort_timeline()
    assert [e.event for e in draft.timeline] == ["a", "b", "c"]


def test_first_event_of_a_kind() -> None:
    draft = model.Draft.new("T")
    draft.timeline = [
        model.TimelineEvent(AT + dt.timedelta(minutes=9), "late", "detected"),
        model.TimelineEvent(AT, "early", "detected"),
        model.TimelineEvent(AT, "note"),
    ]
    first = draft.first_event("detected")
    assert first is not None and first.event == "early"
    assert draft.first_event("resolved") is None


def test_severity_label() -> None:
    assert model.severity_label("P1") == "P1 (Critical)"
    assert model.severity_label("P5") == "P5 (Informational)"
    assert model.severity_label("SEV0") == "SEV0"
    assert model.severity_label("SEV0", {"SEV0": "Everything is down"}) == (
        "SEV0 (Everything is down)"
    )
    assert model.severity_label(None) == ""


def test_author_label() -> None:
    assert model.Author("Jane Doe", "On-call").label() == "Jane Doe (On-call)"
    assert model.Author("Jane Doe").label() == "Jane Doe"


def test_shown_cuts_long_values() -> None:
    assert model.shown("x") == "'x'"
    long = model.shown("y" * 500)
    assert len(long) == 60 and long.endswith("...")


def test_unknown_is_compared_but_not_shown() -> None:
    a = model.Draft.new("T")
    b = model.Draft.new("T")
    b.unknown["x"] = 1
    assert a != b
    assert "unknown" not in repr(b)
