"""Related Incidents: earlier incidents like this one, and the folder's drafts most like it
(``postmortem related``), each added with a key."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import DataTable, Label, Static

from ...core import fields, model
from ...team.common import gather
from ...team.index import IndexedDraft, describe
from ...team.related import Suggestion, suggest
from ..widgets.list_editor import Column, ListEditor, clip
from .common import FormStep, ListSpec

RELATED_FIELDS = fields.fields_of(model.Related)
RELATED_COLUMNS = (
    Column("Date", lambda r: r.date.isoformat() if r.date else ""),
    Column("Title", lambda r: clip(r.title, 50)),
    Column("Link", lambda r: clip(r.link, 40)),
)
SUGGESTIONS = 8


class SuggestionTable(DataTable[str]):
    """The drafts most like this one; Enter or ``+`` adds the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,a", "add_suggestion", "Add to related", id="related.add_suggestion"),
    ]

    def action_add_suggestion(self) -> None:
        """Add the suggestion under the cursor (the step adds it, as for Enter)."""
        if self.row_count:
            self.action_select_cursor()


class RelatedStep(FormStep):
    """Earlier incidents with the same pattern."""

    key = "related"
    LISTS = (
        ListSpec(
            "related",
            model.Related,
            RELATED_FIELDS,
            RELATED_COLUMNS,
            "Related incidents",
            "related incident",
        ),
    )

    def __init__(self, draft: model.Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(draft, read_only=read_only, **kwargs)
        self.suggestions: list[Suggestion] = []
        """What the suggestion table shows, in its order."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        with Vertical(id="related-suggestions", classes="list-editor"):
            yield Label("Drafts like this one", classes="list-title")
            table = SuggestionTable(id="suggestions", cursor_type="row", zebra_stripes=True)
            table.add_columns("Score", "Date", "Title", "Why")
            yield table
            yield Static(
                "Looking for drafts like this one…", id="suggestions-hint", classes="list-hint"
            )

    def on_mount(self) -> None:
        self.find_suggestions()

    def step_shown(self) -> None:
        """Shown again: the draft may have changed; look again."""
        super().step_shown()
        if self.is_mounted:
            self.find_suggestions()

    # --- finding --------------------------------------------------------------------------

    def _draft_path(self) -> Path | None:
        path = getattr(self.screen, "path", None)
        return path if isinstance(path, Path) else None

    def _linked(self, folder: Path) -> tuple[set[str], set[str]]:
        """The files and titles this draft already names as related."""
        files = set()
        titles = set()
        for related in self.draft.related:
            titles.add(related.title.strip().casefold())
            if related.link and "://" not in related.link:
                files.add(os.path.abspath(folder / related.link))
        return files, titles

    def find_suggestions(self) -> None:
        """Look for the drafts most like this one in its folder (in a worker: a first look
        at a large folder reads every draft)."""
        path = self._draft_path()
        if path is None:  # not a file (yet): no folder to look in
            self.query_one("#suggestions-hint", Static).update("")
            return
        # The draft as it is on screen, not as last saved.
        record, text, words = describe(self.draft)
        target = IndexedDraft(path, 0.0, record, None, text, words)
        self._search(target, path.parent)

    @work(thread=True, exclusive=True, group="related-suggestions")
    def _search(self, target: IndexedDraft, folder: Path) -> None:
        readable, _ = gather([folder], words=True)
        files, titles = self._linked(folder)
        fresh = [
            e
            for e in readable
            if os.path.abspath(e.path) not in files and e.title.strip().casefold() not in titles
        ]
        found = suggest(target, fresh, SUGGESTIONS)
        self.app.call_from_thread(self._shown, found)

    def _shown(self, found: list[Suggestion]) -> None:
        # The draft was closed, or the app quit, while the worker looked: nothing to fill.
        if self.is_mounted:
            with contextlib.suppress(NoMatches):
                self._show(found)

    def _show(self, found: list[Suggestion]) -> None:
        self.suggestions = found
        table = self.query_one("#suggestions", SuggestionTable)
        table.clear()
        for suggestion in found:
            table.add_row(
                str(suggestion.score),
                suggestion.date or "",
                clip(suggestion.title, 50),
                clip("; ".join(suggestion.reasons), 70),
                key=str(suggestion.path),
            )
        hint = self.query_one("#suggestions-hint", Static)
        if not found:
            hint.update(
                "No other draft in this folder shares services, tags or words with this one."
            )
        elif self.read_only:
            hint.update("Read-only: suggestions cannot be added.")
        else:
            hint.update("Enter or + adds the suggestion under the cursor to the related incidents.")

    # --- adding ---------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#suggestions")
    def _suggestion_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.read_only or not 0 <= event.cursor_row < len(self.suggestions):
            return
        self.add(self.suggestions[event.cursor_row])

    def add(self, suggestion: Suggestion) -> None:
        """Add ``suggestion`` to the draft's related incidents: date, title, link to its file."""
        path = self._draft_path()
        folder = path.parent if path is not None else Path.cwd()
        link = os.path.relpath(suggestion.path, folder)
        date = dt.date.fromisoformat(suggestion.date) if suggestion.date else None
        self.draft.related.append(model.Related(date=date, title=suggestion.title, link=link))
        self.query_one("#list-related", ListEditor).reload(self.draft.related)
        self.mark_changed()
        self.notify(f"Added {suggestion.title}", title="Related incident")
        self.suggestions = [s for s in self.suggestions if s is not suggestion]
        self._show(self.suggestions)

    def reload(self, draft: model.Draft) -> None:
        """Show ``draft`` instead, and look for drafts like it."""
        super().reload(draft)
        if self.is_mounted:
            self.find_suggestions()
