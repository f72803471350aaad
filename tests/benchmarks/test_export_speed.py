"""Export speed: load + render of a large generated draft, and how the cost grows.

Targets (issue: foundation, part 4): load + render of a draft with 10,000 timeline events and
1,000 action items in <= 0.5 s, and a cost ratio 10k/1k <= 12 against a draft with 1,000 events
and 100 action items (linear, not worse).

Run it with either of::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_export_speed.py -s
    .venv/bin/python tests/benchmarks/test_export_speed.py

Each figure is the best of several runs (the least disturbed by other work on the machine);
"cold" is the first render in the process, which also compiles the template.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui import export
from postmortem_tui.core import model, store
from postmortem_tui.export import markdown

RUNS = 7
TARGET_SECONDS = 0.5
TARGET_RATIO = 12.0


def generated_draft(events: int, actions: int) -> model.Draft:
    """A draft with ``events`` timeline events and ``actions`` action items of typical text
    (some of it needing escapes), across midnight, in a zone with an offset."""
    draft = model.Draft.new(
        "Generated incident", date=dt.date(2024, 1, 15), severity="P2", timezone="Europe/Berlin"
    )
    start = dt.datetime(2024, 1, 15, 20, 0, tzinfo=dt.UTC)
    draft.impact.start = start
    draft.impact.end = start + dt.timedelta(seconds=30 * events)
    draft.summary.text = "A generated incident for measuring the export."
    kinds = model.EVENT_KINDS
    draft.timeline = [
        model.TimelineEvent(
            at=start + dt.timedelta(seconds=30 * i),
            event=f"Event {i}: restarted pod web-{i % 17}, checked `kubectl logs` | <none> & ok",
            kind=kinds[i % len(kinds)],
        )
        for i in range(events)
    ]
    statuses = list(model.ACTION_STATUSES)
    draft.action_items = [
        model.ActionItem(
            action=f"Action {i}: add an alert on *connection pool* usage ✅",
            owner=f"Team {i % 9}",
            due=dt.date(2024, 2, 1) + dt.timedelta(days=i % 60),
            priority=model.PRIORITIES[i % 4],
            status=statuses[i % 4],
            type=model.ACTION_TYPES[i % len(model.ACTION_TYPES)],
            link=f"https://tracker.example.com/PM-{i}",
        )
        for i in range(actions)
    ]
    return draft


def _best(run: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(first run, best run) in seconds."""
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return times[0], min(times)


def measure(folder: Path, events: int, actions: int, template: str = "default") -> dict[str, float]:
    """Seconds to load, to render, and to do both, for a generated draft saved in ``folder``."""
    path = folder / f"generated-{events}.toml"
    path.write_text(store.dumps_draft(generated_draft(events, actions)), encoding="utf-8")
    markdown._environment.cache_clear()  # the first render compiles the template again
    loaded = store.read_draft(path)
    cold_render, _ = _best(lambda: export.render(loaded.draft, template=template), 1)
    _, load = _best(lambda: store.read_draft(path))
    _, render = _best(lambda: export.render(loaded.draft, template=template))
    _, both = _best(lambda: export.render(store.read_draft(path).draft, template=template))
    return {"load": load, "render": render, "load+render": both, "cold render": cold_render}


def report(folder: Path) -> dict[str, dict[str, float]]:
    """Every figure, printed as a small table."""
    results = {
        "10k/1k default": measure(folder, 10_000, 1_000),
        "10k/1k detailed": measure(folder, 10_000, 1_000, "detailed"),
        "1k/100 default": measure(folder, 1_000, 100),
    }
    print()
    for name, figures in results.items():
        cells = ", ".join(f"{key} {value * 1000:.0f} ms" for key, value in figures.items())
        print(f"{name}: {cells}")
    ratio = results["10k/1k default"]["load+render"] / results["1k/100 default"]["load+render"]
    print(f"cost ratio 10k/1k (load+render): {ratio:.1f}")
    return results


@pytest.mark.benchmark
def test_export_speed(tmp_path: Path) -> None:
    results = report(tmp_path)
    large = results["10k/1k default"]["load+render"]
    ratio = large / results["1k/100 default"]["load+render"]
    assert large <= TARGET_SECONDS
    assert results["10k/1k detailed"]["load+render"] <= TARGET_SECONDS
    assert ratio <= TARGET_RATIO


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        report(Path(scratch))
