"""``actions``, ``stats``, ``related`` and ``list`` on a sample team folder with known answers.

The folder (tests/fixtures/team) holds four drafts and one broken file. The answers below were
worked out by hand from those files; on 2024-03-01 three open items are overdue.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui import cli

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "team"
TODAY = "2024-03-01"
DB = "2024-01-10-checkout-db.toml"
SEARCH = "2024-02-05-search-latency.toml"
TIMEOUTS = "2024-02-20-checkout-timeouts.toml"
DNS = "2024-03-01-dns.toml"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A copy of the sample folder, broken draft and all."""
    folder = tmp_path / "postmortems"
    shutil.copytree(SAMPLE, folder)
    return folder


@pytest.fixture
def healthy(team: Path) -> Path:
    """The sample folder without its broken draft."""
    (team / "broken.toml").unlink()
    return team


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- actions --------------------------------------------------------------------------------


def test_actions_json_overdue_first_then_by_due_date(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, "actions", str(healthy), "--today", TODAY, "-f", "json")
    assert (status, err) == (0, "")
    rows = json.loads(out)
    assert [(Path(r["file"]).name, r["index"]) for r in rows] == [
        (DB, 1),  # due 2024-02-01, 29 days overdue
        (SEARCH, 0),  # due 2024-02-20, 10 days
        (TIMEOUTS, 1),  # due 2024-02-28, 2 days (2024 is a leap year)
        (DB, 0),  # done
        (TIMEOUTS, 0),  # won't do
        (SEARCH, 1),  # due after today
        (DB, 2),  # no due date: last
    ]
    assert [r["days_overdue"] for r in rows] == [29, 10, 2, None, None, None, None]
    assert [r["overdue"] for r in rows] == [True, True, True, False, False, False, False]
    assert rows[0] == {
        "file": str(healthy / DB),
        "title": "Checkout database connection pool exhausted",
        "incident_date": "2024-01-10",
        "index": 1,
        "action": "Alert on pool usage",
        "owner": "jane",
        "due": "2024-02-01",
        "priority": "P1",
        "status": "in-progress",
        "type": None,
        "link": "https://tracker.example.com/OPS-1",
        "overdue": True,
        "days_overdue": 29,
    }
    assert rows[5]["status"] is None  # absent in the draft: null, read as planned


def test_actions_filters(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def items(*flags: str) -> list[str]:
        status, out, _ = _run(
            capsys, "actions", str(healthy), "--today", TODAY, "-f", "json", *flags
        )
        assert status == 0
        return [r["action"] for r in json.loads(out)]

    assert items("--overdue") == [
        "Alert on pool usage",
        "Add request coalescing",
        "Review pool sizing",
    ]
    assert items("--open") == [
        "Alert on pool usage",
        "Add request coalescing",
        "Review pool sizing",
        "Document cache warmup",
        "Load test for leaks",
    ]
    # owners in any case, repeatable
    assert items("--owner", "JANE") == [
        "Alert on pool usage",
        "Add pool metrics",
        "Document cache warmup",
    ]
    assert items("--owner", "jane", "--owner", "DevOps", "--open") == [
        "Alert on pool usage",
        "Review pool sizing",
        "Document cache warmup",
    ]
    assert items("--priority", "P0") == ["Add pool metrics", "Raise pool limit"]
    assert items("--priority", "P0", "--priority", "p2") == [
        "Add pool metrics",
        "Raise pool limit",
        "Document cache warmup",
        "Load test for leaks",
    ]
    assert items("--due-before", "2024-02-20") == ["Alert on pool usage", "Add pool metrics"]
    assert items("--tag", "capacity") == ["Review pool sizing", "Raise pool limit"]
    assert items("--service", "search-api") == ["Add request coalescing", "Document cache warmup"]
    assert items("--service", "checkout-api", "--overdue") == [
        "Alert on pool usage",
        "Review pool sizing",
    ]
    # "today" moves: on 2024-02-10 only one item is overdue
    status, out, _ = _run(
        capsys, "actions", str(healthy), "--today", "2024-02-10", "--overdue", "-f", "json"
    )
    assert status == 0
    assert [(r["action"], r["days_overdue"]) for r in json.loads(out)] == [
        ("Alert on pool usage", 9)
    ]


def test_actions_table(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "actions", str(healthy), "--today", TODAY, "--overdue")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "DUE",
        "OVERDUE",
        "PRI",
        "STATUS",
        "OWNER",
        "ACTION",
        "POSTMORTEM",
        "FILE",
    ]
    assert lines[1].split()[:4] == ["2024-02-01", "29", "d", "P1"]
    assert "Alert on pool usage" in lines[1] and lines[1].endswith(str(healthy / DB))
    assert len(lines) == 4
    # the file column lines up
    assert len({line.index(str(healthy)) for line in lines[1:]}) == 1


