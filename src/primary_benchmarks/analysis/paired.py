"""Per-benchmark change for the schools audited in both of two consecutive rounds.

For each benchmark, over the *paired* schools (audited in both rounds):

- ``paired``: how many of them have something applicable in the benchmark in both rounds;
- ``achieved_before`` / ``achieved_after``: the share of those achieving the benchmark in
  the earlier and the later round (the same schools in both, so the two shares compare);
- ``moved_up`` / ``stayed`` / ``moved_down``: how many of the paired schools' ratings of
  the benchmark's characteristics rose, kept or fell in the scale's order (an unrated
  characteristic counts as the lowest level, as everywhere); ``not_compared``: ratings
  not applicable in either round, which have no order to compare.

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> change = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort).progress[0]
>>> first = change.benchmarks[0]
>>> first.id, first.paired, first.moved_up + first.stayed + first.moved_down
('P1', 70, 350)
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from .measures import AuditMeasures

__all__ = ["BenchmarkChange", "benchmark_changes"]


@attrs.frozen(kw_only=True)
class BenchmarkChange:
    """One benchmark's change between two rounds for the schools audited in both (see the
    module docs for each figure).

    >>> BenchmarkChange(id="P1", paired=2, achieved_before=0.0, achieved_after=0.5,
    ...                 moved_up=3, stayed=7, moved_down=0, not_compared=0).to_dict()["moved_up"]
    3
    """

    id: str
    paired: int
    achieved_before: float | None
    achieved_after: float | None
    moved_up: int
    stayed: int
    moved_down: int
    not_compared: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return attrs.asdict(self)


def _share(count: float, total: float) -> float | None:
    return count / total if total else None


def benchmark_changes(cohort: Cohort, measures: AuditMeasures, before: npt.NDArray[np.int64],
                      after: npt.NDArray[np.int64], school_group: npt.NDArray[np.intp],
                      n_groups: int) -> list[tuple[BenchmarkChange, ...]]:
    """Per group, each benchmark's change between two rounds.

    ``before[s]`` and ``after[s]`` are school ``s``'s audit (row) in the two rounds, or -1;
    ``school_group[s]`` its group.
    """
    compiled = compiled_for(cohort.framework)
    both = (before >= 0) & (after >= 0)
    a_rows, b_rows = before[both], after[both]
    groups = school_group[both]
    codes_a, codes_b = cohort.codes[a_rows], cohort.codes[b_rows]
    rank_a, rank_b = compiled.lut_rank[codes_a], compiled.lut_rank[codes_b]
    compared = compiled.lut_app[codes_a] & compiled.lut_app[codes_b]
    ups = compared & (rank_b > rank_a)
    downs = compared & (rank_b < rank_a)
    same = compared & (rank_b == rank_a)

    n_b = len(compiled.benchmark_ids)
    starts = np.array([lo for lo, _ in compiled.bounds], dtype=np.intp)
    key = (groups[:, None] * n_b + np.arange(n_b)[None, :]).ravel()

    def per_group(values: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """(groups x benchmarks) sums of a (pairs x benchmarks) array."""
        summed = np.bincount(key, weights=values.ravel().astype(np.float64),
                             minlength=n_groups * n_b)
        return np.asarray(summed, dtype=np.float64).reshape(n_groups, n_b)

    def by_benchmark(flags: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        if flags.shape[0] == 0:
            return np.zeros((0, n_b), dtype=np.int64)
        counted: npt.NDArray[np.int64] = np.add.reduceat(flags.astype(np.int64), starts,
                                                         axis=1)
        return counted

    assessed = measures.assessed[a_rows] & measures.assessed[b_rows]
    table = {"paired": per_group(assessed),
             "before": per_group(assessed & measures.achieved[a_rows]),
             "after": per_group(assessed & measures.achieved[b_rows]),
             "up": per_group(by_benchmark(ups)), "same": per_group(by_benchmark(same)),
             "down": per_group(by_benchmark(downs)),
             "other": per_group(by_benchmark(~compared))}
    columns = [{name: values[:, b].tolist() for name, values in table.items()}
               for b in range(n_b)]
    return [tuple(BenchmarkChange(
        id=bid, paired=int(col["paired"][g]),
        achieved_before=_share(col["before"][g], col["paired"][g]),
        achieved_after=_share(col["after"][g], col["paired"][g]),
        moved_up=int(col["up"][g]), stayed=int(col["same"][g]), moved_down=int(col["down"][g]),
        not_compared=int(col["other"][g]))
        for bid, col in zip(compiled.benchmark_ids, columns, strict=True))
        for g in range(n_groups)]
