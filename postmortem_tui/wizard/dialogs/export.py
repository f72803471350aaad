"""Export: choose a template and a file; the Markdown is written next to the draft by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core import store
from ...core.model import Draft
from ..typeahead import WaitsForCursor


def template_names() -> list[str]:
    """The names of the export templates on offer (shipped ones first)."""
    from ... import export  # Jinja2 only when exporting

    names: list[str] = []
    for entry in export.list_templates():
        name = entry if isinstance(entry, str) else getattr(entry, "name", str(entry))
        if name not in names:
            names.append(name)
    return names or ["default"]


def export_to(draft: Draft, template: str, path: Path) -> None:
    """Render ``draft`` with ``template`` and write it to ``path`` atomically.

    Raises ValueError with the message to show.
    """
    from ... import export

    try:
        text = export.render(draft, template=template)
    except Exception as error:  # a user's template may fail in any way; say how
        raise ValueError(f"the template {template!r} failed: {error}") from None
    try:
        store.write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: could not be written: {error.strerror or error}") from None


class ExportDialog(WaitsForCursor, ModalScreen[Path | None]):
    """Ask for a template and a path, export, and dismiss with the path written (or None)."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, draft: Draft, draft_path: Path) -> None:
        super().__init__()
        self.draft = draft
        self.draft_path = draft_path

    def compose(self) -> ComposeResult:
        try:
            names = template_names()
        except Exception:  # no templates to list: the default one still renders
            names = ["default"]
        options: list[tuple[str, Any]] = [(name, name) for name in names]
        with Vertical(classes="dialog-box"):
            yield Static("Export to Markdown", classes="dialog-title")
            yield Label("Template")
            yield Select(options, value=names[0], allow_blank=False, id="template")
            yield Label("File")
            yield Input(str(self.draft_path.with_suffix(".md")), id="path")
            yield Static("", id="export-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.keys_ready()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        template = str(self.query_one("#template", Select).value)
        text = self.query_one("#path", Input).value.strip()
        error = self.query_one("#export-error", Static)
        if not text:
            error.update("Give a file to write, e.g. " + str(self.draft_path.with_suffix(".md")))
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.draft_path.parent / path
        if path.suffix == ".toml":
            error.update("That is a draft's name; the export needs another file, e.g. .md")
            return
        try:
            export_to(self.draft, template, path)
        except ValueError as failure:
            error.update(str(failure))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
