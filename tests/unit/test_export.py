"""Unit tests of the export: filters, section rules, templates, errors and JSON."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from postmortem_tui import export
from postmortem_tui.core import model, paths, store
from postmortem_tui.export import markdown

FIXTURES = Path(__file__).parent.parent / "fixtures"
MD = MarkdownIt("commonmark").enable("table")
UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture
def example() -> model.Draft:
    return store.read_draft(FIXTURES / "api-outage.toml").draft


def section(markdown: str, heading: str) -> str:
    """The text of one ``## heading`` section, without the heading."""
    start = markdown.index(f"\n## {heading}\n") + len(heading) + 5
    end = markdown.find("\n## ", start)
    return markdown[start : end if end != -1 else len(markdown)].strip("\n")


def headings(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


# --- table cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("one\ntwo", "one<br>two"),
        ("one\r\ntwo\rthree", "one<br>two<br>three"),
        ("`code`", "\\`code\\`"),
        ("<script>x</script>", "&lt;script>x&lt;/script>"),
        ("&amp; & &#124;", "&amp;amp; & &amp;#124;"),
        ("a -> b, 5 < 6 > 4", "a -> b, 5 < 6 > 4"),
        ("<2 minutes", "<2 minutes"),
        ("*em* **strong**", "\\*em\\* \\*\\*strong\\*\\*"),
        ("_em_ snake_case", "\\_em\\_ snake_case"),
        ("[link](https://x)", "\\[link\\](https://x)"),
        ("~~struck~~ $x$", "\\~\\~struck\\~\\~ \\$x\\$"),
        ("back\\slash \\|", "back\\\\slash \\\\\\|"),
        ("{{ draft.meta.title }} {% if x %}", "{{ draft.meta.title }} {% if x %}"),
        ("  padded  \n", "padded"),
        (None, ""),
        (dt.date(2024, 1, 20), "2024-01-20"),
    ],
)
def test_md_cell_escapes_only_what_markdown_needs(typed: object, escaped: str) -> None:
    assert export.md_cell(typed) == escaped


def test_md_cell_renders_back_to_what_was_typed() -> None:
    typed = "a|b `c` <i>d</i> &amp; *e* {{ f }} \\ g"
    tokens = MD.parse(export.md_table([[typed]], ["H"]))
    cells = [t for t in tokens if t.type == "inline"]
    assert [c.type for c in cells[1].children or []] == ["text"]
    assert cells[1].children[0].content == typed  # type: ignore[index]


def test_display_width_counts_emoji_as_two_columns() -> None:
    assert export.display_width("Done") == 4
    assert export.display_width("✅ Done") == 7
    assert export.display_width("🔄 In Progress") == 14
    assert export.display_width("📋 ⛔ ❌") == 8
    assert export.display_width("10% → 100%") == 10  # the arrow is narrow
    assert export.display_width("日本") == 4
    assert export.display_width("e\u0301") == 1  # a combining accent takes no column
    assert export.display_width("⚠\ufe0f") == 2  # emoji presentation


def _width_char_by_char(text: str) -> int:
    """The definition of display_width, one character at a time."""
    import unicodedata

    width = 0
    last = 0
    for char in text:
        if char.isascii():
            width, last = width + 1, 1
        elif char == "\ufe0f":
            width, last = width + (1 if last == 1 else 0), 2
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        else:
            last = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            width += last
    return width


@given(st.text(alphabet=st.sampled_from("ab -%→✅日🔄é\u0301\ufe0f\u200dx⚠"), max_size=40))
def test_display_width_is_the_width_of_its_characters(text: str) -> None:
    # Runs of wide characters are measured once and kept: the sum must not change.
    assert export.display_width(text) == _width_char_by_char(text)


def test_md_table_pads_columns_to_display_width() -> None:
    table = export.md_table([["✅ Done", "x"], ["🔄 In Progress", ""]], ["Status", "A"])
    assert table.splitlines() == [
        "| Status         | A   |",
        "| -------------- | --- |",
        "| ✅ Done        | x   |",
        "| 🔄 In Progress |     |",
    ]


