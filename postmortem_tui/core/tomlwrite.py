"""A TOML writer for drafts: keys in the order given, arrays of tables as ``[[name]]``.

``tomli_w`` sorts plain values before tables and folds short arrays of tables into inline
arrays, which reorders a draft and makes diffs noisy. This writer keeps the model's order,
writes every list of tables as ``[[name]]`` blocks, strings with newlines as multi-line strings,
long text folded at spaces into lines of at most ``WRAP`` characters (with TOML's line-ending
backslash, so the value is unchanged and a one-word edit changes one line of the diff), and
long arrays one item a line. Values it does not know how to lay out (deeply nested unknown keys)
are handed to ``tomli_w``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import tomli_w

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # with fullmatch: "^...$" would let "a\n" through
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
# "\Z", not "$": "$" also matches before a final newline.
_ML_NEEDS_ESCAPE = re.compile(r'[\\\x00-\x08\x0b-\x1f\x7f]|"""|"\Z')
_LINE = 100
WRAP = 80
"""Text values longer than this are folded at spaces, lines of at most this many characters."""
_TOML_WHITESPACE = " \t\r\n"


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _ml_escape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == '"""':
        return '""\\"'
    if text == '"':
        return '\\"'
    return _ESCAPES.get(text) or f"\\u{ord(text):04x}"


def key(name: str) -> str:
    """A key, bare when it can be."""
    return name if _BARE_KEY.fullmatch(name) else string(name, multiline=False)


def _fold(line: str, width: int) -> list[str]:
    """Cut one line of an escaped multi-line string at spaces into lines of <= ``width``.

    A cut line ends with the space and a line-ending backslash (both counted in ``width``); TOML
    drops the backslash, the newline and any white space after it, so a cut is made only where
    a character other than white space follows the space. A word longer than ``width`` stays
    whole.
    """
    pieces = []
    start = 0
    while len(line) - start > width:
        cut = -1
        for i in range(start + width - 2, start, -1):
            if line[i] == " " and line[i + 1] not in _TOML_WHITESPACE:
                cut = i
                break
        if cut == -1:  # no space in reach: cut at the first one after
            for i in range(start + width - 1, len(line) - 1):
                if line[i] == " " and line[i + 1] not in _TOML_WHITESPACE:
                    cut = i
                    break
            if cut == -1:
                break
        pieces.append(line[start : cut + 1] + "\\")
        start = cut + 1
    pieces.append(line[start:])
    return pieces


def string(value: str, *, multiline: bool = True, width: int | None = None) -> str:
    """A TOML string: multi-line (``\"\"\"``) when it holds a newline, and when it is longer than
    ``width`` and can be folded at a space (then folded); otherwise on one line."""
    if multiline and ("\n" in value or (width and len(value) > width and " " in value)):
        body = _ML_NEEDS_ESCAPE.sub(_ml_escape, value)
        if width:
            lines = [piece for line in body.split("\n") for piece in _fold(line, width)]
            if len(lines) == 1:  # nothing to fold at after all
                return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'
            body = "\n".join(lines)
        return '"""\n' + body + '"""'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def _datetime(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        # TOML offsets are whole minutes (historical zones had seconds): write the same
        # instant in UTC rather than a value no reader accepts.
        value = value.astimezone(dt.UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def literal(value: Any) -> str:
    """The TOML form of a plain value (not a table)."""
    if isinstance(value, str):
        return string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return _datetime(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return _array(value, _LINE - 20)
    if isinstance(value, Mapping):
        return (
            "{ " + ", ".join(f"{key(k)} = {literal(v)}" for k, v in value.items()) + " }"
            if value
            else "{}"
        )
    # Anything else (Decimal, ...) goes through tomli_w, which knows every TOML type.
    return tomli_w.dumps({"v": value}).partition("=")[2].strip()


def _array(value: list[Any] | tuple[Any, ...], room: int) -> str:
    """An array on one line when it fits in ``room`` characters, else one item a line."""
    items = [literal(v) for v in value]
    inline = "[" + ", ".join(items) + "]"
    if len(inline) <= room and "\n" not in inline:
        return inline
    return "[\n" + "".join(f"  {item},\n" for item in items) + "]"


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table_body(table: Mapping[str, Any], name: str) -> Iterator[str]:
    literals = []
    tables = []
    for k, v in table.items():
        if isinstance(v, Mapping) or _is_table_list(v):
            tables.append((k, v))
        else:
            name_text = key(k)
            if isinstance(v, str):
                text = string(v, width=WRAP)
            elif isinstance(v, (list, tuple)):
                text = _array(v, _LINE - len(name_text) - 3)  # the whole line within _LINE
            else:
                text = literal(v)
            literals.append(f"{name_text} = {text}\n")
    yield from literals
    for k, v in tables:
        full = f"{name}.{key(k)}" if name else key(k)
        if isinstance(v, Mapping):
            yield f"\n[{full}]\n"
            yield from _table_body(v, full)
        else:
            for item in v:
                yield f"\n[[{full}]]\n"
                yield from _table_body(item, full)


def dumps(document: Mapping[str, Any]) -> str:
    """A whole TOML document, keys in the order given."""
    text = "".join(_table_body(document, ""))
    return text.lstrip("\n")
