"""Reading a hostile draft: every pattern linear, special files refused at once, sizes and
nesting limited, messages short."""

from __future__ import annotations

import os
import re
import socket
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.core import store, toml_errors

from .bounds import hard_bound

# Shapes that made the old patterns backtrack (quadratic or cubic in the run of spaces). At
# 200,000 characters a quadratic pattern takes minutes and a cubic one years; a linear one
# milliseconds, so the hard bound cannot be hit by a busy machine.
N = 200_000
BACKTRACKING = {
    "spaces-after-bare-value": "severity = x" + " " * N + "y!",
    "spaces-in-word-list": "tags = [a" + " " * N + "!",
    "spaces-in-word-list-comma": "tags = [a," + " " * N + "!",
    "spaces-in-header": "[" + " " * N + "\nx = y!",
    "spaces-in-array-header": "[[" + " " * N + "a\nx = y!",
    "spaces-in-quoted-key": '"a' + " " * N + 'b" = x y!',
    "spaces-around-dots": "a" + " ." * N + " = x y!",
    "spaces-before-equals": "a" + " " * N + "= x y!",
    "spaces-no-equals": "a" + " " * N + "b",
    "digits-grouped": "n = 1" + ",000" * N + "!",
    "dots-in-value": "n = $" + "." * N + "!",
    "quotes-open": 'title = "' + "\\\\" * N,
    "twice-declared": "[" + "a ." * 90 + "a" + " " * N + "]\n[" + "a ." * 90 + "a]\n",
    "word-then-spaces-then-hash": "at = 14:32" + " " * N + "#!",
}


@pytest.mark.parametrize("name", sorted(BACKTRACKING))
def test_explaining_a_syntax_error_is_linear(name: str) -> None:
    text = BACKTRACKING[name]
    with hard_bound(20):
        with pytest.raises(tomllib.TOMLDecodeError) as info:
            tomllib.loads(text)
        _line, key, message = toml_errors.explain(str(info.value), text)
        toml_errors.line_of(text, "meta.title")
        toml_errors.deep_line(text, store.NESTING_LIMIT)
    assert len(message) < 400
    assert key is None or len(key) <= toml_errors.EXCERPT


def test_no_pattern_nests_quantifiers() -> None:
    """The module's patterns are possessive where a quantifier meets another."""
    source = Path(toml_errors.__file__).read_text(encoding="utf-8")
    for lazy in re.findall(r"\.\*\?", source.split('"""', 2)[2]):
        pytest.fail(f"a lazy .*? is back in toml_errors: {lazy}")


