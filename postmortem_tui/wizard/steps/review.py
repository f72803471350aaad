"""The Review step: the output checklist, derived metrics, blameless findings, the review
fields, a Markdown preview of the export, and Export.

The preview is built only while this step is on screen, after it has painted: the export is
rendered in a thread and Textual's Markdown widget (about 270 ms for 5 KB) is mounted late, so
it never slows the start or the other steps.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...core import codec, fields, times
from ...core.model import Draft
from ...review import DraftReview, review_draft
from ..widgets.fields import FieldInput, GlyphCheckbox
from ..widgets.inert_text import InertTextArea
from .base import StepEditor

PREVIEW_DELAY = 0.4
"""Seconds the step is on screen before its preview is rendered."""

PREVIEW_RENDER_LIMIT = 12_000
"""Exports longer than this (characters) are previewed as source, not rendered."""

MEETING = fields.field("Review.meeting")
SHARED_WITH = fields.field("Review.shared_with")
FOLLOW_UP = fields.field("Review.follow_up")

_FIELD_CHECKLIST = {"meeting": "meeting", "shared": "shared-with", "follow_up": "follow-up"}
"""Checklist item id -> the review field on this step that fixes it."""


def format_review(review: DraftReview) -> tuple[list[Option], Text, list[Option]]:
    """The checklist options, the metrics and the findings, ready to show."""
    options = []
    for item in review.checklist:
        mark = Text("✓ ", style="bold green") if item.ok else Text("✗ ", style="bold red")
        line = Text.assemble(mark, (item.label, "bold"), "  ", (item.detail, "dim"))
        options.append(Option(line, id=item.id))
    metrics = Text()
    width = max(len(m.label) for m in review.metrics.values())
    for metric in review.metrics.values():
        metrics.append(f"{metric.label:<{width}}  ", style="bold")
        metrics.append(f"{times.format_minutes(metric.seconds):>9}  ")
        metrics.append(f"({metric.formula})\n", style="dim")
    for problem in review.problems:
        metrics.append(f"⚠ {problem.message}\n", style="bold yellow")
    metrics.rstrip()
    findings = [
        Option(
            Text.assemble(
                (f"{finding.where}: ", "bold"),
                f"“{finding.excerpt}”\n",
                (f"  → {finding.suggestion}", "italic"),
            ),
            id=f"finding-{index}-{finding.step}",
        )
        for index, finding in enumerate(review.findings)
    ]
    if not findings:
        findings.append(
            Option(
                "No blaming language found: the text speaks of systems and processes.",
                id="no-findings",
                disabled=True,
            )
        )
    return options, metrics, findings


def _meeting_text(draft: Draft) -> str:
    meeting = draft.review.meeting
    if meeting is None:
        return ""
    return f"{times.in_zone(meeting, draft.meta.timezone):%Y-%m-%d %H:%M}"


class ReviewStep(StepEditor):
    """Check the draft, record the review, preview and export the document."""

    key = "review"

    class JumpToStep(Message):
        """Show another step (a checklist item was picked)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(draft, read_only=read_only, **kwargs)
        self._preview_text: str | None = None
        self._preview_timer: Timer | None = None
        self._filling = False

    def compose(self) -> ComposeResult:
        review = review_draft(self.draft)
        options, metrics, findings = format_review(review)
        yield Static(self.step.guideline, classes="step-guideline")
        yield Static(self._checklist_title(review), id="checklist-title", classes="review-heading")
        yield OptionList(*options, id="checklist")
        yield Static("Derived metrics", classes="review-heading")
        yield Static(metrics, id="metrics")
        yield Static("Blameless review", classes="review-heading")
        yield OptionList(*findings, id="findings")
        yield Static("The review", classes="review-heading")
        with Vertical(id="review-fields"):
            yield Label("Meeting (date and time, e.g. 2024-01-15 15:30)")
            yield FieldInput(_meeting_text(self.draft), id="meeting", disabled=self.read_only)
            yield Static("", id="meeting-error", classes="field-error")
            meeting_hint = Static("", id="meeting-hint", classes="field-hint")
            meeting_hint.display = False  # shown once a time is typed
            yield meeting_hint
            yield GlyphCheckbox(
                "Meeting held",
                bool(self.draft.review.meeting_held),
                id="meeting-held",
                disabled=self.read_only,
            )
            yield Label("Shared with (channels, lists, teams; commas between)")
            yield FieldInput(
                ", ".join(self.draft.review.shared_with), id="shared-with", disabled=self.read_only
            )
            yield Label("Follow-up review (date, e.g. 2024-02-15)")
            yield FieldInput(
                self.draft.review.follow_up.isoformat() if self.draft.review.follow_up else "",
                id="follow-up",
                disabled=self.read_only,
            )
            yield Static("", id="follow-up-error", classes="field-error")
        with Horizontal(id="export-row"):
            yield Button("Export…", id="export", variant="primary", compact=True)
            yield Static("", id="exported", markup=False)
        yield Static("Preview of the export", classes="review-heading")
        yield Vertical(Static("The preview appears here.", id="preview-placeholder"), id="preview")

    @staticmethod
    def _checklist_title(review: DraftReview) -> str:
        return f"Output checklist: {review.done} of {len(review.checklist)} done"

    def focus_first(self) -> None:
        """Start on the checklist: each item leads to the step that fixes it."""
        self.query_one("#checklist", OptionList).focus(scroll_visible=False)
        self.scroll_home(animate=False)

    # --- keeping the view current -------------------------------------------------------

    def step_shown(self) -> None:
        """The step came on screen: recheck the draft, then render the preview."""
        self.refresh_review()
        # The preview waits until the step has been on screen a moment: the first paint and
        # a person passing through to another step never wait for it.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._start_preview)

    def refresh_review(self) -> None:
        """Recompute the checklist, metrics and findings."""
        review = review_draft(self.draft)
        options, metrics, findings = format_review(review)
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        checklist.clear_options()
        checklist.add_options(options)
        if highlighted is not None:
            checklist.highlighted = min(highlighted, len(options) - 1)
        self.query_one("#checklist-title", Static).update(self._checklist_title(review))
        self.query_one("#metrics", Static).update(metrics)
        found = self.query_one("#findings", OptionList)
        found.clear_options()
        found.add_options(findings)

    def reload(self, draft: Draft) -> None:
        """Show ``draft`` instead (after a reload from disk)."""
        super().reload(draft)
        self._filling = True
        try:
            self.query_one("#meeting", Input).value = _meeting_text(draft)
            self.query_one("#meeting-held", Checkbox).value = bool(draft.review.meeting_held)
            self.query_one("#shared-with", Input).value = ", ".join(draft.review.shared_with)
            follow_up = draft.review.follow_up
            self.query_one("#follow-up", Input).value = follow_up.isoformat() if follow_up else ""
        finally:
            self.call_after_refresh(self._done_filling)
        self.refresh_review()
        self._preview_text = None

    def _done_filling(self) -> None:
        self._filling = False

    # --- the checklist --------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#checklist")
    def _checklist_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item_id = event.option.id or ""
        field = _FIELD_CHECKLIST.get(item_id)
        if field is not None:
            self.query_one(f"#{field}").focus()
            return
        step = next((c.step for c in review_draft(self.draft).checklist if c.id == item_id), None)
        if step:
            self.post_message(self.JumpToStep(step))

    @on(OptionList.OptionSelected, "#findings")
    def _finding_picked(self, event: OptionList.OptionSelected) -> None:
        """A blameless finding leads to the step whose text it quotes."""
        event.stop()
        step = (event.option.id or "").rpartition("-")[2]
        if step:
            self.post_message(self.JumpToStep(step))

    # --- the review fields ------------------------------------------------------------------

    @on(Input.Changed, "#meeting")
    def _meeting_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filling:
            return
        error = self.query_one("#meeting-error", Static)
        context = fields.Context(tz=self.draft.meta.timezone, day=self.draft.meta.date)
        hint = self.query_one("#meeting-hint", Static)
        try:
            value = MEETING.parse(event.value, context)
        except fields.FieldError as problem:
            error.update(str(problem))
            hint.display = False
            return
        error.update("")
        words = MEETING.hint(event.value, context)  # the date a time alone is put on
        hint.update(words)
        hint.display = bool(words)
        self._set(meeting=value)

    @on(Checkbox.Changed, "#meeting-held")
    def _held_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if not self._filling:
            self._set(meeting_held=event.value)

    @on(Input.Changed, "#shared-with")
    def _shared_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self._filling:
            self._set(shared_with=SHARED_WITH.parse(event.value))

    @on(Input.Changed, "#follow-up")
    def _follow_up_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filling:
            return
        error = self.query_one("#follow-up-error", Static)
        try:
            value = FOLLOW_UP.parse(event.value)
        except fields.FieldError as problem:
            error.update(str(problem))
            return
        error.update("")
        self._set(follow_up=value)

    def _set(self, **values: object) -> None:
        review = self.draft.review
        if all(getattr(review, name) == value for name, value in values.items()):
            return
        for name, value in values.items():
            setattr(review, name, value)
        self.mark_changed()
        self.refresh_review()

    # --- preview and export ---------------------------------------------------------------

    def _start_preview(self) -> None:
        self._preview_timer = None
        if not self.display:  # another step is on screen by now
            return
        data = codec.unstructure(self.draft)  # a snapshot, so edits cannot race the render
        data["format"] = self.draft.format
        self._render_preview(data)

    @work(thread=True, exclusive=True, group="preview")
    def _render_preview(self, data: dict[str, object]) -> None:
        try:
            from ... import export  # Jinja2 only when a preview is wanted

            snapshot, _ = codec.structure(data)
            text = export.render(snapshot)
        except Exception as error:  # a broken template must not break the wizard
            text = f"*The preview could not be rendered: {error}*"
        self.app.call_from_thread(self._show_preview, text)  # type: ignore[arg-type]

    async def _show_preview(self, text: str) -> None:
        if text == self._preview_text or not self.is_mounted:
            return
        self._preview_text = text
        preview = self.query_one("#preview", Vertical)
        if len(text) > PREVIEW_RENDER_LIMIT:
            # Rendering a long document would hold the keyboard for seconds: show its source
            # in a text view, which draws only the lines on screen.
            source = preview.query(TextArea)
            if source:
                source.first().load_text(text)
                return
            await preview.remove_children()
            await preview.mount(
                Static(
                    f"A long document ({len(text) // 1000} KB): the Markdown source is shown.",
                    classes="preview-note",
                ),
                InertTextArea(text, read_only=True, id="preview-source", soft_wrap=True),
            )
            return
        from textual.widgets import Markdown  # ~270 ms for 5 KB: only here, never at start

        existing = preview.query(Markdown)
        if existing:
            await existing.first().update(text)
        else:
            await preview.remove_children()
            await preview.mount(Markdown(text, id="preview-markdown"))

    @on(Button.Pressed, "#export")
    def _export_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        export = getattr(self.screen, "action_export", None)
        if callable(export):
            export()

    def show_exported(self, path: Path) -> None:
        """Say where the last export went."""
        now = dt.datetime.now().astimezone()
        self.query_one("#exported", Static).update(f"Exported {now:%H:%M:%S} to {path}")
