"""Suggested targets: the characteristics an audit's next steps are made of, and a plan
started from them."""

from __future__ import annotations

import datetime as _dt

import attrs

from ..model.audit import Audit
from ..model.checks import check_argument
from ..model.framework import Framework
from ..model.plan import ActionPlan, Target
from .scoring import score

__all__ = ["Suggestion", "start_plan", "suggest_targets"]


@attrs.frozen(kw_only=True)
class Suggestion:
    """A characteristic to work on next, the level it needs, and why.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> tip = pb.suggest_targets(pb.load_audit(sample("audits/baseline.yaml")),
    ...                          pb.load_framework("ne-primary"))[0]
    >>> tip.characteristic, tip.steps, tip.benchmark_steps
    ('P7.1', 1, 5)
    """

    characteristic: str
    benchmark: str
    current: str
    needs: str
    steps: int
    benchmark_steps: int
    reason: str


def suggest_targets(audit: Audit, framework: Framework, *, max_targets: int | None = None
                    ) -> tuple[Suggestion, ...]:
    """Characteristics to work on next, those that complete a benchmark soonest first.

    Ranking: benchmarks by the fewest remaining steps (a step is one level up on the
    scale, summed over what blocks the benchmark; ties in framework order), and within a
    benchmark its characteristics by their own steps, then framework order; so a capped
    list finishes whole benchmarks first. Deterministic. Not-applicable characteristics are never
    suggested, and a benchmark already achieved or not applicable gives none.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> tips = suggest_targets(load_audit(sample("audits/baseline.yaml")),
    ...                        load_framework("ne-primary"), max_targets=2)
    >>> [(s.characteristic, s.needs) for s in tips]
    [('P7.1', 'fully'), ('P7.2', 'fully')]
    """
    check_argument("suggest_targets", "audit", audit, Audit)
    check_argument("suggest_targets", "framework", framework, Framework)
    if max_targets is not None and max_targets < 0:
        raise ValueError("max_targets cannot be negative")
    result = score(audit, framework)
    scale = framework.scale
    order = {c: i for i, c in enumerate(framework.characteristic_ids)}
    bench_order = {b.id: i for i, b in enumerate(framework.benchmarks)}
    candidates = []
    for b in result.benchmarks:
        if b.achieved is not False:
            continue
        blockers = [x for x in b.blocking if scale.rank(x.level) >= 0]
        if not blockers:
            continue
        steps = {x.characteristic: scale.rank(x.needs) - scale.rank(x.level) for x in blockers}
        total = sum(steps.values())
        for x in blockers:
            candidates.append(Suggestion(
                characteristic=x.characteristic, benchmark=b.id, current=x.level, needs=x.needs,
                steps=steps[x.characteristic], benchmark_steps=total,
                reason=(f"{b.id} is {total} step{'s' if total != 1 else ''} from achieved; "
                        f"{x.characteristic} is {x.level}" + (" (not rated)" if x.unrated
                                                              else "")
                        + f" and needs {x.needs}")))
    candidates.sort(key=lambda s: (s.benchmark_steps, bench_order[s.benchmark], s.steps,
                                   order[s.characteristic]))
    return tuple(candidates if max_targets is None else candidates[:max_targets])


def start_plan(audit: Audit, framework: Framework, *, created: _dt.date, due: _dt.date,
               max_targets: int | None = 5) -> ActionPlan:
    """A new plan pre-filled from :func:`suggest_targets` (targets without actions yet).

    >>> import datetime as dt
    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> plan = start_plan(load_audit(sample("audits/baseline.yaml")),
    ...                   load_framework("ne-primary"), created=dt.date(2019, 9, 1),
    ...                   due=dt.date(2020, 7, 1), max_targets=2)
    >>> [t.id for t in plan.targets]
    ['T1', 'T2']
    """
    suggestions = suggest_targets(audit, framework, max_targets=max_targets)
    return ActionPlan(
        framework=audit.framework, school=audit.school, created=created,
        starts_from=audit.date,
        targets=tuple(Target(id=f"T{i + 1}", characteristic=s.characteristic, level=s.needs,
                             due=due, success_measure=s.reason)
                      for i, s in enumerate(suggestions)))
