"""Render a draft as one self-contained HTML page, through a sandboxed Jinja2 template.

HTML templates run in the same sandbox and within the same limits as the Markdown ones
(``sandbox``), with autoescaping on: every text a person typed is escaped wherever a template
puts it. What may hold markup is built here, never by string-pasting in a template:

- ``prose`` renders the Markdown a person wrote (summary, root cause) with raw HTML shown as
  text, images shown as links (a page fetches nothing) and links checked by ``safe_url``;
- ``link`` and ``safe_url`` let through only ``http:``, ``https:``, ``mailto:`` and relative
  links: a ``javascript:`` or ``data:`` link is shown as text;
- ``timeline_svg`` draws the timeline as an inline SVG time axis: the impact window, its phases,
  one labelled row per kind of event, each kind with its own shape (readable without colour).

The page's Content-Security-Policy (``CONTENT_SECURITY_POLICY``) forbids scripts, and the page
needs none. ``docs/templates.md`` lists the variables; ``docs/sharing.md`` the publishing.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import markupsafe

from ..core import paths, times
from ..core.model import EVENT_KINDS, Draft
from . import links, markdown, sandbox
from .markdown import ExportError, template_context

HTML_SUFFIX = markdown.HTML_SUFFIX
DEFAULT_TEMPLATE = "default"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""The page's policy: no script, nothing fetched, styles only from the page itself."""

SAFE_SCHEMES = links.SAFE_SCHEMES


# --- links and prose ------------------------------------------------------------------------

_TABS_NEWLINES = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ENDS = "".join(map(chr, range(33)))


def safe_url(url: Any) -> str:
    """``url`` when it is an ``http:``, ``https:``, ``mailto:`` or relative link, else ``""``.

    Whether it is safe is ``links.is_safe_url``'s to say (the scheme read as a browser reads
    it: ``java\tscript:`` is ``javascript:``); what is kept has no tab, newline or space at
    its ends, and any other control character percent-escaped.
    """
    if url is None:
        return ""
    text = _TABS_NEWLINES.sub("", str(url)).strip(_ENDS)
    if not text or not links.is_safe_url(text):
        return ""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"%{ord(m.group(0)):02X}", text)
    return text


def page_link(link: Any) -> str:
    """Where a link points from an exported page: another draft's file (``x.toml``) becomes
    its page beside it (``x.html``); an unsafe link becomes ``""``."""
    return safe_url(markdown.document_link(link, ".html"))


def link(text: Any, url: Any = None) -> markupsafe.Markup:
    """``<a href="url">text</a>`` when ``url`` is safe; the escaped text alone otherwise."""
    label = markupsafe.escape("" if text is None else str(text)) or markupsafe.escape(url or "")
    href = safe_url(url)
    if not href:
        return markupsafe.Markup(label)
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, label)


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt  # ~15 ms, only when an HTML page is rendered

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")  # a page fetches nothing: ![graph](url) shows as "!" and a link
    md.validateLink = lambda url: bool(safe_url(url))  # type: ignore[method-assign]
    return md


def prose(text: Any) -> markupsafe.Markup:
    """The Markdown a person wrote as HTML: raw HTML shown as text, only safe links."""
    if text is None or not str(text).strip():
        return markupsafe.Markup("")
    return markupsafe.Markup(_markdown().render(str(text)))


# --- the timeline's time axis ---------------------------------------------------------------

KIND_SHAPES: dict[str, str] = {
    "trigger": "triangle",
    "detected": "circle",
    "paged": "diamond",
    "acknowledged": "square",
    "diagnosed": "plus",
    "mitigated": "triangle-down",
    "resolved": "star",
    "note": "bar",
}
"""The shape of each kind's marks on the time axis: the kinds differ without colour too."""

_WIDTH = 800
_LABELS = 130  # the column of row labels
_RIGHT = 16
_ROW = 24
_AXIS = 38  # room for the tick labels above the rows

_STEPS = (
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    2 * 3600,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    86400,
    2 * 86400,
    7 * 86400,
    14 * 86400,
    30 * 86400,
)


