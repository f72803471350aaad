"""Related Incidents: earlier incidents like this one."""

from __future__ import annotations

from textual.app import ComposeResult

from ... import model
from ..widgets.fields import FieldSpec
from ..widgets.list_editor import Column, clip
from .common import FormStep

RELATED_FIELDS = (
    FieldSpec("date", "Date", kind="date", placeholder="2023-11-02"),
    FieldSpec("title", "Title", required=True),
    FieldSpec("link", "Link", placeholder="URL or path of another draft"),
)


class RelatedStep(FormStep):
    """Earlier incidents with the same pattern."""

    key = "related"

    def compose(self) -> ComposeResult:
        yield self.guideline()
        yield self.list(
            "related",
            item_type=model.Related,
            fields=RELATED_FIELDS,
            columns=(
                Column("Date", lambda r: r.date.isoformat() if r.date else ""),
                Column("Title", lambda r: clip(r.title, 50)),
                Column("Link", lambda r: clip(r.link, 40)),
            ),
            title="Related incidents",
            noun="related incident",
            empty_hint="None yet.",
        )
