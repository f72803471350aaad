"""Save and load speed of drafts: a large generated one and the worked example.

Targets (issue: foundation): saving a draft with 10,000 timeline events and 1,000 action items
takes at most 0.3 s, saving the worked example at most 10 ms. Loading the large draft has no
target of its own; it is half of the export budget (load + render <= 0.5 s). Run with::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_store_speed.py -s

A save here is the whole of ``store.save_draft`` as the wizard calls it: check the file on disk
is the one loaded, stamp ``meta.updated``, write canonical TOML to a temporary file, fsync,
rename, fsync the folder. Figures are medians of several runs (and the best, the least disturbed
by other work on the machine); assertions are generous ceilings, never the targets.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from postmortem_tui.core import model, store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVENTS = 10_000
ACTIONS = 1_000


def big_draft(events: int = EVENTS, actions: int = ACTIONS) -> model.Draft:
    """A draft with ``events`` timeline events and ``actions`` action items of typical text,
    some multi-line or needing escapes, in a zone with DST, crossing midnight."""
    start = dt.datetime(2024, 3, 9, 22, 0, tzinfo=dt.UTC)
    draft = model.Draft.new(
        "Generated incident", date=start.date(), severity="P2", timezone="America/New_York"
    )
    draft.meta.authors = [model.Author("Jane Doe", "On-call"), model.Author("John Smith")]
    draft.summary.text = "A generated incident\nfor measuring saves and loads."
    draft.impact.start = start
    draft.impact.end = start + dt.timedelta(seconds=30 * events)
    kinds = model.EVENT_KINDS
    draft.timeline = [
        model.TimelineEvent(
            at=start + dt.timedelta(seconds=30 * i),
            event=(
                f'Event {i}: restarted "web-{i % 17}"\nthen checked C:\\logs\\{i}.txt'
                if i % 10 == 0
                else f"Event {i}: restarted pod web-{i % 17}, error rate {i % 100}% ✅"
            ),
            kind=kinds[i % len(kinds)],
        )
        for i in range(events)
    ]
    statuses = list(model.ACTION_STATUSES)
    draft.action_items = [
        model.ActionItem(
            action=f"Action {i}: add an alert on connection pool usage",
            owner=f"Team {i % 9}",
            due=dt.date(2024, 4, 1) + dt.timedelta(days=i % 60),
            priority=model.PRIORITIES[i % 4],
            status=statuses[i % 4],
            type=model.ACTION_TYPES[i % len(model.ACTION_TYPES)],
            link=f"https://tracker.example.com/INC-{i}",
        )
        for i in range(actions)
    ]
    return draft


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _report(name: str, times: list[float], target: float | None = None) -> None:
    median, best = statistics.median(times), min(times)
    goal = f"  (target <= {target * 1000:g} ms)" if target else ""
    print(f"  {name:40} median {median * 1000:7.1f} ms  best {best * 1000:7.1f} ms{goal}")


@pytest.fixture
def folder() -> Iterator[Path]:
    # tmp_path may be on a slower or faster disk than the drafts folder; both are local here.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _saver(draft: model.Draft, path: Path) -> Callable[[], object]:
    fingerprint = store.save_draft(draft, path)

    def save() -> None:
        nonlocal fingerprint
        fingerprint = store.save_draft(draft, path, expected=fingerprint)

    return save


@pytest.mark.benchmark
def test_save_and_load_big_draft(folder: Path) -> None:
    draft = big_draft()
    path = folder / "big.toml"
    save = _saver(draft, path)
    saves = _timed(save, 7)
    size = path.stat().st_size
    loads = _timed(lambda: store.read_draft(path), 7)
    dumps = _timed(lambda: store.dumps_draft(draft), 7)
    small = big_draft(EVENTS // 10, ACTIONS // 10)
    small_path = folder / "small.toml"
    small_saves = _timed(_saver(small, small_path), 7)
    small_loads = _timed(lambda: store.read_draft(small_path), 7)
    print(
        f"\nstore, {EVENTS:,} events + {ACTIONS:,} action items ({size / 1e6:.2f} MB), "
        f"nproc {os.cpu_count()}:"
    )
    _report("save (save_draft, with fsync)", saves, 0.3)
    _report("  of which dumps_draft (text only)", dumps)
    _report("load (read_draft)", loads)
    _report(f"save, {EVENTS // 10:,} + {ACTIONS // 10:,}", small_saves)
    _report(f"load, {EVENTS // 10:,} + {ACTIONS // 10:,}", small_loads)
    print(
        f"  cost ratio 10x the items: save {min(saves) / min(small_saves):.1f}x, "
        f"load {min(loads) / min(small_loads):.1f}x"
    )
    assert store.read_draft(path).draft == draft
    assert statistics.median(saves) <= 1.5
    assert statistics.median(loads) <= 3.0


@pytest.mark.benchmark
def test_save_worked_example(folder: Path) -> None:
    path = folder / "api-outage.toml"
    shutil.copy(FIXTURES / "api-outage.toml", path)
    loaded = store.read_draft(path)
    fingerprint = loaded.fingerprint

    def save() -> None:
        nonlocal fingerprint
        fingerprint = store.save_draft(loaded.draft, path, expected=fingerprint)

    saves = _timed(save, 50)
    dumps = _timed(lambda: store.dumps_draft(loaded.draft), 50)
    loads = _timed(lambda: store.read_draft(path), 50)
    print("\nstore, the worked example:")
    _report("save (save_draft, with fsync)", saves, 0.010)
    _report("  of which dumps_draft (text only)", dumps)
    _report("load (read_draft)", loads)
    assert statistics.median(saves) <= 0.1
