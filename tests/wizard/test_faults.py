"""A fault inside the wizard: one message and exit status 1, never a traceback; the draft is
saved first when it still can be."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from postmortem_tui.core import store
from postmortem_tui.wizard import app as app_module
from postmortem_tui.wizard.screens.draft import DraftScreen

from .conftest import SIZE, frozen_clock, frozen_today, open_step, wait_for


def disk_full(self: DraftScreen) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(self.path))


def test_a_fault_is_one_message_and_exit_status_1(
    folder: Path,
    example_draft: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(DraftScreen, "action_next_step", disk_full)

    async def type_then_fail(pilot: Pilot[Any]) -> None:
        screen = await open_step(pilot, "summary")
        screen.query_one("#title").focus()
        await pilot.pause()
        await pilot.press("end", "!")
        await wait_for(pilot, lambda: screen.draft.meta.title.endswith("!"))
        await pilot.press("ctrl+n")

    app = app_module.PostmortemApp(folder, example_draft, clock=frozen_clock, today=frozen_today)
    app.run(headless=True, size=SIZE, auto_pilot=type_then_fail)
    assert isinstance(app.fault, OSError)
    # Textual prints nothing of it (no traceback, no locals) ...
    assert capsys.readouterr().err == ""
    # ... the wizard says it in one line, and the status is 1.
    status, message = app_module.fault_report(app)
    assert status == 1
    assert "\n" not in message and "Traceback" not in message
    assert "No space left on device" in message and example_draft.name in message
    # What was typed before the fault is in the file.
    assert store.read_draft(example_draft).draft.meta.title.endswith("!")
