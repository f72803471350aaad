"""The Timeline step's import: a file through its preview (drop one, change a kind, accept)
and the paste box, driven with the Pilot; asserted on the draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea

from postmortem_tui.core.model import Draft, TimelineEvent
from postmortem_tui.wizard.dialogs.timeline_import import (
    ImportPreview,
    PasteDialog,
    TimelineImportDialog,
)

from .stephelpers import StepApp, run_async

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SIZE = (120, 40)


def checkout_draft() -> Draft:
    draft = Draft.new("Checkout 5xx", date=dt.date(2024, 3, 12))
    draft.timeline = [
        TimelineEvent(dt.datetime(2024, 3, 12, 14, 8, tzinfo=dt.UTC), "Dana starts looking")
    ]
    return draft


async def wait_for_screen(pilot: Pilot[Any], kind: type) -> Any:
    """The screen of type ``kind`` once it is up (after any reading worker)."""
    for _ in range(200):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"no {kind.__name__}; the screen is {pilot.app.screen!r}")


@run_async
async def test_import_a_file_drop_one_change_a_kind_accept() -> None:
    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        # The path is typed, and completed with → from its first letters.
        path = dialog.query_one("#import-path", Input)
        path.value = str(FIXTURES / "pagerduty-pa")
        await pilot.pause()
        await pilot.press("right")
        assert path.value == str(FIXTURES / "pagerduty-pages.jsonl")
        await pilot.press("enter")
        preview = await wait_for_screen(pilot, ImportPreview)
        assert isinstance(preview, ImportPreview)
        assert "Import 9 events:" in str(preview.query_one("#preview-title", Static).render())
        assert "1 skipped: R3BAD" in str(preview.query_one("#preview-notes", Static).render())
        # Row 2 (the urgency change) is dropped; row 3 (the notification) becomes acknowledged.
        await pilot.press("down", "space", "down", "k")
        await pilot.pause()
        table = preview.query_one(DataTable)
        assert str(table.get_row_at(1)[0]) == "[ ]"
        assert str(table.get_row_at(2)[2]) == "acknowledged"
        assert "Add 8 events" in str(preview.query_one("#preview-accept").render())
        assert draft.timeline[-1].event == "Dana starts looking"  # nothing added yet
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ImportPreview | TimelineImportDialog)
        ids = [e.source_id for e in draft.timeline]
        assert "R2URG" not in ids
        assert ids == [
            "R1TRIG",
            "R3NTFY",
            None,  # the event typed before, in its place by time
            "R4ACK1",
            "R5ACK2",
            "R6NOTE",
            "R7RES1",
            "R8TRIG2",
            "R9RES2",
        ]
        assert draft.timeline[1].kind == "acknowledged"
        assert draft.timeline[0].actor == "checkout-api"
        assert app.changes and app.changes[-1] == "timeline"
        shown = app.screen.query_one("#list-timeline DataTable", DataTable)
        assert shown.row_count == 9

        # A second import offers only the event dropped the first time.
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "pagerduty-pages.jsonl")
        await pilot.press("enter")
        preview = await wait_for_screen(pilot, ImportPreview)
        assert "Import 1 event:" in str(preview.query_one("#preview-title", Static).render())
        assert "8 already in the draft" in str(preview.query_one("#preview-notes").render())
        await pilot.press("escape")  # back to the file dialog
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(draft.timeline) == 9


@run_async
async def test_a_file_of_no_known_format_is_refused_in_the_dialog(tmp_path: Path) -> None:
    odd = tmp_path / "notes.json"
    odd.write_text('{"hello": "world"}')
    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(odd)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        error = str(dialog.query_one("#import-error", Static).render())
        assert error.startswith(f"{odd}: expected a Slack export")
        assert isinstance(app.screen, TimelineImportDialog)
        assert len(draft.timeline) == 1 and not app.changes


@run_async
async def test_the_paste_box() -> None:
    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, PasteDialog)
        dialog.query_one(TextArea).load_text(
            "Dana Ortiz  2:32 PM\nSeeing 5xx on checkout-api\n"
            "[14:40] priya: it's the timeout change\n"
            "14:45 rollback started\n"
        )
        await pilot.click("#paste-preview")
        preview = await wait_for_screen(pilot, ImportPreview)
        table = preview.query_one(DataTable)
        assert [str(table.get_row_at(i)[3]) for i in range(table.row_count)] == [
            "Dana Ortiz",
            "priya",
            "",
        ]
        await pilot.press("down", "down", "K", "K")  # back from note: resolved, mitigated
        await pilot.click("#preview-accept")
        await pilot.pause()
        pasted = [e for e in draft.timeline if e.source == "paste"]
        assert [(e.at.strftime("%H:%M"), e.kind, e.actor, e.event) for e in pasted] == [
            ("14:32", "note", "Dana Ortiz", "Seeing 5xx on checkout-api"),
            ("14:40", "note", "priya", "it's the timeout change"),
            ("14:45", "mitigated", None, "rollback started"),
        ]
        assert all(e.source_id for e in pasted)
        assert app.changes[-1] == "timeline"


async def test_in_the_wizard_the_import_reaches_the_file(folder: Path, example_draft: Path) -> None:
    from postmortem_tui.core import store

    from .conftest import make_app, open_step, wait_for

    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "timeline")
        screen.editors["timeline"].query_one(DataTable).focus()
        await pilot.pause()
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "git-log.tsv")
        await pilot.press("enter")
        await wait_for_screen(pilot, ImportPreview)
        await pilot.press("ctrl+s")  # add: the preview's own key, not the draft's save
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+s")  # now the draft's save
        await wait_for(pilot, lambda: 'source = "git"' in example_draft.read_text())
        saved = store.read_draft(example_draft).draft
        assert [e.event for e in saved.timeline if e.source == "git"] == [
            "Merged: Lower timeout\tto 300ms (#1184)",
            "Merged: Bump to v2.31.0 (#1190) (v2.31.0)",
            'Merged: Revert "Lower timeout (#1184)" (#1193)',
        ]


@run_async
async def test_a_big_preview_fills_in_chunks_and_adds_every_event(tmp_path: Path) -> None:
    rows = [
        f"2024-03-12T{10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z,event {i}"
        for i in range(2500)
    ]
    source = tmp_path / "big.csv"
    source.write_text("time,event\n" + "\n".join(rows) + "\n")
    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        preview = await wait_for_screen(pilot, ImportPreview)
        table = preview.query_one(DataTable)
        for _ in range(100):
            if table.row_count == 2500:
                break
            await pilot.pause()
        assert table.row_count == 2500
        assert "Add 2500 events" in str(preview.query_one("#preview-accept").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(draft.timeline) == 2501


@run_async
async def test_the_window_and_the_format_of_the_file_dialog() -> None:
    from textual.widgets import Select

    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "pagerduty-pages.jsonl")
        dialog.query_one("#import-since", Input).value = "14:09"
        dialog.query_one("#import-until", Input).value = "2024-03-12 14:20"
        dialog.query_one("#import-format", Select).value = "pagerduty"
        await pilot.click("#import-preview")
        preview = await wait_for_screen(pilot, ImportPreview)
        table = preview.query_one(DataTable)
        assert [str(table.get_row_at(i)[1])[-8:] for i in range(table.row_count)] == [
            "14:09:02",
            "14:10:00",
            "14:15:45",
        ]
        assert "6 outside the from/to window" in str(preview.query_one("#preview-notes").render())
        await pilot.press("escape")
        await pilot.pause()
        # A window that cannot be read is said in the dialog, and nothing is read.
        dialog.query_one("#import-since", Input).value = "lunch"
        await pilot.click("#import-preview")
        await pilot.pause()
        error = str(dialog.query_one("#import-error", Static).render())
        assert error.startswith("From: expected a time like 14:32")
        assert isinstance(app.screen, TimelineImportDialog)


@run_async
async def test_follow_ups_become_action_items_after_one_question() -> None:
    from postmortem_tui.wizard.dialogs.confirm import ConfirmDialog

    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "incidentio-follow-ups.json")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        question = await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")  # no letter answers it
        await pilot.pause()
        assert app.screen is question and not draft.action_items
        await pilot.press("enter")  # "Add to action items" has the focus
        for _ in range(100):
            if draft.action_items:
                break
            await pilot.pause()
        assert [a.action for a in draft.action_items] == [
            "Add a p99 latency gate to the deploy pipeline",
            "Alert on connection pool saturation per pod",
            "Rewrite the pool in Rust",
            "Document the pool settings",
        ]
        assert len(draft.timeline) == 1 and app.changes
        # The same file again: nothing more is added.
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "incidentio-follow-ups.json")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
        assert len(draft.action_items) == 4


async def test_in_the_wizard_follow_ups_reach_the_action_items_step(
    folder: Path, example_draft: Path
) -> None:
    from postmortem_tui.core import store
    from postmortem_tui.wizard.dialogs.confirm import ConfirmDialog

    from .conftest import make_app, open_step, wait_for

    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "action_items")  # built before the import
        rows = screen.editors["action_items"].query_one(DataTable)
        before = rows.row_count
        screen = await open_step(pilot, "timeline")
        screen.editors["timeline"].query_one(DataTable).focus()
        await pilot.pause()
        await pilot.press("i")
        dialog = await wait_for_screen(pilot, TimelineImportDialog)
        dialog.query_one("#import-path", Input).value = str(FIXTURES / "incidentio-follow-ups.json")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await open_step(pilot, "action_items")
        assert rows.row_count == before + 4  # the step shows them
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "p99 latency gate" in example_draft.read_text())
        saved = store.read_draft(example_draft).draft
        assert saved.action_items[-1].action == "Document the pool settings"


def _events_and_follow_ups(folder: Path) -> Path:
    """One file of incident.io updates and follow-ups, a JSON document a line."""
    import json

    both = folder / "incident.jsonl"
    both.write_text(
        "".join(
            json.dumps(json.loads((FIXTURES / name).read_text())) + "\n"
            for name in ("incidentio-updates.json", "incidentio-follow-ups.json")
        )
    )
    return both


async def _preview_of(pilot: Pilot[Any], path: Path) -> ImportPreview:
    """The preview of ``path``, read through the Timeline step's import dialog."""
    await pilot.press("i")
    dialog = await wait_for_screen(pilot, TimelineImportDialog)
    dialog.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    preview: ImportPreview = await wait_for_screen(pilot, ImportPreview)
    return preview


