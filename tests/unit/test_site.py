"""``postmortem site``: the pages it writes, what it leaves out, and what a second run rewrites."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from postmortem_tui import cli
from postmortem_tui.core import model, store
from postmortem_tui.export import html, site

from .test_html_export import assert_no_active_content, parse, text_of

FIXTURES = Path(__file__).parent.parent / "fixtures"
UTC = dt.UTC
BROKEN = 'format = 1\n[meta]\ntitle = "never closed\n'


def write(folder: Path, name: str, draft: model.Draft) -> Path:
    path = folder / name
    path.write_text(store.dumps_draft(draft), encoding="utf-8")
    return path


def small(title: str, day: int, *, services: list[str] | None = None) -> model.Draft:
    draft = model.Draft.new(title, date=dt.date(2024, 3, day), severity="P2")
    draft.meta.services = services or []
    start = dt.datetime(2024, 3, day, 10, tzinfo=UTC)
    draft.impact.start, draft.impact.end = start, start + dt.timedelta(minutes=40)
    draft.timeline = [
        model.TimelineEvent(start, "Alert fires", "detected"),
        model.TimelineEvent(start + dt.timedelta(minutes=40), "Recovered", "resolved"),
    ]
    draft.action_items = [
        model.ActionItem(f"Fix {title}", owner="Ops", due=dt.date(2024, 3, day + 5)),
        model.ActionItem(f"Done for {title}", status="done", due=dt.date(2024, 3, day + 1)),
        model.ActionItem(f"Later for {title}", due=dt.date(2030, 1, 1), priority="P3"),
    ]
    return draft


@pytest.fixture
def team(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    shutil.copy(FIXTURES / "api-outage.toml", folder / "2024-01-15-api-outage.toml")
    write(folder, "2024-03-02-cache.toml", small("Cache stampede", 2, services=["checkout-api"]))
    checkout = small("Checkout timeouts", 9, services=["checkout-api"])
    checkout.related = [
        model.Related(dt.date(2024, 3, 2), "Cache stampede", "2024-03-02-cache.toml"),
        model.Related(None, "Evil", "javascript:alert(1)"),
    ]
    write(folder, "2024-03-09-checkout.toml", checkout)
    (folder / "2024-03-10-broken.toml").write_text(BROKEN, encoding="utf-8")
    return folder


def build(folder: Path, out: Path, *extra: str) -> int:
    return cli.main(["site", str(folder), "-o", str(out), "--today", "2024-03-20", *extra])


def test_a_folder_with_a_broken_draft_still_builds_and_names_it(
    team: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert build(team, out) == 0
    err = capsys.readouterr().err
    assert "left out" in err and "2024-03-10-broken.toml:3" in err
    pages = sorted(p.name for p in (out / "postmortems").iterdir())
    assert pages == [
        "2024-01-15-api-outage.html",
        "2024-03-02-cache.html",
        "2024-03-09-checkout.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2024-03-10-broken.toml" in text_of(parse(index))
    # --strict: the same site, and exit 2 for the draft left out.
    assert build(team, out, "--strict") == 2


def test_every_page_is_valid_html_with_safe_links(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(team, out)
    for name in (
        "actions.html",
        "stats.html",
        *(f"postmortems/{p.name}" for p in (out / "postmortems").iterdir()),
    ):
        assert_no_active_content((out / name).read_text(encoding="utf-8"))


def test_the_index_lists_newest_first_and_allows_only_its_filter(
    team: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(team, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    tree = parse(page)
    rows = tree.find(".//table[@id='postmortems']/tbody").findall("tr")
    titles = [" ".join("".join(r.findall("td")[1].itertext()).split()) for r in rows]
    assert titles == [
        "Checkout timeouts",
        "Cache stampede",
        "API Outage - Database Connection Pool Exhausted",
    ]
    hrefs = [a.get("href") for a in rows[0].iter("a")]
    assert hrefs == ["postmortems/2024-03-09-checkout.html"]
    assert "checkout-api" in rows[0].get("data-search")
    # One script, the filter, allowed by its hash and by nothing else.
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1 and scripts[0].text == site.FILTER_SCRIPT
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode()).digest()).decode()
    policy = next(m.get("content") for m in tree.iter("meta") if m.get("http-equiv"))
    assert f"script-src 'sha256-{digest}';" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src")[1]
    # Without script the filter box stays hidden and every row shows.
    assert tree.find(".//div[@id='filter-bar']").get("hidden") is not None
    assert not [r for r in rows if r.get("hidden") is not None]


def test_related_postmortems_link_to_each_other(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(team, out)
    tree = parse((out / "postmortems/2024-03-09-checkout.html").read_text(encoding="utf-8"))
    related = tree.find(".//section[@id='related']")
    hrefs = [a.get("href") for a in related.iter("a")]
    # The draft's own related link resolves to the page; the unsafe one is no link at all.
    assert hrefs.count("2024-03-02-cache.html") == 2  # linked, and suggested (same service)
    assert "Evil" in text_of(tree) and not [h for h in hrefs if "javascript" in h]
    back = parse((out / "postmortems/2024-03-02-cache.html").read_text(encoding="utf-8"))
    suggested = back.find(".//ul[@class='suggested']")
    assert [a.get("href") for a in suggested.iter("a")] == ["2024-03-09-checkout.html"]
    assert "services: checkout-api" in "".join(suggested.itertext())
    nav = [a.get("href") for a in back.find(".//nav").iter("a")]
    assert nav == ["../index.html", "../actions.html", "../stats.html"]


def test_the_action_items_page_puts_overdue_then_open_first(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(team, out)
    tree = parse((out / "actions.html").read_text(encoding="utf-8"))
    headings = ["".join(h.itertext()) for h in tree.iter("h2")]
    assert headings == ["Overdue (7)", "Open (2)", "Done or won't do (4)"]
    first = tree.find(".//table/tbody/tr")
    cells = ["".join(td.itertext()).strip() for td in first.findall("td")]
    assert cells[0] == "2024-01-25" and cells[1] == "55"  # the oldest overdue item first
    text = text_of(tree)
    assert text.index("Fix Checkout timeouts") < text.index("Later for Cache stampede")
    assert text.index("Later for Checkout timeouts") < text.index("Done for Cache stampede")


def test_the_stats_page_draws_its_charts(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(team, out)
    tree = parse((out / "stats.html").read_text(encoding="utf-8"))
    charts = [e for e in tree.iter() if str(e.tag).endswith("svg") and e.get("class") == "chart"]
    assert len(charts) == 4
    labels = [
        "".join(t.itertext())
        for t in charts[0].iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "bar-label"
    ]
    assert labels == ["2024-01", "2024-03"]
    assert "3 incidents" in text_of(tree)


def test_a_second_run_rewrites_only_what_changed(
    team: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    first = site.build_site([team], out, today=dt.date(2024, 3, 20))
    assert len(first.written) == 6 and first.pages == 3
    again = site.build_site([team], out, today=dt.date(2024, 3, 20))
    assert again.written == [] and again.unchanged == 6
    # A lesson is on its own page only.
    path = team / "2024-01-15-api-outage.toml"
    draft = store.read_draft(path).draft
    draft.lessons[0].detail = "Checklists need an item per resource kind"
    write(team, path.name, draft)
    changed = site.build_site([team], out, today=dt.date(2024, 3, 20))
    assert changed.written == ["postmortems/2024-01-15-api-outage.html"]
    # A deleted draft's page goes; the index and the pages that suggested it change.
    (team / "2024-03-02-cache.toml").unlink()
    removed = site.build_site([team], out, today=dt.date(2024, 3, 20))
    assert removed.removed == ["postmortems/2024-03-02-cache.html"]
    assert not (out / "postmortems/2024-03-02-cache.html").exists()
    assert "postmortems/2024-03-09-checkout.html" in removed.written
    assert "index.html" in removed.written
    checkout = (out / "postmortems/2024-03-09-checkout.html").read_text(encoding="utf-8")
    assert 'href="2024-03-02-cache.html"' not in checkout


def test_a_page_edited_by_hand_is_written_again(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site.build_site([team], out)
    page = out / "postmortems/2024-03-02-cache.html"
    page.write_text("defaced", encoding="utf-8")
    report = site.build_site([team], out)
    assert report.written == ["postmortems/2024-03-02-cache.html"]
    assert "Cache stampede" in page.read_text(encoding="utf-8")


def test_a_folder_of_other_files_is_refused(
    team: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.html").write_text("the team's own page", encoding="utf-8")
    assert build(team, out) == 2
    assert "not a postmortem site" in capsys.readouterr().err
    assert (out / "index.html").read_text(encoding="utf-8") == "the team's own page"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    file = tmp_path / "site.html"
    file.write_text("x", encoding="utf-8")
    assert build(team, file) == 2
    assert "is a file" in capsys.readouterr().err


def test_drafts_with_the_same_name_in_two_folders_get_two_pages(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write(one, "outage.toml", small("First", 1))
    write(two, "outage.toml", small("Second", 2))
    report = site.build_site([one, two], tmp_path / "site")
    assert report.pages == 2
    names = sorted(p.name for p in (tmp_path / "site/postmortems").iterdir())
    assert names == ["outage-2.html", "outage.html"]


def test_the_title_and_an_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    out = tmp_path / "site"
    assert cli.main(["site", str(empty), "-o", str(out), "--title", "Payments <team>"]) == 0
    tree = parse((out / "index.html").read_text(encoding="utf-8"))
    assert tree.find(".//h1").text == "Payments <team>"
    assert "No postmortems yet." in text_of(tree)
    assert re.search(r"Payments &lt;team&gt;", (out / "stats.html").read_text(encoding="utf-8"))


def test_suggestions_are_those_of_postmortem_related(tmp_path: Path) -> None:
    """The site's indexed shortcut ranks exactly as ``team.related.suggest`` over everything."""
    from postmortem_tui.team import related

    services = ["checkout-api", "Payments", "search", "auth"]
    words = ["pool", "cache", "deploy", "timeout", "dns", "quota"]
    for n in range(40):
        draft = small(f"{words[n % 6]} {words[(n * 5) % 6]} outage {n}", 1 + n % 20)
        draft.meta.services = [services[n % 4]] if n % 3 else []
        draft.meta.tags = [f"tag-{n % 5}"] if n % 2 else []
        draft.summary.text = f"The {words[(n * 7) % 6]} failed."
        write(tmp_path, f"d{n:02}.toml", draft)
    entries, problems = site._read_folder([tmp_path])
    assert len(entries) == 40 and not problems
    fast = site._all_suggestions(entries)
    for entry, found in zip(entries, fast, strict=True):
        slow = related.suggest(entry.indexed, [e.indexed for e in entries], limit=5)
        assert [(e.indexed.path, reasons) for e, reasons in found] == [
            (s.entry.path, s.reasons) for s in slow
        ]
    assert any(fast)


