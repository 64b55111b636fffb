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
>>> result = load_cohort("examples/pilot/audits.csv")
>>> pilot = report(result.cohort)
>>> [(r.round, r.audits, f"{r.characteristics_achieved:.0%}",
...   f"{r.benchmarks_achieved:.1f}") for r in pilot.rounds]
[('baseline', 70, '13%', '0.0'), ('end of Y1', 70, '39%', '0.5'), ('end of Y2', 58, '65%', '2.4')]
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .cohort import Cohort
from .version import FrameworkRef

__all__ = [
    "BenchmarkRound",
    "CohortReport",
    "RoundProgress",
    "RoundReport",
    "audit_measures",
    "report",
]

#: Audits scored at once; bounds the memory of a report on a large cohort.
CHUNK = 131_072


def _proxy(value: Mapping[str, float]) -> Mapping[str, float]:
    return types.MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class BenchmarkRound:
    """One benchmark in one round (and group)."""

    id: str
    levels: Mapping[str, float] = attrs.field(converter=_proxy, hash=False)
    achieved_share: float | None
    assessed: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"id": self.id, "levels": dict(self.levels),
                "achieved_share": self.achieved_share, "assessed": self.assessed}


@attrs.frozen(kw_only=True)
class RoundReport:
    """The cohort's figures for one round (and one group, when broken down)."""

    round: str
    date: _dt.date
    group: str | None
    audits: int
    complete_audits: int
    characteristics_achieved: float | None
    benchmarks_achieved: float | None
    benchmarks_achieved_histogram: tuple[int, ...]
    benchmarks: tuple[BenchmarkRound, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the ``rounds`` items of ``primary-benchmarks report --format json``)."""
        out: dict[str, Any] = {
            "round": self.round, "date": self.date.isoformat(), "audits": self.audits,
            "complete_audits": self.complete_audits,
            "characteristics_achieved": self.characteristics_achieved,
            "benchmarks_achieved": self.benchmarks_achieved,
            "benchmarks_achieved_histogram": list(self.benchmarks_achieved_histogram),
            "benchmarks": [b.to_dict() for b in self.benchmarks]}
        if self.group is not None:
            out = {"group": self.group, **out}
        return out


@attrs.frozen(kw_only=True)
class RoundProgress:
    """Change from one round to the next, paired and unpaired, with the schools behind each."""

    before: str
    after: str
    group: str | None
    paired_schools: int
    paired_characteristics_achieved: float | None
    paired_benchmarks_achieved: float | None
    schools_before: int
    schools_after: int
    unpaired_characteristics_achieved: float | None
    unpaired_benchmarks_achieved: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out = attrs.asdict(self)
        if self.group is None:
            del out["group"]
        return out


@attrs.frozen(kw_only=True)
class CohortReport:
    """Every round's figures (per group when ``by`` is set) and the progress between rounds."""

    framework: FrameworkRef
    by: str | None
    level_ids: tuple[str, ...]
    rounds: tuple[RoundReport, ...]
    progress: tuple[RoundProgress, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``primary-benchmarks report --format json``."""
        out: dict[str, Any] = {"framework": str(self.framework)}
        if self.by is not None:
            out["by"] = self.by
        out["rounds"] = [r.to_dict() for r in self.rounds]
        out["progress"] = [p.to_dict() for p in self.progress]
        return out

    def round(self, label: str, group: str | None = None) -> RoundReport:
        """The report of one round (and group)."""
        for r in self.rounds:
            if r.round == label and r.group == group:
                return r
        raise KeyError((label, group))


class AuditMeasures:
    """Per-audit results over a whole cohort (arrays), computed in bounded chunks."""

    __slots__ = ("achieved", "assessed", "complete", "n_achieved", "share")

    def __init__(self, achieved: npt.NDArray[np.bool_], assessed: npt.NDArray[np.bool_],
                 n_achieved: npt.NDArray[np.int16], share: npt.NDArray[np.float64],
                 complete: npt.NDArray[np.bool_]) -> None:
        self.achieved = achieved          # (audits, benchmarks)
        self.assessed = assessed          # (audits, benchmarks)
        self.n_achieved = n_achieved      # (audits,)
        self.share = share                # (audits,) NaN where nothing applicable
        self.complete = complete          # (audits,)


def audit_measures(cohort: Cohort, cells: npt.NDArray[np.intp], n_cells: int,
                   ) -> tuple[AuditMeasures, npt.NDArray[np.int64]]:
    """Score every audit with the one evaluator, chunk by chunk.

    Returns per-audit measures and the pooled level counts per cell:
    ``pooled[cell, benchmark, level]``.
    """
    compiled = cohort.framework.compiled
    n, n_b = len(cohort), len(compiled.benchmark_ids)
    n_levels = len(compiled.level_ids)
    achieved = np.empty((n, n_b), dtype=bool)
    assessed = np.empty((n, n_b), dtype=bool)
    n_achieved = np.empty(n, dtype=np.int16)
    share = np.empty(n, dtype=np.float64)
    complete = np.empty(n, dtype=bool)
    pooled = np.zeros((n_cells, n_b * n_levels), dtype=np.int64)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        m = cohort.codes[lo:hi]
        result = compiled.score(m)
        app = result.agg[..., 1]
        assessed[lo:hi] = app > 0
        achieved[lo:hi] = result.met & assessed[lo:hi]
        n_achieved[lo:hi] = achieved[lo:hi].sum(axis=1, dtype=np.int16)
        totals = result.agg.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[lo:hi] = np.where(totals[:, 1] > 0, totals[:, 0] / totals[:, 1], np.nan)
        complete[lo:hi] = ~(m == compiled.unrated_code).any(axis=1)
        flat = result.counts.reshape(hi - lo, n_b * n_levels)
        cell = cells[lo:hi]
        if n_cells == 1:
            pooled[0] += flat.sum(axis=0, dtype=np.int64)
        else:
            order = np.argsort(cell, kind="stable")
            sorted_cells = cell[order]
            bounds = np.flatnonzero(np.diff(sorted_cells)) + 1
            starts = np.concatenate(([0], bounds))
            sums = np.add.reduceat(flat[order], starts, axis=0, dtype=np.int64)
            pooled[sorted_cells[starts]] += sums
    measures = AuditMeasures(achieved, assessed, n_achieved, share, complete)
    return measures, pooled.reshape(n_cells, n_b, n_levels)


def _div(num: float, den: float) -> float | None:
    return num / den if den else None


def report(cohort: Cohort, *, by: str | None = None) -> CohortReport:
    """The cohort's figures per round (and per value of the school attribute ``by``).

    See the module docs for every definition.
    """
    compiled = cohort.framework.compiled
    n_rounds = len(cohort.round_labels)
    group_labels: list[str | None]
    if by is None:
        group_labels = [None]
        school_group = np.zeros(len(cohort.schools), dtype=np.intp)
    else:
        values = [s.attribute(by) for s in cohort.schools]
        group_labels = [*sorted({v if v is not None else "(none)" for v in values})]
        gpos = {g: i for i, g in enumerate(group_labels)}
        school_group = np.array([gpos[v if v is not None else "(none)"] for v in values],
                                dtype=np.intp)
    n_groups = len(group_labels)
    group = school_group[cohort.school_index] if len(cohort) else np.zeros(0, dtype=np.intp)
    cells = cohort.round_index.astype(np.intp) * n_groups + group
    n_cells = n_rounds * n_groups
    measures, pooled = audit_measures(cohort, cells, n_cells)

    audits = np.bincount(cells, minlength=n_cells)
    complete = np.bincount(cells, weights=measures.complete, minlength=n_cells)
    defined = ~np.isnan(measures.share)
    share_sum = np.bincount(cells[defined], weights=measures.share[defined], minlength=n_cells)
    share_n = np.bincount(cells[defined], minlength=n_cells)
    bench_sum = np.bincount(cells, weights=measures.n_achieved, minlength=n_cells)
    n_b = len(compiled.benchmark_ids)
    hist = np.bincount(cells * (n_b + 1) + measures.n_achieved,
                       minlength=n_cells * (n_b + 1)).reshape(n_cells, n_b + 1)
    ach_by_b = np.stack([np.bincount(cells, weights=measures.achieved[:, b], minlength=n_cells)
                         for b in range(n_b)], axis=1) if n_b else np.zeros((n_cells, 0))
    ass_by_b = np.stack([np.bincount(cells, weights=measures.assessed[:, b], minlength=n_cells)
                         for b in range(n_b)], axis=1) if n_b else np.zeros((n_cells, 0))

    rounds = cohort.rounds
    level_ids = compiled.level_ids
    out: list[RoundReport] = []
    for r, rnd in enumerate(rounds):
        for g, label in enumerate(group_labels):
            c = r * n_groups + g
            if by is not None and audits[c] == 0:
                continue
            benchmarks = []
            for b, bid in enumerate(compiled.benchmark_ids):
                counts = pooled[c, b].tolist()
                total = sum(counts)
                benchmarks.append(BenchmarkRound(
                    id=bid, levels={lid: (k / total if total else 0.0)
                                    for lid, k in zip(level_ids, counts, strict=True)},
                    achieved_share=_div(float(ach_by_b[c, b]), float(ass_by_b[c, b])),
                    assessed=int(ass_by_b[c, b])))
            out.append(RoundReport(
                round=rnd.label, date=rnd.date, group=label, audits=int(audits[c]),
                complete_audits=int(complete[c]),
                characteristics_achieved=_div(float(share_sum[c]), float(share_n[c])),
                benchmarks_achieved=_div(float(bench_sum[c]), float(audits[c])),
                benchmarks_achieved_histogram=tuple(int(x) for x in hist[c]),
                benchmarks=tuple(benchmarks)))
    progress = _progress(cohort, measures, school_group, group_labels)
    return CohortReport(framework=cohort.framework.ref, by=by, level_ids=level_ids,
                        rounds=tuple(out), progress=tuple(progress))


def _progress(cohort: Cohort, measures: AuditMeasures, school_group: npt.NDArray[np.intp],
              group_labels: list[str | None]) -> list[RoundProgress]:
    n_schools, n_rounds = len(cohort.schools), len(cohort.round_labels)
    at = np.full((n_schools, n_rounds), -1, dtype=np.int64)
    at[cohort.school_index, cohort.round_index] = np.arange(len(cohort))
    share = measures.share
    bench = measures.n_achieved.astype(np.float64)
    out = []
    for r in range(n_rounds - 1):
        a_idx, b_idx = at[:, r], at[:, r + 1]
        for g, label in enumerate(group_labels):
            in_group = school_group == g
            before = in_group & (a_idx >= 0)
            after = in_group & (b_idx >= 0)
            if not before.any() and not after.any():
                continue
            both = before & after
            pa, pb = a_idx[both], b_idx[both]
            sd = share[pb] - share[pa]
            sd = sd[~np.isnan(sd)]
            sa, sb = share[a_idx[before]], share[b_idx[after]]
            sa, sb = sa[~np.isnan(sa)], sb[~np.isnan(sb)]
            out.append(RoundProgress(
                before=cohort.round_labels[r], after=cohort.round_labels[r + 1], group=label,
                paired_schools=int(both.sum()),
                paired_characteristics_achieved=float(sd.mean()) if sd.size else None,
                paired_benchmarks_achieved=(float((bench[pb] - bench[pa]).mean())
                                            if pb.size else None),
                schools_before=int(before.sum()), schools_after=int(after.sum()),
                unpaired_characteristics_achieved=(float(sb.mean() - sa.mean())
                                                   if sa.size and sb.size else None),
                unpaired_benchmarks_achieved=(
                    float(bench[b_idx[after]].mean() - bench[a_idx[before]].mean())
                    if before.any() and after.any() else None)))
    return out
