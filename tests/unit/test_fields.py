"""The one table of fields: how typed text becomes a value, the same for both front doors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem_tui.core import fields, model
from postmortem_tui.core.fields import Context, FieldError, field

UTC = dt.UTC


def test_every_field_names_an_attribute_of_its_class() -> None:
    for key, spec in fields.FIELDS.items():
        owner, _, name = key.partition(".")
        cls = getattr(model, owner)
        assert name in {a.name for a in cls.__attrs_attrs__}, key
        assert spec.name == name


@pytest.mark.parametrize(
    ("key", "typed", "value"),
    [
        ("Impact.users_affected", "50,000", 50000),
        ("Impact.users_affected", " 1_200 ", 1200),
        ("Impact.revenue_loss", "1500.50", 1500.5),
        ("Impact.revenue_loss", "15000", 15000),
        ("Impact.revenue_loss", "15.0", 15.0),
        ("Impact.currency", "eur", "EUR"),
        ("Meta.date", "2024-02-29", dt.date(2024, 2, 29)),
        ("Meta.tags", "db, , deploy ", ["db", "deploy"]),
        ("Meta.status", "In Review", "in-review"),
        ("Meta.severity", "p2", "P2"),
        ("Factor.details", "one\n\n two \n", ["one", "two"]),
        ("Summary.text", "  \n ", None),
        ("Meta.date", "", None),
    ],
)
def test_typed_text_becomes_the_models_value(key: str, typed: str, value: object) -> None:
    parsed = field(key).parse(typed)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("Impact.users_affected", "many", "Expected a whole number like 50000, got 'many'"),
        ("Impact.users_affected", "-5", "Expected a number >= 0, got -5"),
        ("Impact.revenue_loss", "inf", "Expected a finite number, got 'inf'"),
        ("Impact.currency", "euro", "Expected a three-letter currency code"),
        ("Meta.date", "2024-13-01", "Expected a date like 2024-01-15, got '2024-13-01'"),
        ("Meta.timezone", "Mars/Olympus", "Expected an IANA time zone name"),
        ("Meta.timezone", "", "A time zone is required"),
        ("Meta.title", " ", "A title is required"),
        ("TimelineEvent.at", "", "Time is required"),
        ("TimelineEvent.at", "25:99", "Expected a time of day from 00:00 to 23:59"),
        ("Meta.status", "done", "Expected one of draft, in-review, complete, got 'done'"),
    ],
)
def test_a_value_that_does_not_parse_says_why(key: str, typed: str, reason: str) -> None:
    with pytest.raises(FieldError) as caught:
        field(key).parse(typed, Context(day=dt.date(2024, 1, 15)))
    assert str(caught.value).startswith(reason)


def test_a_time_is_read_in_the_drafts_zone_and_shown_back() -> None:
    spec = field("Impact.start")
    context = Context(tz="Europe/Berlin", day=dt.date(2024, 1, 15))
    value = spec.parse("14:32", context)
    assert value == dt.datetime(2024, 1, 15, 13, 32, tzinfo=UTC)
    assert spec.format(value, context) == "14:32"
    other_day = dt.datetime(2024, 1, 16, 9, 0, tzinfo=UTC)
    assert spec.format(other_day, context) == "2024-01-16 10:00"


def test_text_shown_unchanged_keeps_the_value_it_shows() -> None:
    # A time read back from the file keeps its own offset, and is not placed again.
    spec = field("TimelineEvent.at")
    kept = dt.datetime(2024, 1, 15, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    context = Context(tz="Europe/Berlin", day=dt.date(2024, 1, 15), previous=kept.replace(hour=1))
    assert spec.parse("23:30", context, current=kept) is kept
    assert spec.parse("23:30", context) != kept  # typed anew: nearest to 01:00, the day before
    # and what is shown under it says so
    assert spec.hint("23:30", context, current=kept) == "23:30, Mon 2024-01-15, same day"
    assert spec.hint("23:30", context) == "23:30, Sun 2024-01-14, day before"


def test_severity_choices_follow_the_config_file(tmp_path: Path) -> None:
    spec = field("Meta.severity")
    assert [value for _, value in spec.options()] == ["P1", "P2", "P3", "P4", "P5"]
    (tmp_path / "config.toml").write_text(
        '[severities]\nSEV1 = "Critical"\nSEV2 = "Major"\nSEV3 = "Minor"\n', encoding="utf-8"
    )
    assert spec.options() == (
        ("SEV1 Critical", "SEV1"),
        ("SEV2 Major", "SEV2"),
        ("SEV3 Minor", "SEV3"),
    )
    assert spec.options("P2")[-1] == ("P2", "P2")  # a draft's own value stays offered
    assert spec.parse("sev2") == "SEV2"
    with pytest.raises(FieldError, match="Expected one of SEV1, SEV2, SEV3"):
        spec.parse("P1")


def test_fields_of_a_class_come_in_the_tables_order() -> None:
    assert [spec.name for spec in fields.fields_of(model.TimelineEvent)] == [
        "at",
        "kind",
        "event",
        "actor",
        "link",
        "approximate",
    ]  # never source or source_id: they are set by import, not typed
    assert fields.fields_of("Related") == fields.fields_of(model.Related)
    with pytest.raises(KeyError, match=r"Meta\.nope: not a field"):
        field("Meta.nope")
