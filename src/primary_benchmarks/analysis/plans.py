"""Action plans: targets, actions and owners, checked against the audits that follow.

A plan names characteristics (or whole benchmarks) to move, the level to reach by a
due date, and the actions (with owners and statuses) that should get there. Every
function here is pure; dates come in as arguments (``today=``), never from the clock.

Target status, against an audit, on ``today``:

- ``met``: the audit shows the target reached (a characteristic at the target level or
  above; for a benchmark target with a level, every applicable characteristic there;
  without a level, the benchmark achieved by its rule);
- ``not_applicable``: a characteristic target whose characteristic is rated not
  applicable (or a benchmark target on a wholly not-applicable benchmark);
- ``overdue``: not met and ``today`` is after the due date;
- ``at_risk``: not met, due within ``at_risk_days`` (default 30) and some action still open
  (planned or in progress);
- ``not_yet``: otherwise.

An action is overdue when it is still open and ``today`` is after its due date.

>>> import datetime as dt
>>> from primary_benchmarks import Action, ActionPlan, Audit, School, Target, load_framework
>>> from primary_benchmarks import evaluate_plan
>>> fw = load_framework("ne-primary")
>>> plan = ActionPlan(framework=fw.ref, school=School(id="1"), created=dt.date(2019, 9, 1),
...     targets=(Target(id="T1", characteristic="P1.2", level="fully", due=dt.date(2020, 7, 1),
...                     actions=(Action(description="Train the lead", owner="Head",
...                                     due=dt.date(2019, 12, 1), status="done"),)),))
>>> audit = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 7, 10),
...               ratings={"P1.2": "fully"})
>>> result = evaluate_plan(plan, audit, fw, today=dt.date(2020, 7, 10))
>>> result.targets[0].status, result.share_met
('met', 1.0)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import PrimaryBenchmarksError
from ..model.audit import Audit, Rating
from ..model.checks import check_argument
from ..model.framework import Framework
from ..model.plan import Action, ActionPlan, Target
from ..model.version import FrameworkRef
from .scoring import AuditScore, score

__all__ = [
    "ActionEvaluation",
    "PlanError",
    "PlanEvaluation",
    "TargetEvaluation",
    "evaluate_plan",
    "plan_history",
    "review_plan",
]

@attrs.frozen(kw_only=True)
class ActionEvaluation:
    """An action on the evaluation date.

    >>> import datetime as dt
    >>> ActionEvaluation(action=Action(description="x", owner="y"), overdue=False).overdue
    False
    """

    action: Action
    overdue: bool


@attrs.frozen(kw_only=True)
class TargetEvaluation:
    """A target against an audit on the evaluation date.

    >>> import datetime as dt, primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> plan = pb.load_plan(sample("plan.yaml"))
    >>> audit = pb.load_audit(sample("audits/baseline.yaml"))
    >>> fw = pb.load_framework("ne-primary")
    >>> e = pb.evaluate_plan(plan, audit, fw, today=dt.date(2020, 1, 1))
    >>> e.targets[0].status, e.targets[0].current
    ('not_yet', 'partially')
    """

    target: Target
    status: str
    current: str | None
    actions: tuple[ActionEvaluation, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        t = self.target
        return {"id": t.id, "characteristic": t.characteristic, "benchmark": t.benchmark,
                "level": t.level, "due": t.due.isoformat(), "status": self.status,
                "current": self.current,
                "actions": [{"description": a.action.description, "owner": a.action.owner,
                             "due": a.action.due.isoformat() if a.action.due else None,
                             "status": a.action.status, "overdue": a.overdue}
                            for a in self.actions]}


@attrs.frozen(kw_only=True, repr=False)
class PlanEvaluation:
    """A plan against one audit on one date.

    >>> import datetime as dt, primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> plan = pb.load_plan(sample("plan.yaml"))
    >>> audit = pb.load_audit(sample("audits/end-of-y1.yaml"))
    >>> pb.evaluate_plan(plan, audit, pb.load_framework("ne-primary"), today=dt.date(2020, 7, 20))
    PlanEvaluation('100001', 2020-07-20: 100% of 1 targets met, 0 overdue)
    """

    school: str
    framework: FrameworkRef
    today: _dt.date
    audit_date: _dt.date
    targets: tuple[TargetEvaluation, ...]
    share_met: float | None
    projected_benchmarks: tuple[str, ...]
    newly_projected: tuple[str, ...]

    def _repr_html_(self) -> str:
        from .._html import html_table, pct

        rows = [[t.target.id, t.target.subject, t.target.level or "achieved",
                 t.target.due.isoformat(), t.status, t.current or "",
                 sum(1 for a in t.actions if a.overdue)] for t in self.targets]
        return html_table(["Target", "Subject", "Level", "Due", "Status", "Now",
                           "Overdue actions"], rows,
                          caption=f"Plan of school {self.school} on {self.today.isoformat()}: "
                                  f"{pct(self.share_met)} of targets met")

    def __repr__(self) -> str:
        met = "-" if self.share_met is None else f"{self.share_met:.0%}"
        return (f"PlanEvaluation({self.school!r}, {self.today.isoformat()}: {met} of "
                f"{len(self.targets)} targets met, {self.count('overdue')} overdue)")

    def count(self, status: str) -> int:
        """How many targets have ``status``."""
        return sum(1 for t in self.targets if t.status == status)

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``primary-benchmarks plan --format json``."""
        return {"school": self.school, "framework": str(self.framework),
                "today": self.today.isoformat(), "audit_date": self.audit_date.isoformat(),
                "share_met": self.share_met,
                "projected_benchmarks": list(self.projected_benchmarks),
                "newly_projected": list(self.newly_projected),
                "targets": [t.to_dict() for t in self.targets]}


