"""Speed of the blameless review, in process, as a ratio to a plain ``tomllib`` parse of the
same drafts measured in the same run::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_review_speed.py -s

200 drafts the size of the worked example (those of ``test_team_speed``), already read; each
figure is the best of five CPU-time measurements (``time.process_time``), so that another
program on the machine inflates it less. The review's findings are the same on every round.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from postmortem_tui.core.config import Config
from postmortem_tui.core.store import read_draft
from postmortem_tui.review import report
from tests.benchmarks.test_blame_model_speed import best_cpu_time
from tests.benchmarks.test_team_speed import team_folder


@pytest.mark.benchmark
def test_the_blameless_review_of_two_hundred_drafts(tmp_path: Path) -> None:
    files = team_folder(tmp_path / "postmortems", 200)
    texts = [p.read_text(encoding="utf-8") for p in files]
    drafts = [read_draft(p).draft for p in files]
    config = Config()
    report.findings(drafts[0], config)  # the rulebook compiled once, as in any run
    base = best_cpu_time(lambda: [tomllib.loads(t) for t in texts])
    read = best_cpu_time(lambda: [read_draft(p) for p in files])
    findings = best_cpu_time(lambda: [report.findings(d, config) for d in drafts])
    review = best_cpu_time(lambda: [report.review_draft(d, config) for d in drafts])
    print(
        f"\n200 drafts: tomllib {base * 1000:.0f} ms; read_draft {read / base:.2f}x; "
        f"blameless findings {findings / base:.2f}x; whole review {review / base:.2f}x"
    )
    assert findings / base < 20
