"""The HTML export: valid HTML5, no script, no event handler, only safe links, every section.

Checked on the worked example and on drafts whose every text holds an injection payload.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest

from postmortem_tui import cli, export
from postmortem_tui.core import model, store
from postmortem_tui.export import html

FIXTURES = Path(__file__).parent.parent / "fixtures"

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(2)' x='",
    "{{ 7 * 7 }}{% raw %}{{ draft.__class__ }}",
    "</title></style></textarea><svg onload=alert(3)>",
    "[click](javascript:alert(4)) <javascript:alert(5)>",
    "<a href='javascript:alert(6)'>x</a><!-- -->]]>",
    "![graph](https://tracker.example.com/pixel.png) &#106;avascript:alert(7)",
    "<iframe srcdoc='<script>alert(8)</script>'></iframe><base href=//evil.example>",
)
LINK_PAYLOADS = (
    "javascript:alert(9)",
    " JaVaScRiPt:alert(10)",
    "java\tscript:alert(11)",
    "data:text/html,<script>alert(12)</script>",
    "vbscript:msgbox(13)",
    '" onclick="alert(14)',
    "\x01javascript:alert(15)",
)

SVG_NS = "{http://www.w3.org/2000/svg}"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "base", "img", "link", "frame"}


def parse(page: str) -> Any:
    """The page's tree; fails the test on any HTML5 parse error."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(page)
    errors = [
        html5lib.constants.E.get(code, code) % (data or {}) for _, code, data in parser.errors
    ]
    assert not errors, errors
    return tree


def elements(tree: Any) -> Iterator[Any]:
    yield from tree.iter()


def local(tag: Any) -> str:
    return str(tag).removeprefix(SVG_NS).lower()


