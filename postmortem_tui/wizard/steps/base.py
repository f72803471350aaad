"""The contract between the wizard's shell and each step's editor.

The shell (``wizard/app.py`` and its screens) owns the draft, the sidebar, navigation, saving
and the Review step. A step editor edits one part of ``self.draft`` in place and posts
``StepEditor.Changed`` after every edit; the shell then schedules an autosave and refreshes the
sidebar. Editors never save, never read files and never talk to each other.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.containers import VerticalScroll
from textual.message import Message

from ...core.model import Draft
from ...core.progress import STEPS, Step


class StepEditor(VerticalScroll):
    """One wizard step's editor, bound to the open draft."""

    DEFAULT_CLASSES = "step-editor"
    key: ClassVar[str] = ""
    """The step's key in ``progress.STEPS``; set by each subclass."""

    class Changed(Message):
        """The draft was edited in this step (posted after the model is updated)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.draft = draft
        self.read_only = read_only
        self.edits = 0
        """How many edits this step made (counted at once; ``Changed`` follows through the
        message queues), so the shell can tell an edit whose message is still on its way."""

    @property
    def step(self) -> Step:
        """The step this editor edits."""
        return next(s for s in STEPS if s.key == self.key)

    def mark_changed(self) -> None:
        """Tell the shell the draft changed (call after updating ``self.draft``)."""
        self.edits += 1
        self.post_message(self.Changed(self.key))

    def reload(self, draft: Draft) -> None:
        """Show ``draft`` instead (after it was reloaded from disk); subclasses refresh widgets."""
        self.draft = draft

    def take_typed(self) -> bool:
        """Put into the draft what the fields hold but the model does not have yet (keys still
        on their way); True when anything changed. Subclasses with fields override this."""
        return False

    def focus_first(self) -> None:
        """Put the cursor where a person starts typing in this step (its first focusable
        widget; subclasses may choose better)."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
