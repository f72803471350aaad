"""Every hostile draft through every command that reads drafts: exit 2, one line naming the
file and the place, the file unchanged, nothing written, and each run bounded."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from postmortem_tui import cli
from postmortem_tui.core.display import printable

from .bounds import hard_bound
from .corpus import ANY_LINE, CASES, SIZE_LIMIT, WRONG_TYPES, Case

COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{draft}"],
    "check-json": ["check", "--json", "{draft}"],
    "export": ["export", "{draft}"],
    "export-json": ["export", "-f", "json", "{draft}"],
    "export-html": ["export", "-f", "html", "{draft}"],
    "export-to-file": ["export", "-o", "out.md", "{draft}"],
    "fmt": ["fmt", "{draft}"],
    "fmt-check": ["fmt", "--check", "{draft}"],
    "edit": ["edit", "{draft}"],
    "edit-plain": ["edit", "--plain", "{draft}"],
    "note": ["note", "{draft}", "Rolled back the deploy"],
    "import": ["import", "{draft}", "{source}"],
    "related": ["related", "{draft}"],
}
READS_ITS_FIELDS_ONLY = {"related"}
"""Commands that, like list, read the fields they use (through the folder index) and need not
check every other field's type."""
PLACE_AS_DETAIL = {"related"}
"""Commands that give the place after the file name, as list does: ``FILE: line 3: ...``."""


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """What is in ``folder``: each entry's type, mtime and (for a regular file) bytes."""
    found = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        data = entry.read_bytes() if stat.S_ISREG(info.st_mode) else None
        found[entry.name] = (stat.S_IFMT(info.st_mode), info.st_mtime_ns, data)
    return found


def _make(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}.toml"
    if case.make is not None:
        case.make(path)
    else:
        assert case.data is not None
        path.write_bytes(case.data)
    return path


@pytest.fixture
def folder(isolated_dirs: Path) -> Path:
    """The drafts folder, with the corpus's size limit in the configuration file."""
    isolated_dirs.mkdir(parents=True)
    Path(os.environ["POSTMORTEM_CONFIG"]).write_text(
        f"[drafts]\nsize_limit = {SIZE_LIMIT}\n", encoding="utf-8"
    )
    return isolated_dirs


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_no_command_accepts_or_changes_a_hostile_draft(
    case: Case,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder)  # "-o out.md" would land here
    source = folder.parent / "events.csv"  # what import would add, outside the folder
    source.write_text("time,event\n2024-01-15T14:00:00Z,Deployed\n", encoding="utf-8")
    path = _make(case, folder)
    before = _snapshot(folder)
    shown = printable(str(path))
    for command, argv in COMMANDS.items():
        if command in READS_ITS_FIELDS_ONLY and case in WRONG_TYPES:
            continue
        filled = [arg.format(draft=path, source=source) for arg in argv]
        with hard_bound(30):
            status = cli.main(filled)
        out, err = capsys.readouterr()
        where = f"{case.name} through {command}"
        assert status == 2, f"{where}: exit {status}\n{err}"
        assert out in ("", "[]\n"), f"{where} printed {out[:200]!r}"
        assert err.count("\n") == 1, f"{where}: not one line:\n{err[:2000]}"
        assert err.startswith(f"postmortem: {shown}"), f"{where}: {err[:300]}"
        at = r": line (\d+): " if command in PLACE_AS_DETAIL else r":(\d+): "
        place = re.match(rf"postmortem: {re.escape(shown)}{at}", err)
        if case.line == ANY_LINE:
            assert place, f"{where}: {err[:300]}"
        elif case.line is not None:
            assert place and int(place.group(1)) == case.line, f"{where}: {err[:300]}"
        assert len(err) < 500, f"{where}: a message of {len(err)} characters"
        assert _snapshot(folder) == before, f"{where} changed or wrote a file"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_list_names_a_hostile_draft_and_goes_on(
    case: Case, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _make(case, folder)
    (folder / "fine.toml").write_bytes(
        (Path(__file__).parent.parent / "fixtures" / "api-outage.toml").read_bytes()
    )
    before = _snapshot(folder)
    with hard_bound(30):
        status = cli.main(["list"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "API Outage - Database Connection Pool Exhausted" in out
    assert "Traceback" not in err
    # list reads what it shows (title, date, severity, status) and need not check every other
    # field's type; anything that is not TOML, not text or too large it names as unreadable.
    if path.is_file() and not path.is_symlink() and case not in WRONG_TYPES:
        # A file that is a draft's name but not a draft is listed as unreadable, with why.
        assert f"unreadable  {printable(str(path))}" in out, out
        row = out.splitlines().index(
            next(line for line in out.splitlines() if line.endswith(printable(str(path))))
        )
        reason = out.splitlines()[row + 1]
        assert reason.startswith("    ! ")
        if case.line == ANY_LINE:
            assert re.match(r"    ! line \d+: ", reason), reason
        elif case.line is not None:
            assert reason.startswith(f"    ! line {case.line}: "), reason
        assert len(reason) < 500
    assert _snapshot(folder) == before
