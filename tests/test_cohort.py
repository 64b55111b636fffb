"""Cohort figures pinned on a small hand-made cohort (worked out by hand), groups, missing
audits, paired and unpaired progress, not-applicable and unrated ratings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from primary_benchmarks import (
    Audit,
    Cohort,
    CohortReport,
    LoadError,
    School,
    load_framework,
    report,
)
from primary_benchmarks.engine import build_cohort, cohort_from_columns

FW = load_framework(Path(__file__).parent / "data" / "frameworks" / "valid" / "cohort.yaml")
R1, R2 = dt.date(2020, 1, 10), dt.date(2020, 7, 10)
S1 = School(id="S1", local_authority="North")
S2 = School(id="S2", local_authority="North")
S3 = School(id="S3", local_authority="South")


def _audit(school: School, date: dt.date, label: str, **ratings: str) -> Audit:
    return Audit(framework=FW.ref, school=school, date=date, round=label,
                 ratings={k.replace("_", "."): v for k, v in ratings.items()})


AUDITS = [
    _audit(S1, R2, "r2", X_1="full", X_2="full", Y_1="full"),   # listed first on purpose
    _audit(S1, R1, "r1", X_1="full", X_2="full", Y_1="part"),
    _audit(S2, R1, "r1", X_1="part", Y_1="na"),                  # X.2 unrated
    _audit(S3, R1, "r1", X_1="na", X_2="na", Y_1="na"),          # nothing applicable
    _audit(S2, R2, "r2", X_1="full", X_2="full", Y_1="not"),     # S3 missing in r2
]


def _close(a: float | None, b: float | None) -> bool:
    return a is b if a is None or b is None else abs(a - b) < 1e-12


def test_rounds_are_ordered_by_date() -> None:
    cohort = Cohort.from_audits(AUDITS, FW)
    assert [(r.label, r.date, r.audits) for r in cohort.rounds] == [("r1", R1, 3),
                                                                   ("r2", R2, 2)]


def _check_whole(result: CohortReport) -> None:
    r1, r2 = result.rounds
    assert (r1.round, r1.date, r1.audits, r1.complete_audits) == ("r1", R1, 3, 2)
    x, y = r1.benchmarks
    assert dict(x.levels) == pytest.approx({"not": 1 / 6, "part": 1 / 6, "full": 2 / 6,
                                            "na": 2 / 6})
    assert dict(y.levels) == pytest.approx({"not": 0, "part": 1 / 3, "full": 0, "na": 2 / 3})
    assert _close(r1.characteristics_achieved, 1 / 3)   # mean of 2/3 and 0; S3 has nothing
    assert _close(r1.benchmarks_achieved, 1 / 3)
    assert r1.benchmarks_achieved_histogram == (2, 1, 0)
    assert (x.achieved_share, x.assessed) == (0.5, 2)
    assert (y.achieved_share, y.assessed) == (0.0, 1)
    assert (r2.audits, r2.complete_audits) == (2, 2)
    assert dict(r2.benchmarks[1].levels) == pytest.approx({"not": .5, "part": 0, "full": .5,
                                                           "na": 0})
    assert _close(r2.characteristics_achieved, 5 / 6)
    assert _close(r2.benchmarks_achieved, 1.5)
    assert r2.benchmarks_achieved_histogram == (0, 1, 1)
    assert [b.achieved_share for b in r2.benchmarks] == [1.0, 0.5]
    (p,) = result.progress
    assert (p.before, p.after, p.paired_schools, p.schools_before, p.schools_after) == (
        "r1", "r2", 2, 3, 2)
    assert _close(p.paired_characteristics_achieved, 0.5)   # (1/3 + 2/3) / 2
    assert _close(p.paired_benchmarks_achieved, 1.0)
    assert _close(p.unpaired_characteristics_achieved, 5 / 6 - 1 / 3)
    assert _close(p.unpaired_benchmarks_achieved, 1.5 - 1 / 3)


def test_whole_cohort_figures() -> None:
    _check_whole(report(Cohort.from_audits(AUDITS, FW)))


def test_long_table_gives_the_same_cohort() -> None:
    rows = [(a.school.id, a.date.isoformat(), a.round, cid, r.level, a.school.local_authority)
            for a in reversed(AUDITS) for cid, r in a.ratings.items()]
    cohort, problems = cohort_from_columns(
        FW, school=[r[0] for r in rows], date=[r[1] for r in rows], round=[r[2] for r in rows],
        characteristic=[r[3] for r in rows], level=[r[4] for r in rows],
        attributes={"local_authority": [r[5] for r in rows]})
    assert problems == ()
    _check_whole(report(cohort))
    assert report(cohort, by="local_authority") == report(Cohort.from_audits(AUDITS, FW),
                                                          by="local_authority")


def test_breakdown_by_attribute() -> None:
    result = report(Cohort.from_audits(AUDITS, FW), by="local_authority")
    assert [(r.round, r.group, r.audits) for r in result.rounds] == [
        ("r1", "North", 2), ("r1", "South", 1), ("r2", "North", 2)]
    north = result.round("r1", "North")
    assert _close(north.characteristics_achieved, 1 / 3)
    assert _close(north.benchmarks_achieved, 0.5)
    south = result.round("r1", "South")
    assert south.characteristics_achieved is None
    assert [b.achieved_share for b in south.benchmarks] == [None, None]
    progress = {p.group: p for p in result.progress}
    assert progress["North"].paired_schools == 2
    assert (progress["South"].paired_schools, progress["South"].schools_after) == (0, 0)
    assert progress["South"].paired_characteristics_achieved is None
    assert progress["South"].unpaired_benchmarks_achieved is None
    assert result.to_dict()["by"] == "local_authority"


def test_conflicts_are_reported_not_overwritten() -> None:
    again = _audit(S1, dt.date(2020, 1, 20), "r1", X_1="not")
    cohort, problems = build_cohort([*AUDITS, again], FW)
    assert len(cohort) == 5
    assert [(p.code, p.file) for p in problems] == [("conflict", "audit 6")]
    assert problems[0].message == ("a second audit of school 'S1' in round 'r1' (the first is "
                                   "audit 2); it was not used")
    with pytest.raises(LoadError):
        Cohort.from_audits([*AUDITS, again], FW)


def test_foreign_audits_are_refused() -> None:
    ne = load_framework("ne-primary")
    other = Audit(framework=ne.ref, school=S1, date=R1, round="x")
    odd = _audit(S1, R1, "y", Z_1="full")
    cohort, problems = build_cohort([*AUDITS, other, odd], FW)
    assert len(cohort) == 5
    assert [p.code for p in problems] == ["framework-mismatch", "unknown-characteristic"]


def test_long_table_problems_name_their_rows() -> None:
    cohort, problems = cohort_from_columns(
        FW, school=["S1", "S1", "S1", "S1", "S1", "S2"],
        date=["2020-01-10"] * 4 + ["2020-02-01", "2020-01-10"],
        round=["r1"] * 6,
        characteristic=["X.1", "X.1", "Q.9", "Y.1", "X.1", "X.2"],
        level=["full", "not", "full", "nope", "full", "part"], first_line=2)
    assert [(p.line, p.code) for p in problems] == [
        (4, "unknown-characteristic"), (5, "unknown-level"), (6, "conflict"), (3, "conflict")]
    assert problems[3].message == ("characteristic 'X.1' is rated twice in one audit; the "
                                   "first rating was used")
    assert len(cohort) == 2
    assert cohort.audit(0).ratings["X.1"].level == "full"


def test_audit_round_trip_through_cohort() -> None:
    cohort = Cohort.from_audits(AUDITS, FW)
    back = {(a.school.id, a.round): a for a in cohort.audits()}
    for a in AUDITS:
        assert back[(a.school.id, a.round)] == a


def test_arrays_are_read_only() -> None:
    cohort = Cohort.from_audits(AUDITS, FW)
    with pytest.raises(ValueError, match="read-only"):
        cohort.codes[0, 0] = 1