def test_actions_csv_for_a_spreadsheet(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "actions", str(healthy), "--today", TODAY, "-f", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "file",
        "title",
        "incident_date",
        "index",
        "action",
        "owner",
        "due",
        "priority",
        "status",
        "type",
        "link",
        "overdue",
        "days_overdue",
    ]
    assert len(rows) == 8
    assert rows[1][4:] == [
        "Alert on pool usage",
        "jane",
        "2024-02-01",
        "P1",
        "in-progress",
        "",
        "https://tracker.example.com/OPS-1",
        "true",
        "29",
    ]
    assert rows[-1][6] == "" and rows[-1][11] == "false"


def test_actions_markdown_escapes_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "d.toml"
    draft.write_text(
        'format = 1\n[meta]\ntitle = "Pipes | in title"\n[[action_items]]\n'
        'action = "Fix a|b and <b>bold</b>"\nowner = "Ops"\ndue = 2024-01-01\n'
    )
    status, out, _ = _run(capsys, "actions", str(draft), "--today", TODAY, "-f", "markdown")
    assert status == 0
    header, rule, row = out.splitlines()
    assert header.startswith("| Due ") and set(rule) <= {"|", "-", " "}
    assert "a\\|b" in row and "Pipes \\| in title" in row and "<b>" not in row
    assert row.count(" | ") == 7


def test_fail_on_overdue_for_a_weekly_reminder(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "actions", str(healthy), "--today", TODAY, "--fail-on-overdue")[0] == 1
    early = ("actions", str(healthy), "--today", "2024-01-01", "--fail-on-overdue")
    assert _run(capsys, *early)[0] == 0


def test_a_broken_draft_is_named_and_the_others_still_shown(
    team: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, "actions", str(team), "--today", TODAY, "-f", "json")
    assert status == 0
    assert len(json.loads(out)) == 7
    assert (
        err
        == f"postmortem: {team / 'broken.toml'}:3: meta.title: not valid TOML: "
        + (err.split("not valid TOML: ", 1)[1])
    )
    assert err.count("\n") == 1
    # strict: the same output, then exit 2 at the end
    status, strict_out, strict_err = _run(
        capsys, "actions", str(team), "--today", TODAY, "-f", "json", "--strict"
    )
    assert (status, strict_out, strict_err) == (2, out, err)
    for command in (
        ["stats", str(team)],
        ["related", str(team / DB), str(team)],
        ["list", str(team)],
    ):
        assert _run(capsys, *command)[0] == 0
        assert _run(capsys, *command, "--strict")[0] == 2


