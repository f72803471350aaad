"""Control and escape characters in titles and file names are shown, never obeyed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui import cli
from postmortem_tui.core import display, store
from postmortem_tui.core.model import Draft
from postmortem_tui.prompts.session import say
from postmortem_tui.prompts.steps import short
from postmortem_tui.wizard.widgets.list_editor import clip

# Sets the window title, clears the screen, and turns text right to left.
HOSTILE_TITLE = "Outage\x1b]0;owned\x07 \x1b[2J\x9b31m \u202eevil\r"


def _has_controls(text: str) -> bool:
    return any(ch in text for ch in "\x1b\x07\x9b\u202e\r")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain title", "plain title"),
        ("a\x1b[31mred", "a\\u001b[31mred"),
        ("bell\x07", "bell\\u0007"),
        ("one\ntwo\tthree\r", "one\\ntwo\\tthree\\r"),
        ("c1 \x9b csi", "c1 \\u009b csi"),
        ("del\x7f", "del\\u007f"),
        ("\u202eabc\u2066", "\\u202eabc\\u2066"),
        ("emoji 👨‍👩‍👧 é 中文", "emoji 👨‍👩‍👧 é 中文"),  # a joiner inside an emoji is kept
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert display.printable(text) == shown


def test_printable_lines_keeps_line_breaks() -> None:
    assert display.printable_lines("a\x1b\nb\r\nc\rd") == "a\\u001b\nb\r\nc\\rd"


def _hostile_draft(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    draft = Draft.new(HOSTILE_TITLE, date=dt.date(2024, 1, 15))
    return store.create_draft_file(draft, folder).path


def test_list_shows_a_hostile_title_escaped(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_draft(isolated_dirs)
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Outage\\u001b]0;owned\\u0007" in out
    assert not _has_controls(out)


def test_check_shows_a_hostile_title_and_file_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_draft(tmp_path / "team")
    named = path.with_name("bad\x1b[2Jname.toml")
    path.rename(named)
    status = cli.main(["check", str(named)])
    captured = capsys.readouterr()
    assert status in (0, 1)
    assert "bad\\u001b[2Jname.toml" in captured.out
    assert not _has_controls(captured.out + captured.err)


def test_a_message_naming_a_hostile_file_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / "x\x1b]0;owned\x07.toml"
    named.write_text("not toml [", encoding="utf-8")
    for argv in (["check", str(named)], ["export", str(named)], ["fmt", str(named)]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "x\\u001b]0;owned\\u0007.toml" in err
        assert not _has_controls(err)


def test_the_prompts_show_titles_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    say(f"Editing {HOSTILE_TITLE}")
    assert short(HOSTILE_TITLE).startswith("Outage\\u001b]0;owned\\u0007")
    out = capsys.readouterr().out
    assert "Editing Outage\\u001b]0;owned" in out
    assert not _has_controls(out)
    assert not _has_controls(short(HOSTILE_TITLE)) and not _has_controls(clip(HOSTILE_TITLE))


@pytest.mark.parametrize("argv", [["list", "--json"], ["check", "--json"]])
def test_json_output_keeps_the_title_exactly(
    argv: list[str], isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = _hostile_draft(isolated_dirs)
    cli.main([*argv, str(path)] if argv[0] == "check" else argv)
    out = capsys.readouterr().out
    assert not _has_controls(out)
    data = json.loads(out)
    if argv[0] == "list":
        assert data[0]["title"] == HOSTILE_TITLE
    else:
        assert data[0]["file"] == str(path)


@given(st.text(alphabet=st.sampled_from("ab \n\r\t\x1b\x7f\x9b\u202e\u2028\ufeff✅"), max_size=30))
def test_printable_lines_passes_clean_text_through_and_escapes_the_rest(text: str) -> None:
    # The search that lets a clean report through must never let a control through.
    escaped = display._CONTROLS_BUT_NEWLINE.sub(display._escape, text)
    assert display.printable_lines(text) == escaped
