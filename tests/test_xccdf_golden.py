"""The XCCDF scoring models with benchmark (group) weights and weight-0 characteristics,
against values worked out by hand from the XCCDF 1.2 specification's scoring section
(NIST IR 7275r4, 7.3: the default model's table 40, the flat model's table 41, and the
flat-unweighted and absolute models' definitions).

Translation: a rule becomes a characteristic (pass = rated at an achieved level,
notapplicable = the not-applicable level, fail otherwise), a group a benchmark of the same
weight; a rule standing beside groups, of weight w, becomes a benchmark of weight w holding
one characteristic of weight w (so both the default and the flat model see weight w)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.analysis import SCORING_MODELS, check_model_names
from primary_benchmarks.cli import main
from primary_benchmarks.errors import ModelError
from primary_benchmarks.formats import loads_framework


def _framework(benchmarks: str) -> pb.Framework:
    return loads_framework(f"""\
schema: primary-benchmarks/framework/v1
id: xccdf-golden
version: "1.0.0"
title: XCCDF golden cases
publisher: Tests
status: {{state: draft}}
provenance: Tests.
scale:
  - {{id: fail, label: Fail, value: 0}}
  - {{id: pass, label: Pass, value: 1, achieved: true}}
  - {{id: na, label: Not applicable, value: 0, not_applicable: true}}
benchmarks:
{benchmarks}""")


#: Two groups, weights 2 and 1, one rule each.
GROUPS = _framework("""\
  - {id: G1, title: G1, weight: 2, characteristics: [{id: R1, text: r}]}
  - {id: G2, title: G2, characteristics: [{id: R2, text: r}]}
""")
#: A rule of weight 3 beside a group of two rules of weight 1.
BESIDE = _framework("""\
  - {id: R, title: R, weight: 3, characteristics: [{id: R.1, text: r, weight: 3}]}
  - {id: G, title: G, characteristics: [{id: G.1, text: r}, {id: G.2, text: r}]}
""")
#: Weight-0 rules beside weighted ones in both groups.
ZEROS = _framework("""\
  - {id: G1, title: G1, characteristics: [{id: A, text: r}, {id: B, text: r, weight: 0}]}
  - {id: G2, title: G2, characteristics: [{id: C, text: r, weight: 0},
                                          {id: D, text: r, weight: 2}]}
