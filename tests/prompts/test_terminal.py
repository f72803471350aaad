"""The installed command in a real pseudo-terminal, the way a person types at it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.core import store
from postmortem_tui.core.model import Draft

from .keys import CLEAR, CTRL_C, DOWN, ENTER

pexpect = pytest.importorskip("pexpect")

POSTMORTEM = Path(sys.executable).with_name("postmortem")
TIMEOUT = 60
"""Generous: CI runs these on two cores beside the other tests."""


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)  # with the test's isolated folders
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
    # pexpect's terminal never answers prompt_toolkit's cursor position request; without this
    # prompt_toolkit waits for the answer and then prints a warning into the conversation.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.update(extra)
    return env


def _spawn(
    *args: str, rows: int = 40, columns: int = 120, term: str = "xterm-256color"
) -> pexpect.spawn:
    return pexpect.spawn(
        str(POSTMORTEM),
        list(args),
        env=_env(TERM=term),
        dimensions=(rows, columns),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def _finish(child: pexpect.spawn) -> tuple[int | None, str]:
    child.expect(pexpect.EOF)
    before = child.before
    child.close()
    return child.exitstatus, before


@pytest.mark.e2e
def test_bad_answer_then_ctrl_c_in_a_real_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = _spawn("new", "--plain", "--dir", str(folder))
    try:
        child.expect("Title of the incident")
        child.send("Disk full on db-1" + ENTER)  # answer 1
        child.expect("Edit Summary")
        child.send(ENTER)
        child.expect("Date the incident began")
        child.send(CLEAR + "2024-13-45" + ENTER)
        child.expect("Expected a date like 2024-01-15")  # the reason, and the question stays
        child.send(CLEAR + "2024-03-10" + ENTER)  # answer 2
        child.expect("Severity")
        child.send(CTRL_C)
        status, output = _finish(child)
    finally:
        child.close(force=True)
    assert status == 130
    [path] = sorted(folder.glob("*.toml"))
    assert f"postmortem edit {path} --plain" in " ".join(output.split())
    assert "Traceback" not in output
    meta = store.read_draft(path).draft.meta
    assert (meta.title, meta.date.isoformat() if meta.date else None) == (
        "Disk full on db-1",
        "2024-03-10",
    )
    assert meta.severity is None


@pytest.mark.e2e
def test_the_date_chosen_for_a_time_shows_while_it_is_typed(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = _spawn("new", "--plain", "--dir", str(folder), "--title", "Night outage")
    try:
        child.expect("Edit Summary")
        child.send(DOWN + ENTER)  # skip Summary
        child.expect("Fill in Impact")
        child.send(ENTER)
        child.expect("impact start")
        child.send("23:50")
        child.expect("the incident's date")  # shown before Enter, under the question
        child.send(ENTER)
        child.expect("impact end")
        child.send("00:20")
        child.expect("next day")
        child.send(" -1")
        child.expect("same")  # the terminal is sent only what changed: "next" -> "same"
        child.send(ENTER)
        child.expect("Users affected")
        child.send(CTRL_C)
        status, output = _finish(child)
    finally:
        child.close(force=True)
    assert status == 130
    [path] = sorted(folder.glob("*.toml"))
    impact = store.read_draft(path).draft.impact
    assert impact.start is not None and impact.end is not None
    assert impact.end < impact.start  # moved a day back, as typed: check reports it
    assert "Traceback" not in output


@pytest.mark.e2e
def test_finish_later_in_a_real_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = _spawn(
        "new", "--plain", "--dir", str(folder), "--title", "Queue stuck", "--severity", "P2"
    )
    try:
        child.expect("Edit Summary")
        child.send(DOWN + DOWN + ENTER)  # finish later
        status, output = _finish(child)
    finally:
        child.close(force=True)
    assert status == 0
    [path] = sorted(folder.glob("*.toml"))
    assert "--plain" in output
    meta = store.read_draft(path).draft.meta
    assert (meta.title, meta.severity) == ("Queue stuck", "P2")


@pytest.mark.e2e
def test_a_small_terminal_suggests_plain(tmp_path: Path) -> None:
    child = _spawn("--dir", str(tmp_path / "drafts"), rows=20, columns=60)
    try:
        status, output = _finish(child)
    finally:
        child.close(force=True)
    assert status == 2
    assert "postmortem new --plain" in output


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(POSTMORTEM), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(**env),
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("args", [["new", "--plain"], ["--plain"], ["resume", "--plain"]])
def test_plain_without_a_terminal_explains_and_exits_2(tmp_path: Path, args: list[str]) -> None:
    if args[0] == "resume":  # resume needs a draft to get as far as the prompts
        store.create_draft_file(Draft.new("Old"), tmp_path / "drafts")
    result = _run(*args, "--dir", str(tmp_path / "drafts"))
    assert result.returncode == 2
    assert "--plain asks questions and needs a terminal on standard input" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dumb_terminal_suggests_plain(tmp_path: Path) -> None:
    result = _run("--dir", str(tmp_path / "drafts"), TERM="dumb")
    assert result.returncode == 2
    assert "postmortem new --plain" in result.stderr
