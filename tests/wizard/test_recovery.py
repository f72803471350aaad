"""Text typed into a form and never confirmed survives the program's end and is offered back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from postmortem_tui.core import session, store
from postmortem_tui.wizard.dialogs.item_form import ItemForm
from postmortem_tui.wizard.dialogs.recovery import RecoveryDialog

from .conftest import SIZE, click_when_shown, make_app, open_step, wait_for


async def _leave_an_open_form(folder: Path, draft: Path) -> None:
    app = make_app(folder, draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "action_items")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"Page the DB team")
        await wait_for(
            pilot,
            lambda: "Page the DB team" in str(session.read_recovery(draft) or ""),
        )
    # The app ended with the form open, as a killed one would: the record stays.


async def test_unconfirmed_text_is_restored_into_its_form(
    folder: Path, example_draft: Path
) -> None:
    await _leave_an_open_form(folder, example_draft)
    assert "Page the DB team" not in example_draft.read_text(encoding="utf-8")
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        await wait_for(pilot, lambda: form.field("action").raw() == "Page the DB team")
        assert isinstance(form.field("action").input, Input)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: any(
                a.action == "Page the DB team"
                for a in store.read_draft(example_draft).draft.action_items
            ),
        )
    assert session.read_recovery(example_draft) is None


async def test_discarded_unconfirmed_text_is_gone(folder: Path, example_draft: Path) -> None:
    await _leave_an_open_form(folder, example_draft)
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await click_when_shown(pilot, "#discard")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecoveryDialog))
    assert session.read_recovery(example_draft) is None


async def test_a_cancelled_form_leaves_no_record(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "action_items")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"Draft")
        await wait_for(pilot, lambda: session.read_recovery(example_draft) is not None)
        form = app.screen
        assert isinstance(form, ItemForm)
        form.dismiss(None)
        await wait_for(pilot, lambda: session.read_recovery(example_draft) is None)