def test_a_site_of_hostile_drafts_runs_nothing(tmp_path: Path) -> None:
    from .test_html_export import _poison

    folder = tmp_path / "drafts"
    folder.mkdir()
    for start in range(3):
        draft = store.read_draft(FIXTURES / "every-addition.toml").draft
        _poison(draft, iter(range(start, 10_000)))
        draft.meta.date = dt.date(2024, 1, 1 + start)
        write(folder, f"hostile-{start}.toml", draft)
    out = tmp_path / "site"
    report = site.build_site([folder], out, title='"><script>alert(1)</script>')
    assert report.pages == 3 and not report.left_out
    for page in (
        "actions.html",
        "stats.html",
        *(f"postmortems/hostile-{n}.html" for n in range(3)),
    ):
        assert_no_active_content((out / page).read_text(encoding="utf-8"))
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    assert [s.text for s in index.iter("script")] == [site.FILTER_SCRIPT]
    assert not [
        (e.tag, name) for e in index.iter() for name in e.attrib if str(name).startswith("on")
    ]
    hrefs = [a.get("href") for a in index.iter("a")]
    assert len(hrefs) == 6 and all(h == html.safe_url(h) and "script" not in h for h in hrefs)


_BUILD_TWICE = """
import sys
from pathlib import Path
from postmortem_tui.core import parallel
from postmortem_tui.export.site import build_site
import datetime as dt

drafts, shared, alone = (Path(a) for a in sys.argv[1:4])
today = dt.date(2024, 6, 1)
first = build_site([drafts], shared, today=today)
parallel.PARALLEL_FROM = 10**9
second = build_site([drafts], alone, today=today)
print(first.pages, second.pages, len(first.left_out), len(second.left_out))
"""


def test_a_site_built_in_parallel_is_the_site_built_in_one_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    from postmortem_tui.core import parallel

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    text = (FIXTURES / "api-outage.toml").read_text(encoding="utf-8")
    count = parallel.PARALLEL_FROM + 4
    for n in range(count):
        title = f"Incident {n}: connection pool"
        day = f"2024-0{1 + n % 9}-{10 + n % 18}"
        draft = text.replace("API Outage - Database Connection Pool Exhausted", title)
        (drafts / f"{day}-incident-{n:02}.toml").write_text(
            draft.replace("date = 2024-01-15", f"date = {day}"), encoding="utf-8"
        )
    (drafts / "broken.toml").write_text("title = [broken\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_TWICE, str(drafts), str(tmp_path / "a"), str(tmp_path / "b")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(count), str(count), "1", "1"]
    shared = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in _files(tmp_path / "a")}
    alone = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in _files(tmp_path / "b")}
    assert shared.keys() == alone.keys()
    assert [name for name in shared if shared[name] != alone[name]] == []


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]
