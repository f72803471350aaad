"""The way into the wizard: the draft is read once, the step styles come with the first step."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui import cli
from postmortem_tui.core import store
from postmortem_tui.wizard import steps
from postmortem_tui.wizard.app import PostmortemApp

from .conftest import SIZE, make_app, open_step, wait_for


def test_edit_hands_the_draft_it_checked_to_the_wizard(
    example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run_wizard(**kwargs: Any) -> int:
        seen.update(kwargs)
        seen["gc_on"] = gc.isenabled()
        return 0

    monkeypatch.setattr("postmortem_tui.wizard.run_wizard", fake_run_wizard)
    assert cli.main(["edit", str(example_draft)]) == 0
    assert seen["path"] == example_draft
    assert seen["loaded"].path == example_draft
    assert seen["loaded"].draft.meta.title == "API Outage - Database Connection Pool Exhausted"
    # No garbage collection on the way to the first screen; back on afterwards.
    assert seen["gc_on"] is False
    assert gc.isenabled()


def test_resume_hands_the_draft_it_checked_to_the_wizard(
    example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("postmortem_tui.wizard.run_wizard", lambda **kw: seen.update(kw) or 0)
    assert cli.main(["resume"]) == 0
    assert seen["loaded"].path == example_draft


async def test_the_wizard_does_not_read_a_draft_it_was_given(
    folder: Path, example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_draft)
    loaded.draft.meta.title = "As the command line read it"

    def no_second_read(path: object) -> store.LoadedDraft:
        raise AssertionError("the draft was read a second time")

    monkeypatch.setattr(store, "read_draft", no_second_read)
    app = make_app(folder, example_draft, loaded=loaded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        assert screen.draft is loaded.draft
        assert app.start_loaded is None  # a later open reads the file as it is then


async def test_step_styles_come_with_the_first_step(folder: Path, example_draft: Path) -> None:
    assert steps.STYLES not in PostmortemApp.CSS_PATH
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "timeline")
        await wait_for(pilot, lambda: "timeline" in screen.editors)
        source = (str(steps.STYLES.resolve()), "")
        assert app.stylesheet.has_source(*source)
        # The timeline's table is styled by steps.tcss (Textual's own limit is 100%).
        table = screen.editors["timeline"].query_one("DataTable")
        assert str(table.styles.max_height) == "60vh"


async def test_a_step_editor_focuses_its_first_field_by_default() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    from postmortem_tui.core.model import Draft
    from postmortem_tui.wizard.steps.base import StepEditor

    class Plain(StepEditor):
        key = "appendix"

        def compose(self) -> ComposeResult:
            yield Static("text")
            yield Input(id="first")
            yield Input(id="second")

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="outside")
            yield Plain(Draft.new("T"))

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#outside").focus()
        await pilot.pause()
        app.query_one(Plain).focus_first()
        await pilot.pause()
        assert app.focused is app.query_one("#first")


async def test_closing_a_draft_opened_first_leaves_only_the_list(
    folder: Path, example_draft: Path
) -> None:
    from postmortem_tui.wizard.screens.draft import DraftScreen
    from postmortem_tui.wizard.screens.home import HomeScreen

    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        app.close_draft()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        assert not any(isinstance(s, DraftScreen) for s in app.screen_stack)
        assert len(app.screen_stack) == 1
        assert not screen.is_attached  # removed, not kept underneath
        await pilot.pause(0.2)
        # Opening it again from the list works, and closing goes back to that same list.
        app.open_path(example_draft)
        await wait_for(pilot, lambda: app.draft_screen is not None)
        second = app.draft_screen
        assert second is not None
        await wait_for(pilot, lambda: second.current is not None)
        home = app.screen_stack[0]
        app.close_draft()
        await wait_for(pilot, lambda: app.screen is home)
        assert len(app.screen_stack) == 1


def _editor_script(folder: Path, text: str) -> Path:
    import stat

    script = folder / "fake-editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{text}' > \"$1\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


async def test_ctrl_e_works_in_a_list_items_form(
    folder: Path, example_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable, Input, TextArea

    from postmortem_tui.wizard.dialogs.item_form import ItemForm

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(_editor_script(tmp_path, "From the editor")))
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "went_well")
        await wait_for(pilot, lambda: "went_well" in screen.editors)
        screen.editors["went_well"].query_one(DataTable).focus()
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        detail = form.query_one(TextArea)
        detail.focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: detail.text == "From the editor")
        title = form.query(Input).first()
        title.focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: title.value == "From the editor")
        assert app.screen is form  # still open: Done or Esc decides


async def test_tab_then_text_in_one_burst_goes_to_the_next_field(
    folder: Path, example_draft: Path
) -> None:
    """Keys that arrive together (autotype, a terminal multiplexer) keep their order: the
    Tab moves the cursor before the text after it is typed."""
    from textual import events
    from textual.widgets import Input, TextArea

    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        title = screen.query_one("#title", Input)
        title.focus()
        title.cursor_position = len(title.value)
        await pilot.pause()
        # As the terminal driver posts them: all at once, without waiting for each.
        for key, char in [("tab", "\t"), ("x", "x"), ("y", "y"), ("z", "z")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        assert title.value == "API Outage - Database Connection Pool Exhausted"
        summary = screen.query_one("#summary-text", TextArea)
        assert app.focused is summary
        assert "xyz" in summary.text


async def test_tab_still_indents_in_a_text_area_that_indents() -> None:
    from typing import ClassVar

    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.screen import Screen
    from textual.widgets import Input, TextArea

    from postmortem_tui.wizard.tab_keys import TAB_BINDINGS, TabInOrder

    class Form(TabInOrder, Screen[None]):
        BINDINGS: ClassVar[list[BindingType]] = [*TAB_BINDINGS]

        def compose(self) -> ComposeResult:
            yield TextArea(id="code", tab_behavior="indent")
            yield Input(id="after")

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Form())

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        code = app.screen.query_one("#code", TextArea)
        code.focus()
        await pilot.press("tab")
        assert app.focused is code
        assert code.text.strip(" \t") == "" and code.text != ""
        # Elsewhere, Tab moves on.
        app.screen.query_one("#after", Input).focus()
        await pilot.press("shift+tab")
        assert app.focused is code


async def test_closing_a_draft_before_its_first_step_is_built(
    folder: Path, example_draft: Path
) -> None:
    from postmortem_tui.wizard.screens.home import HomeScreen

    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        app.open_path(example_draft)
        await wait_for(pilot, lambda: app.draft_screen is not None)
        app.close_draft()  # at once: the start step is still being built
        await wait_for(pilot, lambda: app.screen is home)
        await pilot.pause(0.2)
        assert app.screen is home and app.return_code is None
