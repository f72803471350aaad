"""``postmortem site``: a static site of a team's postmortems, for any web server or wiki.

The folder it writes::

    index.html          every postmortem, newest first, with a filter box
    actions.html        every action item: overdue first, then open, then the closed ones
    stats.html          counts, medians and 90th percentiles, with small inline SVG charts
    postmortems/*.html  one page per draft (the HTML export), linked to related ones
    .postmortem-site.json   what was written from what, so that a second run rewrites only
                        the pages whose draft, template, neighbours or links changed

What is read of each draft comes from ``team`` (its folder index, actions, stats and related):
a page's draft is parsed only when its page must be written. A draft that cannot be read is
left out and named; the site is still built.

Every page forbids scripts in its Content-Security-Policy except the index, which allows
exactly one inline script by its SHA-256 hash (``FILTER_SCRIPT``): the filter box. Without
script the box stays hidden and the index is a plain table; with it, typing hides the rows
that do not hold every word typed (``index.html#q=database`` opens filtered). A script file
would need ``script-src 'self'``, which browsers do not grant to pages opened from disk; a
CSS-only filter cannot read what is typed. See docs/sharing.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import markupsafe

from .. import __version__
from ..core import parallel, paths, times
from ..core.model import ACTION_STATUSES, DEFAULT_SEVERITIES, STATUSES, severity_label
from . import html, markdown

MANIFEST = ".postmortem-site.json"
PAGES = "postmortems"
DEFAULT_TITLE = "Postmortems"
RELATED_LIMIT = 5
"""Suggested related postmortems on each page."""

FILTER_SCRIPT = """
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var bar = document.getElementById("filter-bar");
  var count = document.getElementById("filter-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#postmortems tbody tr"));
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var keep = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
  }
  var asked = /[#&]q=([^&]*)/.exec(window.location.hash);
  if (asked) {
    try { box.value = decodeURIComponent(asked[1].replace(/\\+/g, " ")); } catch (e) {}
  }
  bar.hidden = false;
  box.addEventListener("input", apply);
  apply();
})();
"""
"""The index's filter: static text (no draft's data), allowed by its hash and nothing else."""


def script_hash(script: str) -> str:
    """The CSP source that allows exactly ``script`` inline: ``'sha256-...'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


INDEX_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src {script_hash(FILTER_SCRIPT)}; base-uri 'none'; form-action 'none'"
)


class SiteError(Exception):
    """A site that cannot be written; ``str()`` is the one message to show."""


@attrs.define
class SiteReport:
    """What a run of ``site`` did."""

    folder: Path
    written: list[str] = attrs.field(factory=list)
    """Files written (relative to ``folder``): new or changed."""
    unchanged: int = 0
    removed: list[str] = attrs.field(factory=list)
    """Pages of drafts that are gone."""
    left_out: list[str] = attrs.field(factory=list)
    """``FILE:LINE: why`` of each draft that could not be read."""
    pages: int = 0
    """Postmortem pages in the site."""


# --- reading the drafts (through team/, in this one place) ----------------------------------


@attrs.define
class _Entry:
    """One readable draft and its page."""

    indexed: Any
    """``team.index.IndexedDraft``: path, record (title, date, actions, metrics...), words."""
    page: str = ""
    """``postmortems/NAME.html``."""

    @property
    def path(self) -> Path:
        return Path(self.indexed.path)

    @property
    def record(self) -> dict[str, Any]:
        record: dict[str, Any] = self.indexed.record
        return record


def _read_folder(given: Sequence[Path]) -> tuple[list[_Entry], list[str]]:
    """The readable drafts of ``given`` and ``FILE:LINE: why`` of those that are not."""
    from ..team.common import gather, problems_of

    readable, broken = gather(given, words=True)
    return [_Entry(e) for e in readable], problems_of(broken)


def _related_key(entries: Sequence[_Entry]) -> str:
    """What the suggestions depend on: every draft's services, tags, words, title and date."""
    parts: list[tuple[Any, ...]] = []
    for e in entries:
        record = e.record
        parts.append((str(e.path), record["title"], record["date"], record["services"]))
        parts.append((record["tags"], e.indexed.words))
    return _sha(json.dumps(parts).encode())


