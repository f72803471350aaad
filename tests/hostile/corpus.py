"""The hostile corpus: drafts no command may accept, change or choke on.

Every case is generated from the worked example (or from nothing), so the corpus needs no
stored files: TOML syntax of many kinds, wrong types at every level, encodings, sizes, deep
nesting, the shapes that made the old error patterns backtrack, and special files.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import attrs

FIXTURES = Path(__file__).parent.parent / "fixtures"
BASE = (FIXTURES / "api-outage.toml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines()
SIZE_LIMIT = 64 * 1024
"""The size limit the corpus runs with ([drafts] size_limit), so that a large case stays small."""


ANY_LINE = 0
"""A case whose message names a line: the one where the TOML parser found it out."""


@attrs.frozen
class Case:
    """One hostile input: the bytes of a file (or how to make a special one), and where the one
    message must point (``line``: that line; ANY_LINE: a line; None: the file as a whole)."""

    name: str
    data: bytes | None = None
    line: int | None = None
    make: Callable[[Path], None] | None = None
    """Makes a special file at the path instead of writing ``data``."""


def _find(start: str, occurrence: int = 0) -> int:
    """The index of the ``occurrence``-th line of BASE starting with ``start``."""
    found = [i for i, line in enumerate(BASE_LINES) if line.startswith(start)]
    return found[occurrence]


def replaced(
    name: str, start: str, new: str, occurrence: int = 0, *, at: int = 0, line: int | None = None
) -> Case:
    """BASE with one line replaced by ``new``; the message must name the ``at``-th line of
    ``new`` (or ``line``)."""
    index = _find(start, occurrence)
    lines = [*BASE_LINES[:index], *new.split("\n"), *BASE_LINES[index + 1 :]]
    where = index + 1 + at if line is None else line
    return Case(name, ("\n".join(lines) + "\n").encode("utf-8"), where)


def appended(name: str, text: str, line: int | None = -1) -> Case:
    """BASE with ``text`` after it; the message names its first line (or ``line``)."""
    where = len(BASE_LINES) + 1 if line == -1 else line
    return Case(name, (BASE + text).encode("utf-8"), where)


def whole(name: str, text: str | bytes, line: int | None) -> Case:
    """A file of only ``text``."""
    return Case(name, text.encode("utf-8") if isinstance(text, str) else text, line)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()  # empty: check takes a folder for its drafts, and there are none


def _link(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _loop(path: Path) -> None:
    path.symlink_to(path.name)  # a link to itself


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


SYNTAX = [
    replaced("unclosed-string", 'title = "API', 'title = "API Outage'),
    replaced("unclosed-literal", 'title = "API', "title = 'API Outage"),
    appended("unclosed-array", "x = [1, 2\n", ANY_LINE),
    replaced("unclosed-inline-table", "format = 1", "format = 1\nx = { a = 1", line=ANY_LINE),
    replaced("missing-equals", 'role = "On-call"', 'role "On-call"'),
    replaced("missing-value", 'role = "On-call"', "role ="),
    replaced("missing-key", 'role = "On-call"', '= "On-call"'),
    replaced("bad-key-character", 'role = "On-call"', 'ro le = "On-call"'),
    replaced("key-set-twice", 'severity = "P1"', 'severity = "P1"\nseverity = "P2"', at=1),
    appended("table-twice", '\n[meta]\ntitle = "Again"\n', len(BASE_LINES) + 2),
    appended(
        "table-after-entries",
        '\n[timeline]\nat = 2024-01-15T16:00:00Z\nevent = "x"\n',
        len(BASE_LINES) + 2,
    ),
    replaced("invalid-escape", 'title = "API', 'title = "API \\q Outage"'),
    replaced("invalid-unicode-escape", 'title = "API', 'title = "API \\uZZZZ"'),
    replaced("surrogate-escape", 'title = "API', 'title = "\\uD800"'),
    replaced("bad-month", "date = 2024-01-15", "date = 2024-13-45"),
    replaced("bad-hour", "start = 2024", "start = 2024-01-15T25:00:00Z"),
    replaced("february-30", "date = 2024-01-15", "date = 2024-02-30"),
    replaced("bare-time", "at = 2024-01-15T14:15:00Z", "at = 14:15"),
    replaced("slash-date", "date = 2024-01-15", "date = 01/15/2024"),
    replaced("bare-word", 'kind = "trigger"', "kind = trigger"),
    replaced("closing-quote-only", 'kind = "trigger"', 'kind = trigger"'),
    replaced("grouped-number", "users_affected = 50000", "users_affected = 50,000"),
    replaced("currency-number", "revenue_loss = 15000", "revenue_loss = $15,000"),
    replaced("bare-word-list", "details = [", "details = [Tests, Load]\nx = [", 0),
    replaced("leading-zero", "users_affected = 50000", "users_affected = 050000"),
    replaced("double-underscore", "users_affected = 50000", "users_affected = 50__000"),
    replaced("half-exponent", "users_affected = 50000", "users_affected = 5e"),
    replaced("hex-without-digits", "users_affected = 50000", "users_affected = 0x"),
    replaced("misspelt-boolean", "approximate = true", "approximate = tru"),
    replaced("two-values", "users_affected = 50000", "users_affected = 50000 60000"),
    replaced("unclosed-header", "[impact]", "[impact"),
    replaced("unclosed-array-header", "[[timeline]]", "[[timeline]", 0),
    replaced("empty-header", "[impact]", "[]"),
    appended("unclosed-multiline", 'x = """\nnever closed\n', ANY_LINE),
    appended("unclosed-multiline-literal", "x = '''\nnever closed\n", ANY_LINE),
    replaced("control-character", 'title = "API', 'title = "API\x01Outage"'),
    replaced("text-after-string", 'title = "API', 'title = "API" Outage'),
    replaced("dotted-over-value", 'severity = "P1"', 'severity = "P1"\nseverity.level = 1', at=1),
    whole("only-garbage", "}{][=\n", 1),
    whole("only-equals", "=\n", 1),
]

