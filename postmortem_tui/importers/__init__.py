"""Timeline events from the record: chat exports, pager logs, alerts, deploys, pasted text.

One module per source format, each with ``read(sources, options) -> ImportResult``. This module
finds the format of each source (from its content, not its name), groups the sources by format
and hands each group to its reader. Nothing here touches a draft: ``merge`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any, BinaryIO

from . import (
    alertmanager,
    csvfile,
    github,
    gitlog,
    incidentio,
    opsgenie,
    pagerduty,
    pagerduty_csv,
    slack,
    text,
)
from .base import (
    ImportedAction,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    Skipped,
    Source,
    SourceError,
    json_documents,
)
from .sources import load_source

__all__ = [
    "FORMATS",
    "ImportResult",
    "ImportedAction",
    "ImportedEvent",
    "ReadOptions",
    "Skipped",
    "Source",
    "SourceError",
    "detect",
    "read_sources",
]

Reader = Callable[[list[Source], ReadOptions], ImportResult]

FORMATS: dict[str, tuple[str, Reader]] = {
    "slack": ("a Slack export", slack.read),
    "pagerduty": ("PagerDuty log entries", pagerduty.read),
    "pagerduty-csv": ("a PagerDuty incident CSV", pagerduty_csv.read),
    "opsgenie": ("Opsgenie alert logs", opsgenie.read),
    "alertmanager": ("Alertmanager webhook bodies", alertmanager.read_alertmanager),
    "grafana": ("Grafana webhook bodies", alertmanager.read_grafana),
    "incident-io": ("incident.io updates or follow-ups", incidentio.read),
    "github-deployments": ("GitHub deployments", github.read),
    "git-log": ("git log lines", gitlog.read),
    "csv": ("a timeline CSV", csvfile.read),
    "text": ("pasted text", text.read),
}
"""Format name -> (what it is, in words; its reader), in the order of the documentation."""

EXPECTED = (
    "expected a Slack export, PagerDuty log entries or incident CSV, Opsgenie alert logs, an "
    "Alertmanager or Grafana webhook body, incident.io updates or follow-ups, GitHub "
    "deployments, git log "
    "lines or a CSV with time and event columns (for pasted lines use --format text)"
)


def detect(source: Source) -> str | None:
    """The format of one file from its content, or None when it is none of them.

    Pasted text is never guessed: nearly any text has a line that starts with a number.
    """
    stripped = source.text().lstrip()
    if not stripped:
        return None
    if stripped[0] in "[{":
        try:
            documents = json_documents(source)
        except SourceError:
            return None
        return _detect_json(documents)
    if gitlog.looks_like(stripped):
        return "git-log"
    header, _rows = csvfile.rows_of(source)
    if pagerduty_csv.looks_like(header):
        return "pagerduty-csv"
    if csvfile.looks_like(header):
        return "csv"
    return None


def _detect_json(documents: list[Any]) -> str | None:
    first = documents[0]
    if len(documents) == 1 and isinstance(first, list) and first:
        flavour = alertmanager.flavour(first[0])
        if flavour:
            return flavour
    checks: list[tuple[str, Callable[[Any], bool]]] = [
        ("pagerduty", pagerduty.looks_like),
        ("opsgenie", opsgenie.looks_like),
        ("incident-io", incidentio.looks_like),
        ("github-deployments", github.looks_like),
        ("slack", slack.looks_like_messages),
        ("slack", slack.looks_like_users),
        ("slack", slack.looks_like_channels),
    ]
    flavour = alertmanager.flavour(first)
    if flavour:
        return flavour
    for name, check in checks:
        if check(first):
            return name
    return None


def read_sources(
    given: Sequence[str],
    options: ReadOptions,
    fmt: str = "auto",
    stdin: BinaryIO | None = None,
) -> tuple[ImportResult, list[tuple[str, str]]]:
    """Read every source named in ``given`` (files, folders, zips, ``-``) as format ``fmt``.

    Returns the combined result and, for each source, the format it was read as. Raises
    SourceError for a source that is not what it claims (nothing is read then).
    """
    groups: dict[str, list[Source]] = {}
    chosen: list[tuple[str, str]] = []
    for name in given:
        files = load_source(name, stdin)
        if len(files) > 1 or files[0].group:
            if fmt not in ("auto", "slack"):
                raise SourceError(name, f"a folder or .zip can only be a Slack export, not {fmt}")
            if not slack.is_export(files):
                raise SourceError(
                    name,
                    "expected a Slack export (users.json, channels.json and a folder of "
                    "YYYY-MM-DD.json files per channel) or one channel's day files",
                )
            groups.setdefault("slack", []).extend(files)
            chosen.append((name, "slack"))
            continue
        source = files[0]
        found = detect(source) if fmt == "auto" else fmt
        if found is None:
            raise SourceError(source.name, EXPECTED)
        groups.setdefault(found, []).append(source)
        chosen.append((source.name, found))
    result = ImportResult(fmt if len(groups) != 1 else next(iter(groups)))
    for name, sources in groups.items():
        result.extend(FORMATS[name][1](sources, options))
    result.events.sort(key=lambda e: e.at.astimezone(UTC))
    return result, chosen
