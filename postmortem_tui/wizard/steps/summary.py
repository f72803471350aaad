"""Summary: the title, date, severity, status, zone, tags, incident id, services, the summary
text, the authors and the responders."""

from __future__ import annotations

from ...core import fields, model
from ..widgets.list_editor import Column
from .common import FormStep, ListSpec

TITLE = fields.field("Meta.title")
DATE = fields.field("Meta.date")
SEVERITY = fields.field("Meta.severity")
"""Offers the team's own scale (``[severities]`` in the config file), as plain mode does."""
STATUS = fields.field("Meta.status")
TIMEZONE = fields.field("Meta.timezone")
TAGS = fields.field("Meta.tags")
INCIDENT_ID = fields.field("Meta.incident_id")
SERVICES = fields.field("Meta.services")
TEXT = fields.field("Summary.text")
AUTHOR_FIELDS = fields.fields_of(model.Author)
AUTHORS = ListSpec(
    "meta.authors",
    model.Author,
    AUTHOR_FIELDS,
    (Column("Name", lambda a: a.name), Column("Role", lambda a: a.role or "")),
    "Authors",
    "author",
    empty_hint="No authors yet.",
)
RESPONDERS = ListSpec(
    "meta.responders",
    model.Responder,
    fields.fields_of(model.Responder),
    (Column("Name", lambda r: r.name), Column("Role", lambda r: r.role or "")),
    "Responders",
    "responder",
    empty_hint="Who else responded (incident commander, communications lead)?",
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
        ("meta", INCIDENT_ID),
        ("meta", SERVICES),
    )
    LISTS = (AUTHORS, RESPONDERS)
