"""Typed times to aware datetimes, midnight and DST, durations in words."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from postmortem_tui.core import times

DAY = dt.date(2024, 1, 15)
NY = "America/New_York"
UTC = dt.UTC


def _at(*args: int, tz: str = "UTC") -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(tz))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:32", (14, 32, 0)),
        (" 14:32 ", (14, 32, 0)),
        ("9:05", (9, 5, 0)),
        ("1432", (14, 32, 0)),
        ("14.32", (14, 32, 0)),
        ("14h32", (14, 32, 0)),
        ("14:32:05", (14, 32, 5)),
        ("2:32pm", (14, 32, 0)),
        ("2:32 PM", (14, 32, 0)),
        ("2:32 p.m.", (14, 32, 0)),
        ("2pm", (14, 0, 0)),
        ("12:15am", (0, 15, 0)),
        ("12:15pm", (12, 15, 0)),
        ("00:00", (0, 0, 0)),
        ("23:59", (23, 59, 0)),
    ],
)
def test_clock_times_are_read_on_the_day_in_the_zone(
    text: str, expected: tuple[int, int, int]
) -> None:
    value = times.parse_time(text, tz=NY, day=DAY)
    assert value == _at(2024, 1, 15, *expected, tz=NY)
    assert value.utcoffset() == dt.timedelta(hours=-5)


def test_date_and_clock() -> None:
    assert times.parse_time("2024-01-15 14:32", tz=NY) == _at(2024, 1, 15, 14, 32, tz=NY)
    assert times.parse_time("2024-07-15 2:32pm", tz=NY).utcoffset() == dt.timedelta(hours=-4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15T14:32:00Z", dt.datetime(2024, 1, 15, 14, 32, tzinfo=UTC)),
        ("2024-01-15T14:32:00z", dt.datetime(2024, 1, 15, 14, 32, tzinfo=UTC)),
        (
            "2024-01-15T14:32:00+05:30",
            dt.datetime(2024, 1, 15, 9, 2, tzinfo=UTC),
        ),
        ("2024-01-15 14:32:00-05:00", dt.datetime(2024, 1, 15, 19, 32, tzinfo=UTC)),
        ("2024-01-15T14:32:00", dt.datetime(2024, 1, 15, 19, 32, tzinfo=UTC)),  # in NY
        ("2024-01-15T14:32", dt.datetime(2024, 1, 15, 19, 32, tzinfo=UTC)),
    ],
)
def test_iso_with_and_without_offset(text: str, expected: dt.datetime) -> None:
    value = times.parse_time(text, tz=NY, day=DAY)
    assert value == expected
    assert value.tzinfo is not None


def test_iso_offset_is_kept() -> None:
    value = times.parse_time("2024-01-15T14:32:00+05:30")
    assert value.utcoffset() == dt.timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a time like 14:32"),
        ("   ", "a time like 14:32"),
        ("25:00", "a time of day from 00:00 to 23:59, got '25:00'"),
        ("12:60", "a time of day from 00:00 to 23:59, got '12:60'"),
        ("14:32:61", "a time of day from 00:00 to 23:59"),
        ("13:00pm", "an hour from 1 to 12 with am/pm, got '13:00pm'"),
        ("0:30am", "an hour from 1 to 12 with am/pm"),
        ("14", "a time like 14:32, got '14'"),
        ("tomorrow", "a time like 14:32, 2024-01-15 14:32 or 2024-01-15T14:32:00Z, got 'tomorrow'"),
        ("2024-02-30 14:32", "a date like 2024-01-15, got '2024-02-30'"),
        ("2024-01-15 25:00", "a time of day from 00:00 to 23:59"),
    ],
)
def test_bad_inputs_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(times.TimeError) as caught:
        times.parse_time(text, tz=NY, day=DAY)
    assert str(caught.value).startswith(message)


def test_clock_without_a_day_asks_for_the_date() -> None:
    with pytest.raises(times.TimeError, match="a date with the time, like 2024-01-15 14:32"):
        times.parse_time("14:32", tz=NY)


def test_bad_zone_is_an_error() -> None:
    with pytest.raises(Exception):  # noqa: B017 - ZoneInfoNotFoundError or ValueError
        times.parse_time("14:32", tz="Mars/Olympus", day=DAY)


def test_parse_date() -> None:
    assert times.parse_date(" 2024-01-15 ") == DAY
    with pytest.raises(times.TimeError, match="a date like 2024-01-15, got '15/01/2024'"):
        times.parse_date("15/01/2024")


def test_dst_gap_lands_after_the_gap() -> None:
    # 02:30 does not exist in New York on 2024-03-10: the clocks jump from 02:00 to 03:00.
    value = times.parse_time("02:30", tz=NY, day=dt.date(2024, 3, 10))
    assert value.astimezone(UTC) == dt.datetime(2024, 3, 10, 7, 30, tzinfo=UTC)
    assert times.format_clock(value, NY) == "03:30"


def test_dst_fold_takes_the_first_occurrence() -> None:
    # 01:30 happens twice in New York on 2024-11-03; the first is still daylight time.
    value = times.parse_time("01:30", tz=NY, day=dt.date(2024, 11, 3))
    assert value.utcoffset() == dt.timedelta(hours=-4)


def _place(text: str, previous: dt.datetime | None = None, **kw: object) -> times.Placement:
    return times.place_time(text, tz=NY, previous=previous, **kw)  # type: ignore[arg-type]


def test_a_clock_time_lands_nearest_the_previous_event() -> None:
    # 00:36 after 23:30 is the next day; 14:20 after 14:45 the same day.
    late = _place("00:36", _at(2024, 1, 31, 23, 30, tz=NY))
    assert late.value == _at(2024, 2, 1, 0, 36, tz=NY) and late.chosen
    assert times.describe_placement(late, NY) == "00:36, Thu 2024-02-01, next day"
    early = _place("14:20", _at(2024, 1, 15, 14, 45, tz=NY))
    assert early.value == _at(2024, 1, 15, 14, 20, tz=NY)
    assert times.describe_placement(early, NY) == "14:20, Mon 2024-01-15, same day"
    # 18:14 after 01:18 on the second day: 7 hours back beats 17 forward.
    back = _place("18:14", _at(2018, 10, 22, 1, 18, tz=NY))
    assert back.value == _at(2018, 10, 21, 18, 14, tz=NY)
    assert times.describe_placement(back, NY).endswith("day before")


def test_a_tie_takes_the_later_reading() -> None:
    noon = _at(2024, 1, 15, 12, 0, tz=NY)
    assert _place("00:00", noon).value == _at(2024, 1, 16, 0, 0, tz=NY)


def test_without_a_previous_event_the_drafts_date_is_used() -> None:
    placed = _place("09:05", day=DAY)
    assert placed.value == _at(2024, 1, 15, 9, 5, tz=NY)
    assert times.describe_placement(placed, NY) == "09:05, Mon 2024-01-15, the incident's date"
    with pytest.raises(times.TimeError, match="a date with the time"):
        _place("09:05")


def test_a_date_typed_with_the_time_is_taken_as_typed() -> None:
    placed = _place("2024-01-10 00:10", _at(2024, 1, 15, 23, 50, tz=NY))
    assert placed.value == _at(2024, 1, 10, 0, 10, tz=NY) and not placed.chosen
    assert times.describe_placement(placed, NY).endswith("5 days earlier")


def test_plus_or_minus_days_move_a_clock_time() -> None:
    previous = _at(2024, 1, 15, 22, 52, tz=NY)
    assert _place("23:03 +1", previous).value == _at(2024, 1, 16, 23, 3, tz=NY)
    assert _place("00:10 -1", previous).value == _at(2024, 1, 15, 0, 10, tz=NY)
    # An offset is not a move: it belongs to the timestamp.
    stamp = _place("2024-01-15T14:32:00-05", previous)
    assert stamp.value == dt.datetime(2024, 1, 15, 19, 32, tzinfo=UTC)


def test_placing_across_dst_compares_real_time_and_keeps_the_wall_clock() -> None:
    # Clocks spring forward in the night between 2024-03-09 and 2024-03-10.
    placed = _place("00:40", _at(2024, 3, 9, 23, 50, tz=NY))
    assert times.format_clock(placed.value, NY) == "00:40"
    assert placed.value.date() == dt.date(2024, 3, 10)
    gap = _place("02:30", _at(2024, 3, 10, 1, 0, tz=NY))  # skipped: lands after the gap
    assert times.format_clock(gap.value, NY) == "03:30"
    fall = _place("01:00", _at(2024, 11, 2, 23, 30, tz=NY))
    assert fall.value.astimezone(UTC) - _at(2024, 11, 2, 23, 30, tz=NY).astimezone(UTC) == (
        dt.timedelta(hours=1, minutes=30)
    )
    moved = times.shift_days(_at(2024, 3, 9, 2, 30, tz=NY), 1, NY)
    assert times.format_clock(moved, NY) == "03:30"


def test_format_clock_and_in_zone() -> None:
    value = dt.datetime(2024, 1, 15, 19, 32, tzinfo=UTC)
    assert times.format_clock(value, NY) == "14:32"
    assert times.format_clock(value.replace(second=7), NY) == "14:32:07"
    assert times.in_zone(value, "Asia/Kolkata").hour == 1


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, ""),
        (0, "0 minutes"),
        (1, "1 second"),
        (45, "45 seconds"),
        (59.6, "1 minute"),
        (60, "1 minute"),
        (25 * 60, "25 minutes"),
        (60 * 60, "1 hour"),
        (95 * 60, "1 hour 35 minutes"),
        (95 * 60 + 50, "1 hour 35 minutes"),
        (2 * 3600 + 60, "2 hours 1 minute"),
        (24 * 3600, "1 day"),
        (51 * 3600, "2 days 3 hours"),
        (51 * 3600 + 25 * 60, "2 days 3 hours 25 minutes"),
        (24 * 3600 + 11 * 60, "1 day 11 minutes"),
        (18 * 3600 + 44 * 60, "18 hours 44 minutes"),
        (-25 * 60, "-25 minutes"),
    ],
)
def test_humanize_duration(seconds: float | None, words: str) -> None:
    assert times.humanize_duration(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "short"),
    [(None, "n/a"), (0, "0 min"), (17 * 60, "17 min"), (95 * 60, "1 h 35 min"), (7200, "2 h")],
)
def test_format_minutes(seconds: float | None, short: str) -> None:
    assert times.format_minutes(seconds) == short


def test_zone_is_cached_and_utc_any_case() -> None:
    assert times.zone("utc") is times.zone("UTC")
    assert times.zone(NY) is times.zone(NY)