def test_md_table_reads_columns_from_objects_and_dicts() -> None:
    rows = [model.Author("Jane", "On-call"), {"name": "Jo|hn", "role": None}]
    table = export.md_table(rows, [("Name", "name"), ("Role", "role")])
    assert table.splitlines()[2:] == ["| Jane   | On-call |", "| Jo\\|hn |         |"]


def test_md_table_refuses_private_attributes() -> None:
    with pytest.raises(export.ExportError, match="not a column"):
        export.md_table([model.Author("Jane")], [("Class", "__class__")])


# --- text outside tables --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Automated rollback took <2 minutes", "Automated rollback took <2 minutes"),
        ("a | b (10% → 100%)", "a | b (10% → 100%)"),
        ("<b>bold</b> <!-- c -->", "&lt;b>bold&lt;/b> &lt;!-- c -->"),
        ("&amp; & AT&T", "&amp;amp; & AT&T"),
        ("`release()` *now*", "\\`release()\\` \\*now\\*"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("-5 degrees", "-5 degrees"),
        ("first\nsecond", "first<br>second"),
        ("{{ 7 * 7 }}", "{{ 7 \\* 7 }}"),
        ("Outage ##", "Outage \\##"),
        ("Issue #42", "Issue #42"),
    ],
)
def test_md_inline(typed: str, escaped: str) -> None:
    assert export.md_inline(typed) == escaped


def test_md_block_keeps_markdown_and_code_but_not_html() -> None:
    prose = (
        "The **pool** ran out: `List<Conn>` leaked.\n"
        "<script>alert(1)</script> & &amp;\n"
        "\n"
        "```java\nList<Conn> pool; // &amp;\n```\n"
        "\n"
        "    <indented code/>\n"
    )
    assert export.md_block(prose).splitlines() == [
        "The **pool** ran out: `List<Conn>` leaked.",
        "&lt;script>alert(1)&lt;/script> & &amp;amp;",
        "",
        "```java",
        "List<Conn> pool; // &amp;",
        "```",
        "",
        "    <indented code/>",
    ]


def test_md_code_fence_is_longer_than_any_backtick_run() -> None:
    assert export.md_code("x = 1\n", "python") == "```python\nx = 1\n```"
    assert export.md_code("a ``` b", "md `x`") == "````md\na ``` b\n````"
    assert export.md_code("", None) == "```\n```"


def test_md_link() -> None:
    assert export.md_link("Spike", "https://wiki/x") == "[Spike](https://wiki/x)"
    assert export.md_link("Spike [1]", "https://wiki/a b (c)") == (
        "[Spike \\[1\\]](<https://wiki/a b (c)>)"
    )
    assert export.md_link("Spike", None) == "Spike"


# --- numbers and money ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "approximate", "text"),
    [
        (50000, False, "50,000"),
        (50000, True, "~50,000"),
        (1234567, False, "1,234,567"),
        (999, False, "999"),
        (0, True, "~0"),
        (1500.0, False, "1,500"),
        (1234.5, False, "1,234.50"),
        (None, True, ""),
    ],
)
def test_format_number(value: float | None, approximate: bool, text: str) -> None:
    assert export.format_number(value, approximate) == text


@pytest.mark.parametrize(
    ("value", "currency", "approximate", "text"),
    [
        (15000, "USD", True, "~$15,000"),
        (15000, None, False, "$15,000"),
        (1234.5, "EUR", False, "€1,234.50"),
        (99, "gbp", False, "£99"),
        (1500000.4, "JPY", True, "~¥1,500,000"),
        (1500, "CHF", True, "~1,500 CHF"),
        (2500.75, "SEK", False, "2,500.75 SEK"),
    ],
)
def test_format_money(value: float, currency: str | None, approximate: bool, text: str) -> None:
    assert export.format_money(value, currency, approximate) == text


# --- the default document -------------------------------------------------------------------


def test_timeline_heading_names_the_zone(example: model.Draft) -> None:
    assert "\n## Timeline (All times UTC)\n" in export.render(example)
    example.meta.timezone = "America/New_York"
    text = export.render(example)
    assert "\n## Timeline (All times America/New_York)\n" in text
    assert "| 09:15 | v2.3.4 deployed to production" in text  # 14:15Z is 09:15 EST


