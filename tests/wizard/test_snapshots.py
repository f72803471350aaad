"""SVG snapshots of the screens people look at most (pytest-textual-snapshot).

Regenerate after a deliberate change with ``pytest tests/wizard/test_snapshots.py
--snapshot-update`` and look at the SVGs before committing them. Time is frozen: the save
clock, today's date and the files' modification times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from .conftest import FROZEN_MTIME, SIZE, make_app, put_example, wait_for


async def _hide_tmp_folder(pilot: Pilot[Any]) -> None:
    """The drafts folder is a temporary one: show a fixed name instead."""
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#folder")))
    pilot.app.screen.query_one("#folder", Static).update("~/drafts")
    await pilot.pause()


def test_home_screen(snap_compare: Any, folder: Path) -> None:
    put_example(folder)
    put_example(folder, "2024-01-20-cache-stampede.toml", FROZEN_MTIME + 86400)
    app = make_app(folder)
    assert snap_compare(app, terminal_size=SIZE, run_before=_hide_tmp_folder)


def test_timeline_step(snap_compare: Any, folder: Path) -> None:
    path = put_example(folder)
    app = make_app(folder, path, step="timeline")

    async def shown(pilot: Pilot[Any]) -> None:
        await wait_for(
            pilot, lambda: getattr(pilot.app.draft_screen, "current", None) == "timeline"
        )
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=shown)


def test_review_step(snap_compare: Any, folder: Path) -> None:
    path = put_example(folder)
    app = make_app(folder, path)  # the worked example opens at Review

    async def shown(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: getattr(pilot.app.draft_screen, "current", None) == "review")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#preview-markdown")))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=shown)


def test_review_step_small_terminal(snap_compare: Any, folder: Path) -> None:
    path = put_example(folder)
    app = make_app(folder, path)

    async def shown(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: getattr(pilot.app.draft_screen, "current", None) == "review")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#preview-markdown")))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)
