"""The draft changed on disk: reload it, or keep these edits as a copy."""

from __future__ import annotations

import enum
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConflictChoice(enum.Enum):
    """What to do about a draft that changed on disk."""

    RELOAD = "reload"
    """Read the file again; edits since the last save are lost."""
    SAVE_COPY = "copy"
    """Write the edits to a new draft file and go on editing that one."""


class ConflictDialog(ModalScreen[ConflictChoice]):
    """Never overwrite silently: ask whether to reload or to save the edits as a copy."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", "Reload", id="conflict.reload"),
        Binding("c", "choose('copy')", "Save as copy", id="conflict.copy"),
    ]

    def __init__(self, file_name: str, last_saved: str | None) -> None:
        super().__init__()
        self._file_name = file_name
        self._last_saved = last_saved

    def compose(self) -> ComposeResult:
        since = f"since {self._last_saved}" if self._last_saved else "since it was opened"
        with Vertical(classes="dialog-box"):
            yield Static("The draft changed on disk", classes="dialog-title")
            yield Static(
                f"{self._file_name} was changed by another program {since}. "
                "It was not overwritten.\n\n"
                "Reload it to see that version: your edits since the last save are lost.\n"
                "Or save your edits as a copy (a new draft file) and go on editing the copy.\n\n"
                "Keys: c save as copy, r reload.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save as copy", id="copy", variant="primary")
                yield Button("Reload from disk", id="reload", variant="warning")

    def on_mount(self) -> None:
        # Keeping the edits is the choice that loses nothing, so it is the default.
        self.query_one("#copy", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ConflictChoice(event.button.id))

    def action_choose(self, choice: str) -> None:
        """Close the dialog with ``choice`` (``reload`` or ``copy``)."""
        self.dismiss(ConflictChoice(choice))
