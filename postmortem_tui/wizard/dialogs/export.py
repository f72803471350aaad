"""Export: choose a format, a template and a file; written next to the draft by default.

The document is rendered by ``export.render`` and written by ``export.output.write_document``,
as ``postmortem export -o`` does: a draft is never written over, a folder or a device is
refused, a named pipe is written into.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core.model import Draft
from ..typeahead import WaitsForCursor, after_pending_keys

FORMATS: tuple[tuple[str, str, str], ...] = (
    ("Markdown", "md", ".md"),
    ("HTML", "html", ".html"),
    ("JSON", "json", ".json"),
)
"""(label, format, file suffix) of each format on offer."""
_SUFFIXES = {fmt: suffix for _, fmt, suffix in FORMATS}


def template_names(fmt: str = "md") -> list[str]:
    """The names of the export templates on offer for ``fmt`` (none for JSON)."""
    from ... import export  # Jinja2 only when exporting

    if fmt == "json":
        return []
    if fmt == "html":
        from ...export.html import html_templates

        found = sorted(html_templates())
    else:
        found = export.list_templates()
    names = [n for n in found if n == "default"] + [n for n in found if n != "default"]
    return names or ["default"]


def export_to(draft: Draft, template: str | None, path: Path, draft_path: Path, fmt: str) -> None:
    """Render ``draft`` as ``fmt`` with ``template`` and write it to ``path``.

    Raises ValueError with the message to show.
    """
    from ... import export
    from ...export.output import write_document

    try:
        text = export.render(draft, template=template, fmt=fmt)
    except export.ExportError as error:
        raise ValueError(str(error)) from None
    except Exception as error:  # a user's template may fail in any way; say how
        raise ValueError(f"the template {template!r} failed: {error}") from None
    try:
        write_document(path, text, draft=draft_path, suffix=_SUFFIXES[fmt])
    except export.ExportError as error:
        raise ValueError(str(error)) from None


class ExportDialog(WaitsForCursor, ModalScreen[Path | None]):
    """Ask for a format, a template and a path, export, and dismiss with the path written."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, draft: Draft, draft_path: Path) -> None:
        super().__init__()
        self.draft = draft
        self.draft_path = draft_path

    def compose(self) -> ComposeResult:
        names = self._templates("md")
        with Vertical(classes="dialog-box"):
            yield Static("Export", classes="dialog-title")
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Format")
                    yield Select(
                        [(label, fmt) for label, fmt, _ in FORMATS],
                        value="md",
                        allow_blank=False,
                        id="format",
                    )
                with Vertical(classes="dialog-column-next"):
                    yield Label("Template")
                    yield Select(
                        [(name, name) for name in names],
                        value=names[0],
                        allow_blank=False,
                        id="template",
                    )
            yield Label("File")
            yield Input(str(self.draft_path.with_suffix(".md")), id="path")
            yield Static("", id="export-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def _templates(self, fmt: str) -> list[str]:
        try:
            return template_names(fmt)
        except Exception:  # no templates to list: the default one still renders
            return [] if fmt == "json" else ["default"]

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.keys_ready()

    @property
    def format(self) -> str:
        """The chosen format's key (``md``, ``html`` or ``json``)."""
        value = self.query_one("#format", Select).value
        return value if isinstance(value, str) and value in _SUFFIXES else "md"

    @on(Select.Changed, "#format")
    def _format_changed(self) -> None:
        fmt = self.format
        template = self.query_one("#template", Select)
        names = self._templates(fmt)
        if names:
            template.set_options([(name, name) for name in names])
            template.value = names[0]
        template.disabled = not names  # JSON has no template
        # A file name still ending in one of the formats' suffixes follows the format.
        field = self.query_one("#path", Input)
        path = Path(field.value.strip())
        if field.value.strip() and path.suffix in _SUFFIXES.values():
            field.value = str(path.with_suffix(_SUFFIXES[fmt]))

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        fmt = self.format
        template_select = self.query_one("#template", Select)
        template = None if fmt == "json" else str(template_select.value)
        text = self.query_one("#path", Input).value.strip()
        error = self.query_one("#export-error", Static)
        suggestion = str(self.draft_path.with_suffix(_SUFFIXES[fmt]))
        if not text:
            error.update("Give a file to write, e.g. " + suggestion)
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.draft_path.parent / path
        if path.suffix == ".toml":
            error.update(f"That is a draft's name; export to another file, e.g. {suggestion}")
            return
        try:
            export_to(self.draft, template, path, self.draft_path, fmt)
        except ValueError as failure:
            error.update(str(failure))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)

    def action_escape(self) -> None:
        """Esc: close, asking first when a file name of one's own was typed."""
        self.hold_keys()
        after_pending_keys([self.query_one("#path", Input)], self._escape_now)

    def _escape_now(self) -> None:
        from .confirm import close_or_ask

        typed = self.query_one("#path", Input).value.strip()
        offered = {str(self.draft_path.with_suffix(suffix)) for suffix in _SUFFIXES.values()}
        close_or_ask(
            self,
            not typed or typed in offered,
            lambda: self.dismiss(None),
            "Close without exporting?",
            f"Nothing is written, and the file name typed here ({typed}) is not kept.",
            yes="Close",
        )
