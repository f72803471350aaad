"""Text typed into a form that was never confirmed, found when a draft opens: restore it?"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class RecoveryDialog(ModalScreen[bool | None]):
    """Restore (True) or discard (False) the unconfirmed text; Esc (None) asks again next time.

    No letter answers it: keys typed ahead while the draft opened must not throw text away.
    """

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", "Later", id="recovery.later"),
    ]

    def __init__(self, noun: str, excerpt: str) -> None:
        super().__init__()
        self._noun = noun
        self._excerpt = excerpt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Text that was not saved", classes="dialog-title")
            yield Static(
                f"When this draft was last open, a {self._noun} form held text that was never "
                f"confirmed:\n\n  {self._excerpt}\n\n"
                "Open that form again with the text in it? (Esc: ask again next time)",
                classes="dialog-text",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore it", id="restore", variant="primary")
                yield Button("Discard it", id="discard", variant="error")

    def on_mount(self) -> None:
        # Restoring loses nothing, so a stray Enter does that.
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore")

    def action_later(self) -> None:
        """Close and keep the text for the next time the draft opens."""
        self.dismiss(None)
