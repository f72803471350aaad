"""Keys typed ahead of a screen wait for it: nothing typed while a screen is being built is lost.

Textual hands each key to the focused widget the moment the App reads it. A screen that puts
its cursor late has no focused widget for a while: the draft screen builds its first step
after the first paint, a dialog focuses its first field once mounted. Keys typed then (a
person typing right after ``postmortem new``, or "Sam Okafor" right after ``a``) reached the
screen itself and were dropped, or went to the widget underneath.

The App asks ``hold`` about every key and paste it reads. While the screen on top is a
``TypeaheadScreen`` that has not called ``keys_ready`` yet, the event waits, in order; once it
has, the App hands the waiting events on exactly as if they had just arrived, so they go where
they would have gone on an instant screen (a priority binding, the focused field). A key that
opens another screen while being handed on makes the rest wait for that screen in turn.

``after_pending_keys`` is the other half: a form that reads its fields on Ctrl+S or Enter
first lets every field work through the keys already handed to it (a paste, or keys batched
over SSH, arrive together), so the last line typed is in what is saved.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

ResultType = TypeVar("ResultType")

HELD_EVENTS = (events.Key, events.Paste)
"""What waits for a screen: what a person types."""


class KeysReady(Message):
    """Posted to the App when a screen may take keys (its cursor placed), or may again."""

    def __init__(self, screen: WaitsForCursor | None = None, hold: int = 0) -> None:
        super().__init__()
        self.screen = screen
        """The screen that placed its cursor (None: only look again at the screen on top)."""
        self.hold = hold
        """Which hold of that screen ends (a newer ``hold_keys`` keeps its keys waiting)."""


class WaitsForCursor:
    """Mixin for a Screen (before it in the bases) that takes keys only once ``keys_ready``
    was called, after placing its cursor; until then, and again after ``hold_keys``, what is
    typed waits in the App."""

    keys_held: bool = True
    """Keys typed now wait (the cursor is not placed yet)."""
    holds: int = 0
    """How many times keys were held (tells a late ``KeysReady`` from a current one)."""

    def hold_keys(self) -> None:
        """Make keys wait until ``keys_ready`` (the cursor is about to move somewhere new)."""
        self.keys_held = True
        self.holds += 1

    def keys_ready(self) -> None:
        """The cursor is where typing should go: hand on the keys that waited.

        Call after ``focus()``. The focus is set through the App's queue, and so is the end
        of the hold, in that order: keys the App reads before then still wait, rather than
        reach whatever had the focus a moment before.
        """
        self._tell_app(KeysReady(self, self.holds))

    def end_hold(self, hold: int) -> None:
        """Called by the App when it reaches ``KeysReady``: keys go to this screen again."""
        if hold == self.holds:
            self.keys_held = False

    def _tell_app(self, message: KeysReady) -> None:
        assert isinstance(self, Screen)
        self.app.post_message(message)

    def on_screen_resume(self) -> None:
        # A dialog above was closed: keys that waited for it may be this screen's now.
        self._tell_app(KeysReady())

    def on_unmount(self) -> None:
        self.keys_held = False
        self._tell_app(KeysReady())


def holds_keys(screen: Screen[Any]) -> bool:
    """Whether keys typed now must wait for ``screen``."""
    return isinstance(screen, WaitsForCursor) and screen.keys_held


class Typeahead:
    """The keys and pastes waiting for a screen, in the order they were typed (one per App)."""

    def __init__(self) -> None:
        self.waiting: deque[events.Event] = deque()

    def hold(self, event: events.Event, screen: Screen[Any]) -> bool:
        """Keep ``event`` (a key or paste just read) when it must wait; True when kept.

        It waits while ``screen`` is not ready, and behind any event already waiting.
        """
        if not isinstance(event, HELD_EVENTS) or event.is_forwarded:
            return False
        if self.waiting or holds_keys(screen):
            self.waiting.append(event)
            return True
        return False

    def next_ready(self, screen: Screen[Any]) -> events.Event | None:
        """The next waiting event, when ``screen`` can take it now."""
        if self.waiting and not holds_keys(screen):
            return self.waiting.popleft()
        return None


def after_pending_keys(pumps: Iterable[MessagePump], then: Callable[[], object]) -> None:
    """Call ``then`` once each of ``pumps`` (the fields of a form) has handled the keys already
    handed to it.

    Each widget handles its messages in order, so a callback queued behind them runs after the
    last of those keys.
    """
    waiting = list(pumps)
    remaining = len(waiting)

    def one_done() -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            then()

    if not waiting:
        then()
        return
    for pump in waiting:
        if not pump.call_later(one_done):
            one_done()


async def pending_keys_handled(pumps: Iterable[MessagePump]) -> None:
    """Wait until each of ``pumps`` has handled the keys already handed to it (in a worker:
    never in the App's own message handler, which those keys may need)."""
    done = asyncio.Event()
    after_pending_keys(pumps, done.set)
    await done.wait()


def open_dialog(
    owner: Widget,
    dialog: Screen[ResultType],
    answered: Callable[[ResultType | None], object] | None = None,
) -> None:
    """Push ``dialog`` over ``owner``'s screen; keys typed after it closes wait until
    ``answered`` has acted on its answer (opened a draft, added the row).

    Without this, keys typed right after the dialog's last key could reach the screen below
    before the answer changed it: the letters of a new draft's summary would reach the list
    of drafts.
    """
    below = owner if isinstance(owner, Screen) else owner.screen
    if isinstance(below, WaitsForCursor):
        below.hold_keys()

    def done(result: ResultType | None) -> None:
        try:
            if answered is not None:
                answered(result)
        finally:
            if isinstance(below, WaitsForCursor):
                below.keys_ready()

    owner.app.push_screen(dialog, done)
