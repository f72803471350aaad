"""Editable text drawn without its control characters, so the terminal never obeys them.

A draft's title or summary may hold an escape sequence (``ESC [2J`` clears the screen, ``ESC ]``
sets the window title) and Textual draws a value's characters as they are. Labels show such
text escaped (``core.display.printable``); an editable value must stay as it is, so a field
leaves these characters out when drawn. They take no cell on screen anyway, so the cursor and
the layout stay where they were.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def inert(strip: Strip) -> Strip:
    """``strip`` without control, escape and bidirectional characters in its text."""
    if not any(_CONTROLS.search(segment.text) for segment in strip):
        return strip
    segments = [
        Segment(_CONTROLS.sub("", segment.text), segment.style, segment.control)
        for segment in strip
    ]
    return Strip(segments, strip.cell_length)


class InertControls:
    """A mixin for a widget that draws what a person typed: see the module's docstring."""

    def render_line(self, y: int) -> Strip:
        """The line as the widget draws it, its control characters left out."""
        line: Strip = super().render_line(y)  # type: ignore[misc]
        return inert(line)


class InertTextArea(InertControls, TextArea):
    """A TextArea drawn without control characters (the export preview)."""
