"""Any JSON, CSV or text given to any reader gives events or one SourceError: never another
exception (a traceback instead of a message)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.importers import FORMATS, ReadOptions, SourceError
from postmortem_tui.importers.base import ImportResult, Source

KEYS = [
    "type", "ts", "text", "user", "subtype", "thread_ts", "attachments", "files", "message",
    "log_entries", "id", "created_at", "summary", "agent", "channel", "note", "more",
    "data", "log", "createdAt", "offset", "paging", "tinyId", "report", "ackTime",
    "alerts", "startsAt", "endsAt", "status", "labels", "annotations", "fingerprint", "version",
    "orgId", "incident_updates", "incident", "incident_timestamp_values", "value",
    "sha", "ref", "environment", "state", "deployment_url", "creator", "profile", "name",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "message",
            "bot_message",
            "message_changed",
            "trigger_log_entry",
            "resolve_log_entry",
            "resolved",
            "firing",
            "success",
            "1",
            "4",
            "2024-03-12T14:00:00Z",
            "1710252570.000100",
            "0001-01-01T00:00:00Z",
            "<@U1> <#C1|x> <!here> <http://a|b>",
            "",
        ]
    ),
    st.text(max_size=20),
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=30,
)


def _read(fmt: str, data: bytes) -> ImportResult | None:
    try:
        return FORMATS[fmt][1]([Source("fuzz.json", data)], ReadOptions(tz="Europe/Berlin"))
    except SourceError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(sorted(FORMATS)), document=JSON)
def test_any_json_gives_events_or_a_message(fmt: str, document: Any) -> None:
    result = _read(fmt, json.dumps(document).encode())
    if result is not None:
        for event in result.events:
            assert event.at.tzinfo is not None and isinstance(event.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(sorted(FORMATS)), text=st.text(max_size=300))
def test_any_text_gives_events_or_a_message(fmt: str, text: str) -> None:
    _read(fmt, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(
    fmt=st.sampled_from(["csv", "pagerduty-csv", "git-log", "text"]),
    cells=st.lists(
        st.lists(st.one_of(SCALARS.map(str), st.text(max_size=10)), max_size=6), max_size=6
    ),
    separator=st.sampled_from([",", "\t", ";"]),
)
def test_any_table_gives_events_or_a_message(
    fmt: str, cells: list[list[str]], separator: str
) -> None:
    header = separator.join(["time", "event", "kind", "created_at", "incident_number", "actor"])
    body = "\n".join(separator.join(row) for row in cells)
    _read(fmt, f"{header}\n{body}\n".encode("utf-8", "surrogatepass"))
