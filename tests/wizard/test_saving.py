"""Saving: autosave, Ctrl+S, Ctrl+Q, failures, and a draft that changed on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from postmortem_tui.core import store
from postmortem_tui.wizard.dialogs import ConfirmDialog, ConflictDialog
from postmortem_tui.wizard.saver import SaveState

from .conftest import SIZE, draft_screen, make_app, open_step, wait_for


def _status(pilot: object) -> str:
    screen = draft_screen(pilot)  # type: ignore[arg-type]
    return str(screen.query_one("#save-status", Static).render())


def _on_disk(path: Path) -> str | None:
    return store.read_draft(path).draft.summary.text


async def _type_summary(pilot: object, text: str) -> None:
    screen = draft_screen(pilot)  # type: ignore[arg-type]
    area = screen.query_one("#summary-text", TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.press(*text)  # type: ignore[attr-defined]


async def test_autosave_after_a_pause_in_typing(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft)  # the real 2-second delay
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        await _type_summary(pilot, " Fixed.")
        assert _status(pilot).startswith("Edited")
        await wait_for(pilot, lambda: (_on_disk(example_draft) or "").endswith("Fixed."), 15)
        await wait_for(pilot, lambda: _status(pilot) == "Saved 14:58:02")
        saved = store.read_draft(example_draft).draft
        assert saved.meta.updated is not None
        assert saved.meta.updated.isoformat() == "2024-01-15T14:58:02+00:00"


async def test_ctrl_s_saves_at_once(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        await _type_summary(pilot, " Now.")
        assert not (_on_disk(example_draft) or "").endswith("Now.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (_on_disk(example_draft) or "").endswith("Now."))


async def test_every_step_change_saves(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        await _type_summary(pilot, " Moved on.")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: (_on_disk(example_draft) or "").endswith("Moved on."))


async def test_ctrl_q_saves_then_quits(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        await _type_summary(pilot, " Bye.")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert (_on_disk(example_draft) or "").endswith("Bye.")
    assert app.saved_on_quit == example_draft  # named on the terminal after the screen is gone


async def test_a_failed_save_is_shown_and_quitting_asks(
    folder: Path, example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise store.DraftError(example_draft, "could not be saved: the disk is full")

    before = example_draft.read_bytes()
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        monkeypatch.setattr(store, "save_draft", full_disk)
        await _type_summary(pilot, " Lost?")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "the disk is full" in _status(pilot))
        assert _status(pilot).startswith("Not saved")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # stay
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (_on_disk(example_draft) or "").endswith("Lost?"))
        assert example_draft.read_bytes() != before


async def test_quit_anyway_after_a_failed_save(
    folder: Path, example_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_permission(*_args: object, **_kwargs: object) -> None:
        raise store.DraftError(example_draft, "could not be saved: Permission denied")

    before = example_draft.read_bytes()
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        monkeypatch.setattr(store, "save_draft", no_permission)
        await _type_summary(pilot, " x")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
    assert example_draft.read_bytes() == before


def _change_behind_the_app(path: Path, text: str) -> None:
    loaded = store.read_draft(path)
    loaded.draft.summary.text = text
    store.save_draft(loaded.draft, path, force=True)


async def test_changed_on_disk_then_reload(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        _change_behind_the_app(example_draft, "Written by another program.")
        await _type_summary(pilot, " Mine.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert _on_disk(example_draft) == "Written by another program."  # not overwritten
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: screen.draft.summary.text == "Written by another program.")
        area = screen.query_one("#summary-text", TextArea)
        await wait_for(pilot, lambda: area.text == "Written by another program.")
        # Editing goes on against the reloaded file.
        await _type_summary(pilot, " Then mine.")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: _on_disk(example_draft) == "Written by another program. Then mine."
        )
    assert len(list(folder.glob("*.toml"))) == 1


async def test_changed_on_disk_then_save_as_copy(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        original = screen.draft.summary.text
        _change_behind_the_app(example_draft, "Written by another program.")
        await _type_summary(pilot, " Mine.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("c")
        await wait_for(pilot, lambda: screen.path != example_draft)
        copy = screen.path
        assert (
            copy.parent == folder
            and copy.name == "2024-01-15-api-outage-database-connection-pool-exhausted.toml"
        )
        assert _on_disk(copy) == f"{original} Mine."
        assert _on_disk(example_draft) == "Written by another program."
        # Later saves go to the copy, which the wizard now holds.
        await _type_summary(pilot, " More.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _on_disk(copy) == f"{original} Mine. More.")
        assert screen.saver is not None and screen.saver.last is not None
        assert screen.saver.last.state is SaveState.SAVED
        with pytest.raises(store.DraftLocked):
            store.DraftLock(copy).acquire()
    assert _on_disk(example_draft) == "Written by another program."


async def test_edits_during_a_save_are_saved_next(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=1.0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await _type_summary(pilot, " One.")
        worker = screen.saver.save()  # type: ignore[union-attr]
        assert worker is not None
        await _type_summary(pilot, " Two.")
        await wait_for(
            pilot, lambda: (_on_disk(example_draft) or "").endswith("One. Two."), timeout=30
        )
        await wait_for(pilot, lambda: not screen.saver.dirty, timeout=30)  # type: ignore[union-attr]


async def _conflict_then_quit(pilot: object, app: object, path: Path) -> None:
    await open_step(pilot, "summary")  # type: ignore[arg-type]
    _change_behind_the_app(path, "Written by another program.")
    await _type_summary(pilot, " Mine.")
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))  # type: ignore[arg-type, attr-defined]
    await pilot.press("escape")  # decide later  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: not isinstance(app.screen, ConflictDialog))  # type: ignore[arg-type, attr-defined]
    await pilot.press("ctrl+q")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))  # type: ignore[arg-type, attr-defined]


async def test_quit_after_a_conflict_offers_a_copy(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await _conflict_then_quit(pilot, app, example_draft)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.saved_on_quit is not None)
    copy = app.saved_on_quit
    assert copy is not None and copy != example_draft
    assert (_on_disk(copy) or "").endswith(" Mine.")
    assert _on_disk(example_draft) == "Written by another program."


async def test_quit_after_a_conflict_can_drop_the_edits(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "summary")
        _change_behind_the_app(example_draft, "Written by another program.")
        await _type_summary(pilot, " Mine.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("ctrl+q")  # straight from the conflict dialog
        await wait_for(
            pilot, lambda: isinstance(app.screen, ConflictDialog) and app.screen._leaving
        )
        await pilot.press("d")
        await wait_for(pilot, lambda: app.discarded_on_quit is not None)
    assert app.saved_on_quit is None, "nothing may be called saved"
    assert _on_disk(example_draft) == "Written by another program."
    assert len(list(folder.glob("*.toml"))) == 1


async def test_quit_after_a_conflict_can_stay(folder: Path, example_draft: Path) -> None:
    app = make_app(folder, example_draft, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await _conflict_then_quit(pilot, app, example_draft)
        await pilot.press("escape")
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.saved_on_quit is None and app.discarded_on_quit is None
        assert screen.draft.summary.text is not None and screen.draft.summary.text.endswith("Mine.")


async def test_quitting_an_untouched_new_draft_leaves_no_file(folder: Path) -> None:
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        app.start_new_draft()
        await wait_for(pilot, lambda: app.draft_screen is not None)
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.current == "summary")
        assert screen.path.exists()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.removed_on_quit)
    assert app.saved_on_quit is None
    assert list(folder.glob("*.toml")) == []


async def test_quitting_a_new_draft_with_text_keeps_it(folder: Path) -> None:
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        app.start_new_draft()
        await wait_for(pilot, lambda: app.draft_screen is not None)
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.current == "summary")
        await _type_summary(pilot, "Typed")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.saved_on_quit is not None)
    assert app.saved_on_quit is not None and _on_disk(app.saved_on_quit) == "Typed"
