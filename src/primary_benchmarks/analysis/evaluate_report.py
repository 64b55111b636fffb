"""The evaluation figures of a cohort report, per round and per step (see :mod:`.evaluation`
for the methods): computed from the arrays the report is made from."""

from __future__ import annotations

import warnings as _warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from .evaluation import (
    MIN_RELIABLE_UNITS,
    RoundUncertainty,
    StepEvaluation,
    _pair,
    cluster_bootstrap,
    cohen_dz,
    mcnemar_exact,
    round_sums,
    transitions,
    unit_codes,
    warnings_for,
)
from .measures import AuditMeasures

__all__ = ["evaluate"]

RoundKey = tuple[str, str | None]
StepKey = tuple[str, str, str | None]


def evaluate(cohort: Cohort, measures: AuditMeasures, school_group: npt.NDArray[np.intp],
             group_labels: list[str | None], *, ci: float | None, seed: int,
             cluster_by: str | None, replicates: int
             ) -> tuple[dict[RoundKey, RoundUncertainty], dict[StepKey, StepEvaluation]]:
    """Intervals per round and group (when ``ci`` is given), and per step and group the
    attrition, transitions, McNemar tests, effect size and (with ``ci``) intervals."""
    n_rounds, n_groups = len(cohort.round_labels), len(group_labels)
    # The units resampled: a school (or its cluster) within its group.
    pair_key = unit_codes(cohort, cluster_by).astype(np.int64) * n_groups + school_group
    uniq, unit_of_school = np.unique(pair_key, return_inverse=True)
    unit_group = (uniq % n_groups).astype(np.intp)
    n_units = int(uniq.size)
    clusters_per_group = np.bincount(unit_group, minlength=n_groups)
    if cluster_by is not None and ci is not None and clusters_per_group.min(initial=99) < 10:
        _warnings.warn(f"fewer than 10 clusters of {cluster_by} in a group: cluster-bootstrap "
                       "intervals are unreliable", stacklevel=3)
    rounds: dict[RoundKey, RoundUncertainty] = {}
    if ci is not None:
        sums, counts, bids = round_sums(cohort, measures, unit_of_school, n_units, n_rounds)
        low, high = cluster_bootstrap(sums, counts, unit_group, ci=ci, seed=seed,
                                      replicates=replicates)
        per_round = 2 + len(bids)
        for r, label in enumerate(cohort.round_labels):
            for g, glabel in enumerate(group_labels):
                mask = unit_group == g
                base = r * per_round
                n_audits = counts[mask, base + 1].sum()
                if not n_audits:
                    continue
                here = int((counts[mask, base + 1] > 0).sum())
                share_n = counts[mask, base].sum()
                share = float(sums[mask, base].sum() / share_n) if share_n else None
                notes = warnings_for(share, here, f"{label}"
                                     + (f" ({glabel})" if glabel is not None else ""))
                rounds[(label, glabel)] = RoundUncertainty(
                    characteristics_achieved_ci=_pair(low[g, base], high[g, base]),
                    benchmarks_achieved_ci=_pair(low[g, base + 1], high[g, base + 1]),
                    achieved_share_ci={bid: _pair(low[g, base + 2 + b], high[g, base + 2 + b])
                                       for b, bid in enumerate(bids)},
                    warnings=tuple(notes))
    steps = _steps(cohort, measures, school_group, group_labels, unit_of_school, unit_group,
                   n_units, ci=ci, seed=seed, replicates=replicates)
    return rounds, steps