def _night_draft(zone: str = "UTC", date: dt.date | None = dt.date(2024, 1, 15)) -> model.Draft:
    draft = model.Draft.new("Night", date=date, timezone=zone)
    draft.timeline = [
        model.TimelineEvent(at("2024-01-15T23:50:00+00:00"), "Alarm"),
        model.TimelineEvent(at("2024-01-16T00:10:00+00:00"), "Rollback"),
        model.TimelineEvent(at("2024-01-16T00:30:00+00:00"), "Resolved"),
    ]
    return draft


def _time_column(markdown: str) -> list[str]:
    table = section(markdown, next(h for h in headings(markdown) if h.startswith("Timeline")))
    return [line.split("|")[1].strip() for line in table.splitlines()[2:]]


def test_timeline_crossing_midnight_dates_the_first_row_of_the_new_day() -> None:
    assert _time_column(export.render(_night_draft())) == ["23:50", "2024-01-16 00:10", "00:30"]


def test_midnight_is_the_zone_s_midnight() -> None:
    # 23:50Z to 00:30Z is 18:50 to 19:30 in New York: no day changes there.
    text = export.render(_night_draft("America/New_York"))
    assert _time_column(text) == ["18:50", "19:10", "19:30"]
    # In Berlin the day changes an hour earlier: at 23:10Z.
    berlin = _night_draft("Europe/Berlin")
    berlin.timeline.insert(0, model.TimelineEvent(at("2024-01-15T22:30:00+00:00"), "Deploy"))
    assert _time_column(export.render(berlin)) == [
        "23:30",
        "2024-01-16 00:50",
        "01:10",
        "01:30",
    ]


def test_first_row_shows_its_date_when_it_is_not_the_incident_date() -> None:
    draft = _night_draft(date=dt.date(2024, 1, 14))
    assert _time_column(export.render(draft))[0] == "2024-01-15 23:50"
    # Without a date the first row is dated only when the timeline spans days.
    assert _time_column(export.render(_night_draft(date=None)))[:2] == [
        "2024-01-15 23:50",
        "2024-01-16 00:10",
    ]
    one_day = _night_draft(date=None)
    del one_day.timeline[1:]
    assert _time_column(export.render(one_day)) == ["23:50"]


def test_timeline_across_a_dst_change() -> None:
    draft = model.Draft.new("DST", date=dt.date(2024, 3, 10), timezone="America/New_York")
    draft.timeline = [
        model.TimelineEvent(at("2024-03-10T06:30:00+00:00"), "Before the change (EST)"),
        model.TimelineEvent(at("2024-03-10T07:30:00+00:00"), "After the change (EDT)"),
    ]
    draft.impact.start, draft.impact.end = draft.timeline[0].at, draft.timeline[1].at
    text = export.render(draft)
    assert _time_column(text) == ["01:30", "03:30"]
    assert "- Duration: 1 hour\n" in text  # an hour passed, though the clocks moved two


def test_timeline_is_shown_in_time_order() -> None:
    draft = _night_draft()
    draft.timeline.reverse()
    assert _time_column(export.render(draft)) == ["23:50", "2024-01-16 00:10", "00:30"]


def test_seconds_show_only_when_not_zero() -> None:
    draft = model.Draft.new("Secs", date=dt.date(2024, 1, 15))
    draft.timeline = [model.TimelineEvent(at("2024-01-15T10:00:05+00:00"), "x")]
    assert _time_column(export.render(draft)) == ["10:00:05"]


def test_duration_in_words() -> None:
    draft = model.Draft.new("Long")
    draft.impact.start = at("2024-01-15T14:00:00+00:00")
    draft.impact.end = at("2024-01-15T15:35:00+00:00")
    assert "- Duration: 1 hour 35 minutes\n" in export.render(draft)


