"""Plain mode's import on the Timeline step: a file read, each event added with yes or no, or
all of the rest at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_tui.core import progress, store

from .conftest import Answer
from .keys import ENTER, down, up

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
IMPORT = down(1)
"""In a list that held items, the cursor on "Done": the import is the choice after it."""
EDIT_GATE = ENTER  # the step picked at "Start at which step?" is edited by default
"""At a complete step's gate: edit it."""
LATER_COMPLETE = down(1)
"""At a complete step's gate, where the cursor starts on "Skip": finish later."""
YES, NO, ALL = ENTER, down(1), down(2)


def test_import_yes_no_then_all(answer: Answer, example_path: Path) -> None:
    before = store.read_draft(example_path).draft
    source = FIXTURES / "pagerduty-pages.jsonl"
    timeline = (
        IMPORT
        + str(source)
        + ENTER
        + YES  # the trigger
        + NO  # the urgency change
        + YES  # the notification
        + ALL  # and the six after it
        + ENTER  # the list again, the cursor on "Done"
    )
    keys = up(len(progress.STEPS) - 3) + EDIT_GATE + timeline + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    imported = [e.source_id for e in after.timeline if e.source == "pagerduty"]
    assert imported == [
        "R1TRIG",
        "R3NTFY",
        "R4ACK1",
        "R5ACK2",
        "R6NOTE",
        "R7RES1",
        "R8TRIG2",
        "R9RES2",
    ]
    assert len(after.timeline) == len(before.timeline) + 8
    kinds = {e.source_id: e.kind for e in after.timeline if e.source}
    assert (kinds["R1TRIG"], kinds["R3NTFY"], kinds["R9RES2"]) == ("detected", "paged", "resolved")


def test_a_file_of_no_known_format_adds_nothing(
    answer: Answer, example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("just words\n")
    before = store.read_draft(example_path).draft
    timeline = IMPORT + str(odd) + ENTER + ENTER  # refused; the list again: done
    keys = up(len(progress.STEPS) - 3) + EDIT_GATE + timeline + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert [e.event for e in after.timeline] == [e.event for e in before.timeline]
    assert f"Not imported: {odd}: expected a Slack export" in capsys.readouterr().out


def test_incident_io_follow_ups_are_offered_as_action_items(
    answer: Answer, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.read_draft(example_path).draft
    source = FIXTURES / "incidentio-follow-ups.json"
    timeline = (
        IMPORT
        + str(source)
        + ENTER
        + ENTER  # "Add them to the action items?": Yes is the default
        + ENTER  # the list again, the cursor on "Done"
    )
    keys = up(len(progress.STEPS) - 3) + EDIT_GATE + timeline + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert after.timeline == before.timeline
    added = after.action_items[len(before.action_items) :]
    assert [a.action for a in added] == [
        "Add a p99 latency gate to the deploy pipeline",
        "Alert on connection pool saturation per pod",
        "Rewrite the pool in Rust",
        "Document the pool settings",
    ]
    assert "Added 4 action items." in capsys.readouterr().out
