"""The team's side in the wizard: the home screen's search box, the action items of every draft,
and the Related Incidents step's suggestions, driven with the Pilot."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from textual.widgets import DataTable, Input

from postmortem_tui.core import store
from postmortem_tui.wizard.screens.actions import ActionsScreen
from postmortem_tui.wizard.screens.draft import DraftScreen
from postmortem_tui.wizard.screens.home import HomeScreen
from postmortem_tui.wizard.steps.related import RelatedStep
from tests.wizard.conftest import (
    FIXTURES,
    FROZEN_MTIME,
    SIZE,
    draft_screen,
    make_app,
    settle,
    wait_for,
)

TEAM = FIXTURES / "team"
DB = "2024-01-10-checkout-db.toml"
SEARCH = "2024-02-05-search-latency.toml"
TIMEOUTS = "2024-02-20-checkout-timeouts.toml"


def _team(folder: Path) -> None:
    """The sample team's four readable drafts in the drafts folder, oldest first by mtime."""
    for n, name in enumerate(sorted(p.name for p in TEAM.glob("2024-*.toml"))):
        shutil.copy(TEAM / name, folder / name)
        stamp = FROZEN_MTIME + 60 * n
        os.utime(folder / name, (stamp, stamp))


def _titles(table: DataTable[object]) -> list[str]:
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def test_home_search_box_narrows_the_list(folder: Path) -> None:
    _team(folder)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#drafts", DataTable)
        assert table.row_count == 4
        await pilot.press("slash")
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press(*"stampede")
        await wait_for(pilot, lambda: table.row_count == 1)
        assert _titles(table) == ["Search latency from cache stampede"]
        # words in any order, and a phrase in quotes
        search = app.screen.query_one("#search", Input)
        search.value = 'pool "connection pool"'
        await wait_for(pilot, lambda: table.row_count == 2)
        assert sorted(_titles(table)) == [
            "Checkout database connection pool exhausted",
            "Checkout timeouts from connection pool limits",
        ]
        search.value = "kubernetes"
        await wait_for(pilot, lambda: table.row_count == 0)
        await pilot.press("escape")  # clears the box: every draft again
        await wait_for(pilot, lambda: table.row_count == 4)
        assert table.has_focus and search.value == ""
        # Enter in the box goes to the list; Enter there opens the match
        await pilot.press("slash", *"synthetic", "enter")
        await wait_for(pilot, lambda: table.has_focus and table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        assert draft_screen(pilot).path == folder / "2024-03-01-dns.toml"


async def test_home_search_keeps_a_broken_draft_in_view(folder: Path) -> None:
    _team(folder)
    (folder / "broken.toml").write_text('format = 1\n[meta]\ntitle = "Half\n')
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#drafts", DataTable)
        assert table.row_count == 5
        await pilot.press("slash", *"stampede")
        await wait_for(pilot, lambda: table.row_count == 2)
        assert sorted(_titles(table)) == ["Search latency from cache stampede", "broken"]


async def test_action_items_view_opens_the_draft_at_action_items(folder: Path) -> None:
    _team(folder)
    app = make_app(folder, today=lambda: dt.date(2024, 3, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionsScreen))
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one("#action-items", DataTable)
        await wait_for(pilot, lambda: table.row_count == 5)  # read by a worker
        assert [item["action"] for item in screen.items] == [
            "Alert on pool usage",
            "Add request coalescing",
            "Review pool sizing",
            "Document cache warmup",
            "Load test for leaks",
        ]
        assert table.get_row_at(0)[:2] == ["2024-02-01", "29 d"]
        await pilot.press("o")  # overdue only
        await wait_for(pilot, lambda: table.row_count == 3)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        opened = draft_screen(pilot)
        await wait_for(pilot, lambda: opened.current is not None)
        assert opened.path == folder / SEARCH
        assert opened.current == "action_items"


async def test_related_step_suggests_and_adds_with_a_key(folder: Path) -> None:
    _team(folder)
    path = folder / DB
    app = make_app(folder, path, step="related")
    async with app.run_test(size=SIZE) as pilot:
        screen = draft_screen(pilot)
        await wait_for(pilot, lambda: screen.current == "related")
        step = screen.query_one(RelatedStep)
        table = step.query_one("#suggestions", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        assert [s.path.name for s in step.suggestions] == [TIMEOUTS, SEARCH]
        assert table.get_row_at(0)[0] == "8"
        assert "services: checkout-api" in str(table.get_row_at(0)[3])
        table.focus()
        await pilot.press("plus")
        await wait_for(pilot, lambda: len(screen.draft.related) == 1)
        added = screen.draft.related[0]
        assert (added.date, added.title, added.link) == (
            dt.date(2024, 2, 20),
            "Checkout timeouts from connection pool limits",
            TIMEOUTS,
        )
        await wait_for(pilot, lambda: table.row_count == 1)  # no longer suggested
        editor = step.query_one("#list-related")
        assert editor.query_one(DataTable).row_count == 1
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: TIMEOUTS in path.read_text())
        assert store.read_draft(path).draft.related[0].title == added.title


async def test_leaving_before_the_folder_is_read_is_safe(folder: Path) -> None:
    _team(folder)
    app = make_app(folder, today=lambda: dt.date(2024, 3, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):  # in and out at once, the workers still reading
            await pilot.press("a", "escape")
        await pilot.press("slash", *"pool", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#drafts", DataTable).row_count == 4
    assert app.return_code in (None, 0)
