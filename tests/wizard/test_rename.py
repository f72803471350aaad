"""A draft started without a title takes its real title's file name, safely, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from postmortem_tui.core import session as session_module
from postmortem_tui.core import store
from postmortem_tui.core.session import EditSession
from postmortem_tui.wizard.app import PostmortemApp
from postmortem_tui.wizard.screens.draft import DraftScreen

from .conftest import SIZE, make_app, wait_for

DAY = "2024-01-15"  # the frozen today of the wizard tests


async def _new_untitled(pilot: Pilot[Any], app: PostmortemApp) -> DraftScreen:
    app.start_new_draft()
    await wait_for(pilot, lambda: app.draft_screen is not None)
    screen = app.draft_screen
    assert screen is not None
    await wait_for(pilot, lambda: screen.current == "summary")
    await pilot.pause()
    return screen


async def _title_and_move_on(pilot: Pilot[Any], screen: DraftScreen, title: str) -> None:
    screen.query_one("#title", Input).value = title
    await pilot.pause()
    screen.query_one("#summary-text", TextArea).focus()
    await pilot.pause()
    screen.action_save()


async def test_an_untitled_draft_takes_its_titles_name(folder: Path) -> None:
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _new_untitled(pilot, app)
        old = screen.path
        assert old.name == f"{DAY}-untitled-incident.toml"
        # While the title is being typed, the name stays.
        screen.query_one("#title", Input).value = "Disk"
        await pilot.pause()
        screen.action_save()
        saver = screen.saver
        assert saver is not None
        await wait_for(pilot, lambda: not saver.dirty and not saver.saving)
        await pilot.pause()
        assert screen.path == old
        await _title_and_move_on(pilot, screen, "Disk full on db-1")
        new = folder / f"{DAY}-disk-full-on-db-1.toml"
        await wait_for(pilot, lambda: screen.path == new)
        assert not old.exists()
        assert store.read_draft(new).draft.meta.title == "Disk full on db-1"
        # The lock moved with it; the old name's lock is gone.
        with pytest.raises(store.DraftLocked):
            store.DraftLock(new).acquire()
        assert not (folder / f".{old.name}.lock").exists()
        # Saves go to the new name, and only once: a later title keeps this name.
        await _title_and_move_on(pilot, screen, "Disk full on db-2")
        await wait_for(pilot, lambda: store.read_draft(new).draft.meta.title == "Disk full on db-2")
        assert screen.path == new
        assert sorted(p.name for p in folder.glob("*.toml")) == [new.name]


async def test_the_rename_never_replaces_a_file(folder: Path) -> None:
    taken = folder / f"{DAY}-disk-full-on-db-1.toml"
    taken.write_text("not ours\n", encoding="utf-8")
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _new_untitled(pilot, app)
        await _title_and_move_on(pilot, screen, "Disk full on db-1")
        second = folder / f"{DAY}-disk-full-on-db-1-2.toml"
        await wait_for(pilot, lambda: screen.path == second)
        assert taken.read_text(encoding="utf-8") == "not ours\n"
        assert store.read_draft(second).draft.meta.title == "Disk full on db-1"


async def test_a_draft_opened_by_name_is_not_renamed(folder: Path) -> None:
    from postmortem_tui.core.model import Draft

    loaded = store.create_draft_file(Draft.new("Untitled incident"), folder)
    app = make_app(folder, loaded.path, autosave_delay=3600, step="summary")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.draft_screen is not None)
        screen = app.draft_screen
        assert screen is not None
        await wait_for(pilot, lambda: screen.current == "summary")
        await _title_and_move_on(pilot, screen, "Disk full on db-1")
        await wait_for(
            pilot, lambda: store.read_draft(loaded.path).draft.meta.title != "Untitled incident"
        )
        await pilot.pause(0.1)
        assert screen.path == loaded.path


async def test_no_rename_after_the_first_minutes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "RENAME_WINDOW", dt.timedelta(seconds=-1))
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _new_untitled(pilot, app)
        old = screen.path
        await _title_and_move_on(pilot, screen, "Disk full on db-1")
        await wait_for(pilot, lambda: store.read_draft(old).draft.meta.title == "Disk full on db-1")
        await pilot.pause(0.1)
        assert screen.path == old


def test_a_file_changed_on_disk_is_not_renamed(tmp_path: Path) -> None:
    from postmortem_tui.core.model import Draft

    session = EditSession.create(
        Draft.new("Untitled incident", date=dt.date(2024, 1, 15)), tmp_path
    )
    session.path.write_text(session.path.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    session.draft.meta.title = "Disk full"
    assert session.follow_name() is None
    assert session.path.exists()
    session.close()


async def test_the_file_follows_an_early_change_of_the_date(folder: Path) -> None:
    app = make_app(folder, autosave_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _new_untitled(pilot, app)
        await _title_and_move_on(pilot, screen, "Disk full on db-1")
        named = folder / f"{DAY}-disk-full-on-db-1.toml"
        await wait_for(pilot, lambda: screen.path == named)
        screen.query_one("#date", Input).value = "2024-01-14"
        await pilot.pause()
        screen.query_one("#summary-text", TextArea).focus()
        await pilot.pause()
        screen.action_save()
        dated = folder / "2024-01-14-disk-full-on-db-1.toml"
        await wait_for(pilot, lambda: screen.path == dated)
        assert not named.exists()
        assert store.read_draft(dated).draft.meta.date == dt.date(2024, 1, 14)
