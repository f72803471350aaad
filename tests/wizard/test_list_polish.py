"""List editors: a row added is measured at once, and unchanged labels are not redrawn."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from postmortem_tui.core.model import Draft, TimelineEvent
from postmortem_tui.wizard.widgets.list_editor import ListEditor

from .stephelpers import StepApp, run_async

SIZE = (120, 40)


def big_draft(events: int = 200) -> Draft:
    draft = Draft.new("Long night", date=dt.date(2024, 1, 15))
    start = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
    draft.timeline = [
        TimelineEvent(start + dt.timedelta(minutes=i), f"Event {i}") for i in range(events)
    ]
    return draft


@run_async
async def test_a_row_added_is_measured_and_scrolled_to_before_the_next_frame() -> None:
    draft = big_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        editor = app.screen.query_one(ListEditor)
        editor.ensure_loaded()
        await pilot.pause()
        table = editor.table
        height = table.virtual_size.height
        values = {"at": dt.datetime(2024, 1, 15, 23, 50, tzinfo=dt.UTC), "kind": "note"}
        index = editor.apply(None, {**values, "event": "Last one"})
        # No pause: the table already counts the new row (DataTable alone waits until idle,
        # so the first frame after the form closes would not show it).
        assert index == 200
        assert table.virtual_size.height == height + 1
        assert table.cursor_row == 200
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y > 0


@run_async
async def test_labels_that_do_not_change_are_not_updated() -> None:
    draft = big_draft(3)
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        editor = app.screen.query_one(ListEditor)
        await pilot.pause()
        updates: list[str] = []
        for static in app.screen.query(Static):
            original = static.update

            def spy(content: object = "", *, _o=original, _s=static, **kwargs: object) -> None:
                updates.append(_s.id or " ".join(_s.classes))
                _o(content, **kwargs)  # type: ignore[arg-type]

            static.update = spy  # type: ignore[method-assign]
        values = {"at": dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.UTC), "kind": "note"}
        editor.apply(None, {**values, "event": "A note"})
        await pilot.pause()
        # A note after the others changes neither the hint nor a metric: each update would
        # lay the whole screen out again.
        assert "list-hint" not in updates
        assert "timeline-metrics" not in updates
        # A trigger then a detection do change the metrics.
        editor.apply(None, {**values, "kind": "trigger", "event": "Deploy"})
        editor.apply(None, {**values, "kind": "detected", "event": "Alarm"})
        await pilot.pause()
        assert "timeline-metrics" in updates
