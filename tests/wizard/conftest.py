"""Fixtures for the wizard's Pilot and snapshot tests: a frozen clock and drafts on disk."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import os
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from postmortem_tui.wizard.app import PostmortemApp
from postmortem_tui.wizard.screens.draft import DraftScreen

FIXTURES = Path(__file__).parent.parent / "fixtures"
FROZEN_NOW = dt.datetime(2024, 1, 15, 14, 58, 2, tzinfo=dt.UTC)
"""The wall clock as the wizard sees it in tests ("Saved 14:58:02")."""
FROZEN_MTIME = dt.datetime(2024, 1, 15, 16, 5, tzinfo=dt.UTC).timestamp()
SIZE = (120, 40)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def frozen_clock() -> dt.datetime:
    """The frozen local time (UTC: the tests set TZ=UTC)."""
    return FROZEN_NOW


def frozen_today() -> dt.date:
    """The frozen date of today."""
    return FROZEN_NOW.date()


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local time is UTC, so file times and the save clock read the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def folder(isolated_dirs: Path) -> Path:
    """The drafts folder, created."""
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    return isolated_dirs


def put_example(
    folder: Path, name: str = "2024-01-15-api-outage.toml", mtime: float = FROZEN_MTIME
) -> Path:
    """A writable copy of the worked example in ``folder`` with a fixed modification time."""
    target = folder / name
    shutil.copyfile(FIXTURES / "api-outage.toml", target)
    os.chmod(target, 0o644)
    os.utime(target, (mtime, mtime))
    return target


@pytest.fixture
def example_draft(folder: Path) -> Path:
    """The worked example, in the drafts folder."""
    return put_example(folder)


def make_app(folder: Path, path: Path | None = None, **kwargs: Any) -> PostmortemApp:
    """The wizard with a frozen clock; ``path`` opens that draft."""
    kwargs.setdefault("clock", frozen_clock)
    kwargs.setdefault("today", frozen_today)
    return PostmortemApp(folder, path, **kwargs)


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never got there")
        await pilot.pause(0.02)


async def click_when_shown(pilot: Pilot[Any], selector: str) -> None:
    """Click a widget of the current screen once it is laid out: a click before a new screen's
    first layout lands nowhere, as a person cannot click what is not on the screen yet."""

    def shown() -> bool:
        found = pilot.app.screen.query(selector)
        return bool(found) and found.first().region.area > 0

    await wait_for(pilot, shown)
    await pilot.click(selector)


async def settle(pilot: Pilot[Any]) -> None:
    """Let mounting, workers and refreshes finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def draft_screen(pilot: Pilot[Any]) -> DraftScreen:
    """The editing screen (fails when it is not open)."""
    screen = pilot.app.draft_screen  # type: ignore[attr-defined]
    assert isinstance(screen, DraftScreen)
    return screen


async def open_step(pilot: Pilot[Any], key: str) -> DraftScreen:
    """Show step ``key`` and wait until it is on screen."""
    await wait_for(pilot, lambda: pilot.app.draft_screen is not None)  # type: ignore[attr-defined]
    screen = draft_screen(pilot)
    await wait_for(pilot, lambda: screen.current is not None)
    await screen.show_step(key)
    await pilot.pause()
    return screen


Step = Callable[[Pilot[Any]], Awaitable[None]]
