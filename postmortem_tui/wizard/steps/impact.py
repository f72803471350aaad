"""Impact: when users were affected, how many, what it cost, and any other lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...core import fields, metrics, model, times
from ..widgets.fields import FieldSpec
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

    def widgets_after(self, spec: FieldSpec) -> ComposeResult:
        if spec is END:
            yield Static(duration_text(self.draft), id="impact-duration", classes="derived")

    def after_field(self, name: str) -> None:
        self.query_one("#impact-duration", Static).update(duration_text(self.draft))
