"""One editor per wizard step, loaded lazily: only the step on screen is imported and built."""

from __future__ import annotations

import importlib

from .base import StepEditor

# step key -> "module:Class" inside this package
EDITORS: dict[str, str] = {}


def editor_class(key: str) -> type[StepEditor]:
    """The editor class for step ``key`` (imported on first use)."""
    module_name, _, class_name = EDITORS[key].partition(":")
    module = importlib.import_module(f".{module_name}", __name__)
    return getattr(module, class_name)  # type: ignore[no-any-return]


__all__ = ["EDITORS", "StepEditor", "editor_class"]