def _all_suggestions(entries: Sequence[_Entry]) -> list[list[tuple[_Entry, list[str]]]]:
    """For each entry, the drafts most like it with the reasons (``team.related.suggest``).

    ``suggest`` compares a draft with every other: a thousand drafts would take a million
    comparisons. An inverted index of services, tags and words scores only the drafts that
    share something, with ``suggest``'s own weights; ``suggest`` then ranks the few best (all
    those tied with the last one kept) and says why.
    """
    from ..team import related

    weights = (related.SERVICE_WEIGHT, related.TAG_WEIGHT, related.WORD_WEIGHT)
    keys: list[list[tuple[str, int]]] = []
    postings: dict[str, list[int]] = {}
    for n, entry in enumerate(entries):
        record = entry.record
        mine = {"s\0" + k for k in _fold(record["services"])}
        mine |= {"t\0" + k for k in _fold(record["tags"])}
        mine |= {"w\0" + w for w in entry.indexed.words.split()}
        keys.append([(k, weights["stw".index(k[0])]) for k in mine])
        for key in mine:
            postings.setdefault(key, []).append(n)
    found = []
    for n, entry in enumerate(entries):
        scores: dict[int, int] = {}
        for key, weight in keys[n]:
            for other in postings[key]:
                scores[other] = scores.get(other, 0) + weight
        scores.pop(n, None)
        best = sorted(scores.values(), reverse=True)
        floor = best[RELATED_LIMIT - 1] if len(best) >= RELATED_LIMIT else 1
        candidates = [entries[m] for m, score in scores.items() if score >= floor]
        by_id = {id(c.indexed): c for c in candidates}
        suggestions = related.suggest(
            entry.indexed, [c.indexed for c in candidates], limit=RELATED_LIMIT
        )
        found.append([(by_id[id(s.entry)], s.reasons) for s in suggestions])
    return found


def _fold(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values if v.strip()}


def _actions(entries: Sequence[_Entry], today: dt.date) -> list[dict[str, Any]]:
    from ..team.actions import Filters, collect

    return collect([e.indexed for e in entries], Filters(), today)


def _stats(entries: Sequence[_Entry], today: dt.date, by: str | None) -> dict[str, Any]:
    from ..team.stats import compute

    return compute([e.indexed for e in entries], today=today, by=by)


# --- names, links, writing ------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _page_names(entries: list[_Entry]) -> None:
    """Give each entry its page: the draft's file name, made unique (``name-2.html``)."""
    taken: set[str] = set()
    for entry in sorted(entries, key=lambda e: str(e.path)):
        stem = _UNSAFE_NAME.sub("-", entry.path.stem).strip(".-") or "postmortem"
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        entry.page = f"{PAGES}/{name}.html"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all (a temporary file beside it, then a rename).

    Not synced to disk, unlike a draft: a page is made again from the drafts by the next run,
    and a thousand syncs would take most of a first run's time.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write(folder: Path, name: str, text: str, report: SiteReport) -> str:
    """Write ``text`` to ``folder/name`` unless it already holds it; returns its hash."""
    data = text.encode("utf-8")
    target = folder / name
    try:
        same = target.read_bytes() == data
    except OSError:
        same = False
    if same:
        report.unchanged += 1
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            _replace(target, data)
        except OSError as error:
            raise SiteError(f"{target}: could not be written: {error.strerror or error}") from None
        report.written.append(name)
    return _sha(data)


def _load_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("pages"), dict) else {}


