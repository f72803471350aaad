"""A table of items edited from the keyboard: add, edit, delete, move up and down, toggle.

One ``ListEditor`` serves every list of the draft (authors, timeline, factors, points, action
items, related incidents, prevention, code blocks, impact lines). It edits the model's list in
place, opens an ``ItemForm`` to add or edit an item, asks before deleting, and posts
``ListEditor.Changed`` after every edit. The table is updated row by row (never rebuilt on an
edit), so a 2,000-row timeline stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import count
from typing import Any, ClassVar

import attrs
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from ...core.display import printable
from ..dialogs.item_form import ConfirmDelete, ItemForm
from ..typeahead import open_dialog
from .fields import FieldSpec, TimeContext


@attrs.frozen
class Column:
    """One column of a list editor: its heading and how an item is shown in it."""

    label: str
    cell: Callable[[Any], str | Text]
    max_width: int = 60
    """The column grows with its content up to this many cells."""


class Cell:
    """A table cell that DataTable can show without measuring it.

    DataTable measures every Text cell through the console (three terminal-size look-ups
    each): 140 ms for a 2,000-row timeline. A cell without ``__rich_measure__`` is skipped,
    and the list editor sizes its columns itself from the plain text.
    """

    __slots__ = ("text",)

    def __init__(self, value: str | Text) -> None:
        # Plain Text, never markup: a person's "[draft]" must show as typed.
        self.text = value if isinstance(value, Text) else Text(value)
        self.text.no_wrap = True
        self.text.overflow = "ellipsis"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text

    @property
    def plain(self) -> str:
        """The cell's text without styles."""
        return self.text.plain

    @property
    def width(self) -> int:
        """The cell's width in terminal cells."""
        return cell_len(self.text.plain)

    def __str__(self) -> str:
        return self.text.plain


class Table(DataTable[Any]):
    """A DataTable that can take in new rows at once instead of when it is next idle."""

    def measure_new_rows(self) -> None:
        """Size the table for rows just added, now.

        DataTable measures new rows when it is next idle and then asks for a layout, so a row
        added as a form closes shows one frame late: the screen is painted once without it
        (the form gone) and again with it, ~50 ms later on a 2,000-row table. Measured here,
        the row is in the first frame, and the cursor can scroll to it at once.
        """
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)


def clip(value: str | None, width: int = 60) -> str:
    """The first line of ``value``, cut to ``width`` characters."""
    if not value:
        return ""
    line = printable(value.strip().splitlines()[0]) if value.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


KEEP_EVERY = 0.5
"""Seconds between two looks at an open form's unconfirmed text (kept only when it changed)."""


