"""Keys typed ahead of a screen, a dialog or a save reach where they would on an instant screen.

Each test sends keys the way a fast typist, a paste or SSH batching does: all of them read by
the App at once (``type_at_once``), before the screen they are meant for has its cursor.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.widgets import Button, Checkbox, DataTable, Select, TextArea

from postmortem_tui.core import store
from postmortem_tui.core.model import Draft
from postmortem_tui.wizard.dialogs import ConfirmDialog, TitleDialog
from postmortem_tui.wizard.dialogs.item_form import ItemForm
from postmortem_tui.wizard.screens import draft as draft_screen_module
from postmortem_tui.wizard.screens.home import HomeScreen
from postmortem_tui.wizard.typeahead import Typeahead, WaitsForCursor
from postmortem_tui.wizard.widgets.list_editor import ListEditor

from .conftest import FROZEN_NOW, SIZE, draft_screen, make_app, open_step, settle, wait_for

NAMES = {" ": "space"}
KEY_NAMES = {"tab", "enter", "escape", "space", "backspace"}


def key_event(key: str) -> events.Key:
    """The event a terminal gives for ``key``: one character, or a key name like ``ctrl+s``."""
    if len(key) > 1:
        return events.Key(key, None)
    if key in NAMES:
        return events.Key(NAMES[key], key)
    name = key if key.isalnum() else unicodedata.name(key).lower().replace(" ", "_")
    return events.Key(name, key)


def type_at_once(app: App[Any], *parts: str) -> None:
    """Hand the App ``parts`` in one go: each is text, or a key name (``tab``, ``ctrl+s``)."""
    for part in parts:
        keys = [part] if part in KEY_NAMES or "+" in part else list(part)
        for key in keys:
            app.post_message(key_event(key))


def on_top(app: App[Any], kind: type) -> bool:
    """Whether a ``kind`` screen is on top and has placed its cursor."""
    screen = app.screen
    return isinstance(screen, kind) and not getattr(screen, "keys_held", False)


def new_draft(folder: Path, title: str = "Pager storm") -> Path:
    """A new draft file, as ``postmortem new --title`` writes it."""
    draft = Draft.new(title, date=FROZEN_NOW.date())
    return store.create_draft_file(draft, folder).path


async def test_text_typed_while_the_first_step_is_built_lands_in_the_summary(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_draft(folder)
    app = make_app(folder, path, step="summary", focus="summary")
    real = draft_screen_module.editor_class

    def typed_meanwhile(key: str) -> Any:
        # The person types while the step's editor is being built (after the first paint).
        type_at_once(app, "Pagers rang all night")
        return real(key)

    monkeypatch.setattr(draft_screen_module, "editor_class", typed_meanwhile)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await wait_for(pilot, lambda: screen.draft.summary.text == "Pagers rang all night")
        assert screen.draft.meta.title == "Pager storm"


async def test_ctrl_q_typed_while_the_first_step_is_built_quits_cleanly(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_draft(folder)
    app = make_app(folder, path, step="summary", focus="summary")
    real = draft_screen_module.editor_class

    def quit_meanwhile(key: str) -> Any:
        type_at_once(app, "Disk full", "ctrl+q")
        return real(key)

    monkeypatch.setattr(draft_screen_module, "editor_class", quit_meanwhile)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    # No "Can't mount widget(s)" error: run_test re-raises any; the text typed first is saved.
    assert app.return_code == 0
    assert store.read_draft(path).draft.summary.text == "Disk full"


async def test_keys_after_ctrl_n_go_to_the_next_steps_first_field(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await settle(pilot)
        before = screen.draft.summary.text
        type_at_once(app, "ctrl+n", "x")
        await wait_for(pilot, lambda: screen.current == "impact" and not screen.keys_held)
        await settle(pilot)
        assert screen.draft.summary.text == before
        editor = screen.editors["impact"]
        assert screen.focused is not None and editor in screen.focused.ancestors


async def test_a_then_a_name_typed_at_once_fills_the_new_form(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "action_items")
        items = screen.draft.action_items
        count = len(items)
        editor = screen.query_one("#list-action-items", ListEditor)
        editor.query_one(DataTable).focus()
        await settle(pilot)
        type_at_once(app, "a", "Sam Okafor")
        await wait_for(pilot, lambda: on_top(app, ItemForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        await wait_for(pilot, lambda: form.field("action").raw() == "Sam Okafor")
        # One form, over the table; nothing reached the table (its "a" would open another).
        assert [type(s) for s in app.screen_stack].count(ItemForm) == 1
        type_at_once(app, "ctrl+s")
        await wait_for(pilot, lambda: len(items) == count + 1)
        assert items[-1].action == "Sam Okafor"


async def test_ctrl_s_right_after_a_burst_keeps_the_last_detail_line(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "factors")
        factors = screen.draft.factors
        count = len(factors)
        screen.query_one("#list-factors", ListEditor).query_one(DataTable).focus()
        await settle(pilot)
        # A paste or keys batched over SSH: the form, its three fields and Ctrl+S at once.
        type_at_once(app, "a", "Pool too small", "tab", "Sized in 2019", "tab")
        type_at_once(app, "first detail", "enter", "last detail", "ctrl+s")
        await wait_for(pilot, lambda: len(factors) == count + 1)
        added = factors[-1]
        assert added.title == "Pool too small"
        assert added.summary == "Sized in 2019"
        assert added.details == ["first detail", "last detail"]


async def test_enter_on_a_checkbox_submits_the_form(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "prevention")
        measures = screen.draft.prevention
        count = len(measures)
        screen.query_one(ListEditor).query_one(DataTable).focus()
        await settle(pilot)
        type_at_once(app, "a", "Alert on pool use", "tab")
        await wait_for(
            pilot,
            lambda: isinstance(app.focused, Checkbox) and isinstance(app.screen, ItemForm),
        )
        type_at_once(app, "enter", "a", "Load test monthly", "tab", "space", "enter")
        await wait_for(pilot, lambda: len(measures) == count + 2)
        assert (measures[-2].text, measures[-2].done) == ("Alert on pool use", False)
        # The second form was typed right after the first closed; Space ticks, Enter submits.
        assert (measures[-1].text, measures[-1].done) == ("Load test monthly", True)


async def test_esc_on_a_form_with_typed_text_asks_before_discarding(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "action_items")
        count = len(screen.draft.action_items)
        screen.query_one("#list-action-items", ListEditor).query_one(DataTable).focus()
        await settle(pilot)
        type_at_once(app, "a", "Rotate the pager", "escape")
        await wait_for(pilot, lambda: on_top(app, ConfirmDialog))
        # Typed-ahead letters never answer it: "n" and "y" are not keys here.
        type_at_once(app, "y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        type_at_once(app, "escape")  # keep editing
        await wait_for(pilot, lambda: on_top(app, ItemForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        assert form.field("action").raw() == "Rotate the pager"
        type_at_once(app, "escape")
        await wait_for(pilot, lambda: on_top(app, ConfirmDialog))
        app.screen.query_one("#yes", Button).press()
        await wait_for(pilot, lambda: app.screen is screen and not screen.keys_held)
        assert len(screen.draft.action_items) == count


async def test_esc_on_an_untouched_form_closes_it(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "action_items")
        screen.query_one("#list-action-items", ListEditor).query_one(DataTable).focus()
        await settle(pilot)
        forms: list[ItemForm] = []
        type_at_once(app, "a", "escape")
        await wait_for(pilot, lambda: bool(forms) or isinstance(app.screen, ItemForm))
        forms.append(app.screen)  # type: ignore[arg-type]
        await wait_for(pilot, lambda: app.screen is screen and not forms[0].is_attached)


async def test_esc_that_closes_a_dropdown_leaves_the_form_open(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "action_items")
        screen.query_one("#list-action-items", ListEditor).query_one(DataTable).focus()
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: on_top(app, ItemForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        select = form.field("type").input
        assert isinstance(select, Select)
        select.focus()
        await settle(pilot)
        await pilot.press("space")
        await wait_for(pilot, lambda: select.expanded)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not select.expanded)
        await settle(pilot)
        assert app.screen is form


async def test_keys_typed_at_once_on_the_list_go_to_the_new_draft(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        type_at_once(app, "n", "Disk full on db-2", "enter", "The primary stopped")
        await wait_for(pilot, lambda: app.draft_screen is not None)
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.draft.summary.text == "The primary stopped")
        assert screen.draft.meta.title == "Disk full on db-2"
        area = app.focused
        assert isinstance(area, TextArea)


def test_a_key_waits_behind_the_keys_already_waiting() -> None:
    class Ready(WaitsForCursor):
        keys_held = False

    typeahead = Typeahead()
    waiting_screen: Any = WaitsForCursor()
    ready_screen: Any = Ready()
    first, second = events.Key("a", "a"), events.Key("b", "b")
    assert typeahead.hold(first, waiting_screen)
    # The screen is ready now, but "b" must not overtake "a".
    assert typeahead.hold(second, ready_screen)
    assert typeahead.next_ready(waiting_screen) is None
    assert typeahead.next_ready(ready_screen) is first
    assert typeahead.next_ready(ready_screen) is second
    assert not typeahead.hold(events.Key("c", "c"), ready_screen)


async def test_esc_on_the_new_draft_dialog_with_a_title_asks_first(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        type_at_once(app, "n", "Disk full", "escape")
        await wait_for(pilot, lambda: on_top(app, ConfirmDialog))
        type_at_once(app, "escape")  # keep editing
        await wait_for(pilot, lambda: on_top(app, TitleDialog))
        type_at_once(app, " on db-2", "enter")
        await wait_for(pilot, lambda: app.draft_screen is not None)
        assert draft_screen(pilot).draft.meta.title == "Disk full on db-2"
