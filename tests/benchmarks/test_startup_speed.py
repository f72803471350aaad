"""Start-up: ``postmortem --help`` against ``python -c pass``, in the same run.

Target (issue: foundation): the help of the installed command takes at most 2.5 times as long
as starting the interpreter and doing nothing. Run with::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_startup_speed.py -s

Each command runs RUNS times, interleaved (so a busy moment on the machine hits all of them
alike); the figures are medians. The assertion is a generous ceiling, not the target: the
printed figures are what docs/performance.md records.

The commands run as an installed copy runs for a user: with compiled ``.pyc`` files. So
``PYTHONDONTWRITEBYTECODE`` is dropped from their environment (without a ``.pyc`` every start
compiles the package from source, which alone costs more than the whole budget), and the
``.pyc`` files go to a temporary ``PYTHONPYCACHEPREFIX`` rather than into the source tree.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

RUNS = 20
TARGET_RATIO = 2.5
CEILING_RATIO = 6.0
POSTMORTEM = Path(sys.executable).parent / "postmortem"


def _wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


def measure(runs: int = RUNS) -> dict[str, float]:
    """Median wall time of each command, in seconds."""
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        env["POSTMORTEM_DIR"] = str(Path(folder) / "drafts")
        return _measure(runs, env)


def _measure(runs: int, env: dict[str, str]) -> dict[str, float]:
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "postmortem --help": [str(POSTMORTEM), "--help"],
        "python -m postmortem_tui --help": [sys.executable, "-m", "postmortem_tui", "--help"],
        "postmortem list (empty folder)": [str(POSTMORTEM), "list"],
    }
    for argv in commands.values():  # warm the file cache and write the .pyc files
        _wall(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_wall(argv, env))
    return {name: statistics.median(values) for name, values in times.items()}


@pytest.mark.benchmark
def test_help_start_up_ratio() -> None:
    medians = measure()
    base = medians["python -c pass"]
    print(f"\nstart-up, median of {RUNS} interleaved runs (nproc {os.cpu_count()}):")
    for name, seconds in medians.items():
        print(f"  {name:34} {seconds * 1000:7.1f} ms  {seconds / base:4.2f}x")
    ratio = medians["postmortem --help"] / base
    print(f"  target: postmortem --help <= {TARGET_RATIO}x python -c pass; measured {ratio:.2f}x")
    assert ratio <= CEILING_RATIO


if __name__ == "__main__":
    for name, seconds in measure().items():
        print(f"{name:34} {seconds * 1000:7.1f} ms")
