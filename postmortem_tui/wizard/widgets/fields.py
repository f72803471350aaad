"""Labelled, validated fields: one widget per field of the table in ``core.fields``.

A ``FieldSpec`` (from ``core.fields``) says what a field is called, what it holds and how typed
text becomes its value; ``Field`` renders a spec as a label, a control and a message line, and
posts ``Field.Edited`` with the parsed value on every valid change; an invalid text shows its
message and posts nothing, so nothing invalid reaches the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...core import fields, times
from ...core.fields import KINDS, UNCHANGED, FieldError, FieldSpec
from ...core.fields import Context as TimeContext
from .inert_text import InertControls

__all__ = [
    "KINDS",
    "Field",
    "FieldError",
    "FieldSpec",
    "TimeContext",
    "format_value",
    "parse_value",
]


def _key_actions(bindings: Iterable[BindingType]) -> dict[str, str]:
    """Key -> action of a widget's own bindings (the first binding of a key wins)."""
    actions: dict[str, str] = {}
    for binding in bindings:
        keys, action = (
            (binding.key, binding.action) if isinstance(binding, Binding) else binding[:2]
        )
        for key in keys.split(","):
            actions.setdefault(key.strip(), action)
    return actions


class InOrderKeys:
    """Mixin for a text control: its editing keys act as they arrive, in order with the text.

    Textual types a character in the focused control at once, but hands End, Backspace or
    Delete up through the parents' queues to the App, which runs the control's binding from
    there. Keys arriving together (a paste, keys batched over SSH, a fast typist on a busy
    machine) were therefore applied out of order: "End, Backspace x5, 02-03" typed the
    characters first and then erased them. Here the control runs its own bindings itself, in
    its own queue. Priority bindings (Tab, Ctrl+S) are still run by the App before this.

    A plain mixin, before the control in the bases: a Widget base would reset ``can_focus``.
    """

    KEY_ACTIONS: ClassVar[dict[str, str]] = {}
    """The control's own bindings, key -> action (set by each subclass)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra_keys: dict[str, Callable[[], object]] = {}
        """More keys acted on at once (a Field's Ctrl+Up), key -> what to do."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual also calls the control's own _on_key (its base class) after this one,
        # unless the default is prevented: that one types the printable characters.
        if event.is_printable:
            return
        extra = self.extra_keys.get(event.key)
        action = self.KEY_ACTIONS.get(event.key)
        if extra is None and action is None:
            return
        event.stop()
        event.prevent_default()
        if extra is not None:
            extra()
        elif action is not None:
            assert isinstance(self, Widget)
            await self.run_action(action)


class FieldInput(InertControls, InOrderKeys, Input):
    """A one-line control whose editing keys keep their order with the typed text."""

    KEY_ACTIONS = _key_actions(Input.BINDINGS)


class FieldTextArea(InertControls, InOrderKeys, TextArea):
    """A text area whose editing keys keep their order with the typed text."""

    KEY_ACTIONS = _key_actions(TextArea.BINDINGS)


def parse_value(
    spec: FieldSpec, raw: Any, context: TimeContext | None = None, current: Any = UNCHANGED
) -> Any:
    """The model value of a control's content (text, a Select value or a bool) for ``spec``.

    Raises FieldError (a ValueError) with the message to show next to the field.
    """
    if spec.kind == "select" and raw is Select.NULL:
        raw = None
    if spec.kind == "select" and current is not UNCHANGED:
        current = Select.NULL if current is None else current
        if raw == current:
            return None if current is Select.NULL else current
        current = UNCHANGED
    return spec.parse(raw, context, current)


def format_value(spec: FieldSpec, value: Any, context: TimeContext | None = None) -> Any:
    """How ``value`` is shown in the field's control (text, a Select value or a bool)."""
    if spec.kind == "bool":
        return bool(value)
    if spec.kind == "select":
        return Select.NULL if value is None else value
    return spec.format(value, context)


class GlyphCheckbox(Checkbox):
    """A checkbox that shows its state by a glyph (✓ on, blank off), not only by colour."""

    ON_GLYPH: ClassVar[str] = "✓"
    OFF_GLYPH: ClassVar[str] = " "

    def render(self) -> Content:
        # BUTTON_INNER is the documented character inside the box; it follows the value.
        self.BUTTON_INNER = self.ON_GLYPH if self.value else self.OFF_GLYPH
        return super().render()


class Field(Widget):
    """A labelled control for one ``FieldSpec``, with its validation message beside it."""

    DEFAULT_CLASSES = "field"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+up", "move_day(1)", "A day later", id="field.day_later"),
        Binding("ctrl+down", "move_day(-1)", "A day earlier", id="field.day_earlier"),
    ]
    MOVE_HINT = "ctrl+↑/↓: a day later/earlier"
    """Said after the date chosen for a time, while the time's control has the cursor."""
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
        self._loaded: Any = value
        """The value the control was last filled with: its text, unchanged, means this value."""
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
            if spec.kind == "time":
                yield Static(self._hint_text(shown), classes="field-hint")

    def _control(self, shown: Any, label: str, disabled: bool) -> Widget:
        spec, cid = self.spec, self.spec.control_id
        if spec.kind == "code":
            # The code editor look (line numbers, no wrapping) costs nothing extra; Tab still
            # moves on, so the form stays usable from the keyboard.
            return FieldTextArea.code_editor(
                shown,
                id=cid,
                disabled=disabled,
                tab_behavior="focus",
                placeholder=spec.placeholder,
            )
        if spec.kind in ("longtext", "lines"):
            area = FieldTextArea(
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
                list(spec.options(self._initial)),
                value=shown,
                allow_blank=not spec.required or shown is Select.NULL,
                prompt=f"({spec.label.lower()})",
                id=cid,
                disabled=disabled,
                compact=True,
            )
        if spec.kind == "bool":
            return GlyphCheckbox(label, value=shown, id=cid, disabled=disabled, compact=True)
        control = FieldInput(
            shown, placeholder=spec.placeholder, id=cid, disabled=disabled, compact=True
        )
        if spec.kind == "time":  # Ctrl+Up/Down act in order with the keys around them too
            control.extra_keys = {
                "ctrl+up": lambda: self.action_move_day(1),
                "ctrl+down": lambda: self.action_move_day(-1),
            }
        return control

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
            value = parse_value(self.spec, self.raw(), self.context, self._loaded)
        except ValueError as error:
            self.show_error(str(error))
            raise
        self.show_error(None)
        return value

    def _hint_text(self, raw: Any) -> str:
        hint = self.spec.hint(raw, self.context, self._loaded)
        return f"{hint}  ({self.MOVE_HINT})" if hint and not self.read_only else hint

    def show_hint(self) -> None:
        """Show what the typed time means: the date chosen for it ("00:36, Thu 2024-02-01,
        next day")."""
        if self.spec.kind == "time":
            self.query_one(".field-hint", Static).update(self._hint_text(self.raw()))

    def set_context(self, context: TimeContext) -> None:
        """Read times against ``context`` from now on (the event before changed, say)."""
        if context != self.context:
            self.context = context
            self.show_hint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move_day":
            return self.spec.kind == "time" and not self.read_only
        return True

    def action_move_day(self, days: int) -> None:
        """Move the typed time a day later (or earlier): the text then says its date."""
        try:
            value = parse_value(self.spec, self.raw(), self.context, self._loaded)
        except ValueError:
            return
        if value is None:
            return
        moved = times.shift_days(value, days, self.context.tz)
        control = self.input
        if isinstance(control, Input):
            control.value = fields.format_time(moved, fields.Context(tz=self.context.tz))
            control.cursor_position = len(control.value)

    def show_error(self, message: str | None) -> None:
        """Show ``message`` next to the field (None clears it)."""
        self.error = message
        self.set_class(message is not None, "-invalid")
        self.query_one(".field-error", Static).update(message or "")

    def set_value(self, value: Any) -> None:
        """Show ``value`` without posting ``Edited`` (after a reload)."""
        self.value = value
        self._loaded = value
        self.show_error(None)
        shown = format_value(self.spec, value, self.context)
        control = self.input
        with self.prevent(*self.CHANGE_MESSAGES):
            if isinstance(control, TextArea):
                if control.text != shown:
                    control.load_text(shown)
            elif isinstance(control, (Input, Select, Checkbox)):
                control.value = shown
        self.show_hint()

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
        if self.take_typed():
            self.post_message(self.Edited(self, self.value))

    def take_typed(self) -> bool:
        """Make what the control holds the field's value when it is valid and new; True then.

        Called on every change, and directly by a step that must have every typed key in the
        model now (before a save or a quit), without waiting for the change messages.
        """
        if self.read_only:
            return False
        self.show_hint()
        try:
            value = self.validate_now()
        except ValueError:
            return False
        if value != self.value or type(value) is not type(self.value):
            self.value = value
            return True
        return False
