"""Cohort reports: the pilot's tables, per round and per group, as pure functions.

Definitions (pinned by tests on hand-made cohorts):

- ``levels`` (per benchmark): every rating of the benchmark in the round pooled;
  the share at each level id. Unrated counts at the lowest level; the
  not-applicable level is its own level. Shares sum to 1.
- ``characteristics_achieved``: the mean over the round's audits of each audit's
  share of applicable characteristics achieved (audits with nothing applicable
  left out; ``None`` if that leaves none).
- ``benchmarks_achieved``: the mean over the round's audits of benchmarks achieved.
- ``benchmarks_achieved_histogram[k]``: how many audits achieved exactly k benchmarks.
- ``achieved_share`` (per benchmark): achieved / audits in which the benchmark is
  assessed (not wholly not applicable); ``None`` if none.
- Progress between consecutive rounds: *paired* over schools audited in both
  (mean of each school's change), *unpaired* as the difference of the two
  rounds' means over all their audits; each with its number of schools.

>>> from primary_benchmarks import load_cohort, report
>>> from primary_benchmarks.formats import sample
>>> result = load_cohort(sample("pilot-audits.csv"))
>>> pilot = report(result.cohort)
>>> [(r.round, r.audits, f"{r.characteristics_achieved:.0%}",
...   f"{r.benchmarks_achieved:.1f}") for r in pilot.rounds]
[('baseline', 70, '13%', '0.0'), ('end of Y1', 70, '39%', '0.5'), ('end of Y2', 58, '65%', '2.4')]
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from ..engine.snapshot import SnapshotFacts, snapshot
from ..errors import UsageError
from ..model.checks import check_argument
from .disclosure import suppress
from .evaluate_report import evaluate
from .measures import AuditMeasures, audit_measures
from .paired import benchmark_changes
from .report_types import BenchmarkRound, CohortReport, ModelMean, RoundProgress, RoundReport
from .scoring_models import check_model_names, model_scores

__all__ = [
    "BenchmarkRound",
    "CohortReport",
    "RoundProgress",
    "RoundReport",
    "report",
]



def _div(num: float, den: float) -> float | None:
    return num / den if den else None


def report(cohort: Cohort, *, by: str | Sequence[str] | None = None, ci: float | None = None,
           seed: int = 0,
           cluster_by: str | None = None, replicates: int = 1_000,
           min_schools: int | None = None,
           as_of: _dt.date | Sequence[_dt.date] | None = None,
           models: Sequence[str] = ()) -> CohortReport:
    """The cohort's figures per round (and per value of the school attribute ``by``).

    See the module docs for every definition. Each step between rounds also carries its
    attrition, level transitions, McNemar tests and effect size (:mod:`.evaluation`);
    ``ci`` (such as 0.95) adds cluster-bootstrap intervals, resampling schools (or the
    ``cluster_by`` attribute's clusters) ``replicates`` times, deterministic for ``seed``.
    ``min_schools`` leaves out every figure from fewer schools (:mod:`.disclosure`).
    ``as_of`` (a date, or several for a trend) reports where every school stands on each
    date instead of by round: its latest audit on or before it
    (:mod:`primary_benchmarks.engine.snapshot`). ``models`` names scoring models
    (:mod:`.scoring_models`, or ``"all"``): each row gets each model's mean score.

    >>> from primary_benchmarks import load_cohort
    >>> from primary_benchmarks.formats import sample
    >>> result = report(load_cohort(sample("pilot-audits.csv")).cohort, by="type")
    >>> sorted({r.group for r in result.rounds})
    ['academy', 'community', 'foundation', 'voluntary aided']

    ``by`` may name several attributes, ``"hub,local_authority"`` or ``["hub",
    "local_authority"]``: the report nests them, a row for each hub (its total) followed
    by a row for each authority within it (``"North / Durham"``).
    """
    check_argument("report", "cohort", cohort, Cohort)
    models = check_model_names(models)
    by = _attribute_names(by)
    if isinstance(as_of, str) or (not isinstance(as_of, _dt.date | None) and any(
            not isinstance(d, _dt.date) for d in as_of)):
        raise TypeError(f"report(): as_of must be a datetime.date or several, not {as_of!r}; "
                        "such as datetime.date.fromisoformat('2020-07-31')")
    if replicates < 1:
        raise UsageError(f"replicates={replicates}: draw at least one (1,000 is usual)")
    if ci is not None and not 0 < ci < 1:
        raise UsageError(f"ci={ci}: a confidence level is between 0 and 1, such as 0.95")
    if cluster_by is not None and len(cohort.schools) and all(
            v is None for v in cohort.schools.attribute(cluster_by)):
        raise UsageError(f"no school has the attribute {cluster_by!r} to cluster by")
    if by is not None and "," in by:
        return _nested(cohort, by, ci=ci, seed=seed, cluster_by=cluster_by,
                       replicates=replicates, min_schools=min_schools, as_of=as_of,
                       models=models)
    facts: tuple[SnapshotFacts, ...] = ()
    if as_of is not None:
        dates = [as_of] if isinstance(as_of, _dt.date) else list(as_of)
        if not dates:
            raise UsageError("as_of: give at least one date")
        cohort, facts = snapshot(cohort, dates)
    compiled = compiled_for(cohort.framework)
    n_rounds = len(cohort.round_labels)
    group_labels: list[str | None]
    if by is None:
        group_labels = [None]
        school_group = np.zeros(len(cohort.schools), dtype=np.intp)
    else:
        values = cohort.schools.attribute(by)
        if cohort.schools and all(v is None for v in values):
            present = sorted(cohort.schools.attribute_names)
            raise UsageError(f"no school has the attribute {by!r} to break the report down "
                             "by; attributes present: " + (", ".join(present) or "none"))
        group_labels = [*sorted({v if v is not None else "(none)" for v in values})]
        gpos = {g: i for i, g in enumerate(group_labels)}
        school_group = np.array([gpos[v if v is not None else "(none)"] for v in values],
                                dtype=np.intp)
    n_groups = len(group_labels)
    group = school_group[cohort.school_index] if len(cohort) else np.zeros(0, dtype=np.intp)
    cells = cohort.round_index.astype(np.intp) * n_groups + group
    n_cells = n_rounds * n_groups
    measures = audit_measures(cohort, cells, n_cells)
    pooled = measures.pooled

    audits = np.bincount(cells, minlength=n_cells)
    complete = np.bincount(cells, weights=measures.complete, minlength=n_cells)
    defined = ~np.isnan(measures.share)
    share_sum = np.bincount(cells[defined], weights=measures.share[defined], minlength=n_cells)
    share_n = np.bincount(cells[defined], minlength=n_cells)
    bench_sum = np.bincount(cells, weights=measures.n_achieved, minlength=n_cells)
    n_b = len(compiled.benchmark_ids)
    hist = np.bincount(cells * (n_b + 1) + measures.n_achieved,
                       minlength=n_cells * (n_b + 1)).reshape(n_cells, n_b + 1)
    ach_by_b, ass_by_b = measures.achieved_cells, measures.assessed_cells

    means = _model_means(cohort, models, cells, n_cells)
    rounds = cohort.rounds
    if facts:  # a date no school had been audited by: the round stands on that date
        rounds = tuple(attrs.evolve(rnd, date=f.as_of) if not rnd.audits else rnd
                       for rnd, f in zip(rounds, facts, strict=True))
    level_ids = compiled.level_ids
    # Plain lists once, so the loop below reads Python numbers, not numpy scalars.
    pooled_l, ach_l, ass_l = pooled.tolist(), ach_by_b.tolist(), ass_by_b.tolist()
    audits_l, complete_l, hist_l = audits.tolist(), complete.tolist(), hist.tolist()
    share_sum_l, share_n_l, bench_sum_l = share_sum.tolist(), share_n.tolist(), bench_sum.tolist()
    out: list[RoundReport] = []
    for r, rnd in enumerate(rounds):
        for g, label in enumerate(group_labels):
            c = r * n_groups + g
            if by is not None and audits_l[c] == 0:
                continue
            benchmarks = []
            for b, bid in enumerate(compiled.benchmark_ids):
                counts = pooled_l[c][b]
                total = sum(counts)
                benchmarks.append(BenchmarkRound(
                    id=bid, levels={lid: (k / total if total else 0.0)
                                    for lid, k in zip(level_ids, counts, strict=True)},
                    achieved_share=_div(float(ach_l[c][b]), float(ass_l[c][b])),
                    assessed=int(ass_l[c][b])))
            out.append(RoundReport(
                round=rnd.label, date=rnd.date, group=label, audits=int(audits_l[c]),
                complete_audits=int(complete_l[c]),
                characteristics_achieved=_div(float(share_sum_l[c]), float(share_n_l[c])),
                benchmarks_achieved=_div(float(bench_sum_l[c]), float(audits_l[c])),
                benchmarks_achieved_histogram=tuple(int(x) for x in hist_l[c]),
                benchmarks=tuple(benchmarks),
                models={m: found[c] for m, found in means.items()}))
    progress = _progress(cohort, measures, school_group, group_labels)
    uncertainty, steps = evaluate(cohort, measures, school_group, group_labels, ci=ci,
                                  seed=seed, cluster_by=cluster_by, replicates=replicates)
    method = ({"ci": ci, "seed": seed, "replicates": replicates,
               "resampled": cluster_by or "school", "method": "percentile cluster bootstrap"}
              if ci is not None else {})
    result = CohortReport(framework=cohort.framework, by=by, level_ids=level_ids,
                          rounds=tuple(out), progress=tuple(progress),
                          uncertainty=uncertainty, steps=steps, method=method,
                          snapshots={str(f.as_of): f for f in facts})
    return suppress(result, min_schools) if min_schools is not None else result


def _attribute_names(by: object) -> str | None:
    """``by`` as the report reads it: text (several names joined by commas), from text or
    a sequence of names."""
    if by is None or isinstance(by, str):
        return by
    if isinstance(by, list | tuple) and by and all(isinstance(b, str) for b in by):
        return ",".join(by)
    raise TypeError(f"report(): by must name a school attribute, such as 'local_authority' "
                    f"(or several: ['hub', 'local_authority']), not {by!r}")


def _model_means(cohort: Cohort, models: Sequence[str], cells: npt.NDArray[np.intp],
                 n_cells: int) -> dict[str, list[ModelMean]]:
    """Per model, per cell (round x group): the mean score and maximum over its audits."""
    out: dict[str, list[ModelMean]] = {}
    for name in models:
        score, most = model_scores(cohort.codes, cohort.framework, name)
        ok = ~np.isnan(score)
        n = np.bincount(cells[ok], minlength=n_cells).tolist()
        total = np.bincount(cells[ok], weights=score[ok], minlength=n_cells).tolist()
        tops = np.bincount(cells[ok], weights=most[ok], minlength=n_cells).tolist()
        out[name] = [ModelMean(score=_div(t, k), maximum=_div(m, k), scored=int(k))
                     for t, m, k in zip(total, tops, n, strict=True)]
    return out


def _progress(cohort: Cohort, measures: AuditMeasures, school_group: npt.NDArray[np.intp],
              group_labels: list[str | None]) -> list[RoundProgress]:
    """Change between consecutive rounds, per group: sums per group by ``bincount``, so
    the cost grows with schools, not with schools x groups."""
    n_schools, n_rounds = len(cohort.schools), len(cohort.round_labels)
    n_groups = len(group_labels)
    at = np.full((n_schools, n_rounds), -1, dtype=np.int64)
    at[cohort.school_index, cohort.round_index] = np.arange(len(cohort))
    share = measures.share
    bench = measures.n_achieved.astype(np.float64)

    def per_group(mask: npt.NDArray[np.bool_], values: npt.NDArray[np.float64] | None = None
                  ) -> npt.NDArray[np.float64]:
        return np.bincount(school_group[mask], weights=None if values is None else values,
                           minlength=n_groups).astype(np.float64)

    out = []
    for r in range(n_rounds - 1):
        a_idx, b_idx = at[:, r], at[:, r + 1]
        before, after = a_idx >= 0, b_idx >= 0
        both = before & after
        sd = np.full(n_schools, np.nan)
        sd[both] = share[b_idx[both]] - share[a_idx[both]]
        sd_ok = ~np.isnan(sd)
        bd = np.zeros(n_schools)
        bd[both] = bench[b_idx[both]] - bench[a_idx[both]]
        sa = np.where(before, share[a_idx], np.nan)
        sb = np.where(after, share[b_idx], np.nan)
        sa_ok, sb_ok = ~np.isnan(sa), ~np.isnan(sb)
        n_before, n_after, n_both = per_group(before), per_group(after), per_group(both)
        n_sd, sum_sd = per_group(sd_ok), per_group(sd_ok, sd[sd_ok])
        sum_bd = per_group(both, bd[both])
        n_sa, sum_sa = per_group(sa_ok), per_group(sa_ok, sa[sa_ok])
        n_sb, sum_sb = per_group(sb_ok), per_group(sb_ok, sb[sb_ok])
        sum_ba = per_group(before, bench[a_idx[before]])
        sum_bb = per_group(after, bench[b_idx[after]])
        changes = benchmark_changes(cohort, measures, a_idx, b_idx, school_group, n_groups)
        for g, label in enumerate(group_labels):
            if not n_before[g] and not n_after[g]:
                continue
            out.append(RoundProgress(
                before=cohort.round_labels[r], after=cohort.round_labels[r + 1], group=label,
                paired_schools=int(n_both[g]),
                paired_characteristics_achieved=_div(float(sum_sd[g]), float(n_sd[g])),
                paired_benchmarks_achieved=_div(float(sum_bd[g]), float(n_both[g])),
                schools_before=int(n_before[g]), schools_after=int(n_after[g]),
                unpaired_characteristics_achieved=(
                    float(sum_sb[g] / n_sb[g] - sum_sa[g] / n_sa[g])
                    if n_sa[g] and n_sb[g] else None),
                unpaired_benchmarks_achieved=(
                    float(sum_bb[g] / n_after[g] - sum_ba[g] / n_before[g])
                    if n_before[g] and n_after[g] else None),
                benchmarks=changes[g]))
    return out


#: Between the levels of a nested group's label: ``North / Durham``.
NESTED = " / "


def _nested(cohort: Cohort, by: str, **options: Any) -> CohortReport:
    """A report broken down by several attributes at once: each level's groups (a level's
    label holds its parents' too), totals first, every row in one report."""
    from ..model.school_table import SchoolTable

    names = [n.strip() for n in by.split(",") if n.strip()]
    if len(names) < 2 or len(set(names)) != len(names):
        raise UsageError(f"by={by!r}: name two or more different attributes, such as "
                         "'hub,local_authority'")
    columns = {k: list(v) for k, v in cohort.schools.columns.items()}
    for name in names:
        if all(v is None for v in cohort.schools.attribute(name)):
            raise UsageError(f"no school has the attribute {name!r} to break the report "
                             "down by")
    levels = []
    for depth in range(1, len(names) + 1):
        key = f"__level_{depth}"
        columns[key] = [NESTED.join(v or "(none)" for v in values) for values in zip(
            *(cohort.schools.attribute(n) for n in names[:depth]), strict=True)]
        levels.append(key)
    table = SchoolTable(ids=cohort.schools.ids, columns=columns)
    widened = Cohort(framework=cohort.framework, schools=table,
                     school_index=cohort.school_index, dates=cohort.dates,
                     round_labels=cohort.round_labels, round_index=cohort.round_index,
                     codes=cohort.codes)
    min_schools = options.pop("min_schools", None)  # applied to the whole, families known
    parts = [report(widened, by=level, **options) for level in levels]
    parents: dict[str | None, str | None] = {}
    for upper, lower in itertools.pairwise(levels):
        parents.update(zip(columns[lower], columns[upper], strict=True))
    order = {label: k for k, label in enumerate(dict.fromkeys(
        r.round for part in parts for r in part.rounds))}
    rounds = sorted((r for part in parts for r in part.rounds),
                    key=lambda r: (order[r.round], str(r.group).split(NESTED)))
    progress = sorted((p for part in parts for p in part.progress),
                      key=lambda p: (order.get(p.before, 0), str(p.group).split(NESTED)))
    first = parts[0]
    merged: dict[str, Any] = {"uncertainty": {}, "steps": {}}
    for part in parts:
        merged["uncertainty"].update(part.uncertainty)
        merged["steps"].update(part.steps)
    nested = attrs.evolve(first, by=",".join(names), rounds=tuple(rounds),
                          progress=tuple(progress), uncertainty=merged["uncertainty"],
                          steps=merged["steps"])
    return nested if min_schools is None else suppress(nested, min_schools, parents)
