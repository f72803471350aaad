"""Related Incidents: earlier incidents like this one."""

from __future__ import annotations

from ...core import fields, model
from ..widgets.list_editor import Column, clip
from .common import FormStep, ListSpec

RELATED_FIELDS = fields.fields_of(model.Related)
RELATED_COLUMNS = (
    Column("Date", lambda r: r.date.isoformat() if r.date else ""),
    Column("Title", lambda r: clip(r.title, 50)),
    Column("Link", lambda r: clip(r.link, 40)),
)


class RelatedStep(FormStep):
    """Earlier incidents with the same pattern."""

    key = "related"
    LISTS = (
        ListSpec(
            "related",
            model.Related,
            RELATED_FIELDS,
            RELATED_COLUMNS,
            "Related incidents",
            "related incident",
        ),
    )