def _shape(kind: str, x: float, y: float) -> str:
    """SVG path data of ``kind``'s mark centred on (x, y)."""
    shape = KIND_SHAPES.get(kind, "circle")
    r = 6.0
    if shape == "circle":
        return f"M{x - r:.1f} {y:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}L{x - r:.1f} {y + r:.1f}z"
    if shape == "triangle-down":
        return f"M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y - r:.1f}L{x:.1f} {y + r:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}z"
    if shape == "square":
        s = r * 0.85
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "plus":
        a, b = r, r / 3
        return (
            f"M{x - b:.1f} {y - a:.1f}h{2 * b:.1f}v{a - b:.1f}h{a - b:.1f}v{2 * b:.1f}"
            f"h{b - a:.1f}v{a - b:.1f}h{-2 * b:.1f}v{b - a:.1f}h{b - a:.1f}v{-2 * b:.1f}"
            f"h{a - b:.1f}z"
        )
    if shape == "star":
        points = []
        for i in range(10):
            radius = r * 1.15 if i % 2 == 0 else r * 0.5
            angle = math.pi / 2 + i * math.pi / 5
            points.append(f"{x + radius * math.cos(angle):.1f} {y - radius * math.sin(angle):.1f}")
        return "M" + "L".join(points) + "z"
    return f"M{x - 1.5:.1f} {y - r:.1f}h3v{2 * r}h-3z"  # bar