def test_impact_lists_numbers_description_and_extra_lines() -> None:
    draft = model.Draft.new("Impact")
    draft.impact = model.Impact(
        users_affected=1500,
        revenue_loss=1500,
        currency="CHF",
        approximate=True,
        description="100% of users in eu-west-1",
        extra=[model.ImpactLine("SLO budget", "40% burned"), model.ImpactLine("", "No label")],
    )
    impact = export.render(draft).split("**Impact:**\n\n")[1].split("\n\n")[0]
    assert impact.splitlines() == [
        "- Users affected: ~1,500",
        "- Revenue impact: ~1,500 CHF",
        "- 100% of users in eu-west-1",
        "- SLO budget: 40% burned",
        "- No label",
    ]


def test_a_title_only_draft_shows_placeholders_and_leaves_out_optional_sections() -> None:
    text = export.render(model.Draft.new("Only a title"))
    assert headings(text) == [
        "Summary",
        "Timeline (All times UTC)",
        "Root Cause",
        "Contributing Factors",
        "What Went Well",
        "What Went Wrong",
        "Action Items",
        "Lessons Learned",
        "Appendix",
    ]
    assert "**Date:** [not set]\n" in text
    assert "**Status:** Draft\n" in text
    assert section(text, "Summary").startswith("[What happened, in 2-3 sentences")
    assert "- [Users affected, requests failed, revenue impact, duration]" in text
    assert section(text, "Action Items") == (
        "[Concrete follow-up work, each with an owner and a due date.]"
    )
    assert "[Insert status page updates and customer communication]" in text
    assert "Code Fix" not in text
    assert MD.parse(text)  # parses
    assert "| " not in text  # no empty tables


def test_where_we_got_lucky_comes_after_what_went_wrong_only_when_present(
    example: model.Draft,
) -> None:
    assert "Lucky" not in export.render(example)
    example.lucky = [model.Point("Low traffic", "It was a Sunday"), model.Point("Backups")]
    text = export.render(example)
    names = headings(text)
    assert names.index("Where We Got Lucky") == names.index("What Went Wrong") + 1
    assert section(text, "Where We Got Lucky").splitlines() == [
        "1. 🍀 **Low traffic:** It was a Sunday",
        "2. 🍀 **Backups**",
    ]


def test_action_item_without_status_is_planned() -> None:
    draft = model.Draft.new("Actions")
    draft.action_items = [model.ActionItem("Fix it", owner="Jane")]
    rows = section(export.render(draft), "Action Items").splitlines()
    assert rows[2] == "| Fix it | Jane  |          |          | 📋 Planned |"


def test_related_incident_with_a_link_is_a_markdown_link(example: model.Draft) -> None:
    example.related[0].link = "https://wiki.example.com/pm/2023-11-20"
    example.related.append(model.Related(title="No date, no link"))
    assert section(export.render(example), "Related Incidents").splitlines() == [
        "- [2023-11-20] [Database CPU spike (similar connection pool issue)]"
        "(https://wiki.example.com/pm/2023-11-20)",
        "- [2023-08-15] Memory leak in cache layer",
        "- No date, no link",
    ]


def test_prevention_marks_what_is_not_done(example: model.Draft) -> None:
    example.prevention[1].done = False
    lines = section(export.render(example), "Prevention").splitlines()
    assert lines[3] == "2. ⬜ Monitor connection pool utilization"


def test_nested_details_stay_under_items_numbered_ten_and_more() -> None:
    draft = model.Draft.new("Factors")
    draft.factors = [model.Factor(f"F{i}", details=["d"]) for i in range(1, 11)]
    lines = section(export.render(draft), "Contributing Factors").splitlines()
    assert lines[-2:] == ["10. **F10**", "    - d"]
    tokens = MD.parse("\n".join(lines))
    assert [t.type for t in tokens].count("bullet_list_open") == 10


def test_data_is_never_rendered_as_a_template() -> None:
    draft = model.Draft.new("{{ draft.meta.title }}{% raw %}")
    draft.summary.text = "{{ 7 * 7 }} {% for x in y %}{# c #}"
    draft.timeline = [model.TimelineEvent(at("2024-01-15T10:00:00Z"), "{{ '{{' }} {%- endraw %}")]
    text = export.render(draft)
    assert "# Postmortem: {{ draft.meta.title }}{% raw %}\n" in text
    assert "{{ 7 * 7 }} {% for x in y %}{# c #}" in text
    assert "| {{ '{{' }} {%- endraw %} |" in text


