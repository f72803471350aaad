"""Judging a draft: the output checklist, ordering problems, metrics and the blameless review."""

from .report import (
    EXIT_COMPLETE,
    EXIT_INCOMPLETE,
    EXIT_UNREADABLE,
    ChecklistItem,
    DraftReview,
    Finding,
    Problem,
    as_json,
    checklist,
    findings,
    format_metric,
    format_report,
    problems,
    review_draft,
    run_check,
    user_config,
)

__all__ = [
    "EXIT_COMPLETE",
    "EXIT_INCOMPLETE",
    "EXIT_UNREADABLE",
    "ChecklistItem",
    "DraftReview",
    "Finding",
    "Problem",
    "as_json",
    "checklist",
    "findings",
    "format_metric",
    "format_report",
    "problems",
    "review_draft",
    "run_check",
    "user_config",
]
