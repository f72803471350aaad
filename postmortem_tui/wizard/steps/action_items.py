"""Action Items: concrete, owned, dated follow-up work; items without owner or date stand out."""

from __future__ import annotations

from rich.text import Text

from ...core import fields, model
from ..widgets.list_editor import Column, clip
from .common import FormStep, ListSpec

MISSING = "bold red"

ACTION_FIELDS = fields.fields_of(model.ActionItem)


def _owner(item: model.ActionItem) -> Text:
    return Text(item.owner) if item.owner else Text("⚠ no owner", style=MISSING)


def _due(item: model.ActionItem) -> Text:
    return Text(item.due.isoformat()) if item.due else Text("⚠ no date", style=MISSING)


def _status(item: model.ActionItem) -> str:
    return model.ACTION_STATUSES.get(item.status or "planned", item.status or "")


COLUMNS: tuple[Column, ...] = (
    Column("Action", lambda a: clip(a.action, 200), max_width=32),
    Column("Owner", _owner),
    Column("Due", _due),
    Column("Pri", lambda a: a.priority or ""),
    Column("Status", _status),
    Column("Type", lambda a: a.type or ""),
    Column("Link", lambda a: clip(a.link, 200), max_width=30),
)


class ActionItemsStep(FormStep):
    """The follow-up work, each item with an owner and a due date."""

    key = "action_items"
    LISTS = (
        ListSpec(
            "action_items", model.ActionItem, ACTION_FIELDS, COLUMNS, "Action items", "action item"
        ),
    )