def _check_folder(folder: Path) -> None:
    """Refuse a file, or a folder holding other things than a site this command wrote."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} is a file; -o names the folder the site is written to")
    if folder.is_dir() and not (folder / MANIFEST).is_file() and any(folder.iterdir()):
        raise SiteError(
            f"{folder} already holds files that are not a postmortem site; "
            "give a new or empty folder"
        )


def _related_url(link: str | None, draft: Path, pages: dict[str, str]) -> tuple[str, str]:
    """A related incident's link and where it points from a page: another draft of the site is
    its page; a URL is kept when safe; anything else is no link."""
    if not link:
        return "", ""
    text = link.strip()
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) and text.lower().endswith(".toml"):
        target = os.path.normpath(os.path.join(os.path.abspath(draft.parent), text))
        # Another draft: its page when it is in the site, else no link (it would lead nowhere).
        return text, pages[target].removeprefix(PAGES + "/") if target in pages else ""
    return text, html.page_link(text)


# --- rendering ------------------------------------------------------------------------------


def _duration(record: dict[str, Any]) -> str:
    seconds = record["metrics"].get("duration", [None])[0]
    return times.humanize_duration(seconds) if seconds is not None else ""


def _index_rows(entries: Sequence[_Entry], today: dt.date) -> list[dict[str, Any]]:
    from ..team.actions import days_overdue, is_open

    rows = []
    for entry in entries:
        record = entry.record
        actions = record["actions"]
        row = {
            "url": entry.page,
            "title": record["title"],
            "incident_id": record.get("incident_id") or "",
            "date": record["date"] or "",
            "severity": record["severity"] or "",
            "severity_label": severity_label(record["severity"], _scale()),
            "status": STATUSES.get(record["status"], record["status"]),
            "duration": _duration(record),
            "services": record["services"],
            "tags": record["tags"],
            "open": sum(1 for a in actions if is_open(a)),
            "overdue": sum(1 for a in actions if days_overdue(a, today) is not None),
        }
        words = [row["title"], row["incident_id"], row["date"], row["severity_label"]]
        words += [row["status"], *row["services"], *row["tags"]]
        row["search"] = " ".join(" ".join(words).casefold().split())
        rows.append(row)
    # Newest first; undated last; then by title.
    rows.sort(key=lambda r: r["title"].casefold())
    rows.sort(key=lambda r: r["date"] or "0000", reverse=True)
    return rows


def _scale() -> dict[str, str]:
    from ..core.config import severity_scale

    try:
        return severity_scale()
    except Exception:  # a broken configuration: check reports it; the site still builds
        return DEFAULT_SEVERITIES


def _action_rows(entries: Sequence[_Entry], today: dt.date) -> list[dict[str, Any]]:
    pages = {str(e.path): e.page for e in entries}
    rows = []
    for item in _actions(entries, today):
        status = item["status"] or "planned"
        state = (
            "overdue"
            if item["overdue"]
            else "open"
            if status in ("planned", "in-progress")
            else "closed"
        )
        rows.append(
            {
                **item,
                "state": state,
                "status_label": ACTION_STATUSES.get(status, status),
                "url": pages.get(item["file"], ""),
            }
        )
    order = {"overdue": 0, "open": 1, "closed": 2}
    rows.sort(key=lambda r: order[r["state"]])  # stable: each group keeps team's order
    return rows


def bar_chart(
    title: str, bars: Sequence[tuple[str, float, str]], *, unit: str = ""
) -> markupsafe.Markup:
    """A small horizontal bar chart as inline SVG: one labelled bar per ``(label, value,
    text)``, the value written beside each bar (readable without colour)."""
    if not bars:
        return markupsafe.Markup("")
    row, label_width, width = 22, 150, 640
    plot = width - label_width - 110
    top = max((value for _, value, _ in bars), default=0) or 1
    height = len(bars) * row + 8
    e = markupsafe.escape
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{e(title)}</title>",
    ]
    for n, (label, value, text) in enumerate(bars):
        y = n * row + 4
        bar = max(value / top * plot, 1.5 if value else 0)
        out.append(
            f'<text class="bar-label" x="{label_width - 8}" y="{y + 14}">{e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="14" rx="2">'
            f"<title>{e(label)}: {e(text)}{e(unit)}</title></rect>"
            f'<text class="bar-value" x="{label_width + bar + 6:.1f}" y="{y + 14}">{e(text)}</text>'
        )
    out.append("</svg>")
    return markupsafe.Markup("".join(out))


def _all_stats(entries: Sequence[_Entry], today: dt.date) -> dict[str, Any]:
    """The stats the stats page shows: overall, by month and by severity (plain data)."""
    return {by or "all": _stats(entries, today, by) for by in (None, "month", "severity")}


def _charts(stats: dict[str, Any]) -> dict[str, Any]:
    by_month = stats["month"]
    by_severity = stats["severity"]
    months = [g for g in by_month["groups"] if g["key"] is not None][-24:]
    severities = by_severity["groups"]

    def median(group: dict[str, Any], name: str) -> float | None:
        value = group["metrics"][name]["median_seconds"]
        return float(value) if value is not None else None

    def minutes_bars(
        groups: Iterable[dict[str, Any]], name: str, label: Callable[[Any], str]
    ) -> list[tuple[str, float, str]]:
        found = []
        for group in groups:
            value = median(group, name)
            if value is not None:
                found.append((label(group["key"]), value, times.format_minutes(value)))
        return found

    def severity_name(key: str | None) -> str:
        return severity_label(key, _scale()) if key else "no severity"

    return {
        "overall": stats["all"],
        "by_severity": severities,
        "severity_name": severity_name,
        "charts": [
            (title, bar_chart(title, bars))
            for title, bars in (
                (
                    "Incidents per month",
                    [(g["key"], g["incidents"], str(g["incidents"])) for g in months],
                ),
                ("Median time to resolve per month", minutes_bars(months, "time_to_resolve", str)),
                (
                    "Incidents by severity",
                    [
                        (severity_name(g["key"]), g["incidents"], str(g["incidents"]))
                        for g in severities
                    ],
                ),
                (
                    "Median time to mitigate by severity",
                    minutes_bars(severities, "time_to_mitigate", severity_name),
                ),
            )
        ],
    }


def _render_site_page(name: str, context: dict[str, Any]) -> str:
    """One of the site's own pages (``templates/html/site-*.html.j2``), in the HTML sandbox."""
    folder = paths.package_templates_dir() / "html"
    env = html._environment(str(folder))
    return markdown.render_template(folder / name, env, lambda: context)


