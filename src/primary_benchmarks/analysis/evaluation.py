"""What evaluators report beside point estimates: cluster-bootstrap intervals, effect sizes,
exact McNemar tests, level transitions and attrition (docs/research.md gives each method,
its formula and references).

- **Intervals** (``ci=`` given): a percentile cluster bootstrap. Schools are the unit (or the
  clusters named by ``cluster_by``, such as local authorities); each replicate draws as many
  units as there are, with replacement, within each group of a broken-down report, and
  recomputes each figure as a ratio of sums over the drawn units. ``seed`` makes it
  deterministic.
- **Effect size** of a paired change: Cohen's d_z, the mean of the paired schools' changes in
  the share of characteristics achieved over their standard deviation.
- **McNemar**: per benchmark, the exact two-sided test of achieved/not achieved for the paired
  schools assessed in both rounds (b moved into achieved, c out of it):
  p = min(1, 2 * P(X <= min(b, c))), X ~ Binomial(b + c, 1/2).
- **Transitions**: for the paired schools, how many ratings moved from each level to each level
  (unrated as its own row), per benchmark and over all.
- **Attrition**: for each pair of rounds, the schools that stayed, left and joined, and the
  earlier round's figures for those that stayed against those that left.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from .measures import AuditMeasures
from .paired import counts_per_benchmark

__all__ = ["MIN_RELIABLE_UNITS", "RoundUncertainty", "StepEvaluation", "cluster_bootstrap",
           "cohen_dz", "mcnemar_exact"]

#: Fewer resampled units than this in a figure's group: its interval is flagged unreliable.
MIN_RELIABLE_UNITS = 10
_CHUNK = 250  # replicates drawn at once (bounds memory: chunk x units floats)


def mcnemar_exact(b: int, c: int) -> float | None:
    """The exact two-sided McNemar p-value for ``b`` and ``c`` discordant pairs (``None``
    when there are none).

    >>> round(mcnemar_exact(0, 10), 4), mcnemar_exact(3, 3), mcnemar_exact(0, 0)
    (0.002, 1.0, None)
    """
    n = b + c
    if n == 0:
        return None
    # P(X <= m) for X ~ Binomial(n, 1/2), summed in log space (n may be large)
    i = np.arange(1, min(b, c) + 1, dtype=np.float64)
    log_comb = np.concatenate(([0.0], np.cumsum(np.log((n - i + 1) / i))))  # log C(n, k)
    logs = log_comb - n * math.log(2)
    top = float(logs.max())
    tail = math.exp(top + math.log(float(np.exp(logs - top).sum())))
    return min(1.0, 2 * tail)


def cohen_dz(changes: npt.NDArray[np.float64]) -> float | None:
    """Cohen's d_z: the mean paired change over its standard deviation (``None`` for fewer
    than two changes or none that differ).

    >>> cohen_dz(np.array([0.1, 0.2, 0.3]))
    2.0
    """
    if changes.size < 2:
        return None
    sd = float(np.std(changes, ddof=1))
    return None if sd == 0 else float(round(float(np.mean(changes)) / sd, 12))


def cluster_bootstrap(sums: npt.NDArray[np.float64], counts: npt.NDArray[np.float64],
                      strata: npt.NDArray[np.intp], *, ci: float, seed: int,
                      replicates: int = 1_000
                      ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Percentile intervals of ratio-of-sums figures under a cluster bootstrap.

    ``sums`` and ``counts`` are (units x figures): each unit's sum and count for each figure;
    ``strata[u]`` (0, 1, ...) is the unit's group, resampled on its own. Returns the low and
    high ends as (strata x figures) arrays (NaN where a group has no data for a figure).

    >>> sums = np.array([[1.0], [0.0], [1.0], [1.0]])
    >>> low, high = cluster_bootstrap(sums, np.ones((4, 1)), np.zeros(4, dtype=np.intp),
    ...                               ci=0.9, seed=1)
    >>> float(low[0, 0]) <= 0.75 <= float(high[0, 0])
    True
    """
    n_figures = sums.shape[1]
    n_strata = int(strata.max()) + 1 if strata.size else 0
    low = np.full((n_strata, n_figures), np.nan)
    high = np.full((n_strata, n_figures), np.nan)
    streams = np.random.SeedSequence(seed).spawn(max(n_strata, 1))
    alpha = (1 - ci) / 2
    for stratum in range(n_strata):
        units = np.flatnonzero(strata == stratum)
        s, c = sums[units], counts[units]
        used = np.flatnonzero(c.sum(axis=0) > 0)
        if units.size == 0 or used.size == 0:
            continue
        s, c = s[:, used], c[:, used]
        rng = np.random.default_rng(streams[stratum])
        estimates = np.empty((replicates, used.size))
        for lo in range(0, replicates, _CHUNK):
            n = min(_CHUNK, replicates - lo)
            draws = rng.multinomial(units.size, np.full(units.size, 1 / units.size),
                                    size=n).astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                estimates[lo:lo + n] = (draws @ s) / (draws @ c)
        with np.errstate(invalid="ignore"):
            low[stratum, used] = np.nanquantile(estimates, alpha, axis=0)
            high[stratum, used] = np.nanquantile(estimates, 1 - alpha, axis=0)
    return low, high


