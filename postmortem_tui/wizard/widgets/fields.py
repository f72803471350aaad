"""Labelled, validated fields: one widget per field spec, the message shown next to the field.

A ``FieldSpec`` describes a field (name, label, kind, choices, required); ``parse_value`` turns
what a person typed into the model's value or raises ``ValueError`` with the message to show.
``Field`` renders a spec as a label, a control and a message line, and posts ``Field.Edited``
with the parsed value on every valid change; an invalid text shows its message and posts
nothing, so nothing invalid reaches the model.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import attrs
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...core import times

KINDS = (
    "text",
    "longtext",
    "code",
    "date",
    "time",
    "int",
    "number",
    "select",
    "bool",
    "lines",
    "csv",
)
"""What a field holds: one line, many lines, code, a date, a time, a whole number, a number, a
choice, a yes/no, a list of lines, a comma-separated list."""


@attrs.frozen
class FieldSpec:
    """One field of a form or a step: the model attribute ``name`` and how it is edited."""

    name: str
    label: str
    kind: str = attrs.field(default="text", validator=attrs.validators.in_(KINDS))
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs of a ``select``."""
    required: bool = False
    placeholder: str = ""
    widget_id: str = ""
    """The control's id (default: ``name`` with dashes), so a screen can focus it."""
    check: Callable[[Any], str | None] | None = None
    """Extra rule on the parsed value: returns the message to show, or None when fine."""
    required_message: str = ""

    @property
    def control_id(self) -> str:
        """The id of the input widget."""
        return self.widget_id or self.name.replace("_", "-")


@attrs.frozen
class TimeContext:
    """How a typed ``14:32`` is read: on ``day`` in zone ``tz``."""

    tz: str = "UTC"
    day: dt.date | None = None


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def parse_value(spec: FieldSpec, raw: Any, context: TimeContext | None = None) -> Any:
    """The model value of ``raw`` (text, a Select value or a bool) for ``spec``.

    Raises ValueError with the message to show next to the field.
    """
    context = context or TimeContext()
    if spec.kind == "bool":
        value: Any = bool(raw)
    elif spec.kind == "select":
        value = None if raw is Select.NULL or raw is None else raw
    elif spec.kind in ("longtext", "code"):
        value = raw if raw.strip() else None
    elif spec.kind == "lines":
        value = [line.strip() for line in raw.splitlines() if line.strip()]
    elif spec.kind == "csv":
        value = [part.strip() for part in raw.split(",") if part.strip()]
    else:
        value = _parse_line(spec, raw.strip(), context)
    if spec.required and _blank(value):
        raise ValueError(spec.required_message or f"{spec.label} is required")
    if spec.check is not None and not _blank(value):
        message = spec.check(value)
        if message:
            raise ValueError(message)
    return value


def _parse_line(spec: FieldSpec, text: str, context: TimeContext) -> Any:
    if not text:
        return None
    if spec.kind == "text":
        return text
    if spec.kind == "date":
        try:
            return times.parse_date(text)
        except times.TimeError:
            raise ValueError("Expected a date like 2024-01-15") from None
    if spec.kind == "time":
        try:
            return times.parse_time(text, tz=context.tz, day=context.day)
        except (times.TimeError, ValueError) as error:
            raise ValueError(f"Expected {error}") from None
    if spec.kind == "int":
        try:
            number: float = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError("Expected a whole number like 50000") from None
    else:  # number
        try:
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError("Expected a number like 15000 or 1250.50") from None
        if not math.isfinite(number):
            raise ValueError("Expected a finite number")
        if number.is_integer() and "." not in text:
            number = int(number)
    if number < 0:
        raise ValueError("Expected a number >= 0")
    return number


def format_value(spec: FieldSpec, value: Any, context: TimeContext | None = None) -> Any:
    """How ``value`` is shown in the field's control (text, a Select value or a bool)."""
    context = context or TimeContext()
    if spec.kind == "bool":
        return bool(value)
    if spec.kind == "select":
        return Select.NULL if value is None else value
    if value is None:
        return ""
    if spec.kind == "lines":
        return "\n".join(value)
    if spec.kind == "csv":
        return ", ".join(value)
    if spec.kind == "date":
        return value.isoformat()
    if spec.kind == "time":
        return format_time(value, context)
    return str(value)


def format_time(value: dt.datetime, context: TimeContext) -> str:
    """``14:32`` on the context's day, else ``2024-01-16 00:10``, in the context's zone."""
    local = times.in_zone(value, context.tz)
    clock = times.format_clock(value, context.tz)
    if context.day is not None and local.date() == context.day:
        return clock
    return f"{local.date().isoformat()} {clock}"