class PlanError(PrimaryBenchmarksError, ValueError):
    """A plan and an audit or framework that do not belong together.

    >>> issubclass(PlanError, ValueError)
    True
    """


def _check(plan: ActionPlan, audit: Audit, framework: Framework) -> None:
    if plan.framework != framework.ref or audit.framework != framework.ref:
        raise PlanError(f"the plan ({plan.framework}), the audit ({audit.framework}) and the "
                        f"framework ({framework.ref}) must be the same version")
    if plan.school.id != audit.school.id:
        raise PlanError(f"the plan is for school {plan.school.id!r}, the audit for "
                        f"{audit.school.id!r}")


def _level(audit: Audit, framework: Framework, cid: str) -> str:
    return audit.level_of(cid) or framework.scale.lowest.id


def _target_state(target: Target, audit: Audit, framework: Framework,
                  result: AuditScore) -> tuple[str | None, str | None]:
    """(met / not_applicable / None, the current level or state shown)."""
    scale = framework.scale
    if target.characteristic is not None:
        current = _level(audit, framework, target.characteristic)
        if scale.rank(current) < 0:
            return "not_applicable", current
        assert target.level is not None
        return ("met" if scale.rank(current) >= scale.rank(target.level) else None), current
    bench = result.benchmark(target.benchmark or "")
    if bench.achieved is None:
        return "not_applicable", "not applicable"
    if target.level is None:
        return ("met" if bench.achieved else None), ("achieved" if bench.achieved
                                                     else "not achieved")
    ranks = [scale.rank(_level(audit, framework, c))
             for c in framework.benchmark(bench.id).characteristic_ids]
    applicable = [r for r in ranks if r >= 0]
    lowest = scale.applicable[min(applicable)].id if applicable else None
    return ("met" if min(applicable) >= scale.rank(target.level) else None), lowest


def _project(audit: Audit, plan: ActionPlan, framework: Framework) -> Audit:
    """The audit with every target reached (ratings only ever raised)."""
    scale = framework.scale
    ratings = dict(audit.ratings)

    def raise_to(cid: str, level: str) -> None:
        current = _level(audit, framework, cid)
        if scale.rank(current) < 0:
            return
        if scale.rank(current) < scale.rank(level):
            old = ratings.get(cid)
            ratings[cid] = attrs.evolve(old, level=level) if old else Rating(level=level)

    for t in plan.targets:
        if t.characteristic is not None and t.level is not None:
            raise_to(t.characteristic, t.level)
        elif t.benchmark is not None:
            level = t.level or scale.achieved_ids[0]
            for cid in framework.benchmark(t.benchmark).characteristic_ids:
                raise_to(cid, level)
    return attrs.evolve(audit, ratings=ratings)


