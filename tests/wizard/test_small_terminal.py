"""An 80x24 terminal and jumping between steps: the step list folds to its glyphs, the cursor
lands in the step jumped to."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from postmortem_tui.wizard.sidebar import Sidebar

from .conftest import SIZE, make_app, open_step, settle, wait_for

SMALL = (80, 24)


async def test_the_step_list_folds_below_100_columns_and_ctrl_b_unfolds_it(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_step(pilot, "timeline")
        sidebar = screen.query_one("#sidebar", Sidebar)
        await wait_for(pilot, lambda: sidebar.collapsed)
        await settle(pilot)
        assert sidebar.size.width <= 6
        prompt = str(sidebar.get_option_at_index(2).prompt)
        assert prompt == "▸●"  # the current step's marker and its state, no name
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: not sidebar.collapsed)
        await settle(pilot)
        assert "Timeline" in str(sidebar.get_option_at_index(2).prompt)
        assert sidebar.size.width > 6


async def test_the_step_list_keeps_its_names_at_120_columns(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await settle(pilot)
        assert not screen.query_one("#sidebar", Sidebar).collapsed


async def test_ctrl_t_then_enter_puts_the_cursor_in_the_step(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_step(pilot, "summary")
        await settle(pilot)
        await pilot.press("ctrl+t", "down", "down", "enter")  # Summary -> Timeline
        await wait_for(pilot, lambda: screen.current == "timeline" and not screen.keys_held)
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, DataTable)
        assert screen.editors["timeline"] in focused.ancestors


async def test_go_to_in_the_palette_puts_the_cursor_in_the_step(
    folder: Path, example_draft: Path
) -> None:
    app = make_app(folder, example_draft)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "summary")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Go to Root Cause")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.current == "root_cause" and app.screen is screen)
        await settle(pilot)
        focused = app.focused
        assert focused is not None
        assert screen.editors["root_cause"] in focused.ancestors