def assert_no_active_content(page: str) -> Any:
    """No script, no handler, no unsafe link, a policy that forbids scripts; the tree."""
    tree = parse(page)
    for element in elements(tree):
        tag = local(element.tag)
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> in the page"
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            raise AssertionError("a meta refresh in the page")
        for name, value in element.attrib.items():
            name = str(name).lower()
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            if name in URL_ATTRIBUTES or name.endswith("}href"):
                assert value == html.safe_url(value), f"unsafe link {value!r}"
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                assert scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")
            assert "javascript:" not in value.lower().replace("\t", "")
    policies = [
        m.get("content", "")
        for m in tree.iter("meta")
        if m.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert len(policies) == 1
    directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    assert "script-src" not in directives
    return tree


def text_of(tree: Any) -> str:
    return " ".join("".join(tree.find("body").itertext()).split())


@pytest.fixture
def example() -> model.Draft:
    return store.read_draft(FIXTURES / "api-outage.toml").draft


def test_the_worked_example_is_valid_html_without_script(example: model.Draft) -> None:
    page = export.render(example, fmt="html")
    tree = assert_no_active_content(page)
    text = text_of(tree)
    for item in example.action_items:
        assert item.action in text
    for event in example.timeline:
        assert event.event in text
    assert "~$15,000" in text and "25 minutes" in text
    # Every heading of the Markdown document is a heading of the page.
    markdown = export.render(example)
    wanted = [re.sub(r"^#+ ", "", line) for line in markdown.splitlines() if line.startswith("#")]
    shown = [
        " ".join("".join(h.itertext()).split())
        for h in elements(tree)
        if local(h.tag) in ("h1", "h2", "h3")
    ]
    assert wanted and all(heading in shown for heading in wanted), (wanted, shown)
    assert "Impact" in shown


def test_the_page_draws_the_timeline_as_a_time_axis(example: model.Draft) -> None:
    tree = parse(export.render(example, fmt="html"))
    svg = next(e for e in elements(tree) if local(e.tag) == "svg" and "time-axis" in e.get("class"))
    rows = [
        "".join(t.itertext()) for t in svg.iter(f"{SVG_NS}text") if t.get("class") == "row-label"
    ]
    # The impact window, then one labelled row per kind, in the format's order.
    assert rows == ["Impact", *model.EVENT_KINDS]
    tips = ["".join(t.itertext()) for g in svg.iter(f"{SVG_NS}path") for t in g]
    assert "14:15 trigger: v2.3.4 deployed to production" in tips
    assert len(tips) == len(example.timeline)
    # Each kind its own shape, so that the kinds differ without colour.
    assert sorted(html.KIND_SHAPES) == sorted(model.EVENT_KINDS)
    assert len(set(html.KIND_SHAPES.values())) == len(model.EVENT_KINDS)
    assert len({html._shape(kind, 0, 0) for kind in model.EVENT_KINDS}) == len(model.EVENT_KINDS)


def test_phases_actors_links_and_sections_are_shown() -> None:
    draft = store.read_draft(FIXTURES / "every-addition.toml").draft
    tree = assert_no_active_content(export.render(draft, fmt="html"))
    text = text_of(tree)
    for phase in draft.impact.phases:
        assert phase.label in text
    assert "INC-4821" in text and "checkout-api" in text and "Ana Silva" in text
    assert "Alertmanager" in text
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "https://alerts.example.com/a/91f3" in hrefs
    for section in draft.sections:
        assert section.title in text
    svg_rows = [
        "".join(t.itertext()) for t in tree.iter(f"{SVG_NS}text") if t.get("class") == "row-label"
    ]
    assert svg_rows[: 1 + len(draft.impact.phases)] == [
        "Impact",
        *(p.label for p in draft.impact.phases),
    ]


def _poison(obj: Any, counter: Iterator[int]) -> None:
    """Every text of ``obj`` (an attrs instance, recursively) replaced by a payload."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if attrs.has(type(value)):
            _poison(value, counter)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                if attrs.has(type(item)):
                    _poison(item, counter)
                elif isinstance(item, str):
                    value[n] = PAYLOADS[next(counter) % len(PAYLOADS)]
        elif isinstance(value, str) or (value is None and str(field.type) == "str | None"):
            pool = LINK_PAYLOADS if field.name == "link" else PAYLOADS
            with contextlib.suppress(ValueError):  # a choice or a time zone: kept as it is
                setattr(obj, field.name, pool[next(counter) % len(pool)])


@pytest.mark.parametrize("start", range(0, 7))
def test_injection_payloads_in_every_field_stay_text(start: int) -> None:
    draft = store.read_draft(FIXTURES / "every-addition.toml").draft
    extra = store.read_draft(FIXTURES / "api-outage.toml").draft
    draft.action_items += extra.action_items
    draft.related += extra.related
    draft.went_well += extra.went_well
    for item in draft.action_items + draft.related:
        item.link = "x"
    counter = iter(range(start, 10_000))
    _poison(draft, counter)
    assert draft.meta.title in PAYLOADS
    page = export.render(draft, fmt="html")
    tree = assert_no_active_content(page)
    text = text_of(tree)
    assert "{{ 7 * 7 }}" in text and "49" not in text
    assert "<script>alert(1)</script>" in page.replace("&lt;", "<").replace("&gt;", ">")
    for anchor in tree.iter("a"):
        assert anchor.get("href"), "a link without a target"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("http://example.com", "http://example.com"),
        ("mailto:team@example.com", "mailto:team@example.com"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("../2023-11-20-db.html", "../2023-11-20-db.html"),
        ("#timeline", "#timeline"),
        ("notes/a:b.html", "notes/a:b.html"),
        ("javascript:alert(1)", ""),
        ("  javascript:alert(1)", ""),
        ("java\nscript:alert(1)", ""),
        ("\x00javascript:alert(1)", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        ("file:///etc/passwd", ""),
        ("vbscript:x", ""),
        ("a:b", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_url(url: str | None, safe: str) -> None:
    assert html.safe_url(url) == safe


def test_prose_keeps_markdown_and_drops_what_is_not_safe() -> None:
    rendered = str(html.prose("**bold** [ok](https://x.example) [bad](javascript:alert(1)) <b>x"))
    assert "<strong>bold</strong>" in rendered
    assert '<a href="https://x.example">ok</a>' in rendered
    assert "javascript" not in rendered.split("[bad]")[0] and 'href="javascript' not in rendered
    assert "&lt;b&gt;x" in rendered


def test_a_related_draft_file_links_to_its_page(example: model.Draft) -> None:
    example.related[0].link = "2023-11-20-db-cpu.toml"
    tree = parse(export.render(example, fmt="html"))
    assert "2023-11-20-db-cpu.html" in [a.get("href") for a in tree.iter("a")]


def test_a_template_that_extends_the_default(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "team.html.j2"
    template.write_text(
        '{% extends "builtin/default.html.j2" %}\n'
        "{% block lessons %}<section><h2>What We Learned</h2></section>{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "page.html"
    status = cli.main(
        ["export", str(example_path), "-f", "html", "-t", str(template), "-o", str(out)]
    )
    assert status == 0
    page = out.read_text(encoding="utf-8")
    assert_no_active_content(page)
    assert "What We Learned" in page and "Lessons Learned" not in page


def test_a_template_may_not_reach_python_internals(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "bad.html.j2"
    template.write_text("{{ draft.__class__.__mro__ }}\n", encoding="utf-8")
    status = cli.main(["export", str(example_path), "-f", "html", "-t", str(template)])
    assert status == 2
    err = capsys.readouterr().err
    assert "bad.html.j2:1" in err and "Traceback" not in err


def test_an_unknown_html_template_names_the_ones_there_are(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", str(example_path), "-f", "html", "-t", "fancy"]) == 2
    err = capsys.readouterr().err
    assert "no HTML template named 'fancy'" in err and "default" in err


def test_markdown_templates_do_not_offer_the_html_ones() -> None:
    assert "default.html" not in export.list_templates()


def test_export_will_not_write_the_page_over_the_draft(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = example_path.read_bytes()
    status = cli.main(["export", str(example_path), "-f", "html", "-o", str(example_path)])
    assert status == 2
    assert example_path.read_bytes() == before
    assert "api-outage.html" in capsys.readouterr().err


def test_an_empty_draft_shows_every_placeholder() -> None:
    draft = model.Draft.new("Nothing yet")
    tree = assert_no_active_content(export.render(draft, fmt="html"))
    text = text_of(tree)
    assert "[The key takeaways.]" in text
    assert not [
        e for e in elements(tree) if local(e.tag) == "svg" and "time-axis" in e.get("class", "")
    ]


def test_a_long_timeline_spans_days_on_the_axis() -> None:
    draft = model.Draft.new("Long", timezone="Europe/Berlin")
    start = dt.datetime(2024, 3, 30, 12, tzinfo=dt.UTC)
    for hour in range(0, 72, 6):
        draft.timeline.append(model.TimelineEvent(start + dt.timedelta(hours=hour), f"e{hour}"))
    tree = parse(export.render(draft, fmt="html"))
    days = [
        "".join(t.itertext())
        for t in tree.iter(f"{SVG_NS}text")
        if "day" in t.get("class", "").split()
    ]
    # Ticks at local midnight and noon (across the change to summer time); each new day dated.
    assert days == ["2024-03-31", "2024-04-01", "2024-04-02"]


def test_an_html_template_is_not_a_markdown_one(example: model.Draft) -> None:
    with pytest.raises(export.ExportError, match=r"no template named 'default\.html'"):
        export.render(example, template="default.html")


def test_every_list_of_the_markdown_is_on_the_page(example: model.Draft) -> None:
    text = text_of(parse(export.render(example, fmt="html")))
    points = example.went_well + example.went_wrong + example.lessons
    for point in points:
        assert f"{point.title}: {point.detail}" in text
    for factor in example.factors:
        assert f"{factor.title}: {factor.summary}" in text
        assert all(detail in text for detail in factor.details)
    for item in example.prevention:
        assert item.text in text
    for item in example.related:
        assert f"[{item.date}] {item.title}" in text
    for block in example.root_cause.code + example.appendix.code:
        assert " ".join(block.code.split()) in text
