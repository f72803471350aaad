"""``check`` keeps each draft's review by the draft's content: a second run reviews only what
changed, prints exactly what a first run prints, and a cache that is gone, damaged, tampered
with or unwritable changes no result."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui import cli
from postmortem_tui.core.config import Config
from postmortem_tui.core.store import read_draft
from postmortem_tui.review import cache, report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BLAME = 'deployment v2.3.4."""'
FORMS = {"text": [], "json": ["--json"], "github": ["--format", "github"]}


def _folder(tmp_path: Path, count: int = 6) -> Path:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    text = (FIXTURES / "api-outage.toml").read_text()
    for n in range(count):
        draft = text.replace("API Outage - Database Connection Pool Exhausted", f"Incident {n}")
        if n % 2 == 0:  # findings in the output
            draft = draft.replace(BLAME, 'deployment v2.3.4. Kevin forgot to check it."""')
        (folder / f"2024-01-{n + 1:02}-incident.toml").write_text(draft)
    (folder / "2024-02-01-broken.toml").write_text("title = [broken\n")
    return folder


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the drafts ``check`` reviews (rather than finds kept)."""
    calls: list[int] = []
    review = report.review_draft

    def counted(draft: Any, config: Any = None) -> report.DraftReview:
        calls.append(1)
        return review(draft, config)

    monkeypatch.setattr(report, "review_draft", counted)
    import postmortem_tui.review.github as github

    monkeypatch.setattr(github, "review_draft", counted)
    return calls


def _entries() -> int:
    with sqlite3.connect(cache.cache_file()) as connection:
        return int(connection.execute("SELECT count(*) FROM reviews").fetchone()[0])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_second_run_reviews_nothing_and_prints_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    folder = _folder(tmp_path)
    calls = _counting(monkeypatch)
    first = _check(capsys, str(folder), *FORMS[form])
    assert len(calls) == 6  # the broken draft is not reviewed
    assert _entries() == 6
    second = _check(capsys, str(folder), *FORMS[form])
    assert len(calls) == 6
    assert second == first
    assert first[0] == 2  # a draft cannot be read, and still says so
    assert "broken" in (first[1] + first[2])


def test_an_edited_draft_is_reviewed_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    _check(capsys, str(folder))
    calls = _counting(monkeypatch)
    path = folder / "2024-01-02-incident.toml"
    path.write_text(path.read_text().replace(BLAME, 'deployment v2.3.4. Dana was careless."""'))
    _, out, _ = _check(capsys, str(folder))
    assert len(calls) == 1
    report_of = out.split(f"{path}:")[1].split("\n\n")[0]
    assert "careless" in report_of


def test_the_same_content_elsewhere_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh checkout of the same drafts (a CI job that restores the cache folder).
    folder = _folder(tmp_path)
    _check(capsys, str(folder))
    moved = tmp_path / "checkout"
    folder.rename(moved)
    calls = _counting(monkeypatch)
    _, out, _ = _check(capsys, str(moved))
    assert calls == []
    assert str(moved / "2024-01-01-incident.toml") in out
    assert str(folder) not in out


def test_a_changed_configuration_reviews_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    _, before, _ = _check(capsys, str(folder))
    assert "Kevin" in before
    Path(os.environ["POSTMORTEM_CONFIG"]).write_text('[review]\nallowed_words = ["forgot"]\n')
    calls = _counting(monkeypatch)
    _, after, _ = _check(capsys, str(folder))
    assert len(calls) == 6
    assert after != before


def test_a_damaged_cache_file_is_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder))
    cache.cache_file().write_bytes(b"this is not an SQLite file" * 100)
    assert _check(capsys, str(folder)) == first
    assert _entries() == 6


@pytest.mark.parametrize(
    "entry",
    [
        "{not json",
        "[]",
        '{"warnings": [], "checklist": "x", "metrics": [], "problems": [], "findings": []}',
        '{"warnings": [1], "checklist": [], "metrics": [], "problems": [], "findings": []}',
        '{"warnings": [], "checklist": [], "metrics": [], "problems": [], "findings": []}',
    ],
)
def test_an_entry_of_the_wrong_shape_is_never_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str
) -> None:
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder), "--json")
    with sqlite3.connect(cache.cache_file()) as connection:
        connection.execute("UPDATE reviews SET entry = ?", (entry,))
    assert _check(capsys, str(folder), "--json") == first


def test_a_field_of_the_wrong_type_is_never_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder))
    with sqlite3.connect(cache.cache_file()) as connection:
        rows = connection.execute("SELECT key, entry FROM reviews").fetchall()
        for key, text in rows:
            data = json.loads(text)
            item = data["checklist"][0]
            item["ok"] = int(not item["ok"])  # the other answer, as a number
            connection.execute(
                "UPDATE reviews SET entry = ? WHERE key = ?", (json.dumps(data), key)
            )
    assert _check(capsys, str(folder)) == first


