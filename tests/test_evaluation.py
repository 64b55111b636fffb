"""Evaluation figures: intervals that cover, exact tests, effect sizes, transitions,
attrition (docs/research.md)."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

import primary_benchmarks as pb
from primary_benchmarks.analysis.evaluation import cluster_bootstrap, cohen_dz, mcnemar_exact
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample


def _pilot() -> pb.Cohort:
    return pb.load_cohort(sample("pilot-audits.csv")).cohort


def test_mcnemar_exact_golden() -> None:
    assert mcnemar_exact(2, 8) == pytest.approx(2 * (1 + 10 + 45) / 1024)
    assert mcnemar_exact(8, 2) == mcnemar_exact(2, 8)
    assert mcnemar_exact(0, 10) == pytest.approx(2 / 1024)
    assert mcnemar_exact(5, 5) == 1.0
    assert mcnemar_exact(0, 0) is None


def test_cohen_dz_golden() -> None:
    assert cohen_dz(np.array([0.1, 0.2, 0.3])) == pytest.approx(2.0)
    assert cohen_dz(np.array([0.5, 0.5])) is None
    assert cohen_dz(np.array([0.5])) is None


def test_the_intervals_cover_the_truth_in_simulated_pilot_sized_cohorts() -> None:
    """95% intervals cover the true mean share in at least ~93% of simulated cohorts of
    70 schools (each rating 40 characteristics, schools differing as in the pilot)."""
    rng = np.random.default_rng(20261130)
    alpha, beta = 2.0, 3.0  # schools' true shares: Beta(2, 3), mean 0.4
    truth = alpha / (alpha + beta)
    trials, covered = 300, 0
    for t in range(trials):
        p = rng.beta(alpha, beta, size=70)
        achieved = rng.binomial(40, p).astype(float)
        low, high = cluster_bootstrap(achieved[:, None], np.full((70, 1), 40.0),
                                      np.zeros(70, dtype=np.intp), ci=0.95, seed=t,
                                      replicates=400)
        covered += bool(low[0, 0] <= truth <= high[0, 0])
    assert covered / trials >= 0.93, covered / trials


def test_intervals_are_deterministic_for_a_seed_and_bracket_the_estimate() -> None:
    cohort = _pilot()
    one = pb.report(cohort, ci=0.95, seed=7).to_dict()
    assert one == pb.report(cohort, ci=0.95, seed=7).to_dict()
    assert one != pb.report(cohort, ci=0.95, seed=8).to_dict()
    for r in one["rounds"]:
        low, high = r["characteristics_achieved_ci"]
        assert low <= r["characteristics_achieved"] <= high
        low, high = r["benchmarks_achieved_ci"]
        assert low <= r["benchmarks_achieved"] <= high
        for b in r["benchmarks"]:
            if b["achieved_share_ci"] is not None:
                assert b["achieved_share_ci"][0] <= b["achieved_share"] <= b["achieved_share_ci"][1]
    step = one["progress"][1]
    low, high = step["paired_characteristics_achieved_ci"]
    assert low <= step["paired_characteristics_achieved"] <= high
    assert one["uncertainty_method"] == {"ci": 0.95, "seed": 7, "replicates": 1000,
                                         "resampled": "school",
                                         "method": "percentile cluster bootstrap"}
    assert "characteristics_achieved_ci" not in pb.report(cohort).to_dict()["rounds"][0]


def test_attrition_of_the_pilot_shows_who_left() -> None:
    steps = pb.report(_pilot()).to_dict()["progress"]
    assert [(s["attrition"]["stayed"], s["attrition"]["left"], s["attrition"]["joined"])
            for s in steps] == [(70, 0, 0), (58, 12, 0)]
    later = steps[1]["attrition"]
    assert later["left_characteristics_achieved_before"] is not None
    whole = pb.report(_pilot()).round("end of Y1").characteristics_achieved
    assert whole is not None
    assert math.isclose(later["stayed_characteristics_achieved_before"] * 58
                        + later["left_characteristics_achieved_before"] * 12, whole * 70)


def test_transitions_account_for_every_paired_rating() -> None:
    cohort = _pilot()
    fw = cohort.framework
    step = pb.report(cohort).to_dict()["progress"][1]
    total = sum(n for row in step["transitions"]["all"].values() for n in row.values())
    assert total == 58 * len(fw.characteristic_ids)
    for level in [*fw.scale.ids, "unrated"]:
        for to in [*fw.scale.ids, "unrated"]:
            assert step["transitions"]["all"][level][to] == sum(
                step["transitions"][b.id][level][to] for b in fw.benchmarks)
    # the pilot's ratings never fall
    assert step["transitions"]["all"]["fully"]["not"] == 0
    assert set(step["mcnemar_p"]) == {b.id for b in fw.benchmarks}


def test_few_schools_are_warned_about() -> None:
    audits = [pb.load_audit(sample("audits/baseline.yaml"))]
    result = pb.report(pb.Cohort.from_audits(audits, pb.load_framework("ne-primary")),
                       ci=0.95)
    (row,) = result.to_dict()["rounds"]
    assert any("fewer than 10" in w for w in row["warnings"])


def test_grouped_and_clustered_intervals_from_the_command_line() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--ci", "0.9", "--by", "type",
                 "--format", "json"], out=out, err=err) == 0
    rows = json.loads(out.getvalue())["rounds"]
    assert all(r["characteristics_achieved_ci"] is not None for r in rows)
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--ci", "0.95", "--cluster-by",
                 "local_authority", "--format", "json"], out=out, err=err) == 0
    assert "fewer than 10 clusters of local_authority" in err.getvalue()
    assert json.loads(out.getvalue())["uncertainty_method"]["resampled"] == "local_authority"
    assert main(["report", str(sample("pilot-audits.csv")), "--ci", "95"],
                out=io.StringIO(), err=io.StringIO()) == 2
    text = io.StringIO()
    main(["report", str(sample("pilot-audits.csv")), "--ci", "0.95"], out=text,
         err=io.StringIO())
    assert "Intervals: 95% percentile cluster bootstrap" in text.getvalue()
    assert "McNemar p (achieved, paired): P1 <0.001" in text.getvalue()
