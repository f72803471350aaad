"""What the blame model adds to the blameless review, as a ratio to the rules alone measured in
the same run::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_blame_model_speed.py -s

The sentences of the tuning corpus (704), each reviewed alone as a passage, by the rules alone
and by the rules with the model; each figure is the best of five CPU-time measurements.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui.review import blameless, measure, model

CORPUS = Path(__file__).parent.parent / "corpus"


def best_cpu_time(action: Callable[[], object], rounds: int = 5) -> float:
    """The least CPU time of ``rounds`` runs of ``action`` (another program inflates it less)."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


@pytest.mark.benchmark
def test_the_model_costs_a_bounded_multiple_of_the_rules() -> None:
    names = ("blaming.txt", "tuning-blaming.txt", "blameless.txt", "tuning-blameless.txt")
    texts = [s.text for name in names for s in measure.read_corpus(CORPUS / name)]
    start = time.perf_counter()
    model.load.cache_clear()
    model.load()
    load = time.perf_counter() - start
    people = blameless.Names.of([])
    rules = blameless.Matcher(people, use_model=False)
    both = blameless.Matcher(people)
    alone = best_cpu_time(lambda: [rules.scan(t) for t in texts])
    with_model = best_cpu_time(lambda: [both.scan(t) for t in texts])
    ratio = with_model / alone
    print(
        f"\n{len(texts)} sentences: rules {alone * 1000:.0f} ms, rules and model "
        f"{with_model * 1000:.0f} ms (x{ratio:.2f}); the model loads in {load * 1000:.0f} ms"
    )
    assert load < 0.1
    assert ratio < 4