def test_an_unusable_cache_folder_changes_no_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder))
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("POSTMORTEM_CACHE", str(blocked))
    assert _check(capsys, str(folder)) == first


def test_the_cache_keeps_at_most_its_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP", 4)
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder))
    assert _entries() == 4
    assert _check(capsys, str(folder)) == first


def test_two_programs_at_once_give_their_answers(tmp_path: Path) -> None:
    folder = _folder(tmp_path, count=40)  # enough to be shared among processes
    argv = [sys.executable, "-m", "postmortem_tui", "check", str(folder)]
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [2, 2]
    again = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert outputs[0] == outputs[1] == again.stdout
    assert _entries() == 40


def _reviews() -> list[tuple[list[str], report.DraftReview]]:
    found = []
    for name in ("api-outage.toml", "every-addition.toml", "before-additions.toml"):
        path = FIXTURES / name
        loaded = read_draft(path)
        found.append((loaded.warnings, report.review_draft(loaded.draft, Config())))
    return found


def test_an_entry_reads_back_as_the_review_it_was() -> None:
    for warnings, review in _reviews():
        assert cache.decode(cache.encode(warnings, review)) == (tuple(warnings), review)


def test_an_entry_with_findings_and_problems_reads_back(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "api-outage.toml")
        .read_text()
        .replace(BLAME, 'deployment v2.3.4. Kevin forgot to check it, sloppy work."""')
    )
    path = tmp_path / "blaming.toml"
    path.write_text(text)
    loaded = read_draft(path)
    review = report.review_draft(loaded.draft, Config())
    assert review.findings
    assert cache.decode(cache.encode(loaded.warnings, review)) == (tuple(loaded.warnings), review)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["warnings", "checklist", "metrics", "problems", "findings", "other"]),
        _json,
    )
)
def test_any_entry_text_is_a_review_or_nothing(data: dict[str, Any]) -> None:
    decoded = cache.decode(json.dumps(data))
    assert decoded is None or isinstance(decoded[1], report.DraftReview)


def test_a_review_found_is_marked_used_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    folder = _folder(tmp_path)
    _check(capsys, str(folder))
    with sqlite3.connect(cache.cache_file()) as connection:
        connection.execute("UPDATE reviews SET used = 0")
    _check(capsys, str(folder))
    with sqlite3.connect(cache.cache_file()) as connection:
        used = {row[0] for row in connection.execute("SELECT used FROM reviews")}
    assert used == {int(time.time()) // 86_400}


def _package(root: Path) -> Path:
    for folder in ("core", "review"):
        (root / folder).mkdir(parents=True)
        (root / folder / "a.py").write_text("x = 1\n")
    (root / "review" / "rules.toml").write_text("[x]\n")
    return root


def test_the_code_is_known_by_its_content_not_its_times(tmp_path: Path) -> None:
    package = _package(tmp_path / "pkg")
    first = cache.code_hash.__wrapped__(package)
    os.utime(package / "review" / "a.py", (0, 0))  # a fresh install: new times, same bytes
    (package / "review" / ".#a.py").symlink_to("user@host.123:456")  # an editor's lock
    (package / "review" / "notes.txt").write_text("not code")
    assert cache.code_hash.__wrapped__(package) == first
    (package / "review" / "rules.toml").write_text("[y]\n")  # same size, other rules
    assert cache.code_hash.__wrapped__(package) != first


def test_code_that_cannot_be_read_reviews_afresh_and_keeps_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    first = _check(capsys, str(folder))

    def unreadable(config: Config) -> bytes:
        raise PermissionError("the package cannot be read")

    monkeypatch.setattr(cache, "fingerprint", unreadable)
    calls = _counting(monkeypatch)
    assert _check(capsys, str(folder)) == first
    assert len(calls) == 6


def test_a_kept_review_points_at_the_lines_it_was_found_by(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is edited after the run read it: the annotations stay those of what was read.
    folder = _folder(tmp_path, count=1)
    first = _check(capsys, str(folder), "--format", "github")
    path = folder / "2024-01-01-incident.toml"
    found = cache.Reviews.find

    def edited_meanwhile(self: cache.Reviews, keys: Any) -> Any:
        held = found(self, keys)
        path.write_text("# a note\n" * 40 + path.read_text())
        return held

    monkeypatch.setattr(cache.Reviews, "find", edited_meanwhile)
    assert _check(capsys, str(folder), "--format", "github") == first
