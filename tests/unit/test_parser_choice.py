"""Drafts read the same with the compiled ``tomli`` and with the standard library's ``tomllib``.

``tomli`` 2.5 reads TOML 1.1, which allows a time without seconds; the messages for the slips a
person makes by hand must still be the ones ``tomllib`` gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAD = 'format = 1\n[meta]\ntitle = "T"\n'
BROKEN = [
    HEAD + "[[timeline]]\nat = 14:32\nevent = 'x'\n",
    HEAD + "[[timeline]]\nat = 2024-01-15 14:32\nevent = 'x'\n",
    HEAD + "[[timeline]]\nat = 14:32:00\nevent = 'x'\n",
    HEAD + "date = 2024-13-01\n",
    HEAD + 'severity = "P1\n',
    HEAD + "severity = P1\n",
    HEAD + "[meta]\n",
    'format = 1\n[meta]\ntitle = "T"\n[[meta.authors]]\nname = Jane Doe\n',
]

SCRIPT = """
import json, sys
if sys.argv[1] == "tomllib":
    sys.modules["tomli"] = None  # as if tomli were not installed
from postmortem_tui.core import store
print(store.tomllib.__name__)
out = []
for text in json.loads(sys.stdin.read()):
    try:
        store.parse_draft(text, "d.toml")
        out.append("read")
    except store.DraftError as error:
        out.append(str(error))
print(json.dumps(out))
"""


def _messages(parser: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, parser],
        input=json.dumps(BROKEN),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    name, messages = done.stdout.splitlines()
    return name, json.loads(messages)


@pytest.mark.parametrize("parser", ["tomli", "tomllib"])
def test_each_parser_is_used_when_present(parser: str) -> None:
    assert _messages(parser)[0] == parser


def test_broken_drafts_get_the_same_message_from_either_parser() -> None:
    _, fast = _messages("tomli")
    _, plain = _messages("tomllib")
    assert fast == plain
    assert "read" not in fast
    assert fast[0].endswith("got 14:32 (a time needs its date)")
    assert fast[1].endswith("got 2024-01-15 14:32 (TOML needs the seconds)")
