"""Cohort guarantees as properties: a cohort report equals what scoring each audit on its
own gives (with block tables and without), and loading order does not matter."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks import Audit, Cohort, Framework, School, report, score
from primary_benchmarks.engine import cohort_from_columns

from .naive import no_block_tables
from .strategies import frameworks


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[Framework, list[Audit]]:
    fw = draw(frameworks(max_benchmarks=3))
    schools = [School(id=f"S{i}", local_authority=draw(st.sampled_from(["N", "S"])))
               for i in range(draw(st.integers(1, 5)))]
    rounds = [("r1", dt.date(2020, 1, 1)), ("r2", dt.date(2020, 7, 1)),
              ("r3", dt.date(2021, 1, 1))]
    audits = []
    for school in schools:
        for label, date in rounds:
            if draw(st.booleans()):
                ratings = {c: draw(st.sampled_from(fw.scale.ids))
                           for c in fw.characteristic_ids if draw(st.integers(0, 4))}
                audits.append(Audit(framework=fw.ref, school=school, date=date, round=label,
                                    ratings=ratings))
    return fw, audits


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _close(a: float | None, b: float | None) -> bool:
    return a is b if a is None or b is None else math.isclose(a, b, abs_tol=1e-9)


def _check(fw: Framework, audits: list[Audit]) -> None:
    result = report(Cohort.from_audits(audits, fw))
    for r in result.rounds:
        scores = [score(a, fw) for a in audits if a.round == r.round]
        assert r.audits == len(scores)
        assert r.complete_audits == sum(s.complete for s in scores)
        assert _close(r.characteristics_achieved,
                      _mean([s.characteristics_achieved for s in scores
                             if s.characteristics_achieved is not None]))
        assert _close(r.benchmarks_achieved, _mean([s.benchmarks_achieved for s in scores]))
        assert sum(r.benchmarks_achieved_histogram) == len(scores)
        for k, n in enumerate(r.benchmarks_achieved_histogram):
            assert n == sum(1 for s in scores if s.benchmarks_achieved == k)
        for b in r.benchmarks:
            per = [s.benchmark(b.id) for s in scores]
            assessed = [p for p in per if p.achieved is not None]
            assert b.assessed == len(assessed)
            assert _close(b.achieved_share,
                          _mean([1.0 if p.achieved else 0.0 for p in assessed]))
            total = sum(sum(p.levels.values()) for p in per)
            for level, share in b.levels.items():
                assert _close(share, sum(p.levels[level] for p in per) / total)


@given(cohorts())
def test_report_equals_scoring_each_audit(pair: tuple[Framework, list[Audit]]) -> None:
    fw, audits = pair
    if audits:
        _check(fw, audits)


@given(cohorts())
def test_report_without_block_tables_is_the_same(pair: tuple[Framework, list[Audit]]) -> None:
    fw, audits = pair
    if not audits:
        return
    with_tables = report(Cohort.from_audits(audits, fw))
    with no_block_tables(fw):
        without = report(Cohort.from_audits(audits, fw))
    assert without == with_tables


@given(cohorts(), st.randoms(use_true_random=False))
def test_long_table_row_order_does_not_matter(pair: tuple[Framework, list[Audit]],
                                              rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    fw, audits = pair
    rows = [(a.school.id, a.date, a.round, c, r.level) for a in audits
            for c, r in a.ratings.items()]
    rnd.shuffle(rows)
    cohort, problems = cohort_from_columns(
        fw, school=[r[0] for r in rows], date=[r[1] for r in rows], round=[r[2] for r in rows],
        characteristic=[r[3] for r in rows], level=[r[4] for r in rows])
    assert problems == ()
    rated = [a for a in audits if a.ratings]  # an audit with no rating has no row
    if rated:
        assert report(cohort) == report(Cohort.from_audits(rated, fw))


def test_empty_long_table_gives_an_empty_cohort() -> None:
    from primary_benchmarks import load_framework

    fw = load_framework("ne-primary")
    cohort, problems = cohort_from_columns(fw, school=[], date=[], round=[], characteristic=[],
                                           level=[])
    assert (len(cohort), problems) == (0, ())
    result = report(cohort)
    assert (result.rounds, result.progress) == ((), ())


def _pilot_long() -> Any:
    import pandas as pd

    from primary_benchmarks.formats import sample

    cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    frame: pd.DataFrame = pb.to_pandas(cohort)
    return cohort, frame


@pytest.mark.parametrize("shape", ["categorical", "strings", "objects", "shuffled", "melt",
                                   "duplicated", "shuffled duplicated", "shuffled timestamps",
                                   "shuffled times of day"])
def test_every_row_order_and_column_type_gives_the_same_report(shape: str) -> None:
    import numpy as np
    import pandas as pd

    cohort, df = _pilot_long()
    if shape == "strings":
        df = df.astype({c: "string" for c in ("school", "round", "characteristic", "level")})
    elif shape == "objects":
        df = df.astype({c: object for c in ("school", "round", "characteristic", "level")})
    elif shape == "shuffled":
        df = df.iloc[np.random.default_rng(7).permutation(len(df))]
    elif shape == "melt":
        df = df.sort_values("characteristic", kind="stable")
    elif shape == "duplicated":
        df = pd.concat([df, df.iloc[::7]])
    elif shape == "shuffled duplicated":
        df = pd.concat([df, df.iloc[::7]])
        df = df.iloc[np.random.default_rng(3).permutation(len(df))]
    elif shape.startswith("shuffled t"):
        stamps = pd.to_datetime(df["date"])
        if shape.endswith("of day"):
            stamps = stamps + pd.Timedelta(hours=10, minutes=30)
        df = df.assign(date=stamps).iloc[np.random.default_rng(5).permutation(len(df))]
    fw = cohort.framework
    columns = {c: (df[c].tolist() if shape == "objects" else df[c])
               for c in ("school", "round", "characteristic", "level")}
    rebuilt, problems = pb.engine.cohort_from_columns(fw, date=df["date"], **columns)
    assert all(p.code == "conflict" for p in problems)
    assert bool(problems) == shape.endswith("duplicated")
    assert pb.report(rebuilt).to_dict() == pb.report(cohort).to_dict()


@given(cohorts())
def test_paired_change_equals_scoring_each_pair(pair: tuple[Framework, list[Audit]]) -> None:
    """Per benchmark and group, the paired change counts what scoring and comparing each
    school's two audits one by one gives."""
    from .naive import _is_na, _level, _rank

    fw, audits = pair
    cohort = Cohort.from_audits(audits, fw)
    for by in (None, "local_authority"):
        result = report(cohort, by=by)
        for change in result.progress:
            first = {a.school.id: a for a in audits if a.round == change.before}
            pairs = [(first[a.school.id], a) for a in audits if a.round == change.after
                     and a.school.id in first
                     and (by is None or a.school.local_authority == change.group)]
            assert change.paired_schools == len(pairs)
            for b, got in zip(fw.benchmarks, change.benchmarks, strict=True):
                scored = [(score(x, fw).benchmark(b.id), score(y, fw).benchmark(b.id))
                          for x, y in pairs]
                both = [(x, y) for x, y in scored if x.applicable and y.applicable]
                assert got.paired == len(both)
                assert _close(got.achieved_before, _mean([float(bool(x.achieved))
                                                          for x, _ in both]))
                assert _close(got.achieved_after, _mean([float(bool(y.achieved))
                                                         for _, y in both]))
                up = same = down = other = 0
                for x, y in pairs:
                    for cid in b.characteristic_ids:
                        lx, ly = _level(x, fw, cid), _level(y, fw, cid)
                        if _is_na(fw, lx) or _is_na(fw, ly):
                            other += 1
                        elif _rank(fw, ly) > _rank(fw, lx):
                            up += 1
                        elif _rank(fw, ly) < _rank(fw, lx):
                            down += 1
                        else:
                            same += 1
                assert (got.moved_up, got.stayed, got.moved_down, got.not_compared) == (
                    up, same, down, other)


