"""Import speed: a Slack export of 50,000 messages and a PagerDuty log of 10,000 entries, timed
against ``json.load`` of the same files in the same run. Run with::

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_import_speed.py -s

Three figures per source: ``json.load`` of every file (the floor: any reader parses the JSON),
reading the records into events (``importers.read_sources``), and the whole command
(``postmortem import`` into an empty draft: read, merge, save the draft with every event).
Each is the median of several runs, interleaved so that a busy moment hits all alike; the
assertions are generous ceilings, not targets.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui.commands.timeline_import import run_import
from postmortem_tui.core import model, store
from postmortem_tui.importers import ReadOptions, read_sources

pytestmark = pytest.mark.benchmark

MESSAGES = 50_000
ENTRIES = 10_000
START = dt.datetime(2024, 3, 12, 14, 0, tzinfo=dt.UTC)


def slack_export(folder: Path, messages: int = MESSAGES) -> Path:
    """An export of one busy channel: 20 users, threads, mentions, links, bots, edits, joins,
    spread over day files of 5,000 messages."""
    users = [
        {
            "id": f"U{i:08d}",
            "name": f"user{i}",
            "real_name": f"User Number {i}",
            "profile": {"real_name": f"User Number {i}", "display_name": f"user{i}"},
        }
        for i in range(20)
    ]
    (folder / "users.json").write_text(json.dumps(users))
    (folder / "channels.json").write_text(
        json.dumps([{"id": "C0INC", "name": "inc-big", "created": 1710252000}])
    )
    channel = folder / "inc-big"
    channel.mkdir()
    per_day = 5_000
    for day in range(0, messages, per_day):
        batch = []
        for i in range(day, min(day + per_day, messages)):
            ts = f"{START.timestamp() + i * 3:.6f}"
            message: dict[str, object] = {
                "type": "message",
                "user": f"U{i % 20:08d}",
                "ts": ts,
                "text": (
                    f"<@U{(i + 1) % 20:08d}> error rate {i % 100}% on "
                    f"<https://grafana.example.com/d/{i}|panel {i}> &amp; rising"
                ),
                "client_msg_id": f"{i:032x}",
                "team": "T0",
                "user_profile": {"real_name": f"User Number {i % 20}", "display_name": ""},
            }
            if i % 10 == 3:
                message["thread_ts"] = f"{START.timestamp() + (i - 3) * 3:.6f}"
            if i % 50 == 7:
                message["edited"] = {"user": message["user"], "ts": ts}
            if i % 100 == 11:
                message = {"type": "message", "subtype": "bot_message", "ts": ts,
                           "username": "PagerDuty", "text": "", "bot_id": "B1",
                           "attachments": [{"fallback": f"Triggered #{i}"}]}  # fmt: skip
            if i % 500 == 13:
                message = {"type": "message", "subtype": "channel_join", "ts": ts,
                           "user": "U00000001", "text": "joined"}  # fmt: skip
            batch.append(message)
        when = (START + dt.timedelta(days=day // per_day)).date()
        (channel / f"{when.isoformat()}.json").write_text(json.dumps(batch, indent=1))
    return folder


def pagerduty_log(path: Path, entries: int = ENTRIES) -> Path:
    """One incident's log of ``entries`` entries, newest first, as the API pages it."""
    kinds = ["notify_log_entry", "annotate_log_entry", "escalate_log_entry", "assign_log_entry"]
    rows = []
    for i in range(entries):
        kind = "trigger_log_entry" if i == 0 else kinds[i % len(kinds)]
        rows.append(
            {
                "id": f"R{i:012d}",
                "type": kind,
                "summary": f"Entry {i}: notified user {i % 30}",
                "self": f"https://api.pagerduty.com/log_entries/R{i:012d}",
                "html_url": f"https://example.pagerduty.com/incidents/Q1/log_entries/R{i:012d}",
                "created_at": (START + dt.timedelta(seconds=i)).isoformat().replace("+00:00", "Z"),
                "agent": {"id": "P1", "type": "user_reference", "summary": f"User {i % 30}"},
                "channel": {"type": "note", "summary": f"note {i}"},
                "service": {"id": "PS", "type": "service_reference", "summary": "checkout-api"},
                "incident": {"id": "Q1", "type": "incident_reference", "summary": "[#1] 5xx"},
                "teams": [{"id": "T1", "type": "team_reference", "summary": "Payments"}],
                "contexts": [],
            }
        )
    rows.reverse()
    path.write_text(json.dumps({"log_entries": rows, "limit": entries, "more": False}))
    return path


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _load_json(files: list[Path]) -> None:
    for file in files:
        with file.open("rb") as handle:
            json.load(handle)


def _measure(cases: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            began = time.perf_counter()
            case()
            samples[name].append(time.perf_counter() - began)
    return {name: _median(values) for name, values in samples.items()}


def _whole_command(tmp: Path, source: Path) -> Callable[[], object]:
    counter = iter(range(1_000_000))

    def run() -> object:
        draft = tmp / f"draft-{source.name}-{next(counter)}.toml"
        store.save_draft(model.Draft.new("Big import", date=START.date()), draft)
        return run_import(draft, [str(source)], out=io.StringIO(), err=io.StringIO())

    return run


def test_import_speed_against_json_load(tmp_path: Path) -> None:
    export = tmp_path / "slack"
    export.mkdir()
    slack_export(export)
    slack_files = sorted(export.rglob("*.json"))
    log = pagerduty_log(tmp_path / "log.json")
    options = ReadOptions()
    result, _ = read_sources([str(export)], options)
    assert len(result.events) == MESSAGES - MESSAGES // 500
    assert len(read_sources([str(log)], options)[0].events) == ENTRIES

    figures = _measure(
        {
            "slack json.load": lambda: _load_json(slack_files),
            "slack read": lambda: read_sources([str(export)], options),
            "slack import": _whole_command(tmp_path, export),
            "pagerduty json.load": lambda: _load_json([log]),
            "pagerduty read": lambda: read_sources([str(log)], options),
            "pagerduty import": _whole_command(tmp_path, log),
        },
        runs=5,
    )
    print()
    for source, count in (("slack", MESSAGES), ("pagerduty", ENTRIES)):
        floor = figures[f"{source} json.load"]
        for step in ("json.load", "read", "import"):
            value = figures[f"{source} {step}"]
            print(
                f"{source:9} {step:9} {value * 1000:8.1f} ms  {value / floor:5.1f}x  "
                f"({count / value:,.0f} records/s)"
            )
    assert figures["slack read"] < 60 * figures["slack json.load"]
    assert figures["pagerduty read"] < 60 * figures["pagerduty json.load"]
