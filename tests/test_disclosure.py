"""Disclosure control: figures from fewer than K schools are left out, and never one group
alone in a round, so nothing left out can be worked back from what is published."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample


def _cohort(draw: st.DrawFn, school: Callable[[int], pb.School]) -> tuple[pb.Cohort, int]:
    """Up to 40 schools (``school(i)`` makes the i-th), each audited in either round or
    both, and a threshold K."""
    fw = pb.load_framework("ne-primary")
    audits = []
    for s in range(draw(st.integers(1, 40))):
        one = school(s)
        for label, day in (("r1", dt.date(2020, 1, 1)), ("r2", dt.date(2021, 1, 1))):
            if draw(st.booleans()):
                audits.append(pb.Audit(framework=fw.ref, school=one, date=day, round=label,
                                       ratings={c: draw(st.sampled_from(fw.scale.ids))
                                                for c in fw.characteristic_ids[:6]}))
    if not audits:
        audits.append(pb.Audit(framework=fw.ref, school=school(0), date=dt.date(2020, 1, 1),
                               round="r1"))
    return pb.Cohort.from_audits(audits, fw), draw(st.integers(1, 8))


@st.composite
def grouped_cohorts(draw: st.DrawFn) -> tuple[pb.Cohort, int]:
    n_groups = draw(st.integers(1, 5))
    return _cohort(draw, lambda s: pb.School(
        id=f"S{s}", local_authority=f"LA{draw(st.integers(0, n_groups - 1))}"))


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


@st.composite
def nested_cohorts(draw: st.DrawFn) -> tuple[pb.Cohort, int]:
    """Schools in hubs and, within each hub, local authorities (an authority in one hub)."""
    def school(s: int) -> pb.School:
        la = draw(st.integers(0, 5))
        return pb.School(id=f"S{s}", local_authority=f"LA{la}",
                         attributes={"hub": f"H{la % 2}"})

    return _cohort(draw, school)


def _families_hold(sizes: dict[str, tuple[int, bool]], parent: dict[str, str | None]) -> None:
    """No family (a total and the groups adding up to it) gives a hidden member back."""
    families: dict[str | None, list[str]] = {}
    for group in sizes:
        families.setdefault(parent[group], []).append(group)
    for total, members in families.items():
        hidden = [m for m in members if sizes[m][1]]
        total_hidden = total is not None and sizes[total][1]
        if not total_hidden:
            assert len(hidden) != 1 or len(members) == 1, (total, members)
        elif members:
            assert hidden, (total, members)


@settings(max_examples=60, deadline=None)
@given(nested_cohorts())
def test_no_suppressed_figure_of_a_nested_report_can_be_worked_back(
        pair: tuple[pb.Cohort, int]) -> None:
    cohort, k = pair
    result = pb.report(cohort, by="hub,local_authority", min_schools=k)
    parent = {r.group: (None if " / " not in str(r.group) else str(r.group).split(" / ")[0])
              for r in result.rounds}
    for label in cohort.round_labels:
        cells = {str(r.group): (r.audits, r.suppressed) for r in result.rounds
                 if r.round == label}
        for audits, hidden in cells.values():
            assert hidden or audits >= k
        _families_hold(cells, {str(g): parent[g] for g in parent if str(g) in cells})
    for step in dict.fromkeys((p.before, p.after) for p in result.progress):
        pairs = {str(p.group): (p.paired_schools, p.paired_characteristics_achieved is None)
                 for p in result.progress if (p.before, p.after) == step}
        for paired, hidden in pairs.values():
            assert hidden or paired >= k or paired == 0
        _families_hold(pairs, {str(g): parent.get(g) for g in pairs})


def test_a_nested_report_suppresses_the_sibling_not_a_stranger() -> None:
    fw = pb.load_framework("ne-primary")
    audits = [pb.Audit(framework=fw.ref, school=pb.School(
        id=f"S{i}", local_authority=la, attributes={"hub": hub}), date=dt.date(2020, 1, 1),
        round="r1", ratings={"P1.1": "fully"})
        for i, (hub, la) in enumerate([("North", "A")] * 3 + [("North", "B")] * 17
                                      + [("South", "C")] * 6 + [("South", "D")] * 10)]
    result = pb.report(pb.Cohort.from_audits(audits, fw), by="hub,local_authority",
                       min_schools=5)
    assert {r.group: r.suppressed for r in result.rounds} == {
        "North": False, "North / A": True, "North / B": True,
        "South": False, "South / C": False, "South / D": False}
