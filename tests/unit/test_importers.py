"""Each reader on fixtures holding what real exports hold: the events expected, the records
skipped with their reasons, the warnings, and files of another format refused."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from postmortem_tui.importers import (
    FORMATS,
    ReadOptions,
    SourceError,
    detect,
    read_sources,
)
from postmortem_tui.importers.base import Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
UTC = dt.UTC


def read(*names: str, fmt: str = "auto", **options: object):
    result, chosen = read_sources(
        [str(FIXTURES / n) for n in names],
        ReadOptions(**options),
        fmt=fmt,  # type: ignore[arg-type]
    )
    return result, [f for _n, f in chosen]


def rows(result):
    return [(e.at, e.kind, e.actor, e.text) for e in result.events]


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- Slack ------------------------------------------------------------------------------------


def test_slack_export_folder() -> None:
    result, chosen = read("slack-export")
    assert chosen == ["slack"]
    texts = {e.source_id: (e.actor, e.text) for e in result.events}
    # the bot's attachment, with its &amp; entity decoded, under the bot's name from users.json
    assert texts["C01INC:1710252605.000200"] == (
        "PagerDuty",
        "Triggered #4821: CheckoutAPIHigh5xx & friends",
    )
    # mentions, links and channel links as plain text
    assert texts["C01INC:1710252680.000100"] == (
        "dana",
        "@here 5xx on checkout-api since ~14:05, see the panel "
        "(https://grafana.example.com/d/chk01) and #general",
    )
    # replies are marked; a display name that is empty gives the real name
    assert texts["C01INC:1710252722.000300"] == (
        "Priya Natarajan",
        "(reply) @dana it's the timeout change in PR #1184 (3s -> 300ms)",
    )
    assert texts["C01INC:1710252760.000100"] == ("Sam Lee", "(reply) Agreed, rolling back")
    # an edit recorded as message_changed: the last form only
    assert texts["C01INC:1710252800.000100"] == ("Priya Natarajan", "Rollback approved by @dana")
    # a bot that is not in users.json: its bot_profile name
    assert texts["C01INC:1710253300.000100"] == ("Statuspage", "Status page updated: monitoring")
    # the second day file (CRLF) is read too; <@U|label> and mailto links
    assert texts["C01INC:1710288000.000100"] == (
        "dana",
        "Postmortem owner: @Priya Natarajan; follow-ups in sre@example.com",
    )
    assert all(e.kind == "note" and e.source == "slack" for e in result.events)
    assert result.events[0].at == dt.datetime(2024, 3, 12, 14, 10, 5, 200, tzinfo=UTC)
    skipped = {s.source_id: s.reason for s in result.skipped}
    assert skipped["C01INC:1710252570.000100"] == "joined the channel"
    assert skipped["C01INC:1710252580.000100"] == "topic change"
    assert skipped["C01INC:1710252830.000100"] == "deleted message"
    assert skipped["C01INC:1710252850.000100"] == "deleted message"  # the tombstone
    assert skipped["C01INC:1710288100.000100"] == "left the channel"
    broken = [s for s in result.skipped if s.reason == "ts: missing"]
    assert len(broken) == 1 and broken[0].source_id.endswith("2024-03-12.json: message 12")
    assert len(result.events) == 9


def test_slack_zip_as_downloaded_and_pinned(tmp_path: Path) -> None:
    archive = tmp_path / "Acme Slack export Mar 12 2024.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted((FIXTURES / "slack-export").rglob("*.json")):
            zipped.write(file, file.relative_to(FIXTURES / "slack-export").as_posix())
    result, chosen = read_sources([str(archive)], ReadOptions(pinned=True))
    assert chosen == [(str(archive), "slack")]
    # pinned in channels.json's pins, or marked with the :pushpin: reaction
    assert [e.text for e in result.events] == [
        "Rolling back checkout-api to v2.30.4 now",
        "5xx back to baseline since 14:21 UTC",
    ]
    assert any("left out (--pinned)" in w for w in result.warnings)


def test_slack_one_channel_folder_without_users(tmp_path: Path) -> None:
    folder = tmp_path / "inc-checkout"
    shutil.copytree(FIXTURES / "slack-export" / "inc-checkout", folder)
    result, _ = read_sources([str(folder)], ReadOptions())
    assert len(result.events) == 9
    assert any("no users.json" in w for w in result.warnings)


# --- PagerDuty --------------------------------------------------------------------------------


def test_pagerduty_pages_sorted_deduplicated_and_mapped() -> None:
    result, chosen = read("pagerduty-pages.jsonl")
    assert chosen == ["pagerduty"]
    kinds = [(e.source_id, e.kind) for e in result.events]
    assert kinds == [
        ("R1TRIG", "detected"),  # the first trigger only
        ("R2URG", "note"),
        ("R3NTFY", "paged"),
        ("R4ACK1", "acknowledged"),  # the first acknowledge only
        ("R5ACK2", "note"),  # on both pages, read once
        ("R6NOTE", "note"),  # +01:00, sorted by its instant
        ("R7RES1", "note"),
        ("R8TRIG2", "note"),
        ("R9RES2", "resolved"),  # the last resolve: the incident was reopened
    ]
    note = result.events[5]
    assert note.text == "Note: Rolling back to v2.30.4"
    assert note.at == dt.datetime(2024, 3, 12, 14, 15, 45, tzinfo=UTC)
    assert note.actor == "Dana Ortiz"
    assert note.link == "https://example.pagerduty.com/incidents/Q1/log_entries/R6NOTE"
    assert [(s.source_id, s.reason) for s in result.skipped] == [
        ("R3BAD", "created_at: expected an ISO 8601 time, got 'yesterday-ish'")
    ]


def test_pagerduty_incident_csv_with_humanised_headers() -> None:
    result, chosen = read("pagerduty-incidents.csv")
    assert chosen == ["pagerduty-csv"]
    assert rows(result) == [
        (
            at("2024-03-12T14:07:12+00:00"),
            "detected",
            "checkout-api",
            "PagerDuty incident #4821 triggered: CheckoutAPIHigh5xx, checkout-api",
        ),
        (
            at("2024-03-12T14:09:02+00:00"),
            "acknowledged",
            "Dana Ortiz",
            "PagerDuty incident #4821 acknowledged",
        ),
        (
            at("2024-03-12T14:31:05+00:00"),
            "resolved",
            "Dana Ortiz",
            "PagerDuty incident #4821 resolved",
        ),
    ]
    assert [s.reason for s in result.skipped] == [
        "created_at: expected an ISO 8601 time, got 'not a time'"
    ]


# --- Opsgenie, alerts, incident.io --------------------------------------------------------------


def test_opsgenie_logs_with_epoch_times_and_more_pages() -> None:
    result, chosen = read("opsgenie-logs.json")
    assert chosen == ["opsgenie"]
    assert [(e.at, e.kind) for e in result.events] == [
        (dt.datetime(2024, 3, 12, 14, 7, 12, 184000, tzinfo=UTC), "detected"),
        (dt.datetime(2024, 3, 12, 14, 7, 13, 20000, tzinfo=UTC), "paged"),  # epoch ms number
        (dt.datetime(2024, 3, 12, 14, 9, 2, tzinfo=UTC), "acknowledged"),  # epoch ms string
        (dt.datetime(2024, 3, 12, 14, 15, 45, 300000, tzinfo=UTC), "note"),
        (dt.datetime(2024, 3, 12, 14, 31, 5, 512000, tzinfo=UTC), "resolved"),
    ]
    assert result.events[2].actor == "dana.ortiz@example.com"
    assert [s.reason for s in result.skipped] == ["log: empty"]
    assert any("paging.next" in w for w in result.warnings)


def test_alertmanager_json_lines_repeat_and_resolve() -> None:
    result, chosen = read("alertmanager-bodies.jsonl")
    assert chosen == ["alertmanager"]
    start = dt.datetime(2024, 3, 12, 14, 6, 30, 113000, tzinfo=UTC)
    assert rows(result) == [
        (start, "detected", "alertmanager", "Alert CheckoutAPIHigh5xx firing: 5xx ratio above 5%"),
        (start.replace(minute=23), "note", "alertmanager", "Alert CheckoutAPIHigh5xx resolved"),
    ]
    assert result.events[0].source_id == f"5d3c1f8e9a2b7c44@{start.isoformat()}"
    assert [s.reason for s in result.skipped] == ["startsAt: missing"]


def test_grafana_body_with_offset() -> None:
    result, chosen = read("grafana-body.json")
    assert chosen == ["grafana"]
    (event,) = result.events
    assert (event.at, event.kind, event.source) == (
        dt.datetime(2024, 3, 12, 14, 6, 40, tzinfo=UTC),
        "detected",
        "grafana",
    )
    assert event.link == "https://grafana.example.com/d/chk01?viewPanel=4"
    assert [s.reason for s in result.skipped] == ["startsAt: expected an ISO 8601 time, got 'soon'"]


def test_incident_io_updates_and_timestamps() -> None:
    result, chosen = read("incidentio-updates.json", "incidentio-incident.json", tz="Europe/Berlin")
    assert chosen == ["incident-io", "incident-io"]
    assert [(e.kind, e.actor, e.text) for e in result.events] == [
        ("detected", "incident.io", "INC-2291: Reported at"),
        ("note", "Dana Ortiz", "Status Investigating: Investigating elevated 5xx"),
        ("note", "deploy-pipeline", "Status Fixing: Rolling back"),
        ("mitigated", "incident.io", "INC-2291: Fixed at"),
        ("note", None, "Status Closed: severity Major"),
    ]
    # the naive time is read in the draft's zone, and said
    assert result.events[2].at == dt.datetime(2024, 3, 12, 14, 16, 20, tzinfo=UTC)
    assert any("1 time without an offset, read in Europe/Berlin" in w for w in result.warnings)
    assert result.impact_start == dt.datetime(2024, 3, 12, 14, 5, tzinfo=UTC)
    assert [s.reason for s in result.skipped] == ["not an incident update with an id"]


# --- deploys and commits ----------------------------------------------------------------------


def test_github_deployments_with_statuses_and_rollback() -> None:
    result, chosen = read("github-deployments.json", "github-statuses.json")
    assert chosen == ["github-deployments", "github-deployments"]
    assert [(e.at.isoformat(), e.kind, e.text) for e in result.events] == [
        ("2024-03-11T10:00:00+00:00", "note", "Deployment of v2.30.4 to production requested"),
        (
            "2024-03-12T14:01:30+00:00",
            "note",
            "Deployment of v2.31.0 to production failed: Canary failed once; retried",
        ),
        (
            "2024-03-12T14:02:11+00:00",
            "note",
            "Deployed v2.31.0 to production: Rolled out to 24/24 pods",
        ),
        ("2024-03-12T14:17:05+00:00", "mitigated", "Rollback to v2.30.4 in production started"),
        ("2024-03-12T14:19:48+00:00", "note", "Deployed v2.30.4 to production: Rolled out"),
    ]
    assert "trigger" not in {e.kind for e in result.events}  # never guessed
    assert result.events[2].link == "https://ci.example.com/2/log"
    assert [s.source_id for s in result.skipped] == ["status:20"]


def test_git_log_crlf_and_broken_line() -> None:
    result, chosen = read("git-log.tsv")
    assert chosen == ["git-log"]
    assert rows(result) == [
        (
            at("2024-03-12T13:48:30+00:00"),
            "note",
            "Priya Natarajan",
            "Merged: Lower timeout\tto 300ms (#1184)",
        ),
        (
            at("2024-03-12T13:55:02+00:00"),
            "note",
            "Sam Lee",
            "Merged: Bump to v2.31.0 (#1190) (v2.31.0)",
        ),
        (
            at("2024-03-12T14:16:58+00:00"),
            "note",
            "Dana Ortiz",
            'Merged: Revert "Lower timeout (#1184)" (#1193)',
        ),
    ]
    assert result.events[0].source_id == "7dae81f07de206c255b1c35b281d1ffd24752a75"
    assert [s.source_id.rsplit(": ", 1)[1] for s in result.skipped] == ["line 3"]


# --- generic CSV and pasted text -----------------------------------------------------------


def test_generic_csv_bom_crlf_naive_and_clock_times() -> None:
    result, chosen = read("timeline.csv", tz="Europe/Berlin", day=dt.date(2024, 3, 12))
    assert chosen == ["csv"]
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert rows(result) == [
        (
            dt.datetime(2024, 3, 12, 23, 50, tzinfo=berlin),
            "detected",
            "alertmanager",
            "Alert fires (naive time)",
        ),
        # clock times after 23:50 fall on the next day (nearest to the event before)
        (dt.datetime(2024, 3, 13, 0, 5, tzinfo=berlin), "paged", "pagerduty", "Dana paged"),
        (
            dt.datetime(2024, 3, 13, 0, 20, tzinfo=berlin),
            "mitigated",
            "Dana Ortiz",
            "Rollback done",
        ),
        (dt.datetime(2024, 3, 13, 0, 30, tzinfo=berlin), "note", None, "Offset time"),
        (
            dt.datetime(2024, 3, 12, 23, 40, tzinfo=UTC),
            "note",
            "deploy-bot",
            "Deploy v2.31.0, all regions",
        ),
    ]
    assert result.events[-1].link == "https://ci.example.com/1"
    reasons = [s.reason for s in result.skipped]
    assert reasons[0] == "time: expected an ISO 8601 time, got 'soon'"
    assert reasons[1].startswith("kind: expected one of trigger,") and reasons[1].endswith(
        "'fixed'"
    )
    assert any("1 time without an offset, read in Europe/Berlin" in w for w in result.warnings)


def test_pasted_chat_lines() -> None:
    result, chosen = read("pasted.txt", fmt="text", day=dt.date(2024, 3, 12))
    assert chosen == ["text"]
    day = dt.datetime(2024, 3, 12, tzinfo=UTC)
    assert [(e.at, e.actor, e.text) for e in result.events] == [
        (day.replace(hour=14, minute=32), "Dana Ortiz", "Seeing 5xx on checkout-api since ~14:05"),
        (day.replace(hour=14, minute=40), "priya", "it's the timeout change"),
        (day.replace(hour=14, minute=45), None, "rollback started"),
        (day.replace(hour=14, minute=50), None, "error rate back to baseline"),
        (day.replace(hour=14, minute=55), "dana", "monitoring"),
    ]
    assert {e.source for e in result.events} == {"paste"}


def test_pasted_text_before_any_time_is_reported() -> None:
    from postmortem_tui.importers.text import read_text

    result = read_text(
        "hello there\n23:50 alert\n00:10 page", ReadOptions(day=dt.date(2024, 1, 31))
    )
    assert [s.reason for s in result.skipped] == ["no time before this line"]
    assert [e.at.isoformat() for e in result.events] == [
        "2024-01-31T23:50:00+00:00",
        "2024-02-01T00:10:00+00:00",
    ]


# --- detection and refusal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pagerduty-pages.jsonl", "pagerduty"),
        ("pagerduty-incidents.csv", "pagerduty-csv"),
        ("opsgenie-logs.json", "opsgenie"),
        ("alertmanager-bodies.jsonl", "alertmanager"),
        ("grafana-body.json", "grafana"),
        ("incidentio-updates.json", "incident-io"),
        ("incidentio-incident.json", "incident-io"),
        ("github-deployments.json", "github-deployments"),
        ("github-statuses.json", "github-deployments"),
        ("git-log.tsv", "git-log"),
        ("timeline.csv", "csv"),
        ("slack-export/inc-checkout/2024-03-12.json", "slack"),
        ("slack-export/users.json", "slack"),
        ("pasted.txt", None),  # never guessed
    ],
)
def test_detection_by_content_not_name(name: str, expected: str | None, tmp_path: Path) -> None:
    renamed = tmp_path / "export.dat"
    shutil.copy(FIXTURES / name, renamed)
    assert detect(Source(str(renamed), renamed.read_bytes())) == expected


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"slack"}))
def test_a_file_of_another_format_is_refused(fmt: str) -> None:
    other = "timeline.csv"
    if fmt in ("csv", "pagerduty-csv", "git-log", "text"):
        other = "grafana-body.json"
    with pytest.raises(SourceError) as caught:
        read(other, fmt=fmt)
    assert str(caught.value).startswith(str(FIXTURES / other) + ": ")
    assert "expected" in str(caught.value)


def test_slack_refuses_what_is_not_slack() -> None:
    with pytest.raises(SourceError, match="expected a Slack day file"):
        read("grafana-body.json", fmt="slack")


def test_unknown_content_names_what_was_expected(tmp_path: Path) -> None:
    odd = tmp_path / "notes.json"
    odd.write_text('{"hello": "world"}')
    with pytest.raises(SourceError, match=r"notes\.json: expected a Slack export, PagerDuty"):
        read_sources([str(odd)], ReadOptions())


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "log.json"
    broken.write_text('{"log_entries": [\n  {"id": "R1",,}\n]}')
    with pytest.raises(SourceError, match=r"log\.json: line 2, column 15: not valid JSON"):
        read_sources([str(broken)], ReadOptions(), fmt="pagerduty")


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        read_sources([str(tmp_path / "nope.json")], ReadOptions())
    with pytest.raises(SourceError, match="empty folder"):
        read_sources([str(tmp_path)], ReadOptions())


def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_sources([str(fifo)], ReadOptions())


def test_deep_nesting_in_json_lines_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "bodies.jsonl"
    deep.write_text('{"alerts": []}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(SourceError, match="nested too deeply"):
        read_sources([str(deep)], ReadOptions(), fmt="alertmanager")


def test_an_archive_that_unpacks_too_far_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postmortem_tui.importers import sources

    monkeypatch.setattr(sources, "MAX_ARCHIVE", 10_000)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("users.json", "[]")
        zipped.writestr("inc/2024-03-12.json", "[" + ",".join(["{}"] * 20_000) + "]")
    with pytest.raises(SourceError, match="unpacks to more than the import reads"):
        read_sources([str(archive)], ReadOptions())


def test_json_is_parsed_once_for_detection_and_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    calls = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **k: calls.append(1) or real(text))
    result, _ = read("pagerduty-pages.jsonl")
    assert len(result.events) == 9
    assert len(calls) == 1


def test_slack_export_of_two_channels_says_where(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "slack-export", export)
    (export / "general").mkdir()
    (export / "general" / "2024-03-12.json").write_text(
        '[{"type": "message", "ts": "1710252900.000100", "user": "U01DANA", "text": "FYI"}]'
    )
    result, _ = read_sources([str(export)], ReadOptions())
    texts = [e.text for e in result.events]
    assert "#general: FYI" in texts
    assert "#inc-checkout: Rolling back checkout-api to v2.30.4 now" in texts
    assert {e.source_id for e in result.events if e.text == "#general: FYI"} == {
        "C02GEN:1710252900.000100"
    }
    assert any("messages from 2 channels: #general, #inc-checkout" in w for w in result.warnings)


def test_pasted_headers_are_names_not_sentences() -> None:
    from postmortem_tui.importers.text import read_text

    text = (
        "Dana Ortiz  2:32 PM\n"
        "Seeing 5xx\n"
        "Priya Natarajan 2:40 PM\n"
        "it's the timeout\n"
        "14:45 rollback finished at 14:44\n"
        "deploy was done at 14:02\n"  # a sentence ending in a time: more of the message above
        "sam\t14:50\n"
        "checking\n"
    )
    result = read_text(text, ReadOptions(day=dt.date(2024, 3, 12)))
    assert [(e.at.strftime("%H:%M"), e.actor, e.text) for e in result.events] == [
        ("14:32", "Dana Ortiz", "Seeing 5xx"),
        ("14:40", "Priya Natarajan", "it's the timeout"),
        ("14:45", None, "rollback finished at 14:44 deploy was done at 14:02"),
        ("14:50", "sam", "checking"),
    ]