WRONG_TYPES = [
    replaced("format-string", "format = 1", 'format = "1"'),
    replaced("format-newer", "format = 1", "format = 99"),
    replaced("format-float", "format = 1", "format = 1.5"),
    replaced("meta-not-table", "[meta]", 'meta = "x"\n[other]', line=ANY_LINE),
    replaced("title-integer", 'title = "API', "title = 1"),
    replaced("title-blank", 'title = "API', 'title = "   "'),
    replaced("title-list", 'title = "API', 'title = ["a"]'),
    replaced("date-string", "date = 2024-01-15", 'date = "yesterday"'),
    replaced("date-datetime-local", "date = 2024-01-15", "date = 14:00:00"),
    replaced("status-unknown", 'status = "complete"', 'status = "bogus"'),
    replaced("status-integer", 'status = "complete"', "status = 3"),
    replaced("severity-integer", 'severity = "P1"', "severity = 1"),
    replaced("timezone-unknown", 'timezone = "UTC"', 'timezone = "Mars/Olympus"'),
    replaced("timezone-traversal", 'timezone = "UTC"', 'timezone = "../../../../etc/passwd"'),
    replaced("author-name-integer", 'name = "Jane Doe"', "name = 7"),
    replaced("author-role-table", 'role = "On-call"', "role = { a = 1 }"),
    replaced("authors-string", "[[meta.authors]]", 'authors = "me"\n[x]', 0, line=ANY_LINE),
    whole("summary-integer", 'format = 1\nsummary = 5\n[meta]\ntitle = "T"\n', 2),
    replaced("impact-start-string", "start = 2024", 'start = "noon"'),
    replaced("impact-start-local", "start = 2024", "start = 2024-01-15T14:32:00"),
    replaced("users-string", "users_affected = 50000", 'users_affected = "many"'),
    replaced("users-negative", "users_affected = 50000", "users_affected = -5"),
    replaced("users-float", "users_affected = 50000", "users_affected = 1.5"),
    replaced("revenue-nan", "revenue_loss = 15000", "revenue_loss = nan"),
    replaced("revenue-inf", "revenue_loss = 15000", "revenue_loss = inf"),
    replaced("approximate-string", "approximate = true", 'approximate = "yes"'),
    replaced("currency-integer", 'currency = "USD"', "currency = 840"),
    whole("timeline-not-list", 'format = 1\ntimeline = 1\n[meta]\ntitle = "T"\n', 2),
    replaced("timeline-at-string", "at = 2024-01-15T14:15:00Z", 'at = "at noon"'),
    replaced("timeline-at-date", "at = 2024-01-15T14:15:00Z", "at = 2024-01-15"),
    replaced("timeline-event-integer", 'event = "v2.3.4', "event = 42"),
    replaced("timeline-event-blank", 'event = "v2.3.4', 'event = ""'),
    replaced("timeline-kind-unknown", 'kind = "trigger"', 'kind = "explosion"'),
    replaced("timeline-kind-list", 'kind = "trigger"', 'kind = ["trigger"]'),
    replaced("timeline-missing-at", "at = 2024-01-15T14:15:00Z", "# no time", at=-1),
    replaced("root-cause-code-table", "[[root_cause.code]]", "[root_cause.code]"),
    replaced("factor-details-string", "details = [", 'details = "x"\nx = [', 0),
    replaced("factor-details-integers", "details = [", "details = [1, 2]\nx = [", 0),
    replaced("went-well-title-bool", 'title = "Fast detection"', "title = true"),
    replaced("action-integer", 'action = "Add connection', "action = 1"),
    replaced("action-due-string", "due = 2024-01-20", 'due = "tomorrow"'),
    replaced("action-status-unknown", 'status = "done"', 'status = "Done!"', 0),
    replaced("action-priority-integer", 'priority = "P0"', "priority = 0", 0),
    replaced("action-owner-table", 'owner = "Jane"', "owner = { name = 'Jane' }", 0),
]

