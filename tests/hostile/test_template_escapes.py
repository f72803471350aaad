"""Template escape attempts: none reads a file, an environment variable or a Python internal,
and none runs past the render limit.

The attempts come from what is known of Jinja2 sandbox escapes and server-side template
injection: the class hierarchy, function globals, generator frames, format strings, filters that
read attributes, loaders that follow paths and symlinks, and renders that never end.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from postmortem_tui import export
from postmortem_tui.core import model

ENV_SECRET = "env-secret-6f1d"
DOTENV_SECRET = "dotenv-secret-91ac"
OUTSIDE_SECRET = "outside-secret-44b2"

# What a successful escape would put in the document.
LEAKS = (
    ENV_SECRET,
    DOTENV_SECRET,
    OUTSIDE_SECRET,
    "root:x:0",
    "<class",
    "<module",
    "<function",
    "<built-in",
    "<bound method",
    "<frame",
    "<code",
    "<generator",
    "__builtins__",
    "environ(",
    "_TemplateReference",
    "site-packages",
)

SECRETS = (ENV_SECRET, DOTENV_SECRET, OUTSIDE_SECRET, "root:x:0")

BIG = "10**9"

ATTEMPTS: dict[str, str] = {
    # The class hierarchy and function globals.
    "str-class": "{{ ''.__class__ }}",
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "draft-init-globals": "{{ draft.__class__.__init__.__globals__ }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.environ }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].environ }}",
    "range-globals": "{{ range.__globals__ }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "self-dict": "{{ self.__dict__ }}",
    "subscript-class": "{{ draft['__class__'] }}",
    "attr-filter": "{{ draft | attr('__class__') }}",
    "attr-filter-escaped": "{{ draft | attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "dict-subclasses": "{{ dict.__subclasses__() }}",
    "namespace-mro": "{{ namespace().__class__.__mro__ }}",
    "cycler-instance": "{{ cycler('a').__class__.__init__.__globals__ }}",
    "loop-class": "{% for e in draft.timeline %}{{ loop.__class__ }}{% endfor %}",
    "date-class": "{{ draft.meta.created.__class__ }}",
    "join-self": "{{ ''.join.__self__.__class__ }}",
    "reduce": "{{ draft.__reduce_ex__(2) }}",
    "checklist-private": "{{ checklist._draft }}",
    "checklist-load-globals": "{{ checklist._load.__globals__ }}",
    "config-undefined": "{{ config.items() }}",
    "request-undefined": "{{ request.application.__globals__ }}",
    # Generator frames, through filters that build generators.
    "map-gi-frame": "{{ (draft.timeline | map(attribute='event')).gi_frame.f_globals }}",
    "md-table-gi-frame": (
        "{{ md_table([draft.timeline|map(attribute='event')], "
        "[('e','gi_frame.f_globals.t.sys.modules.os.environ')]) }}"
    ),
    "md-table-filter-gi-frame": (
        "{{ [draft.timeline|map(attribute='event')] | md_table([('e','gi_frame.f_globals')]) }}"
    ),
    "md-table-class": "{{ md_table([draft], [('c', '__class__')]) }}",
    "md-table-code": "{{ md_table([md_link], [('c', 'gi_code')]) }}",
    "md-table-func-globals": "{{ md_table([cycler], [('g', 'func_globals')]) }}",
    "md-table-mutating": "{{ md_table([draft], [('s', 'sort_timeline')]) }}",
    "map-attribute-class": "{{ draft.timeline | map(attribute='__class__') | list }}",
    "map-attribute-dotted": "{{ draft.timeline | map(attribute='at.__class__') | list }}",
    "selectattr-class": "{{ draft.timeline | selectattr('__class__') | list }}",
    "sort-attribute": "{{ draft.timeline | sort(attribute='__class__') | list }}",
    "groupby-class": "{{ draft.timeline | groupby('__class__') | list }}",
    # Format strings.
    "format-class": "{{ '{0.__class__}'.format(draft) }}",
    "format-globals": "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "format-map": "{{ '{d.__class__}'.format_map({'d': draft}) }}",
    "format-filter": "{{ '%s' | format(draft.__class__) }}",
    "percent-dict": "{{ '%(a)s' % {'a': draft.__class__} }}",
    # Changing the draft.
    "append": "{{ draft.timeline.append(1) }}",
    "sort-timeline": "{{ draft.sort_timeline() }}",
    "clear-authors": "{{ draft.meta.authors.clear() }}",
    "update-metrics": "{{ metrics.update({}) }}",
    # Loading files that are not templates, or outside the folder.
    "include-dotenv": '{% include ".env" %}',
    "include-parent": '{% include "../outside.j2" %}',
    "include-symlink-passwd": '{% include "passwd.j2" %}',
    "include-symlink-outside": '{% include "secret.j2" %}',
    "include-symlink-folder": '{% include "up/outside.j2" %}',
    "import-text": '{% import "secret.txt" as s %}{{ s }}',
    "from-import-dotenv": '{% from ".env" import x %}{{ x }}',
    "extends-absolute": '{% extends "/etc/passwd" %}',
    "include-builtin-parent": '{% include "builtin/../../../../../../etc/passwd" %}',
    "include-dot-dot-inside": '{% include "sub/../.env" %}',
    "include-list": '{% include ["nope.j2", ".env"] %}',
    # Renders that would never end, or never fit in memory.
    "nested-ranges": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "nested-ranges-reused": (
        "{% set r = range(100000) %}{% for a in r %}{% for b in r %}{% for c in r %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    ),
    "nested-string-loops": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    ),
    "lipsum-huge": "{{ lipsum(n=10**6) }}",
    "lipsum-long-paragraphs": "{{ lipsum(n=1, min=10**7, max=10**7) }}",
    "power-tower": "{{ 9**9**9 }}",
    "power-right": "{{ 9**(9**9) }}",
    "power-loop": (
        "{% set ns = namespace(x=10) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}{{ ns.x > 1 }}"
    ),
    "repeat-string": "{{ 'x' * " + BIG + " }}",
    "repeat-list": "{{ ([1] * 1000) * 1000000 }}",
    "doubling-concat": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}"
    ),
    "doubling-plus": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}"
    ),
    "macro-doubling": (
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s | length }}"
        "{% endif %}{% endmacro %}{{ d('x', 100) }}"
    ),
    "macro-branching": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}"
    ),
    "macro-recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "center-filter": "{{ 'x' | center(" + BIG + ") }}",
    "indent-filter": "{{ ('x\\n' * 100000) | indent('y' * 100000) }}",
    "truncate-filter": "{{ 'x' | truncate(" + BIG + ") }}",
    "batch-filter": "{{ [1] | batch(" + BIG + ", 0) | list }}",
    "ljust-method": "{{ 'a'.ljust(" + BIG + ") }}",
    "zfill-method": "{{ 'a'.zfill(" + BIG + ") }}",
    "expandtabs-method": "{{ ('\\t' * 1000).expandtabs(10**6) }}",
    "format-width": "{{ '{:>999999999}'.format(1) }}",
    "format-nested-width": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "percent-width": "{{ '%999999999d' % 1 }}",
    "percent-star": "{{ '%*d' % (999999999, 1) }}",
    "format-filter-width": "{{ '%999999999d' | format(1) }}",
    "replace-empty": "{{ ('y' * 100000) | replace('', 'x' * 100000) }}",
    "replace-method": "{{ ('y' * 100000).replace('', 'x' * 100000) }}",
    "join-filter": "{{ ('y' * 100000) | join('x' * 100000) }}",
    "join-method": "{{ ('x' * 100000).join('y' * 100000) }}",
    "range-huge": "{{ range(10**9) | list | length }}",
    "output-flood": "{% for i in range(100000) %}{{ 'x' * 99999 }}{% endfor %}",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A templates folder with secrets beside it, below it and outside it, and a short limit."""
    monkeypatch.setenv("PM_TOKEN", ENV_SECRET)
    (tmp_path / "config.toml").write_text("[export]\ntime_limit = 1\n", encoding="utf-8")
    templates = tmp_path / "team"
    (templates / "sub").mkdir(parents=True)
    (templates / ".env").write_text(f"TOKEN={DOTENV_SECRET}\n", encoding="utf-8")
    (templates / "secret.txt").write_text(DOTENV_SECRET, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "outside.j2").write_text(OUTSIDE_SECRET, encoding="utf-8")
    (tmp_path / "outside.j2").write_text(OUTSIDE_SECRET, encoding="utf-8")
    (templates / "secret.j2").symlink_to(outside / "outside.j2")
    (templates / "up").symlink_to(outside)
    if Path("/etc/passwd").exists():
        (templates / "passwd.j2").symlink_to("/etc/passwd")
    return templates


