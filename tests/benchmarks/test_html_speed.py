"""HTML speed: ``export --format html`` of a 10,000-event draft against the Markdown export of the
same draft, and ``postmortem site`` on 1,000 drafts, first and second run.

Run it with either of::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_html_speed.py -s
    .venv/bin/python tests/benchmarks/test_html_speed.py

Each figure is the best of a few runs (the least disturbed by other work on the machine). The
site's baseline is a plain ``tomllib`` parse of the same 1,000 files in the same run.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui import export
from postmortem_tui.core import model, store
from postmortem_tui.export import site

RUNS = 3
HTML_TARGET_RATIO = 4.0
"""The HTML page (escaping, the time axis) may cost at most this many Markdown exports."""
SECOND_RUN_TARGET_RATIO = 0.5
"""A second site run, nothing changed, at most half the first."""


def _best(run: Callable[[], object], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        begin = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - begin)
    return best


def team_folder(folder: Path, count: int) -> list[Path]:
    """``count`` drafts like a team's: services, tags, a timeline and action items each."""
    services = ["checkout-api", "payments", "search", "auth", "cdn", "db-primary", "queue"]
    files = []
    for i in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=i)
        draft = model.Draft.new(
            f"Incident {i}: {services[i % 7]} errors after deploy {i % 40}",
            date=day,
            severity=f"P{1 + i % 4}",
            status=list(model.STATUSES)[i % 3],
        )
        draft.meta.services = [services[i % 7], services[(i * 3) % 7]]
        draft.meta.tags = [f"area-{i % 11}", "deploy" if i % 2 else "config"]
        draft.summary.text = f"Requests to {services[i % 7]} failed for {10 + i % 50} minutes."
        draft.root_cause.text = f"A **bad** config in release {i % 40} exhausted the pool."
        start = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
        draft.impact.start, draft.impact.end = start, start + dt.timedelta(minutes=10 + i % 50)
        draft.timeline = [
            model.TimelineEvent(start + dt.timedelta(minutes=m), f"step {m}", kind)
            for m, kind in ((0, "detected"), (3, "acknowledged"), (9, "mitigated"), (12, "note"))
        ]
        draft.timeline.append(model.TimelineEvent(draft.impact.end, "recovered", "resolved"))
        draft.action_items = [
            model.ActionItem(f"Action {i}.{n}", owner="Ops", due=day + dt.timedelta(days=20 + n))
            for n in range(3)
        ]
        path = folder / f"{day.isoformat()}-incident-{i}.toml"
        path.write_text(store.dumps_draft(draft), encoding="utf-8")
        files.append(path)
    return files


def generated_draft(events: int, actions: int) -> model.Draft:
    """A draft with ``events`` timeline events and ``actions`` action items, text that needs
    escaping, across midnight in a zone with an offset (as the Markdown export benchmark)."""
    draft = model.Draft.new("Generated", date=dt.date(2024, 1, 15), timezone="Europe/Berlin")
    start = dt.datetime(2024, 1, 15, 20, 0, tzinfo=dt.UTC)
    draft.impact.start, draft.impact.end = start, start + dt.timedelta(seconds=30 * events)
    kinds = model.EVENT_KINDS
    draft.timeline = [
        model.TimelineEvent(
            at=start + dt.timedelta(seconds=30 * i),
            event=f"Event {i}: restarted pod web-{i % 17}, checked `kubectl logs` | <none> & ok",
            kind=kinds[i % len(kinds)],
        )
        for i in range(events)
    ]
    draft.action_items = [
        model.ActionItem(
            f"Action {i}: add an alert on *connection pool* usage",
            owner=f"Team {i % 9}",
            due=dt.date(2024, 2, 1) + dt.timedelta(days=i % 60),
            link=f"https://tracker.example.com/PM-{i}",
        )
        for i in range(actions)
    ]
    return draft


def measure_export(events: int = 10_000) -> dict[str, float]:
    draft = generated_draft(events, events // 10)
    export.render(draft)  # compile both templates first
    export.render(draft, fmt="html")
    markdown = _best(lambda: export.render(draft))
    html = _best(lambda: export.render(draft, fmt="html"))
    return {"markdown_s": markdown, "html_s": html, "ratio": html / markdown}


def measure_site(count: int = 1000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        drafts = root / "drafts"
        drafts.mkdir()
        files = team_folder(drafts, count)
        parse = _best(lambda: [tomllib.loads(f.read_text(encoding="utf-8")) for f in files])
        out = root / "site"
        begin = time.perf_counter()
        first = site.build_site([drafts], out, today=dt.date(2025, 1, 1))
        first_s = time.perf_counter() - begin
        assert first.pages == count
        begin = time.perf_counter()
        second = site.build_site([drafts], out, today=dt.date(2025, 1, 1))
        second_s = time.perf_counter() - begin
        assert second.written == []
    return {
        "parse_s": parse,
        "first_s": first_s,
        "second_s": second_s,
        "first_ratio": first_s / parse,
        "second_ratio": second_s / parse,
    }


@pytest.mark.benchmark
def test_html_export_of_10000_events_against_markdown() -> None:
    figures = measure_export()
    print(
        f"\n10,000 events: Markdown {figures['markdown_s'] * 1000:.0f} ms, "
        f"HTML {figures['html_s'] * 1000:.0f} ms, HTML/Markdown {figures['ratio']:.2f}"
    )
    assert figures["ratio"] <= HTML_TARGET_RATIO


@pytest.mark.benchmark
def test_site_of_1000_drafts_first_and_second_run() -> None:
    figures = measure_site()
    print(
        f"\n1,000 drafts: tomllib parse {figures['parse_s']:.2f} s, "
        f"site first run {figures['first_s']:.2f} s ({figures['first_ratio']:.1f}x the parse), "
        f"second run {figures['second_s']:.2f} s ({figures['second_ratio']:.1f}x the parse)"
    )
    assert figures["second_s"] <= figures["first_s"] * SECOND_RUN_TARGET_RATIO


if __name__ == "__main__":
    print(measure_export())
    print(measure_site())
