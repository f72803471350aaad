"""Team Sections: a team's own sections (Background, FAQ, ...), each placed after another."""

from __future__ import annotations

from typing import Any

from ...core import fields, model
from ..dialogs.item_form import ItemForm
from ..widgets.list_editor import Column, ListEditor, clip
from .common import FormStep, ListSpec

SECTION_FIELDS = fields.fields_of(model.Section)
PLACES = dict((value, label) for label, value in fields.section_places())
"""``"summary"`` -> ``"After Summary"``."""


class SectionsEditor(ListEditor):
    """The sections in the draft's order; a new one goes after the Appendix unless moved."""

    def make_form(self, index: int | None) -> ItemForm:
        if index is not None:
            return super().make_form(index)
        return ItemForm(
            f"Add {self.noun}", self.fields, {"after": "appendix"}, context=self.context()
        )


SECTIONS = ListSpec(
    "sections",
    model.Section,
    SECTION_FIELDS,
    (
        Column("Title", lambda s: clip(s.title, 40)),
        Column("Where", lambda s: PLACES.get(s.after, s.after)),
        Column("Text", lambda s: clip(s.text, 60) or "(not written yet)"),
    ),
    "Sections",
    "section",
    empty_hint="No sections of your own yet: press a to add one (Background, FAQ, ...).",
    editor=SectionsEditor,
)


class SectionsStep(FormStep):
    """The team's own sections, added, ordered and written here."""

    key = "sections"
    LISTS = (SECTIONS,)

    def after_list(self, editor: Any) -> None:
        """Nothing derived to refresh; the sidebar shows the titles (the shell updates it)."""
