"""Appendix: monitoring graphs, the communication log, and code."""

from __future__ import annotations

from ..widgets.fields import FieldSpec
from .common import FormStep, code_blocks

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
    FIELDS = (("appendix", GRAPHS), ("appendix", LOG))
    LISTS = (code_blocks("appendix.code", "Code"),)
