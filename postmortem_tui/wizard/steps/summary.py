"""Summary: the title, date, severity, status, zone, authors, tags and the summary text."""

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