def _ticks(start: dt.datetime, end: dt.datetime, tz: str) -> list[dt.datetime]:
    span = (end - start).total_seconds()
    step = next((s for s in _STEPS if span / s <= 8), _STEPS[-1])
    while span / step > 12:  # years: coarser than a month
        step *= 2
    local = times.in_zone(start, tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if step < 86400:
        offset = (local - midnight).total_seconds()
        first = midnight + dt.timedelta(seconds=math.ceil(offset / step) * step)
    else:
        first = midnight if midnight >= local else midnight + dt.timedelta(days=1)
    ticks: list[dt.datetime] = []
    at = first
    while at <= end and len(ticks) < 40:
        ticks.append(at)
        at = at + dt.timedelta(seconds=step)
    return ticks


def _e(text: Any) -> str:
    return str(markupsafe.escape(text))


def timeline_svg(draft: Draft) -> markupsafe.Markup:
    """The timeline as an inline SVG time axis; empty when the draft has no times at all.

    Rows from the top: the impact window, each impact phase, then one row per kind of event
    present (in the format's order), labelled with the kind and marked with its own shape.
    Each mark's tooltip (``<title>``) holds the event's time and text.
    """
    tz = draft.meta.timezone
    impact = draft.impact
    moments = [e.at for e in draft.timeline]
    moments += [m for m in (impact.start, impact.end) if m is not None]
    for phase in impact.phases:
        moments += [m for m in (phase.start, phase.end) if m is not None]
    if not moments:
        return markupsafe.Markup("")
    start, end = min(moments), max(moments)
    if (end - start).total_seconds() < 600:  # at least ten minutes wide
        pad = dt.timedelta(seconds=(600 - (end - start).total_seconds()) / 2)
        start, end = start - pad, end + pad
    span = (end - start).total_seconds()
    plot = _WIDTH - _LABELS - _RIGHT

    def x(at: dt.datetime) -> float:
        return _LABELS + (at - start).total_seconds() / span * plot

    rows: list[tuple[str, str, list[str]]] = []  # (css class, label, shapes)
    if impact.start is not None or impact.end is not None:
        a = x(impact.start) if impact.start else _LABELS
        b = x(impact.end) if impact.end else _LABELS + plot
        what = f"Impact {_when(impact.start, tz)} to {_when(impact.end, tz)}"
        rows.append(("impact", "Impact", [_band(a, b, what)]))
    for phase in impact.phases:
        a = x(phase.start) if phase.start else _LABELS
        b = x(phase.end) if phase.end else _LABELS + plot
        what = f"{phase.label}: {_when(phase.start, tz)} to {_when(phase.end, tz)}"
        label = phase.label if len(phase.label) <= 18 else phase.label[:17] + "…"
        rows.append(("phase", label, [_band(a, b, what)]))
    by_kind: dict[str, list[str]] = {}
    events = sorted(draft.timeline, key=lambda e: e.at)
    for event in events:
        clock = times.format_clock(event.at, tz)
        tip = f"{'~' if event.approximate else ''}{clock} {event.kind}: {event.event}"
        by_kind.setdefault(event.kind, []).append(f"{x(event.at):.1f}\x00{_e(tip)}")
    for kind in (*EVENT_KINDS, *sorted(set(by_kind) - set(EVENT_KINDS))):
        if kind in by_kind:
            rows.append((f"kind kind-{kind}", kind, by_kind[kind]))

    height = _AXIS + len(rows) * _ROW + 8
    bottom = height - 6
    out = [
        f'<svg class="time-axis" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="time-axis-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="time-axis-title">Timeline from {_e(_when(start, tz))} to '
        f"{_e(_when(end, tz))}: {len(events)} events</title>",
    ]
    previous_day = None
    for tick in _ticks(start, end, tz):
        tx = x(tick)
        day = tick.date()
        out.append(
            f'<line class="grid" x1="{tx:.1f}" y1="{_AXIS - 6}" x2="{tx:.1f}" y2="{bottom}"/>'
        )
        label = times.format_clock(tick, tz)
        # A label at the right edge ends at its tick, so that it is not cut off.
        edge = " tick-end" if tx > _WIDTH - 24 else ""
        out.append(f'<text class="tick{edge}" x="{tx:.1f}" y="{_AXIS - 10}">{label}</text>')
        if day != previous_day:
            edge = " tick-end" if tx > _WIDTH - 40 else ""
            out.append(f'<text class="tick day{edge}" x="{tx:.1f}" y="{_AXIS - 24}">{day}</text>')
            previous_day = day
    out.append(f'<text class="zone" x="4" y="{_AXIS - 10}">{_e(tz)}</text>')
    for n, (css, label, marks) in enumerate(rows):
        y = _AXIS + n * _ROW + _ROW / 2
        out.append(f'<g class="{css}">')
        out.append(f'<text class="row-label" x="4" y="{y + 4:.1f}">{_e(label)}</text>')
        out.append(
            f'<line class="row-line" x1="{_LABELS}" y1="{y:.1f}" x2="{_LABELS + plot}" '
            f'y2="{y:.1f}"/>'
        )
        kind = css.removeprefix("kind kind-") if css.startswith("kind ") else ""
        for mark in marks:
            if kind:
                mx, tip = mark.split("\x00", 1)
                out.append(f'<path d="{_shape(kind, float(mx), y)}"><title>{tip}</title></path>')
            else:
                out.append(mark.replace("{y}", f"{y - 7:.1f}"))
        out.append("</g>")
    out.append("</svg>")
    return markupsafe.Markup("\n".join(out))


def kind_icon(kind: str) -> markupsafe.Markup:
    """A small inline SVG of ``kind``'s mark, for the legend of the time axis."""
    return markupsafe.Markup(
        '<svg class="icon kind-{0}" viewBox="0 0 16 16" aria-hidden="true"><path d="{1}"/></svg>'
    ).format(kind, _shape(kind, 8.0, 8.0))


def timeline_body(rows: Iterable[markdown.TimelineRow], actors: bool) -> markupsafe.Markup:
    """The timeline table's rows as HTML, every text escaped, links through ``link``."""
    escape = markupsafe.escape
    out = []
    for row in rows:
        kind = escape(row.kind)
        event = link(row.event, row.link) if row.link else escape(row.event)
        cells = (
            f'<tr><td class="time">{escape(row.time)} <span class="kind">{kind}</span></td>'
            f'<td class="kind-cell"><span class="kind">{kind}</span></td><td>{event}</td>'
        )
        if actors:
            label = ' data-label="Who"' if row.actor else ""
            cells += f"<td{label}>{escape(row.actor)}</td>"
        out.append(cells + "</tr>\n")
    return markupsafe.Markup("".join(out))


def _band(a: float, b: float, what: str) -> str:
    width = max(b - a, 2.0)
    return (
        f'<rect x="{a:.1f}" y="{{y}}" width="{width:.1f}" height="14" rx="2">'
        f"<title>{_e(what)}</title></rect>"
    )


def _when(value: dt.datetime | None, tz: str) -> str:
    return markdown.format_when(value, tz) if value is not None else "not known"


# --- templates and rendering ----------------------------------------------------------------


def html_templates() -> dict[str, Path]:
    """Every HTML template found by name: the user's folder first, then the shipped ones."""
    found: dict[str, Path] = {}
    for folder in (paths.user_templates_dir(), paths.package_templates_dir()):
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.is_file() and file.name.endswith(HTML_SUFFIX):
                    found.setdefault(file.name[: -len(HTML_SUFFIX)], file)
    return found


def find_html_template(template: str | None = None) -> Path:
    """The HTML template for a name (``default`` is ``default.html.j2``) or a path."""
    name = template or DEFAULT_TEMPLATE
    path = Path(name).expanduser()
    if path.is_file():
        return path.resolve()
    if "/" not in name and "\\" not in name:
        file = name if name.endswith(".j2") else name + HTML_SUFFIX
        for folder in (paths.user_templates_dir(), paths.package_templates_dir()):
            if (folder / file).is_file():
                return (folder / file).resolve()
        available = ", ".join(sorted(html_templates())) or "none"
        raise ExportError(
            f"no HTML template named {name!r}; available: {available} (add your own as "
            f"NAME{HTML_SUFFIX} in {paths.user_templates_dir()}, or give a file path)"
        )
    raise ExportError(f"template file {name} not found")


def _html_filters() -> dict[str, Callable[..., Any]]:
    filters = markdown.template_filters()
    filters.update(
        link=link,
        safe_url=safe_url,
        page_link=page_link,
        prose=prose,
        kind_icon=kind_icon,
    )
    return filters


@functools.lru_cache(maxsize=32)
def _environment(folder: str) -> sandbox.TemplateSandbox:
    """The sandbox for HTML templates in ``folder``, autoescaping on (built once per folder)."""
    env = sandbox.make_environment(
        folder, paths.package_templates_dir(), filters=_html_filters(), autoescape=True
    )
    env.globals.update(
        link=link, CONTENT_SECURITY_POLICY=markupsafe.Markup(CONTENT_SECURITY_POLICY)
    )
    return env


def html_context(draft: Draft, site: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The variables an HTML template gets: the Markdown ones, the time axis and ``site``.

    ``site`` is None for ``export``; for a page of ``postmortem site`` it holds ``title``,
    ``home`` (the index's URL), ``related`` (suggested pages: ``title``, ``url``, ``date``,
    ``reasons``) and ``links`` (the page URL of each of ``draft.related``, or ``""``).
    """
    context = template_context(draft)
    context["timeline_svg"] = timeline_svg(draft)
    context["site"] = site
    links: Iterable[str] = site["links"] if site else [page_link(r.link) for r in draft.related]
    context["related_links"] = list(links)
    kinds = {e.kind for e in draft.timeline}
    context["event_kinds"] = [k for k in EVENT_KINDS if k in kinds]
    context["has_actors"] = any(e.actor for e in draft.timeline)
    context["timeline_body"] = timeline_body(context["timeline"], context["has_actors"])
    return context


def render_html(
    draft: Draft, template: str | None = None, *, site: Mapping[str, Any] | None = None
) -> str:
    """The draft as one self-contained HTML page through ``template`` (a name or a path)."""
    path = find_html_template(template)
    return markdown.render_template(
        path, _environment(str(path.parent)), lambda: html_context(draft, site)
    )
