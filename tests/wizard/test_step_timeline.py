"""The timeline step: typed times, sorting, the next-day question, moves, deletes, metrics."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Select

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
    table = app.screen.query_one(DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[misc]


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


@run_async
async def test_earlier_time_after_midnight_asks_and_shows_the_date() -> None:
    draft = draft_with((at(23, 50), "Deploy"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        assert isinstance(form, TimelineEventForm)
        await fill_form(pilot, form, {"at": "00:10", "event": "Alarm"})
        assert form.query_one("#next-day-box").display
        question = str(form.query_one("#next-day-question").render())
        assert question == "Earlier than the previous event (23:50). Next day, 2024-01-16 00:10?"
        assert form.query_one("#next-day", Select).value is True  # 20 min after 23:50
        shown = str(form.query_one("#next-day #label").render())
        assert shown == "Yes: next day, 2024-01-16 00:10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [e.at for e in draft.timeline] == [at(23, 50), at(0, 10, day=16)]
        assert rows(app)[1][0] == "2024-01-16 00:10"


@run_async
async def test_earlier_time_stays_on_the_day_when_the_person_says_so() -> None:
    draft = draft_with((at(23, 50), "Deploy"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        await fill_form(pilot, form, {"at": "00:10", "event": "Earlier note"})
        form.query_one("#next-day", Select).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [e.event for e in draft.timeline] == ["Earlier note", "Deploy"]
        assert draft.timeline[0].at == at(0, 10)
        assert [r[0] for r in rows(app)] == ["00:10", "23:50"]


@run_async
async def test_no_question_for_later_times_or_dated_times() -> None:
    draft = draft_with((at(14, 0), "Deploy"))
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        await fill_form(pilot, form, {"at": "14:30", "event": "Later"})
        assert not form.query_one("#next-day-box").display
        await fill_form(pilot, form, {"at": "2024-01-15 13:00"})
        assert not form.query_one("#next-day-box").display
        await fill_form(pilot, form, {"at": "13:00"})
        assert form.query_one("#next-day-box").display
        # 23 hours after 14:00 is unlikely: the same day is offered first.
        assert form.query_one("#next-day", Select).value is False
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
