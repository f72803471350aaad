"""Ask for the title of a new draft."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..typeahead import WaitsForCursor, after_pending_keys


class TitleDialog(WaitsForCursor, ModalScreen[str | None]):
    """A title for a new draft; dismisses with the title (may be empty) or None to cancel."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Cancel", id="dialog.cancel"),
        Binding("enter", "create", "Create", id="dialog.create", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("New postmortem", classes="dialog-title")
            yield Static(
                "What was the incident? A short title, e.g. "
                '"API Outage - Database Connection Pool Exhausted". You can change it later.',
                classes="dialog-text",
            )
            yield Input(placeholder="Title", id="title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self.keys_ready()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "create" or isinstance(self.focused, Input)  # a button takes Enter

    def action_create(self) -> None:
        """Enter in the title: create, once the title has every key typed before Enter."""
        self.hold_keys()
        after_pending_keys([self.query_one("#title", Input)], self._create)

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.dismiss(self.query_one("#title", Input).value.strip())
        self.keys_ready()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without creating a draft."""
        self.dismiss(None)

    def action_escape(self) -> None:
        """Esc: cancel, asking first when a title was typed."""
        self.hold_keys()
        after_pending_keys([self.query_one("#title", Input)], self._escape_now)

    def _escape_now(self) -> None:
        from .confirm import close_or_ask

        close_or_ask(
            self,
            not self.query_one("#title", Input).value.strip(),
            lambda: self.dismiss(None),
            "Discard the title?",
            "No draft is started, and the title typed here is not kept.",
        )