def _draft() -> model.Draft:
    draft = model.Draft.new("Checkout errors", date=dt.date(2024, 1, 15))
    draft.timeline = [
        model.TimelineEvent(dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC), "Alert fired")
    ]
    draft.meta.created = dt.datetime(2024, 1, 15, 16, 0, tzinfo=dt.UTC)
    return draft


@pytest.fixture
def hard_bound() -> Iterator[None]:
    """A render that ignores its limit fails the test instead of hanging the run."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError("the render ran past its limit")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_corpus_is_large_enough() -> None:
    assert len(ATTEMPTS) >= 40


@pytest.mark.parametrize("name", sorted(ATTEMPTS))
def test_an_escape_attempt_reads_nothing_and_ends(
    name: str, folder: Path, hard_bound: None
) -> None:
    path = folder / "attack.md.j2"
    path.write_text(ATTEMPTS[name], encoding="utf-8")
    draft = _draft()
    before = model.Draft.new("x")
    before.timeline = list(draft.timeline)
    try:
        text = export.render(draft, template=str(path))
        leaks = LEAKS
    except export.ExportError as error:
        text = str(error)
        assert str(path) in text, text  # names the template
        assert "\n" not in text
        leaks = SECRETS  # a refusal names the attribute it refused, never what it holds
    for leak in leaks:
        assert leak not in text, f"{name} leaked {leak!r}: {text[:300]}"
    assert draft.timeline == before.timeline  # the draft is as it was


def test_limits_end_with_one_message_naming_the_template(folder: Path, hard_bound: None) -> None:
    path = folder / "slow.md.j2"
    path.write_text(ATTEMPTS["nested-ranges-reused"], encoding="utf-8")
    with pytest.raises(export.ExportError) as info:
        export.render(_draft(), template=str(path))
    message = str(info.value)
    assert message.startswith(f"{path}:")
    assert "rendering stopped after 1 s" in message
    assert "time_limit" in message


def test_output_limit_is_configurable(folder: Path, tmp_path: Path, hard_bound: None) -> None:
    (tmp_path / "config.toml").write_text("[export]\noutput_limit = 1000\n", encoding="utf-8")
    path = folder / "long.md.j2"
    path.write_text("{% for i in range(100) %}{{ 'x' * 20 }}{% endfor %}", encoding="utf-8")
    with pytest.raises(export.ExportError) as info:
        export.render(_draft(), template=str(path))
    assert "over the limit of 1,000" in str(info.value)
    path.write_text("{% for i in range(10) %}{{ 'x' * 20 }}{% endfor %}", encoding="utf-8")
    assert export.render(_draft(), template=str(path)) == "x" * 200


def test_templates_still_include_their_neighbours(folder: Path) -> None:
    (folder / "part.md.j2").write_text("part of {{ meta.title }}", encoding="utf-8")
    (folder / "sub" / "deep.j2").write_text("deep", encoding="utf-8")
    os.symlink(folder / "part.md.j2", folder / "alias.md.j2")  # a link inside the folder is fine
    path = folder / "main.md.j2"
    path.write_text(
        '{% include "part.md.j2" %}/{% include "sub/deep.j2" %}/{% include "alias.md.j2" %}',
        encoding="utf-8",
    )
    assert export.render(_draft(), template=str(path)) == (
        "part of Checkout errors/deep/part of Checkout errors"
    )


def test_a_refused_include_says_why(folder: Path) -> None:
    path = folder / "main.md.j2"
    path.write_text('{% include ".env" %}', encoding="utf-8")
    with pytest.raises(export.ExportError) as info:
        export.render(_draft(), template=str(path))
    assert "a template loads only *.j2 files" in str(info.value)
    path.write_text('{% include "secret.j2" %}', encoding="utf-8")
    with pytest.raises(export.ExportError) as info:
        export.render(_draft(), template=str(path))
    assert "leads outside the template folder" in str(info.value)


def test_md_table_reads_columns_through_the_sandbox() -> None:
    rows = [model.Author("Jane")]
    assert "Jane" in export.md_table(rows, [("Name", "name")])
    with pytest.raises(Exception, match="unsafe"):
        export.md_table([(r for r in rows)], [("Frame", "gi_frame")])
