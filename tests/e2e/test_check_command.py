"""``postmortem check`` through the installed command: reports, JSON, exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
INSTALLED = Path(sys.executable).parent / "postmortem"
COMMAND = [str(INSTALLED)] if INSTALLED.exists() else [sys.executable, "-m", "postmortem_tui"]


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``postmortem check ARGS`` as a person would, with this test's isolated folders."""
    return subprocess.run(
        [*COMMAND, "check", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def draft(tmp_path: Path, name: str, *, complete: bool, extra: str = "") -> Path:
    """The worked example, optionally made complete, with ``extra`` TOML appended."""
    text = (FIXTURES / "api-outage.toml").read_text(encoding="utf-8")
    if complete:
        text = text.replace(
            "shared_with = []", 'shared_with = ["#engineering"]\nfollow_up = 2024-02-15'
        )
    path = tmp_path / name
    path.write_text(text + extra, encoding="utf-8")
    return path


BLAMING = '\n[[lessons]]\ntitle = "Review"\ndetail = "Jane should have checked the pool metrics."\n'


def test_incomplete_draft_exits_1_and_says_what_is_missing(tmp_path: Path) -> None:
    path = draft(tmp_path, "example.toml", complete=False)
    result = check(path)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert f"{path}: incomplete (6 of 8 checklist items)" in out
    assert "✓ Timeline created" in out
    assert "✗ Document shared widely" in out
    assert "✗ Follow-up scheduled" in out
    assert "no follow-up review date" in out
    assert "Trigger to detection" in out and "17 min  (detected - trigger)" in out
    assert "Blameless findings: none" in out
    assert result.stderr == ""


def test_complete_draft_exits_0(tmp_path: Path) -> None:
    result = check(draft(tmp_path, "done.toml", complete=True))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "complete (8 of 8 checklist items)" in result.stdout


def test_findings_warn_unless_strict(tmp_path: Path) -> None:
    path = draft(tmp_path, "blame.toml", complete=True, extra=BLAMING)
    result = check(path)
    assert result.returncode == 0
    assert "Blameless findings (1, warnings)" in result.stdout
    assert "lessons[5] hindsight: “Jane should have checked the pool metrics.”" in result.stdout
    assert "suggestion: " in result.stdout
    strict = check("--strict", path)
    assert strict.returncode == 1
    assert "Blameless findings (1, errors with --strict)" in strict.stdout
    # The first line, all a CI log may show, says why a complete draft fails.
    assert strict.stdout.splitlines()[0] == (
        f"{path}: complete (8 of 8 checklist items), but 1 blameless finding fails --strict"
    )
    assert result.stdout.splitlines()[0] == f"{path}: complete (8 of 8 checklist items)"


def test_several_drafts_end_with_a_tally(tmp_path: Path) -> None:
    done = draft(tmp_path, "done.toml", complete=True)
    started = draft(tmp_path, "started.toml", complete=False)
    result = check(done, started, tmp_path / "missing.toml")
    assert result.returncode == 2
    assert result.stdout.endswith("\n\n3 drafts: 1 complete, 1 incomplete, 1 could not be read\n")
    one = check(done)
    assert "drafts:" not in one.stdout, "one draft needs no tally"
    none = check(tmp_path / "missing.toml", tmp_path / "gone.toml")
    assert none.stdout == "2 drafts: 2 could not be read\n"


def test_action_item_without_owner_fails_and_says_which(tmp_path: Path) -> None:
    text = draft(tmp_path, "x.toml", complete=True).read_text(encoding="utf-8")
    path = tmp_path / "no-owner.toml"
    path.write_text(text.replace('owner = "QA Team"\n', ""), encoding="utf-8")
    result = check(path)
    assert result.returncode == 1
    assert "✗ Action items with owners" in result.stdout
    assert "1 action item without an owner: #3" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("format = 1\n[meta\ntitle = 'x'\n", "not valid TOML"),
        ('format = 1\n[meta]\ntitle = "x"\nstatus = "done"\n', "meta.status: expected one of"),
    ],
)
def test_unreadable_draft_exits_2_with_the_store_message(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = check(path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"postmortem: {path}")
    assert message in result.stderr


def test_one_unreadable_draft_among_several_still_reports_the_others(tmp_path: Path) -> None:
    good = draft(tmp_path, "done.toml", complete=True)
    result = check(good, tmp_path / "missing.toml", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == [str(good)]
    assert "missing.toml: no such file" in result.stderr


def test_json_shape(tmp_path: Path) -> None:
    first = draft(tmp_path, "a.toml", complete=False, extra=BLAMING)
    second = tmp_path / "b.toml"
    second.write_text('format = 1\n[meta]\ntitle = "Just a title"\n', encoding="utf-8")
    result = check("--json", first, second)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    for obj in data:
        assert list(obj) == ["file", "complete", "checklist", "metrics", "problems", "findings"]
        assert [list(c) for c in obj["checklist"]] == [["id", "label", "ok", "detail"]] * 8
        assert list(obj["metrics"]) == [
            "duration",
            "time_to_detect",
            "trigger_to_detection",
            "time_to_acknowledge",
            "time_to_mitigate",
            "time_to_resolve",
        ]
        for metric in obj["metrics"].values():
            assert list(metric) == ["seconds", "formula"]
    a, b = data
    assert a["file"] == str(first) and a["complete"] is False
    assert a["metrics"]["duration"] == {"seconds": 1500.0, "formula": "impact end - impact start"}
    assert a["findings"] == [
        {
            "section": "lessons",
            "index": 5,
            "rule": "hindsight",
            "excerpt": "Jane should have checked the pool metrics.",
            "suggestion": a["findings"][0]["suggestion"],
        }
    ]
    assert a["findings"][0]["suggestion"].startswith('"should have checked" is hindsight.')
    assert b["metrics"]["time_to_detect"]["seconds"] is None
    assert all(not c["ok"] for c in b["checklist"])
    assert b["problems"] == [] and b["findings"] == []


def test_json_reports_ordering_problems(tmp_path: Path) -> None:
    path = tmp_path / "order.toml"
    path.write_text(
        'format = 1\n[meta]\ntitle = "Backwards"\n'
        "[impact]\nstart = 2024-01-15T14:57:00Z\nend = 2024-01-15T14:32:00Z\n"
        '[[timeline]]\nat = 2024-01-15T14:40:00Z\nevent = "Alarm"\nkind = "detected"\n'
        '[[timeline]]\nat = 2024-01-15T14:35:00Z\nevent = "Paged"\nkind = "acknowledged"\n',
        encoding="utf-8",
    )
    (obj,) = json.loads(check("--json", path).stdout)
    assert [(p["rule"], p["section"], p["index"], p["metric"]) for p in obj["problems"]] == [
        ("end_before_start", "impact", None, None),
        ("negative_metric", "timeline", None, "time_to_detect"),
        ("negative_metric", "timeline", None, "time_to_acknowledge"),
        ("out_of_order", "timeline", 1, None),
    ]
    assert obj["problems"][0]["message"] == (
        "impact ends (2024-01-15 14:32) before it starts (2024-01-15 14:57)"
    )


def test_team_config_phrases_apply_and_a_bad_config_exits_2(tmp_path: Path) -> None:
    config = Path(__import__("os").environ["POSTMORTEM_CONFIG"])
    config.write_text('[review]\nblame_phrases = ["pool party"]\n', encoding="utf-8")
    path = draft(tmp_path, "x.toml", complete=True, extra='\n[[lucky]]\ntitle = "A pool party"\n')
    result = check("--json", path)
    assert [f["rule"] for f in json.loads(result.stdout)[0]["findings"]] == ["team_phrase"]
    config.write_text("[review\n", encoding="utf-8")
    broken = check(path)
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"postmortem: {config}: not valid TOML")


def test_a_folder_checks_every_draft_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    first = draft(folder, "2024-01-15-a.toml", complete=True)
    second = draft(folder, "2024-02-01-b.toml", complete=False)
    (folder / "notes.md").write_text("not a draft", encoding="utf-8")
    result = check("--json", folder)
    assert result.returncode == 1, result.stderr
    assert [o["file"] for o in json.loads(result.stdout)] == [str(first), str(second)]


def test_a_folder_without_drafts_exits_2(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"postmortem: {tmp_path}: no drafts (*.toml files) in this folder\n"
