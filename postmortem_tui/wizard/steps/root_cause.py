"""Root Cause: the technical explanation, with code blocks where they help."""

from __future__ import annotations

from ..widgets.fields import FieldSpec
from .common import FormStep, code_blocks

TEXT = FieldSpec(
    "text",
    "Root cause",
    kind="longtext",
    widget_id="root-cause-text",
    placeholder="What failed technically, and why. Systems and processes, not people.",
)


class RootCauseStep(FormStep):
    """The technical explanation and the code that shows it."""

    key = "root_cause"
    FIELDS = (("root_cause", TEXT),)
    LISTS = (code_blocks("root_cause.code", "Code blocks"),)
