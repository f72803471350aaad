"""Modal forms that add or edit one list item, and the question before deleting one.

``ItemForm`` is built from field specs and dismisses with the new values (a dict keyed by the
specs' names) or None on cancel; a field whose text is invalid keeps the form open and shows
why beside it. ``TimelineEventForm`` reads a typed time against the event before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from ..tab_keys import TAB_BINDINGS, TabInOrder
from ..typeahead import WaitsForCursor, after_pending_keys
from ..widgets.fields import Field, FieldSpec, TimeContext

ENTER_SUBMITS = (Input, Select, Checkbox)
"""Controls on which Enter means "done": none of them takes a new line (a text area does, a
button presses, an open dropdown picks its option)."""


class ItemForm(TabInOrder, WaitsForCursor, ModalScreen[dict[str, Any] | None]):
    """Edit one item's fields; dismiss with the values, or None when cancelled.

    Ctrl+S and Enter read the fields only after each has taken the keys typed before them;
    Esc asks before dropping what was typed.
    """

    DEFAULT_CLASSES = "item-form-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        *TAB_BINDINGS,
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Done", id="form.save", priority=True),
        # Priority, so that Enter on a checkbox submits rather than toggles (space toggles).
        Binding("enter", "submit", "Done", id="form.submit", show=False, priority=True),
        # Priority too: ticked at once, so a Ctrl+S or Enter right after it sees the tick.
        Binding("space", "tick", "Toggle", id="form.tick", show=False, priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="form.external_editor", priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        values: dict[str, Any] | None = None,
        *,
        context: TimeContext | None = None,
        typed: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.values = dict(values or {})
        self.context = context or TimeContext()
        self._shown: list[Any] = []
        """What the controls held when the form opened."""
        self.typed = dict(typed or {})
        """Text to put back in the fields as typed (from a recovery record)."""
        self._form_closed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="item-form"):
            yield Label(self.form_title, classes="form-title")
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    yield Field(spec, self.values.get(spec.name), context=self.context)
                yield from self.compose_extra()
            yield Static(
                "Enter or ctrl+s: done · Esc: cancel · Tab: next field", classes="form-help"
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Done", variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)

    def compose_extra(self) -> ComposeResult:
        """Widgets after the fields (subclasses)."""
        yield from ()

    def on_mount(self) -> None:
        self._shown = self.raw_values()
        self.query(Field).first().input.focus()
        if self.typed:
            self._put_back(self.typed)
        self.keys_ready()

    def typed_text(self) -> dict[str, Any]:
        """What every field holds now, as typed (a Select's blank is None)."""
        found: dict[str, Any] = {}
        for field in self.query(Field):
            raw = field.raw()
            found[field.spec.name] = None if raw is Select.NULL else raw
        return found

    def _put_back(self, typed: dict[str, Any]) -> None:
        for field in self.query(Field):
            if typed.get(field.spec.name) is None:
                continue
            value = typed[field.spec.name]
            control = field.input
            if isinstance(control, TextArea):
                control.load_text(str(value))
            elif isinstance(control, Input):
                control.value = str(value)
            elif isinstance(control, (Select, Checkbox)):
                with contextlib.suppress(Exception):  # a choice the scale no longer has
                    control.value = value

    @property
    def closing(self) -> bool:
        """Confirmed or cancelled: its text is no longer unconfirmed."""
        return self._form_closed

    def close_form(self, values: dict[str, Any] | None) -> None:
        """Dismiss with ``values`` (None: cancelled); its text is no longer unconfirmed."""
        self._form_closed = True
        self.dismiss(values)

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.query(Field) if f.spec.name == name)

    def collect(self) -> dict[str, Any] | None:
        """Every field's value, or None (with messages shown) when any is invalid."""
        values: dict[str, Any] = {}
        first_bad: Field | None = None
        for field in self.query(Field):
            try:
                values[field.spec.name] = field.validate_now()
            except ValueError:
                first_bad = first_bad or field
        if first_bad is not None:
            first_bad.input.focus()
            return None
        return self.finish(values)

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        """Last adjustments to valid values before they are returned (subclasses)."""
        return values

    def raw_values(self) -> list[Any]:
        """What every control holds now, unparsed (to tell whether anything was typed)."""
        return [field.raw() for field in self.query(Field)]

    def _after_typing(self, then: Callable[[], object]) -> None:
        """Call ``then`` once every field has taken the keys already typed into it; keys
        typed meanwhile wait for the outcome (the form closed, or still open)."""
        self.hold_keys()
        after_pending_keys([field.input for field in self.query(Field)], then)

    def action_save(self) -> None:
        """Return the values when they are all valid (after the keys typed before)."""
        self._after_typing(self._save_now)

    def _save_now(self) -> None:
        values = self.collect()
        if values is not None:
            self.close_form(values)
        self.keys_ready()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            # Elsewhere Enter is the control's own: a new line, a button, a dropdown's option.
            focused = self.focused
            return isinstance(focused, ENTER_SUBMITS) and not isinstance(focused, TextArea)
        if action == "tick":
            return isinstance(self.focused, Checkbox)  # elsewhere Space is typed
        return True

    def action_tick(self) -> None:
        """Space on a checkbox: tick or untick it."""
        if isinstance(self.focused, Checkbox):
            self.focused.toggle()

    def action_submit(self) -> None:
        """Enter in a field that takes no new line: done, as Ctrl+S."""
        self.action_save()

    def action_external_editor(self) -> None:
        """Edit the focused field in $VISUAL or $EDITOR (as Ctrl+E does in the steps)."""
        from ..external_editor import edit_externally

        edit_externally(self, self.focused, read_only=False)

    def action_cancel(self) -> None:
        """Close without changing anything; asks first when something was typed."""
        self._after_typing(self._cancel_now)

    def _cancel_now(self) -> None:
        from .confirm import close_or_ask

        close_or_ask(
            self,
            self.raw_values() == self._shown,
            lambda: self.close_form(None),
            "Discard what you typed?",
            f"{self.form_title}: the text typed here is not kept if you discard it.",
        )

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class TimelineEventForm(ItemForm):
    """An event's form: a clock time typed alone lands nearest to the event before it.

    The date chosen is shown under the time as it is typed ("00:36, Thu 2024-02-01, next
    day"); Ctrl+Up and Ctrl+Down move it a day (see ``Field``).
    """

    def __init__(
        self,
        *args: Any,
        previous: dt.datetime | None = None,
        source: str = "",
        **kwargs: Any,
    ) -> None:
        """As ``ItemForm``; ``previous`` is the time of the event before this one, ``source``
        where an imported event came from (shown, never edited)."""
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.source = source
        self.context = attrs.evolve(self.context, previous=previous)

    def compose_extra(self) -> ComposeResult:
        if self.source:
            yield Static(self.source, id="event-source", classes="form-note", markup=False)


class ConfirmDelete(WaitsForCursor, ModalScreen[bool]):
    """Ask before deleting, showing the row that would go."""

    DEFAULT_CLASSES = "confirm-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Keep", id="confirm.no"),
    ]

    def __init__(self, question: str, row: str) -> None:
        super().__init__()
        self.question = question
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(classes="confirm"):
            yield Label(self.question, classes="form-title")
            yield Static(self.row, classes="confirm-row", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Delete (y)", variant="error", id="confirm-yes", compact=True)
                yield Button("Keep (n)", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()
        self.keys_ready()

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
