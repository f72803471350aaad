r"""Text shown on a terminal: control and escape characters made visible, never obeyed.

A title, a file name or a message may hold what a terminal takes as a command: ``ESC [`` moves
the cursor or changes colours, ``ESC ]`` sets the window title or writes to the clipboard, a
carriage return overwrites the line, bidirectional controls reorder what is read. Everything
printed for a person from a draft goes through ``printable`` (``list``, ``check``, messages, the
wizard, the prompts), which writes such characters as ``\u001b``, ``\r``, ``\u202e``: escapes
that JSON reads back as the same character, so JSON output can go through it unchanged in
meaning.
"""

from __future__ import annotations

import re
from typing import IO, Any

# C0 controls (tab and newline among them), DEL, C1 controls (0x9b is a one-byte CSI), and the
# bidirectional and line-breaking format characters that change what a line looks like.
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
# A line break, CRLF too (CSV's), is kept; a carriage return alone would overwrite the line.
_BUT_LINE_ENDS = (
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ufeff]"
)
_LONE_CR = "\r(?!\n)"
_CONTROLS_BUT_NEWLINE = re.compile(_BUT_LINE_ENDS + "|" + _LONE_CR)
# One class of characters is searched for at once: a long report without any (nearly every
# report) is passed through after that search.
_CONTROLS_BUT_LINE_ENDS = re.compile(_BUT_LINE_ENDS)
_LONE_CARRIAGE_RETURN = re.compile(_LONE_CR)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    return f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with every control, escape and bidirectional character written visibly."""
    return _CONTROLS.sub(_escape, text) if _CONTROLS.search(text) else text


def printable_lines(text: str) -> str:
    """``printable``, keeping line breaks, ``\\r\\n`` too (for a report of several lines)."""
    if _CONTROLS_BUT_LINE_ENDS.search(text) is None and (
        "\r" not in text or _LONE_CARRIAGE_RETURN.search(text) is None
    ):
        return text
    return _CONTROLS_BUT_NEWLINE.sub(_escape, text)


class PrintableStream:
    """A text stream that writes through ``printable_lines``: wrap stdout or stderr with it."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters made visible."""
        return self._stream.write(printable_lines(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
