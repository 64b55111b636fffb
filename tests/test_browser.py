"""The HTML report as a person reads it: its structure checked here, and the page rendered in
headless Chromium to a PNG and a PDF (CI installs Chromium and sets
``PRIMARY_BENCHMARKS_BROWSER=required``, so there a missing browser fails instead of
skipping)."""

from __future__ import annotations

import functools
import html.parser
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.analysis.references import compare_report
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample
from primary_benchmarks.formats.references import load_reference
from primary_benchmarks.output.page import report_html
from primary_benchmarks.output.plot import OKABE_ITO

pytest.importorskip("matplotlib")

#: A4 at 96 dots per inch, and a laptop screen.
WIDTHS = (794, 1280)


@functools.cache
def _pages() -> dict[str, str]:
    pilot = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
    by = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort, by="local_authority",
                   min_schools=5)
    pages = {"pilot": report_html(compare_report(pilot, load_reference("ne-primary-pilot"))),
             "by-authority": report_html(by)}
    root = Path(__file__).resolve().parents[1]
    for name, argv in (
            ("grid", ["grid", str(sample("pilot-audits.csv"))]),
            ("plans", ["plans", str(root / "examples" / "pilot" / "plans"), "--audits",
                       str(sample("pilot-audits.csv")), "--today", "2020-07-20"])):
        out = io.StringIO()
        assert main([*argv, "--format", "html"], out=out, err=io.StringIO()) == 0
        pages[name] = out.getvalue()
    return pages


class _Outline(html.parser.HTMLParser):
    """Headings, tables (with their captions and header cells) and images, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables: list[dict[str, int]] = []
        self.images: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables.append({"caption": 0, "th": 0})
        elif tag in ("caption", "th") and self.tables:
            self.tables[-1][tag] += 1
            if tag == "th":
                assert found.get("scope") == "col"
        elif tag in ("svg", "img"):
            self.images.append(found.get("aria-label") or found.get("alt"))


@pytest.mark.parametrize("name", ["pilot", "by-authority", "grid", "plans"])
def test_structure_a_screen_reader_and_a_printer_can_follow(name: str) -> None:
    page = _pages()[name]
    outline = _Outline()
    outline.feed(page)
    assert outline.headings[0] == 1
    assert outline.headings.count(1) == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, "a heading level is skipped"
    assert outline.tables
    for table in outline.tables:
        assert table == {"caption": 1, "th": table["th"]}
        assert table["th"] >= 2
    if name in ("pilot", "by-authority"):  # the report draws charts; hub pages are tables
        assert outline.images
    assert all(label and len(label) > 20 for label in outline.images)
    assert "@media print" in page
    assert "<html lang='en'>" in page


def test_every_chart_colour_is_okabe_ito_or_grey() -> None:
    page = _pages()["pilot"]
    allowed = {c.lower() for c in OKABE_ITO.values()}
    seen = set(re.findall(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})", page))
    assert seen
    for colour in seen:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert colour.lower() in allowed or r == g == b, colour


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") \
        or shutil.which("google-chrome")
    if found is None:
        if os.environ.get("PRIMARY_BENCHMARKS_BROWSER") == "required":
            pytest.fail("PRIMARY_BENCHMARKS_BROWSER=required but no Chromium is installed")
        pytest.skip("no Chromium here (CI installs it: apt-get install chromium)")
    return found


def _run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}"]
    return subprocess.run([_chromium(), *flags, *args], capture_output=True, text=True,
                          timeout=120, check=True)


def _measured(page: str) -> str:
    """The page with a script that records how far it overflows the window, and how many
    charts drew."""
    probe = ("<script>document.body.dataset.overflow=String(document.documentElement"
             ".scrollWidth-window.innerWidth);document.body.dataset.charts=String("
             "[...document.querySelectorAll('figure svg')].filter(s=>s.getBoundingClientRect()"
             ".width>100).length);</script></body>")
    return page.replace("</body>", probe)


@pytest.mark.parametrize("name", ["pilot", "by-authority", "grid", "plans"])
def test_rendered_in_chromium_within_the_width_not_blank_and_printable(
        name: str, tmp_path: Path) -> None:
    page = _pages()[name]
    path = tmp_path / "report.html"
    path.write_text(_measured(page), encoding="utf-8")
    url = path.as_uri()
    for width in WIDTHS:
        dom = _run(tmp_path, f"--window-size={width},1000", "--dump-dom", url).stdout
        overflow = re.search(r'data-overflow="(-?\d+)"', dom)
        charts = re.search(r'data-charts="(\d+)"', dom)
        assert overflow is not None
        assert charts is not None
        assert int(overflow.group(1)) <= 0, f"wider than {width}px by {overflow.group(1)}px"
        assert int(charts.group(1)) == page.count("<figure>")

    if name != "pilot":
        return  # one page to a PNG and a PDF is enough, and each takes seconds
    from matplotlib import image

    png = tmp_path / "report.png"
    _run(tmp_path, "--window-size=1280,2400", f"--screenshot={png}", url)
    pixels = image.imread(png)[..., :3]
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert ink > 0.02, f"only {ink:.1%} of the screenshot is not white"

    pdf = tmp_path / "report.pdf"
    _run(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 2
    assert len(data) > 50_000
