"""The terminal from the moment the wizard is chosen: keys typed while it starts are kept.

Until Textual puts the terminal in raw mode (after importing Textual and building the first
screen), the terminal is still in its line mode: what a person types at once after
``postmortem new`` is echoed onto the shell's screen, and Ctrl+Q and Ctrl+S are taken by the
terminal as flow control (Ctrl+S even stops all output until a Ctrl+Q). Switching echo, line
editing and flow control off first leaves every key in the input queue, where the wizard reads
it as soon as it starts (keys typed before the program runs at all, in its first ~0.1 s, are
the terminal's own). Imports only the standard library: this runs before Textual loads.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def keys_kept_for_the_wizard() -> Iterator[None]:
    """While the wizard starts and runs: no echo, no line editing, no flow control; the
    terminal as it was afterwards. Does nothing when standard input is not a terminal."""
    try:
        import termios
    except ImportError:  # not a POSIX system
        yield
        return
    try:
        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):  # no terminal (a pipe, a test's capture)
        yield
        return
    quiet = list(before)
    iflag, lflag = int(before[0]), int(before[3])
    # Ctrl+S and Ctrl+Q are keys, not flow control; Enter stays a carriage return (turned
    # into a line feed, it would reach the wizard as Ctrl+J).
    quiet[0] = iflag & ~(termios.IXON | termios.ICRNL)
    quiet[3] = lflag & ~(termios.ECHO | termios.ICANON)  # no echo, no waiting for a line
    try:
        # TCSANOW, not TCSAFLUSH: the keys already typed stay in the queue.
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