def test_team_severity_scale(example: model.Draft, tmp_path: Path) -> None:
    paths.config_file().write_text('[severities]\nP1 = "Sev One"\n', encoding="utf-8")
    assert "**Severity:** P1 (Sev One)\n" in export.render(example)


# --- the detailed template ------------------------------------------------------------------


def test_detailed_adds_metrics_tags_action_types_and_review(example: model.Draft) -> None:
    example.meta.tags = ["database", "deploy"]
    example.action_items[0].type = "detect"
    example.action_items[0].link = "https://tracker/PM-1"
    example.review.shared_with = ["#incidents"]
    example.review.follow_up = dt.date(2024, 2, 15)
    text = export.render(example, template="detailed")
    assert "**Severity:** P1 (Critical)\n**Tags:** database, deploy\n" in text
    names = headings(text)
    assert names.index("Metrics") == names.index("Timeline (All times UTC)") + 1
    assert section(text, "Metrics").splitlines() == [
        "- Duration: 25 min (impact end - impact start)",
        "- Time to detect: 0 min (detected - impact start)",
        "- Trigger to detection: 17 min (detected - trigger)",
        "- Time to acknowledge: 3 min (acknowledged - detected)",
        "- Time to mitigate: 15 min (mitigated - impact start)",
        "- Time to resolve: 25 min (resolved - impact start)",
    ]
    actions = section(text, "Action Items").splitlines()
    assert [cell.strip() for cell in actions[0].split("|")[6:8]] == ["Type", ""]
    assert actions[2].startswith(f"| [{example.action_items[0].action}](https://tracker/PM-1) |")
    assert actions[2].endswith("| detect |")
    review = section(text, "Review")
    assert "- Postmortem meeting: 2024-01-15 15:30 UTC (held)\n" in review
    assert "- Shared with: #incidents\n" in review
    assert "- Follow-up review: 2024-02-15\n" in review
    assert "- [x] Document shared widely: shared with #incidents" in review
    assert names[-1] == "Review"


def test_detailed_on_a_title_only_draft() -> None:
    text = export.render(model.Draft.new("Bare"), template="detailed")
    assert "**Tags:** [none]\n" in text
    assert "- Time to detect: n/a (detected - impact start)\n" in text
    assert "- Postmortem meeting: [not scheduled]\n" in text
    assert "- [ ] Timeline created: no events in the timeline\n" in text


# --- finding templates and their errors -----------------------------------------------------


def _user_template(name: str, text: str) -> Path:
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_templates_names_package_and_user_templates() -> None:
    assert export.list_templates() == ["default", "detailed"]
    _user_template("team.md.j2", "x")
    _user_template("notes.txt", "not a template")
    assert export.list_templates() == ["default", "detailed", "team"]


def test_missing_template_lists_what_is_available() -> None:
    _user_template("team.md.j2", "x")
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="nope")
    message = str(info.value)
    assert message.startswith("no template named 'nope'; available: default, detailed, team")
    assert str(paths.user_templates_dir()) in message


def test_missing_template_file() -> None:
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="./missing.md.j2")
    message = str(info.value)
    assert message == "template file ./missing.md.j2 not found; names available: default, detailed"
    with pytest.raises(export.ExportError, match=r"template file missing\.md\.j2 not found"):
        export.render(model.Draft.new("T"), template="missing.md.j2")


def test_a_bare_file_name_is_looked_up_in_the_folders() -> None:
    _user_template("team.md.j2", "Team\n")
    assert export.render(model.Draft.new("T"), template="team.md.j2") == "Team\n"
    assert export.render(model.Draft.new("T"), template="detailed.md.j2").startswith("# ")


def test_user_template_by_name_and_it_wins_over_the_package() -> None:
    _user_template("team.md.j2", "Team: {{ meta.title | md_inline }}\n")
    assert export.render(model.Draft.new("A_*B"), template="team") == "Team: A\\_\\*B\n"
    _user_template("default.md.j2", "Ours\n")
    assert export.render(model.Draft.new("T")) == "Ours\n"


