r"""Explaining a TOML syntax error in a hand-edited draft: the line, the key path, and what was
expected, in a person's words.

Every pattern here reads what a person typed, so none may take more than linear time in its
length: no nested or adjacent quantifiers that can match the same characters (``\s*`` next to
``.*?`` or ``[\w ]*``), possessive quantifiers (``*+``, ``++``) where a pattern must give up at
once, and plain string methods where a pattern would be ambiguous. A value is quoted in a
message as a short excerpt (``excerpt``), never whole.
"""

from __future__ import annotations

import re

EXCERPT = 60
"""The most characters of a value a message quotes."""

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)\Z")
_AT_END = "(at end of document)"

_KEY = r"""(?:[A-Za-z0-9_-]++|"[^"]*+")"""
_KEY_LINE = re.compile(rf"^\s*+({_KEY}(?:\s*+\.\s*+{_KEY})*+)\s*+=\s*+(.*)$")
_HEADER_LINE = re.compile(r"^\s*+(\[\[?+)([^\]]*+)\]")
_BARE_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?+(?:\s*+#.*)?$")
_NO_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{1,2}:\d{2}(?!:)")
_TOML_11_TIME = re.compile(r"^(?:\d{4}-\d{2}-\d{2}[Tt ])?+\d{2}:\d{2}(?![:\d])")
"""A time without seconds: TOML 1.1 (tomli 2.5) reads it, TOML 1.0 (tomllib) does not."""
_DATE_LIKE = re.compile(r"^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}")
_BARE_WORD = re.compile(r"[A-Za-z][\w .-]*+")
_NO_OPENING_QUOTE = re.compile(r"""^[^"'\[{]++["']$""")
_GROUPED_NUMBER = re.compile(
    r"^[$€£¥]?+\s*+\d{1,3}(?:[, ']\d{3})++(?:\.\d++)?+$|^[$€£¥]\s*+[\d.]++$"
)
_DATETIME_EXAMPLE = "a date and time with an offset, like 2024-01-15T14:32:00Z"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` as a message quotes it: at most ``limit`` characters, cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted(name: str) -> str:
    """``a . "b"`` as ``a.b``: the spaces around dots and the quotes dropped."""
    return ".".join(part.strip() for part in name.split(".")).replace('"', "")


def _bare_words(value: str) -> list[str] | None:
    """The words of ``[a, b c, d]`` (a list of unquoted words), or None when it is not one."""
    if not (value.startswith("[") and value.endswith("]")):
        return None
    items = value[1:-1].split(",")
    if len(items) > 1 and not items[-1].strip():
        items.pop()  # a trailing comma
    words = [item.strip() for item in items]
    if all(_BARE_WORD.fullmatch(word) for word in words):
        return words
    return None


def explain(message: str, text: str) -> tuple[int | None, str | None, str]:
    """A ``tomllib`` error message about ``text`` as ``(line, key path, what to show)``."""
    line: int | None = None
    match = _WHERE.search(message)
    if match:
        line = int(match.group(1))
        reason = message[: match.start()].rstrip()
    elif message.endswith(_AT_END):
        line = text.count("\n") + 1
        reason = message[: -len(_AT_END)].rstrip()
    else:
        reason = message
    reason = plain_reason(f"{reason[:1].lower()}{reason[1:]}", text, line)
    key, explained = explain_syntax_error(text, line) if line else (None, None)
    return line, key, explained or f"not valid TOML: {reason}"


def plain_reason(reason: str, text: str, line: int | None) -> str:
    """tomllib's reason in a person's words where it speaks Python (``('meta',)``)."""
    twice = re.fullmatch(r"cannot (?:declare|redefine namespace) \((.*)\)(?: twice)?", reason)
    if twice:
        name = ".".join(re.findall(r"'((?:[^'\\]|\\.)*+)'", twice.group(1)))
        above = text.splitlines()[: (line or 1) - 1]
        entry = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]")
        if any(entry.match(row) for row in above):
            # "[timeline]" after "[[timeline]]" entries: one more entry was meant.
            shown = excerpt(name)
            return f"expected [[{shown}]] for another entry of the list, got [{shown}]"
        return f"the table [{excerpt(name)}] appears twice; expected it once (merge the two)"
    if reason == "cannot overwrite a value":
        return "this key is set twice; expected it once"
    return reason


def time_without_seconds(text: str, line: int, key_path: str) -> str | None:
    """What was expected, when the value at ``line`` is a time without seconds (or without its
    date) that the TOML 1.1 parser read and the model then refused: the words the TOML 1.0
    parser's syntax error gets, so that a slip reads the same whichever parser is installed."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    match = _KEY_LINE.match(lines[line - 1])
    if not match or not _TOML_11_TIME.match(match.group(2)):
        return None
    key, explained = explain_syntax_error(text, line)
    return explained if key == key_path else None


def explain_syntax_error(text: str, line: int) -> tuple[str | None, str | None]:
    """The key path at a TOML syntax error's line and, for the usual slips in a hand-edited draft
    (a time without its date, no seconds, a string without its closing quote, text without
    quotes), what was expected. ``(None, None)`` when the line holds no ``key = value``."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None, None
    match = _KEY_LINE.match(lines[line - 1])
    if not match:
        return None, None
    key = _dotted(match.group(1))
    value = match.group(2).rstrip()
    # The table the line belongs to: the last header above it; [[name]] counts its entries.
    table = ""
    seen: dict[str, int] = {}
    for above in lines[: line - 1]:
        header = _HEADER_LINE.match(above)
        if header and header.group(2).strip():
            name = _dotted(header.group(2))
            if header.group(1) == "[[":
                seen[name] = seen.get(name, -1) + 1
                table = f"{name}[{seen[name]}]"
            else:
                table = name
    key_path = excerpt(f"{table}.{key}" if table else key)
    full_value, value, key = value, excerpt(value), excerpt(key, 30)
    if _BARE_TIME.match(full_value):
        return key_path, f"expected {_DATETIME_EXAMPLE}, got {value} (a time needs its date)"
    if _NO_SECONDS.match(full_value):
        return key_path, f"expected {_DATETIME_EXAMPLE}, got {value} (TOML needs the seconds)"
    if _DATE_LIKE.match(full_value):
        return key_path, (f"expected a date like 2024-01-15, or {_DATETIME_EXAMPLE}, got {value}")
    quote = full_value[:1]
    if quote in ('"', "'") and not full_value.startswith(quote * 3):
        closed = re.match(r'^"(?:[^"\\]|\\.)*+"' if quote == '"' else r"^'[^']*+'", full_value)
        if not closed:
            return key_path, (
                f"not valid TOML: the text has no closing {quote}; expected {quote}...{quote} on "
                f"one line, or {quote * 3}...{quote * 3} for text over several lines"
            )
    if _BARE_WORD.fullmatch(full_value) and value not in ("true", "false", "inf", "nan"):
        return key_path, f'expected text in quotes: {key} = "{value}"'
    if _NO_OPENING_QUOTE.match(full_value):
        text = value[:-1].strip()
        return key_path, f'expected text in quotes on both sides: {key} = "{text}"'
    if _GROUPED_NUMBER.match(full_value):
        digits = re.sub(r"[^\d.]", "", value)
        currency = " (the currency goes in impact.currency)" if not value[0].isdigit() else ""
        return key_path, (
            f"expected a plain number like {digits} (or {_grouped(digits)}), got {value}{currency}"
        )
    words = _bare_words(full_value)
    if words is not None:
        quoted = excerpt(", ".join(f'"{word}"' for word in words))
        return key_path, f"expected a list of texts in quotes: {key} = [{quoted}]"
    return key_path, None


def _grouped(digits: str) -> str:
    """``50000`` as TOML lets a person group it: ``50_000``."""
    whole, dot, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return "_".join([whole, *groups]) + dot + fraction


def line_of(text: str, key_path: str) -> int | None:
    """Best guess at the line of a key path, so a person can jump to it; None when unsure."""
    parts = re.findall(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?", key_path)
    if not parts:
        return None
    table, leaf = [p for p in parts[:-1]], parts[-1][0]
    header_name = ".".join(name for name, _ in table)
    lines = text.splitlines()
    start = 0
    if table:
        index = int(table[-1][1]) if table[-1][1] else None
        pattern = re.compile(
            r"^\s*\[\[\s*" + re.escape(header_name) + r"\s*\]\]"
            if index is not None
            else r"^\s*\[\s*" + re.escape(header_name) + r"\s*\]"
        )
        seen = -1
        for number, line in enumerate(lines):
            if pattern.match(line):
                seen += 1
                if index is None or seen == index:
                    start = number
                    break
        else:
            return None
    key = re.compile(r"^\s*" + re.escape(leaf) + r"\s*=")
    for number in range(start, len(lines)):
        if number > start and lines[number].lstrip().startswith("["):
            break
        if key.match(lines[number]):
            return number + 1
    # Not a key: perhaps a whole table in the wrong form ("[timeline]" for "[[timeline]]").
    full = re.escape(f"{header_name}.{leaf}" if table else leaf)
    header = re.compile(r"^\s*\[\[?\s*" + full + r"\s*\]")
    wanted = int(parts[-1][1] or 0)  # timeline[2]: the third [[timeline]]
    for number in range(start, len(lines)):
        if header.match(lines[number]):
            if wanted == 0:
                return number + 1
            wanted -= 1
    return start + 1 if table else None


def depth(data: object) -> int:
    """How deep lists and tables nest below ``data`` (a table of scalars is 0), without
    recursion."""
    deepest = 0
    if not isinstance(data, dict | list):
        return 0
    stack: list[tuple[dict[str, object] | list[object], int]] = [(data, 0)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, level + 1) for c in children if isinstance(c, dict | list))
    return deepest


def deeper_than(data: object, limit: int) -> bool:
    """Whether lists and tables nest more than ``limit`` deep below ``data`` (``depth(data) >
    limit``), stopping at the first branch that does: the walk never goes past ``limit``."""

    def walk(value: dict[str, object] | list[object], level: int) -> bool:
        if level > limit:
            return True
        for child in value.values() if type(value) is dict else value:
            if isinstance(child, dict | list) and walk(child, level + 1):
                return True
        return False

    return isinstance(data, dict | list) and walk(data, 0)


_NESTING_TOKEN = re.compile(r'"""|\'\'\'|["\'#\[\]{}\n\\]')


def deep_line(text: str, limit: int) -> int | None:
    """The first line where brackets or braces nest more than ``limit`` deep (strings and
    comments skipped), else the line of the deepest brackets or dotted key (a value nested in a
    table nested in a table); None when there is neither."""
    level = 0
    line = 1
    deepest, deepest_line = 0, None
    inside: str | None = None  # the quote of the string we are in
    skip_to = 0
    for token in _NESTING_TOKEN.finditer(text):
        start = token.start()
        if start < skip_to:
            continue
        kind = token.group()
        if kind == "\n":
            line += 1
            if inside in ('"', "'", "#"):
                inside = None  # a one-line string or a comment ends with its line
            continue
        if inside == "#":
            continue
        if inside is not None:
            if kind == "\\" and inside in ('"', '"""'):
                if text[start + 1 : start + 2] not in ("\n", "\r"):  # a line ending counts
                    skip_to = start + 2  # the escaped character is not a quote
            elif kind == inside or (len(inside) == 1 and kind == inside * 3):
                inside = None
            continue
        if kind in ('"', "'", '"""', "'''", "#"):
            inside = kind
        elif kind in "[{":
            level += 1
            if level > limit:
                return line
            if level > deepest:
                deepest, deepest_line = level, line
        elif kind in "]}":
            level = max(0, level - 1)
    # Brackets in a deep table, or dotted keys and headers ("a.b.c... = 1", "[a.b.c...]").
    key_line, key_depth = _deepest_key(text)
    return deepest_line if deepest >= key_depth and deepest_line else key_line


_QUOTED = re.compile(r""""[^"\n]*+"|'[^'\n]*+'""")


def deep_key_line(text: str, limit: int, *, longest: bool = False) -> int | None:
    """The first line whose dotted key or table header nests more than ``limit`` tables deep
    (``a.b.c = 1`` nests 2, ``[a.b.c]`` 3), skipping text in multi-line strings; with
    ``longest``, the line of the deepest one. Linear, and quick when no line has many dots."""
    if longest:
        return _deepest_key(text)[0]
    if not _has_dotted_line(text, limit):
        return None
    return _deepest_key(text, limit)[0]


_BLOCK = 2048
"""Characters counted at a time by ``_has_dotted_line`` (a block is then cut at a line end)."""


def _has_dotted_line(text: str, count: int) -> bool:
    """Whether a line of ``text`` holds ``count`` dots or more. Linear: the text is counted in
    blocks of whole lines (one ``str.count`` each), and only a block with ``count`` dots in all
    is looked at line by line; a draft's blocks hold a few dozen."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start + _BLOCK)
        if stop == -1:
            stop = end
        if text.count(".", start, stop) >= count and any(
            line.count(".") >= count for line in text[start:stop].split("\n")
        ):
            return True
        start = stop + 1
    return False


def _deepest_key(text: str, limit: int | None = None) -> tuple[int | None, int]:
    """The line and depth of the first key or header deeper than ``limit``, else the deepest."""
    lines = text.splitlines()
    best, best_depth = None, 0
    in_string = False
    for number, row in enumerate(lines, start=1):
        starts_inside = in_string
        if row.count('"""') % 2 or row.count("'''") % 2:
            in_string = not in_string
        if starts_inside:
            continue
        stripped = row.lstrip()
        if stripped.startswith("["):
            name, extra = stripped.split("]", 1)[0], 1
        elif "=" in row:
            name, extra = row.split("=", 1)[0], 0
        else:
            continue
        nesting = _QUOTED.sub("", name).count(".") + extra
        if limit is not None and nesting > limit:
            return number, nesting
        if nesting > best_depth:
            best, best_depth = number, nesting
    return (best if limit is None and best_depth > 0 else None), best_depth
