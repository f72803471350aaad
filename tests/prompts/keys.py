"""Keys as a terminal sends them, to type into the prompts."""

from __future__ import annotations

ENTER = "\r"
UP = "\x1b[A"
DOWN = "\x1b[B"
CLEAR = "\x15"
"""Ctrl+U: drop the default text of a question before typing a new answer."""
FINISH = "\x1b\r"
"""Esc then Enter: finishes a multi-line answer."""
CTRL_C = "\x03"


def line(text: str) -> str:
    """Type over a question's default, then Enter."""
    return CLEAR + text + ENTER


def down(n: int) -> str:
    """Move a select's cursor down ``n`` times and pick."""
    return DOWN * n + ENTER


def up(n: int) -> str:
    """Move a select's cursor up ``n`` times and pick."""
    return UP * n + ENTER
