"""Invalid input shows a message next to its field and never reaches the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.widgets import Checkbox, DataTable, Input, Select, TextArea

from postmortem_tui.core.model import ActionItem, Draft, Point, Prevention
from postmortem_tui.wizard.dialogs.item_form import ItemForm
from postmortem_tui.wizard.widgets.list_editor import ListEditor

from .stephelpers import (
    StepApp,
    add_item,
    field_error,
    fill_form,
    open_form,
    run_async,
    set_field,
    type_into,
)

SIZE = (120, 40)


def example() -> Draft:
    return Draft.new("Pool exhausted", date=dt.date(2024, 1, 15), timezone="Europe/Berlin")


@run_async
async def test_empty_title_shows_message_and_keeps_old_title() -> None:
    draft = example()
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.screen.query_one("#title")
        await type_into(pilot, "#title", "")
        assert field_error(app, "title") == "A title is required"
        assert draft.meta.title == "Pool exhausted"
        await pilot.press("X")
        await pilot.pause()
        assert field_error(app, "title") is None
        assert draft.meta.title == "X"
        # Every key press reaches the model and is reported, so autosave sees typed text.
        before = len(app.changes)
        await pilot.press("Y")
        await pilot.pause()
        assert (draft.meta.title, len(app.changes)) == ("XY", before + 1)
        await pilot.press("Z")
        await pilot.pause()
        assert (draft.meta.title, len(app.changes)) == ("XYZ", before + 2)


@run_async
async def test_bad_date_and_zone_are_refused() -> None:
    draft = example()
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        await set_field(pilot, "#date", "2024-13-01")
        assert field_error(app, "date") == "Expected a date like 2024-01-15, got '2024-13-01'"
        await set_field(pilot, "#timezone", "Mars/Olympus")
        assert "IANA" in (field_error(app, "timezone") or "")
        assert draft.meta.date == dt.date(2024, 1, 15)
        assert draft.meta.timezone == "Europe/Berlin"
        await set_field(pilot, "#date", "")
        assert field_error(app, "date") is None
        assert draft.meta.date is None


@run_async
async def test_impact_refuses_bad_time_and_negative_numbers() -> None:
    draft = example()
    app = StepApp("impact", draft)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#start", "25:99")
        assert "00:00 to 23:59" in (field_error(app, "start") or "")
        await set_field(pilot, "#end", "soon")
        assert "14:32" in (field_error(app, "end") or "")
        assert (draft.impact.start, draft.impact.end) == (None, None)
        await set_field(pilot, "#users-affected", "-5")
        assert field_error(app, "users-affected") == "Expected a number >= 0, got -5"
        await set_field(pilot, "#requests-failed", "many")
        assert field_error(app, "requests-failed") == (
            "Expected a whole number like 50000, got 'many'"
        )
        await set_field(pilot, "#revenue-loss", "-1.5")
        await set_field(pilot, "#currency", "euro")
        assert field_error(app, "currency") is not None
        impact = draft.impact
        assert (impact.users_affected, impact.requests_failed, impact.revenue_loss) == (
            None,
            None,
            None,
        )
        assert impact.currency is None
        # A typed 14:32 is read in the draft's zone on its date.
        await set_field(pilot, "#start", "14:32")
        assert draft.impact.start == dt.datetime(2024, 1, 15, 13, 32, tzinfo=dt.UTC)


@run_async
async def test_form_keeps_open_and_shows_why() -> None:
    draft = example()
    app = StepApp("action_items", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-action-items")
        await fill_form(pilot, form, {"action": "", "due": "next week"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.field("action").error == "Action is required"
        assert form.field("due").error == "Expected a date like 2024-01-15, got 'next week'"
        assert draft.action_items == []
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert draft.action_items == []
        assert app.changes == []


@run_async
async def test_action_items_without_owner_or_due_stand_out() -> None:
    draft = example()
    draft.action_items = [ActionItem("Fix it"), ActionItem("Alarm", owner="DB", due=None)]
    app = StepApp("action_items", draft)
    async with app.run_test(size=SIZE):
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "⚠ no owner"
        assert str(table.get_row_at(1)[1]) == "DB"
        assert str(table.get_row_at(1)[2]) == "⚠ no date"


@run_async
async def test_read_only_changes_nothing() -> None:
    draft = example()
    draft.went_well = [Point("Fast rollback")]
    draft.prevention = [Prevention("Alarms")]
    before = repr(draft), [repr(p) for p in draft.went_well], draft.prevention[0].done
    for key in ("summary", "impact", "timeline", "went_well", "prevention", "appendix"):
        app = StepApp(key, draft, read_only=True)
        async with app.run_test(size=SIZE) as pilot:
            controls = app.screen.query("Input, TextArea, Select, Checkbox")
            assert all(c.disabled for c in controls), key
            assert all(isinstance(c, Input | TextArea | Select | Checkbox) for c in controls)
            for editor in app.screen.query(ListEditor):
                editor.focus_table()
                await pilot.pause()
                await pilot.press("a", "e", "enter", "d", "space", "ctrl+down")
                await pilot.pause()
                assert not isinstance(app.screen, ItemForm)
        assert app.changes == [], key
    assert (repr(draft), [repr(p) for p in draft.went_well], draft.prevention[0].done) == before


@run_async
async def test_delete_asks_first_and_moves_reorder() -> None:
    draft = example()
    app = StepApp("lessons", draft)
    async with app.run_test(size=SIZE) as pilot:
        for title in ("one", "two", "three"):
            await add_item(pilot, "list-lessons", {"title": title})
        assert [p.title for p in draft.lessons] == ["one", "two", "three"]
        # The cursor is on the last added row: move it up twice.
        await pilot.press("ctrl+up", "ctrl+up")
        await pilot.pause()
        assert [p.title for p in draft.lessons] == ["three", "one", "two"]
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(3)] == ["three", "one", "two"]
        await pilot.press("shift+down")  # the other key for the same move
        await pilot.pause()
        assert [p.title for p in draft.lessons] == ["one", "three", "two"]
        await pilot.press("d")
        await pilot.pause()
        assert "three" in str(app.screen.query_one(".confirm-row").render())
        await pilot.press("n")
        await pilot.pause()
        assert len(draft.lessons) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [p.title for p in draft.lessons] == ["one", "two"]
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == ["one", "two"]
        # Editing keeps the row where it is and shows the new text.
        await pilot.press("enter")
        await pilot.pause()
        await fill_form(pilot, app.screen, {"title": "TWO"})  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [p.title for p in draft.lessons] == ["one", "TWO"]
        assert str(table.get_row_at(1)[0]) == "TWO"


@run_async
async def test_reload_shows_another_draft() -> None:
    draft = example()
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        other = Draft.new("Other incident", severity="P3")
        other.meta.authors = []
        app.editor.reload(other)
        await pilot.pause()
        assert app.screen.query_one("#title", Input).value == "Other incident"
        assert app.screen.query_one("#severity", Select).value == "P3"
        assert app.changes == []
        await type_into(pilot, "#title", "New")
        assert other.meta.title == "New"
        assert draft.meta.title == "Pool exhausted"


@run_async
async def test_a_form_taken_down_under_its_keeper_raises_nothing(monkeypatch: Any) -> None:
    # The app closing with a form open (behind a question) takes the form's fields down while
    # the keeper of its unconfirmed text may still poll it: that poll must find nothing new.
    from postmortem_tui.wizard.widgets import list_editor

    monkeypatch.setattr(list_editor, "KEEP_EVERY", 0.01)
    draft = example()
    app = StepApp("action_items", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-action-items")
        await fill_form(pilot, form, {"action": "Rotate the keys"})
        for _ in range(5):
            await pilot.pause(0.02)  # the keeper has the typed text
        await form.field("action").input.remove()  # as a closing app does, field by field
        for _ in range(5):
            await pilot.pause(0.02)
        assert app.screen is form
