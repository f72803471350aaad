"""The home screen: every draft, newest first; search, New, Open, Delete, and the action items
of every draft."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Static

from ...core import lock, progress, store
from ...core.display import printable
from ...core.model import STATUSES, severity_label
from ...core.session import recovery_path_of
from ...team.search import Search, find
from ..dialogs import ConfirmDialog, TitleDialog
from ..typeahead import WaitsForCursor, open_dialog

if TYPE_CHECKING:
    from ..app import PostmortemApp

REQUIRED_STEPS = sum(not s.optional for s in progress.STEPS)


def delete_file(path: Path) -> None:
    """Delete the draft at ``path`` under its lock (DraftLocked, naming where, when it is open
    elsewhere) with its recovery record; a draft that cannot be read goes too."""
    with lock.DraftLock(path):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(FileNotFoundError):
            recovery_path_of(path).unlink()


def completeness_label(summary: store.DraftSummary) -> str:
    """``7/10``: required steps complete out of all required steps."""
    if summary.draft is None:
        return "-"
    done = round(progress.completeness(summary.draft) * REQUIRED_STEPS)
    return f"{done}/{REQUIRED_STEPS}"


def last_edit_label(modified: float) -> str:
    """The file's modification time, local: ``2024-01-15 14:58``."""
    return dt.datetime.fromtimestamp(modified).strftime("%Y-%m-%d %H:%M")


