"""The HTML pages in a real browser: headless Chromium renders the worked example's page and the
site's index in light and dark, at phone and desktop widths, and prints the page to PDF.

The screenshots are kept in ``test-artifacts/browser/`` (not committed) for a person to look at;
the tests check that each is not blank and has the colour scheme asked for, and that the DOM the
browser built holds the text a person must see. Skipped, saying why, where Chromium is missing
(``scripts/test`` installs Debian's ``chromium`` and ``poppler-utils``).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts" / "browser"
INSTALLED = Path(sys.executable).parent / "postmortem"
COMMAND = [str(INSTALLED)] if INSTALLED.exists() else [sys.executable, "-m", "postmortem_tui"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium; "
    "scripts/test installs it)",
)

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = {"light": 1, "dark": 0}  # Blink's preferredColorScheme: 0 is dark, 1 is light

SECTIONS = (
    "Summary",
    "Impact",
    "Timeline (All times UTC)",
    "Metrics",
    "Root Cause",
    "Contributing Factors",
    "What Went Well",
    "What Went Wrong",
    "Action Items",
    "Lessons Learned",
    "Related Incidents",
    "Prevention",
    "Appendix",
    "Monitoring Graphs",
    "Communication Log",
    "Code Fix",
)
ACTIONS = (
    "Add connection pool metrics to dashboards",
    "Create PR checklist for connection management",
    "Extend load tests to 30 minutes minimum",
    "Implement canary deployment (10% → 100%)",
    "Add connection leak detection to tests",
    "Review all DB connection usage patterns",
    "Improve alert routing (faster escalation)",
)


def postmortem(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command with every user folder under ``home`` (this module's pages
    are made once, before the per-test isolation of conftest applies)."""
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / f"xdg-{name.lower()}")
    env["POSTMORTEM_CACHE"] = str(home / "cache")
    env["POSTMORTEM_CONFIG"] = str(home / "config.toml")
    env["POSTMORTEM_TEMPLATES"] = str(home / "user-templates")
    env["POSTMORTEM_DIR"] = str(home / "drafts-folder")
    command = [*COMMAND, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium once, with its own profile, nothing fetched from the network."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


def png_facts(path: Path) -> tuple[int, int, tuple[int, int, int], float]:
    """Width, height, the top-left pixel's colour, and how much of the image is not flat.

    The top-left pixel needs no unfiltering (every PNG filter of the first pixel of the first
    row is the raw value); a blank page's filtered rows are nearly all zero bytes.
    """
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, b""
    width = height = color_type = 0
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        if kind == b"IHDR":
            width, height, _, color_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    raw = zlib.decompress(idat)
    assert color_type in (2, 6)
    pixel = (raw[1], raw[2], raw[3])
    busy = 1 - raw.count(0) / len(raw)
    return width, height, pixel, busy


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's exported page and a site of three drafts (one broken), as files."""
    root = tmp_path_factory.mktemp("pages")
    drafts = root / "drafts"
    drafts.mkdir()
    shutil.copy(FIXTURES / "api-outage.toml", drafts / "2024-01-15-api-outage.toml")
    shutil.copy(FIXTURES / "every-addition.toml", drafts / "2024-01-31-checkout.toml")
    (drafts / "2024-02-01-broken.toml").write_text('format = 1\n[meta]\ntitle = "x\n')
    page = root / "api-outage.html"
    done = postmortem(
        root, "export", drafts / "2024-01-15-api-outage.toml", "-f", "html", "-o", page
    )
    assert done.returncode == 0, done.stderr
    done = postmortem(root, "site", drafts, "-o", root / "site", "--today", "2024-02-10")
    assert done.returncode == 0, done.stderr
    assert "2024-02-01-broken.toml" in done.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return {"example": page, "index": root / "site" / "index.html"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", ["example", "index"])
def test_screenshots_in_light_and_dark_at_phone_and_desktop_widths(
    pages: dict[str, Path], page: str, scheme: str, width: str, tmp_path: Path
) -> None:
    shot = ARTIFACTS / f"{page}-{scheme}-{width}.png"
    shot.unlink(missing_ok=True)
    w, h = WIDTHS[width]
    chromium(
        tmp_path / "profile",
        f"--window-size={w},{h}",
        f"--blink-settings=preferredColorScheme={SCHEMES[scheme]}",
        f"--screenshot={shot}",
        pages[page].as_uri(),
    )
    width_px, height_px, background, busy = png_facts(shot)
    assert (width_px, height_px) == (w, h)
    if scheme == "dark":
        assert luminance(background) < 60, background
    else:
        assert luminance(background) > 200, background
    assert busy > 0.01, f"{shot} looks blank ({busy:.2%} of it is not flat)"


def dump_dom(profile: Path, url: str) -> str:
    return chromium(profile, "--dump-dom", url).stdout.decode("utf-8")


def test_the_example_page_shows_what_a_person_must_see(
    pages: dict[str, Path], tmp_path: Path
) -> None:
    dom = dump_dom(tmp_path / "profile", pages["example"].as_uri())
    text = words(re.sub(r"<[^>]+>", " ", dom).replace("&amp;", "&"))
    assert "Postmortem: API Outage - Database Connection Pool Exhausted" in text
    headings = [
        words(re.sub(r"<[^>]+>", "", h))
        for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", dom, re.S)
    ]
    for section in SECTIONS:
        assert section in headings, section
    for action in ACTIONS:
        assert action in text, action
    assert "First CloudWatch alarm: HighErrorRate" in text
    assert '<svg class="time-axis"' in dom
    assert "<script" not in dom


def test_the_index_filters_in_the_browser_and_lists_without_script(
    pages: dict[str, Path], tmp_path: Path
) -> None:
    index = pages["index"].as_uri()
    dom = dump_dom(tmp_path / "profile", index)
    rows = re.findall(r"<tr data-search=[^>]*>", dom)
    assert len(rows) == 2 and not [r for r in rows if "hidden" in r]
    assert "API Outage - Database Connection Pool Exhausted" in dom
    assert "2024-02-01-broken.toml" in dom  # the draft left out, named
    # The filter ran (its hash let it through the policy): the box is shown, one row left.
    filtered = dump_dom(tmp_path / "profile", index + "#q=checkout%20p1")
    assert re.search(r'<div class="filter-bar" id="filter-bar">', filtered)
    rows = re.findall(r"<tr data-search=[^>]*>", filtered)
    shown = [r for r in rows if "hidden" not in r]
    assert len(shown) == 1 and "checkout" in shown[0]
    assert "1 of 2 shown" in filtered


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed (Debian: poppler-utils)")
def test_print_to_pdf_holds_every_section_and_action_item(
    pages: dict[str, Path], tmp_path: Path
) -> None:
    pdf = ARTIFACTS / "example.pdf"
    pdf.unlink(missing_ok=True)
    chromium(
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        pages["example"].as_uri(),
    )
    assert PDFTOTEXT is not None
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = words(done.stdout.decode("utf-8"))
    for section in SECTIONS:
        assert section in text, section
    # In reading order a long action wraps inside its cell, between the other cells of its row:
    # read the table as laid out, its first column row by row.
    done = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, timeout=60)
    cells = action_cells(done.stdout.decode("utf-8"))
    assert cells == list(ACTIONS)


def action_cells(layout: str) -> list[str]:
    """The Action column of the Action Items table in ``pdftotext -layout`` text."""
    lines = layout.replace("\f", "\n").splitlines()
    header = re.compile(r"^\s*Action\s{2,}Owner\s{2,}Due Date")
    start = next(n for n, line in enumerate(lines) if header.match(line))
    cut = lines[start].index("Owner")
    cells: list[str] = []
    current: list[str] = []
    for line in lines[start + 1 :]:
        if header.match(line):  # the header, repeated on a new page
            continue
        if line.strip() == "Lessons Learned":
            break
        if not line.strip():
            if current:
                cells.append(words(" ".join(current)))
                current = []
            continue
        current.append(line[:cut])
    return cells
