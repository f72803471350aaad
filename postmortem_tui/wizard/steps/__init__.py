"""One editor per wizard step, loaded lazily: only the step on screen is imported and built."""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import StepEditor

# step key -> "module:Class" inside this package
EDITORS: dict[str, str] = {
    "summary": "summary:SummaryStep",
    "impact": "impact:ImpactStep",
    "timeline": "timeline:TimelineStep",
    "root_cause": "root_cause:RootCauseStep",
    "factors": "factors:FactorsStep",
    "went_well": "points:WentWellStep",
    "went_wrong": "points:WentWrongStep",
    "action_items": "action_items:ActionItemsStep",
    "lessons": "points:LessonsStep",
    "related": "related:RelatedStep",
    "prevention": "prevention:PreventionStep",
    "appendix": "appendix:AppendixStep",
    "review": "review:ReviewStep",
}

STYLES = Path(__file__).with_name("steps.tcss")
"""The step editors' styles (with their list editors and forms): add to the App's CSS_PATH."""


def editor_class(key: str) -> type[StepEditor]:
    """The editor class for step ``key`` (imported on first use)."""
    module_name, _, class_name = EDITORS[key].partition(":")
    module = importlib.import_module(f".{module_name}", __name__)
    return getattr(module, class_name)  # type: ignore[no-any-return]


__all__ = ["EDITORS", "STYLES", "StepEditor", "editor_class"]
