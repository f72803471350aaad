"""The step editors inside the real wizard: fill steps with Next, the file on disk follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from postmortem_tui.core import store
from postmortem_tui.core.model import Draft

from .conftest import SIZE, make_app, open_step, settle, wait_for
from .stephelpers import add_item, set_field


async def test_fill_steps_in_the_wizard_and_the_file_has_them(folder: Path) -> None:
    loaded = store.create_draft_file(Draft.new("Queue backlog", date=dt.date(2024, 3, 2)), folder)
    app = make_app(folder, loaded.path, step="summary")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await set_field(pilot, "#summary-text", "Jobs waited for an hour.")
        await set_field(pilot, "#severity", "P3")
        await add_item(pilot, "list-meta-authors", {"name": "Ana", "role": "On-call"})
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "impact")
        await set_field(pilot, "#start", "09:00")
        await set_field(pilot, "#end", "10:05")
        await set_field(pilot, "#users-affected", "1200")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "timeline")
        await add_item(pilot, "list-timeline", {"at": "09:10", "kind": "detected", "event": "Lag"})
        await add_item(pilot, "list-timeline", {"at": "10:05", "kind": "resolved", "event": "Ok"})
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "root_cause")
        await set_field(pilot, "#root-cause-text", "A stuck consumer.")
        await screen.show_step("action_items")
        await pilot.pause()
        await add_item(
            pilot,
            "list-action-items",
            {"action": "Alert on lag", "owner": "SRE", "due": "2024-03-09"},
        )
        await pilot.press("ctrl+s")
        await settle(pilot)

        def saved() -> Draft:
            return store.read_draft(loaded.path).draft

        await wait_for(pilot, lambda: len(saved().action_items) == 1)
    draft = saved()
    assert draft.summary.text == "Jobs waited for an hour."
    assert draft.meta.severity == "P3"
    assert [(a.name, a.role) for a in draft.meta.authors] == [("Ana", "On-call")]
    utc = dt.UTC
    assert draft.impact.start == dt.datetime(2024, 3, 2, 9, 0, tzinfo=utc)
    assert draft.impact.end == dt.datetime(2024, 3, 2, 10, 5, tzinfo=utc)
    assert draft.impact.users_affected == 1200
    assert [(e.kind, e.event) for e in draft.timeline] == [("detected", "Lag"), ("resolved", "Ok")]
    assert draft.root_cause.text == "A stuck consumer."
    item = draft.action_items[0]
    assert (item.action, item.owner, item.due) == ("Alert on lag", "SRE", dt.date(2024, 3, 9))


async def test_a_zone_changed_in_summary_shows_in_the_timeline(folder: Path) -> None:
    draft = Draft.new("Zones", date=dt.date(2024, 1, 15))
    loaded = store.create_draft_file(draft, folder)
    app = make_app(folder, loaded.path, step="timeline")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "timeline")
        await add_item(pilot, "list-timeline", {"at": "14:32", "event": "Alarm"})
        await screen.show_step("summary")
        await pilot.pause()
        await set_field(pilot, "#timezone", "Asia/Tokyo")
        await screen.show_step("timeline")
        await pilot.pause()
        table = screen.query_one("#list-timeline DataTable")
        assert str(table.get_row_at(0)[0]) == "23:32"  # type: ignore[attr-defined]
        assert "Asia/Tokyo" in str(screen.query_one("#timeline-note").render())
