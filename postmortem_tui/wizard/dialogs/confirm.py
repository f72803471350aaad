"""Yes/no questions and notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..typeahead import WaitsForCursor


class ConfirmDialog(WaitsForCursor, ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True for yes.

    ``letters=False`` drops the y and n keys, for a question that text typed ahead must never
    answer (only the buttons, Enter on the focused one, and Esc for no).
    """

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("y", "answer(True)", "Yes", show=False, id="dialog.yes"),
        Binding("n", "answer(False)", "No", show=False, id="dialog.no"),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        danger: bool = False,
        letters: bool = True,
    ) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no
        self._danger = danger
        self._letters = letters

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, id="yes", variant="error" if self._danger else "primary")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        # The safe answer has the focus, so a stray Enter never deletes anything.
        self.query_one("#no" if self._danger else "#yes", Button).focus()
        self.keys_ready()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._letters or action != "answer"

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with ``answer``."""
        self.dismiss(answer)

    def action_cancel(self) -> None:
        """Esc: no."""
        self.dismiss(False)


class NoticeDialog(WaitsForCursor, ModalScreen[None]):
    """Tell the person something that matters, with one OK button."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="dialog.close"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._text, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()
        self.keys_ready()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the notice."""
        self.dismiss(None)


class _Form(Protocol):
    """A dialog that holds typed-ahead keys (``WaitsForCursor``) on a screen."""

    @property
    def app(self) -> App[Any]: ...

    def keys_ready(self) -> None: ...


def close_or_ask(
    screen: _Form,
    unchanged: bool,
    close: Callable[[], object],
    title: str,
    question: str,
    *,
    yes: str = "Discard",
) -> None:
    """Esc on a form: ``close`` at once when nothing typed would be lost, else ask first with a
    question no letter typed ahead can answer; the screen's held keys go on either way."""
    if unchanged:
        close()
        screen.keys_ready()
        return

    def answered(discard: bool | None) -> None:
        if discard:
            close()
        screen.keys_ready()

    screen.app.push_screen(
        ConfirmDialog(title, question, yes=yes, no="Keep editing", danger=True, letters=False),
        answered,
    )