def test_a_long_bare_word_is_quoted_as_an_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text("format = 1\n[meta]\ntitle = " + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(store.DraftError) as info:
        store.read_draft(path)
    message = str(info.value)
    assert len(message) < 300
    assert f"{path}:3: meta.title: expected text in quotes: title = " in message
    assert "…" in message


def test_a_list_of_bare_words_is_still_explained() -> None:
    text = "tags = [db , api cache,]\n"
    with pytest.raises(tomllib.TOMLDecodeError) as decode:
        tomllib.loads(text)
    assert toml_errors.explain(str(decode.value), text) == (
        1,
        "tags",
        'expected a list of texts in quotes: tags = ["db", "api cache"]',
    )


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with hard_bound(10), pytest.raises(store.DraftError) as info:
        store.read_draft(fifo)
    assert str(info.value) == f"{fifo}: is a named pipe (FIFO), not a draft file"


def test_a_fifo_opened_is_not_waited_on(tmp_path: Path) -> None:
    """Even when the check before opening is passed, the open does not block on a FIFO."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with hard_bound(10):
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)


@pytest.mark.parametrize(
    ("target", "message"), [("/dev/zero", "is a device"), ("/dev/null", "is a device")]
)
def test_a_symlink_to_a_device_is_refused(tmp_path: Path, target: str, message: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    link = tmp_path / "zero.toml"
    link.symlink_to(target)
    with hard_bound(10), pytest.raises(store.DraftError) as info:
        store.read_draft(link)
    assert str(info.value) == f"{link}: {message}, not a draft file"


def test_a_folder_named_like_a_draft_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x.toml"
    folder.mkdir()
    with pytest.raises(store.DraftError) as info:
        store.read_draft(folder)
    assert str(info.value) == f"{folder}: is a folder, not a draft file"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(store.DraftError) as info:
            store.read_draft(path)
    finally:
        server.close()
    assert str(info.value) == f"{path}: is a socket, not a draft file"


def test_a_draft_over_the_size_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"# x\n" * 5000)
    with pytest.raises(store.DraftError) as info:
        store.read_draft(path, size_limit=10_000)
    assert str(info.value) == (
        f"{path}: is 19.5 KiB, over the size limit of 9.8 KiB for a draft (raise it with "
        "size_limit in the [drafts] table of the configuration file)"
    )


def test_the_size_limit_comes_from_the_configuration(tmp_path: Path) -> None:
    Path(os.environ["POSTMORTEM_CONFIG"]).write_text(
        "[drafts]\nsize_limit = 1024\n", encoding="utf-8"
    )
    path = tmp_path / "big.toml"
    path.write_bytes(b"# x\n" * 300)
    with pytest.raises(store.DraftError, match="over the size limit of 1 KiB"):
        store.read_draft(path)


def test_sizes_read_as_a_person_reads_them() -> None:
    assert store.size_text(12) == "12 bytes"
    assert store.size_text(16 * 1024 * 1024) == "16 MiB"
    assert store.size_text(1536) == "1.5 KiB"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("format = 1\nx = " + "[" * 400 + "]" * 400 + "\n", 2),
        ("format = 1\nx = " + "[" * 100_000 + "\n", 2),
        ("format = 1\n\nx = " + "{a = " * 150 + "1" + "}" * 150 + "\n", 3),
        ("format = 1\n" + ".".join(["a"] * 150) + " = 1\n", 2),
        ("format = 1\n[" + ".".join(["t"] * 150) + "]\n", 2),
        ('format = 1\n[meta]\ntitle = "T"\n[extra]\nx = ' + "[" * 100 + "]" * 100 + "\n", 5),
        ("format = 1\n[meta]\ntitle = " + "[" * 150 + "]" * 150 + "\n", 3),
        ('format = 1\n[meta]\ntitle = "T"\ntags = ' + "[" * 120 + "]" * 120 + "\n", 4),
    ],
)
def test_deep_nesting_is_refused_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    with hard_bound(20), pytest.raises(store.DraftError) as info:
        store.read_draft(path)
    assert str(info.value) == (
        f"{path}:{line}: not valid TOML for a draft: values nested more than 100 deep"
    )


def test_deep_dotted_keys_are_refused_before_parsing(tmp_path: Path) -> None:
    """tomllib takes time quadratic in a header's depth: such a header is never parsed."""
    path = tmp_path / "deep.toml"
    path.write_text("format = 1\n[" + "a." * 200_000 + "a]\nx = 1\n", encoding="utf-8")
    with hard_bound(20), pytest.raises(store.DraftError) as info:
        store.read_draft(path)
    assert str(info.value) == (
        f"{path}:2: not valid TOML for a draft: values nested more than 100 deep"
    )


def test_dots_in_text_are_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "dots.toml"
    dots = "." * 300
    path.write_text(
        f'format = 1\n[meta]\ntitle = "T{dots}"\n[summary]\ntext = """\n{dots}\n{dots} = x\n"""\n',
        encoding="utf-8",
    )
    assert store.read_draft(path).draft.summary.text.startswith(dots)


@given(
    st.lists(st.text(alphabet=".ab\n", max_size=40), max_size=60),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=64),
)
def test_a_line_with_many_dots_is_found_whichever_block_it_falls_in(
    parts: list[str], count: int, block: int
) -> None:
    text = "".join(parts)
    expected = any(line.count(".") >= count for line in text.split("\n"))
    old = toml_errors._BLOCK
    toml_errors._BLOCK = block
    try:
        assert toml_errors._has_dotted_line(text, count) is expected
    finally:
        toml_errors._BLOCK = old


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(
        'format = 1\n[meta]\ntitle = "T"\nextra = ' + "[" * 99 + "]" * 99 + "\n",
        encoding="utf-8",
    )
    assert store.read_draft(path).draft.meta.title == "T"


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    text = 'a = "[[[[[["\nb = \'[[[[[[\'\n# [[[[[[\nc = """\n[[[[[[\n"""\nd = "\\"[[[[[["\n'
    assert toml_errors.deep_line(text, 3) is None
    assert toml_errors.deep_line(text + "e = [[[[\n", 3) == 8


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "u16.toml"
    path.write_bytes("format = 1\n".encode("utf-16"))
    with pytest.raises(store.DraftError) as info:
        store.read_draft(path)
    assert str(info.value) == f"{path}: is UTF-16 text; save it as UTF-8"
