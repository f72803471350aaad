"""Kept outputs: a team command run again with nothing changed prints what it printed before,
byte for byte, without reading the index's entries; any change to what it reads gives a
fresh answer, the same as with no index at all."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui import cli
from postmortem_tui.core import paths
from postmortem_tui.team import index

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "team"
TODAY = "2024-03-01"
DB = "2024-01-10-checkout-db.toml"
HOUR_NS = 3600 * 10**9


def _age(path: Path, by_ns: int = HOUR_NS) -> None:
    stamp = time.time_ns() - by_ns
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """The sample folder (a broken draft among four), last modified an hour ago."""
    folder = tmp_path / "postmortems"
    shutil.copytree(SAMPLE, folder)
    for path in folder.iterdir():
        _age(path)
    return folder


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per scan of the drafts (a kept output needs none)."""
    seen: list[int] = []
    real = index.scan

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        return real(*args, **kwargs)

    # Every module that holds its own name for it, whether or not a test before imported it.
    monkeypatch.setattr(index, "scan", spy)
    monkeypatch.setattr("postmortem_tui.team.common.scan", spy)
    monkeypatch.setattr("postmortem_tui.team.related.scan", spy)
    return seen


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _commands(folder: Path) -> list[list[str]]:
    target = str(folder / DB)
    return [
        ["list", str(folder)],
        ["list", str(folder), "connection pool", "--json"],
        ["list", str(folder), "--strict"],
        ["actions", str(folder), "--today", TODAY],
        ["actions", str(folder), "--today", TODAY, "-f", "json", "--open"],
        ["actions", str(folder), "--today", TODAY, "-f", "csv", "--fail-on-overdue"],
        ["actions", str(folder), "--today", TODAY, "-f", "markdown", "--strict"],
        ["stats", str(folder), "--today", TODAY],
        ["stats", str(folder), "--today", TODAY, "--by", "service", "--json"],
        ["related", target, str(folder)],
        ["related", target, str(folder), "--json", "--limit", "1"],
    ]