def _options(spec: FieldSpec) -> Iterable[tuple[str, str]]:
    return spec.choices


class Field(Widget):
    """A labelled control for one ``FieldSpec``, with its validation message beside it."""

    DEFAULT_CLASSES = "field"
    CHANGE_MESSAGES: ClassVar[tuple[type[Message], ...]] = (
        Input.Changed,
        TextArea.Changed,
        Select.Changed,
        Checkbox.Changed,
    )

    class Edited(Message):
        """A valid value was entered (posted on every valid change)."""

        def __init__(self, field: Field, value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def name(self) -> str:
            """The field spec's name (the model attribute)."""
            return self.field.spec.name

        @property
        def control(self) -> Field:
            """The field that posted this message."""
            return self.field

    def __init__(
        self,
        spec: FieldSpec,
        value: Any = None,
        *,
        context: TimeContext | None = None,
        read_only: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id or f"field-{spec.control_id}")
        self.spec = spec
        self.context = context or TimeContext()
        self.read_only = read_only
        self._initial = value
        self.value: Any = value
        """The last valid value (what the model holds)."""
        self.error: str | None = None
        """The message shown next to the field, when what is typed is invalid."""
        self.add_class(f"field-{spec.kind}")

    def compose(self) -> ComposeResult:
        spec = self.spec
        label = spec.label + (" *" if spec.required else "")
        shown = format_value(spec, self._initial, self.context)
        disabled = self.read_only
        # The Field lays out horizontally itself (steps.tcss): label | control over message.
        if spec.kind != "bool":
            yield Label(label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self._control(shown, label, disabled)
            yield Static("", classes="field-error")

    def _control(self, shown: Any, label: str, disabled: bool) -> Widget:
        spec, cid = self.spec, self.spec.control_id
        if spec.kind == "code":
            # The code editor look (line numbers, no wrapping) costs nothing extra; Tab still
            # moves on, so the form stays usable from the keyboard.
            return TextArea.code_editor(
                shown,
                id=cid,
                disabled=disabled,
                tab_behavior="focus",
                placeholder=spec.placeholder,
            )
        if spec.kind in ("longtext", "lines"):
            area = TextArea(
                shown,
                id=cid,
                disabled=disabled,
                soft_wrap=True,
                tab_behavior="focus",
                placeholder=spec.placeholder,
            )
            area.show_line_numbers = False
            return area
        if spec.kind == "select":
            return Select(
                list(_options(spec)),
                value=shown,
                allow_blank=not spec.required or shown is Select.NULL,
                prompt=f"({spec.label.lower()})",
                id=cid,
                disabled=disabled,
                compact=True,
            )
        if spec.kind == "bool":
            return Checkbox(label, value=shown, id=cid, disabled=disabled, compact=True)
        return Input(shown, placeholder=spec.placeholder, id=cid, disabled=disabled, compact=True)

    @property
    def input(self) -> Widget:
        """The control a person types into."""
        return self.query_one(f"#{self.spec.control_id}")

    def raw(self) -> Any:
        """What the control holds now, unparsed."""
        control = self.input
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, (Input, Select, Checkbox)):
            return control.value
        raise TypeError(control)  # pragma: no cover

    def validate_now(self) -> Any:
        """Parse the control's content: the value, or raise ValueError after showing why."""
        try:
            value = parse_value(self.spec, self.raw(), self.context)
        except ValueError as error:
            self.show_error(str(error))
            raise
        self.show_error(None)
        return value

    def show_error(self, message: str | None) -> None:
        """Show ``message`` next to the field (None clears it)."""
        self.error = message
        self.set_class(message is not None, "-invalid")
        self.query_one(".field-error", Static).update(message or "")

    def set_value(self, value: Any) -> None:
        """Show ``value`` without posting ``Edited`` (after a reload)."""
        self.value = value
        self.show_error(None)
        shown = format_value(self.spec, value, self.context)
        control = self.input
        with self.prevent(*self.CHANGE_MESSAGES):
            if isinstance(control, TextArea):
                if control.text != shown:
                    control.load_text(shown)
            elif isinstance(control, (Input, Select, Checkbox)):
                control.value = shown

    def set_read_only(self, read_only: bool) -> None:
        """Disable (or enable) the control."""
        self.read_only = read_only
        self.input.disabled = read_only

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        if self.read_only:
            return
        try:
            value = self.validate_now()
        except ValueError:
            return
        if value != self.value or type(value) is not type(self.value):
            self.value = value
            self.post_message(self.Edited(self, value))
