"""Root Cause: the technical explanation, with code blocks where they help."""

from __future__ import annotations

from textual.app import ComposeResult

from ... import model
from ..widgets.fields import FieldSpec
from .common import FormStep, code_columns, code_fields

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

    def compose(self) -> ComposeResult:
        yield self.guideline()
        yield self.field("root_cause", TEXT)
        yield self.list(
            "root_cause.code",
            item_type=model.CodeBlock,
            fields=code_fields(),
            columns=code_columns(),
            title="Code blocks",
            noun="code block",
        )
