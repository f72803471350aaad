"""The derived timeline metrics: never stored, always computed, always shown with a formula."""

from __future__ import annotations

import attrs

from .derived import metric_values
from .model import Draft


@attrs.frozen
class Metric:
    """One derived metric; ``seconds`` is None when the events it needs are missing."""

    name: str
    """Key used in JSON and templates: ``time_to_detect``."""
    label: str
    """How people say it: "Time to detect"."""
    seconds: float | None
    formula: str
    """How it was computed: "detected - impact start"."""


def compute_metrics(draft: Draft) -> dict[str, Metric]:
    """The six derived metrics of draft format 1, in the order the format lists them."""
    return {value[0]: Metric(*value) for value in metric_values(draft)}
