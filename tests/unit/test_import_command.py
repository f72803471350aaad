"""``postmortem import`` and ``postmortem note`` as a person runs them: what lands in the draft,
a second import adding nothing, hand edits kept, bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from postmortem_tui import cli
from postmortem_tui.core import model, store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"

ALL_SOURCES = [
    ["slack-export"],
    ["pagerduty-pages.jsonl"],
    ["pagerduty-incidents.csv"],
    ["opsgenie-logs.json"],
    ["alertmanager-bodies.jsonl"],
    ["grafana-body.json"],
    ["incidentio-updates.json", "incidentio-incident.json"],
    ["github-deployments.json", "github-statuses.json"],
    ["git-log.tsv"],
    ["timeline.csv"],
    ["pasted.txt", "--format", "text"],
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A draft with one event typed by hand, in Berlin time."""
    path = tmp_path / "checkout.toml"
    draft = model.Draft.new("Checkout 5xx", date=dt.date(2024, 3, 12), timezone="Europe/Berlin")
    draft.timeline.append(
        model.TimelineEvent(
            at=dt.datetime(2024, 3, 12, 15, 8, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            event="Dana starts looking",
        )
    )
    store.save_draft(draft, path)
    return path


def timeline(path: Path) -> list[model.TimelineEvent]:
    return store.read_draft(path).draft.timeline


@pytest.mark.parametrize("names", ALL_SOURCES, ids=lambda n: n[0])
def test_import_then_again_adds_nothing(
    names: list[str], draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [n if n.startswith("-") or n == "text" else str(FIXTURES / n) for n in names]
    status, out, err = run(capsys, "import", str(draft), *sources)
    assert status == 0, err
    after = timeline(draft)
    assert len(after) > 1
    imported = [e for e in after if e.source]
    assert all(e.source_id for e in imported)
    assert {e.source for e in imported} <= set(model.EVENT_SOURCES)
    assert out.startswith(f"added {len(imported)} event")
    # sorted into the timeline, in the draft's zone, to the second
    instants = [e.at.astimezone(dt.UTC) for e in after]
    assert instants == sorted(instants)
    assert {e.at.utcoffset() for e in imported} == {dt.timedelta(hours=1)}
    assert all(e.at.microsecond == 0 for e in after)
    before = draft.read_bytes()
    status, out, err = run(capsys, "import", str(draft), *sources)
    assert (status, out.splitlines()[0]) == (0, f"nothing to add to {draft}")
    assert f"{len(imported)} event" in err and "already in the draft" in err
    assert draft.read_bytes() == before


def test_an_event_edited_by_hand_is_never_overwritten(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(FIXTURES / "pagerduty-pages.jsonl")
    assert run(capsys, "import", str(draft), source)[0] == 0
    loaded = store.read_draft(draft)
    (ack,) = [e for e in loaded.draft.timeline if e.source_id == "R4ACK1"]
    ack.event = "Dana acknowledges from the train"
    ack.kind = "note"
    store.save_draft(loaded.draft, draft, expected=loaded.fingerprint)
    status, _out, _err = run(capsys, "import", str(draft), source)
    assert status == 0
    again = [e for e in timeline(draft) if e.source_id == "R4ACK1"]
    assert [(e.event, e.kind) for e in again] == [("Dana acknowledges from the train", "note")]


def test_the_events_as_stored(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "import", str(draft), str(FIXTURES / "pagerduty-pages.jsonl"))[0] == 0
    text = draft.read_text()
    assert 'actor = "Dana Ortiz"' in text
    assert 'source = "pagerduty"' in text
    assert 'source_id = "R4ACK1"' in text
    assert 'link = "https://example.pagerduty.com/incidents/Q1/log_entries/R4ACK1"' in text
    events = timeline(draft)
    assert events[0].event == "Triggered through the API: [FIRING:1] CheckoutAPIHigh5xx"
    assert events[0].at.isoformat() == "2024-03-12T15:07:12+01:00"
    assert events[0].kind == "detected"


def test_a_broken_record_is_skipped_and_reported(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "import", str(draft), str(FIXTURES / "pagerduty-pages.jsonl"))
    assert status == 0
    assert "skipped 1 record:\n  R3BAD: created_at: expected an ISO 8601 time" in out
    assert "R3BAD" not in draft.read_text()


def test_another_format_is_refused_with_exit_2_and_nothing_written(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = draft.read_bytes()
    source = str(FIXTURES / "git-log.tsv")
    status, out, err = run(capsys, "import", str(draft), source, "--format", "pagerduty")
    assert (status, out) == (2, "")
    assert err == f"postmortem: {source}: line 1: not JSON; expected PagerDuty log entries " + (
        '({"log_entries": [...]} from /incidents/{id}/log_entries)\n'
    )
    assert draft.read_bytes() == before


@pytest.mark.parametrize(
    "fmt",
    [
        "slack",
        "pagerduty",
        "pagerduty-csv",
        "opsgenie",
        "alertmanager",
        "grafana",
        "incident-io",
        "github-deployments",
        "git-log",
        "csv",
        "text",
    ],
)
def test_every_format_refuses_a_file_of_another(
    fmt: str, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = (
        "grafana-body.json"
        if fmt in ("csv", "pagerduty-csv", "git-log", "text")
        else ("timeline.csv")
    )
    before = draft.read_bytes()
    status, out, err = run(capsys, "import", str(draft), str(FIXTURES / other), "--format", fmt)
    assert (status, out) == (2, "")
    assert err.startswith(f"postmortem: {FIXTURES / other}: ") and "expected" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert draft.read_bytes() == before


def test_one_bad_source_among_good_ones_writes_nothing(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = draft.read_bytes()
    odd = tmp_path / "notes.json"
    odd.write_text('{"hello": "world"}')
    status, _out, err = run(
        capsys, "import", str(draft), str(FIXTURES / "pagerduty-pages.jsonl"), str(odd)
    )
    assert status == 2
    assert err.splitlines()[-1].startswith(f"postmortem: {odd}: expected a Slack export")
    assert "Traceback" not in err
    assert draft.read_bytes() == before


def test_dry_run_and_json(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = draft.read_bytes()
    status, out, _err = run(
        capsys, "import", str(draft), str(FIXTURES / "opsgenie-logs.json"), "--dry-run", "--json"
    )
    assert status == 0
    report = json.loads(out)
    assert set(report) == {"added", "skipped", "warnings"}
    assert [e["kind"] for e in report["added"]] == [
        "detected",
        "paged",
        "acknowledged",
        "note",
        "resolved",
    ]
    assert report["added"][0] == {
        "at": "2024-03-12T15:07:12+01:00",
        "kind": "detected",
        "event": "Alert created via Prometheus Alertmanager with message CheckoutAPIHigh5xx",
        "actor": "System",
        "source": "opsgenie",
        "source_id": "log:1710252432184_1",
    }
    assert report["skipped"] == [{"source_id": "1710252600000_1", "reason": "log: empty"}]
    assert any("paging.next" in w for w in report["warnings"])
    assert draft.read_bytes() == before


def test_since_and_until_in_the_drafts_zone(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(
        capsys,
        "import",
        str(draft),
        str(FIXTURES / "pagerduty-pages.jsonl"),
        "--since",
        "15:09",  # Berlin, on the draft's date: 14:09Z
        "--until",
        "2024-03-12 15:20",
    )
    assert status == 0, err
    assert [e.source_id for e in timeline(draft) if e.source] == ["R4ACK1", "R5ACK2", "R6NOTE"]
    assert "6 outside --since/--until left out" in err


def test_bad_since_is_refused(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(
        capsys, "import", str(draft), str(FIXTURES / "git-log.tsv"), "--since", "lunchtime"
    )
    assert status == 2
    assert err.startswith("postmortem: --since: expected a time like 14:32")


def test_standard_input_and_text(
    draft: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pasted = "[15:30] priya: rollback looks good\n15:31 closing the bridge\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(pasted.encode())))
    status, _out, err = run(capsys, "import", str(draft), "-", "--format", "text")
    assert status == 0, err
    events = [e for e in timeline(draft) if e.source == "paste"]
    assert [(e.at.isoformat(), e.actor, e.event) for e in events] == [
        ("2024-03-12T15:30:00+01:00", "priya", "rollback looks good"),
        ("2024-03-12T15:31:00+01:00", None, "closing the bridge"),
    ]


def test_slack_zip_pinned(draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", FIXTURES / "slack-export")
    status, _out, err = run(capsys, "import", str(draft), archive, "--pinned")
    assert status == 0, err
    assert [e.event for e in timeline(draft) if e.source == "slack"] == [
        "Rolling back checkout-api to v2.30.4 now",
        "5xx back to baseline since 14:21 UTC",
    ]
    assert "read as a Slack export" in err


def test_marker_reaction_from_the_config(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").write_text('[import]\nmarker_reaction = ":eyes:"\n')
    status, _out, err = run(
        capsys, "import", str(draft), str(FIXTURES / "slack-export"), "--pinned"
    )
    assert status == 0, err
    # only the pinned message: nothing carries :eyes:
    assert [e.event for e in timeline(draft) if e.source == "slack"] == [
        "5xx back to baseline since 14:21 UTC"
    ]


def test_incident_io_sets_an_empty_impact_start(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(
        capsys, "import", str(draft), str(FIXTURES / "incidentio-incident.json")
    )
    assert status == 0
    assert store.read_draft(draft).draft.impact.start == dt.datetime(
        2024, 3, 12, 15, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert "impact.start set to" in err


def test_import_into_a_draft_open_elsewhere_is_refused(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = draft.read_bytes()
    with store.DraftLock(draft):
        status, _out, err = run(capsys, "import", str(draft), str(FIXTURES / "git-log.tsv"))
    assert status == 2
    assert "is open in postmortem" in err and "nothing imported" in err
    assert draft.read_bytes() == before


def test_a_missing_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(
        capsys, "import", str(tmp_path / "nope.toml"), str(FIXTURES / "git-log.tsv")
    )
    assert status == 2 and "nope.toml: no such file" in err


# --- note ---------------------------------------------------------------------------------------


def test_note_starts_a_draft_then_adds_to_it(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "note", "Seeing 5xx on checkout", "--kind", "detected")
    assert status == 0, err
    (path,) = isolated_dirs.glob("*.toml")
    assert out.endswith(f"started {path}\n")
    assert 'event = "Seeing 5xx on checkout"\nkind = "detected"\nsource = "note"\n' in out
    loaded = store.read_draft(path).draft
    assert loaded.meta.title.startswith("Incident 20")
    status, out, err = run(capsys, "note", "Rolled", "back", "to", "v2.30.4")
    assert status == 0, err
    assert out.endswith(f"added to {path}\n")
    events = timeline(path)
    assert {e.event for e in events} == {"Seeing 5xx on checkout", "Rolled back to v2.30.4"}
    assert {e.source for e in events} == {"note"}


def test_note_at_a_clock_time_goes_nearest_the_last_event(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "note", str(draft), "Rollback done", "--at", "15:21")
    assert status == 0, err
    events = timeline(draft)
    assert [(e.at.isoformat(), e.event) for e in events] == [
        ("2024-03-12T15:08:00+01:00", "Dana starts looking"),
        ("2024-03-12T15:21:00+01:00", "Rollback done"),
    ]
    assert 'at = 2024-03-12T15:21:00+01:00\nevent = "Rollback done"' in out


def test_note_refuses_a_bad_kind_and_a_locked_draft(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = draft.read_bytes()
    status, _out, err = run(capsys, "note", str(draft), "x", "--kind", "fixed")
    assert status == 2 and "--kind: expected one of trigger" in err
    with store.DraftLock(draft):
        status, _out, err = run(capsys, "note", str(draft), "while open")
    assert status == 2 and "is open in postmortem" in err and "not added" in err
    status, _out, err = run(capsys, "note", str(draft), "x", "--at", "soonish")
    assert status == 2 and err.startswith("postmortem: --at: expected")
    assert draft.read_bytes() == before


def test_a_long_import_is_summed_up(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"2024-03-12T14:{i // 60:02d}:{i % 60:02d}Z,event {i}" for i in range(205)]
    source = tmp_path / "long.csv"
    source.write_text("time,event\n" + "\n".join(rows) + "\n")
    status, out, _err = run(capsys, "import", str(draft), str(source))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"added 205 events to {draft}:"
    assert len(lines) == 202
    assert lines[-1] == "  ... and 5 more (--json lists every one)"
    assert len(timeline(draft)) == 206


def test_a_read_only_draft_is_left_alone(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = draft.read_bytes()
    draft.chmod(0o444)
    try:
        status, _out, err = run(capsys, "import", str(draft), str(FIXTURES / "git-log.tsv"))
        assert status == 2 and "read-only" in err and "nothing imported" in err
        status, _out, err = run(capsys, "note", str(draft), "while read-only")
        assert status == 2 and "read-only" in err and "not added" in err
    finally:
        draft.chmod(0o644)
    assert draft.read_bytes() == before


def test_terminal_escapes_in_records_are_shown_not_obeyed(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "evil.csv"
    source.write_text("time,event,actor\n2024-03-12T14:00:00Z,clear \x1b[2J screen,\x1b]0;x\x07\n")
    status, out, err = run(capsys, "import", str(draft), str(source))
    assert status == 0, err
    assert "\x1b" not in out and "\\u001b[2J" in out and "\\u001b]0;x\\u0007" in out
    (event,) = [e for e in timeline(draft) if e.source == "csv"]
    assert event.event == "clear \x1b[2J screen"  # the record as it was, in the draft
    status, out, _err = run(capsys, "note", str(draft), "bell \x07 here")
    assert status == 0 and "\x07" not in out


def test_note_to_a_draft_that_is_not_there_is_refused(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = draft.read_bytes()
    status, _out, err = run(capsys, "note", "chekout.toml", "Rolled back")
    assert status == 2 and "chekout.toml: no such draft; the note was not added" in err
    assert draft.read_bytes() == before


def test_alerts_hint_at_the_impact_start(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(
        capsys, "import", str(draft), str(FIXTURES / "alertmanager-bodies.jsonl")
    )
    assert status == 0
    assert (
        "impact.start is not set: the earliest alert began firing at 2024-03-12T15:06:30+01:00"
        in err
    )
    assert store.read_draft(draft).draft.impact.start is None  # a hint, never set


def test_incident_io_follow_ups_become_action_items_once(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(FIXTURES / "incidentio-follow-ups.json")
    status, out, err = run(capsys, "import", str(draft), source)
    assert status == 0, err
    items = store.read_draft(draft).draft.action_items
    assert [(a.action, a.owner, a.status, a.priority, a.type, a.link) for a in items] == [
        (
            "Add a p99 latency gate to the deploy pipeline",
            "Priya Natarajan",
            "planned",
            "P1",
            "prevent",
            "https://example.atlassian.net/browse/PAY-1432",
        ),
        ("Alert on connection pool saturation per pod", "Dana Ortiz", "done", None, "detect", None),
        ("Rewrite the pool in Rust", None, "wont-do", None, None, None),
        # a link that is no web address is dropped; the follow-up is kept
        ("Document the pool settings", None, "planned", "P3", None, None),
    ]
    assert out.startswith(f"added 4 action items to {draft}:")
    assert "01HXFU0000000000000000004: deleted in incident.io" in out
    assert timeline(draft)[0].event == "Dana starts looking"  # the timeline is left alone
    # Edited by hand since: the person's words stay; importing again adds nothing.
    loaded = store.read_draft(draft)
    loaded.draft.action_items[0].action = "Gate deploys on canary p99 (PAY-1432)"
    store.save_draft(loaded.draft, draft, expected=loaded.fingerprint)
    before = draft.read_bytes()
    status, out, err = run(capsys, "import", str(draft), source, "--json")
    assert status == 0
    report = json.loads(out)
    assert report["action_items_added"] == [] and report["added"] == []
    assert "4 follow-ups already among the action items" in " ".join(report["warnings"])
    assert draft.read_bytes() == before


def test_follow_ups_dry_run_writes_nothing(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = draft.read_bytes()
    source = str(FIXTURES / "incidentio-follow-ups.json")
    status, out, _err = run(capsys, "import", str(draft), source, "--dry-run")
    assert status == 0
    assert out.startswith(f"would add 4 action items to {draft}:")
    assert "  [done] Alert on connection pool saturation per pod (Dana Ortiz)" in out
    assert draft.read_bytes() == before
