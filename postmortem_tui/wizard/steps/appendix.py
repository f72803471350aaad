"""Appendix: monitoring graphs, the communication log, and code."""

from __future__ import annotations

from textual.app import ComposeResult

from ... import model
from ..widgets.fields import FieldSpec
from .common import FormStep, code_columns, code_fields

GRAPHS = FieldSpec(
    "monitoring_graphs",
    "Monitoring graphs",
    kind="longtext",
    placeholder="Links to dashboards or images",
)
LOG = FieldSpec(
    "communication_log",
    "Communication log",
    kind="longtext",
    placeholder="Status page updates, Slack threads",
)


class AppendixStep(FormStep):
    """Supporting material."""

    key = "appendix"

    def compose(self) -> ComposeResult:
        yield self.guideline()
        yield self.field("appendix", GRAPHS)
        yield self.field("appendix", LOG)
        yield self.list(
            "appendix.code",
            item_type=model.CodeBlock,
            fields=code_fields(),
            columns=code_columns(),
            title="Code",
            noun="code block",
        )
