"""Disclosure control: figures from fewer than K schools are left out, and never one group
alone in a round, so nothing left out can be worked back from what is published."""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample


@st.composite
def grouped_cohorts(draw: st.DrawFn) -> tuple[pb.Cohort, int]:
    fw = pb.load_framework("ne-primary")
    n_groups = draw(st.integers(1, 5))
    audits = []
    for s in range(draw(st.integers(1, 40))):
        school = pb.School(id=f"S{s}", local_authority=f"LA{draw(st.integers(0, n_groups - 1))}")
        for label, day in (("r1", dt.date(2020, 1, 1)), ("r2", dt.date(2021, 1, 1))):
            if draw(st.booleans()):
                audits.append(pb.Audit(framework=fw.ref, school=school, date=day, round=label,
                                       ratings={c: draw(st.sampled_from(fw.scale.ids))
                                                for c in fw.characteristic_ids[:6]}))
    if not audits:
        audits.append(pb.Audit(framework=fw.ref, school=pb.School(id="X", local_authority="LA0"),
                               date=dt.date(2020, 1, 1), round="r1"))
    return pb.Cohort.from_audits(audits, fw), draw(st.integers(1, 8))


@settings(max_examples=60, deadline=None)
@given(grouped_cohorts())
def test_no_suppressed_figure_can_be_worked_back(pair: tuple[pb.Cohort, int]) -> None:
    cohort, k = pair
    grouped = pb.report(cohort, by="local_authority", min_schools=k)
    whole = pb.report(cohort, min_schools=k)
    for label in cohort.round_labels:
        cells = [r for r in grouped.rounds if r.round == label]
        gone = [r for r in cells if r.suppressed]
        for r in cells:
            if r.audits < k:
                assert r.suppressed  # primary
        # never exactly one cell hidden while the whole round is published: the total
        # minus the published cells would give it back
        total = whole.round(label)
        if len(gone) == 1 and not total.suppressed:
            assert len(cells) == 1  # the group is the whole round, and it is published
            raise AssertionError("one group alone suppressed")
        for r in gone:
            assert r.characteristics_achieved is None
            assert r.benchmarks_achieved is None
            assert all(b.achieved_share is None for b in r.benchmarks)


def test_suppressed_figures_are_marked_everywhere() -> None:
    args = ["report", str(sample("pilot-audits.csv")), "--by", "type", "--min-schools", "15"]
    out = io.StringIO()
    assert main([*args, "--format", "json"], out=out, err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    hidden = [r for r in doc["rounds"] if r.get("suppressed")]
    assert [(r["round"], r["group"]) for r in hidden] == [("end of Y2", "academy"),
                                                          ("end of Y2", "foundation")]
    assert hidden[0]["characteristics_achieved"] is None
    assert hidden[0]["audits"] == 14
    assert doc["disclosure"]["min_schools"] == 15
    for fmt, mark in (("text", "  c"), ("csv", ",c,"), ("html", "<td>c</td>")):
        out = io.StringIO()
        main([*args, "--format", fmt], out=out, err=io.StringIO())
        assert mark in out.getvalue(), fmt
        if fmt != "csv":
            assert "figures from fewer than 15 schools are suppressed" in out.getvalue()
    paired = [p for p in doc["progress"] if p.get("suppressed")]
    assert all(p["paired_characteristics_achieved"] is None for p in paired)


def test_without_a_threshold_nothing_is_suppressed() -> None:
    result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort, by="type")
    assert not any(r.suppressed for r in result.rounds)
    assert "disclosure" not in result.to_dict()
