"""Prevention: measures against similar incidents, and whether each is done."""

from __future__ import annotations

from textual.app import ComposeResult

from ... import model
from ..widgets.fields import FieldSpec
from ..widgets.list_editor import Column, clip
from .common import FormStep

PREVENTION_FIELDS = (
    FieldSpec("text", "Measure", required=True),
    FieldSpec("done", "Done", kind="bool"),
)


class PreventionStep(FormStep):
    """What keeps this from happening again; space marks a measure done."""

    key = "prevention"

    def compose(self) -> ComposeResult:
        yield self.guideline()
        yield self.list(
            "prevention",
            item_type=model.Prevention,
            fields=PREVENTION_FIELDS,
            columns=(
                Column("Done", lambda p: "[x]" if p.done else "[ ]"),
                Column("Measure", lambda p: clip(p.text, 70)),
            ),
            title="Prevention",
            noun="measure",
            toggle_field="done",
            empty_hint="None yet.",
        )
