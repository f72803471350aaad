"""Prevention: measures against similar incidents, and whether each is done."""

from __future__ import annotations

from ...core import fields, model
from ..widgets.list_editor import Column, clip
from .common import FormStep, ListSpec

PREVENTION_FIELDS = fields.fields_of(model.Prevention)
PREVENTION_COLUMNS = (
    Column("Done", lambda p: "[x]" if p.done else "[ ]"),
    Column("Measure", lambda p: clip(p.text, 70)),
)


class PreventionStep(FormStep):
    """What keeps this from happening again; space marks a measure done."""

    key = "prevention"
    LISTS = (
        ListSpec(
            "prevention",
            model.Prevention,
            PREVENTION_FIELDS,
            PREVENTION_COLUMNS,
            "Prevention",
            "measure",
            toggle_field="done",
        ),
    )