class HomeScreen(WaitsForCursor, Screen[None]):
    """The list of drafts."""

    # New, Open and Delete act as soon as they are read (priority), so the keys typed right
    # after them wait for the dialog or the draft they open.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="home.new", priority=True),
        Binding("enter", "open", "Open", id="home.open", show=True, priority=True),
        Binding("d,delete", "delete", "Delete", id="home.delete", priority=True),
        Binding("r", "refresh_list", "Refresh", id="home.refresh"),
        Binding("slash", "search", "Search", id="home.search"),
        Binding("a", "actions", "Action items", id="home.actions"),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.drafts: list[store.DraftSummary] = []
        """The drafts shown: those that match the search."""
        self.all_drafts: list[store.DraftSummary] = []
        """Every draft of the folder, as last read."""
        self.query_text = ""
        """What the search box holds."""

    @property
    def wizard(self) -> PostmortemApp:
        """The app, typed."""
        return cast("PostmortemApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("Postmortems", id="draft-title")
            yield Static(str(self.folder), id="folder", markup=False)
        with Vertical(id="home-body"):
            yield Input(
                placeholder='Search: words or "a phrase" (press /)',
                id="search",
                compact=True,
            )
            yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="empty", markup=False)
            with Horizontal(id="home-buttons"):
                yield Button("New", id="new", variant="primary", compact=True)
                yield Button("Open", id="open", compact=True)
                yield Button("Delete", id="delete", variant="error", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#drafts", DataTable)
        table.add_column("Title", key="title")
        table.add_column("Date", key="date")
        table.add_column("Severity", key="severity")
        table.add_column("Status", key="status")
        table.add_column("Done", key="done")
        table.add_column("Last edit", key="modified")
        self.reload()
        table.focus()
        self.keys_ready()

    def on_screen_resume(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete"):
            # On the list only: Enter presses a button, Delete edits the search text.
            return isinstance(self.focused, DataTable)
        return True

    def reload(self) -> None:
        """Read the drafts folder again."""
        self.all_drafts = store.list_drafts(self.folder)
        if self.query_text.strip():
            self._search(self.query_text)
        else:
            self.show_matches(None)

    @work(thread=True, exclusive=True, group="home-search")
    def _search(self, query: str) -> None:
        """Find the drafts that match ``query`` (through the folder's index: a first search of
        a large folder reads every draft, so not while keys wait)."""
        found, _ = find([self.folder], Search(query))
        paths = {entry.path for entry in found}
        self.app.call_from_thread(self._searched, query, paths)

    def _searched(self, query: str, paths: set[Path]) -> None:
        # Not typed over meanwhile, and still on screen (the worker may outlive it, as when
        # the app quits while it reads).
        if query == self.query_text and self.is_mounted:
            with contextlib.suppress(NoMatches):
                self.show_matches(paths)

    def show_matches(self, paths: set[Path] | None) -> None:
        """Fill the table with the drafts whose files are in ``paths`` (None: every draft); one
        that cannot be read always shows, since nobody can say what it holds."""
        table = self.query_one("#drafts", DataTable)
        selected = self.selected
        self.drafts = [d for d in self.all_drafts if paths is None or d.path in paths or d.error]
        table.clear()
        screen_width = self.size.width or self.app.size.width
        narrow = screen_width < 100
        # The other columns take about 68 cells (62 with short severities); the title the rest.
        width = max(16, screen_width - (62 if narrow else 68))
        for summary in self.drafts:
            shown = printable(summary.title)
            title = shown if len(shown) <= width else shown[: width - 1] + "…"
            severity = (summary.severity or "") if narrow else severity_label(summary.severity)
            table.add_row(
                title,
                summary.date.isoformat() if summary.date else "",
                severity,
                STATUSES.get(summary.status, summary.status),
                completeness_label(summary),
                last_edit_label(summary.modified),
                key=str(summary.path),
            )
        empty = self.query_one("#empty", Static)
        if self.drafts:
            empty.display = False
            if selected is not None:
                visible_paths = [d.path for d in self.drafts]
                if selected.path in visible_paths:
                    table.move_cursor(row=visible_paths.index(selected.path))
        elif self.all_drafts:
            empty.display = True
            empty.update("No drafts match the search. Press Escape in the box to clear it.")
        else:
            empty.display = True
            empty.update(
                f"No drafts yet in {self.folder}.\n\n"
                "Press n to write a postmortem, or run `postmortem demo` to see a finished one."
            )

    @property
    def selected(self) -> store.DraftSummary | None:
        """The draft under the cursor."""
        table = self.query_one("#drafts", DataTable)
        if not self.drafts or table.cursor_row is None:
            return None
        row = table.cursor_row
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    # --- actions ------------------------------------------------------------------------

    def action_new(self) -> None:
        """Ask for a title and start a draft."""

        def create(title: str | None) -> None:
            if title is None:
                return
            self.wizard.start_new_draft(title or None)

        open_dialog(self, TitleDialog(), create)

    def action_open(self) -> None:
        """Open the draft under the cursor."""
        summary = self.selected
        if summary is None:
            return
        if summary.error:
            self.notify(
                f"{summary.path.name}: {summary.error}", title="Cannot open", severity="error"
            )
            return
        self.wizard.open_path(summary.path)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()  # a click on a row

    def action_delete(self) -> None:
        """Delete the draft under the cursor, after asking; never one open elsewhere."""
        summary = self.selected
        if summary is None:
            return
        if self._refused_while_open(summary.path, lock.holder_of(summary.path)):
            return

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            try:
                delete_file(summary.path)
            except lock.DraftLocked as error:  # opened elsewhere while the question was up
                self._refused_while_open(summary.path, error.message.removeprefix("is open in "))
                return
            except OSError as error:
                self.notify(
                    f"{summary.path}: {error.strerror}", title="Not deleted", severity="error"
                )
                return
            except store.DraftError as error:
                self.notify(error.detail, title="Not deleted", severity="error")
                return
            self.notify(f"Deleted {summary.path.name}")
            self.reload()

        open_dialog(
            self,
            ConfirmDialog(
                "Delete this draft?",
                f"{printable(summary.title)}\n{printable(str(summary.path))}\n\n"
                "The file is deleted; this cannot be undone.",
                yes="Delete",
                no="Keep",
                danger=True,
            ),
            delete,
        )

    def _refused_while_open(self, path: Path, holder: str | None) -> bool:
        """Say that ``path`` is open in ``holder`` and is not deleted; False when nobody has it."""
        if holder is None:
            return False
        self.notify(
            f"{printable(path.name)} is open in {printable(holder)}. Close it there first.",
            title="Not deleted",
            severity="error",
            timeout=8,
        )
        return True

    def action_refresh_list(self) -> None:
        """Read the folder again."""
        self.reload()

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_actions(self) -> None:
        """Show the open and overdue action items of every draft."""
        from .actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.folder, self.wizard.today()))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if Search(event.value).active:
            self._search(event.value)
        else:
            self.show_matches(None)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one("#drafts", DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#search", Input)
        if not search.has_focus:
            return
        if event.key == "escape":
            event.stop()
            search.value = ""
            self.query_one("#drafts", DataTable).focus()
        elif event.key == "down":
            event.stop()
            self.query_one("#drafts", DataTable).focus()

    @on(Button.Pressed, "#new")
    def _new_pressed(self) -> None:
        self.action_new()

    @on(Button.Pressed, "#open")
    def _open_pressed(self) -> None:
        self.action_open()

    @on(Button.Pressed, "#delete")
    def _delete_pressed(self) -> None:
        self.action_delete()

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """This screen's entries in the command palette."""
        return [
            ("New draft", "Start a postmortem", self.action_new),
            ("Open draft", "Open the draft under the cursor", self.action_open),
            ("Delete draft", "Delete the draft under the cursor (asks first)", self.action_delete),
            ("Refresh drafts", "Read the drafts folder again", self.action_refresh_list),
            ("Search drafts", "Find drafts by their words", self.action_search),
            (
                "Action items",
                "The open and overdue action items of every draft",
                self.action_actions,
            ),
        ]
