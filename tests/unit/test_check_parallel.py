"""``check`` on a folder of many drafts shares them among processes; what it prints, in what
order, and its exit status are those of checking them one by one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.core import parallel

FORMS = {"text": [], "json": ["--json"], "github": ["--format", "github"]}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _folder(tmp_path: Path) -> list[str]:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    text = (FIXTURES / "api-outage.toml").read_text()
    names = []
    for n in range(parallel.PARALLEL_FROM + 8):
        draft = text.replace("API Outage - Database Connection Pool Exhausted", f"Incident {n}")
        if n % 5 == 0:  # some drafts blame someone, so findings are in the output
            draft = draft.replace(
                'deployment v2.3.4."""', 'deployment v2.3.4. Kevin forgot to check it."""'
            )
        path = folder / f"2024-01-{n:02}-incident.toml"
        path.write_text(draft if n != 7 else "title = [broken\n")
        names.append(str(path))
    return names


@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_many_drafts_checked_in_parallel_print_what_one_by_one_prints(
    tmp_path: Path, form: str
) -> None:
    names = _folder(tmp_path)
    env = dict(os.environ) | {"POSTMORTEM_CONFIG": str(tmp_path / "none.toml")}
    argv = [sys.executable, "-m", "postmortem_tui", "check", *names] + FORMS[form]
    # Each run with a cache folder of its own: both review every draft.
    shared = subprocess.run(
        argv,
        env=env | {"POSTMORTEM_CACHE": str(tmp_path / "shared")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    serial = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from postmortem_tui.core import parallel; parallel.PARALLEL_FROM = 10**9; "
            "from postmortem_tui import cli; sys.exit(cli.main(sys.argv[1:]))",
            "check",
            *names,
        ]
        + FORMS[form],
        env=env | {"POSTMORTEM_CACHE": str(tmp_path / "serial")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shared.returncode == serial.returncode == 2  # one draft cannot be read
    assert shared.stdout == serial.stdout
    assert shared.stderr == serial.stderr
    broken = "2024-01-07-incident.toml"
    if form == "github":  # the broken draft is an annotation of its own
        assert sum(broken in line for line in shared.stdout.splitlines()) == 1
    else:
        assert shared.stderr.count("\n") == 1 and broken in shared.stderr
    if form == "text":
        assert "Kevin forgot" in shared.stdout
        first, last = Path(names[0]).name, Path(names[-1]).name
        assert shared.stdout.index(first) < shared.stdout.index(last)
        assert f"{len(names)} drafts: " in shared.stdout.splitlines()[-1]