def evaluate_plan(plan: ActionPlan, audit: Audit, framework: Framework, *, today: _dt.date,
                  at_risk_days: int = 30) -> PlanEvaluation:
    """Evaluate every open target and action of ``plan`` against ``audit`` on ``today``.

    >>> import datetime as dt
    >>> from primary_benchmarks import load_audit, load_framework, load_plan
    >>> from primary_benchmarks.formats import sample
    >>> result = evaluate_plan(load_plan(sample("plan.yaml")),
    ...                        load_audit(sample("audits/end-of-y1.yaml")),
    ...                        load_framework("ne-primary"), today=dt.date(2020, 7, 20))
    >>> result.targets[0].status
    'met'
    """
    check_argument("evaluate_plan", "plan", plan, ActionPlan)
    check_argument("evaluate_plan", "audit", audit, Audit)
    check_argument("evaluate_plan", "framework", framework, Framework)
    _check(plan, audit, framework)
    result = score(audit, framework)
    evaluations = []
    for t in plan.targets:
        state, current = _target_state(t, audit, framework, result)
        open_actions = any(a.open for a in t.actions)
        if state is not None:
            status = state
        elif today > t.due:
            status = "overdue"
        elif (t.due - today).days <= at_risk_days and open_actions:
            status = "at_risk"
        else:
            status = "not_yet"
        evaluations.append(TargetEvaluation(
            target=t, status=status, current=current,
            actions=tuple(ActionEvaluation(action=a, overdue=a.open and a.due is not None
                                           and today > a.due) for a in t.actions)))
    counted = [e for e in evaluations if e.status != "not_applicable"]
    projected = score(_project(audit, plan, framework), framework)
    now = set(result.achieved_ids)
    return PlanEvaluation(
        school=plan.school.id, framework=plan.framework, today=today, audit_date=audit.date,
        targets=tuple(evaluations),
        share_met=(sum(1 for e in counted if e.status == "met") / len(counted)
                   if counted else None),
        projected_benchmarks=projected.achieved_ids,
        newly_projected=tuple(b for b in projected.achieved_ids if b not in now))


def plan_history(plan: ActionPlan, audits: Sequence[Audit], framework: Framework, *,
                 at_risk_days: int = 30) -> tuple[PlanEvaluation, ...]:
    """The plan evaluated against each audit in date order, on each audit's own date.

    >>> from primary_benchmarks import load_audit, load_framework, load_plan
    >>> from primary_benchmarks.formats import sample
    >>> audits = [load_audit(sample("audits/end-of-y1.yaml")),
    ...           load_audit(sample("audits/baseline.yaml"))]
    >>> history = plan_history(load_plan(sample("plan.yaml")), audits,
    ...                        load_framework("ne-primary"))
    >>> [(h.audit_date.year, h.targets[0].status) for h in history]
    [(2019, 'not_yet'), (2020, 'met')]
    """
    return tuple(evaluate_plan(plan, a, framework, today=a.date, at_risk_days=at_risk_days)
                 for a in sorted(audits, key=lambda a: a.date))


def review_plan(plan: ActionPlan, audit: Audit, framework: Framework, *, today: _dt.date,
                add: Sequence[Target] = (), due: Mapping[str, _dt.date] | None = None,
                actions: Mapping[str, Sequence[Action]] | None = None) -> ActionPlan:
    """The next version of ``plan`` after a review on ``today``; ``plan`` is unchanged.

    Targets met in ``audit`` are closed (kept in ``closed_targets``); ``add`` appends new
    targets; ``due`` moves targets' due dates; ``actions`` replaces targets' actions.

    >>> import datetime as dt
    >>> from primary_benchmarks import load_audit, load_framework, load_plan
    >>> from primary_benchmarks.formats import sample
    >>> plan = load_plan(sample("plan.yaml"))
    >>> nxt = review_plan(plan, load_audit(sample("audits/end-of-y1.yaml")),
    ...                   load_framework("ne-primary"), today=dt.date(2020, 7, 20))
    >>> nxt.version, [t.id for t in nxt.closed_targets], plan.version
    (2, ['T1'], 1)
    """
    evaluation = evaluate_plan(plan, audit, framework, today=today)
    met = {e.target.id for e in evaluation.targets if e.status == "met"}
    known = {t.id for t in plan.targets} | {t.id for t in plan.closed_targets}
    for mapping, what in ((due or {}, "due dates"), (actions or {}, "actions")):
        unknown = [k for k in mapping if k not in {t.id for t in plan.targets}]
        if unknown:
            raise PlanError(f"cannot change {what} of {', '.join(unknown)}: not an open target")
    clash = [t.id for t in add if t.id in known]
    if clash:
        raise PlanError(f"target ids already used in this plan: {', '.join(clash)}")
    kept = []
    for t in plan.targets:
        if t.id in met:
            continue
        if due and t.id in due:
            t = attrs.evolve(t, due=due[t.id])
        if actions and t.id in actions:
            t = attrs.evolve(t, actions=tuple(actions[t.id]))
        kept.append(t)
    closed = tuple(attrs.evolve(t, closed=today) for t in plan.targets if t.id in met)
    return attrs.evolve(plan, version=plan.version + 1, created=today,
                        reviews=(*plan.reviews, today), targets=(*kept, *add),
                        closed_targets=(*plan.closed_targets, *closed))
