"""Keys typed in one burst into a field all reach it, and half-typed text loses nothing saved.

A paste, keys batched over SSH or a fast typist on a busy machine hand the wizard many keys
at once; Pilot's ``press`` waits after each key, so these tests post a burst without waiting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from postmortem_tui.core import store
from postmortem_tui.wizard.widgets.fields import Field

from .conftest import SIZE, make_app, open_step, settle, wait_for


def burst(pilot: Pilot[Any], keys: list[str]) -> None:
    """Post ``keys`` to the app at once, as a terminal's input arrives: nothing waits."""
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        char = key if len(key) == 1 else ("\x7f" if key == "backspace" else None)
        pilot.app.post_message(events.Key(name, char))


def _saved_date(path: Path) -> dt.date | None:
    return store.read_draft(path).draft.meta.date


async def test_end_backspace_and_typing_in_one_burst_lose_nothing(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft, autosave_delay=0.01)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        date = screen.query_one("#date", Input)
        date.focus()
        await pilot.pause()
        assert date.value == "2024-01-15"
        for _ in range(5):
            burst(pilot, ["end", *["backspace"] * 5, *"02-03"])
            await settle(pilot)
            assert date.value == "2024-02-03"
            burst(pilot, ["end", *["backspace"] * 5, *"01-15"])
            await settle(pilot)
            assert date.value == "2024-01-15"
        assert screen.saver is not None
        await wait_for(pilot, lambda: not screen.saver.dirty and not screen.saver.saving)
        assert _saved_date(example_draft) == dt.date(2024, 1, 15)


async def test_a_half_typed_date_keeps_the_date_saved_before(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft, autosave_delay=0.01)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        date = screen.query_one("#date", Input)
        date.focus()
        burst(pilot, ["end", *["backspace"] * 5, *"02-"])
        await settle(pilot)
        assert date.value == "2024-02-"
        assert screen.query_one("#field-date", Field).error is not None
        summary = screen.query_one("#summary-text", TextArea)
        summary.focus()  # the cursor leaves with the date half typed; an autosave follows
        summary.move_cursor(summary.document.end)
        burst(pilot, [*" More."])
        await settle(pilot)
        assert screen.saver is not None
        await wait_for(pilot, lambda: not screen.saver.dirty and not screen.saver.saving)
        saved = store.read_draft(example_draft).draft
        assert saved.meta.date == dt.date(2024, 1, 15)
        assert (saved.summary.text or "").endswith(" More.")
        date.focus()
        burst(pilot, ["end", *"03"])
        await settle(pilot)
        await wait_for(pilot, lambda: _saved_date(example_draft) == dt.date(2024, 2, 3))


async def test_a_text_area_keeps_its_editing_keys_in_order(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        area = screen.query_one("#summary-text", TextArea)
        area.focus()
        area.load_text("Pool exhausted.\nSecond line.")
        area.move_cursor((0, 0))
        await pilot.pause()
        burst(pilot, ["end", *["backspace"] * 10, *"drained.", "home", *"> ", "down", "end"])
        burst(pilot, [*["backspace"] * 5, *"one."])
        await settle(pilot)
        assert area.text == "> Pool drained.\nSecond one."
        assert screen.draft.summary.text == area.text
