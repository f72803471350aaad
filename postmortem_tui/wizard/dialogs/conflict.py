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

from ..typeahead import WaitsForCursor


class ConflictChoice(enum.Enum):
    """What to do about a draft that changed on disk."""

    RELOAD = "reload"
    """Read the file again; edits since the last save are lost."""
    SAVE_COPY = "copy"
    """Write the edits to a new draft file and go on editing that one."""
    DISCARD = "discard"
    """Leave without saving the edits (only when leaving)."""
    STAY = "stay"
    """Do not leave (only when leaving)."""


class ConflictDialog(WaitsForCursor, ModalScreen[ConflictChoice | None]):
    """Never overwrite silently: ask whether to reload or to save the edits as a copy."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", "Reload", id="conflict.reload"),
        Binding("c", "choose('copy')", "Save as copy", id="conflict.copy"),
    ]

    def __init__(self, file_name: str, last_saved: str | None, *, leaving: bool = False) -> None:
        super().__init__()
        self._file_name = file_name
        self._last_saved = last_saved
        self._leaving = leaving

    def compose(self) -> ComposeResult:
        since = f"since {self._last_saved}" if self._last_saved else "since it was opened"
        if self._leaving:
            yield from self._compose_leaving(since)
            return
        with Vertical(classes="dialog-box"):
            yield Static("The draft changed on disk", classes="dialog-title")
            yield Static(
                f"{self._file_name} was changed by another program {since}. "
                "It was not overwritten.\n\n"
                "Reload it to see that version: your edits since the last save are lost.\n"
                "Or save your edits as a copy (a new draft file) and go on editing the copy.\n\n"
                "Keys: c save as copy, r reload, Esc decide later (nothing is saved meanwhile).",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save as copy", id="copy", variant="primary")
                yield Button("Reload from disk", id="reload", variant="warning")

    def _compose_leaving(self, since: str) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Your edits are in no file", classes="dialog-title")
            yield Static(
                f"{self._file_name} was changed by another program {since}, so your edits "
                "since then were not saved into it.\n\n"
                "Save them as a copy (a new draft file beside it) before leaving, leave and "
                "drop them, or stay.\n\n"
                "Keys: c save as copy, d drop and leave, Esc stay.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save as copy", id="copy", variant="primary")
                yield Button("Drop my edits", id="discard", variant="error")
                yield Button("Stay", id="stay")

    def key_d(self) -> None:
        """Drop the edits and leave (only offered when leaving)."""
        if self._leaving:
            self.dismiss(ConflictChoice.DISCARD)

    def key_escape(self) -> None:
        """Esc: stay (when leaving), or decide later (Ctrl+S asks again; nothing is saved
        meanwhile)."""
        self.dismiss(ConflictChoice.STAY if self._leaving else None)

    def on_mount(self) -> None:
        # Keeping the edits is the choice that loses nothing, so it is the default.
        self.query_one("#copy", Button).focus()
        self.keys_ready()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ConflictChoice(event.button.id))

    def action_choose(self, choice: str) -> None:
        """Close the dialog with ``choice`` (``reload`` or ``copy``)."""
        self.dismiss(ConflictChoice(choice))
