"""Summary: the title, date, severity, status, zone, authors, tags and the summary text."""

from __future__ import annotations

import attrs

from ...core import model, times
from ..widgets.fields import FieldSpec
from ..widgets.list_editor import Column
from .common import FormStep, ListSpec


def _zone_problem(name: str) -> str | None:
    try:
        times.zone(name)
    except Exception:
        return f'Expected an IANA time zone like "Europe/Berlin", got "{name}"'
    return None


def severity_choices(current: str | None) -> tuple[tuple[str, str], ...]:
    """The default scale as "P1 Critical", plus a team's own key when the draft has one."""
    choices = [(f"{key} {name}", key) for key, name in model.DEFAULT_SEVERITIES.items()]
    if current and current not in model.DEFAULT_SEVERITIES:
        choices.append((current, current))
    return tuple(choices)


STATUS = FieldSpec(
    "status",
    "Status",
    kind="select",
    required=True,
    choices=tuple((label, key) for key, label in model.STATUSES.items()),
)
TITLE = FieldSpec("title", "Title", required=True, required_message="A title is required")
DATE = FieldSpec("date", "Date", kind="date", placeholder="2024-01-15")
TIMEZONE = FieldSpec(
    "timezone",
    "Time zone",
    required=True,
    placeholder="UTC or Europe/Berlin",
    check=_zone_problem,
    required_message="A time zone is required (UTC or an IANA name)",
)
TAGS = FieldSpec("tags", "Tags", kind="csv", placeholder="database, deploy")
TEXT = FieldSpec(
    "text",
    "Summary",
    kind="longtext",
    widget_id="summary-text",
    placeholder="2-3 sentences: what happened, for how long, to whom, and why.",
)
AUTHOR_FIELDS = (FieldSpec("name", "Name", required=True), FieldSpec("role", "Role"))


SEVERITY = FieldSpec("severity", "Severity", kind="select", choices=severity_choices(None))
AUTHORS = ListSpec(
    "meta.authors",
    model.Author,
    AUTHOR_FIELDS,
    (Column("Name", lambda a: a.name), Column("Role", lambda a: a.role or "")),
    "Authors",
    "author",
    empty_hint="No authors yet.",
)


class SummaryStep(FormStep):
    """The title and what the incident was, in two or three sentences."""

    key = "summary"
    FIELDS = (
        ("meta", TITLE),
        ("summary", TEXT),
        ("meta", DATE),
        ("meta", SEVERITY),
        ("meta", STATUS),
        ("meta", TIMEZONE),
        ("meta", TAGS),
    )
    LISTS = (AUTHORS,)

    def adapt(self, spec: FieldSpec) -> FieldSpec:
        if spec is SEVERITY:
            return attrs.evolve(spec, choices=severity_choices(self.draft.meta.severity))
        return spec
