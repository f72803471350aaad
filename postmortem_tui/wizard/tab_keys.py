"""Tab and Shift+Tab handled as soon as they arrive, so text typed right after lands in the
next field.

Textual hands a key to the focused widget's queue, and Tab moves the focus only once it has
bubbled up to the screen. Keys that arrive together (autotype, a paste without bracketed
paste, tmux ``send-keys Tab text``) are all handed out before that, so the text after a Tab
went into the field being left; the deeper the widget, the wider the window. As priority
bindings, Tab and Shift+Tab are acted on by the App before it looks at the next key. A widget
that takes Tab itself (a text area that indents) still gets it: Textual asks the focused
widget (``check_consume_key``) before it runs a priority binding.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.screen import Screen

TAB_BINDINGS: list[BindingType] = [
    Binding("tab", "focus_field(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_field(-1)", "Previous field", show=False, priority=True),
]


class TabInOrder:
    """Mixin for a Screen (before it in the bases) whose BINDINGS include TAB_BINDINGS."""

    def action_focus_field(self, step: int) -> None:
        """Focus the next (1) or previous (-1) field."""
        assert isinstance(self, Screen)
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()