""")

# name, framework, ratings, {model: (score, maximum)}
CASES = [
    ("group weight 2 with one passing and one failing group", GROUPS,
     {"R1": "pass", "R2": "fail"},
     # default: G1 = 100, G2 = 0; (2*100 + 1*0) / (2 + 1) = 66.67 (equal weights: 50)
     # flat: s = 1 (R1), m = 1 + 1; unweighted the same; absolute: R2 fails
     {"xccdf-default": (200 / 3, 100.0), "xccdf-flat": (1.0, 2.0),
      "xccdf-flat-unweighted": (1.0, 2.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (0.5, 1.0), "mean-level-value": (0.5, 1.0)}),
    ("the heavier group failing", GROUPS, {"R1": "fail", "R2": "pass"},
     # default: (2*0 + 1*100) / 3 = 33.33
     {"xccdf-default": (100 / 3, 100.0), "xccdf-flat": (1.0, 2.0),
      "xccdf-flat-unweighted": (1.0, 2.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (0.5, 1.0), "mean-level-value": (0.5, 1.0)}),
    ("a not-applicable group is left out with its weight", GROUPS, {"R1": "na", "R2": "pass"},
     # default: G1 has count 0, so only G2: 100 / 1; flat: s = m = 1
     {"xccdf-default": (100.0, 100.0), "xccdf-flat": (1.0, 1.0),
      "xccdf-flat-unweighted": (1.0, 1.0), "xccdf-absolute": (1.0, 1.0),
      "share-achieved": (1.0, 1.0), "mean-level-value": (1.0, 1.0)}),
    ("a weight-3 rule beside a failing group", BESIDE,
     {"R.1": "pass", "G.1": "fail", "G.2": "fail"},
     # default: R = 3*100/3 = 100, G = 0; (3*100 + 1*0) / (3 + 1) = 75 (equal weights: 50)
     # flat: s = 3, m = 3 + 1 + 1 = 5; unweighted: 1 of 3; absolute: G fails
     # mean-level-value: (3*1 + 0 + 0) / 5 = 0.6
     {"xccdf-default": (75.0, 100.0), "xccdf-flat": (3.0, 5.0),
      "xccdf-flat-unweighted": (1.0, 3.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (1 / 3, 1.0), "mean-level-value": (0.6, 1.0)}),
    ("the weighted rule failing beside a half-passing group", BESIDE,
     {"R.1": "fail", "G.1": "pass", "G.2": "fail"},
     # default: R = 0, G = (100 + 0) / 2 = 50; (3*0 + 1*50) / 4 = 12.5
     # flat: s = 1, m = 5
     {"xccdf-default": (12.5, 100.0), "xccdf-flat": (1.0, 5.0),
      "xccdf-flat-unweighted": (1.0, 3.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (1 / 3, 1.0), "mean-level-value": (0.2, 1.0)}),
    ("weight-0 rules count in no weighted model", ZEROS,
     {"A": "pass", "B": "fail", "C": "pass", "D": "fail"},
     # default: G1: a = 1 + 0, s = 100*1 + 0 -> 100; G2: a = 0 + 2, s = 0 + 0 -> 0;
     #   (100 + 0) / 2 = 50
     # flat: s = 1 (A) + 0 (C), m = 1 + 0 + 0 + 2 = 3
     # flat-unweighted: weights of 0 stay 0: A passes, D fails: 1 of 2
     # absolute: B fails; share-achieved 2 of 4; mean-level-value (1 + 0 + 0 + 0) / 3
     {"xccdf-default": (50.0, 100.0), "xccdf-flat": (1.0, 3.0),
      "xccdf-flat-unweighted": (1.0, 2.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (0.5, 1.0), "mean-level-value": (1 / 3, 1.0)}),
    ("only a weight-0 rule failing", ZEROS,
     {"A": "pass", "B": "fail", "C": "pass", "D": "pass"},
     # default: G1 = 100, G2 = (0*100 + 2*100) / 2 = 100: 100
     # flat: s = 1 + 2 = 3 = m; flat-unweighted: 2 of 2
     # absolute: 0, as the specification defines it ("1 only when all applicable Rules
     #   pass"); its computation by flat s = m, which OpenSCAP follows, would give 1
     # share-achieved 3 of 4; mean-level-value (1 + 0 + 0 + 2) / 3 = 1
     {"xccdf-default": (100.0, 100.0), "xccdf-flat": (3.0, 3.0),
      "xccdf-flat-unweighted": (2.0, 2.0), "xccdf-absolute": (0.0, 1.0),
      "share-achieved": (0.75, 1.0), "mean-level-value": (1.0, 1.0)}),
    ("a group whose applicable rules all weigh 0 counts, scoring 0", ZEROS,
     {"A": "na", "B": "pass", "C": "na", "D": "pass"},
     # default: G1: count 1 (B), a = 0, s = 0: score 0 (s / a with a = 0), and it counts;
     #   G2: 100; (1*0 + 1*100) / 2 = 50
     # flat: s = 0 + 2, m = 0 + 2; flat-unweighted: D only, 1 of 1
     # mean-level-value: (0*1 + 2*1) / (0 + 2) = 1
     {"xccdf-default": (50.0, 100.0), "xccdf-flat": (2.0, 2.0),
      "xccdf-flat-unweighted": (1.0, 1.0), "xccdf-absolute": (1.0, 1.0),
      "share-achieved": (1.0, 1.0), "mean-level-value": (1.0, 1.0)}),
    ("nothing applicable", ZEROS, {"A": "na", "B": "na", "C": "na", "D": "na"},
     # default: no group counts: 0; flat 0 of 0; absolute: every applicable rule passes
     {"xccdf-default": (0.0, 100.0), "xccdf-flat": (0.0, 0.0),
      "xccdf-flat-unweighted": (0.0, 0.0), "xccdf-absolute": (1.0, 1.0),
      "share-achieved": (None, 1.0), "mean-level-value": (None, 1.0)}),
]


def _audit(fw: pb.Framework, ratings: dict[str, str]) -> pb.Audit:
    return pb.Audit(framework=fw.ref, school=pb.School(id="x"), date=dt.date(2025, 7, 1),
                    ratings=ratings)


@pytest.mark.parametrize(("name", "fw", "ratings", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_hand_worked_xccdf_cases(name: str, fw: pb.Framework, ratings: dict[str, str],
                                 expected: dict[str, tuple[float | None, float]]) -> None:
    assert set(expected) == set(SCORING_MODELS)
    audit = _audit(fw, ratings)
    for model, (score, maximum) in expected.items():
        got = pb.score_model(audit, fw, model)
        assert got.maximum == pytest.approx(maximum), (name, model)
        if score is None:
            assert got.score is None, (name, model)
        else:
            assert got.score == pytest.approx(score, abs=1e-12), (name, model)


def test_weights_are_checked_and_overlays_change_them(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="every characteristic of benchmark 'B' weighs 0"):
        pb.Benchmark(id="B", title="b", characteristics=(
            pb.Characteristic(id="B.1", text="c", weight=0),))
    with pytest.raises(ModelError, match=r"Benchmark.weight: must be greater than 0"):
        pb.Benchmark(id="B", title="b", weight=0,
                     characteristics=(pb.Characteristic(id="B.1", text="c"),))
    assert pb.Characteristic(id="C", text="c", weight=0).weight == 0
    text = pb.formats.dumps_framework(GROUPS)
    assert "weight: 2" in text
    assert pb.formats.loads_framework(text) == GROUPS
    base = tmp_path / "base.yaml"
    base.write_text(text, encoding="utf-8")
    (tmp_path / "overlay.yaml").write_text("""\
