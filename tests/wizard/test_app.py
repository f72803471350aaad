"""Pilot tests of the wizard's shell: home screen, navigation, locking, $EDITOR, Review, export."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static, TextArea

from postmortem_tui.core import store
from postmortem_tui.core.model import Draft, Point
from postmortem_tui.core.progress import STEP_KEYS, State
from postmortem_tui.wizard import steps
from postmortem_tui.wizard.app import PLACEHOLDER_TITLE, PostmortemApp
from postmortem_tui.wizard.dialogs import ConfirmDialog, NoticeDialog, TitleDialog
from postmortem_tui.wizard.dialogs.export import ExportDialog
from postmortem_tui.wizard.screens.draft import DraftScreen
from postmortem_tui.wizard.screens.home import HomeScreen
from postmortem_tui.wizard.sidebar import Sidebar

from .conftest import (
    FROZEN_MTIME,
    SIZE,
    draft_screen,
    make_app,
    open_step,
    put_example,
    settle,
    wait_for,
)

# --- the home screen ----------------------------------------------------------------------


def _new_draft(folder: Path, title: str, mtime: float) -> Path:
    loaded = store.create_draft_file(Draft.new(title), folder)
    os.utime(loaded.path, (mtime, mtime))
    return loaded.path


async def test_home_lists_drafts_newest_first(folder: Path) -> None:
    put_example(folder)
    _new_draft(folder, "Cache stampede", FROZEN_MTIME + 3600)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#drafts", DataTable)
        assert table.row_count == 2
        first, second = table.get_row_at(0), table.get_row_at(1)
        assert first[0] == "Cache stampede"
        assert first[4] == "0/10"
        assert second[0] == "API Outage - Database Connection Pool Exhausted"
        assert second[1:6] == [
            "2024-01-15",
            "P1 (Critical)",
            "Complete",
            "9/10",
            "2024-01-15 16:05",
        ]


async def test_home_empty_folder_says_how_to_start(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#empty", Static)
        assert empty.display
        assert "Press n" in str(empty.render())


async def test_home_enter_opens_the_draft_at_its_first_incomplete_step(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.current is not None)
        assert screen.current == "review"  # every other required step of the example is done
        assert screen.path == example_draft


async def test_home_delete_asks_first(folder: Path, example_draft: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # keep it
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert example_draft.exists()
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not example_draft.exists())
        await pilot.pause()
        assert app.screen.query_one("#drafts", DataTable).row_count == 0


async def test_home_new_asks_for_a_title_and_opens_summary(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleDialog))
        await pilot.press(*"DB down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        assert screen.current == "summary"
        assert app.focused is not None and app.focused.id == "summary-text"
        files = list(folder.glob("*.toml"))
        assert [f.name for f in files] == ["2024-01-15-db-down.toml"]
        saved = store.read_draft(files[0]).draft
        assert saved.meta.title == "DB down"
        assert saved.meta.date is not None and saved.meta.date.isoformat() == "2024-01-15"


async def test_new_without_title_selects_the_placeholder_title(folder: Path) -> None:
    loaded = store.create_draft_file(Draft.new(PLACEHOLDER_TITLE), folder)
    app = make_app(folder, loaded.path, step="summary", focus="title")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        assert app.focused is not None and app.focused.id == "title"
        await pilot.press(*"Disk full", "ctrl+s")
        await wait_for(pilot, lambda: store.read_draft(loaded.path).draft.meta.title == "Disk full")


async def test_new_with_title_puts_the_cursor_in_the_summary(folder: Path) -> None:
    loaded = store.create_draft_file(Draft.new("Queue backlog"), folder)
    app = make_app(folder, loaded.path, step="summary", focus="summary")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press(*"Jobs waited", "ctrl+s")
        await wait_for(
            pilot, lambda: store.read_draft(loaded.path).draft.summary.text == "Jobs waited"
        )


# --- navigation ---------------------------------------------------------------------------


async def test_edit_opens_at_the_first_incomplete_step(folder: Path) -> None:
    draft = Draft.new("Half done")
    draft.summary.text = "Something broke."
    loaded = store.create_draft_file(draft, folder)
    app = make_app(folder, loaded.path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.draft_screen is not None)
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.current is not None)
        assert screen.current == "summary"  # date, severity and authors still missing
        sidebar = screen.query_one(Sidebar)
        assert sidebar.state_of("summary") is State.STARTED
        assert sidebar.state_of("impact") is State.EMPTY


async def test_next_back_and_sidebar_jump(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, step="summary")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "impact")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "timeline")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: screen.current == "impact")
        # The sidebar: Ctrl+T puts the cursor there, End picks Review, Enter jumps.
        await pilot.press("ctrl+t")
        assert isinstance(app.focused, Sidebar)
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: screen.current == "review")
        assert "▸" in str(screen.query_one(Sidebar).get_option("review").prompt)
        # Next on the last step stays there; the Next button is disabled.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.current == "review"
        # The mouse works too: the Back button.
        await pilot.click("#back")
        await wait_for(pilot, lambda: screen.current == "sections")


async def test_every_step_can_be_shown(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        for key in STEP_KEYS:
            await screen.show_step(key)
            await pilot.pause()
            assert screen.current == key
            assert screen.editors[key].display


async def test_a_step_without_an_editor_says_so(
    folder: Path, example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editors = {k: v for k, v in steps.EDITORS.items() if k != "appendix"}
    monkeypatch.setattr(steps, "EDITORS", editors)
    monkeypatch.setattr("postmortem_tui.wizard.screens.draft.EDITORS", editors)
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "appendix")
        fallback = screen.editors["appendix"]
        assert isinstance(fallback, Static)
        assert "not available" in str(fallback.render())


async def test_command_palette_lists_every_step(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Go to Timeline" in titles and "Go to Review" in titles
        assert {"Save now", "Export…", "Edit in $EDITOR", "Next step"} <= set(titles)
        command = next(c for c in app.get_system_commands(screen) if c.title == "Go to Timeline")
        command.callback()
        await wait_for(pilot, lambda: screen.current == "timeline")


# --- a second instance ----------------------------------------------------------------------


async def test_a_draft_open_elsewhere_opens_read_only(folder: Path, example_draft: Path) -> None:
    before = example_draft.read_bytes()
    with store.DraftLock(example_draft):
        app = make_app(folder, example_draft, step="summary")
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, NoticeDialog))
            await pilot.press("enter")
            screen = draft_screen(pilot)
            await wait_for(pilot, lambda: app.screen is screen and screen.current == "summary")
            assert screen.read_only and screen.saver is None
            banner = screen.query_one("#readonly-banner", Static)
            assert "READ-ONLY" in str(banner.render())
            assert "READ-ONLY" in str(screen.query_one("#save-status", Static).render())
            assert screen.editors["summary"].read_only  # type: ignore[attr-defined]
            title = screen.query_one("#title", Input)
            assert title.disabled or title.read_only
            await pilot.press("ctrl+s", "ctrl+q")
            await pilot.pause()
        assert app.return_code == 0
    assert example_draft.read_bytes() == before


async def test_the_first_instance_holds_the_lock(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        with pytest.raises(store.DraftLocked):
            store.DraftLock(example_draft).acquire()
        assert not draft_screen(pilot).read_only
    second = store.DraftLock(example_draft)
    second.acquire()  # released when the wizard closed
    second.release()


# --- $EDITOR ------------------------------------------------------------------------------


def _editor_script(tmp_path: Path, text: str) -> Path:
    script = tmp_path / "fake-editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{text}' > \"$1\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


async def test_ctrl_e_edits_the_focused_text_in_editor(
    folder: Path, example_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(_editor_script(tmp_path, "Written in the editor.")))
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        area = screen.query_one("#summary-text", TextArea)
        area.focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: area.text == "Written in the editor.")
        await wait_for(pilot, lambda: screen.draft.summary.text == "Written in the editor.")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: store.read_draft(example_draft).draft.summary.text == "Written in the editor.",
        )


async def test_ctrl_e_on_an_input(
    folder: Path, example_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(_editor_script(tmp_path, "Renamed outage")))
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        screen.query_one("#title", Input).focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: screen.draft.meta.title == "Renamed outage")
        assert str(screen.query_one("#draft-title", Static).render()) == "Renamed outage"


# --- the Review step ----------------------------------------------------------------------


async def test_review_step_with_the_worked_example(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "review")
        await settle(pilot)
        review = screen.editors["review"]
        assert "6 of 8 done" in str(review.query_one("#checklist-title", Static).render())
        checklist = review.query_one("#checklist", OptionList)
        prompts = [str(checklist.get_option_at_index(i).prompt) for i in range(8)]
        assert prompts[0].startswith("✓ Timeline created")
        assert prompts[6].startswith("✗ Document shared widely")
        metrics = str(review.query_one("#metrics", Static).render())
        assert "Trigger to detection" in metrics and "17 min" in metrics
        assert "(detected - trigger)" in metrics
        # The preview is the export, rendered once the step is on screen.
        await wait_for(pilot, lambda: bool(review.query("#preview-markdown")))
        # A checklist item leads to its step.
        checklist.focus()
        checklist.highlighted = 2  # Contributing factors
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.current == "factors")


async def test_review_fields_edit_the_draft(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "review")
        review = screen.editors["review"]
        review.query_one("#shared-with", Input).value = "#eng, sre@example.com"
        review.query_one("#follow-up", Input).value = "2024-02-15"
        meeting = review.query_one("#meeting", Input)
        meeting.value = "16:00"
        await pilot.pause()
        hint = str(review.query_one("#meeting-hint", Static).render())
        assert hint == "16:00, Mon 2024-01-15, the incident's date"  # a time alone: on meta.date
        meeting.value = "not a time"
        await pilot.pause()
        assert "Expected" in str(review.query_one("#meeting-error", Static).render())
        review.query_one("#meeting-held", Checkbox).value = False
        await pilot.pause()
        assert "8 of 8" not in str(review.query_one("#checklist-title", Static).render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.saver.dirty and not screen.saver.saving)  # type: ignore[union-attr]
        saved = store.read_draft(example_draft).draft.review
        assert saved.shared_with == ["#eng", "sre@example.com"]
        assert saved.follow_up is not None and saved.follow_up.isoformat() == "2024-02-15"
        assert (
            saved.meeting is not None and saved.meeting.isoformat() == "2024-01-15T16:00:00+00:00"
        )
        assert saved.meeting_held is False


async def _export_dialog(pilot: Pilot[Any], app: Any) -> tuple[Any, ExportDialog]:
    """Open the Export dialog from the Review step; the step and the dialog, its fields there
    and the file name focused."""
    screen = await open_step(pilot, "review")
    screen.action_export()
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
    dialog = app.screen
    await wait_for(pilot, lambda: bool(dialog.query("#path")) and bool(dialog.query("#format")))
    await wait_for(pilot, lambda: dialog.focused is dialog.query_one("#path"))
    return screen, dialog


async def test_export_writes_markdown_next_to_the_draft(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "review")
        screen.action_export()
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await wait_for(pilot, lambda: bool(app.screen.query("#path")))
        path_input = app.screen.query_one("#path", Input)
        assert path_input.value == str(example_draft.with_suffix(".md"))
        await pilot.press("enter")
        target = example_draft.with_suffix(".md")
        await wait_for(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# ") and "Database Connection Pool Exhausted" in text
        await wait_for(pilot, lambda: app.screen is screen)
        exported = str(screen.editors["review"].query_one("#exported", Static).render())
        assert str(target) in exported


async def test_export_as_html_chosen_from_the_keyboard(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await _export_dialog(pilot, app)
        await pilot.press("shift+tab", "shift+tab")  # path -> template -> format
        assert dialog.focused is dialog.query_one("#format")
        await pilot.press("enter", "down", "enter")  # open the list, HTML, choose it
        path_input = dialog.query_one("#path", Input)
        target = example_draft.with_suffix(".html")
        await wait_for(pilot, lambda: path_input.value == str(target))
        path_input.focus()
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.lstrip().lower().startswith("<!doctype html>")
        assert "Database Connection Pool Exhausted" in text
        await wait_for(pilot, lambda: app.screen is screen)


async def test_export_never_writes_over_a_draft(folder: Path, example_draft: Path) -> None:
    other = folder / "other.md"
    other.write_bytes(example_draft.read_bytes())  # a draft under another name
    before = other.read_bytes()
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        _screen, dialog = await _export_dialog(pilot, app)
        dialog.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        error = dialog.query_one("#export-error", Static)
        await wait_for(pilot, lambda: "draft" in str(error.render()))
        assert app.screen is dialog
    assert other.read_bytes() == before


async def test_esc_on_the_export_dialog_asks_before_dropping_a_typed_file_name(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await _export_dialog(pilot, app)
        await pilot.press("ctrl+u", *"notes/for-the-board.md", "escape")
        await wait_for(pilot, lambda: app.screen is not dialog)
        assert app.screen is not screen  # a question, not the step
        await pilot.press("enter")  # the focused answer is "Keep editing"
        await wait_for(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#path", Input).value == "notes/for-the-board.md"
        dialog.query_one("#path", Input).value = str(example_draft.with_suffix(".md"))
        await pilot.press("escape")  # the name offered: nothing to lose, closes at once
        await wait_for(pilot, lambda: app.screen is screen)


def test_app_has_bindings_with_ids() -> None:
    ids = {b.id for b in DraftScreen.BINDINGS if hasattr(b, "id")}  # type: ignore[union-attr]
    assert {"draft.next_step", "draft.previous_step", "draft.save", "draft.external_editor"} <= ids
    assert PostmortemApp.CSS_PATH


async def test_close_draft_goes_to_the_list_and_releases_the_lock(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "review")
        screen.editors["review"].query_one("#shared-with", Input).value = "#incidents"
        await pilot.pause()
        app.close_draft()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert store.read_draft(example_draft).draft.review.shared_with == ["#incidents"]
        lock = store.DraftLock(example_draft)
        lock.acquire()  # the wizard let go of it
        lock.release()
        # The list is on the screen once the home screen has composed it.
        await wait_for(pilot, lambda: bool(app.screen.query("#drafts")))
        table = app.screen.query_one("#drafts", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)


async def test_blameless_findings_lead_to_their_step(folder: Path, example_draft: Path) -> None:
    loaded = store.read_draft(example_draft)
    loaded.draft.went_wrong.append(
        Point(title="Jane forgot to check the pool", detail="She should have known better.")
    )
    store.save_draft(loaded.draft, example_draft, expected=loaded.fingerprint)
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "review")
        findings = screen.editors["review"].query_one("#findings", OptionList)
        assert findings.option_count >= 1
        assert "went_wrong[4]" in str(findings.get_option_at_index(0).prompt)
        findings.focus()
        findings.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.current == "went_wrong")


async def test_a_hostile_title_is_shown_escaped(folder: Path) -> None:
    """A title holding escape sequences is drawn as text, in the list and over the draft."""
    title = "Outage\x1b]0;owned\x07\x1b[2J\u202e"
    path = _new_draft(folder, title, FROZEN_MTIME)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#drafts", DataTable)
        assert table.get_row_at(0)[0] == "Outage\\u001b]0;owned\\u0007\\u001b[2J\\u202e"
    app = make_app(folder, path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = str(draft_screen(pilot).query_one("#draft-title", Static).render())
        assert "\x1b" not in shown
        assert "Outage\\u001b]0;owned" in shown
