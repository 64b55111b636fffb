"""Scoring guarantees as hypothesis properties: agreement with a naive reference,
bounds, monotonicity, and independence from the order of ratings and characteristics."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from primary_benchmarks import Audit, AuditScore, Framework, Rating, School, score, score_model
from primary_benchmarks.analysis import SCORING_MODELS, model_scores
from primary_benchmarks.engine import compiled_for
from primary_benchmarks.engine.codes import audit_codes

from .naive import naive_score, naive_xccdf, no_block_tables
from .strategies import frameworks


def _audit(draw: st.DrawFn, fw: Framework) -> Audit:
    ratings = {}
    for cid in fw.characteristic_ids:
        if draw(st.integers(0, 5)) > 0:  # leave some unrated
            ratings[cid] = draw(st.sampled_from(fw.scale.ids))
    return Audit(framework=fw.ref, school=School(id="s"), date=dt.date(2020, 7, 1),
                 ratings=ratings)


@st.composite
def framework_and_audit(draw: st.DrawFn) -> tuple[Framework, Audit]:
    fw = draw(frameworks())
    return fw, _audit(draw, fw)


@st.composite
def framework_and_audits(draw: st.DrawFn) -> tuple[Framework, list[Audit]]:
    fw = draw(frameworks())
    return fw, [_audit(draw, fw) for _ in range(draw(st.integers(1, 6)))]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@given(framework_and_audit())
def test_equals_the_naive_reference(pair: tuple[Framework, Audit]) -> None:
    fw, audit = pair
    got, want = score(audit, fw), naive_score(audit, fw)
    assert got.benchmarks_achieved == want["benchmarks_achieved"]
    assert got.benchmarks_assessed == want["benchmarks_assessed"]
    assert _close(got.characteristics_achieved, want["share"])
    assert _close(got.score, want["score"])
    assert list(got.unrated) == want["unrated"]
    for b in got.benchmarks:
        ref = want["benchmarks"][b.id]
        assert b.achieved is ref["achieved"], b.id
        assert dict(b.levels) == ref["levels"]
        assert b.applicable == ref["applicable"]
        assert _close(b.characteristics_achieved, ref["share"])
        assert _close(b.score, ref["score"])
        assert (b.achieved is False) or not b.blocking


@given(framework_and_audit(), st.sampled_from(["xccdf-default", "xccdf-flat",
                                               "xccdf-flat-unweighted", "xccdf-absolute"]))
def test_xccdf_models_equal_the_specifications_tree_walk(pair: tuple[Framework, Audit],
                                                         model: str) -> None:
    """Benchmark weights, weight-0 characteristics and not-applicable levels included."""
    fw, audit = pair
    got = score_model(audit, fw, model)
    want_score, want_max = naive_xccdf(audit, fw, model)
    assert _close(got.score, want_score)
    assert _close(got.maximum, want_max)


@given(framework_and_audits(), st.sampled_from(sorted(SCORING_MODELS)))
def test_a_cohorts_model_scores_are_each_audits(pair: tuple[Framework, list[Audit]],
                                               model: str) -> None:
    fw, audits = pair
    rows = np.array([audit_codes(a, compiled_for(fw)) for a in audits], dtype=np.intp)
    scores, maxima = model_scores(rows, fw, model)
    for audit, got, top in zip(audits, scores.tolist(), maxima.tolist(), strict=True):
        one = score_model(audit, fw, model)
        assert _close(None if math.isnan(got) else got, one.score)
        assert _close(top, one.maximum)


@given(framework_and_audit())
def test_the_evaluator_run_directly_agrees(pair: tuple[Framework, Audit]) -> None:
    fw, audit = pair
    with_tables = score(audit, fw)
    with no_block_tables(fw):
        directly = score(audit, fw)
    assert directly == with_tables
    assert directly.benchmarks == with_tables.benchmarks


@given(framework_and_audit())
def test_bounds(pair: tuple[Framework, Audit]) -> None:
    fw, audit = pair
    result = score(audit, fw)
    low, high = fw.scale.lowest.value, fw.scale.highest.value
    shares = [result.characteristics_achieved] + [b.characteristics_achieved
                                                   for b in result.benchmarks]
    for share in shares:
        assert share is None or 0.0 <= share <= 1.0
    for value in [result.score] + [b.score for b in result.benchmarks]:
        assert value is None or low - 1e-9 <= value <= high + 1e-9
    assert 0 <= result.benchmarks_achieved <= result.benchmarks_assessed <= len(fw.benchmarks)


def _ge(a: float | None, b: float | None) -> bool:
    return a is None or b is None or a >= b - 1e-9


@given(framework_and_audit(), st.data())
def test_raising_one_rating_never_lowers_anything(pair: tuple[Framework, Audit],
                                                  data: st.DataObject) -> None:
    fw, audit = pair
    scale = fw.scale
    cid = data.draw(st.sampled_from(fw.characteristic_ids))
    current = audit.level_of(cid) or scale.lowest.id
    if scale.rank(current) < 0:
        return  # not applicable has no place in the order
    higher = [lv.id for lv in scale.applicable if scale.rank(lv.id) > scale.rank(current)]
    if not higher:
        return
    raised = attrs.evolve(audit, ratings={**audit.ratings,
                                          cid: data.draw(st.sampled_from(higher))})
    before, after = score(audit, fw), score(raised, fw)
    assert after.benchmarks_achieved >= before.benchmarks_achieved
    assert _ge(after.characteristics_achieved, before.characteristics_achieved)
    assert _ge(after.score, before.score)
    for b0, b1 in zip(before.benchmarks, after.benchmarks, strict=True):
        assert not (b0.achieved and not b1.achieved), b0.id
        assert _ge(b1.characteristics_achieved, b0.characteristics_achieved)
        assert _ge(b1.score, b0.score)


def _summary(result: AuditScore) -> object:
    return (result.benchmarks_achieved, result.benchmarks_assessed,
            round(result.characteristics_achieved or -1, 9), round(result.score or -1, 9),
            sorted(result.unrated),
            sorted((b.id, b.achieved, round(b.score or -1, 9), dict(b.levels),
                    sorted(x.characteristic for x in b.blocking)) for b in result.benchmarks))


@given(framework_and_audit(), st.randoms(use_true_random=False))
def test_order_of_ratings_and_characteristics_does_not_matter(
        pair: tuple[Framework, Audit], rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    fw, audit = pair
    items = list(audit.ratings.items())
    rnd.shuffle(items)
    shuffled_audit = attrs.evolve(audit, ratings=dict(items))
    benchmarks = []
    for b in fw.benchmarks:
        chars = list(b.characteristics)
        rnd.shuffle(chars)
        benchmarks.append(attrs.evolve(b, characteristics=tuple(chars)))
    rnd.shuffle(benchmarks)
    shuffled_fw = attrs.evolve(fw, benchmarks=tuple(benchmarks))
    assert _summary(score(audit, fw)) == _summary(score(shuffled_audit, shuffled_fw))


@given(framework_and_audit())
def test_raising_every_blocker_achieves_the_benchmark(pair: tuple[Framework, Audit]) -> None:
    """For every rule form: a benchmark not achieved names blockers, and raising each
    blocker to the level it needs (nothing else changed) achieves that benchmark."""
    fw, audit = pair
    result = score(audit, fw)
    for bench in result.benchmarks:
        if bench.achieved or bench.applicable == 0:
            continue
        assert bench.blocking, bench
        raised = dict(audit.ratings)
        for blocker in bench.blocking:
            raised[blocker.characteristic] = Rating(level=blocker.needs)
        after = score(attrs.evolve(audit, ratings=raised), fw)
        assert after.benchmark(bench.id).achieved, (bench.id, bench.blocking)
