"""The words of draft format 1: its version, and the values its fields may take.

Plain constants, for readers that need them without the model's classes (the index of a team
folder vouches for plain TOML data with them); ``model`` re-exports every one.
"""

from __future__ import annotations

FORMAT_VERSION = 1

STATUSES: dict[str, str] = {"draft": "Draft", "in-review": "In Review", "complete": "Complete"}
"""Draft status keys and how they are rendered."""

DEFAULT_SEVERITIES: dict[str, str] = {
    "P1": "Critical",
    "P2": "High",
    "P3": "Medium",
    "P4": "Low",
    "P5": "Informational",
}
"""The default severity scale; a team can configure its own."""

EVENT_KINDS: tuple[str, ...] = (
    "trigger",
    "detected",
    "paged",
    "acknowledged",
    "diagnosed",
    "mitigated",
    "resolved",
    "note",
)
"""Timeline event kinds; all but ``note`` drive the derived metrics."""

PRIORITIES: tuple[str, ...] = ("P0", "P1", "P2", "P3")

ACTION_STATUSES: dict[str, str] = {
    "planned": "📋 Planned",
    "in-progress": "🔄 In Progress",
    "done": "✅ Done",
    "wont-do": "⛔ Won't Do",
}
"""Action item status keys and how they are rendered."""

ACTION_TYPES: tuple[str, ...] = (
    "investigate",
    "mitigate",
    "repair",
    "detect",
    "prevent",
    "process",
)

SECTION_PLACES: tuple[str, ...] = (
    "summary",
    "impact",
    "timeline",
    "root_cause",
    "factors",
    "went_well",
    "went_wrong",
    "action_items",
    "lessons",
    "related",
    "prevention",
    "appendix",
)
"""The sections a team's own section can follow, in document order."""

EVENT_SOURCES: tuple[str, ...] = (
    "slack",
    "pagerduty",
    "opsgenie",
    "alertmanager",
    "grafana",
    "incident.io",
    "github",
    "git",
    "csv",
    "paste",
    "note",
)
"""Where imported timeline events come from; an event without a source was typed in the tool."""