schema: primary-benchmarks/framework/v1
id: weighted
version: "1.0.0"
title: Weighted
publisher: Tests
status: {state: draft}
provenance: Tests.
extends: base.yaml
changes:
  - change_benchmark: G2
    weight: 4
  - change_characteristic: R1
    weight: 0.5
""", encoding="utf-8")
    adapted = pb.load_framework(tmp_path / "overlay.yaml")
    assert [b.weight for b in adapted.benchmarks] == [2, 4]
    assert adapted.benchmarks[0].characteristics[0].weight == 0.5
    # default: (2*100 + 4*0) / 6
    got = pb.score_model(_audit(adapted, {"R1": "pass", "R2": "fail"}), adapted,
                         "xccdf-default")
    assert got.score == pytest.approx(200 / 6)


def test_model_names() -> None:
    assert check_model_names(["all"]) == tuple(SCORING_MODELS)
    with pytest.raises(pb.UsageError) as caught:
        check_model_names(["share"])
    assert str(caught.value) == (
        "no scoring model 'share'; choose one or more of share-achieved, mean-level-value, "
        "xccdf-default, xccdf-flat, xccdf-flat-unweighted, xccdf-absolute (or all)")


def test_score_command_prints_the_models_asked_for(tmp_path: Path) -> None:
    fw_path = tmp_path / "fw.yaml"
    fw_path.write_text(pb.formats.dumps_framework(GROUPS), encoding="utf-8")
    audit = tmp_path / "audit.yaml"
    audit.write_text(pb.formats.dumps_audit(_audit(GROUPS, {"R1": "pass", "R2": "fail"})),
                     encoding="utf-8")
    out = io.StringIO()
    assert main(["score", str(audit), "--framework", str(fw_path), "--model",
                 "xccdf-default", "--model", "xccdf-flat", "--format", "json"],
                out=out, err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    entry = doc[0] if isinstance(doc, list) else doc
    assert entry["models"] == {"xccdf-default": {"score": pytest.approx(200 / 3),
                                                 "maximum": 100.0},
                               "xccdf-flat": {"score": 1.0, "maximum": 2.0}}
    text = io.StringIO()
    assert main(["score", str(audit), "--framework", str(fw_path), "--model", "all"],
                out=text, err=io.StringIO()) == 0
    assert "xccdf-default: 66.67 of 100" in text.getvalue()
    assert "share-achieved: 0.5 of 1" in text.getvalue()
    err = io.StringIO()
    assert main(["score", str(audit), "--framework", str(fw_path), "--model", "share"],
                out=io.StringIO(), err=err) == 2
    assert "no scoring model 'share'" in err.getvalue()


def test_report_gives_each_rounds_mean_model_score_in_every_format(tmp_path: Path) -> None:
    cohort = pb.load_cohort(pb.formats.sample("pilot-audits.csv")).cohort
    result = pb.report(cohort, models=["all"], by="type")
    for row in result.rounds:
        picked = [i for i in range(len(cohort))
                  if cohort.round_labels[cohort.round_index[i]] == row.round
                  and cohort.schools.attribute("type")[cohort.school_index[i]] == row.group]
        assert len(picked) == row.audits
        for name, mean in row.models.items():
            each = [pb.score_model(cohort.audit(i), cohort.framework, name) for i in picked]
            scored = [m.score for m in each if m.score is not None]
            assert mean.scored == len(scored)
            assert mean.score == pytest.approx(sum(scored) / len(scored))
            assert mean.maximum == pytest.approx(sum(m.maximum for m in each
                                                     if m.score is not None) / len(scored))
    hidden = pb.report(cohort, models=["xccdf-default"], by="type", min_schools=20)
    assert any(r.suppressed for r in hidden.rounds)
    for r in hidden.rounds:
        if r.suppressed:
            assert r.models["xccdf-default"].score is None
    source = str(pb.formats.sample("pilot-audits.csv"))
    outputs = {}
    for fmt in ("text", "markdown", "json", "csv", "html"):
        out = io.StringIO()
        assert main(["report", source, "--model", "xccdf-default", "--format", fmt],
                    out=out, err=io.StringIO()) == 0
        outputs[fmt] = out.getvalue()
    baseline = pb.report(cohort, models=["xccdf-default"]).rounds[0].models["xccdf-default"]
    shown = f"{round(baseline.score or 0, 2):g} of 100"
    assert "Scoring model xccdf-default (mean)" in outputs["text"]
    assert shown in outputs["text"]
    assert shown in outputs["markdown"]
    assert shown in outputs["html"]
    doc = json.loads(outputs["json"])
    assert doc["rounds"][0]["models"]["xccdf-default"]["mean_score"] == pytest.approx(
        baseline.score)
    header, first = outputs["csv"].splitlines()[:2]
    columns = header.split(",")
    assert columns[-2:] == ["model_xccdf-default_mean_score", "model_xccdf-default_mean_maximum"]
    assert float(first.split(",")[-2]) == pytest.approx(baseline.score, abs=1e-6)
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    book = tmp_path / "r.xlsx"
    assert main(["report", source, "--model", "xccdf-default", "--format", "xlsx",
                 "--output", str(book)], out=io.StringIO(), err=io.StringIO()) == 0
    rows = list(load_workbook(book)["Averages"].iter_rows(values_only=True))
    found = [r for r in rows if str(r[0]).startswith("Scoring model xccdf-default")]
    assert found[0][0] == "Scoring model xccdf-default: mean score (mean maximum 100)"
    assert found[0][1] == pytest.approx(baseline.score)


def test_diff_reports_a_benchmark_weight_change() -> None:
    heavier = pb.formats.loads_framework(pb.formats.dumps_framework(GROUPS).replace(
        "weight: 2", "weight: 5"))
    changes = pb.analysis.diff_frameworks(GROUPS, heavier).changes
    assert [(c.id, c.field, c.old, c.new) for c in changes] == [("G1", "weight", "2", "5")]


def test_a_weight_0_characteristic_never_blocks_a_score_rule() -> None:
    fw = _framework("""\
  - id: S
    title: S
    rule: {min_score: 1, of: [S.1, S.2]}
    characteristics: [{id: S.1, text: r, weight: 0}, {id: S.2, text: r}]
""")
    got = pb.score(_audit(fw, {"S.1": "fail", "S.2": "na"}), fw).benchmark("S")
    # S.1 is applicable but weighs 0: the mean has no weight, so S.2 must be rated, and only
    # S.2 can raise the mean
    assert got.achieved is False
    assert [(b.characteristic, b.needs) for b in got.blocking] == [("S.2", "pass")]
    with pytest.raises(ModelError, match="scores only characteristics of weight 0"):
        pb.Benchmark(id="S", title="s", rule=pb.model.MinScore(score=0.5, of=("S.1",)),
                     characteristics=(pb.Characteristic(id="S.1", text="c", weight=0),
                                      pb.Characteristic(id="S.2", text="c")))