def test_template_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.md.j2"
    path.write_text("{{ timeline | md_table([('When', 'time')]) }}\n", encoding="utf-8")
    draft = _night_draft()
    assert export.render(draft, template=str(path)).splitlines()[2] == "| 23:50            |"
    other = tmp_path / "plain-name"
    other.write_text("{{ meta.title }}", encoding="utf-8")
    assert export.render(draft, template=str(other)) == "Night"


def test_user_template_can_extend_the_builtin_one() -> None:
    _user_template(
        "short.md.j2",
        '{% extends "builtin/default.md.j2" %}\n'
        "{% block appendix %}{% endblock %}\n"
        "{% block lessons %}\n\n## Our Lessons\n{% endblock %}\n",
    )
    text = export.render(model.Draft.new("T"), template="short")
    assert headings(text)[-1] == "Our Lessons"
    assert "Appendix" not in text


def test_template_syntax_error_names_file_and_line() -> None:
    path = _user_template("broken.md.j2", "line one\n{% if meta.title %}\nunclosed\n")
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="broken")
    message = str(info.value)
    assert message.startswith(f"{path}:3: template syntax error: ")
    assert "endif" in message


def test_a_template_that_is_not_utf8_is_one_message_not_a_traceback() -> None:
    # Saved as Latin-1 by an editor: one line naming the file, as for a draft.
    path = _user_template("latin.md.j2", "")
    path.write_bytes(b"# {{ meta.title }} \xe9t\xe9\n")
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="latin")
    assert str(info.value) == f"{path}: not UTF-8 text (byte 0xe9); save it as UTF-8"
    including = _user_template("outer.md.j2", '# x\n{% include "latin.md.j2" %}\n')
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="outer")
    assert str(info.value) == (
        f"{including}:2: a template it includes is not UTF-8 text; save it as UTF-8"
    )


def test_undefined_variable_names_file_and_line() -> None:
    path = _user_template("typo.md.j2", "# {{ meta.title }}\n\n{{ draft.meta.titel }}\n")
    with pytest.raises(export.ExportError) as info:
        export.render(model.Draft.new("T"), template="typo")
    assert str(info.value).startswith(f"{path}:3: undefined: ")
    assert "titel" in str(info.value)


def test_sandbox_refuses_unsafe_access_and_changing_the_draft() -> None:
    _user_template("evil.md.j2", "{{ draft.__class__.__mro__ }}")
    with pytest.raises(export.ExportError, match=r"evil\.md\.j2:1"):
        export.render(model.Draft.new("T"), template="evil")
    _user_template("sorter.md.j2", "{{ draft.sort_timeline() }}")
    draft = _night_draft()
    draft.timeline.reverse()
    with pytest.raises(export.ExportError, match=r"sorter\.md\.j2:1"):
        export.render(draft, template="sorter")
    assert draft.timeline[0].event == "Resolved"


def test_a_template_cannot_change_the_draft_s_lists() -> None:
    _user_template("wipe.md.j2", "{{ draft.timeline.clear() }}{{ draft.unknown.update(x=1) }}")
    draft = _night_draft()
    with pytest.raises(export.ExportError, match=r"wipe\.md\.j2:1: not allowed in a template"):
        export.render(draft, template="wipe")
    assert len(draft.timeline) == 3
    assert draft.unknown == {}


def test_environment_is_built_once_per_folder() -> None:
    folder = str(paths.package_templates_dir())
    assert markdown._environment(folder) is markdown._environment(folder)


# --- JSON -----------------------------------------------------------------------------------


def test_json_has_the_draft_and_metrics(example: model.Draft) -> None:
    text = export.render(example, fmt="json")
    data = json.loads(text)
    assert data["meta"]["title"] == example.meta.title
    assert data["meta"]["date"] == "2024-01-15"
    assert data["impact"]["start"] == "2024-01-15T14:32:00+00:00"
    assert data["timeline"][0] == {
        "at": "2024-01-15T14:15:00+00:00",
        "event": "v2.3.4 deployed to production",
        "kind": "trigger",
    }
    assert data["metrics"]["time_to_detect"] == {
        "label": "Time to detect",
        "seconds": 0,
        "formula": "detected - impact start",
    }
    assert data["metrics"]["trigger_to_detection"]["seconds"] == 17 * 60
    assert "✅" in text  # not \u2705
    assert text.startswith('{\n  "format": 1,')


