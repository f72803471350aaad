"""Root Cause: the technical explanation, with code blocks where they help."""

from __future__ import annotations

from ...core import fields
from .common import FormStep, code_blocks

TEXT = fields.field("RootCause.text")


class RootCauseStep(FormStep):
    """The technical explanation and the code that shows it."""

    key = "root_cause"
    FIELDS = (("root_cause", TEXT),)
    LISTS = (code_blocks("root_cause.code", "Code blocks"),)
