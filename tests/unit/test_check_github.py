"""``postmortem check --format github``: workflow commands with the line of each key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from postmortem_tui import cli
from postmortem_tui.review.github import command

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COMMAND = re.compile(r"^::(error|warning) file=([^,]*)(?:,line=(\d+))?,title=([^:]*)::(.*)$")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    status = cli.main(["check", "--format", "github", *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def _parsed(lines: list[str]) -> list[tuple[str, str, int | None, str, str]]:
    found = []
    for line in lines[:-1]:
        match = COMMAND.match(line)
        assert match, line
        level, file, number, title, message = match.groups()
        found.append((level, file, int(number) if number else None, title, message))
    return found


@pytest.fixture
def blaming(tmp_path: Path) -> Path:
    """The worked example with one blaming sentence on the last line of its multi-line summary."""
    path = tmp_path / "blaming.toml"
    text = (FIXTURES / "api-outage.toml").read_text()
    text = text.replace(
        'deployment v2.3.4."""',
        'deployment v2.3.4. \\\nJane forgot to release the database connection."""',
    )
    path.write_text(text)
    return path


def _line_of(path: Path, words: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if words in line:
            return number
    raise AssertionError(words)


def test_findings_and_unmet_items_point_at_their_lines(
    blaming: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines, err = _run(capsys, str(blaming))
    assert status == 1 and err == ""
    found = _parsed(lines)
    assert lines[-1] == "1 draft: 1 incomplete"
    by_title = {title: (level, line, message) for level, _, line, title, message in found}
    assert by_title["Checklist%3A Document shared widely"] == (
        "warning",
        _line_of(blaming, "shared_with = []"),
        "not shared with anyone yet (review.shared_with is empty)",
    )
    blame = [f for f in found if f[3].startswith("Blameless%3A ")]
    assert blame, found
    level, file, line, _, message = blame[0]
    assert (level, file) == ("warning", str(blaming))
    assert line == _line_of(blaming, "Jane forgot")  # the line of the words, not of the key
    assert "Jane forgot" in message


def test_strict_makes_unmet_items_errors(blaming: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = _run(capsys, "--strict", str(blaming))
    assert status == 1
    levels = {title: level for level, _, _, title, _ in _parsed(lines)}
    assert levels["Checklist%3A Follow-up scheduled"] == "error"
    assert {level for title, level in levels.items() if title.startswith("Blameless")} == {
        "warning"
    }


def test_complete_draft_gives_no_command_and_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "done.toml"
    text = (FIXTURES / "api-outage.toml").read_text()
    path.write_text(
        text.replace("shared_with = []", 'shared_with = ["eng-all"]\nfollow_up = 2024-02-15')
    )
    status, lines, _ = _run(capsys, str(path))
    assert (status, lines) == (0, ["1 draft: 1 complete"])


def test_an_unreadable_draft_is_an_error_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "team"
    shutil.copytree(FIXTURES / "team", folder)
    status, lines, _ = _run(capsys, str(folder))
    assert status == 2
    errors = [f for f in _parsed(lines) if f[0] == "error"]
    assert errors == [
        (
            "error",
            str(folder / "broken.toml"),
            3,
            "Draft cannot be read",
            'meta.title: not valid TOML: the text has no closing "; expected "..." on one '
            'line, or """...""" for text over several lines',
        )
    ]
    assert lines[-1] == "5 drafts: 4 incomplete, 1 could not be read"


def test_an_action_item_without_owner_points_at_that_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        'format = 1\n[meta]\ntitle = "T"\n\n[[action_items]]\naction = "A"\nowner = "Ops"\n'
        'due = 2024-01-01\n\n[[action_items]]\naction = "B"\ndue = 2024-01-02\n'
    )
    status, lines, _ = _run(capsys, str(path))
    assert status == 1
    (owners,) = [f for f in _parsed(lines) if "Action items" in f[3]]
    assert owners[2] == 11 and owners[4] == "1 action item without an owner: #2"


def test_commands_are_escaped() -> None:
    assert command("warning", "a,b:c.toml", "50% done\nnext", line=3, title="T: x, y") == (
        "::warning file=a%2Cb%3Ac.toml,line=3,title=T%3A x%2C y::50%25 done%0Anext"
    )