@run_async
async def test_a_file_of_events_and_follow_ups_adds_both(tmp_path: Path) -> None:
    from postmortem_tui.wizard.dialogs.confirm import ConfirmDialog

    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        preview = await _preview_of(pilot, _events_and_follow_ups(tmp_path))
        events = preview.query_one(DataTable).row_count
        assert events >= 2
        notes = str(preview.query_one("#preview-notes", Static).render())
        assert "The file also holds 4 follow-ups: asked about next" in notes
        await pilot.press("ctrl+s")  # the events are chosen; then the follow-ups are asked
        question = await wait_for_screen(pilot, ConfirmDialog)
        said = " ".join(str(w.render()) for w in question.query(Static))
        assert f"The {events} events you chose are added either way." in said
        assert "\\n" not in said  # its paragraphs are lines, not escapes
        assert len(draft.timeline) == 1  # nothing added until the question is answered
        await pilot.press("enter")  # "Add to action items"
        for _ in range(100):
            if draft.action_items:
                break
            await pilot.pause()
        assert len(draft.timeline) == 1 + events
        assert draft.action_items[0].action == ("Add a p99 latency gate to the deploy pipeline")
        assert len(draft.action_items) == 4


@run_async
async def test_declining_the_follow_ups_still_adds_the_events(tmp_path: Path) -> None:
    from postmortem_tui.wizard.dialogs.confirm import ConfirmDialog

    draft = checkout_draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        preview = await _preview_of(pilot, _events_and_follow_ups(tmp_path))
        events = preview.query_one(DataTable).row_count
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")  # "Not now"
        for _ in range(100):
            if len(draft.timeline) > 1:
                break
            await pilot.pause()
        assert len(draft.timeline) == 1 + events
        assert not draft.action_items
