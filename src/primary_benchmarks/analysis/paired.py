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

__all__ = ["BenchmarkChange", "benchmark_changes", "counts_per_benchmark"]

#: Rows counted at once by :func:`counts_per_benchmark` (bounds its working memory).
_CHUNK = 1 << 16


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


def counts_per_benchmark(values: npt.NDArray[Any], n_values: int,
                         groups: npt.NDArray[np.intp], n_groups: int,
                         bounds: list[tuple[int, int]]) -> npt.NDArray[np.int64]:
    """How often each value (``0 <= v < n_values``) occurs in each group's rows, per
    benchmark: ``values`` is rows x characteristics, ``groups`` each row's group, and
    ``bounds`` each benchmark's span of characteristics (contiguous, in order). The result
    is groups x benchmarks x values; one ``bincount`` per chunk of rows, so the cost grows
    with the rows, not with rows x groups, and no rows x characteristics int64 copy of the
    whole table is made.

    >>> counts_per_benchmark(np.array([[0, 1, 1], [1, 1, 0]]), 2, np.array([0, 1]), 2,
    ...                      [(0, 1), (1, 3)]).tolist()
    [[[1, 0], [0, 2]], [[0, 1], [1, 1]]]
    """
    n_b = len(bounds)
    offset = np.repeat(np.arange(n_b, dtype=np.int64) * n_values,
                       [hi - lo for lo, hi in bounds])
    size = n_groups * n_b * n_values
    out = np.zeros(size, dtype=np.int64)
    chunk = len(values) if size > 1 << 22 else _CHUNK  # many bins: one pass, not many
    for lo in range(0, len(values), max(chunk, 1)):
        part = values[lo:lo + chunk].astype(np.int64)
        part += offset
        part += (groups[lo:lo + chunk].astype(np.int64) * (n_b * n_values))[:, None]
        out += np.bincount(part.ravel(), minlength=size)
    return out.reshape(n_groups, n_b, n_values)


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
    # each rating pair (before, after) as 0 not compared, 1 up, 2 same, 3 down: a table
    # over the few pairs of codes there are, then one look-up per rating
    rank, app = compiled.lut_rank.astype(np.int64), compiled.lut_app
    k = len(rank)
    move_of = np.where(app[:, None] & app[None, :],
                       2 + np.sign(rank[:, None] - rank[None, :]), 0).astype(np.int8).ravel()
    pairs = cohort.codes[a_rows].astype(np.int16) * k + cohort.codes[b_rows]
    moved = counts_per_benchmark(move_of[pairs], 4, groups, n_groups, compiled.bounds)

    n_b = len(compiled.benchmark_ids)
    key = (groups[:, None] * n_b + np.arange(n_b)[None, :]).ravel()

    def per_group(values: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """(groups x benchmarks) sums of a (pairs x benchmarks) array."""
        summed = np.bincount(key, weights=values.ravel().astype(np.float64),
                             minlength=n_groups * n_b)
        return np.asarray(summed, dtype=np.float64).reshape(n_groups, n_b)

    assessed = measures.assessed[a_rows] & measures.assessed[b_rows]
    table = {"paired": per_group(assessed),
             "before": per_group(assessed & measures.achieved[a_rows]),
             "after": per_group(assessed & measures.achieved[b_rows]),
             "up": moved[:, :, 1], "same": moved[:, :, 2], "down": moved[:, :, 3],
             "other": moved[:, :, 0]}
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
