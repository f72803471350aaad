"""What every content step shares: the guideline, fields bound to the model, list editors.

A step declares its ``FIELDS`` and ``LISTS`` (or composes ``self.field`` and ``self.list_of``);
this base writes each valid field edit into the model at once (every keystroke, so autosave
sees typed text), reports list edits, refreshes everything on ``reload`` and keeps every
control disabled in read-only mode.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from ...core import fields, model
from ...core.model import Draft
from ..widgets.fields import Field, FieldSpec, TimeContext
from ..widgets.list_editor import Column, ListEditor, clip
from .base import StepEditor


def resolve(draft: Draft, path: str) -> Any:
    """The object at dotted ``path`` of ``draft`` (``"meta.authors"``)."""
    value: Any = draft
    for part in path.split("."):
        value = getattr(value, part)
    return value


def time_context(draft: Draft) -> TimeContext:
    """How this draft reads typed times: in its zone, on its date."""
    day = draft.meta.date
    if day is None and draft.timeline:
        day = draft.timeline[0].at.date()
    return TimeContext(tz=draft.meta.timezone, day=day)


@attrs.frozen
class ListSpec:
    """A list of the draft shown in a step: where it is, its form and its columns."""

    path: str
    """Dotted path of the model list (``"meta.authors"``)."""
    item_type: type
    fields: tuple[FieldSpec, ...]
    columns: tuple[Column, ...]
    title: str
    noun: str
    """What one item is called: "Delete this action item?"."""
    empty_hint: str = "Nothing yet."
    toggle_field: str | None = None
    """A bool attribute that space flips on the selected row."""
    editor: type[ListEditor] = ListEditor


class FormStep(StepEditor):
    """A step made of fields bound to model attributes and list editors over model lists.

    A step declares ``FIELDS`` (model object path, field spec) and ``LISTS``; the default
    ``compose`` shows the guideline, then the fields, then the lists.
    """

    FIELDS: ClassVar[tuple[tuple[str, FieldSpec], ...]] = ()
    LISTS: ClassVar[tuple[ListSpec, ...]] = ()

    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(draft, read_only=read_only, **kwargs)
        self._targets: dict[str, str] = {}
        """Field widget id -> dotted path of the model object holding its attribute."""
        self._lists: dict[str, str] = {}
        """List editor id -> dotted path of its model list."""
        self._shown_context = time_context(draft)

    def compose(self) -> ComposeResult:
        yield self.guideline()
        for target, spec in self.FIELDS:
            yield self.field(target, self.adapt(spec))
            yield from self.widgets_after(spec)
        for list_spec in self.LISTS:
            yield self.list_of(list_spec)

    def adapt(self, spec: FieldSpec) -> FieldSpec:
        """Hook: a field spec fitted to this draft (a team's own severity, say)."""
        return spec

    def context_for(self, spec: FieldSpec) -> TimeContext:
        """Hook: how field ``spec`` reads a typed time (the time before it, say)."""
        return time_context(self.draft)

    def widgets_after(self, spec: FieldSpec) -> ComposeResult:
        """Hook: widgets shown right after field ``spec`` (a derived value, say)."""
        yield from ()

    # --- building blocks -----------------------------------------------------------------

    def guideline(self) -> Static:
        """The step's guideline, briefly, at the top."""
        return Static(self.step.guideline, classes="step-guideline")

    def field(self, target: str, spec: FieldSpec) -> Field:
        """A field editing attribute ``spec.name`` of the object at ``target``."""
        widget = Field(
            spec,
            getattr(resolve(self.draft, target), spec.name),
            context=self.context_for(spec),
            read_only=self.read_only,
        )
        assert widget.id is not None
        self._targets[widget.id] = target
        return widget

    def list_of(self, spec: ListSpec, **kwargs: Any) -> ListEditor:
        """A list editor over the model list ``spec.path``."""
        widget_id = "list-" + spec.path.replace(".", "-").replace("_", "-")
        widget = spec.editor(
            resolve(self.draft, spec.path),
            item_type=spec.item_type,
            fields=spec.fields,
            columns=spec.columns,
            title=spec.title,
            noun=spec.noun,
            read_only=self.read_only,
            toggle_field=spec.toggle_field,
            context=lambda: time_context(self.draft),
            empty_hint=spec.empty_hint,
            id=widget_id,
            **kwargs,
        )
        self._lists[widget_id] = spec.path
        return widget

    # --- edits ---------------------------------------------------------------------------

    @on(Field.Edited)
    def _field_edited(self, event: Field.Edited) -> None:
        event.stop()
        if self.read_only or event.field.id not in self._targets:
            return
        target = resolve(self.draft, self._targets[event.field.id])
        setattr(target, event.name, event.value)
        self.after_field(event.name)
        self.mark_changed()

    def take_typed(self) -> bool:
        """Write every field whose control holds a new valid value into the model now."""
        changed = False
        for field in self.query(Field):
            if field.id in self._targets and field.take_typed():
                target = resolve(self.draft, self._targets[field.id])
                setattr(target, field.spec.name, field.value)
                self.after_field(field.spec.name)
                changed = True
        return changed

    @on(ListEditor.Changed)
    def _list_changed(self, event: ListEditor.Changed) -> None:
        event.stop()
        if not self.read_only:
            self.after_list(event.editor)
            self.mark_changed()

    def after_field(self, name: str) -> None:
        """Hook after field ``name`` was written into the model (live displays)."""

    def after_list(self, editor: ListEditor) -> None:
        """Hook after a list was edited (live displays)."""

    # --- the contract --------------------------------------------------------------------

    def reload(self, draft: Draft) -> None:
        """Show ``draft`` in every field and list."""
        super().reload(draft)
        self._shown_context = time_context(draft)
        for field in self.query(Field):
            if field.id in self._targets:
                field.context = self.context_for(field.spec)
                field.set_value(getattr(resolve(draft, self._targets[field.id]), field.spec.name))
        for editor in self.query(ListEditor):
            if editor.id in self._lists:
                editor.reload(resolve(draft, self._lists[editor.id]))
        self.after_field("")

    def step_shown(self) -> None:
        """The shell shows this step again: redraw if the zone or date changed meanwhile."""
        # Times are shown (and typed) in the draft's zone on its date, which Summary edits.
        if time_context(self.draft) != self._shown_context:
            self.reload(self.draft)

    def on_show(self) -> None:
        self.step_shown()

    def focus_first(self) -> None:
        """Focus the first field, else the first list."""
        fields = [f for f in self.query(Field) if f.id in self._targets]
        if fields:
            fields[0].input.focus()
            return
        editors = list(self.query(ListEditor))
        if editors:
            editors[0].focus_table()


POINT_FIELDS = fields.fields_of(model.Point)
POINT_COLUMNS = (
    Column("Title", lambda p: clip(p.title, 40)),
    Column("Detail", lambda p: clip(p.detail, 70)),
)
CODE_FIELDS = fields.fields_of(model.CodeBlock)
CODE_COLUMNS = (
    Column("Caption", lambda c: clip(c.caption, 40)),
    Column("Language", lambda c: c.language or ""),
    Column("Code", lambda c: f"{len(c.code.splitlines())} lines: {clip(c.code, 40)}"),
)


def points(path: str, title: str, noun: str = "point") -> ListSpec:
    """A list of titled points (went well, went wrong, lucky, lessons)."""
    return ListSpec(path, model.Point, POINT_FIELDS, POINT_COLUMNS, title, noun)


def code_blocks(path: str, title: str) -> ListSpec:
    """A list of code blocks (root cause, appendix)."""
    return ListSpec(path, model.CodeBlock, CODE_FIELDS, CODE_COLUMNS, title, "code block")