def test_several_folders_and_files(
    healthy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other-team"
    other.mkdir()
    shutil.move(healthy / SEARCH, other / SEARCH)
    status, out, _ = _run(
        capsys,
        "actions",
        str(healthy / DB),
        str(other),
        str(healthy / DB),  # named twice: counted once
        "--today",
        TODAY,
        "-f",
        "json",
    )
    assert status == 0
    assert sorted({Path(r["file"]).name for r in json.loads(out)}) == [DB, SEARCH]
    assert len(json.loads(out)) == 5


def test_the_drafts_folder_by_default(
    healthy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POSTMORTEM_DIR", str(healthy))
    status, out, _ = _run(capsys, "actions", "--today", TODAY, "-f", "json", "--overdue")
    assert status == 0 and len(json.loads(out)) == 3
    status, out, _ = _run(capsys, "actions", DB, "--today", TODAY, "-f", "json")
    assert status == 0 and len(json.loads(out)) == 3  # a name in the drafts folder


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["actions", "--today", "tomorrow"],
            "--today: expected a date like 2024-01-15, got 'tomorrow'",
        ),
        (["actions", "--due-before", "2024-13-01"], "--due-before: expected a date like"),
        (["stats", "--since", "last week"], "--since: expected a date like"),
        (["list", "--until", "1/2/2024"], "--until: expected a date like"),
        (["related", "nowhere.toml"], "nowhere.toml: no such file or folder"),
        (["related", DB, "--limit", "0"], "--limit: expected a number of 1 or more, got 0"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    healthy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.setenv("POSTMORTEM_DIR", str(healthy))
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("postmortem: ") and message in err
    assert err.count("\n") == 1


def test_a_missing_path_is_reported(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        capsys, "actions", str(healthy), str(healthy / "gone"), "--today", TODAY, "-f", "json"
    )
    assert status == 0 and len(json.loads(out)) == 7
    assert err == f"postmortem: {healthy / 'gone'}: no such file or folder\n"


# --- stats ----------------------------------------------------------------------------------


def test_stats_medians_and_percentiles(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "stats", str(healthy), "--today", TODAY, "--json")
    assert status == 0
    stats = json.loads(out)
    assert stats["incidents"] == 4
    (group,) = stats["groups"]
    assert group["key"] is None and group["incidents"] == 4
    got = {
        name: (m["count"], m["median_seconds"], m["p90_seconds"])
        for name, m in group["metrics"].items()
    }
    assert got == {
        # [1200, 3600, 7200]: median 3600; p90 at rank 1.8: 3600 + 0.8 * 3600
        "duration": (3, 3600, 6480),
        # [300, 600, 1800, 2700]: median (600 + 1800) / 2; p90 at 2.7: 1800 + 0.7 * 900
        "time_to_detect": (4, 1200, 2430),
        "trigger_to_detection": (1, 900, 900),
        # [120, 300, 600]: 300 + 0.8 * 300
        "time_to_acknowledge": (3, 300, 540),
        "time_to_mitigate": (3, 1800, 3240),
        "time_to_resolve": (3, 3600, 6480),
    }
    assert group["metrics"]["time_to_detect"]["formula"] == "detected - impact start"
    assert group["actions"] == {"open": 5, "overdue": 3}


def test_stats_by_severity_tag_service_and_month(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def groups(by: str, *flags: str) -> dict[str | None, tuple[int, int | None]]:
        status, out, _ = _run(
            capsys, "stats", str(healthy), "--today", TODAY, "--json", "--by", by, *flags
        )
        assert status == 0
        return {
            g["key"]: (g["incidents"], g["metrics"]["duration"]["median_seconds"])
            for g in json.loads(out)["groups"]
        }

    assert groups("severity") == {"P1": (2, 5400), "P2": (1, 1200), "P3": (1, None)}
    assert groups("tag") == {
        "cache": (1, 1200),
        "capacity": (1, 7200),
        "database": (2, 5400),
        None: (1, None),
    }
    assert groups("service") == {
        "checkout-api": (2, 5400),
        "edge": (1, None),
        "postgres": (1, 3600),
        "search-api": (1, 1200),
    }
    # February: [1200, 7200]
    assert groups("month") == {"2024-01": (1, 3600), "2024-02": (2, 4200), "2024-03": (1, None)}
    assert groups("month", "--since", "2024-02-01", "--until", "2024-02-29") == {
        "2024-02": (2, 4200)
    }


def test_stats_table_shows_formulas_and_no_mean(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "stats", str(healthy), "--today", TODAY)
    assert status == 0
    assert out.startswith("4 incidents.")
    assert "action items: 5 open, 3 overdue (on 2024-03-01)" in out
    line = next(row for row in out.splitlines() if row.strip().startswith("Time to detect"))
    assert line.split() == [
        "Time",
        "to",
        "detect",
        "4",
        "20",
        "min",
        "40",
        "min",
        "detected",
        "-",
        "impact",
        "start",
    ]
    assert "mean" not in out.replace("never means", "")


# --- related --------------------------------------------------------------------------------


def test_related_ranks_and_says_why(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "related", str(healthy / DB), str(healthy), "--json")
    assert status == 0
    assert json.loads(out) == [
        {
            "file": str(healthy / TIMEOUTS),
            "title": "Checkout timeouts from connection pool limits",
            "date": "2024-02-20",
            # one service (3) + one tag (2) + three words (1 each)
            "score": 8,
            "reasons": [
                "services: checkout-api",
                "tags: database",
                "words: checkout, connection, pool",
            ],
        },
        {
            "file": str(healthy / SEARCH),
            "title": "Search latency from cache stampede",
            "date": "2024-02-05",
            "score": 1,
            "reasons": ["words: connection"],
        },
    ]
    status, out, _ = _run(capsys, "related", str(healthy / DB), str(healthy), "--limit", "1")
    assert status == 0
    first, why = out.splitlines()
    assert first.split()[:2] == ["8", "2024-02-20"] and first.endswith(str(healthy / TIMEOUTS))
    assert (
        why.strip() == "services: checkout-api; tags: database; words: checkout, connection, pool"
    )


def test_related_of_a_draft_outside_the_folder(
    healthy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "new.toml"
    elsewhere.write_text(
        'format = 1\n[meta]\ntitle = "Search outage"\ntags = ["CACHE"]\n'
        "[summary]\ntext = 'Search down.'\n"
    )
    status, out, _ = _run(capsys, "related", str(elsewhere), str(healthy), "--json")
    assert status == 0
    (found,) = json.loads(out)
    assert found["title"] == "Search latency from cache stampede"
    assert found["score"] == 2 + 1  # the tag in another case, and "search"
    assert found["reasons"] == ["tags: cache", "words: search"]


# --- list -----------------------------------------------------------------------------------


def _titles(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    status, out, _ = _run(capsys, "list", "--json", *argv)
    assert status == 0
    return sorted(r["title"] for r in json.loads(out))


def test_list_search_words_and_phrases(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(healthy)
    both = [
        "Checkout database connection pool exhausted",
        "Checkout timeouts from connection pool limits",
    ]
    assert _titles(capsys, folder, "pool", "CONNECTION") == both
    assert _titles(capsys, folder, "connection pool") == both  # one argument: a phrase
    assert _titles(capsys, folder, '"pool exhausted"') == [both[0]]
    assert _titles(capsys, folder, "exhausted", "pool") == [both[0]]  # words in any order
    assert _titles(capsys, folder, "pool exhausted limits") == []
    assert _titles(capsys, folder, "warmup") == ["Search latency from cache stampede"]  # an action
    assert _titles(capsys, folder, "synthetic") == ["DNS resolution failure"]  # a timeline event


def test_list_filters(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(healthy)
    assert _titles(capsys, folder, "--tag", "capacity") == [
        "Checkout timeouts from connection pool limits"
    ]
    assert _titles(capsys, folder, "pool", "--service", "postgres") == [
        "Checkout database connection pool exhausted"
    ]
    assert _titles(capsys, folder, "--severity", "p1", "--status", "draft") == [
        "Checkout timeouts from connection pool limits"
    ]
    assert _titles(capsys, folder, "--since", "2024-02-05", "--until", "2024-02-20") == [
        "Checkout timeouts from connection pool limits",
        "Search latency from cache stampede",
    ]


def test_list_search_keeps_the_broken_draft_in_view(
    team: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "list", str(team), "stampede")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["TITLE", "DATE", "SEV", "STATUS", "PATH"]
    rows = sorted(line.split()[0] for line in lines[1:] if not line.startswith("    !"))
    assert rows == ["Search", "broken"]
    assert any(line.startswith("    ! line 3: meta.title: not valid TOML") for line in lines)


def test_list_no_match(healthy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "list", str(healthy), "kubernetes") == (0, "No drafts match.\n", "")


@pytest.mark.parametrize("command", ["actions", "stats", "related", "list"])
def test_help_imports_no_heavy_library(command: str) -> None:
    import subprocess
    import sys

    code = (
        "import contextlib, io, json, sys\nfrom postmortem_tui import cli\n"
        "out = io.StringIO()\nwith contextlib.redirect_stdout(out):\n"
        f"    try:\n        cli.main([{command!r}, '--help'])\n    except SystemExit:\n"
        "        pass\nprint(json.dumps([out.getvalue(), sorted(sys.modules)]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    text, modules = json.loads(done.stdout)
    assert text.startswith(f"usage: postmortem {command}")
    heavy = [
        m
        for m in modules
        if m.split(".")[0] in ("textual", "jinja2", "questionary", "attrs", "sqlite3")
    ]
    assert heavy == []


@given(st.one_of(st.none(), st.text(max_size=60)), st.integers(min_value=1, max_value=40))
def test_a_cell_on_one_line_is_the_text_with_its_whitespace_squeezed_and_cut(
    text: str | None, limit: int
) -> None:
    from postmortem_tui.team.common import one_line

    flat = " ".join((text or "").split())
    expected = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    assert one_line(text, limit) == expected
