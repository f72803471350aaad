"""The timeline step: typed times and the date chosen for them, sorting, moves, deletes, metrics."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from postmortem_tui.core.model import Draft, TimelineEvent
from postmortem_tui.wizard.dialogs.item_form import ItemForm, TimelineEventForm

from .stephelpers import StepApp, add_item, fill_form, open_form, run_async

SIZE = (120, 40)
UTC = dt.UTC


def at(hour: int, minute: int, day: int = 15) -> dt.datetime:
    return dt.datetime(2024, 1, day, hour, minute, tzinfo=UTC)


def draft_with(*events: tuple[dt.datetime, str]) -> Draft:
    draft = Draft.new("Night outage", date=dt.date(2024, 1, 15))
    draft.timeline = [TimelineEvent(when, text) for when, text in events]
    return draft


def rows(app: StepApp) -> list[tuple[str, str, str]]:
    """Time, kind and event of every row (actor, link and source are tested elsewhere)."""
    table = app.screen.query_one(DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)[:3]) for i in range(table.row_count)]  # type: ignore[misc]


@run_async
async def test_rows_stay_sorted_and_metrics_follow() -> None:
    draft = draft_with()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(pilot, "list-timeline", {"at": "14:40", "kind": "resolved", "event": "Ok"})
        await add_item(pilot, "list-timeline", {"at": "14:15", "kind": "trigger", "event": "Go"})
        await add_item(
            pilot, "list-timeline", {"at": "14:32", "kind": "detected", "event": "Alarm"}
        )
        assert [e.event for e in draft.timeline] == ["Go", "Alarm", "Ok"]
        assert rows(app) == [
            ("14:15", "trigger", "Go"),
            ("14:32", "detected", "Alarm"),
            ("14:40", "resolved", "Ok"),
        ]
        metrics = str(app.screen.query_one("#timeline-metrics").render())
        assert "Trigger to detection: 17 min (detected - trigger)" in metrics
        # Editing a time moves the row to its place.
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=0)
        form = await open_form(pilot, "list-timeline", "e")
        await fill_form(pilot, form, {"at": "2024-01-15 14:35"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [e.event for e in draft.timeline] == ["Alarm", "Go", "Ok"]
        assert rows(app)[1] == ("14:35", "trigger", "Go")
        assert table.cursor_row == 1
        assert "Trigger to detection: -3 min" in str(
            app.screen.query_one("#timeline-metrics").render()
        )


def hint(form: ItemForm, name: str = "at") -> str:
    """What the form says under a time: the date chosen for it."""
    return str(form.field(name).query_one(".field-hint").render())


@run_async
async def test_a_time_after_midnight_lands_on_the_next_day_and_says_so() -> None:
    draft = draft_with((at(23, 50), "Deploy"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        assert isinstance(form, TimelineEventForm)
        await pilot.press(*"00:10")
        assert hint(form).startswith("00:10, Tue 2024-01-16, next day")
        await pilot.press("tab", "tab", *"Alarm", "ctrl+s")  # Kind, then Event
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert [e.at for e in draft.timeline] == [at(23, 50), at(0, 10, day=16)]
        assert rows(app)[1][0] == "2024-01-16 00:10"


@run_async
async def test_one_key_moves_a_typed_time_a_day() -> None:
    # 18:14 typed after 01:18 on the second day is nearest on the first (7 h back against
    # 17 forward): the form says so, and Ctrl+Up puts it on the second day.
    draft = draft_with((at(23, 0), "Partition"), (at(1, 18, day=16), "Failover"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        await pilot.press(*"18:14")
        assert hint(form).startswith("18:14, Mon 2024-01-15, day before")
        await pilot.press("ctrl+up")
        assert form.field("at").raw() == "2024-01-16 18:14"
        assert hint(form).startswith("18:14, Tue 2024-01-16, same day")
        await pilot.press("ctrl+up", "ctrl+down")  # and back again
        assert form.field("at").raw() == "2024-01-16 18:14"
        await pilot.press("tab", "tab", *"Writes resumed", "ctrl+s")
        await pilot.pause()
        assert [e.event for e in draft.timeline][-1] == "Writes resumed"
        assert draft.timeline[-1].at == at(18, 14, day=16)


@run_async
async def test_a_time_is_read_nearest_to_the_event_before_it() -> None:
    draft = draft_with((at(14, 0), "Deploy"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        await fill_form(pilot, form, {"at": "14:30", "event": "Later"})
        assert hint(form).startswith("14:30, Mon 2024-01-15, same day")
        await fill_form(pilot, form, {"at": "13:00"})  # 1 h back, not 23 h forward
        assert hint(form).startswith("13:00, Mon 2024-01-15, same day")
        await fill_form(pilot, form, {"at": "2024-01-16 13:00"})  # taken as typed
        assert hint(form).startswith("13:00, Tue 2024-01-16, next day")
        await fill_form(pilot, form, {"at": "13:00 +1"})
        assert hint(form).startswith("13:00, Tue 2024-01-16, next day")
        await fill_form(pilot, form, {"at": "not a time"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "14:32" in (form.field("at").error or "")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert [e.event for e in draft.timeline] == ["Deploy"]


@run_async
async def test_move_only_among_events_at_the_same_time_and_delete() -> None:
    draft = draft_with((at(14, 0), "A"), (at(14, 5), "B"), (at(14, 5), "C"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert [e.event for e in draft.timeline] == ["A", "C", "B"]
        assert [r[2] for r in rows(app)] == ["A", "C", "B"]
        await pilot.press("ctrl+up", "ctrl+up")  # the second would break time order
        await pilot.pause()
        assert [e.event for e in draft.timeline] == ["A", "B", "C"]
        assert [r[2] for r in rows(app)] == ["A", "B", "C"]
        table.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        assert "A" in str(app.screen.query_one(".confirm-row").render())
        await pilot.press("y")
        await pilot.pause()
        assert [e.event for e in draft.timeline] == ["B", "C"]
        assert [r[2] for r in rows(app)] == ["B", "C"]
    assert app.changes == ["timeline"] * 3


@run_async
async def test_times_show_in_the_draft_zone() -> None:
    draft = draft_with((at(13, 32), "Alarm"))
    draft.meta.timezone = "Europe/Berlin"
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        assert rows(app) == [("14:32", "note", "Alarm")]
        await add_item(pilot, "list-timeline", {"at": "14:40", "kind": "mitigated", "event": "M"})
        assert draft.timeline[1].at == at(13, 40)
