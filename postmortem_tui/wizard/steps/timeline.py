"""Timeline: events in time order, typed as 14:32, with the derived metrics shown live."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ...core import fields, metrics, model, times
from ...core.model import Draft
from ..dialogs.item_form import ItemForm, TimelineEventForm
from ..widgets.list_editor import Cell, Column, ListEditor, clip
from .common import FormStep, ListSpec, time_context

EVENT_FIELDS = fields.fields_of(model.TimelineEvent)


def metrics_text(draft: Draft) -> str:
    """Every derived metric with its value and formula, one a line."""
    lines = []
    for metric in metrics.compute_metrics(draft).values():
        warning = "  ⚠ negative: check the order of events" if (metric.seconds or 0) < 0 else ""
        value = times.format_minutes(metric.seconds)
        lines.append(f"{metric.label}: {value} ({metric.formula}){warning}")
    return "\n".join(lines)


def imported_from(event: model.TimelineEvent) -> str:
    """``Imported from slack (C024/1706747760.1234)``: where an event came from, or ``""``."""
    if not event.source:
        return ""
    record = f" ({event.source_id})" if event.source_id else ""
    return f"Imported from {event.source}{record}; kept as it is."


class TimelineEditor(ListEditor):
    """The event table: rows stay in time order; a row shows its date where the day changes."""

    def __init__(self, items: list[Any], *, draft: Draft, **kwargs: Any) -> None:
        super().__init__(items, **kwargs)
        self.draft = draft

    def cells(self, index: int) -> list[Cell]:
        event = self.items[index]
        context = self.context()
        local = times.in_zone(event.at, context.tz)
        if index:
            before = times.in_zone(self.items[index - 1].at, context.tz).date()
        else:
            before = context.day or local.date()
        clock = times.format_clock(event.at, context.tz)
        when = clock if local.date() == before else f"{local.date().isoformat()} {clock}"
        style = "bold" if event.kind != "note" else ""
        dated = when != clock
        if event.approximate:  # an estimated time, as the document shows it
            when = "~" + when
        return [
            Cell(Text(when, style="bold yellow" if dated else "")),
            Cell(Text(event.kind, style=style)),
            Cell(clip(event.event, 200)),
            Cell(clip(event.actor, 40)),
            Cell(clip(event.link, 60)),
            Cell(Text(event.source or "", style="dim")),
        ]

    def make_form(self, index: int | None) -> ItemForm:
        if index is None:
            values: dict[str, Any] = {"kind": "note"}
            previous = self.items[-1].at if self.items else None
        else:
            values = self.values_of(self.items[index])
            previous = self.items[index - 1].at if index else None
        verb = "Add" if index is None else "Edit"
        event = None if index is None else self.items[index]
        return TimelineEventForm(
            f"{verb} event",
            self.fields,
            values,
            context=self.context(),
            previous=previous,
            source=imported_from(event) if event is not None else "",
        )

    def after_edit(self, index: int) -> int:
        self.remember_order()
        self.draft.sort_timeline()
        new_index = self.resync_order(index)
        if new_index != index:
            self.refresh_rows(index, index + 1, new_index, new_index + 1)
        return new_index

    def move_refusal(self, index: int, target: int) -> str | None:
        if self.items[index].at != self.items[target].at:
            return "The timeline is kept in time order: change the time to move this event."
        return None


EVENTS = ListSpec(
    "timeline",
    model.TimelineEvent,
    EVENT_FIELDS,
    (
        Column("Time", lambda e: ""),  # TimelineEditor.cells shows the time and day changes
        Column("Kind", lambda e: e.kind),
        Column("Event", lambda e: e.event, max_width=80),
        Column("Actor", lambda e: e.actor or "", max_width=24),
        Column("Link", lambda e: e.link or "", max_width=30),
        Column("Source", lambda e: e.source or "", max_width=14),
    ),
    "Events",
    "event",
    empty_hint="No events yet: press a to add the first one.",
    editor=TimelineEditor,
)


class TimelineStep(FormStep):
    """Chronological events with exact timestamps, and the metrics they give."""

    key = "timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "import_file", "Import file", id="timeline.import"),
        Binding("p", "paste", "Paste", id="timeline.paste"),
    ]
    DEFAULT_CSS = """
    TimelineStep .timeline-import { height: auto; margin-bottom: 1; }
    TimelineStep .timeline-import Button { margin-right: 2; }
    """

    def compose(self) -> ComposeResult:
        yield self.guideline()
        yield Static(self._note(), id="timeline-note", classes="step-note")
        with Horizontal(classes="timeline-import"):
            yield Button(
                "Import a file (i)",
                id="timeline-import-file",
                disabled=self.read_only,
                compact=True,
            )
            yield Button(
                "Paste text (p)", id="timeline-paste", disabled=self.read_only, compact=True
            )
        yield self.list_of(EVENTS, draft=self.draft)
        self._shown_metrics = metrics_text(self.draft)
        yield Static(self._shown_metrics, id="timeline-metrics", classes="derived")

    def _note(self) -> str:
        context = time_context(self.draft)
        day = context.day.isoformat() if context.day else "no date set"
        return (
            f"Times are typed as 14:32 in {context.tz}, nearest the event before (the first "
            f"on {day}, set in Summary); ctrl+↑/↓ moves one a day, 2024-01-16 00:10 is as typed."
        )

    def reload(self, draft: Draft) -> None:
        editor = self.query_one(TimelineEditor)
        editor.draft = draft
        super().reload(draft)

    def after_list(self, editor: ListEditor) -> None:
        # Only when they change (a note added changes none): an update lays the screen out.
        text = metrics_text(self.draft)
        if text != self._shown_metrics:
            self._shown_metrics = text
            self.query_one("#timeline-metrics", Static).update(text)

    def after_field(self, name: str) -> None:
        self.query_one("#timeline-note", Static).update(self._note())
        self.after_list(self.query_one(TimelineEditor))

    # --- import and paste ----------------------------------------------------------------

    @on(Button.Pressed, "#timeline-import-file")
    def action_import_file(self) -> None:
        """Read a file into a preview; the events kept are added."""
        from ..dialogs.timeline_import import TimelineImportDialog

        if not self.read_only:
            self.app.push_screen(TimelineImportDialog(self.draft), self._add_imported)

    @on(Button.Pressed, "#timeline-paste")
    def action_paste(self) -> None:
        """Read pasted lines into a preview; the events kept are added."""
        from ..dialogs.timeline_import import PasteDialog

        if not self.read_only:
            self.app.push_screen(PasteDialog(self.draft), self._add_imported)

    def _add_imported(self, events: list[Any] | None) -> None:
        from ...importers import ImportedAction
        from ...importers.merge import merge, merge_actions

        editor = self.query_one(TimelineEditor)
        if not events:
            editor.focus_table()
            return
        follow_ups = [e for e in events if isinstance(e, ImportedAction)]
        timeline = [e for e in events if not isinstance(e, ImportedAction)]
        changed = False
        if follow_ups:  # a file's follow-ups: action items
            added, already = merge_actions(self.draft, follow_ups)
            actions_step = getattr(self.screen, "editors", {}).get("action_items")
            if actions_step is not None:
                actions_step.reload(self.draft)
            note = f" ({already} already there)" if already else ""
            items = f"{len(added)} action item{'s' if len(added) != 1 else ''}"
            self.app.notify(f"Added {items}{note}.", title="Follow-ups imported")
            changed = bool(added)
        if timeline:
            merge(self.draft, timeline)
            editor.reload(self.draft.timeline)
            changed = True
        editor.focus_table()
        if timeline:
            self.after_list(editor)
        if changed:
            self.mark_changed()
