"""One editor per wizard step, loaded lazily: only the step on screen is imported and built."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from .base import StepEditor

if TYPE_CHECKING:
    from textual.app import App

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
    "sections": "sections:SectionsStep",
    "review": "review:ReviewStep",
}

STYLES = Path(__file__).with_name("steps.tcss")
"""The step editors' styles (with their list editors and forms): the wizard adds them with
``load_styles`` when it builds its first editor; a test app may list them in its CSS_PATH."""


def load_styles(app: App[object]) -> None:
    """Add the step editors' styles to ``app`` (once; call before mounting an editor).

    Kept off the App's CSS_PATH so that parsing them is not on the way to the first paint:
    new rules apply to the widgets mounted after them, and these style only step widgets.
    """
    read_from = (str(STYLES.resolve()), "")
    if app.stylesheet.has_source(*read_from):
        return
    app.stylesheet.add_source(
        STYLES.read_text(encoding="utf-8"), read_from=read_from, is_default_css=False
    )


def editor_class(key: str) -> type[StepEditor]:
    """The editor class for step ``key`` (imported on first use)."""
    module_name, _, class_name = EDITORS[key].partition(":")
    module = importlib.import_module(f".{module_name}", __name__)
    cls: type[StepEditor] = getattr(module, class_name)
    return cls


__all__ = ["EDITORS", "STYLES", "StepEditor", "editor_class", "load_styles"]
