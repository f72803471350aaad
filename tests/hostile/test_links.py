"""Links with a scheme that could run code are text, never links, in every export."""

from __future__ import annotations

import datetime as dt

import pytest
from markdown_it import MarkdownIt

from postmortem_tui import export
from postmortem_tui.core import model
from postmortem_tui.export import markdown
from postmortem_tui.export.links import is_safe_url

MD = MarkdownIt("commonmark").enable("table")
MD.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, as a lax reader would
UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "&#106;avascript:alert(1)",
    "\x00javascript:alert(1)",
]
SAFE = ["https://wiki.example.com/pm/42", "http://x.example", "mailto:oncall@example.com", "#x"]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_schemes(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", [*SAFE, "../2023-11-02-cache.toml", "notes/today.md", ""])
def test_safe_links(url: str) -> None:
    assert is_safe_url(url)


def _hrefs(markdown: str) -> list[str]:
    found: list[str] = []

    def walk(tokens: list) -> None:  # type: ignore[type-arg]
        for token in tokens:
            if token.type in ("link_open", "image"):
                found.append(str(token.attrGet("href") or token.attrGet("src")))
            if token.children:
                walk(token.children)

    walk(MD.parse(markdown))
    return found


def _draft(url: str) -> model.Draft:
    draft = model.Draft.new("Links", date=dt.date(2024, 1, 15))
    draft.summary.text = f"See [the dashboard]({url}) and <{url}>.\n\n[ref]: {url}\n"
    draft.timeline = [
        model.TimelineEvent(
            dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC), "Alert fired", link=url
        )
    ]
    draft.action_items = [model.ActionItem("Fix the pool", link=url)]
    draft.related = [model.Related(title="The last pool outage", link=url)]
    return draft


@pytest.mark.parametrize("template", ["default", "detailed"])
@pytest.mark.parametrize("url", UNSAFE)
def test_no_export_writes_an_unsafe_link(template: str, url: str) -> None:
    text = export.render(_draft(url), template=template)
    assert "The last pool outage" in text
    for href in _hrefs(text):
        assert is_safe_url(href), f"{template} wrote a link to {href!r}"


@pytest.mark.parametrize("template", ["default", "detailed"])
def test_safe_links_stay_links(template: str) -> None:
    url = "https://wiki.example.com/pm/42"
    text = export.render(_draft(url), template=template)
    assert url in _hrefs(text)
    assert "[The last pool outage](https://wiki.example.com/pm/42)" in text


def test_no_link_is_an_empty_link() -> None:
    """An unsafe link is text: no "[x]()" left behind, in a table cell either."""
    for template in ("default", "detailed"):
        text = export.render(_draft("javascript:alert(1)"), template=template)
        assert "]()" not in text, template


def test_md_link_and_md_url() -> None:
    assert export.md_link("Runbook", "javascript:alert(1)") == "Runbook"
    assert export.md_url("data:text/html,x") == ""
    assert str(markdown.cell_link("Fix it", "vbscript:x")) == "Fix it"
    assert export.md_link("Runbook", "https://r.example") == "[Runbook](https://r.example)"
