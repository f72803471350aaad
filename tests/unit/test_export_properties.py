"""Property tests of the export: whatever a person types, tables keep their columns and text
comes out literally (checked by parsing the Markdown with markdown-it-py, GFM tables on)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_tui import export
from postmortem_tui.core import model
from postmortem_tui.export.links import is_safe_url
from tests.strategies import drafts as any_valid_draft

MD = MarkdownIt("commonmark").enable("table")

# Pieces that have broken Markdown tables and templates: pipes (escaped or not), newlines,
# backticks, HTML, entities, emphasis, links, template syntax, block markers.
TRICKY = (
    "|",
    "\\|",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "`",
    "```",
    "<",
    ">",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<!-- c -->",
    "<https://example.com>",
    "&",
    "&amp;",
    "&#124;",
    "*",
    "**",
    "_",
    "__init__",
    "snake_case",
    "[",
    "]",
    "[link](https://x)",
    "![img](x.png)",
    "~",
    "~~",
    "$",
    "{{",
    "}}",
    "{{ draft.meta.title }}",
    "{%",
    "%}",
    "{% if true %}x{% endif %}",
    "#",
    "# ",
    "> ",
    "- ",
    "1. ",
    "---",
    "    ",
    "\t",
    " ",
    "✅",
    "🔄",
    "日本",
    "\u00a0",
    "\x00",
)

_CHARS = st.characters(exclude_categories=("Cs",))
cell_text = st.lists(
    st.one_of(st.text(_CHARS, max_size=6), st.sampled_from(TRICKY)), max_size=8
).map("".join)
nonblank = cell_text.filter(lambda s: s.strip() != "")
optional = st.none() | cell_text
# Prose is the person's own Markdown; whatever it holds must stay inside its section.
PROSE_LINES = (
    "```",
    "~~~",
    "````python",
    "    indented",
    "<div>",
    "<!--",
    "| a | b |",
    "| - | - |",
    "# heading",
    "- item",
    "> quote",
    "===",
    "",
)
prose = st.none() | st.lists(
    st.one_of(cell_text, st.sampled_from(PROSE_LINES)), min_size=1, max_size=6
).map("\n".join)

ZONES = ("UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe")
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(dt.UTC),
)

events = st.builds(
    model.TimelineEvent,
    at=instants,
    event=nonblank,
    kind=st.sampled_from(model.EVENT_KINDS),
    actor=optional,
    link=optional,
    approximate=st.none() | st.booleans(),
)
action_items = st.builds(
    model.ActionItem,
    action=nonblank,
    owner=optional,
    due=st.none() | st.dates(),
    priority=st.none() | st.sampled_from(model.PRIORITIES),
    status=st.none() | st.sampled_from(tuple(model.ACTION_STATUSES)),
    type=st.none() | st.sampled_from(model.ACTION_TYPES),
    link=optional,
)
points = st.builds(model.Point, title=cell_text, detail=optional)


@st.composite
def drafts(draw: st.DrawFn) -> model.Draft:
    """Drafts whose every person-typed field can hold anything (prose fields aside)."""
    meta = model.Meta(
        title=draw(nonblank),
        date=draw(st.none() | st.dates()),
        severity=draw(st.none() | st.sampled_from(("P1", "P3", "SEV9"))),
        timezone=draw(st.sampled_from(ZONES)),
        tags=draw(st.lists(cell_text, max_size=2)),
        authors=draw(st.lists(st.builds(model.Author, name=nonblank, role=optional), max_size=2)),
    )
    return model.Draft(
        meta=meta,
        summary=model.Summary(draw(prose)),
        root_cause=model.RootCause(
            draw(prose),
            code=draw(
                st.lists(st.builds(model.CodeBlock, caption=optional, code=cell_text), max_size=2)
            ),
        ),
        appendix=model.Appendix(monitoring_graphs=draw(prose), communication_log=draw(prose)),
        timeline=draw(st.lists(events, min_size=1, max_size=6)),
        action_items=draw(st.lists(action_items, min_size=1, max_size=5)),
        went_well=draw(st.lists(points, max_size=2)),
        lucky=draw(st.lists(points, max_size=2)),
        factors=draw(
            st.lists(
                st.builds(
                    model.Factor,
                    title=cell_text,
                    summary=optional,
                    details=st.lists(cell_text, max_size=2),
                ),
                max_size=2,
            )
        ),
        related=draw(
            st.lists(
                st.builds(
                    model.Related, date=st.none() | st.dates(), title=cell_text, link=optional
                ),
                max_size=2,
            )
        ),
    )


def literal(text: str) -> str:
    """What a cell must read as: the text typed, line ends as \\n, trimmed (as Markdown trims
    cells), NUL as U+FFFD (as every CommonMark reader does)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip().replace("\x00", "\ufffd")


