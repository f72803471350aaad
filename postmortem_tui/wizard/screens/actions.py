"""The action items of every draft in the folder that are still open, overdue first; Enter
opens an item's draft at the Action Items step."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...team.actions import Filters, collect
from ...team.common import gather, one_line

if TYPE_CHECKING:
    from ..app import PostmortemApp


class ActionsScreen(Screen[None]):
    """Open and overdue action items across the folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open draft", id="actions.open", show=True),
        Binding("o", "toggle_overdue", "Overdue only", id="actions.overdue"),
        Binding("r", "refresh_items", "Refresh", id="actions.refresh"),
        Binding("escape", "back", "Back", id="actions.back"),
    ]

    def __init__(self, folder: Path, today: dt.date) -> None:
        super().__init__()
        self.folder = folder
        self.today = today
        self.overdue_only = False
        self.items: list[dict[str, Any]] = []
        """The rows shown, as ``team.actions.collect`` gives them (filled by a worker)."""
        self.unreadable = 0

    @property
    def wizard(self) -> PostmortemApp:
        """The app, typed."""
        return cast("PostmortemApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("Action items", id="draft-title")
            yield Static(str(self.folder), id="folder", markup=False)
        with Vertical(id="home-body"):
            yield Static("", id="actions-summary", markup=False)
            yield DataTable(id="action-items", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#action-items", DataTable)
        for label, key in (
            ("Due", "due"),
            ("Overdue", "overdue"),
            ("Pri", "priority"),
            ("Status", "status"),
            ("Owner", "owner"),
            ("Action", "action"),
            ("Postmortem", "title"),
        ):
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the folder again (through the index: only changed drafts are read), in a
        worker: a first look at a large folder reads every draft."""
        self._gather(self.overdue_only)

    @work(thread=True, exclusive=True, group="action-items")
    def _gather(self, overdue_only: bool) -> None:
        readable, broken = gather([self.folder])
        filters = Filters(only_open=True, overdue=overdue_only)
        items = collect(readable, filters, self.today)
        self.app.call_from_thread(self._shown, items, len(readable), len(broken))

    def _shown(self, items: list[dict[str, Any]], readable: int, broken: int) -> None:
        # Left (Escape), or the app quit, while the worker read the folder: nothing to fill.
        if self.is_mounted:
            with contextlib.suppress(NoMatches):
                self._show(items, readable, broken)

    def _show(self, items: list[dict[str, Any]], readable: int, broken: int) -> None:
        self.items = items
        self.unreadable = broken
        table = self.query_one("#action-items", DataTable)
        table.clear()
        for item in self.items:
            table.add_row(
                item["due"] or "",
                f"{item['days_overdue']} d" if item["overdue"] else "",
                item["priority"] or "",
                item["status"] or "planned",
                one_line(item["owner"], 20),
                one_line(item["action"], 50),
                one_line(item["title"], 40),
            )
        overdue = sum(1 for item in self.items if item["overdue"])
        what = "overdue" if self.overdue_only else "open"
        text = (
            f"{len(self.items)} {what} action item{'s' if len(self.items) != 1 else ''} "
            f"in {readable} drafts, {overdue} overdue on {self.today.isoformat()}."
        )
        if not self.items:
            text = f"No {what} action items in {readable} drafts."
        if self.unreadable:
            text += f" {self.unreadable} draft(s) could not be read: see postmortem list."
        self.query_one("#actions-summary", Static).update(
            text + "  Enter opens the draft; o shows only overdue items."
        )

    @property
    def selected(self) -> dict[str, Any] | None:
        """The item under the cursor."""
        table = self.query_one("#action-items", DataTable)
        row = table.cursor_row
        if not self.items or row is None or not 0 <= row < len(self.items):
            return None
        return self.items[row]

    def action_open(self) -> None:
        """Open the draft of the item under the cursor at its Action Items step."""
        item = self.selected
        if item is not None:
            self.wizard.open_path(Path(item["file"]), step="action_items")

    @on(DataTable.RowSelected, "#action-items")
    def _row_selected(self) -> None:
        self.action_open()

    def action_toggle_overdue(self) -> None:
        """Show only the overdue items, or every open one again."""
        self.overdue_only = not self.overdue_only
        self.reload()

    def action_refresh_items(self) -> None:
        """Read the folder again."""
        self.reload()

    def action_back(self) -> None:
        """Back to the list of drafts."""
        self.app.pop_screen()