def test_json_metrics_unknown_are_null_and_unknown_keys_are_kept() -> None:
    draft = model.Draft.new("T")
    draft.unknown = {"x_bot": {"score": float("nan"), "when": dt.time(14, 32)}}
    data = json.loads(export.render_json(draft))
    assert data["metrics"]["duration"]["seconds"] is None
    assert data["x_bot"] == {"score": "nan", "when": "14:32:00"}


def test_format_errors() -> None:
    with pytest.raises(export.ExportError, match="Markdown and HTML"):
        export.render(model.Draft.new("T"), template="detailed", fmt="json")
    with pytest.raises(export.ExportError, match="unknown format 'pdf'"):
        export.render(model.Draft.new("T"), fmt="pdf")


# --- the command ----------------------------------------------------------------------------


def _postmortem(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_export_command_to_a_file_and_to_stdout(
    example_path: Path, example_markdown: str, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "pm.md"
    out.parent.mkdir()
    done = _postmortem("export", str(example_path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == example_markdown
    done = _postmortem("export", str(example_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == example_markdown
    done = _postmortem("export", str(example_path), "-o", "-", "--format", "json")
    assert json.loads(done.stdout)["metrics"]["duration"]["seconds"] == 25 * 60


def test_export_command_reports_a_missing_template(example_path: Path) -> None:
    done = _postmortem("export", str(example_path), "--template", "nope")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no template named 'nope'; available: default, detailed" in done.stderr
    assert "Traceback" not in done.stderr


# --- the documentation's examples -----------------------------------------------------------

DOCS = Path(__file__).parent.parent.parent / "docs" / "templates.md"


def _docs_templates() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    example = text[text.index("## Example: a team template") :]
    return [block.split("```", 1)[0] for block in example.split("```jinja\n")[1:]]


def test_the_documented_team_templates_render(example: model.Draft) -> None:
    team, scratch = _docs_templates()
    _user_template("team.md.j2", team)
    text = export.render(example, template="team")
    names = headings(text)
    assert "Open Action Items" in names and "Appendix" not in names
    assert names[-1] == "Numbers"
    tables = [t for t in MD.parse(text) if t.type == "table_open"]
    assert len(tables) == 3
    rows = section(text, "Open Action Items").splitlines()
    assert len(rows) == 2 + 5  # header, separator, the five items not done
    assert "| Time to detect | 0 min | detected - impact start |" in text
    _user_template("scratch.md.j2", scratch)
    text = export.render(example, template="scratch")
    assert text.startswith("# API Outage - Database Connection Pool Exhausted (P1 (Critical))\n")
    assert "| 14:15 | v2.3.4 deployed to production                    | trigger      |" in text


def test_an_unclosed_fence_in_prose_stays_in_its_section() -> None:
    draft = model.Draft.new("Fence")
    draft.summary.text = "Look:\n```python\nprint(1)"
    text = export.render(draft)
    assert section(text, "Summary").startswith("Look:\n```python\nprint(1)\n```\n\n**Impact:**")
    tokens = MD.parse(text)
    parsed_headings = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert [h for h in parsed_headings if h in headings(text)] == headings(text)


def test_backticks_that_cannot_open_a_fence_are_left_as_text() -> None:
    # "```0`" is not a fence (a backtick fence's info string has no backtick): closing it
    # would add a "```" line that opens one and swallows the rest of the document.
    draft = model.Draft.new("Ticks")
    draft.root_cause.text = "```0`"
    draft.action_items = [model.ActionItem("Add a lint rule", owner="Ana")]
    text = export.render(draft)
    assert section(text, "Root Cause") == "```0`"
    assert [t.type for t in MD.parse(text)].count("table_open") == 1
