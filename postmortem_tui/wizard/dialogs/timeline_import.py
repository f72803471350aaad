"""The Timeline step's import: a file (its path typed with completion) or pasted text, read into
a preview where each event is kept or dropped and its kind set, then added in one step."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static, TextArea

from ...core.display import printable
from ...core.model import EVENT_KINDS, Draft
from ...core.times import TimeError, in_zone, parse_time
from ...importers import (
    FORMATS,
    ImportedAction,
    ImportedEvent,
    ImportResult,
    SourceError,
    read_sources,
)
from ...importers.merge import new_only, options_for
from ...importers.text import read_text

_DIALOG_CSS = """
TimelineImportDialog, PasteDialog, ImportPreview {
    align: center middle;
    background: $background 60%;
}
TimelineImportDialog > Vertical, PasteDialog > Vertical, ImportPreview > Vertical {
    width: 100;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}
.import-title { text-style: bold; margin-bottom: 1; }
.import-error { color: $error; height: auto; }
.import-hint { color: $text-muted; height: auto; }
.import-buttons { height: auto; align-horizontal: right; margin-top: 1; }
.import-buttons Button { margin-left: 2; }
.import-window { height: auto; }
.import-window Input { width: 1fr; }
PasteDialog TextArea { height: 12; }
ImportPreview DataTable { height: auto; max-height: 24; }
"""


class PathSuggester(Suggester):
    """Completes a typed path with the first file or folder it can name (→ accepts it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The first entry of the typed folder that starts with the typed name."""
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, start = expanded.rpartition(os.sep)
        folder = folder or ("/" if expanded.startswith(os.sep) else ".")
        try:
            names = sorted(
                n for n in os.listdir(folder) if n.startswith(start) and not n.startswith(".")
            )
        except OSError:
            return None
        for name in names:
            if name == start:
                continue
            rest = name[len(start) :]
            slash = os.sep if os.path.isdir(os.path.join(folder, name)) else ""
            return value + rest + slash
        return None


class ImportPreview(ModalScreen[list[ImportedEvent] | None]):
    """The events read, each kept or dropped and of a kind the person sets; adds the kept."""

    DEFAULT_CSS = _DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.preview.cancel"),
        Binding("space", "keep_or_drop", "Keep/drop", id="import.preview.toggle"),
        Binding("k", "kind(1)", "Kind", id="import.preview.kind"),
        Binding("K", "kind(-1)", "Kind back", show=False, id="import.preview.kind_back"),
        Binding("ctrl+s", "accept", "Add", priority=True, id="import.preview.accept"),
    ]

    def __init__(
        self, result: ImportResult, tz: str, *, already: int = 0, follow_ups: int = 0
    ) -> None:
        super().__init__()
        self.events = list(result.events)
        self.kept = [True] * len(self.events)
        self.tz = tz
        self._notes = (
            [f"{len(result.skipped)} skipped: " + _first(result.skipped)]
            if (result.skipped)
            else []
        )
        if already:
            self._notes.append(f"{already} already in the draft, not shown")
        if follow_ups:
            some = f"{follow_ups} follow-up{'s' if follow_ups != 1 else ''}"
            self._notes.append(f"The file also holds {some}: asked about next, as action items")
        self._notes.extend(result.warnings)

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self.events)
            yield Static(
                f"Import {count} event{'s' if count != 1 else ''}: keep, drop, set kinds",
                id="preview-title",
                classes="import-title",
            )
            if self._notes:
                yield Static("\n".join(self._notes), id="preview-notes", classes="import-hint")
            yield DataTable(id="preview-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "space keep/drop · k kind (K back) · ctrl+s add · Esc cancel",
                classes="import-hint",
            )
            with Horizontal(classes="import-buttons"):
                yield Button(self._accept_label(), id="preview-accept", variant="primary")
                yield Button("Cancel", id="preview-cancel")

    FIRST_ROWS: ClassVar[int] = 200
    """Rows shown at once; the rest follow a chunk at a time, so a big export opens quickly."""
    CHUNK_ROWS: ClassVar[int] = 1000

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._columns = table.add_columns("Keep", "Time", "Kind", "Who", "Event")
        self._shown = 0
        self._add_rows(self.FIRST_ROWS)
        table.focus()

    def _add_rows(self, count: int) -> None:
        table = self.query_one(DataTable)
        end = min(self._shown + count, len(self.events))
        for index in range(self._shown, end):
            table.add_row(*self._cells(index), key=str(index))
        self._shown = end
        if end < len(self.events):
            self.call_later(self._add_rows, self.CHUNK_ROWS)

    def _cells(self, index: int) -> list[Any]:
        event = self.events[index]
        local = in_zone(event.at, self.tz)
        when = f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}:{local.second:02d}"
        style = "" if self.kept[index] else "dim strike"
        text = printable(" ".join(event.text.split()))
        return [
            Text("[x]" if self.kept[index] else "[ ]"),
            Text(when, style=style),
            Text(event.kind, style=style + (" bold" if event.kind != "note" else "")),
            Text(printable(event.actor or ""), style=style),
            Text(text if len(text) <= 70 else text[:69] + "…", style=style),
        ]

    def _refresh_row(self, index: int) -> None:
        table = self.query_one(DataTable)
        if index >= self._shown:
            return
        for column, cell in zip(self._columns, self._cells(index), strict=True):
            table.update_cell(str(index), column, cell)
        self.query_one("#preview-accept", Button).label = self._accept_label()

    def _accept_label(self) -> str:
        count = sum(self.kept)
        return f"Add {count} event{'s' if count != 1 else ''}"

    def _row(self) -> int | None:
        table = self.query_one(DataTable)
        return table.cursor_row if self.events and table.row_count else None

    def action_keep_or_drop(self) -> None:
        """Keep or drop the event under the cursor."""
        index = self._row()
        if index is not None:
            self.kept[index] = not self.kept[index]
            self._refresh_row(index)

    def action_kind(self, step: int) -> None:
        """Give the event under the cursor the next (or previous) kind."""
        index = self._row()
        if index is None:
            return
        event = self.events[index]
        event.kind = EVENT_KINDS[(EVENT_KINDS.index(event.kind) + step) % len(EVENT_KINDS)]
        self._refresh_row(index)

    def action_accept(self) -> None:
        """Add the kept events."""
        self.dismiss([e for e, keep in zip(self.events, self.kept, strict=True) if keep])

    def action_cancel(self) -> None:
        """Add nothing."""
        self.dismiss(None)

    @on(Button.Pressed, "#preview-accept")
    def _accept_pressed(self) -> None:
        self.action_accept()

    @on(Button.Pressed, "#preview-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _first(skipped: list[Any]) -> str:
    item = skipped[0]
    more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
    return f"{item.source_id}: {item.reason}{more}"


def _new_only(result: ImportResult, draft: Draft) -> tuple[ImportResult, int]:
    """``result`` without the events the draft holds already, and how many those were."""
    fresh, already = new_only(result.events, draft)
    return ImportResult(result.format, fresh, result.skipped, result.warnings), already


class _ReadingDialog(ModalScreen[list[ImportedEvent] | list[ImportedAction] | None]):
    """What the file and paste dialogs share: show the preview, pass on what it chose (events,
    or a file's follow-ups, which become action items)."""

    DEFAULT_CSS = _DIALOG_CSS

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def show_preview(self, result: ImportResult) -> None:
        fresh, already = _new_only(result, self.draft)
        if result.actions and not fresh.events:
            self._offer_actions(result.actions)
            return
        if not fresh.events:
            self.show_error(
                f"Nothing new to add ({already} already in the draft)."
                if already
                else "No events found." + (f" {_first(result.skipped)}" if result.skipped else "")
            )
            return

        def chosen(events: list[ImportedEvent] | None) -> None:
            if events is None:
                return
            if result.actions:  # the same file's follow-ups: asked about next
                self._offer_actions(result.actions, events)
            else:
                self.dismiss(events)

        self.app.push_screen(
            ImportPreview(
                fresh, self.draft.meta.timezone, already=already, follow_ups=len(result.actions)
            ),
            chosen,
        )

    def _offer_actions(
        self, actions: list[ImportedAction], events: list[ImportedEvent] | None = None
    ) -> None:
        """Follow-ups are action items: one question, which no letter typed ahead answers.
        ``events`` are the same file's events chosen in the preview: added whatever the answer."""
        from .confirm import ConfirmDialog

        count = len(actions)
        some = f"{count} follow-up{'s' if count != 1 else ''}"
        listed = "; ".join(a.action for a in actions[:3]) + ("; ..." if count > 3 else "")

        def answered(add: bool | None) -> None:
            chosen: list[Any] = list(events or [])
            if add:
                chosen += actions
            if chosen:
                self.dismiss(chosen)

        after = ""
        if events:
            after = (
                " The event you chose is added either way."
                if len(events) == 1
                else f" The {len(events)} events you chose are added either way."
            )
        self.app.push_screen(
            ConfirmDialog(
                f"Add {some} to the action items?",
                # The file's words are made printable; the line breaks are the dialog's own.
                printable(listed)
                + "\n\nThey are action items, not timeline events; those the draft holds "
                "already (the same link or action) are left out." + after,
                yes="Add to action items",
                no="Not now",
                letters=False,
            ),
            answered,
        )

    def show_error(self, message: str) -> None:
        self.query_one(".import-error", Static).update(Text(printable(message)))

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)


class TimelineImportDialog(_ReadingDialog):
    """Import a file: its path (with completion), the format, the window, Slack's pinned."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
    ]

    def compose(self) -> ComposeResult:
        options = [("auto: from the content", "auto")] + [
            (f"{name}: {label}", name) for name, (label, _reader) in FORMATS.items()
        ]
        with Vertical():
            yield Static("Import events from a file", classes="import-title")
            yield Input(
                placeholder="path of a file, a folder or a .zip (→ completes)",
                suggester=PathSuggester(),
                id="import-path",
            )
            yield Select(options, value="auto", allow_blank=False, id="import-format")
            with Horizontal(classes="import-window"):
                yield Input(placeholder="from (14:00, optional)", id="import-since")
                yield Input(placeholder="to (15:30, optional)", id="import-until")
            yield Checkbox("Slack: only pinned and marked messages", id="import-pinned")
            yield Static("", id="import-error", classes="import-error")
            with Horizontal(classes="import-buttons"):
                yield Button("Preview", id="import-preview", variant="primary")
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#import-preview")
    def _preview(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.show_error("Type the path of the file to import.")
            return
        try:
            since = self._window("#import-since", "From")
            until = self._window("#import-until", "To")
        except ValueError as error:
            self.show_error(str(error))
            return
        fmt = str(self.query_one("#import-format", Select).value)
        pinned = self.query_one("#import-pinned", Checkbox).value
        self.show_error("Reading…")
        self._read(path, fmt, pinned, since, until)

    def _window(self, selector: str, name: str) -> dt.datetime | None:
        text = self.query_one(selector, Input).value.strip()
        if not text:
            return None
        try:
            return parse_time(text, tz=self.draft.meta.timezone, day=self.draft.meta.date)
        except TimeError as error:
            raise ValueError(f"{name}: expected {error}") from None

    @work(thread=True, exclusive=True)
    def _read(
        self,
        path: str,
        fmt: str,
        pinned: bool,
        since: dt.datetime | None,
        until: dt.datetime | None,
    ) -> None:
        # A thread: a Slack export of 50,000 messages takes a second or two to read.
        from ...importers.merge import within

        try:
            result, _chosen = read_sources([path], options_for(self.draft, pinned=pinned), fmt)
        except SourceError as error:
            self.app.call_from_thread(self.show_error, str(error))
            return
        except Exception as error:  # a reader's slip must not end the wizard (and the draft)
            self.app.call_from_thread(self.show_error, f"{path}: could not be read: {error!r}")
            return
        result.events, outside = within(result.events, since, until)
        if outside:
            result.warnings.append(f"{outside} outside the from/to window left out")
        self.app.call_from_thread(self._read_done, result)

    def _read_done(self, result: ImportResult) -> None:
        self.show_error("")
        self.show_preview(result)

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class PasteDialog(_ReadingDialog):
    """Paste lines copied from a chat client or a terminal; they are read as events."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="paste.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Paste lines from a chat or a terminal", classes="import-title")
            yield Static(
                "Jane Doe  2:32 PM · [14:32] jane: text · 14:32 text · 2024-03-12T14:32Z text",
                classes="import-hint",
            )
            yield TextArea(id="paste-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="paste-error", classes="import-error")
            with Horizontal(classes="import-buttons"):
                yield Button("Preview", id="paste-preview", variant="primary")
                yield Button("Cancel", id="paste-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#paste-preview")
    def _preview(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.show_error("Paste the lines first.")
            return
        self.show_preview(read_text(text, options_for(self.draft)))

    @on(Button.Pressed, "#paste-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