def test_paired_change_of_two_schools_golden() -> None:
    fw = pb.load_framework("ne-primary")
    p1 = fw.benchmark("P1").characteristic_ids
    full = dict.fromkeys(p1, "fully")
    audits = [
        Audit(framework=fw.ref, school=School(id="A"), date=dt.date(2020, 1, 1), round="r1",
              ratings={**full, p1[0]: "partially"}),
        Audit(framework=fw.ref, school=School(id="A"), date=dt.date(2021, 1, 1), round="r2",
              ratings=full),
        Audit(framework=fw.ref, school=School(id="B"), date=dt.date(2020, 1, 1), round="r1",
              ratings=full),
        Audit(framework=fw.ref, school=School(id="B"), date=dt.date(2021, 1, 1), round="r2",
              ratings={**full, p1[1]: "not", p1[2]: "partially"}),
        Audit(framework=fw.ref, school=School(id="C"), date=dt.date(2021, 1, 1), round="r2",
              ratings=full),  # not paired
    ]
    change = report(Cohort.from_audits(audits, fw)).progress[0]
    got = change.benchmarks[0].to_dict()
    assert got == {"id": "P1", "paired": 2, "achieved_before": 0.5, "achieved_after": 0.5,
                   "moved_up": 1, "stayed": 2 * len(p1) - 3, "moved_down": 2,
                   "not_compared": 0}
    # P2 unrated in every audit: counted as the lowest level, so every rating stayed
    assert change.benchmarks[1].to_dict()["stayed"] == 2 * len(fw.benchmark("P2")
                                                                .characteristic_ids)
