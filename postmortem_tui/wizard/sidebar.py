"""The list of steps beside every editor, each with its state; Enter or a click jumps there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.progress import STEPS, State

GLYPHS: dict[State, str] = {State.EMPTY: "○", State.STARTED: "◐", State.COMPLETE: "●"}
"""How each state is drawn: empty, started, complete."""


SHORT_TITLES: dict[str, str] = {
    "factors": "Contrib. Factors",
    "related": "Related",
    "sections": "Our Sections",
}
"""Names that fit the narrow sidebar."""

SECTIONS_SHOWN = 6
"""A team's own sections listed under their step; more are counted."""


class Sidebar(OptionList):
    """Every step in order, the current one marked, each with its state."""

    class Jump(Message):
        """The person picked a step in the sidebar."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(
        self,
        states: dict[str, State],
        current: str,
        *,
        sections: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        self._states = dict(states)
        self._current = current
        self._narrow = False
        self._collapsed: bool | None = None
        """Collapsed to its glyphs by the person (None: as the screen's width has it)."""
        self._sections = tuple(sections)
        super().__init__(*(self._option(s.key) for s in STEPS), **kwargs)

    def _prompt(self, key: str) -> str | Text:
        step = next(s for s in STEPS if s.key == key)
        marker = "▸" if key == self._current else " "
        if self.collapsed:
            return f"{marker}{GLYPHS[self._states[key]]}"
        title = SHORT_TITLES.get(key, step.title) if self._narrow else step.title
        prompt = f"{marker}{GLYPHS[self._states[key]]} {title}"
        if key == "sections" and self._sections:
            # The team's own sections, under their step, by title.
            shown = [f"\n    {name}" for name in self._sections[:SECTIONS_SHOWN]]
            more = len(self._sections) - SECTIONS_SHOWN
            prompt += "".join(shown) + (f"\n    +{more} more" if more > 0 else "")
            return Text(prompt)  # titles as typed, never markup
        return prompt

    @property
    def sections(self) -> tuple[str, ...]:
        """The titles of the team's own sections shown under their step."""
        return self._sections

    def update_sections(self, titles: Sequence[str]) -> None:
        """Show ``titles`` under the Team Sections step (when they changed)."""
        titles = tuple(titles)
        if titles != self._sections:
            self._sections = titles
            self.replace_option_prompt("sections", self._prompt("sections"))

    @property
    def screen_is_narrow(self) -> bool:
        """Whether the screen is in its narrow layout (shorter step names)."""
        return self.screen.has_class("-narrow")

    @property
    def collapsed(self) -> bool:
        """Whether only the state glyphs are shown (by default below 100 columns)."""
        return self._narrow if self._collapsed is None else self._collapsed

    def toggle_collapsed(self) -> None:
        """Show only the glyphs, or the names again (the person's choice holds from now on)."""
        self._collapsed = not self.collapsed
        self._redraw()

    def _redraw(self) -> None:
        self.set_class(self.collapsed, "-collapsed")
        self.border_title = "^b" if self.collapsed else "Steps"
        for step in STEPS:
            self.replace_option_prompt(step.key, self._prompt(step.key))

    def on_resize(self) -> None:
        # The narrow layout collapses the list (unless the person chose) and uses short names.
        narrow = self.screen_is_narrow
        if narrow != self._narrow:
            self._narrow = narrow
            self._redraw()

    def _option(self, key: str) -> Option:
        return Option(self._prompt(key), id=key)

    def on_mount(self) -> None:
        self.border_title = "Steps"
        self.highlighted = self.get_option_index(self._current)

    @property
    def current(self) -> str:
        """The key of the step on screen."""
        return self._current

    @property
    def highlighted_key(self) -> str | None:
        """The key of the step under the cursor."""
        index = self.highlighted
        return None if index is None else self.get_option_at_index(index).id

    def show_current(self, key: str) -> None:
        """Mark ``key`` as the step on screen."""
        previous, self._current = self._current, key
        for changed in {previous, key}:
            self.replace_option_prompt(changed, self._prompt(changed))
        self.highlighted = self.get_option_index(key)

    def update_states(self, states: dict[str, State]) -> None:
        """Redraw the steps whose state changed."""
        for key, state in states.items():
            if self._states.get(key) is not state:
                self._states[key] = state
                self.replace_option_prompt(key, self._prompt(key))

    def state_of(self, key: str) -> State:
        """The state shown for step ``key``."""
        return self._states[key]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a step: jump there."""
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(event.option.id))
