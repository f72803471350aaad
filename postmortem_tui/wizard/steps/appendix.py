"""Appendix: monitoring graphs, the communication log, and code."""

from __future__ import annotations

from ...core import fields
from .common import FormStep, code_blocks

GRAPHS = fields.field("Appendix.monitoring_graphs")
LOG = fields.field("Appendix.communication_log")


class AppendixStep(FormStep):
    """Supporting material."""

    key = "appendix"
    FIELDS = (("appendix", GRAPHS), ("appendix", LOG))
    LISTS = (code_blocks("appendix.code", "Code"),)
