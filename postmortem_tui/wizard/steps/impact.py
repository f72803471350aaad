"""Impact: when users were affected, how many, what it cost, and any other lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...core import metrics, model, times
from ..widgets.fields import FieldSpec
from ..widgets.list_editor import Column
from .common import FormStep, ListSpec


def _currency_problem(code: str) -> str | None:
    if len(code) == 3 and code.isalpha() and code.isupper():
        return None
    return "Expected a 3-letter currency code like USD or EUR"


START = FieldSpec("start", "Impact start", kind="time", placeholder="14:32 or 2024-01-15 14:32")
END = FieldSpec("end", "Impact end", kind="time", placeholder="14:57")
USERS = FieldSpec("users_affected", "Users affected", kind="int", placeholder="50000")
REQUESTS = FieldSpec("requests_failed", "Requests failed", kind="int", placeholder="125000")
REVENUE = FieldSpec("revenue_loss", "Revenue loss", kind="number", placeholder="15000")
CURRENCY = FieldSpec("currency", "Currency", placeholder="USD", check=_currency_problem)
APPROXIMATE = FieldSpec("approximate", "The numbers are estimates (~)", kind="bool")
DESCRIPTION = FieldSpec(
    "description", "Description", kind="longtext", placeholder="100% of users in eu-west-1"
)
LINE_FIELDS = (
    FieldSpec("label", "Label", required=True),
    FieldSpec("value", "Value", required=True),
)


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