class ListEditor(Vertical):
    """A DataTable over a model list, with keyboard editing in modal forms."""

    DEFAULT_CLASSES = "list-editor"
    FIRST_ROWS: ClassVar[int] = 120
    """Rows shown when the list is built; the rest follow a chunk at a time."""
    CHUNK_ROWS: ClassVar[int] = 300
    # Keys that open a form act as soon as they are read (priority), so the text typed right
    # after them waits for the form instead of reaching the table.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="list.add", priority=True),
        Binding("e", "edit", "Edit", id="list.edit", priority=True),
        Binding("enter", "edit", show=False, id="list.edit_enter", priority=True),
        Binding("d,delete", "delete", "Delete", id="list.delete", priority=True),
        Binding("ctrl+up,shift+up", "move(-1)", "Move up", id="list.move_up"),
        Binding("ctrl+down,shift+down", "move(1)", "Move down", id="list.move_down"),
        Binding("space", "toggle_item", "Toggle", id="list.toggle", priority=True),
    ]

    class Unconfirmed(Message):
        """The text typed in an open form of this list, not confirmed yet (``typed`` None:
        the form closed)."""

        def __init__(
            self, editor: ListEditor, index: int | None, typed: dict[str, Any] | None
        ) -> None:
            super().__init__()
            self.editor = editor
            self.index = index
            self.typed = typed

    class Changed(Message):
        """The list was edited (posted after the model list is updated)."""

        def __init__(self, editor: ListEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> ListEditor:
            """The editor whose list changed."""
            return self.editor

    def __init__(
        self,
        items: list[Any],
        *,
        item_type: type,
        fields: Sequence[FieldSpec],
        columns: Sequence[Column],
        title: str,
        noun: str,
        read_only: bool = False,
        toggle_field: str | None = None,
        context: Callable[[], TimeContext] | None = None,
        empty_hint: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.item_type = item_type
        self.fields = tuple(fields)
        self.columns = tuple(columns)
        self.title = title
        self.noun = noun
        self.read_only = read_only
        self.toggle_field = toggle_field
        self._time_context = context
        self.empty_hint = empty_hint
        self._keys: list[str] = []
        self._counter = count()
        self._column_keys: list[Any] = []
        self._generation = 0
        """Bumped on every refill, so rows still loading for an older fill are dropped."""
        self._shown_hint = ""

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="list-title")
        table = Table(cursor_type="row", zebra_stripes=True)
        yield table
        self._shown_hint = self._hint_text()
        yield Static(self._shown_hint, classes="list-hint")

    def on_mount(self) -> None:
        table = self.table
        for column in self.columns:
            self._column_keys.append(table.add_column(column.label, width=len(column.label)))
        self._fill()

    @property
    def table(self) -> Table:
        """The table showing the items."""
        return self.query_one(Table)

    def _hint_text(self) -> str:
        if self.read_only:
            return "Read-only."
        keys = "a add · e/Enter edit · d delete · ctrl+↑/↓ move"
        if self.toggle_field:
            keys += " · space toggle"
        if not self.items and self.empty_hint:
            return f"{self.empty_hint}  ({keys})"
        return keys

    def _new_key(self) -> str:
        return f"row-{next(self._counter)}"

    def _fill(self) -> None:
        table = self.table
        table.clear()
        self._keys = []
        self._generation += 1
        for column, key in zip(self.columns, self._column_keys, strict=True):
            table.columns[key].width = cell_len(column.label)
        # A long list (a 2,000-event timeline) shows its first screenful at once and the rest
        # a chunk per refresh, so the step appears without waiting for every row.
        self._load_rows(self.FIRST_ROWS)
        self._update_hint()

    def _load_rows(self, count: int) -> None:
        start = len(self._keys)
        end = min(len(self.items), start + count)
        table = self.table
        for index in range(start, end):
            key = self._new_key()
            self._keys.append(key)
            cells = self.cells(index)
            self._fit(cells)
            table.add_row(*cells, key=key)
        if end < len(self.items):
            generation = self._generation
            self.set_timer(0.01, lambda: self._load_more(generation))

    def _load_more(self, generation: int) -> None:
        if generation == self._generation and len(self._keys) < len(self.items):
            self._load_rows(self.CHUNK_ROWS)

    def ensure_loaded(self) -> None:
        """Show every row now (before an edit, which needs the whole table)."""
        if len(self._keys) < len(self.items):
            self._generation += 1
            self._load_rows(len(self.items))

    def _fit(self, cells: list[Cell]) -> bool:
        """Widen columns to show ``cells`` (up to each column's maximum); True when any grew."""
        grew = False
        table = self.table
        for column, key, cell in zip(self.columns, self._column_keys, cells, strict=True):
            width = min(cell.width, column.max_width)
            table_column = table.columns[key]
            if width > table_column.width:
                table_column.width = width
                grew = True
        return grew

    def reload(self, items: list[Any]) -> None:
        """Show ``items`` (another draft's list) instead."""
        self.items = items
        self._fill()

    def set_read_only(self, read_only: bool) -> None:
        """Refuse (or allow) edits."""
        self.read_only = read_only
        self._update_hint()
        self.refresh_bindings()

    # --- what a row shows ----------------------------------------------------------------

    def cells(self, index: int) -> list[Cell]:
        """The cells of row ``index`` (subclasses may look at neighbours)."""
        item = self.items[index]
        return [Cell(column.cell(item)) for column in self.columns]

    def refresh_rows(self, *indices: int) -> None:
        """Redraw rows ``indices`` from the model (those out of range are skipped)."""
        self.ensure_loaded()
        table = self.table
        for index in sorted(set(indices)):
            if 0 <= index < len(self.items):
                key = self._keys[index]
                cells = self.cells(index)
                grew = self._fit(cells)
                for column_key, cell in zip(self._column_keys, cells, strict=True):
                    # update_width makes the table recompute its scrollable width.
                    table.update_cell(key, column_key, cell, update_width=grew)

    def _reorder_table(self) -> None:
        """Put the table's rows in the order of ``self._keys``.

        DataTable has no insert-at or move; sorting by each row's first cell object (one
        distinct Cell per row) puts rows where the model list has them in O(n log n).
        """
        table = self.table
        first = self._column_keys[0]
        position = {id(table.get_cell(key, first)): i for i, key in enumerate(self._keys)}
        table.sort(first, key=lambda cell: position[id(cell)])

    def _update_hint(self) -> None:
        # Only when the text changes: an update lays the whole screen out again (~10 ms).
        text = self._hint_text()
        if self.is_mounted and text != self._shown_hint:
            self._shown_hint = text
            self.query_one(".list-hint", Static).update(text)

    # --- the selected row ----------------------------------------------------------------

    @property
    def cursor_index(self) -> int | None:
        """The index of the selected item, or None when the list is empty."""
        if not self.items:
            return None
        return max(0, min(self.table.cursor_row, len(self.items) - 1))

    def select(self, index: int) -> None:
        """Move the cursor to item ``index``."""
        if self.items:
            self.table.move_cursor(row=max(0, min(index, len(self.items) - 1)))

    def focus_table(self) -> None:
        """Focus the table (where the list's keys work)."""
        self.table.focus()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_item" and not self.toggle_field:
            return False
        if self.read_only and action in ("add", "edit", "delete", "move", "toggle_item"):
            return None  # shown dimmed: a read-only draft is not edited
        if action in ("edit", "delete", "move", "toggle_item") and not self.items:
            return None
        return True

    def action_add(self) -> None:
        """Open an empty form; the new item goes after the last one (or in order)."""
        self._open_form(None)

    def action_edit(self) -> None:
        """Edit the selected item in a form."""
        index = self.cursor_index
        if index is not None:
            self._open_form(index)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.read_only:
            self.action_edit()

    def action_delete(self) -> None:
        """Delete the selected item after the person confirms (the row is shown)."""
        index = self.cursor_index
        if index is None or self.read_only:
            return
        row = "  ".join(cell.plain for cell in self.cells(index) if cell.plain)

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.delete(index)

        open_dialog(self, ConfirmDelete(f"Delete this {self.noun}?", row), done)

    def action_move(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        index = self.cursor_index
        if index is None or self.read_only:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        refusal = self.move_refusal(index, target)
        if refusal:
            self.notify(refusal, severity="warning")
            return
        self.move(index, target)

    def action_toggle_item(self) -> None:
        """Flip the toggle field (``done``) of the selected item."""
        index = self.cursor_index
        if index is None or self.read_only or not self.toggle_field:
            return
        item = self.items[index]
        setattr(item, self.toggle_field, not getattr(item, self.toggle_field))
        self.refresh_rows(index)
        self._changed()

    # --- edits on the model and the table -----------------------------------------------

    def context(self) -> TimeContext:
        """How times typed in this list's forms are read."""
        return self._time_context() if self._time_context else TimeContext()

    def values_of(self, item: Any) -> dict[str, Any]:
        """The form values of ``item``."""
        return {spec.name: getattr(item, spec.name) for spec in self.fields}

    def make_form(self, index: int | None) -> ItemForm:
        """The form that adds (``index`` None) or edits item ``index``."""
        verb = "Add" if index is None else "Edit"
        values = {} if index is None else self.values_of(self.items[index])
        return ItemForm(f"{verb} {self.noun}", self.fields, values, context=self.context())

    def _open_form(self, index: int | None, typed: dict[str, Any] | None = None) -> None:
        if self.read_only:
            return

        form = self.make_form(index)
        form.typed = dict(typed or {})
        kept: list[dict[str, Any]] = []

        def keep() -> None:
            # Polled from here, not from the form: a form's own timer would outlive it.
            if not form.is_attached or form.closing:
                return
            try:
                text = form.typed_text()
            except NoMatches:
                return  # being taken down (the app closing over it): nothing new was typed
            if not kept or text != kept[-1]:
                kept[:] = [text]
                self.post_message(self.Unconfirmed(self, index, text))

        keeper = self.set_interval(KEEP_EVERY, keep, name="keep-unconfirmed")

        def done(values: dict[str, Any] | None) -> None:
            keeper.stop()
            if not self.is_attached:
                return  # the draft was closed meanwhile
            if values is not None:
                self.apply(index, values)
            self.post_message(self.Unconfirmed(self, index, None))
            self.table.focus()

        open_dialog(self, form, done)

    def reopen_form(self, index: int | None, typed: dict[str, Any]) -> bool:
        """Open the form of item ``index`` (None: a new one) with ``typed`` in its fields, as a
        person left it; False when that item is gone."""
        if index is not None and not 0 <= index < len(self.items):
            return False
        self._open_form(index, typed)
        return True

    def apply(self, index: int | None, values: dict[str, Any]) -> int:
        """Store a form's ``values`` as a new item or into item ``index``; return its index."""
        self.ensure_loaded()
        if index is None:
            item = self.item_type(**values)
            return self.insert(len(self.items), item)
        item = self.items[index]
        for name, value in values.items():
            setattr(item, name, value)
        self.refresh_rows(index, index + 1)
        new_index = self.after_edit(index)
        self.select(new_index)
        self._changed()
        return new_index

    def insert(self, index: int, item: Any) -> int:
        """Insert ``item`` at ``index``; return where it ended up (after ``after_edit``)."""
        self.ensure_loaded()
        self.items.insert(index, item)
        key = self._new_key()
        self._keys.insert(index, key)
        cells = self.cells(index)
        self._fit(cells)
        self.table.add_row(*cells, key=key)
        if index != len(self.items) - 1:
            self._reorder_table()
        self.table.measure_new_rows()
        self.refresh_rows(index + 1)
        new_index = self.after_edit(index)
        self.select(new_index)
        self._update_hint()
        self._changed()
        return new_index

    def delete(self, index: int) -> None:
        """Delete item ``index``."""
        self.ensure_loaded()
        del self.items[index]
        key = self._keys.pop(index)
        self.table.remove_row(key)
        self.refresh_rows(index)
        self.select(index)
        self._update_hint()
        self._changed()

    def move(self, index: int, target: int) -> None:
        """Swap item ``index`` with item ``target``."""
        self.ensure_loaded()
        items, keys = self.items, self._keys
        items[index], items[target] = items[target], items[index]
        keys[index], keys[target] = keys[target], keys[index]
        self._reorder_table()
        self.refresh_rows(index, target, max(index, target) + 1)
        self.select(target)
        self._changed()

    def after_edit(self, index: int) -> int:
        """Hook after item ``index`` was added or edited (the timeline re-sorts); its index."""
        return index

    def move_refusal(self, index: int, target: int) -> str | None:
        """Why item ``index`` may not move to ``target`` (None: it may)."""
        return None

    def resync_order(self, moved: int) -> int:
        """After the model list was re-sorted in place: reorder rows; the new index of item
        ``moved``."""
        by_item = {id(item): key for item, key in zip(self._before, self._keys, strict=True)}
        keys = [by_item[id(item)] for item in self.items]
        moved_key = self._keys[moved]
        if keys != self._keys:
            self._keys = keys
            self._reorder_table()
        return keys.index(moved_key)

    def remember_order(self) -> None:
        """Note the list's order before the model re-sorts it (see ``resync_order``)."""
        self._before = list(self.items)

    def _changed(self) -> None:
        self.post_message(self.Changed(self))
