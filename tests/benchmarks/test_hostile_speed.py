"""The worst inputs timed: each linear in its size. Run with::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_hostile_speed.py -s

Each figure is the best of three runs in CPU time (the least disturbed by other work on the
machine), and each is given against a baseline measured in the same run: reading a hostile line
against ``tomllib`` failing on the same text (the explanation must cost no more than the parse),
``check`` of a large draft against ``export`` of the same draft. Linearity is the ratio of the
times at twice the size (2.0 for linear, 4.0 for quadratic); the assertions are generous
ceilings on it, never wall-clock targets.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui import cli
from postmortem_tui.core import model, store, toml_errors

SHAPES: dict[str, Callable[[int], str]] = {
    "spaces after a bare value (severity = x ... y!)": lambda n: "severity = x" + " " * n + "y!",
    "spaces in a word list (tags = [a ... !)": lambda n: "tags = [a" + " " * n + "!",
    "spaces in a table header ([ ...)": lambda n: "[" + " " * n + "\nx = y!",
}


def best_of(run: Callable[[], object], times: int = 3) -> float:
    """The least CPU time of ``times`` runs of ``run``, in seconds."""
    best = float("inf")
    for _ in range(times):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _explain(text: str) -> Callable[[], object]:
    def run() -> object:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            return toml_errors.explain(str(error), text)
        raise AssertionError("the shape parsed")

    return run


def _parse(text: str) -> Callable[[], object]:
    def run() -> object:
        with contextlib.suppress(tomllib.TOMLDecodeError):
            tomllib.loads(text)
        return None

    return run


@pytest.mark.benchmark
def test_backtracking_shapes_are_linear() -> None:
    print()
    for name, shape in SHAPES.items():
        for n in (20_000, 200_000):
            small, large = shape(n), shape(2 * n)
            explain_small = best_of(_explain(small))
            explain_large = best_of(_explain(large))
            parse = best_of(_parse(small))
            growth = explain_large / max(explain_small, 1e-9)
            print(
                f"{name}, {n:,} spaces: {explain_small * 1000:.2f} ms (parse alone "
                f"{parse * 1000:.2f} ms, {explain_small / max(parse, 1e-9):.2f}x); "
                f"at {2 * n:,}: {growth:.2f}x"
            )
            if n == 200_000:  # big enough to measure; small ones are all noise
                assert growth < 3.0, f"{name} grows {growth:.1f}x when its size doubles"


def _one_long_line(tmp_path: Path, size: int) -> Path:
    path = tmp_path / f"line-{size}.toml"
    path.write_text("format = 1\n[meta]\ntitle = " + "x" * size + "\n", encoding="utf-8")
    return path


@pytest.mark.benchmark
def test_one_long_line_is_linear(tmp_path: Path) -> None:
    print()
    times = {}
    for size in (2 << 20, 4 << 20):
        path = _one_long_line(tmp_path, size)
        valid = 'format = 1\n[meta]\ntitle = "' + "x" * size + '"\n'

        def read(path: Path = path) -> object:
            with contextlib.suppress(store.DraftError):
                store.read_draft(path)
            return None

        times[size] = best_of(read)
        baseline = best_of(lambda valid=valid: tomllib.loads(valid))
        print(
            f"one {size >> 20} MiB line, refused: {times[size] * 1000:.1f} ms "
            f"(tomllib reading it quoted: {baseline * 1000:.1f} ms, "
            f"{times[size] / max(baseline, 1e-9):.2f}x)"
        )
    growth = times[4 << 20] / times[2 << 20]
    print(f"at twice the size: {growth:.2f}x")
    assert growth < 3.0


def _big_draft(events: int) -> model.Draft:
    start = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
    draft = model.Draft.new("Big", date=start.date(), severity="P2")
    draft.summary.text = "The pool ran out of connections. " * 20
    text = "Restarted the web pods after the pool ran out of connections; error rate fell. "
    draft.timeline = [
        model.TimelineEvent(start + dt.timedelta(seconds=i), f"Step {i}: {text * 2}")
        for i in range(events)
    ]
    return draft


def _cli(*argv: str) -> Callable[[], object]:
    def run() -> object:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return cli.main(list(argv))

    return run


@pytest.mark.benchmark
def test_check_of_a_large_draft_is_linear(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[drafts]\nsize_limit = 134217728\n", encoding="utf-8")
    os.environ["POSTMORTEM_CONFIG"] = str(config)
    print()
    checks = {}
    for events in (10_000, 20_000):
        path = tmp_path / f"big-{events}.toml"
        path.write_text(store.dumps_draft(_big_draft(events)), encoding="utf-8")
        size = path.stat().st_size / (1 << 20)
        checks[events] = best_of(_cli("check", str(path)), times=2)
        export = best_of(_cli("export", str(path)), times=2)
        print(
            f"check of a {size:.1f} MiB draft ({events:,} events): {checks[events]:.2f} s; "
            f"export {export:.2f} s; check / export {checks[events] / export:.2f}x"
        )
    growth = checks[20_000] / checks[10_000]
    print(f"check at twice the size: {growth:.2f}x")
    assert growth < 3.0


def _prose_draft(sentences: int) -> model.Draft:
    draft = model.Draft.new("Prose", date=dt.date(2024, 1, 15))
    draft.summary.text = " ".join(
        f"At step {i} the team restarted pod web-{i % 97} and the error rate fell to {i % 13}%."
        for i in range(sentences)
    )
    return draft


@pytest.mark.benchmark
def test_check_of_long_prose_is_linear(tmp_path: Path) -> None:
    """The blameless review reads prose sentence by sentence: the costly part of check."""
    print()
    checks = {}
    for sentences in (2_000, 4_000):
        path = tmp_path / f"prose-{sentences}.toml"
        path.write_text(store.dumps_draft(_prose_draft(sentences)), encoding="utf-8")
        size = path.stat().st_size / 1024
        checks[sentences] = best_of(_cli("check", str(path)), times=2)
        export = best_of(_cli("export", str(path)), times=2)
        print(
            f"check of {sentences:,} sentences of prose ({size:.0f} KiB): "
            f"{checks[sentences]:.2f} s; export {export:.3f} s; "
            f"check / export {checks[sentences] / export:.0f}x"
        )
    growth = checks[4_000] / checks[2_000]
    print(f"check at twice the size: {growth:.2f}x")
    assert growth < 3.0
