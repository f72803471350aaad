"""Contributing Factors: the broader context that let the root cause through."""

from __future__ import annotations

from ...core import fields, model
from ..widgets.list_editor import Column, clip
from .common import FormStep, ListSpec

FACTOR_FIELDS = fields.fields_of(model.Factor)
FACTOR_COLUMNS = (
    Column("Title", lambda f: clip(f.title, 40)),
    Column("Summary", lambda f: clip(f.summary, 50)),
    Column("Details", lambda f: str(len(f.details)) if f.details else ""),
)


class FactorsStep(FormStep):
    """Contributing factors, each with a title, a summary and details."""

    key = "factors"
    LISTS = (
        ListSpec(
            "factors", model.Factor, FACTOR_FIELDS, FACTOR_COLUMNS, "Contributing factors", "factor"
        ),
    )
