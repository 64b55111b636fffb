"""Action plans: statuses at boundary dates, evaluation over a series of audits, suggestion
ranking (ties, not applicable), reviews, files and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from primary_benchmarks import (
    Action,
    ActionPlan,
    Audit,
    Framework,
    School,
    Target,
    evaluate_plan,
    load_audit,
    load_cohort,
    load_framework,
    load_plan,
    score,
    suggest_targets,
)
from primary_benchmarks.analysis import PlanError, plan_history, review_plan, start_plan
from primary_benchmarks.cli import main
from primary_benchmarks.formats import dumps_plan, loads_plan

from .strategies import frameworks

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "pilot" / "plans"
NE = load_framework("ne-primary@1.0.0")
RULES = load_framework(ROOT / "tests" / "data" / "frameworks" / "valid" / "rules.yaml")
DUE = dt.date(2020, 7, 15)
SCHOOL = School(id="1")


def _plan(*targets: Target, fw: Framework = NE) -> ActionPlan:
    return ActionPlan(framework=fw.ref, school=SCHOOL, created=dt.date(2019, 9, 1),
                      targets=targets)


def _audit(fw: Framework = NE, /, **ratings: str) -> Audit:
    return Audit(framework=fw.ref, school=SCHOOL, date=dt.date(2020, 7, 1),
                 ratings={k.replace("_", "."): v for k, v in ratings.items()})


OPEN = Action(description="Do it", owner="Lead", due=DUE, status="in_progress")
DONE = attrs.evolve(OPEN, status="done")


@pytest.mark.parametrize(("today", "actions", "status"), [
    (DUE - dt.timedelta(days=31), (OPEN,), "not_yet"),
    (DUE - dt.timedelta(days=30), (OPEN,), "at_risk"),
    (DUE, (OPEN,), "at_risk"),
    (DUE + dt.timedelta(days=1), (OPEN,), "overdue"),
    (DUE - dt.timedelta(days=5), (DONE,), "not_yet"),
    (DUE - dt.timedelta(days=5), (), "not_yet"),
    (DUE + dt.timedelta(days=1), (), "overdue"),
])
def test_target_status_at_boundary_dates(today: dt.date, actions: tuple[Action, ...],
                                         status: str) -> None:
    plan = _plan(Target(id="T1", characteristic="P1.2", level="fully", due=DUE,
                        actions=actions))
    result = evaluate_plan(plan, _audit(P1_2="partially"), NE, today=today)
    assert result.targets[0].status == status


def test_met_wins_over_overdue_and_action_overdue_boundaries() -> None:
    plan = _plan(Target(id="T1", characteristic="P1.2", level="partially", due=DUE,
                        actions=(OPEN, DONE)))
    on_due = evaluate_plan(plan, _audit(P1_2="fully"), NE, today=DUE)
    assert on_due.targets[0].status == "met"
    assert [a.overdue for a in on_due.targets[0].actions] == [False, False]
    after = evaluate_plan(plan, _audit(P1_2="fully"), NE, today=DUE + dt.timedelta(days=1))
    assert after.targets[0].status == "met"
    assert [a.overdue for a in after.targets[0].actions] == [True, False]


def test_benchmark_targets_and_not_applicable() -> None:
    plan = _plan(
        Target(id="A", benchmark="A", due=DUE),                    # achieved by its rule
        Target(id="B", benchmark="B", level="some", due=DUE),      # every one at some+
        Target(id="C", characteristic="C.2", level="most", due=DUE),
        fw=RULES)
    audit = _audit(RULES, A_1="most", A_2="all", B_1="some", B_2="none", B_3="all", C_2="na")
    result = evaluate_plan(plan, audit, RULES, today=DUE)
    assert [(t.target.id, t.status, t.current) for t in result.targets] == [
        ("A", "met", "achieved"), ("B", "not_yet", "none"), ("C", "not_applicable", "na")]
    assert result.share_met == 0.5  # not applicable is left out
    assert "B" in result.projected_benchmarks


def test_projection_names_the_benchmarks_the_plan_would_achieve() -> None:
    ids = NE.benchmark("P8").characteristic_ids
    plan = _plan(*(Target(id=f"T{i}", characteristic=c, level="fully", due=DUE)
                   for i, c in enumerate(ids)))
    result = evaluate_plan(plan, _audit(), NE, today=DUE)
    assert result.share_met == 0.0
    assert result.projected_benchmarks == ("P8",)
    assert result.newly_projected == ("P8",)


def test_history_over_a_series_of_audits() -> None:
    plan = load_plan(PLANS / "SYN007.yaml")
    audits = [a for a in load_cohort(ROOT / "examples" / "pilot" / "audits.csv").cohort.audits()
              if a.school.id == "SYN007"]
    history = plan_history(plan, audits, NE)
    assert [h.audit_date.isoformat() for h in history] == ["2019-07-15", "2020-07-13",
                                                          "2021-07-12"]
    assert [[t.status for t in h.targets] for h in history] == [
        ["not_yet", "not_yet", "not_yet", "not_yet", "not_yet", "not_yet"],
        ["at_risk", "at_risk", "met", "at_risk", "at_risk", "not_yet"],
        ["overdue", "overdue", "met", "overdue", "met", "met"]]
    assert [h.share_met for h in history] == [0.0, 1 / 6, 0.5]


def test_suggestions_rank_nearest_benchmarks_first_with_ties_in_order() -> None:
    audit = _audit(P1_1="fully", P1_2="fully", P1_3="fully", P1_4="fully", P1_5="partially",
                   P2_1="fully", P2_2="fully", P2_3="fully", P2_4="partially",
                   P2_5="partially",
                   P3_1="fully", P3_2="fully", P3_3="fully", P3_4="fully", P3_5="partially",
                   **{f"P4_{i}": "fully" for i in range(1, 8)})
    got = [(s.characteristic, s.steps, s.benchmark_steps) for s in suggest_targets(audit, NE)]
    assert got[:5] == [("P1.5", 1, 1), ("P3.5", 1, 1), ("P2.4", 1, 2), ("P2.5", 1, 2),
                       ("P7.1", 2, 8)]
    assert [s.characteristic for s in suggest_targets(audit, NE, max_targets=2)] == ["P1.5",
                                                                                    "P3.5"]
    assert suggest_targets(audit, NE) == suggest_targets(audit, NE)


def test_suggestions_skip_not_applicable_and_achieved() -> None:
    audit = _audit(RULES, A_1="all", A_2="all", B_1="na", B_2="none", B_3="some",
                   C_1="none", C_2="na")
    suggestions = suggest_targets(audit, RULES)
    assert [(s.characteristic, s.benchmark, s.needs) for s in suggestions] == [
        ("C.1", "C", "most")]
    assert suggestions[0].reason == "C is 2 steps from achieved; C.1 is none and needs most"


def test_start_and_review_a_plan() -> None:
    baseline = load_audit(ROOT / "tests" / "data" / "audits" / "valid" / "baseline.yaml")
    plan = start_plan(baseline, NE, created=dt.date(2019, 9, 1), due=DUE, max_targets=3)
    assert [(t.id, t.characteristic, t.level) for t in plan.targets] == [
        ("T1", "P7.1", "fully"), ("T2", "P7.2", "fully"), ("T3", "P7.4", "fully")]
    later = attrs.evolve(baseline, date=dt.date(2020, 7, 15),
                         ratings={**baseline.ratings, "P7.1": "fully"})
    new_target = Target(id="T4", characteristic="P8.1", level="fully", due=dt.date(2021, 7, 1))
    reviewed = review_plan(plan, later, NE, today=dt.date(2020, 7, 20), add=[new_target],
                           due={"T2": dt.date(2021, 7, 1)})
    assert reviewed.version == 2
    assert [t.id for t in reviewed.targets] == ["T2", "T3", "T4"]
    assert reviewed.target("T2").due == dt.date(2021, 7, 1)
    assert [(t.id, t.closed) for t in reviewed.closed_targets] == [("T1",
                                                                    dt.date(2020, 7, 20))]
    assert plan.version == 1  # the old version is kept as it was
    assert len(plan.targets) == 3
    assert loads_plan(dumps_plan(reviewed)) == reviewed
    with pytest.raises(PlanError, match="target ids already used in this plan: T1"):
        review_plan(plan, later, NE, today=DUE, add=[attrs.evolve(new_target, id="T1")])
    with pytest.raises(PlanError, match="not an open target"):
        review_plan(plan, later, NE, today=DUE, due={"T9": DUE})


def test_plan_and_audit_must_match() -> None:
    other = Audit(framework=NE.ref, school=School(id="2"), date=DUE)
    with pytest.raises(PlanError, match="the plan is for school '1'"):
        evaluate_plan(_plan(), other, NE, today=DUE)


@st.composite
def met_plans(draw: st.DrawFn) -> tuple[Framework, Audit, ActionPlan]:
    fw = draw(frameworks())
    ratings = {c: draw(st.sampled_from(fw.scale.ids)) for c in fw.characteristic_ids
               if draw(st.booleans())}
    audit = Audit(framework=fw.ref, school=SCHOOL, date=DUE, ratings=ratings)
    result = score(audit, fw)
    scale = fw.scale
    targets = []
    for i, cid in enumerate(fw.characteristic_ids):
        rank = scale.rank(audit.level_of(cid) or scale.lowest.id)
        if rank >= 0 and draw(st.booleans()):
            level = scale.applicable[draw(st.integers(0, rank))].id
            targets.append(Target(id=f"C{i}", characteristic=cid, level=level, due=DUE))
    for b in result.benchmarks:
        if b.achieved and draw(st.booleans()):
            targets.append(Target(id=f"B{b.id}", benchmark=b.id, due=DUE))
    plan = ActionPlan(framework=fw.ref, school=SCHOOL, created=DUE, targets=tuple(targets))
    return fw, audit, plan


@given(met_plans(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)))
def test_a_plan_whose_targets_are_all_met(case: tuple[Framework, Audit, ActionPlan],
                                          today: dt.date) -> None:
    fw, audit, plan = case
    result = evaluate_plan(plan, audit, fw, today=today)
    assert all(t.status == "met" for t in result.targets)
    assert result.share_met == (1.0 if plan.targets else None)
    assert set(result.projected_benchmarks) == set(score(audit, fw).achieved_ids)
    assert result.newly_projected == ()


def test_example_plans_validate() -> None:
    out = io.StringIO()
    assert main(["validate", str(PLANS)], out=out) == 0, out.getvalue()
    assert "ok: action plan of school SYN001 against ne-primary@1.0.0 (6 open targets)" in (
        out.getvalue())


def test_cli_plan_and_suggest() -> None:
    audit = ROOT / "tests" / "data" / "audits" / "valid" / "baseline.yaml"
    out = io.StringIO()
    assert main(["plan", str(ROOT / "tests" / "data" / "plans" / "valid" / "minimal.yaml"),
                 "--audit", str(audit), "--today", "2020-07-16"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == ("Action plan of school 100001 (version 1), ne-primary@1.0.0, on "
                        "2020-07-16 (audit of 2019-07-15)")
    assert lines[1] == "  targets met: 0%; 1 overdue, 0 at risk, 0 not yet"
    out = io.StringIO()
    assert main(["plan", str(PLANS / "SYN001.yaml"), "--today", "2020-01-01", "--format",
                 "json"], out=out) == 0
    assert json.loads(out.getvalue())["targets"][0]["status"] == "not_yet"
    out = io.StringIO()
    assert main(["suggest", str(audit), "--max", "2"], out=out) == 0
    assert out.getvalue().splitlines() == [
        "  1. P7.1 partially->fully: Pupils learn about the routes after primary school, "
        "including furth...",
        "     P7 is 5 steps from achieved; P7.1 is partially and needs fully",
        "  2. P7.2 not->fully: Every pupil has at least one encounter with a college, "
        "university o...",
        "     P7 is 5 steps from achieved; P7.2 is not and needs fully"]
    assert main(["plan", "x.yaml", "--today", "2020-13-01"], out=io.StringIO(),
                err=io.StringIO()) == 2


def test_a_plan_against_a_csv_of_audits_takes_the_schools_latest(tmp_path: Path) -> None:
    import io

    from primary_benchmarks.cli import main

    root = Path(__file__).parent.parent / "examples" / "pilot"
    args = ["plan", str(root / "plans" / "SYN001.yaml"), "--audit", str(root / "audits.csv")]
    out = io.StringIO()
    assert main([*args, "--today", "2021-01-01"], out=out, err=io.StringIO()) == 0
    assert "(audit of 2020-07-13)" in out.getvalue().splitlines()[0]
    out = io.StringIO()
    assert main([*args, "--today", "2020-01-01"], out=out, err=io.StringIO()) == 0
    assert "(audit of 2019-07-15)" in out.getvalue().splitlines()[0]
    err = io.StringIO()
    assert main([*args, "--today", "2010-01-01"], out=io.StringIO(), err=err) == 2
    assert "no audit of school SYN001" in err.getvalue()
