"""The wizard's fields draw a value's escape sequences as nothing: the terminal never gets them,
and the value itself is kept as it is."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from postmortem_tui.core.model import Draft
from postmortem_tui.wizard.widgets.fields import FieldInput, FieldTextArea

from .stephelpers import StepApp, run_async

HOSTILE = "Outage\x1b]0;owned\x07\x1b[2J\u202eend"


def _drawn(widget: Input | TextArea) -> str:
    return "".join(
        segment.text for y in range(widget.size.height) for segment in widget.render_line(y)
    )


@run_async
async def test_fields_draw_no_escape_sequence() -> None:
    draft = Draft.new(HOSTILE)
    draft.summary.text = f"Summary {HOSTILE}"
    app = StepApp("summary", draft)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        inputs = list(app.screen.query(FieldInput))
        areas = list(app.screen.query(FieldTextArea))
        assert inputs and areas
        drawn = "".join(_drawn(widget) for widget in [*inputs, *areas])
        assert "Outage]0;owned[2Jend" in drawn
        assert not any(ch in drawn for ch in "\x1b\x07\u202e")
        # The value is the person's: kept whole.
        assert any(widget.value == HOSTILE for widget in inputs)
        assert draft.meta.title == HOSTILE
