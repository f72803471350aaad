"""Impact: when users were affected, how many, what it cost, its phases and any other lines."""

from __future__ import annotations

import attrs
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...core import fields, metrics, model, times
from ..dialogs.item_form import ItemForm
from ..widgets.fields import Field, FieldSpec, TimeContext
from ..widgets.list_editor import Cell, Column, ListEditor, clip
from .common import FormStep, ListSpec

START, END, USERS, REQUESTS, REVENUE, CURRENCY, APPROXIMATE, DESCRIPTION = (
    fields.field(f"Impact.{name}")
    for name in (
        "start",
        "end",
        "users_affected",
        "requests_failed",
        "revenue_loss",
        "currency",
        "approximate",
        "description",
    )
)
LINE_FIELDS = fields.fields_of(model.ImpactLine)
PHASE_FIELDS = fields.fields_of(model.ImpactPhase)


def duration_text(draft: model.Draft) -> str:
    """The derived duration with its formula, or what is missing for it."""
    metric = metrics.compute_metrics(draft)["duration"]
    if metric.seconds is None:
        return "Duration: n/a (needs impact start and end)"
    words = times.humanize_duration(metric.seconds)
    warning = "  ⚠ end is before start" if metric.seconds < 0 else ""
    return f"Duration: {words} ({metric.formula}){warning}"


def phase_length(phase: model.ImpactPhase) -> str:
    """``18 hours 44 minutes``; ``still going on`` without an end; a warning when it is negative."""
    seconds = phase.seconds()
    if seconds is None:
        return "still going on" if phase.start and not phase.end else ""
    if seconds < 0:
        return "⚠ ends before it starts"
    return times.humanize_duration(seconds)


class PhaseForm(ItemForm):
    """A phase's form: its end is read against its start, by the rule for a time typed alone
    (``00:20`` after a ``23:50`` start is the next day)."""

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.field("start").input, "value", self._start_typed)

    def _start_typed(self, _value: str) -> None:
        start = self.field("start")
        try:
            value = start.spec.parse(start.raw(), self.context, self.values.get("start"))
        except ValueError:
            return  # the start's own message says why
        self.field("end").set_context(attrs.evolve(self.context, previous=value))


class PhaseEditor(ListEditor):
    """The phases, with their times in the draft's zone and their lengths."""

    def cells(self, index: int) -> list[Cell]:
        phase = self.items[index]
        context = self.context()
        start = fields.format_time(phase.start, context) if phase.start else ""
        end = fields.format_time(phase.end, context) if phase.end else ""
        length = phase_length(phase)
        return [
            Cell(clip(phase.label, 30)),
            Cell(start),
            Cell(end),
            Cell(Text(length, style="bold red" if length.startswith("⚠") else "")),
            Cell(clip(phase.description, 50)),
        ]

    def make_form(self, index: int | None) -> ItemForm:
        verb = "Add" if index is None else "Edit"
        values = {} if index is None else self.values_of(self.items[index])
        return PhaseForm(f"{verb} {self.noun}", self.fields, values, context=self.context())


PHASES = ListSpec(
    "impact.phases",
    model.ImpactPhase,
    PHASE_FIELDS,
    (
        Column("Phase", lambda p: p.label),
        Column("Start", lambda p: ""),  # PhaseEditor.cells shows the times in the draft's zone
        Column("End", lambda p: ""),
        Column("Length", lambda p: ""),
        Column("Description", lambda p: p.description or ""),
    ),
    "Phases",
    "phase",
    empty_hint="Stages of the impact: degraded, full outage, a data-loss window.",
    editor=PhaseEditor,
)

EXTRA = ListSpec(
    "impact.extra",
    model.ImpactLine,
    LINE_FIELDS,
    (Column("Label", lambda x: x.label), Column("Value", lambda x: x.value)),
    "Other impact",
    "impact line",
)


class ImpactStep(FormStep):
    """Who and what was affected, and for how long."""

    key = "impact"
    FIELDS = tuple(
        ("impact", spec)
        for spec in (START, END, USERS, REQUESTS, REVENUE, CURRENCY, APPROXIMATE, DESCRIPTION)
    )
    LISTS = (PHASES, EXTRA)

    def context_for(self, spec: FieldSpec) -> TimeContext:
        # The end is read against the start: 00:20 after a 23:50 start is the next day.
        context = super().context_for(spec)
        if spec is END:
            return attrs.evolve(context, previous=self.draft.impact.start)
        return context

    def widgets_after(self, spec: FieldSpec) -> ComposeResult:
        if spec is END:
            yield Static(duration_text(self.draft), id="impact-duration", classes="derived")

    def after_field(self, name: str) -> None:
        end = self.query_one(f"#field-{END.control_id}", Field)
        end.set_context(self.context_for(END))
        self.query_one("#impact-duration", Static).update(duration_text(self.draft))
