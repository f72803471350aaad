"""Modal forms that add or edit one list item, and the question before deleting one.

``ItemForm`` is built from field specs and dismisses with the new values (a dict keyed by the
specs' names) or None on cancel; a field whose text is invalid keeps the form open and shows
why beside it. ``TimelineEventForm`` adds the one question a timeline needs: a time earlier
than the previous event's may mean the next day, and the person chooses, visibly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core import times
from ..tab_keys import TAB_BINDINGS, TabInOrder
from ..widgets.fields import Field, FieldSpec, TimeContext


class ItemForm(TabInOrder, ModalScreen[dict[str, Any] | None]):
    """Edit one item's fields; dismiss with the values, or None when cancelled."""

    DEFAULT_CLASSES = "item-form-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        *TAB_BINDINGS,
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Done", id="form.save", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="form.external_editor", priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        values: dict[str, Any] | None = None,
        *,
        context: TimeContext | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.values = dict(values or {})
        self.context = context or TimeContext()

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
        self.query(Field).first().input.focus()

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

    def action_save(self) -> None:
        """Return the values when they are all valid."""
        values = self.collect()
        if values is not None:
            self.dismiss(values)

    def action_external_editor(self) -> None:
        """Edit the focused field in $VISUAL or $EDITOR (as Ctrl+E does in the steps)."""
        from ..external_editor import edit_externally

        edit_externally(self, self.focused, read_only=False)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def next_day_question(previous: dt.datetime, rolled: dt.datetime, tz: str) -> str:
    """ "Earlier than the previous event (23:50). Next day, 2024-01-16 00:10?"."""
    when = times.in_zone(rolled, tz)
    return (
        f"Earlier than the previous event ({times.format_clock(previous, tz)}). "
        f"Next day, {when.date().isoformat()} {times.format_clock(rolled, tz)}?"
    )


NEXT_DAY_GAP = dt.timedelta(hours=12)
"""A time this close after the previous event once moved to the next day is offered as the
next day; farther (14:15 typed after 14:32) it is offered as the same day."""


def _bare_clock(text: str, context: TimeContext) -> dt.datetime | None:
    """``text`` read as a clock time on the context's day; None when it names its own date."""
    try:
        times.parse_time(text, tz=context.tz, day=None)
    except ValueError:
        try:
            return times.parse_time(text, tz=context.tz, day=context.day)
        except ValueError:
            return None
    return None  # a date was typed with the time: it says which day it is


class TimelineEventForm(ItemForm):
    """An event's form; a bare clock time earlier than ``previous`` offers the next day."""

    def __init__(self, *args: Any, previous: dt.datetime | None = None, **kwargs: Any) -> None:
        """As ``ItemForm``; ``previous`` is the time of the event before this one."""
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.rolled: dt.datetime | None = None
        """The next-day time offered for the time typed now, if any."""

    def compose_extra(self) -> ComposeResult:
        with Vertical(id="next-day-box", classes="next-day"):
            yield Static("", id="next-day-question")
            yield Select([("", True)], allow_blank=False, id="next-day", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        # Ask again on every keystroke in the time, even when the parsed time stays the same
        # ("13:00" after "2024-01-15 13:00").
        self.watch(self.field("at").input, "value", self._time_typed, init=False)
        self._offer_roll()

    @property
    def next_day(self) -> bool:
        """The person's answer: the typed time is on the next day."""
        return bool(self.query_one("#next-day", Select).value is True)

    def _offer_roll(self) -> None:
        box = self.query_one("#next-day-box")
        text = str(self.field("at").raw()).strip()
        value = _bare_clock(text, self.context)
        rolled = times.roll_to_next_day(value, self.previous) if value else None
        box.display = rolled is not None
        if rolled is None or value is None or self.previous is None:
            self.rolled = None
            return
        if rolled == self.rolled:
            return  # same question: keep the person's answer
        self.rolled = rolled
        tz = self.context.tz
        self.query_one("#next-day-question", Static).update(
            next_day_question(self.previous, rolled, tz)
        )
        same = times.in_zone(value, tz)
        # Offer the likely answer first (23:50 then 00:10 crossed midnight; 14:15 typed after
        # 14:32 is an earlier event added late); the choice is shown in words either way.
        suggested = rolled - self.previous <= NEXT_DAY_GAP
        select = self.query_one("#next-day", Select)
        select.set_options(
            [
                (f"Yes: next day, {_stamp(rolled, tz)}", True),
                (
                    f"No: {same.date().isoformat()} {times.format_clock(value, tz)}, "
                    "before the previous event",
                    False,
                ),
            ]
        )
        select.value = suggested
        # Same value as before the new options: run the watcher anyway to show the new words.
        select.mutate_reactive(Select.value)  # type: ignore[misc]

    def _time_typed(self, _value: str) -> None:
        self._offer_roll()

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        self._offer_roll()
        if self.rolled is not None and self.next_day:
            values["at"] = self.rolled
        return values


def _stamp(value: dt.datetime, tz: str) -> str:
    return f"{times.in_zone(value, tz).date().isoformat()} {times.format_clock(value, tz)}"


class ConfirmDelete(ModalScreen[bool]):
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

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
