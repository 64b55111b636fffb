"""Where every school stands on a date: the latest audit on or before it, one per school."""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.engine.snapshot import snapshot
from primary_benchmarks.formats import sample

FW = pb.load_framework("ne-primary")


@st.composite
def scattered(draw: st.DrawFn) -> list[pb.Audit]:
    audits = []
    for s in range(draw(st.integers(1, 8))):
        days = draw(st.lists(st.integers(0, 900), min_size=1, max_size=4, unique=True))
        for k, day in enumerate(days):
            audits.append(pb.Audit(framework=FW.ref, school=pb.School(id=f"S{s}"),
                                   date=dt.date(2020, 1, 1) + dt.timedelta(days=day),
                                   round=f"filed {k}",
                                   ratings={"P1.1": draw(st.sampled_from(FW.scale.ids))}))
    return audits


@settings(max_examples=40, deadline=None)
@given(scattered(), st.lists(st.integers(-10, 950), min_size=1, max_size=3))
def test_each_school_counts_once_with_its_latest_audit(audits: list[pb.Audit],
                                                       offsets: list[int]) -> None:
    cohort = pb.Cohort.from_audits(audits, FW)
    dates = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in offsets]
    snap, facts = snapshot(cohort, dates)
    for k, (label, fact) in enumerate(zip(snap.round_labels, facts, strict=True)):
        day = dt.date.fromisoformat(label)
        rows = [i for i in range(len(snap)) if int(snap.round_index[i]) == k]
        expected: dict[str, pb.Audit] = {}
        for a in audits:
            if a.date <= day and (a.school.id not in expected
                                  or a.date > expected[a.school.id].date):
                expected[a.school.id] = a
        got = {snap.schools.ids[int(snap.school_index[i])]:
               snap.dates[i].astype("datetime64[D]").astype(dt.date) for i in rows}
        assert got == {sid: a.date for sid, a in expected.items()}
        assert fact.schools == len(expected)
        assert set(fact.schools_without_audit) == {a.school.id for a in audits} - set(expected)
        if expected:
            assert fact.oldest_age_days == max((day - a.date).days for a in expected.values())


def test_report_as_of_dates_on_the_command_line() -> None:
    out = io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--as-of", "2019-01-01",
                 "--as-of", "2021-12-31", "--format", "json"], out=out,
                err=io.StringIO()) == 0
    rounds = json.loads(out.getvalue())["rounds"]
    assert [r["round"] for r in rounds] == ["2019-01-01", "2021-12-31"]
    assert (rounds[0]["audits"], len(rounds[0]["schools_without_audit"])) == (0, 70)
    assert (rounds[1]["audits"], rounds[1]["audit_age_oldest_days"]) == (70, 536)
    out = io.StringIO()
    main(["report", str(sample("pilot-audits.csv")), "--as-of", "2021-12-31"], out=out,
         err=io.StringIO())
    assert "As of 2021-12-31: 70 schools with an audit (median age 172 days, oldest 536)" in (
        out.getvalue())


def test_a_date_before_every_audit_is_a_round_on_that_date_with_no_schools() -> None:
    cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    result = pb.report(cohort, as_of=[dt.date(2010, 1, 1), dt.date(2020, 1, 1)])
    first, second = result.rounds
    assert (first.round, first.date, first.audits) == ("2010-01-01", dt.date(2010, 1, 1), 0)
    assert (second.date, second.audits) == (dt.date(2019, 7, 15), 70)
    assert "0001-01-01" not in pb.pilot_tables(result)