def _template_key(template: str | None) -> str:
    """What a page's look depends on: the tool's version and every shipped template, and the
    chosen template's text."""
    digest = hashlib.sha256(__version__.encode())
    folder = paths.package_templates_dir()
    for file in sorted([*folder.glob("*.html.j2"), *(folder / "html").glob("*.j2")]):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    chosen = html.find_html_template(template)
    digest.update(str(chosen).encode() + b"\0" + chosen.read_bytes())
    return digest.hexdigest()


def _render_page(
    job: tuple[str, dict[str, Any], bytes], template: str | None, pages: dict[str, str]
) -> tuple[str, list[tuple[str, str]], str | None]:
    """One draft's page, its related links, or why it cannot be read (a worker's part)."""
    from ..core.store import DraftError, parse_draft

    name, site, data = job
    path = Path(name)
    try:
        draft, _ = parse_draft(data.decode("utf-8"), path)
    except (DraftError, UnicodeDecodeError) as error:
        return "", [], str(error) if isinstance(error, DraftError) else f"{path}: not UTF-8 text"
    links = [_related_url(item.link, path, pages) for item in draft.related]
    page = html.render_html(draft, template, site={**site, "links": [url for _, url in links]})
    return page, links, None


def build_site(
    given: Sequence[Path],
    folder: Path,
    *,
    title: str | None = None,
    template: str | None = None,
    today: dt.date | None = None,
) -> SiteReport:
    """Write the site of the drafts of ``given`` (files and folders) into ``folder``.

    Raises SiteError for a folder it may not write into; a draft that cannot be read is left
    out and named in ``SiteReport.left_out``.
    """
    today = today or dt.date.today()
    title = (title or DEFAULT_TITLE).strip() or DEFAULT_TITLE
    _check_folder(folder)
    template_key = _template_key(template)
    entries, left_out = _read_folder(given)
    report = SiteReport(folder=folder, left_out=left_out)
    _page_names(entries)
    pages = {os.path.abspath(e.path): e.page for e in entries}
    manifest = _load_manifest(folder)
    before: dict[str, Any] = (
        manifest.get("pages", {}) if manifest.get("key") == template_key else {}
    )
    after: dict[str, Any] = {}
    kept: list[_Entry] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SiteError(f"{folder}: could not be made: {error.strerror or error}") from None
    related_key = _related_key(entries)
    if manifest.get("related_key") == related_key and before:
        suggested = [before.get(e.page, {}).get("related") for e in entries]
    else:
        suggested = [None] * len(entries)
    if any(s is None for s in suggested):
        suggested = [
            [
                {
                    "title": other.record["title"],
                    "url": other.page.removeprefix(PAGES + "/"),
                    "date": other.record["date"] or "",
                    "reasons": reasons,
                }
                for other, reasons in found
            ]
            for found in _all_suggestions(entries)
        ]
    jobs: list[tuple[_Entry, str, dict[str, Any], bytes]] = []  # to render: entry, key, site, text
    for entry, related in zip(entries, suggested, strict=True):
        try:
            data = entry.path.read_bytes()
        except OSError as error:
            report.left_out.append(f"{entry.path}: could not be read: {error.strerror or error}")
            continue
        site = {"title": title, "home": "../", "related": related}
        key = _sha(json.dumps([_sha(data), site], sort_keys=True).encode())
        old = before.get(entry.page)
        if old and old.get("key") == key and _links_hold(old.get("links", []), entry.path, pages):
            target = folder / entry.page
            if target.is_file() and _sha(target.read_bytes()) == old.get("sha256"):
                after[entry.page] = {**old, "related": related}
                report.unchanged += 1
                kept.append(entry)
                continue
        jobs.append((entry, key, site, data))
    # Rendering is most of a first run: the pages are shared among the processors.
    work = [(str(entry.path), site, data) for entry, _, site, data in jobs]
    rendered = parallel.ordered_map(_render_page, work, template, pages)
    for (entry, key, site, _), (page, links, problem) in zip(jobs, rendered, strict=True):
        if problem is not None:
            report.left_out.append(problem)
            continue
        digest = _write(folder, entry.page, page, report)
        after[entry.page] = {
            "key": key,
            "sha256": digest,
            "links": [list(link) for link in links],
            "related": site["related"],
        }
        kept.append(entry)
    report.pages = len(kept)
    for name in sorted(set(manifest.get("pages", {})) - set(after)):
        if (
            name.startswith(PAGES + "/")
            and name.endswith(".html")
            and "/" not in name[len(PAGES) + 1 :]
        ):
            try:
                (folder / name).unlink()
                report.removed.append(name)
            except FileNotFoundError:
                pass
            except OSError as error:
                raise SiteError(
                    f"{folder / name}: could not be removed: {error.strerror or error}"
                ) from None

    common = {
        "site": {"title": title, "home": ""},
        "today": today.isoformat(),
        "left_out": report.left_out,
    }
    old_pages = manifest.get("site_pages", {}) if before else {}
    new_pages: dict[str, Any] = {}

    def site_page(
        name: str, template: str, data: Any, context: Callable[[], dict[str, Any]]
    ) -> None:
        # Rendered only when what it shows changed (or the file is not what was written).
        key = _sha(json.dumps([common, data], default=str).encode())
        old = old_pages.get(name) if isinstance(old_pages, dict) else None
        target = folder / name
        same = old is not None and old.get("key") == key and target.is_file()
        if same and old and _sha(target.read_bytes()) == old.get("sha256"):
            new_pages[name] = old
            report.unchanged += 1
            return
        digest = _write(folder, name, _render_site_page(template, {**common, **context()}), report)
        new_pages[name] = {"key": key, "sha256": digest}

    rows = _index_rows(kept, today)
    index = {
        "rows": rows,
        "policy": markupsafe.Markup(INDEX_POLICY),
        "filter_script": markupsafe.Markup(FILTER_SCRIPT),
    }
    site_page("index.html", "site-index.html.j2", rows, lambda: index)
    actions = _action_rows(kept, today)
    site_page("actions.html", "site-actions.html.j2", actions, lambda: {"rows": actions})
    stats = _all_stats(kept, today)
    site_page("stats.html", "site-stats.html.j2", stats, lambda: _charts(stats))
    record = {
        "tool": "postmortem-tui",
        "version": __version__,
        "key": template_key,
        "related_key": related_key,
        "pages": after,
        "site_pages": new_pages,
    }
    try:
        _replace(folder / MANIFEST, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())
    except OSError as error:
        raise SiteError(f"{folder / MANIFEST}: could not be written: {error}") from None
    return report


def _links_hold(links: Iterable[Any], draft: Path, pages: dict[str, str]) -> bool:
    """The related links of a page still point where they did (a linked draft not gone)."""
    for link in links:
        if not isinstance(link, list) or len(link) != 2:
            return False
        if list(_related_url(link[0], draft, pages)) != link:
            return False
    return True
