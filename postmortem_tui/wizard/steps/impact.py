"""Impact: when users were affected, how many, what it cost, and any other lines."""

from __future__ import annotations

import attrs
from textual.app import ComposeResult
from textual.widgets import Static

from ...core import fields, metrics, model, times
from ..widgets.fields import Field, FieldSpec, TimeContext
from ..widgets.list_editor import Column
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


def duration_text(draft: model.Draft) -> str:
    """The derived duration with its formula, or what is missing for it."""
    metric = metrics.compute_metrics(draft)["duration"]
    if metric.seconds is None:
        return "Duration: n/a (needs impact start and end)"
    words = times.humanize_duration(metric.seconds)
    warning = "  ⚠ end is before start" if metric.seconds < 0 else ""
    return f"Duration: {words} ({metric.formula}){warning}"


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
    LISTS = (EXTRA,)

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
