"""The wizard's App: thin; it opens screens, quits safely and lists commands in the palette."""

from __future__ import annotations

import datetime as dt
import gc
import shlex
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core import store
from ..core.config import new_draft
from ..core.progress import STEPS
from ..core.session import EditSession
from .saver import AUTOSAVE_DELAY, local_now
from .screens.draft import PLACEHOLDER_TITLE, DraftScreen, FocusHint
from .typeahead import HELD_EVENTS, KeysReady, Typeahead


def today() -> dt.date:
    """Today's date (a function so tests can freeze it)."""
    return dt.date.today()


class PostmortemApp(App[int]):
    """Write a blameless postmortem, step by step."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [Path(__file__).with_name("app.tcss")]
    """The shell's styles; the steps' own (``steps.STYLES``) come with the first editor."""
    TITLE = "postmortem"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - typed (as a ClassVar) by App
        (0, "-narrow"),
        (100, "-wide"),
    ]
    """Screens get ``-narrow`` below 100 columns: the sidebar and guideline take less room."""

    def __init__(
        self,
        folder: Path,
        path: Path | None = None,
        *,
        step: str | None = None,
        focus: FocusHint = None,
        clock: Callable[[], dt.datetime] = local_now,
        today: Callable[[], dt.date] = today,
        autosave_delay: float = AUTOSAVE_DELAY,
        loaded: store.LoadedDraft | None = None,
        session: EditSession | None = None,
    ) -> None:
        super().__init__()
        self.start_session = session
        """The draft to open first, already open (``postmortem new`` created it)."""
        self.folder = folder
        self.start_path = path
        self.start_loaded = loaded
        """``path`` as the command line already read it: not read a second time."""
        self.start_step = step
        self.start_focus = focus
        self.clock = clock
        self.today = today
        self.autosave_delay = autosave_delay
        self.error: str | None = None
        """Why the app could not open what it was asked to (printed after it exits)."""
        self.saved_on_quit: Path | None = None
        """The draft that was open and saved when the person quit (named after exit)."""
        self.discarded_on_quit: Path | None = None
        """The draft whose unsaved edits the person chose to drop when quitting."""
        self.removed_on_quit = False
        """The new draft was closed untouched, so its file went."""
        self.typeahead = Typeahead()
        """Keys typed while the screen on top was not ready for them, in order."""
        self.fault: Exception | None = None
        """An error nothing else caught: the wizard stopped on it (``fault_report`` says it)."""
        self.fault_draft: Path | None = None
        """The draft that was open when the wizard stopped on a fault."""
        self.fault_unsaved = False
        """Edits made before the fault could not be saved."""

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: the draft asked for, else the list of drafts."""
        session, self.start_session = self.start_session, None
        if session is None and self.start_path is None:
            from .screens.home import HomeScreen  # DataTable only when the home screen is used

            return HomeScreen(self.folder)
        if session is None:
            assert self.start_path is not None
            try:
                session = EditSession.open(self.start_path, self.start_loaded)
            except store.DraftError as error:
                self.error = str(error)
                return Screen()
            finally:
                self.start_loaded = None  # the file may change from now on
        return self._draft_screen(session, step=self.start_step, focus=self.start_focus)

    def on_mount(self) -> None:
        if self.error:
            self.exit(2)
            return
        self.call_after_refresh(self._collect_again)

    def _collect_again(self) -> None:
        gc.freeze()
        gc.enable()

    # --- a fault nothing caught -------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing caught, and the one place that touches its
        private side (tests/wizard/test_faults.py checks it): the edits not saved yet are
        saved if they still can be, and Textual's traceback is not printed on exit; ``run``
        says what happened in one line and exits 1. Tests still get the error (run_test)."""
        self.fault = error
        self._save_after_fault()
        super()._handle_exception(error)
        self._exit_renderables.clear()  # the traceback and its locals, printed on exit

    def _save_after_fault(self) -> None:
        screen = self.draft_screen
        if screen is None:
            return
        self.fault_draft = screen.path
        if screen.saver is None or not screen.saver.dirty:
            return
        try:
            screen.session.save()
        except Exception:  # the fault may be the disk itself: the message says not saved
            self.fault_unsaved = True

    # --- keys typed ahead of a screen ---------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes wait while the screen on top is not ready for them (see
        ``typeahead``); everything else is handled as Textual does."""
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded:
            # A line feed is what Enter sends while the terminal is still in line mode (keys
            # typed in the first instant after the command); nothing here means Ctrl+J.
            event = events.Key("enter", "\r")
        try:
            screen = self.screen
        except ScreenStackError:
            screen = None
        if screen is None and isinstance(event, HELD_EVENTS):
            return  # quitting: a key still on its way has no screen left to go to
        if screen is not None and self.typeahead.hold(event, screen):
            return
        await super().on_event(event)

    @on(KeysReady)
    async def _hand_on_keys(self, message: KeysReady) -> None:
        if message.screen is not None:
            message.screen.end_hold(message.hold)
        while True:
            try:
                screen = self.screen
            except ScreenStackError:
                return
            event = self.typeahead.next_ready(screen)
            if event is None:
                return
            # As if it had just been read: a binding, or the focused widget.
            await super().on_event(event)

    def show_home(self) -> None:
        """Show the list of drafts."""
        from .screens.home import HomeScreen  # DataTable only when the home screen is used

        self.push_screen(HomeScreen(self.folder))

    # --- opening and closing drafts -----------------------------------------------------

    def open_path(
        self,
        path: Path,
        *,
        step: str | None = None,
        focus: FocusHint = None,
    ) -> None:
        """Open the draft at ``path`` for editing (read-only when it is open elsewhere)."""
        try:
            session = EditSession.open(path)
        except store.DraftError as error:
            self.notify(error.detail, title=f"Cannot open {path.name}", severity="error")
            return
        self.push_screen(self._draft_screen(session, step=step, focus=focus))

    def _draft_screen(
        self, session: EditSession, *, step: str | None, focus: FocusHint
    ) -> DraftScreen:
        return DraftScreen(
            session, step=step, focus=focus, clock=self.clock, autosave_delay=self.autosave_delay
        )

    def start_new_draft(self, title: str | None = None, severity: str | None = None) -> None:
        """Create a draft file at once and open it at Summary."""
        draft = new_draft(title or PLACEHOLDER_TITLE, date=self.today(), severity=severity)
        try:
            session = EditSession.create(draft, self.folder)
        except store.DraftError as error:
            self.notify(error.detail, title="The draft could not be created", severity="error")
            return
        focus = "summary" if title else "title"
        self.push_screen(self._draft_screen(session, step="summary", focus=focus))

    @property
    def draft_screen(self) -> DraftScreen | None:
        """The editing screen, when a draft is open (even under a dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DraftScreen) and not screen.closed:
                return screen
        return None

    def close_draft(self) -> None:
        """Save and go back to the list of drafts."""
        screen = self.draft_screen
        if screen is None:
            return

        def back() -> None:
            self.call_later(self._back_to_list)

        screen.leave(back)

    def _back_to_list(self) -> None:
        from .screens.home import HomeScreen

        screen = self.draft_screen
        if screen is not None:
            screen.close()
        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
            return
        # The draft was the first screen (`postmortem edit`): the list takes its place, so the
        # closed draft and its widgets do not stay underneath.
        while len(self.screen_stack) > 1:
            self.pop_screen()
        bottom = self.screen
        if not bottom._result_callbacks:
            # Textual gives the first screen no result callback, and switch_screen pops one.
            bottom._push_result_callback(bottom, None)
        self.switch_screen(HomeScreen(self.folder))

    async def action_quit(self) -> None:
        """Quit after saving; asks first when the draft could not be saved."""
        screen = self.draft_screen
        if screen is None:
            self.exit(0)
            return
        while self.screen is not screen:  # a dialog is open: its answer is not needed
            self.pop_screen()
        screen.leave(lambda: self._quit_after_saving(screen))

    def _quit_after_saving(self, screen: DraftScreen) -> None:
        screen.close()
        if screen.discarded:
            self.discarded_on_quit = screen.path
        elif not screen.kept_file:
            self.removed_on_quit = True
        elif not screen.read_only:
            self.saved_on_quit = screen.path
        self.exit(0)

    # --- command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The usual commands, plus every step and action of the screen in use."""
        yield from super().get_system_commands(screen)
        draft_screen = screen if isinstance(screen, DraftScreen) else None
        if draft_screen is not None:
            for step in STEPS:
                yield SystemCommand(
                    f"Go to {step.title}",
                    step.guideline,
                    partial(self._run_async, draft_screen.jump_to, step.key),
                )
            yield SystemCommand("Next step", "Ctrl+N", draft_screen.action_next_step)
            yield SystemCommand("Previous step", "Ctrl+G", draft_screen.action_previous_step)
            yield SystemCommand("Save now", "Ctrl+S", draft_screen.action_save)
            yield SystemCommand(
                "Step names",
                "Ctrl+B: the list of steps as glyphs only, or with names",
                draft_screen.action_toggle_steps,
            )
            yield SystemCommand(
                "Edit in $EDITOR",
                "Ctrl+E: the focused text field",
                draft_screen.action_external_editor,
            )
            yield SystemCommand(
                "Export…", "Render the draft to Markdown, HTML or JSON", draft_screen.action_export
            )
            yield SystemCommand("Close draft", "Save and go back to the list", self.close_draft)
        commands = getattr(screen, "commands", None)
        if callable(commands):
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)

    def _run_async(self, function: Callable[..., object], *args: object) -> None:
        self.call_later(function, *args)


