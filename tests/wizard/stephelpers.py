"""A small app that mounts one step editor, and helpers to fill fields and list forms."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, TextArea

from postmortem_tui.core.model import Draft
from postmortem_tui.wizard.dialogs.item_form import ItemForm
from postmortem_tui.wizard.steps import STYLES, StepEditor, editor_class
from postmortem_tui.wizard.widgets.fields import Field
from postmortem_tui.wizard.widgets.list_editor import ListEditor


class StepApp(App[None]):
    """Mounts the editor of step ``key`` on ``draft`` and records its Changed messages."""

    CSS_PATH = STYLES

    def __init__(self, key: str, draft: Draft, *, read_only: bool = False) -> None:
        super().__init__()
        self.key = key
        self.draft = draft
        self.read_only = read_only
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield editor_class(self.key)(self.draft, read_only=self.read_only)
        yield Footer()

    def on_mount(self) -> None:
        self.editor.focus_first()

    @property
    def editor(self) -> StepEditor:
        """The step editor."""
        return self.query_one(StepEditor)

    @on(StepEditor.Changed)
    def _record(self, event: StepEditor.Changed) -> None:
        self.changes.append(event.key)


def set_control(control: Any, value: Any) -> None:
    """Put ``value`` into a control the way typing or picking would (its Changed is posted)."""
    if isinstance(control, TextArea):
        control.load_text(value)
    elif isinstance(control, (Input, Select, Checkbox)):
        control.value = value
    else:  # pragma: no cover
        raise TypeError(control)


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus the Input ``selector``, clear it and type ``text`` key by key."""
    control = pilot.app.screen.query_one(selector, Input)
    control.focus()
    control.value = ""
    await pilot.pause()
    if text:
        await pilot.press(*text)
    await pilot.pause()


async def set_field(pilot: Pilot[Any], selector: str, value: Any) -> None:
    """Set the control ``selector`` on the current screen to ``value`` and let it settle."""
    set_control(pilot.app.screen.query_one(selector), value)
    await pilot.pause()


def field_error(app: App[Any], control_id: str) -> str | None:
    """The validation message shown next to the field whose control is ``#control_id``."""
    return app.screen.query_one(f"#field-{control_id}", Field).error


async def open_form(pilot: Pilot[Any], editor_id: str, key: str = "a") -> ItemForm:
    """Focus list ``#editor_id``'s table, press ``key`` (add or edit) and return the form."""
    editor = pilot.app.screen.query_one(f"#{editor_id}", ListEditor)
    editor.query_one(DataTable).focus()
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, ItemForm), f"no form opened by {key!r} on #{editor_id}"
    return form


async def fill_form(pilot: Pilot[Any], form: ItemForm, values: dict[str, Any]) -> None:
    """Set each field of ``form`` (by spec name) to a raw value (text, choice or bool)."""
    for name, raw in values.items():
        set_control(form.field(name).input, raw)
        await pilot.pause()


async def add_item(pilot: Pilot[Any], editor_id: str, values: dict[str, Any]) -> None:
    """Add an item to list ``#editor_id`` through its form, then press ctrl+s (done)."""
    form = await open_form(pilot, editor_id)
    await fill_form(pilot, form, values)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert not isinstance(pilot.app.screen, ItemForm), "the form did not close"


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test function in its own event loop (no pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
