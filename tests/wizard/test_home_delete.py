"""The list of drafts never deletes a draft that is open in another program, and says where."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from postmortem_tui.core import lock
from postmortem_tui.wizard.dialogs import ConfirmDialog
from postmortem_tui.wizard.screens.home import HomeScreen

from .conftest import SIZE, make_app, settle, wait_for


async def test_a_draft_open_elsewhere_is_not_deleted(folder: Path, example_draft: Path) -> None:
    app = make_app(folder)
    said: list[str] = []
    app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
    with lock.DraftLock(example_draft):  # another program has it open
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            app.screen.query_one("#drafts", DataTable).focus()
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmDialog)  # not even asked
            (note,) = said
            assert example_draft.name in note and "is open in" in note
    assert example_draft.exists()


async def test_a_draft_nobody_has_open_is_deleted_after_asking(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.screen.query_one("#drafts", DataTable).focus()
        await settle(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await settle(pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: not example_draft.exists())
    assert not lock.lock_path_of(example_draft).exists()


def test_delete_file_refuses_a_draft_open_elsewhere(example_draft: Path) -> None:
    from postmortem_tui.wizard.screens.home import delete_file

    with lock.DraftLock(example_draft):
        try:
            delete_file(example_draft)
        except lock.DraftLocked as error:
            assert "is open in" in error.message
        else:  # pragma: no cover
            raise AssertionError("deleted a draft open elsewhere")
    assert example_draft.exists()
