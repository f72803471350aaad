"""The command line: fmt, list, --version, --help, and one clear line for a bad draft."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postmortem_tui import __version__, cli
from postmortem_tui.core import model, store
from tests.unit.test_store import MALFORMED

POSTMORTEM = Path(sys.executable).parent / "postmortem"
"""The installed console script of this environment."""

COMMANDS = ["new", "edit", "resume", "demo", "fmt", "list", "export", "check"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _canonical(path: Path) -> bytes:
    return store.dumps_draft(store.read_draft(path).draft).encode()


# --- fmt ------------------------------------------------------------------------------------


def test_fmt_rewrites_then_has_nothing_to_do(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _canonical(example_path)
    assert example_path.read_bytes() != expected  # the example has a comment and `[]`
    assert _run(capsys, "fmt", str(example_path)) == (0, f"reformatted {example_path}\n", "")
    assert example_path.read_bytes() == expected
    assert _run(capsys, "fmt", str(example_path)) == (0, "", "")
    assert example_path.read_bytes() == expected


def test_fmt_does_not_touch_updated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.toml"
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    store.save_draft(model.Draft.new("T"), path, now=stamp)
    path.write_text(path.read_text().replace('title = "T"', 'title    =    "T"'))
    assert _run(capsys, "fmt", str(path))[0] == 0
    assert store.read_draft(path).draft.meta.updated == stamp


def test_fmt_check_reports_and_changes_nothing(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = example_path.read_bytes()
    status, out, err = _run(capsys, "fmt", "--check", str(example_path))
    assert (status, out, err) == (1, f"would reformat {example_path}\n", "")
    assert example_path.read_bytes() == before

    canonical = tmp_path / "canonical.toml"
    canonical.write_bytes(_canonical(example_path))
    assert _run(capsys, "fmt", "--check", str(canonical)) == (0, "", "")
    # one that would change among canonical ones still fails the check
    status, out, _ = _run(capsys, "fmt", "--check", str(canonical), str(example_path))
    assert status == 1 and out == f"would reformat {example_path}\n"


def test_fmt_keeps_unknown_keys_and_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.toml"
    path.write_text('format = 1\nfuture = "kept"\n[meta]\ntitle = "T"\nextra = 1\n')
    status, out, err = _run(capsys, "fmt", str(path))
    assert status == 0 and out == f"reformatted {path}\n"
    assert sorted(err.splitlines()) == [
        f"postmortem: warning: {path}: future: unknown key, kept as it is",
        f"postmortem: warning: {path}: meta.extra: unknown key, kept as it is",
    ]
    assert path.read_text() == (
        'format = 1\nfuture = "kept"\n\n[meta]\ntitle = "T"\nstatus = "draft"\n'
        'timezone = "UTC"\nextra = 1\n'
    )


@pytest.mark.parametrize(
    ("text", "key_path", "expected", "line"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
@pytest.mark.parametrize("command", [["fmt"], ["fmt", "--check"], ["edit"], ["export"], ["check"]])
def test_bad_draft_is_one_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    text: str,
    key_path: str,
    expected: str,
    line: int | None,
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    before = path.read_bytes(), path.stat().st_mtime_ns
    status, out, err = _run(capsys, *command, str(path))
    assert status == 2
    assert out == ""
    where = f"{path}:{line}" if line else str(path)
    assert err.startswith(f"postmortem: {where}: {key_path}: expected ")
    assert expected in err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'format = 1\n[meta]\ntitle = "T\n', "3: meta.title: not valid TOML"),
        (b'format = 1\n[meta]\ntitle = "caf\xe9"\n', "3: not UTF-8"),
        (b'format = 7\n[meta]\ntitle = "T"\n', "this file is format 7"),
    ],
)
def test_unreadable_drafts_are_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    status, out, err = _run(capsys, "fmt", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(f"postmortem: {path}:") and words in err
    assert err.count("\n") == 1
    assert path.read_bytes() == content


def test_fmt_goes_on_after_a_bad_draft(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n")
    status, out, err = _run(capsys, "fmt", str(bad), str(example_path), str(tmp_path / "no.toml"))
    assert status == 2
    assert out == f"reformatted {example_path}\n"
    assert err.splitlines() == [
        f"postmortem: {bad}: meta.title: expected a title: the [meta] table with a title is "
        "required",
        f"postmortem: {tmp_path / 'no.toml'}: no such file",
    ]


def test_installed_command_refuses_bad_draft_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('format = 1\n[meta]\ntitle = "T"\n\n[impact]\nusers_affected = "many"\n')
    before = path.read_bytes()
    for argv in (["fmt", str(path)], ["fmt", "--check", str(path)], ["edit", str(path)]):
        done = subprocess.run([str(POSTMORTEM), *argv], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, argv
        assert done.stdout == ""
        assert done.stderr == (
            f"postmortem: {path}:6: impact.users_affected: expected an integer, got a string\n"
        )
    assert path.read_bytes() == before


# --- list -----------------------------------------------------------------------------------


def _three_drafts(folder: Path) -> list[Path]:
    old = store.create_draft_file(
        model.Draft.new("Old outage", date=dt.date(2024, 1, 1), severity="P3"), folder
    ).path
    new = store.create_draft_file(
        model.Draft.new("New outage", date=dt.date(2023, 6, 1), severity="P1", status="complete"),
        folder,
    ).path
    bad = folder / "broken.toml"
    bad.write_text('format = 1\n[meta]\ntitle = "T"\nstatus = "done"\n')
    now = time.time()
    for age, path in ((300, old), (200, bad), (100, new)):
        os.utime(path, (now - age, now - age))
    return [new, bad, old]


def test_list_newest_first(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, bad, old = _three_drafts(isolated_dirs)
    status, out, err = _run(capsys, "list")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["TITLE", "DATE", "SEV", "STATUS", "PATH"]
    assert lines[1].split() == ["New", "outage", "2023-06-01", "P1", "complete", str(new)]
    assert lines[2].split() == ["broken", "unreadable", str(bad)]
    assert lines[3] == (
        '    ! line 4: meta.status: expected one of "draft", "in-review", "complete", got \'done\''
    )
    assert lines[4].split() == ["Old", "outage", "2024-01-01", "P3", "draft", str(old)]
    assert len(lines) == 5
    # the columns line up
    assert len({line.index(str(p)) for line, p in zip(lines[1:], [new, bad], strict=False)}) == 1


def test_list_json(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, bad, old = _three_drafts(isolated_dirs)
    status, out, _ = _run(capsys, "list", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [r["path"] for r in rows] == [str(new), str(bad), str(old)]
    assert rows[0] | {"modified": None} == {
        "path": str(new),
        "title": "New outage",
        "date": "2023-06-01",
        "severity": "P1",
        "status": "complete",
        "modified": None,
        "error": None,
    }
    assert dt.datetime.fromisoformat(rows[0]["modified"]).tzinfo is not None
    assert rows[1]["status"] == "unreadable"
    assert rows[1]["error"].startswith("line 4: meta.status: expected one of")


def test_list_dir_flag_beats_environment(
    tmp_path: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_drafts(isolated_dirs)
    other = tmp_path / "other"
    store.create_draft_file(model.Draft.new("Elsewhere", date=dt.date(2024, 2, 2)), other)
    status, out, _ = _run(capsys, "list", "--json", "--dir", str(other))
    assert status == 0
    assert [r["title"] for r in json.loads(out)] == ["Elsewhere"]
    status, out, _ = _run(capsys, "--dir", str(other), "list", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Elsewhere"]


def test_list_empty(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "list")
    assert status == 0
    assert out == f"No drafts in {isolated_dirs}. Start one with: postmortem new\n"
    assert _run(capsys, "list", "--json")[:2] == (0, "[]\n")


# --- version and help -----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"postmortem-tui {__version__}\n"


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_on_every_command(command: list[str]) -> None:
    done = subprocess.run(
        [str(POSTMORTEM), *command, "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith(f"usage: postmortem {' '.join(command)}".rstrip())
    if not command:
        for name in COMMANDS:
            assert name in done.stdout


def test_version_of_installed_command() -> None:
    done = subprocess.run([str(POSTMORTEM), "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"postmortem-tui {__version__}\n")


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--version"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, f"postmortem-tui {__version__}\n")


@pytest.mark.parametrize("command", [["fmt"], ["list"], ["export"], ["check"], ["new"]])
def test_subcommand_help_imports_no_heavy_library(command: list[str]) -> None:
    code = (
        "import contextlib, io, json, sys\nfrom postmortem_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try:\n        cli.main({[*command, '--help']!r})\n    except SystemExit:\n"
        "        pass\nprint(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy = sorted(
        m
        for m in json.loads(done.stdout)
        if m.split(".")[0] in ("textual", "jinja2", "questionary", "prompt_toolkit", "rich")
    )
    assert heavy == []


def test_usage_error_is_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["fmt"])
    assert caught.value.code == 2
    assert "the following arguments are required: DRAFT" in capsys.readouterr().err


def test_list_puts_a_multi_line_title_on_one_line(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.create_draft_file(
        model.Draft.new("Two\nlines\tand a tab", date=dt.date(2024, 1, 1)), isolated_dirs
    )
    status, out, _ = _run(capsys, "list")
    assert status == 0
    assert out.splitlines()[1].startswith("Two lines and a tab  2024-01-01")


def test_fmt_leaves_a_draft_open_elsewhere_alone(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = example_path.read_bytes()
    with store.DraftLock(example_path):
        status, out, err = _run(capsys, "fmt", str(example_path))
    assert (status, out) == (2, "")
    assert err == f"postmortem: {example_path}: is open in postmortem (pid {os.getpid()})\n"
    assert example_path.read_bytes() == before
    assert not store.DraftLock(example_path).lock_path.exists()
    assert _run(capsys, "fmt", str(example_path))[0] == 0
    assert not store.DraftLock(example_path).lock_path.exists()


def test_draft_error_from_any_command_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def fails(_args: object) -> int:
        raise store.DraftError(tmp_path / "x.toml", "could not be saved: the disk is full")

    monkeypatch.setattr(cli, "cmd_list", fails)
    status, out, err = _run(capsys, "list")
    assert (status, out) == (2, "")
    assert err == f"postmortem: {tmp_path / 'x.toml'}: could not be saved: the disk is full\n"


def test_closed_pipe_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def reader_left(_args: object) -> int:
        raise BrokenPipeError

    dup2_calls = []
    monkeypatch.setattr(cli, "cmd_list", reader_left)
    monkeypatch.setattr(os, "dup2", lambda fd, fd2: dup2_calls.append(fd2))
    assert cli.main(["list"]) == 0
    assert len(dup2_calls) == 1


def test_other_errors_are_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(_args: object) -> int:
        raise ZeroDivisionError

    monkeypatch.setattr(cli, "cmd_list", bug)
    with pytest.raises(ZeroDivisionError):
        cli.main(["list"])


@pytest.mark.parametrize("suffix", ["", ".toml"])
def test_export_check_and_fmt_take_a_name_in_the_drafts_folder(
    isolated_dirs: Path, example_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    # As `edit` does: a bare name (with or without .toml) is looked up in the drafts folder.
    isolated_dirs.mkdir(parents=True)
    target = isolated_dirs / "2024-01-15-api-outage.toml"
    target.write_bytes(example_path.read_bytes())
    name = "2024-01-15-api-outage" + suffix
    status, out, err = _run(capsys, "export", name)
    assert (status, err) == (0, "") and out.startswith("# Postmortem: API Outage")
    status, out, err = _run(capsys, "check", name)
    assert (status, err) == (1, "") and out.startswith(f"{target}: incomplete")
    status, out, err = _run(capsys, "fmt", "--check", name)
    assert err == "" and status in (0, 1)
    status, out, err = _run(capsys, "check", "--json", "no-such-draft")
    assert status == 2 and err == "postmortem: no-such-draft: no such file\n"


def test_new_takes_a_severity_of_the_scale_in_any_case(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[dict[str, object]] = []

    def start(args: object, *_: object, **kwargs: object) -> int:
        started.append(kwargs)
        return 0

    monkeypatch.setattr(cli, "_wizard_or_plain", start)
    assert _run(capsys, "new", "--severity", "p1") == (0, "", "")
    assert started[-1]["severity"] == "P1"
    status, out, err = _run(capsys, "new", "--severity", "P9")
    assert (status, out) == (2, "")
    assert err == "postmortem: --severity: expected one of P1, P2, P3, P4, P5, got 'P9'\n"
    assert len(started) == 1, "nothing starts with a severity off the scale"


def test_new_severity_follows_the_team_scale(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(os.environ["POSTMORTEM_CONFIG"]).write_text(
        '[severities]\nSEV1 = "Outage"\nSEV2 = "Degraded"\n', encoding="utf-8"
    )
    started: list[dict[str, object]] = []

    def start(args: object, *_: object, **kwargs: object) -> int:
        started.append(kwargs)
        return 0

    monkeypatch.setattr(cli, "_wizard_or_plain", start)
    assert _run(capsys, "new", "--severity", "sev2")[0] == 0
    assert started == [{"path": None, "new": True, "title": None, "severity": "SEV2"}]
    assert _run(capsys, "new", "--severity", "P1")[2].endswith("one of SEV1, SEV2, got 'P1'\n")


def test_export_refuses_to_write_over_its_own_draft(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = example_path.read_bytes()
    same = example_path.parent / "." / example_path.name  # another spelling of the same file
    status, out, err = _run(capsys, "export", str(example_path), "-o", str(same))
    assert (status, out) == (2, "")
    assert err == (
        f"postmortem: {same} is the draft itself; write the document elsewhere, "
        f"e.g. -o {same.with_suffix('.md')}\n"
    )
    assert example_path.read_bytes() == before
    status, _, _ = _run(capsys, "export", str(example_path), "-o", str(example_path) + ".md")
    assert status == 0


def test_fmt_refuses_a_read_only_draft(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(example_path, 0o444)
    before = example_path.read_bytes()
    status, out, err = _run(capsys, "fmt", str(example_path))
    assert status == 2 and out == ""
    assert err == (
        f"postmortem: {example_path}: is read-only on disk (no write permission); not rewritten\n"
    )
    assert example_path.read_bytes() == before


def test_fmt_on_a_full_disk_is_one_message(
    example_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full(p: object, flags: int, *args: object) -> int:
        if str(p).endswith(".lock"):
            raise OSError(28, "No space left on device", str(p))
        return real_open(p, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    before = example_path.read_bytes()
    status, _, err = _run(capsys, "fmt", str(example_path))
    assert status == 2
    assert err == (f"postmortem: {example_path}: cannot be locked for editing: the disk is full\n")
    assert example_path.read_bytes() == before


def test_demo_opens_the_same_copy_unless_asked_for_a_fresh_one(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def wizard(args: object, loaded: store.LoadedDraft | None = None, **kwargs: object) -> int:
        assert loaded is not None
        opened.append(loaded.path)
        return 0

    monkeypatch.setattr(cli, "_wizard_or_plain", wizard)
    assert _run(capsys, "demo")[0] == 0
    assert _run(capsys, "demo")[0] == 0
    assert opened[0] == opened[1] == isolated_dirs / cli.DEMO_NAME
    assert _run(capsys, "demo", "--fresh")[0] == 0
    assert opened[2] != opened[0] and opened[2].parent == isolated_dirs
    assert len(list(isolated_dirs.glob("*.toml"))) == 2
