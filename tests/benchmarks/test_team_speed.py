"""Speed of the team commands on a folder of 1,000 drafts, and of exporting one big draft, as
ratios to a plain ``tomllib`` parse of the same files measured in the same run.

Targets: ``list``, ``actions``, ``stats`` and ``related`` on 1,000 drafts the size of the worked
example take at most 0.5x the parse on a first run (no index) and at most 0.1x run again with
nothing changed; ``check FOLDER`` at most 1.0x (measured on a first run, with no kept reviews,
and run again); exporting a draft of 10,000 events and 1,000
action items at most 1.0x the parse of that file. Run with::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_team_speed.py -s

Each command runs as the installed console script, in a process of its own, as a person runs
it (so Python's start-up is in every figure). Baseline and commands are interleaved, each
repeated; the figure is the median. The assertions are generous ceilings, never the targets:
a busy machine must not fail them.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
POSTMORTEM = Path(sys.executable).parent / "postmortem"
DRAFTS = 1000
ROUNDS = 3
SERVICES = ["checkout-api", "search-api", "payments", "edge", "postgres", "auth"]
TAGS = ["database", "cache", "deploy", "capacity", "network"]


def team_folder(folder: Path, count: int = DRAFTS) -> list[Path]:
    """``count`` drafts the size of the worked example, with their own titles, dates, services
    and tags, last modified a day ago (as in a checkout of the team's repository)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "api-outage.toml").read_text()
    made = []
    stamp = time.time_ns() - 86_400 * 10**9
    for n in range(count):
        services = f'services = ["{SERVICES[n % 6]}", "{SERVICES[(n * 7) % 6]}"]'
        tags = f'tags = ["{TAGS[n % 5]}"]'
        draft = text.replace(
            'title = "API Outage - Database Connection Pool Exhausted"',
            f'title = "Incident {n}: {TAGS[n % 5]} trouble in {SERVICES[n % 6]}"\n'
            f"{services}\n{tags}",
        ).replace("date = 2024-01-15", f"date = 2024-{1 + n % 12:02}-{1 + n % 28:02}")
        path = folder / f"2024-{1 + n % 12:02}-{1 + n % 28:02}-incident-{n:04}.toml"
        path.write_text(draft)
        os.utime(path, ns=(stamp, stamp))
        made.append(path)
    return made


def _tomllib_parse(files: list[Path]) -> Callable[[], object]:
    def parse() -> object:
        return [tomllib.loads(p.read_text(encoding="utf-8")) for p in files]

    return parse


def _command(argv: list[str], env: dict[str, str]) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            [str(POSTMORTEM), *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    return run


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.benchmark
def test_team_commands_on_a_thousand_drafts(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    files = team_folder(folder)
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)} | {
        "POSTMORTEM_CACHE": str(cache),
        "POSTMORTEM_CONFIG": str(tmp_path / "no-config.toml"),
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
    }
    target = str(files[0])
    commands = {
        "list": ["list", str(folder)],
        "list QUERY": ["list", str(folder), "connection pool", "--tag", "cache"],
        "actions": ["actions", str(folder), "--today", "2024-06-01"],
        "stats": ["stats", str(folder), "--by", "service", "--today", "2024-06-01"],
        "related": ["related", target, str(folder)],
    }
    _command(["--help"], env)()  # compile the package's bytecode once
    parse = _tomllib_parse(files)
    baseline: list[float] = []
    first: dict[str, list[float]] = {name: [] for name in commands}
    again: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(ROUNDS):
        for name, argv in commands.items():
            baseline.append(_timed(parse))
            shutil.rmtree(cache, ignore_errors=True)  # a first run: no index
            first[name].append(_timed(_command(argv, env)))
            again[name].append(_timed(_command(argv, env)))
    base = statistics.median(baseline)
    print(f"\n{DRAFTS} drafts; tomllib parse: {base * 1000:.0f} ms (median of {len(baseline)})")
    print(f"{'command':<12} {'first run':>16} {'run again':>16}")
    for name in commands:
        f, a = statistics.median(first[name]), statistics.median(again[name])
        print(
            f"{name:<12} {f * 1000:>7.0f} ms {f / base:>5.2f}x "
            f"{a * 1000:>7.0f} ms {a / base:>5.2f}x"
        )
        assert f / base < 1.5, name
        assert a / base < 0.5, name


@pytest.mark.benchmark
def test_check_folder_on_a_thousand_drafts(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    files = team_folder(folder)
    cache = tmp_path / "cache"
    env = dict(os.environ) | {
        "POSTMORTEM_CACHE": str(cache),
        "POSTMORTEM_CONFIG": str(tmp_path / "no-config.toml"),
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _command(["--help"], env)()
    parse = _tomllib_parse(files)
    check = _command(["check", str(folder)], env)
    baseline, first, again = [], [], []
    for _ in range(ROUNDS):
        baseline.append(_timed(parse))
        shutil.rmtree(cache, ignore_errors=True)  # a first run: no kept reviews
        first.append(_timed(check))
        again.append(_timed(check))
    base = statistics.median(baseline)
    took, kept = statistics.median(first), statistics.median(again)
    print(
        f"\ncheck FOLDER: first run {took * 1000:.0f} ms, {took / base:.2f}x; run again "
        f"{kept * 1000:.0f} ms, {kept / base:.2f}x tomllib ({base * 1000:.0f} ms)"
    )
    assert took / base < 6
    assert kept / base < 1


@pytest.mark.benchmark
def test_export_of_a_big_draft(tmp_path: Path) -> None:
    from postmortem_tui.core import store
    from tests.benchmarks.test_store_speed import big_draft

    path = tmp_path / "big.toml"
    store.save_draft(big_draft(), path)
    env = dict(os.environ) | {"PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _command(["--help"], env)()
    parse = _tomllib_parse([path])
    baseline, export = [], []
    for _ in range(ROUNDS + 2):
        baseline.append(_timed(parse))
        export.append(_timed(_command(["export", str(path), "-o", str(tmp_path / "big.md")], env)))
    base, took = statistics.median(baseline), statistics.median(export)
    print(
        f"\nexport of 10,000 events: {took * 1000:.0f} ms, "
        f"{took / base:.2f}x tomllib ({base * 1000:.0f} ms)"
    )
    assert took / base < 4