def fault_report(app: PostmortemApp) -> tuple[int, str]:
    """The exit status and the one line that say why the wizard stopped on ``app.fault``."""
    error = app.fault
    if isinstance(error, OSError) and error.strerror:
        where = f" ({Path(error.filename).name})" if error.filename else ""
        what = f"{error.strerror}{where}"
    else:
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if app.fault_draft is None:
        kept = "no draft was open"
    elif app.fault_unsaved:
        kept = f"the edits since the last save could not be saved to {app.fault_draft}"
    else:
        kept = f"every edit is saved in {app.fault_draft}"
    return 1, f"the wizard stopped on an error: {what}; {kept}"


def run(
    folder: Path,
    path: Path | None = None,
    new: bool = False,
    title: str | None = None,
    severity: str | None = None,
    loaded: store.LoadedDraft | None = None,
) -> int:
    """Run the wizard and return the exit status (called by ``postmortem`` and its commands).

    ``loaded`` is ``path`` as the caller read it (to check it), so it is not read twice.
    """
    step: str | None = None
    focus: FocusHint = None
    session: EditSession | None = None
    if new:
        draft = new_draft(title or PLACEHOLDER_TITLE, date=today(), severity=severity)
        try:
            session = EditSession.create(draft, folder)
        except store.DraftError as error:
            print(f"postmortem: {error}", file=sys.stderr)
            return 2
        path, step, focus = session.path, "summary", ("summary" if title else "title")
    app = PostmortemApp(folder, path, step=step, focus=focus, loaded=loaded, session=session)
    # Building the first screen allocates many long-lived objects; collecting garbage on the
    # way only delays the first paint. The collector comes back (with those objects frozen
    # out of its sight) once the screen is up.
    gc.disable()
    try:
        status = app.run()
    finally:
        gc.enable()
    if app.fault is not None:
        status, message = fault_report(app)
        print(f"postmortem: {message}", file=sys.stderr)
        return status
    if app.error:
        print(f"postmortem: {app.error}", file=sys.stderr)
    elif app.discarded_on_quit is not None:
        print(
            f"postmortem: your unsaved edits were dropped; {app.discarded_on_quit} is as the "
            "other program left it",
            file=sys.stderr,
        )
    elif app.removed_on_quit:
        print("postmortem: nothing was typed, so no draft was kept", file=sys.stderr)
    elif app.saved_on_quit is not None:
        # The screen is gone: say where the draft is, so nobody wonders whether it was kept.
        saved = app.saved_on_quit
        elsewhere = "" if saved.parent == folder else f" --dir {shlex.quote(str(saved.parent))}"
        print(
            f"postmortem: saved {saved}\n  resume with: postmortem resume{elsewhere}",
            file=sys.stderr,
        )
    return status or 0