def _pair(low: float, high: float) -> list[float] | None:
    return None if math.isnan(low) or math.isnan(high) else [float(low), float(high)]


@attrs.frozen(kw_only=True)
class RoundUncertainty:
    """Intervals of one round's (and group's) figures, and why any may be unreliable."""

    characteristics_achieved_ci: list[float] | None
    benchmarks_achieved_ci: list[float] | None
    achieved_share_ci: Mapping[str, list[float] | None]
    warnings: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class StepEvaluation:
    """One step between rounds (and one group): attrition, transitions, tests and, when
    asked, intervals of the paired change."""

    attrition: Mapping[str, Any]
    transitions: Mapping[str, Mapping[str, Mapping[str, int]]]
    mcnemar_p: Mapping[str, float | None]
    effect_size: float | None
    paired_characteristics_achieved_ci: list[float] | None = None
    paired_benchmarks_achieved_ci: list[float] | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (merged into a ``progress`` entry)."""
        out = attrs.asdict(self)
        out["warnings"] = list(self.warnings)
        return out


def unit_codes(cohort: Cohort, cluster_by: str | None) -> npt.NDArray[np.intp]:
    """Each school's resampling unit: itself, or its ``cluster_by`` attribute's value."""
    if cluster_by is None:
        return np.arange(len(cohort.schools), dtype=np.intp)
    values = cohort.schools.attribute(cluster_by)
    codes: dict[str | None, int] = {}
    return np.array([codes.setdefault(v, len(codes)) for v in values] or [0], dtype=np.intp
                    )[: len(values)]


def transitions(cohort: Cohort, before: npt.NDArray[np.int64], after: npt.NDArray[np.int64],
                groups: npt.NDArray[np.intp], n_groups: int
                ) -> list[dict[str, dict[str, dict[str, int]]]]:
    """Per group, for the paired schools, rating counts from each level to each level per
    benchmark (and ``"all"``)."""
    compiled = compiled_for(cohort.framework)
    names = [*compiled.level_ids, "unrated"]
    k = len(names)
    both = (before >= 0) & (after >= 0)
    # each rating pair as one small code: before x k + after
    pairs = cohort.codes[before[both]].astype(np.int16) * k + cohort.codes[after[both]]
    counts = counts_per_benchmark(pairs, k * k, groups[both], n_groups, compiled.bounds)
    whole = np.concatenate([counts, counts.sum(axis=1, keepdims=True)], axis=1)
    tables = whole.reshape(n_groups, len(compiled.benchmark_ids) + 1, k, k).tolist()
    out: list[dict[str, dict[str, dict[str, int]]]] = []
    for per_benchmark in tables:  # plain ints, not a numpy scalar per cell
        out.append({bid: {name: dict(zip(names, row, strict=True))
                          for name, row in zip(names, table, strict=True)}
                    for bid, table in zip((*compiled.benchmark_ids, "all"), per_benchmark,
                                          strict=True)})
    return out


def round_sums(cohort: Cohort, measures: AuditMeasures, units: npt.NDArray[np.intp],
               n_units: int, n_rounds: int) -> tuple[npt.NDArray[np.float64],
                                                     npt.NDArray[np.float64], list[str]]:
    """Per unit, the sums and counts behind each round's figures: columns are, per round,
    the share of characteristics, the benchmarks achieved, then each benchmark's share."""
    compiled = compiled_for(cohort.framework)
    n_b = len(compiled.benchmark_ids)
    per_round = 2 + n_b
    unit = units[cohort.school_index]
    r = cohort.round_index.astype(np.intp)
    sums = np.zeros((n_units, n_rounds * per_round))
    counts = np.zeros_like(sums)
    defined = ~np.isnan(measures.share)

    def add(column: npt.NDArray[np.intp], values: npt.NDArray[Any],
            weights: npt.NDArray[Any]) -> None:
        key = unit * sums.shape[1] + column
        sums.ravel()[:] += np.bincount(key, weights=values, minlength=sums.size)
        counts.ravel()[:] += np.bincount(key, weights=weights, minlength=sums.size)

    base = r * per_round
    add(base, np.where(defined, measures.share, 0.0), defined.astype(float))
    add(base + 1, measures.n_achieved.astype(float), np.ones(len(cohort)))
    for b in range(n_b):
        add(base + 2 + b, measures.achieved[:, b].astype(float),
            measures.assessed[:, b].astype(float))
    return sums, counts, list(compiled.benchmark_ids)


def warnings_for(estimate: float | None, units: int, what: str) -> list[str]:
    """Why an interval may mislead: few units, or a share at 0 or 1."""
    out = []
    if units < MIN_RELIABLE_UNITS:
        out.append(f"{what}: only {units} resampled units (fewer than {MIN_RELIABLE_UNITS}); "
                   "the interval is unreliable")
    if estimate is not None and estimate in (0.0, 1.0):
        out.append(f"{what}: a share of {estimate:g} has no spread to resample; the interval "
                   "collapses to it and understates the uncertainty")
    return out


def intervals(low: Sequence[float], high: Sequence[float]) -> list[list[float] | None]:
    """Pairs ``[low, high]`` (``None`` where either end is missing)."""
    return [_pair(lo, hi) for lo, hi in zip(low, high, strict=True)]
