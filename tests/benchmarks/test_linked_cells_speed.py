"""What linked cells cost: the timeline table of 10,000 events (every tenth with a link) with each
event's text as a linked cell (``event_cell``) against the plain text column (``event``), both
escaped by ``md_table``'s pass over the rows, measured in the same run, taking turns.

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_linked_cells_speed.py -s
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from postmortem_tui.export import markdown
from tests.benchmarks.test_export_speed import generated_draft

RUNS = 7


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


@pytest.mark.benchmark
def test_linked_cells_against_the_plain_text_column() -> None:
    draft = generated_draft(10_000, 1_000)
    for i, event in enumerate(draft.timeline):
        if i % 10 == 0:
            event.link = f"https://chat.example.com/archives/C024/p{i}"

    def linked() -> None:
        rows = markdown.timeline_rows(draft)
        markdown.md_table(rows, [("Time", "time"), ("Event", "event_cell")])

    def plain() -> None:
        rows = markdown.timeline_rows(draft)
        markdown.md_table(rows, [("Time", "time"), ("Event", "event")])

    linked()  # warm up both, then take turns, best of each (the least disturbed run)
    plain()
    linked_runs, plain_runs = [], []
    for _ in range(RUNS):
        linked_runs.append(_timed(linked))
        plain_runs.append(_timed(plain))
    linked_seconds, plain_seconds = min(linked_runs), min(plain_runs)
    ratio = linked_seconds / plain_seconds
    print(
        f"\ntimeline table, 10,000 events: plain text column {plain_seconds * 1000:.0f} ms "
        f"(1.00x), linked cells {linked_seconds * 1000:.0f} ms ({ratio:.2f}x)"
    )
    assert ratio < 3, "linked cells should cost a fraction more, not a multiple"
