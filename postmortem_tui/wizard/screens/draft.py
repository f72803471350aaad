"""The editing screen: the sidebar of steps, one step's editor, navigation and saving."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input, Static

from ...core import progress, store
from ...core.display import printable
from ...core.model import Draft
from ...core.progress import STEP_KEYS, STEPS
from ...core.session import EditSession
from ..saver import AUTOSAVE_DELAY, Saver, SaveResult, SaveState, local_now
from ..sidebar import Sidebar
from ..steps import EDITORS, StepEditor, editor_class, load_styles
from ..tab_keys import TAB_BINDINGS, TabInOrder
from ..typeahead import WaitsForCursor, after_pending_keys, pending_keys_handled
from ..widgets.list_editor import ListEditor

if TYPE_CHECKING:
    from ..dialogs.conflict import ConflictChoice
    from ..steps.review import ReviewStep  # Jinja2 and the review only when that step is shown

PLACEHOLDER_TITLE = "Untitled incident"
"""The title of a draft started without one (the format requires a title); it is selected in
the title field, so the first keystroke replaces it."""

FIRST_IN_FOOTER = ("draft.save", "app.quit")
"""Binding ids the footer shows first, so that they stay visible at 80 columns."""

FocusHint = str | None
"""Where the cursor goes in the first step: ``"title"`` (selected), ``"summary"`` or None."""


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _step_title(key: str) -> str:
    return next(s.title for s in STEPS if s.key == key)


class NavButton(Static):
    """Back or Next under the editor, for the mouse (the keys are Ctrl+G and Ctrl+N).

    A Static rather than a Button: Button's styles alone cost ~8 ms to parse on the way to the
    first screen, and these need neither focus nor Button's states.
    """

    class Pressed(Message):
        """The button was clicked."""

        def __init__(self, button: NavButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> NavButton:
            """The button (so that ``@on(NavButton.Pressed, "#id")`` can match it)."""
            return self.button

    def __init__(self, label: str, *, id: str) -> None:
        super().__init__(label, id=id, markup=False)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if not self.disabled:
            self.post_message(self.Pressed(self))


class DraftScreen(TabInOrder, WaitsForCursor, Screen[None]):
    """Edit one draft, step by step."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        *TAB_BINDINGS,
        # Keys that move the cursor to another step act as soon as they are read (priority):
        # what is typed after them waits for that step's first field.
        Binding("ctrl+n", "next_step", "Next", id="draft.next_step", priority=True),
        Binding("ctrl+pagedown", "next_step", show=False, id="draft.next_step_page", priority=True),
        Binding("ctrl+g", "previous_step", "Back", id="draft.previous_step", priority=True),
        Binding(
            "ctrl+pageup", "previous_step", show=False, id="draft.previous_page", priority=True
        ),
        Binding("ctrl+t", "focus_sidebar", "Steps", id="draft.focus_sidebar", priority=True),
        Binding("ctrl+b", "toggle_steps", "Step names", id="draft.toggle_steps", show=False),
        Binding("enter", "jump_to_highlighted", show=False, id="draft.jump", priority=True),
        Binding("ctrl+s", "save", "Save", id="draft.save", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="draft.external_editor", priority=True),
    ]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in force, Save and Quit first: a narrow footer cuts the last ones off."""
        bindings = super().active_bindings
        first = {
            key: active for key, active in bindings.items() if active.binding.id in FIRST_IN_FOOTER
        }
        return {**first, **bindings}

    def __init__(
        self,
        session: EditSession,
        *,
        step: str | None = None,
        focus: FocusHint = None,
        clock: Callable[[], dt.datetime] = local_now,
        autosave_delay: float = AUTOSAVE_DELAY,
    ) -> None:
        super().__init__()
        self.session = session
        self.draft = session.draft
        self.start_step = step or session.last_step() or progress.first_incomplete(session.draft)
        self.focus_hint = focus
        self.clock = clock
        self.editors: dict[str, Widget] = {}
        self.current: str | None = None
        self.saver: Saver | None = None
        if not session.read_only:
            self.saver = Saver(session, clock=clock, delay=autosave_delay)
        self._conflict_open = False
        self._edits_seen: dict[str, int] = {}
        """Per step, the edits whose ``Changed`` message has arrived here."""
        self.closed = False
        """Set when the person closed this draft (it may stay under the list of drafts)."""
        self.discarded = False
        """The person chose to leave without the edits the file could not take."""
        self.kept_file = True
        """After closing: whether the file stayed (a new draft nothing was typed into goes)."""
        self._shown_title = self._title_text(session.draft)

    @property
    def read_only(self) -> bool:
        """Whether this draft is open elsewhere, so nothing here is saved."""
        return self.session.read_only

    @property
    def path(self) -> Path:
        """The draft's file."""
        return self.session.path

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(printable(self._title_text()), id="draft-title", markup=False)
            yield Static(self._initial_status(), id="save-status", markup=False)
        if self.read_only:
            yield Static(
                f"READ-ONLY: this draft {self.session.read_only_reason}. "
                "Nothing you change here is saved.",
                id="readonly-banner",
                markup=False,
            )
        with Horizontal(id="body"):
            yield Sidebar(
                progress.step_states(self.draft),
                self.start_step,
                sections=[section.title for section in self.draft.sections],
                id="sidebar",
            )
            with Vertical(id="main"):
                index = STEP_KEYS.index(self.start_step)
                with Horizontal(id="step-head"):
                    yield Static(STEPS[index].title, id="step-title")
                    yield Static(f"step {index + 1} of {len(STEPS)}", id="step-position")
                yield ContentSwitcher(id="editors")
                with Horizontal(id="nav"):
                    yield NavButton("◀ Back", id="back")
                    yield Static("", id="nav-gap")
                    yield NavButton("Next ▶", id="next")
        yield Footer()
        if self.saver is not None:
            yield self.saver

    def _initial_status(self) -> str:
        return "READ-ONLY" if self.read_only else "Autosave on"

    def on_mount(self) -> None:
        # The shell (title, steps, footer) paints first; the step's editor is built right
        # after, so a person sees the draft at once and the start stays quick.
        self.call_after_refresh(self._show_start_step)

    async def _show_start_step(self) -> None:
        await self.show_step(self.start_step, save=False)
        if not self.read_only and not self.closed:
            self._offer_recovery()
        if self.read_only and not self.closed:
            from ..dialogs import NoticeDialog

            self.app.push_screen(
                NoticeDialog(
                    "Open in another program",
                    f"{self.path.name} {self.session.read_only_reason}.\n\n"
                    "It opens read-only here: you can read every step, but nothing is saved. "
                    "Close the other program to edit it.",
                )
            )

    def on_unmount(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop editing: no more saves, and the lock goes (call after the last save)."""
        if self.closed:
            return
        self.closed = True
        if self.saver is not None:
            self.saver.cancel()
            self.saver.paused = True
        untouched = self.saver is None or self.saver.edits == 0
        self.kept_file = self.session.close(keep_untouched=not untouched)

    # --- steps --------------------------------------------------------------------------

    async def show_step(self, key: str, *, focus: bool = True, save: bool = True) -> None:
        """Show step ``key``, building its editor the first time; saves on every step change."""
        if key not in STEP_KEYS:
            return
        if focus:
            self.hold_keys()  # typing goes on in the step's first field, once it has the cursor
        switcher = self.query_one("#editors", ContentSwitcher)
        if key not in self.editors:
            editor = self._build_editor(key)
            self.editors[key] = editor
            await switcher.mount(editor)
            if self.closed or editor.parent is not switcher:
                return  # the draft was closed while its editor was being built
            # The draft and the widgets live as long as the screen: move them out of the
            # garbage collector's sight, so that a full collection (set off by an autosave's
            # allocations, say) scans only new objects instead of stalling for ~50 ms.
            self.call_after_refresh(gc.freeze)
        changed = key != self.current
        self.current = key
        if changed and not self.read_only:
            self.session.remember_step(key)
        switcher.current = f"step-{key}"
        index = STEP_KEYS.index(key)
        step = STEPS[index]
        self.query_one("#step-title", Static).update(step.title)
        self.query_one("#step-position", Static).update(f"step {index + 1} of {len(STEPS)}")
        self.query_one("#back", NavButton).disabled = index == 0
        self.query_one("#next", NavButton).disabled = index == len(STEPS) - 1
        self.query_one("#sidebar", Sidebar).show_current(key)
        editor = self.editors[key]
        shown = getattr(editor, "step_shown", None)
        if callable(shown):
            shown()
        if focus:
            self._focus_editor(editor)
        if changed and save and self.saver is not None:
            self.saver.save()

    def _build_editor(self, key: str) -> Widget:
        if key not in EDITORS:
            return Static(
                f"The {_step_title(key)} editor is not available in this version. "
                "Its part of the draft is kept as it is in the file.",
                id=f"step-{key}",
                classes="missing-editor",
            )
        load_styles(self.app)
        cls = editor_class(key)
        return cls(self.draft, read_only=self.read_only, id=f"step-{key}")

    def _focus_editor(self, editor: Widget) -> None:
        hint, self.focus_hint = self.focus_hint, None

        def place_cursor() -> None:
            put_cursor()
            self.keys_ready()

        def put_cursor() -> None:
            if hint == "title":
                for field in editor.query(Input):
                    if field.value == self.draft.meta.title:
                        field.focus()
                        field.select_all()
                        return
            if hint == "summary":
                from textual.widgets import TextArea

                areas = list(editor.query(TextArea))
                if areas:
                    areas[0].focus()
                    return
            if isinstance(editor, StepEditor):
                editor.focus_first()
            else:
                self.query_one("#sidebar", Sidebar).focus()

        self.call_after_refresh(place_cursor)

    def step_offset(self, offset: int) -> str:
        """The key of the step ``offset`` steps from the current one (clamped)."""
        index = STEP_KEYS.index(self.current or self.start_step) + offset
        return STEP_KEYS[max(0, min(len(STEP_KEYS) - 1, index))]

    async def action_next_step(self) -> None:
        """Go to the next step."""
        await self.show_step(self.step_offset(1))

    async def action_previous_step(self) -> None:
        """Go back to the previous step."""
        await self.show_step(self.step_offset(-1))

    def action_focus_sidebar(self) -> None:
        """Put the cursor in the list of steps."""
        self.query_one("#sidebar", Sidebar).focus()

    def action_toggle_steps(self) -> None:
        """Show the list of steps as glyphs only, or with names (Ctrl+B)."""
        self.query_one("#sidebar", Sidebar).toggle_collapsed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump_to_highlighted":
            return isinstance(self.focused, Sidebar)  # elsewhere Enter is the field's own
        return True

    async def action_jump_to_highlighted(self) -> None:
        """Enter in the list of steps: show the highlighted step, cursor in its first field."""
        key = self.query_one("#sidebar", Sidebar).highlighted_key
        if key is not None:
            await self.show_step(key)

    @on(NavButton.Pressed, "#next")
    async def _next_pressed(self) -> None:
        await self.action_next_step()

    @on(NavButton.Pressed, "#back")
    async def _back_pressed(self) -> None:
        await self.action_previous_step()

    @on(Sidebar.Jump)
    async def _jump(self, event: Sidebar.Jump) -> None:
        await self.show_step(event.key)

    async def on_review_step_jump_to_step(self, event: ReviewStep.JumpToStep) -> None:
        """A review checklist item was picked: show the step that fixes it."""
        event.stop()
        await self.show_step(event.key)

    async def jump_to(self, key: str) -> None:
        """Show step ``key`` (from the review checklist or the command palette)."""
        await self.show_step(key)

    # --- text typed into a form and not confirmed yet -----------------------------------

    @on(ListEditor.Unconfirmed)
    def _unconfirmed(self, event: ListEditor.Unconfirmed) -> None:
        event.stop()
        if event.typed is None:
            self.session.clear_recovery()
            return
        self.session.write_recovery(
            {
                "step": self.current,
                "list": event.editor.id,
                "index": event.index,
                "noun": event.editor.noun,
                "typed": event.typed,
            }
        )

    def _offer_recovery(self) -> None:
        """A form was open with unconfirmed text when the program last stopped: offer it."""
        record = self.session.recovery()
        if record is None:
            return
        step, list_id, typed = record.get("step"), record.get("list"), record.get("typed")
        if step not in STEP_KEYS or not isinstance(list_id, str) or not isinstance(typed, dict):
            self.session.clear_recovery()
            return
        index = record.get("index")
        noun = str(record.get("noun") or "item")
        shown = "; ".join(str(v) for v in typed.values() if v not in (None, "", False))
        from ..dialogs.recovery import RecoveryDialog

        dialog = RecoveryDialog(noun, _excerpt(shown))

        position = index if isinstance(index, int) else None

        def answered(restore: bool | None) -> None:
            if restore is None:
                return  # asked again the next time the draft opens
            if not restore:
                self.session.clear_recovery()
                return
            # Once the question is gone: the form opens over this screen, not over it.
            self.call_later(self._restore_form, step, list_id, position, typed, noun)

        self.app.push_screen(dialog, answered)

    async def _restore_form(
        self, step: str, list_id: str, index: int | None, typed: dict[str, Any], noun: str
    ) -> None:
        await self.show_step(step)
        editor = self.editors.get(step)
        lists = [] if editor is None else list(editor.query(ListEditor))
        target = next((e for e in lists if e.id == list_id), None)
        if target is None or not target.reopen_form(index, typed):
            self.session.clear_recovery()
            self.notify(f"The {noun} it belonged to is gone.", title="Not restored")

    # --- edits and saving ---------------------------------------------------------------

    def _update_sidebar(self, draft: Draft) -> None:
        sidebar = self.query_one("#sidebar", Sidebar)
        sidebar.update_states(progress.step_states(draft))
        sidebar.update_sections([section.title for section in draft.sections])

    @on(StepEditor.Changed)
    def _edited(self, event: StepEditor.Changed) -> None:
        event.stop()
        editor = self.editors.get(event.key)
        if isinstance(editor, StepEditor):
            self._edits_seen[event.key] = editor.edits
        self._note_edit()

    def _typing_targets(self) -> list[Widget]:
        """The widgets that may still hold keys typed into this step."""
        editor = self.editors.get(self.current or "")
        # By class, not by type: the fields module (TextArea) stays off the first screen's way.
        fields = [] if editor is None else list(editor.query(".field"))
        targets: list[Widget] = [*fields]
        for field in fields:
            control = getattr(field, "input", None)
            if isinstance(control, Widget):
                targets.append(control)
        if self.focused is not None and self.focused not in targets:
            targets.append(self.focused)
        return targets

    def _take_typed(self) -> None:
        """Every key handled so far is in the draft now (and due for saving)."""
        key = self.current or ""
        editor = self.editors.get(key)
        if not isinstance(editor, StepEditor):
            return
        if editor.take_typed() or editor.edits != self._edits_seen.get(key, 0):
            self._edits_seen[key] = editor.edits
            self._note_edit()

    async def typing_done(self) -> None:
        """Wait until the keys typed before now are in the draft (a burst, then Ctrl+Q)."""
        await pending_keys_handled(self._typing_targets())
        self._take_typed()

    def _note_edit(self) -> None:
        self._update_sidebar(self.draft)
        self._show_title()
        if self.saver is None:
            return
        was_dirty = self.saver.dirty
        self.saver.changed()
        if not was_dirty and not self.saver.paused:
            self._set_status("Edited: saving…", "pending")

    def _title_text(self, draft: Draft | None = None) -> str:
        """The title, with the incident id beside it as the documents show it."""
        meta = (draft or self.draft).meta
        return f"{meta.title} ({meta.incident_id})" if meta.incident_id else meta.title

    def _show_title(self) -> None:
        # Only when it changed: an update re-lays out the screen, and this runs per keystroke.
        title = self._title_text()
        if title != self._shown_title:
            self._shown_title = title
            self.query_one("#draft-title", Static).update(printable(title))

    def _set_status(self, text: str, kind: str) -> None:
        status = self.query_one("#save-status", Static)
        status.update(text)
        status.set_classes(f"status-{kind}")

    @on(Saver.Done)
    def _saved(self, event: Saver.Done) -> None:
        result = event.result
        if result.state is SaveState.SAVED and result.at is not None:
            self._set_status(f"Saved {result.at:%H:%M:%S}", "saved")
            self._name_after_title()
        elif result.state is SaveState.FAILED:
            self._set_status(f"Not saved: {result.message}", "failed")
            self.notify(result.message, title="Not saved", severity="error")
        elif result.state is SaveState.CONFLICT:
            self._set_status("Not saved: the file changed on disk", "failed")
            self._ask_about_conflict()

    def _name_after_title(self) -> None:
        """While the draft is new, its file follows the name its date and title give
        (between saves, and not while the title or date is being typed)."""
        if self.saver is None or self.session.rename_until is None:
            return
        if self.saver.dirty or self.saver.saving:
            return
        focused = self.focused
        if isinstance(focused, Input) and focused.id in ("title", "date"):
            return  # still typing it: the next save after the cursor leaves will do
        old = self.session.follow_name(placeholder=PLACEHOLDER_TITLE)
        if old is not None:
            self.notify(f"{old.name} is now {self.path.name}", title="Named after the incident")

    def action_save(self) -> None:
        """Save now (Ctrl+S), with every key typed before it."""
        self.hold_keys()

        def save() -> None:
            self._take_typed()
            self._save_now()
            self.keys_ready()

        after_pending_keys(self._typing_targets(), save)

    def _save_now(self) -> None:
        if self.saver is None:
            self.notify("This draft is read-only here: it is open in another program.")
            return
        if self.saver.paused:
            self._ask_about_conflict()
            return
        if self.saver.save(force=True) is None and not self.saver.saving:
            self._set_status("Nothing to save", "saved")

    def _ask_about_conflict(self) -> None:
        if self._conflict_open or self.saver is None:
            return
        self._conflict_open = True
        from ..dialogs.conflict import ConflictDialog

        dialog = ConflictDialog(self.path.name, self._last_saved_at())
        self.app.push_screen(dialog, self._resolve_conflict)

    async def _resolve_conflict(self, choice: ConflictChoice | None) -> None:
        from ..dialogs.conflict import ConflictChoice

        self._conflict_open = False
        if self.saver is None or choice is None:
            return
        if choice is ConflictChoice.RELOAD:
            try:
                draft = self.session.reload()
            except store.DraftError as error:
                self.notify(
                    f"{error.detail}. Save your edits as a copy instead.",
                    title="The file on disk cannot be read",
                    severity="error",
                )
                self._ask_about_conflict()
                return
            await self.replace_draft(draft)
            self._set_status("Reloaded from disk", "saved")
            self.notify(f"Reloaded {self.path.name} from disk.")
            return
        old = self.path
        try:
            self.session.save_as_copy()
        except store.DraftError as error:
            self.notify(error.detail, title="The copy could not be saved", severity="error")
            self._ask_about_conflict()
            return
        self.saver.rebind()
        if self.saver.dirty:
            self.saver.save()
        now = self.clock()
        self._set_status(f"Saved {now:%H:%M:%S} as a copy", "saved")
        self.notify(
            f"Your edits are in {self.path.name}; {old.name} is as the other program left it.",
            title="Saved as a copy",
            timeout=8,
        )

    async def replace_draft(self, draft: Draft) -> None:
        """Edit ``draft`` (the session's, after a reload from disk) from now on."""
        self.draft = draft
        for editor in self.editors.values():
            if isinstance(editor, StepEditor):
                editor.reload(draft)
        if self.saver is not None:
            self.saver.rebind()
        self._update_sidebar(draft)
        self._show_title()
        if self.current is not None:
            shown = getattr(self.editors.get(self.current), "step_shown", None)
            if callable(shown):
                shown()

    async def save_before_leaving(self) -> bool:
        """Save what is not saved yet; False when the person chose to stay."""
        if self.saver is None:
            return True
        if self.saver.paused:
            return await self._leave_after_conflict()
        if not (self.saver.dirty or self.saver.saving):
            return True
        result = await self.saver.save_and_wait()
        if result is None or (result.state is SaveState.SAVED and not self.saver.dirty):
            return True
        if result.state is SaveState.CONFLICT:
            return await self._leave_after_conflict()
        reason = result.message if result.state is SaveState.FAILED else "it is not saved"
        from ..dialogs import ConfirmDialog

        dialog = ConfirmDialog(
            "Quit without saving?",
            f"The draft could not be saved: {reason}\n\n"
            "Quit anyway and lose the edits made since the last save?",
            yes="Quit anyway",
            no="Stay",
            danger=True,
        )
        # Awaited into a typed name: inside bool(...) mypy would solve the result as object.
        answer: bool = await self.app.push_screen_wait(dialog)
        return bool(answer)

    async def _leave_after_conflict(self) -> bool:
        """The file changed on disk and the edits are in no file: copy, drop or stay."""
        from ..dialogs.conflict import ConflictChoice, ConflictDialog

        assert self.saver is not None
        if self._conflict_open and self.app.screen is not self:
            return False  # the conflict dialog is open: it asks already
        self._conflict_open = True
        try:
            dialog = ConflictDialog(self.path.name, self._last_saved_at(), leaving=True)
            choice: ConflictChoice | None = await self.app.push_screen_wait(dialog)
        finally:
            self._conflict_open = False
        if choice is ConflictChoice.DISCARD:
            self.discarded = True
            return True
        if choice is not ConflictChoice.SAVE_COPY:
            return False
        try:
            self.session.save_as_copy()
        except store.DraftError as error:
            self.notify(error.detail, title="The copy could not be saved", severity="error")
            return False
        self.saver.rebind()
        return True

    def _last_saved_at(self) -> str | None:
        last = self.saver.last if self.saver is not None else None
        return f"{last.at:%H:%M:%S}" if last is not None and last.at is not None else None

    @property
    def last_result(self) -> SaveResult | None:
        """The last save's outcome."""
        return None if self.saver is None else self.saver.last

    # --- export -------------------------------------------------------------------------

    def action_export(self) -> None:
        """Choose a format, a template and a file, and export the draft."""
        from ..dialogs.export import ExportDialog

        def exported(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Exported", timeout=8)
                review = self.editors.get("review")
                show = getattr(review, "show_exported", None)
                if callable(show):
                    show(path)

        self.app.push_screen(ExportDialog(self.draft, self.path), exported)

    # --- $EDITOR ------------------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Edit the focused text field in $VISUAL or $EDITOR, then bring the text back."""
        from ..external_editor import edit_externally

        edit_externally(self, self.focused, read_only=self.read_only)

    @work(exclusive=True, group="leave")
    async def leave(self, then: Callable[[], object]) -> None:
        """Save, then call ``then`` (close the draft or quit)."""
        await self.typing_done()
        if await self.save_before_leaving():
            then()