ENCODINGS = [
    whole("utf16-le-bom", BASE.encode("utf-16"), None),
    whole("utf16-be-bom", b"\xfe\xff" + BASE.encode("utf-16-be"), None),
    whole("utf16-le-no-bom", BASE.encode("utf-16-le"), None),
    whole("utf16-be-no-bom", BASE.encode("utf-16-be"), None),
    whole("utf32", BASE.encode("utf-32"), None),
    Case(
        "latin1-title",
        BASE.replace("API Outage", "API Outagé").encode("latin-1", errors="replace"),
        5,
    ),
    Case("nul-in-string", BASE.replace("API Outage", "API\x00Outage").encode("utf-8"), 5),
    Case("nul-in-key", BASE.replace("severity =", "sev\x00erity =").encode("utf-8"), 8),
    whole("bom-then-garbage", b"\xef\xbb\xbf[[[\n", 1),
    whole("double-bom", b"\xef\xbb\xbf\xef\xbb\xbf" + BASE.encode("utf-8"), 1),
    Case("cesu-surrogate", BASE.encode("utf-8").replace(b"API", b"A\xed\xa0\x80I", 1), 1),
    Case("overlong-slash", BASE.encode("utf-8").replace(b"Outage -", b"Out\xc0\xafage -", 1), 5),
    Case("byte-ff", BASE.encode("utf-8").replace(b"Jane", b"J\xffane", 1), 12),
    whole("truncated-multibyte", BASE.encode("utf-8") + b'x = "\xe2\x82', len(BASE_LINES) + 1),
    whole("binary-noise", bytes(range(256)) * 4, 2),
    whole("empty", b"", None),
]

SIZES = [
    Case("over-the-size-limit", b"# padding\n" * (SIZE_LIMIT // 10 + 100), None),
    whole("long-bare-word", "format = 1\n[meta]\ntitle = " + "x" * 60_000 + "\n", 3),
    whole("long-key", "format = 1\n" + "k" * 60_000 + " = x y\n", 2),
    whole("many-lines-then-error", "format = 1\n" + "# note\n" * 6000 + "x = y z\n", 6002),
]

NESTING = [
    whole("deep-array-400", "format = 1\nx = " + "[" * 400 + "]" * 400 + "\n", 2),
    whole("deep-array-unclosed", "format = 1\nx = " + "[" * 30_000 + "\n", 2),
    whole("deep-inline-tables", "format = 1\nx = " + "{a=" * 150 + "1" + "}" * 150 + "\n", 2),
    whole("deep-dotted-key", "format = 1\n" + ".".join(["a"] * 150) + " = 1\n", 2),
    whole("deep-header", "format = 1\n[" + ".".join(["t"] * 150) + "]\n", 2),
    whole("deep-header-long", "format = 1\n[" + "a." * 30_000 + "a]\n", 2),
    whole("deep-array-header", "format = 1\n[[" + ".".join(["t"] * 150) + "]]\n", 2),
    appended(
        "deep-in-a-table",
        "\n[extra_deep]\nx = " + "[" * 120 + "]" * 120 + "\n",
        len(BASE_LINES) + 3,
    ),
]

BACKTRACKING = [
    whole("spaces-after-bare-value", "severity = x" + " " * 20_000 + "y!\n", 1),
    whole("spaces-in-word-list", "tags = [a" + " " * 20_000 + "!\n", 1),
    whole("spaces-in-header", "[" + " " * 20_000 + "\nx = y!\n", 1),
    whole("spaces-in-quoted-key", '"a' + " " * 20_000 + 'b" = x y!\n', 1),
    whole("spaces-around-dots", "a" + " ." * 10_000 + " = x y!\n", 1),
    whole("digits-grouped", "n = 1" + ",000" * 10_000 + "!\n", 1),
]

SPECIAL = [
    Case("fifo", make=_fifo),
    Case("folder", make=_folder),
    Case("symlink-dev-zero", make=_link("/dev/zero")),
    Case("symlink-dev-null", make=_link("/dev/null")),
    Case("symlink-loop", make=_loop),
    Case("symlink-dangling", make=_link("/nonexistent/nowhere.toml")),
    Case("socket", make=_socket),
]

CASES: list[Case] = [
    *SYNTAX,
    *WRONG_TYPES,
    *ENCODINGS,
    *SIZES,
    *NESTING,
    *BACKTRACKING,
    *SPECIAL,
]