def test_run_again_prints_the_same_without_a_scan(
    team: Path, scans: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in _commands(team):
        scans.clear()
        first = _run(capsys, argv)
        assert scans, argv
        scans.clear()
        again = _run(capsys, argv)
        assert again == first, argv
        assert scans == [], argv
    # The broken draft's message and the strict run's exit status are kept with the output.
    strict = _run(capsys, ["list", str(team), "--strict"])
    assert strict[0] == 2 and "broken.toml" in strict[1]
    problems = _run(capsys, ["actions", str(team), "--today", TODAY, "--strict"])
    assert problems[0] == 2 and "broken.toml:3: " in problems[2]


def test_a_kept_output_is_what_a_run_with_no_index_prints(
    team: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in _commands(team):
        _run(capsys, argv)
        kept = _run(capsys, argv)
        index.discard(paths.index_file())
        assert _run(capsys, argv) == kept, argv


def _edit(path: Path, old: str, new: str) -> None:
    """Change a draft and date it an hour back, as a checkout of another commit would."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    _age(path)


@pytest.mark.parametrize(
    "change",
    ["edit", "touch", "delete", "add", "another day", "other arguments", "configuration"],
)
def test_any_change_gives_a_fresh_answer(
    team: Path,
    change: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["actions", str(team), "--today", TODAY, "-f", "json"]
    before = _run(capsys, argv)
    assert _run(capsys, argv) == before
    if change == "edit":
        _edit(team / DB, "Alert on pool usage", "Alert on pool saturation")
    elif change == "touch":
        # The same bytes and the same modification time: only the change time moves.
        stat = (team / DB).stat()
        (team / DB).write_bytes((team / DB).read_bytes())
        os.utime(team / DB, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif change == "delete":
        (team / DB).unlink()
    elif change == "add":
        shutil.copy(team / DB, team / "copy.toml")
        _age(team / "copy.toml")
    elif change == "another day":
        argv[3] = "2024-03-02"
    elif change == "other arguments":
        argv.append("--open")
    else:
        config = tmp_path / "config.toml"
        config.write_text("[drafts]\nsize_limit = 100\n")  # every draft is now too large
        monkeypatch.setenv("POSTMORTEM_CONFIG", str(config))
    after = _run(capsys, argv)
    index.discard(paths.index_file())
    assert _run(capsys, argv) == after  # what a run with no index gives
    if change != "touch":
        assert after != before


def test_a_draft_changed_within_the_clock_tick_is_never_answered_from_a_kept_output(
    team: Path, scans: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["stats", str(team), "--today", TODAY]
    _run(capsys, argv)
    os.utime(team / DB)  # now: its times cannot tell a later edit apart
    scans.clear()
    _run(capsys, argv)
    _run(capsys, argv)
    assert scans == [1, 1]
    with sqlite3.connect(paths.index_file()) as connection:
        kept = connection.execute("SELECT count(*) FROM outputs").fetchone()[0]
    assert kept == 1  # the first run's, under a key no run finds now


def test_a_damaged_kept_output_is_not_trusted(
    team: Path, scans: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["actions", str(team), "--today", TODAY]
    first = _run(capsys, argv)
    with sqlite3.connect(paths.index_file()) as connection:
        connection.execute("UPDATE outputs SET problems = '[1, 2]', text = 'forged'")
    scans.clear()
    assert _run(capsys, argv) == first
    assert scans == [1]
    with sqlite3.connect(paths.index_file()) as connection:
        connection.execute("UPDATE outputs SET status = 'zero'")
    assert _run(capsys, argv) == first
    paths.index_file().write_bytes(b"not a database, not even close" * 100)
    assert _run(capsys, argv) == first


def test_only_the_latest_outputs_are_kept(
    team: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "KEPT_OUTPUTS", 3)
    for day in range(1, 8):
        _run(capsys, ["stats", str(team), "--today", f"2024-03-{day:02}"])
    with sqlite3.connect(paths.index_file()) as connection:
        assert connection.execute("SELECT count(*) FROM outputs").fetchone()[0] == 3


def test_an_output_too_long_to_keep_is_printed_all_the_same(
    team: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "KEPT_OUTPUT_CHARS", 10)
    first = _run(capsys, ["list", str(team)])
    assert _run(capsys, ["list", str(team)]) == first
    with sqlite3.connect(paths.index_file()) as connection:
        assert connection.execute("SELECT count(*) FROM outputs").fetchone()[0] == 0


def test_a_draft_added_while_a_command_runs_is_not_in_what_it_keeps(
    team: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run reads the files its key was made of: a file that comes and goes meanwhile is in
    neither, so the kept output stays true of the folder the key describes."""
    argv = ["list", str(team)]
    real = index.scan

    def scan_after_a_copy(*args: Any, **kwargs: Any) -> Any:
        shutil.copy(team / DB, team / "arrived.toml")
        _age(team / "arrived.toml")
        return real(*args, **kwargs)

    monkeypatch.setattr("postmortem_tui.team.common.scan", scan_after_a_copy)
    during = _run(capsys, argv)
    monkeypatch.setattr("postmortem_tui.team.common.scan", real)
    assert "arrived" not in during[1]
    with_it = _run(capsys, argv)
    assert "arrived" in with_it[1]
    (team / "arrived.toml").unlink()
    assert _run(capsys, argv) == during
    index.discard(paths.index_file())
    assert _run(capsys, argv) == during


def test_related_answers_afresh_when_its_draft_outside_the_folder_changes(
    team: Path, tmp_path: Path, scans: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    target = elsewhere / "draft.toml"
    shutil.copy(team / DB, target)
    _age(target)
    argv = ["related", str(target), str(team), "--json"]
    first = _run(capsys, argv)
    scans.clear()
    assert _run(capsys, argv) == first
    assert scans == []
    _edit(target, "connection pool", "DNS resolver")
    after = _run(capsys, argv)
    assert scans and after != first  # read afresh: the draft and the folder
    index.discard(paths.index_file())
    assert _run(capsys, argv) == after
