"""Published reference figures as data, and a report set beside them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

import primary_benchmarks as pb
from primary_benchmarks.analysis.references import compare, compare_report
from primary_benchmarks.cli import main
from primary_benchmarks.errors import ModelError
from primary_benchmarks.formats import sample
from primary_benchmarks.formats.references import (
    available_references,
    check_reference_text,
    load_reference,
)
from primary_benchmarks.model.reference import ReferenceFigure
from primary_benchmarks.output.page import report_html

ROOT = Path(__file__).resolve().parents[1]


def _pilot() -> pb.CohortReport:
    return pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)


def test_every_bundled_figure_is_cited_and_against_a_framework_that_exists() -> None:
    sets = available_references()
    assert [r.ref for r in sets] == ["cec-compass@1.0.0", "ne-primary-pilot@1.0.0"]
    for r in sets:
        for f in r.figures:
            assert f.source
            assert f.url is not None
            assert f.url.startswith("https://")
            assert pb.load_framework(f.framework).ref is not None


def test_the_synthetic_pilot_sits_on_the_published_regional_figures() -> None:
    found = compare(_pilot(), load_reference("ne-primary-pilot"))
    assert [(c.round, c.figure.measure) for c in found] == [
        ("baseline", "characteristics_achieved"), ("baseline", "benchmarks_achieved"),
        ("end of Y1", "characteristics_achieved"), ("end of Y1", "benchmarks_achieved"),
        ("end of Y2", "characteristics_achieved"), ("end of Y2", "benchmarks_achieved")]
    for c in found:
        assert c.difference is not None
        # Published as whole percentages and one decimal place.
        limit = 0.005 if c.figure.measure == "characteristics_achieved" else 0.05
        assert abs(c.difference) <= limit


def test_comparisons_across_frameworks_or_versions_are_refused_with_the_reason(
        tmp_path: Path) -> None:
    with pytest.raises(pb.UsageError) as caught:
        compare(_pilot(), load_reference("cec-compass"))
    assert str(caught.value) == (
        "cec-compass@1.0.0 holds figures against gatsby@1.0.0, but this report is against "
        "ne-primary@1.0.0: the same measure over other criteria is not the same figure, so "
        "they are not compared (use a reference set for ne-primary@1.0.0)")
    text = (ROOT / "src/primary_benchmarks/references/cec-compass/1.0.0.yaml").read_text(
        encoding="utf-8").replace("gatsby@1.0.0", "gatsby@2.0.0")
    (tmp_path / "later.yaml").write_text(text, encoding="utf-8")
    secondary = pb.report(pb.load_cohort(ROOT / "examples/secondary-pilot/audits.csv").cohort)
    with pytest.raises(pb.UsageError, match=r"\(carry the audits to gatsby@2.0.0 with --to, "
                       r"or use a reference set for gatsby@1.0.0\)"):
        compare(secondary, load_reference(tmp_path / "later.yaml"))
    unknown = text.replace("gatsby@2.0.0", "gatsby@1.0.0").replace(
        "measure: share_achieving_none", "measure: benchmark_achieved\n    benchmark: GB9", 1)
    (tmp_path / "unknown.yaml").write_text(unknown, encoding="utf-8")
    with pytest.raises(pb.UsageError, match=r"figures for GB9, which gatsby@1\.0\.0 has no "
                                            r"benchmark of"):
        compare(secondary, load_reference(tmp_path / "unknown.yaml"))


def test_a_figure_is_only_set_beside_rounds_its_period_holds() -> None:
    secondary = pb.report(pb.load_cohort(ROOT / "examples/secondary-pilot/audits.csv").cohort)
    found = compare(secondary, load_reference("cec-compass"))
    for c in found:
        row = next(r for r in secondary.rounds if r.round == c.round)
        assert c.figure.start <= row.date <= c.figure.end
    assert {c.round for c in found} == {"end of Y2"}
    none = next(c for c in found if c.figure.measure == "share_achieving_none")
    row = secondary.round("end of Y2")
    assert none.value == pytest.approx(row.benchmarks_achieved_histogram[0] / row.audits)


def test_every_output_carries_the_comparison() -> None:
    result = compare_report(_pilot(), load_reference("ne-primary-pilot"))
    doc = result.to_dict()
    assert doc["reference"] == {"id": "ne-primary-pilot", "version": "1.0.0",
                                "title": "North East primary pilot, regional averages "
                                         "(2019-2021)",
                                "publisher": "North East Local Enterprise Partnership"}
    first = doc["rounds"][0]["compared_with"][0]
    assert first["reference"] == 0.13
    assert first["institutions"] == 70
    assert first["difference"] == pytest.approx(first["value"] - 0.13)
    page = report_html(result)
    assert "<h2>Compared with published figures</h2>" in page
    assert "Year 2 report" in page
    out = io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--compare", "ne-primary-pilot"],
                out=out, err=io.StringIO()) == 0
    assert ("baseline: Characteristics fully achieved 13% here; 13% in the reference "
            "(baseline (July 2019), 70 institutions); difference +0 points.") in out.getvalue()
    err = io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--compare", "cec-compass"],
                out=io.StringIO(), err=err) == 2
    assert "are not compared" in err.getvalue()


def test_references_command_lists_and_shows() -> None:
    out = io.StringIO()
    assert main(["references"], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines()[0].startswith("cec-compass@1.0.0  National averages")
    out = io.StringIO()
    assert main(["references", "show", "cec-compass", "--format", "json"], out=out,
                err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    assert doc[0]["figures"][-2]["value"] == 5.96
    assert doc[0]["figures"][-2]["institutions"] == 4863
    assert doc[0]["figures"][-2]["start"] == "2024-09-01"
    err = io.StringIO()
    assert main(["references", "show", "nope"], out=io.StringIO(), err=err) == 1
    assert ("no reference set 'nope' (bundled: cec-compass@1.0.0, ne-primary-pilot@1.0.0; "
            "or give a .yaml file) [not-found]") in err.getvalue()


BROKEN = """\
schema: primary-benchmarks/reference/v1
id: broken
version: 1.0.0
title: Broken on purpose
publisher: Nobody
provenance: Made for a test.
figures:
  - measure: characteristics_achieved
    value: 39
    period: 2020
    start: 2020-07-31
    end: 2020-07-01
    population: some schools
    framework: gatsby@1.0.0
    source: none
  - measure: benchmark_achieved
    value: 0.5
    period: "2020"
    start: 2020-07-01
    end: 2020-07-31
    population: some schools
    framework: gatsby
    source: none
  - measure: mean_score
    value: 1
    period: "2020"
    start: 2020-07-01
    end: 2020-07-31
    population: some schools
    framework: gatsby@1.0.0
    source: none
    colour: red