def _steps(cohort: Cohort, measures: AuditMeasures, school_group: npt.NDArray[np.intp],
           group_labels: list[str | None], unit_of_school: npt.NDArray[np.intp],
           unit_group: npt.NDArray[np.intp], n_units: int, *, ci: float | None, seed: int,
           replicates: int) -> dict[StepKey, StepEvaluation]:
    compiled = compiled_for(cohort.framework)
    n_schools, n_rounds = len(cohort.schools), len(cohort.round_labels)
    n_groups = len(group_labels)
    at = np.full((n_schools, n_rounds), -1, dtype=np.int64)
    at[cohort.school_index, cohort.round_index] = np.arange(len(cohort))
    share, bench = measures.share, measures.n_achieved.astype(np.float64)
    n_steps = max(n_rounds - 1, 0)
    step_sums = np.zeros((n_units, 2 * n_steps))
    step_counts = np.zeros_like(step_sums)
    diffs: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]] = []
    for r in range(n_steps):
        before, after = at[:, r], at[:, r + 1]
        both = np.flatnonzero((before >= 0) & (after >= 0))
        d_share = share[after[both]] - share[before[both]]
        ok = ~np.isnan(d_share)
        d_bench = bench[after[both]] - bench[before[both]]
        units = unit_of_school[both]
        step_sums[:, 2 * r] = np.bincount(units[ok], weights=d_share[ok], minlength=n_units)
        step_counts[:, 2 * r] = np.bincount(units[ok], minlength=n_units)
        step_sums[:, 2 * r + 1] = np.bincount(units, weights=d_bench, minlength=n_units)
        step_counts[:, 2 * r + 1] = np.bincount(units, minlength=n_units)
        diffs.append((d_share[ok], school_group[both][ok]))
    low = high = np.full((n_groups, 2 * n_steps), np.nan)
    if ci is not None and n_steps:
        low, high = cluster_bootstrap(step_sums, step_counts, unit_group, ci=ci,
                                      seed=seed + 1, replicates=replicates)
    out: dict[StepKey, StepEvaluation] = {}
    for r in range(n_steps):
        before, after = at[:, r], at[:, r + 1]
        moves = transitions(cohort, before, after, school_group, n_groups)
        tests = _mcnemar(measures, before, after, school_group, n_groups,
                         compiled.benchmark_ids)
        attritions = _attrition(before, after, school_group, n_groups, share, bench)
        d, dg = diffs[r]
        order = np.argsort(dg, kind="stable")  # each group's changes, in school order
        d_sorted = d[order]
        bounds = np.searchsorted(dg[order], np.arange(n_groups + 1)).tolist()
        for g, glabel in enumerate(group_labels):
            attrition = attritions[g]
            if not attrition["stayed"] and not attrition["left"] and not attrition["joined"]:
                continue
            notes: list[str] = []
            if ci is not None and int((step_counts[unit_group == g, 2 * r + 1] > 0).sum()) < (
                    MIN_RELIABLE_UNITS):
                notes.append(f"{cohort.round_labels[r]} to {cohort.round_labels[r + 1]}: fewer "
                             f"than {MIN_RELIABLE_UNITS} paired units; the intervals are "
                             "unreliable")
            out[(cohort.round_labels[r], cohort.round_labels[r + 1], glabel)] = StepEvaluation(
                attrition=attrition, transitions=moves[g], mcnemar_p=tests[g],
                effect_size=cohen_dz(d_sorted[bounds[g]:bounds[g + 1]]),
                paired_characteristics_achieved_ci=_pair(low[g, 2 * r], high[g, 2 * r])
                if ci is not None else None,
                paired_benchmarks_achieved_ci=_pair(low[g, 2 * r + 1], high[g, 2 * r + 1])
                if ci is not None else None,
                warnings=tuple(notes))
    return out


def _attrition(before: npt.NDArray[np.int64], after: npt.NDArray[np.int64],
               school_group: npt.NDArray[np.intp], n_groups: int,
               share: npt.NDArray[np.float64], bench: npt.NDArray[np.float64]
               ) -> list[dict[str, Any]]:
    """Per group, who stayed, left and joined between two rounds, and where those who
    stayed and those who left stood before: sums per group by ``bincount``, so the cost
    grows with schools, not with schools x groups."""
    had, has = before >= 0, after >= 0
    stayed, left, joined = had & has, had & ~has, has & ~had

    def count(mask: npt.NDArray[np.bool_]) -> list[int]:
        counted: list[int] = np.bincount(school_group[mask], minlength=n_groups).tolist()
        return counted

    def mean_before(mask: npt.NDArray[np.bool_], values: npt.NDArray[np.float64]
                    ) -> list[float | None]:
        found = values[before[mask]]
        ok = ~np.isnan(found)
        groups = school_group[mask][ok]
        n = np.bincount(groups, minlength=n_groups).tolist()
        total = np.bincount(groups, weights=found[ok], minlength=n_groups).tolist()
        return [t / k if k else None for t, k in zip(total, n, strict=True)]

    columns: dict[str, list[int] | list[float | None]] = {
        "stayed": count(stayed), "left": count(left), "joined": count(joined),
        "stayed_characteristics_achieved_before": mean_before(stayed, share),
        "left_characteristics_achieved_before": mean_before(left, share),
        "stayed_benchmarks_achieved_before": mean_before(stayed, bench),
        "left_benchmarks_achieved_before": mean_before(left, bench)}
    return [{name: values[g] for name, values in columns.items()} for g in range(n_groups)]


def _mcnemar(measures: AuditMeasures, before: npt.NDArray[np.int64],
             after: npt.NDArray[np.int64], school_group: npt.NDArray[np.intp], n_groups: int,
             benchmark_ids: tuple[str, ...]) -> list[dict[str, float | None]]:
    both = np.flatnonzero((before >= 0) & (after >= 0))
    a_rows, b_rows, g = before[both], after[both], school_group[both]
    out: list[dict[str, float | None]] = [{} for _ in range(n_groups)]
    known: dict[tuple[int, int], float | None] = {}
    for b, bid in enumerate(benchmark_ids):
        assessed = measures.assessed[a_rows, b] & measures.assessed[b_rows, b]
        was, now = measures.achieved[a_rows, b], measures.achieved[b_rows, b]
        lost = np.bincount(g[assessed & was & ~now], minlength=n_groups)
        gained = np.bincount(g[assessed & ~was & now], minlength=n_groups)
        for gi, pair in enumerate(zip(lost.tolist(), gained.tolist(), strict=True)):
            if pair not in known:  # groups share small counts: each test once
                known[pair] = mcnemar_exact(*pair)
            out[gi][bid] = known[pair]
    return out