def inline_text(token: Token, *, links: bool = False) -> str:
    """The text an inline token shows; anything that is not plain text is marked loudly.

    With ``links``, one link around the whole text is allowed and shown as ``<<link HREF>>text``.
    """
    children = list(token.children or [])
    if (
        links
        and len(children) >= 2
        and (children[0].type, children[-1].type)
        == (
            "link_open",
            "link_close",
        )
    ):
        inner = Token("inline", "", 0, children=children[1:-1])
        return f"<<link {children[0].attrGet('href')}>>{inline_text(inner)}"
    out = []
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            out.append("\n")
        else:
            out.append(f"<<{child.type}:{child.content}>>")
    return "".join(out)


def linked_text(cell: str, link: str | None) -> str:
    """The text of a cell that must be a link exactly when ``link`` is a safe one (not blank,
    no scheme but http, https and mailto)."""
    if not (link or "").strip() or not is_safe_url(link):
        assert not cell.startswith("<<link "), cell
        return cell
    assert cell.startswith("<<link "), cell
    return cell[cell.index(">>") + 2 :]


def parse_tables(markdown: str, *, links: bool = False) -> list[list[list[str]]]:
    """Every table in ``markdown`` as rows of cell texts (the header row first)."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in MD.parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
            tables[-1].append(row)
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token, links=links))
        elif token.type == "tr_close":
            row = None
    return tables


def expected_timeline(draft: model.Draft) -> list[str]:
    return [literal(e.event) for e in sorted(draft.timeline, key=lambda e: e.at)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
@pytest.mark.parametrize("template", ["default", "detailed"])
def test_tables_keep_their_columns_and_cells_are_literal(template: str, draft: model.Draft) -> None:
    tables = parse_tables(export.render(draft, template=template), links=True)
    # Prose may hold tables of its own; ours are found by their headers, once each.
    timelines = [t for t in tables if t[0][:2] == ["Time", "Event"]]
    action_tables = [t for t in tables if t[0][:2] == ["Action", "Owner"]]
    assert len(timelines) == 1 and len(action_tables) == 1, "a person's text broke a table"
    timeline, actions = timelines[0], action_tables[0]
    header = ["Time", "Event", "Kind", "Actor"] if template == "detailed" else ["Time", "Event"]
    assert timeline[0] == header
    assert all(len(row) == len(header) for row in timeline)
    in_order = sorted(draft.timeline, key=lambda e: e.at)
    assert [linked_text(row[1], e.link) for row, e in zip(timeline[1:], in_order, strict=True)] == (
        expected_timeline(draft)
    )
    for row, event in zip(timeline[1:], in_order, strict=True):
        assert row[0].startswith("~") == bool(event.approximate)
        if template == "detailed":
            assert row[2:] == [event.kind, literal(event.actor or "")]
    width = 6 if template == "detailed" else 5
    assert len(actions[0]) == width
    assert all(len(row) == width for row in actions)
    assert len(actions) == len(draft.action_items) + 1
    for row, item in zip(actions[1:], draft.action_items, strict=True):
        assert linked_text(row[0], item.link) == literal(item.action)
        assert row[1] == literal(item.owner or "")
        assert row[2] == (item.due.isoformat() if item.due else "")
        assert row[4] == model.ACTION_STATUSES[item.status or "planned"]
        if template == "detailed":
            assert row[5] == (item.type or "")


@settings(max_examples=300, deadline=None)
@given(cell_text, cell_text)
@example("a | b", "a\nb")
@example("`code`", "``two``")
@example("<b>bold</b>", "<https://example.com>")
@example("&amp; &#124; &lt;", "*em* _em_ **strong**")
@example("[link](https://x)", "![img](x.png)")
@example("~~struck~~", "$x$")
@example("{{ draft.meta.title }}", "{% if true %}x{% endif %}")
@example("back\\slash \\| \\", "\\`")
def test_md_table_cells_are_literal(first: str, second: str) -> None:
    tables = parse_tables(export.md_table([[first, second], [second, first]], ["A", "B|C"]))
    assert tables == [
        [["A", "B|C"], [literal(first), literal(second)], [literal(second), literal(first)]]
    ]


@settings(max_examples=300, deadline=None)
@given(cell_text)
@example("`code`")
@example("<b>bold</b> <https://example.com> <!-- c -->")
@example("&amp; &#124;")
@example("*em* _em_ **strong** [link](https://x) ~~struck~~")
@example("# heading")
@example("> quote")
@example("- item")
@example("1. item")
@example("---")
@example("--")
@example("```")
@example("line\n# heading")
@example("Automated rollback took <2 minutes")
def test_inline_text_in_a_list_item_is_literal(text: str) -> None:
    tokens = MD.parse("- " + export.md_inline(text) + "\n")
    kinds = [t.type for t in tokens]
    assert kinds[0] == "bullet_list_open"
    assert kinds.count("list_item_open") == 1
    inline = [t for t in tokens if t.type == "inline"]
    shown = inline_text(inline[0]) if inline else ""
    assert shown == literal(text)


@settings(max_examples=100, deadline=None)
@given(drafts(), st.sampled_from(["Summary: {{ x }} {% y %} <b>", None]))
def test_every_draft_exports_and_json_parses(draft: model.Draft, prose: str | None) -> None:
    draft.summary.text = prose
    for name in ("default", "detailed"):
        text = export.render(draft, template=name)
        assert text.startswith("# Postmortem: ")
        if prose:
            assert "{{ x }} {% y %} &lt;b>" in text
    data: dict[str, Any] = json.loads(export.render(draft, fmt="json"))
    assert data["meta"]["title"] == draft.meta.title
    assert set(data["metrics"]) == {
        "duration",
        "time_to_detect",
        "trigger_to_detection",
        "time_to_acknowledge",
        "time_to_mitigate",
        "time_to_resolve",
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_valid_draft())
def test_any_valid_draft_exports_with_intact_tables(draft: model.Draft) -> None:
    """Every draft the format allows (any text in any field, any zone and offset, unknown
    keys) exports in both templates, its own tables intact, and as JSON."""
    for template, width in (("default", 5), ("detailed", 6)):
        tables = parse_tables(export.render(draft, template=template), links=True)
        timeline = [t for t in tables if t[0][:2] == ["Time", "Event"]]
        actions = [t for t in tables if t[0][:2] == ["Action", "Owner"]]
        if draft.timeline:
            assert len(timeline) == 1
            in_order = sorted(draft.timeline, key=lambda e: e.at)
            rows = zip(timeline[0][1:], in_order, strict=True)
            assert [linked_text(row[1], e.link) for row, e in rows] == expected_timeline(draft)
        if draft.action_items:
            assert len(actions) == 1
            assert all(len(row) == width for row in actions[0])
            assert [
                linked_text(row[0], item.link)
                for row, item in zip(actions[0][1:], draft.action_items, strict=True)
            ] == [literal(item.action) for item in draft.action_items]
    data = json.loads(export.render_json(draft))
    assert data["format"] == 1
    assert len(data.get("timeline", [])) == len(draft.timeline)