"""


def test_every_problem_of_a_reference_file_is_placed_at_once() -> None:
    found, issues = check_reference_text(BROKEN, "broken.yaml")
    assert found is None
    assert [i.format() for i in issues] == [
        "broken.yaml:9:12: $.figures[0].value: characteristics_achieved is a share: write "
        "0.39 for 39% [invalid-value]",
        "broken.yaml:10:13: $.figures[0].period: expected text, got the number 2020; quote it "
        'to keep it as text: "2020" [wrong-type]',
        "broken.yaml:12:10: $.figures[0].end: the period ends before it starts "
        "[invalid-value]",
        "broken.yaml:16:5: $.figures[1]: benchmark_achieved names its benchmark (benchmark: "
        "GB3); other measures do not [invalid-value]",
        "broken.yaml:22:16: $.figures[1].framework: 'gatsby' is not an exact framework "
        "reference such as 'ne-primary@1.0.0' [bad-reference]",
        "broken.yaml:24:14: $.figures[2].measure: 'mean_score' is not allowed; expected one "
        "of benchmarks_achieved, characteristics_achieved, share_achieving_none, "
        "share_achieving_all, benchmark_achieved [invalid-value]",
        "broken.yaml:32:5: $.figures[2].colour: unknown key 'colour' (allowed here: measure, "
        "value, benchmark, period, start, end, population, institutions, framework, source, "
        "url) [unknown-key]"]


def test_the_model_refuses_what_the_format_refuses() -> None:
    base: dict[str, Any] = {
        "measure": "benchmarks_achieved", "value": 5.0, "start": dt.date(2024, 9, 1),
        "end": dt.date(2025, 8, 31), "period": "2024/25", "population": "all",
            "framework": "gatsby@1.0.0", "source": "x"}
    ReferenceFigure(**base)
    changes: list[tuple[dict[str, Any], str]] = [
                         ({"measure": "x"}, "invalid-value"), ({"value": -1.0}, "invalid-value"),
                         ({"value": float("nan")}, "invalid-value"),
                         ({"measure": "share_achieving_all", "value": 2.0}, "invalid-value"),
                         ({"end": dt.date(2024, 1, 1)}, "invalid-value"),
                         ({"framework": "gatsby"}, "invalid-value"),
                         ({"institutions": 0}, "invalid-value"),
                         ({"benchmark": "GB1"}, "invalid-value")]
    for change, code in changes:
        with pytest.raises(ModelError) as caught:
            ReferenceFigure(**{**base, **change})
        assert caught.value.issues[0].code == code


def test_validate_reads_reference_files() -> None:
    out = io.StringIO()
    path = ROOT / "src/primary_benchmarks/references/cec-compass/1.0.0.yaml"
    assert main(["validate", str(path)], out=out, err=io.StringIO()) == 0
    assert out.getvalue() == (f"{path}: ok: reference figures cec-compass@1.0.0 from The "
                              "Careers & Enterprise Company (8 figures)\n")
