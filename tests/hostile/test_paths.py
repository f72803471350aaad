"""Paths: names too long, ``export -o`` onto a draft or a special file, the wizard without a
terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from postmortem_tui import cli

FIXTURES = Path(__file__).parent.parent / "fixtures"
POSTMORTEM = Path(sys.executable).with_name("postmortem")
LONG = "x" * 300  # over the 255 bytes a file name may have


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    target = tmp_path / "a.toml"
    shutil.copy(FIXTURES / "api-outage.toml", target)
    return target


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", LONG],
        ["export", LONG],
        ["fmt", LONG],
        ["edit", LONG],
        ["check", f"{LONG}.toml"],
        ["export", f"{LONG}/{LONG}.toml"],
    ],
)
def test_a_name_too_long_is_a_message(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.endswith("the name is too long for the file system\n")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_an_output_name_too_long_is_a_message(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "export", str(draft), "-o", str(draft.parent / LONG))
    assert status == 2
    assert err.endswith(": cannot be written: the name is too long for the file system\n")


def test_export_does_not_replace_another_draft(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.toml"
    shutil.copy(draft, other)
    before = other.read_bytes()
    status, out, err = _run(capsys, "export", str(draft), "-o", str(other))
    assert status == 2 and out == ""
    assert err == (
        f"postmortem: {other} is a draft ('API Outage - Database Connection Pool Exhausted'); "
        f"the document would replace it. Write it elsewhere, e.g. -o {tmp_path / 'other.md'}, "
        "or add --force to replace the draft\n"
    )
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "other.toml"]
    assert _run(capsys, "export", str(draft), "-o", str(other), "--force")[0] == 0
    assert other.read_text(encoding="utf-8").startswith("# Postmortem: API Outage")


def test_export_replaces_an_earlier_export(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.md"
    out.write_text("an older export\n", encoding="utf-8")
    assert _run(capsys, "export", str(draft), "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# Postmortem: API Outage")


def test_export_into_a_fifo_writes_into_it(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    status = cli.main(["export", str(draft), "-o", str(fifo)])
    reader.join(timeout=30)
    capsys.readouterr()
    assert status == 0
    assert received and received[0].startswith(b"# Postmortem: API Outage")
    assert fifo.is_fifo()  # still the pipe, not a file put in its place


def test_export_to_dev_null_writes_into_it(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    assert _run(capsys, "export", str(draft), "-o", "/dev/null")[0] == 0
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_export_onto_a_folder_is_refused(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    status, _, err = _run(capsys, "export", str(draft), "-o", str(folder), "--force")
    assert status == 2
    assert (
        err
        == f"postmortem: {folder} is a folder; give a file name, e.g. -o {folder}/postmortem.md\n"
    )
    assert list(folder.iterdir()) == []


def test_export_through_a_file_as_folder_is_a_message(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "export", str(draft), "-o", f"{draft}/x.md")
    assert status == 2
    assert err.endswith("cannot be written: a part of the path is a file, not a folder\n")


def test_the_wizard_without_a_terminal_exits_with_the_reason(draft: Path, tmp_path: Path) -> None:
    env = {**os.environ, "POSTMORTEM_DIR": str(tmp_path / "drafts")}
    before = sorted(tmp_path.rglob("*"))
    for argv in (["edit", str(draft)], ["new"], [], ["resume"]):
        result = subprocess.run(
            [str(POSTMORTEM), *argv],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        assert result.returncode == 2, (argv, result.stderr)
        if argv != ["resume"]:  # no drafts to resume: says so first
            assert "the wizard needs a terminal on standard input" in result.stderr, argv
        assert "Traceback" not in result.stderr
    assert sorted(tmp_path.rglob("*")) == before  # nothing was created
