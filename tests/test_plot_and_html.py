"""Charts (bars, labels and values), notebook HTML, the HTML report and chart files."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.output.plot import (
    plot_histogram,
    plot_levels,
    plot_rounds,
    plot_wheel,
)

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "examples" / "pilot" / "audits.csv"
NE = pb.load_framework("ne-primary@1.0.0")


@pytest.fixture(scope="module")
def pilot() -> pb.CohortReport:
    return pb.report(pb.load_cohort(PILOT).cohort)


def teardown_function() -> None:
    plt.close("all")


def test_level_bars(pilot: pb.CohortReport) -> None:
    ax = plot_levels(pilot)
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"P{i}" for i in range(1, 9)]
    containers = ax.containers
    assert [c.get_label() for c in containers] == ["Fully achieved", "Partially achieved",
                                                   "Not achieved"]
    fully = [round(bar.get_height()) for bar in containers[0]]
    assert fully == [7, 5, 8, 33, 10, 13, 14, 5]  # the baseline table's first column
    tops = [bar.get_y() + bar.get_height() for bar in containers[2]]
    assert tops == pytest.approx([100.0] * 8)
    assert ax.get_title() == "baseline (2019-07-15), 70 schools"


def test_rounds_lines_and_histogram(pilot: pb.CohortReport) -> None:
    ax = plot_rounds(pilot)
    (line,) = ax.get_lines()
    assert [round(y) for y in line.get_ydata()] == [13, 39, 65]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["baseline", "end of Y1",
                                                            "end of Y2"]
    ax = plot_histogram(pilot)
    heights = [int(b.get_height()) for b in ax.containers[0]]
    assert heights == list(pilot.rounds[-1].benchmarks_achieved_histogram)
    assert sum(heights) == 58


def test_wheel(pilot: pb.CohortReport) -> None:
    cohort = pb.load_cohort(PILOT).cohort
    score = pb.score(cohort.audit(0), NE)
    ax = plot_wheel(score, pilot)
    school, cohort_line = ax.get_lines()[:2]
    assert school.get_label() == "School SYN001"
    assert list(school.get_ydata())[:8] == pytest.approx(
        [(b.characteristics_achieved or 0) * 100 for b in score.benchmarks])
    assert list(cohort_line.get_ydata())[3] == pytest.approx(
        pilot.rounds[0].benchmarks[3].levels["fully"] * 100)


def test_notebook_html_escapes_user_text() -> None:
    audit = pb.Audit(framework=NE.ref, school=pb.School(id="<script>alert(1)</script>"),
                     date=pb.load_audit(ROOT / "tests/data/audits/valid/baseline.yaml").date)
    html = pb.score(audit, NE)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert NE._repr_html_().startswith("<table><caption>ne-primary@1.0.0")


def test_html_report_and_chart_files(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(PILOT), "--format", "html", "--plot", str(tmp_path)],
                out=out, err=err) == 0
    page = out.getvalue()
    assert page.startswith("<!DOCTYPE html>")
    # level bars and a histogram per round, the averages, a paired change per pair
    assert page.count("<svg") == 3 + 1 + 3 + 2
    assert page.count("<figcaption>") == page.count("<svg role='img' aria-label=") == 9
    assert "<td>P1</td><td>7%</td><td>27%</td><td>66%</td>" in page
    assert "<td>P1</td><td>7%</td><td>33%</td><td>107</td><td>183</td><td>0</td>" in page
    # each chart beside its table, under the heading of what both show
    section = page.split("<h2>baseline (2019-07-15), 70 schools</h2>")[1].split("<h2>")[0]
    assert "Share of ratings at each level" in section
    assert section.count("<figure>") == 2
    assert "SYNTHETIC" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.{e}" for n in ("levels-baseline", "levels-end-of-y1", "levels-end-of-y2",
                             "rounds", "histogram-baseline", "histogram-end-of-y1",
                             "histogram-end-of-y2", "change-baseline-to-end-of-y1",
                             "change-end-of-y1-to-end-of-y2")
        for e in ("png", "svg"))


def test_charts_of_a_framework_from_a_file_load_nothing(tmp_path: Path) -> None:
    """A report carries its framework: charts and pages of an adapted framework that is in
    no registry draw without loading anything."""
    folder = ROOT / "examples" / "adapted"
    fw_path = folder / "frameworks" / "stockton-hub.yaml"
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(folder / "stockton-hub" / "audits"), "--framework",
                 str(fw_path), "--plot", str(tmp_path / "plots")], out=out, err=err) == 0, (
        err.getvalue())
    assert sorted(p.suffix for p in (tmp_path / "plots").iterdir())[:2] == [".png", ".png"]
    fw = pb.load_framework(fw_path)
    cohort = pb.load_cohort(folder / "stockton-hub" / "audits", framework=fw).cohort
    result = pb.report(cohort)
    assert result.framework is fw
    ax = plot_wheel(pb.score(cohort.audit(0), fw), result)
    assert ax.get_legend() is not None
    backend = matplotlib.get_backend()
    from primary_benchmarks.output import report_html

    assert "<svg" in report_html(result)
    assert matplotlib.get_backend() == backend
