"""A hub's grid: every school against every benchmark, as of one audit each.

Each cell says where a school stands on a benchmark: ``achieved``, ``partially`` (some of its
characteristics achieved, the benchmark not yet), ``not`` (none achieved) or ``n/a`` (nothing
applicable). Each school is seen through one audit: the latest, the latest on or before
``as_of``, or the one of ``round``. Rows can be sorted by any benchmark (achieved first), then
by school id.

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> grid = school_grid(pb.load_cohort(sample("pilot-audits.csv")).cohort, sort_by="P4")
>>> grid.rows[0].states[3], len(grid.rows)
('achieved', 70)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import numpy as np

from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from ..engine.snapshot import latest_rows
from ..errors import UsageError
from ..model.framework import Framework
from .measures import audit_measures

__all__ = ["GRID_STATES", "GridRow", "SchoolGrid", "school_grid"]

#: A cell's states, best first.
GRID_STATES = ("achieved", "partially", "not", "n/a")


@attrs.frozen(kw_only=True)
class GridRow:
    """One school: the audit it is seen through, and its state on each benchmark."""

    school: str
    name: str | None
    date: _dt.date
    round: str
    states: tuple[str, ...]


@attrs.frozen(kw_only=True)
class SchoolGrid:
    """Schools x benchmarks (see the module docs)."""

    framework: Framework = attrs.field(repr=False)
    benchmark_ids: tuple[str, ...]
    rows: tuple[GridRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"framework": str(self.framework.ref), "benchmarks": list(self.benchmark_ids),
                "schools": [{"school": r.school, "name": r.name, "date": r.date.isoformat(),
                             "round": r.round, **dict(zip(self.benchmark_ids, r.states,
                                                          strict=True))}
                            for r in self.rows]}

    def counts(self) -> dict[str, dict[str, int]]:
        """Per benchmark, how many schools are in each state."""
        return {bid: {state: sum(1 for r in self.rows if r.states[b] == state)
                      for state in GRID_STATES}
                for b, bid in enumerate(self.benchmark_ids)}


def school_grid(cohort: Cohort, *, round: str | None = None, as_of: _dt.date | None = None,
                sort_by: str | None = None) -> SchoolGrid:
    """The grid of ``cohort`` (see the module docs)."""
    compiled = compiled_for(cohort.framework)
    if sort_by is not None and sort_by not in compiled.benchmark_ids:
        raise UsageError(f"no benchmark {sort_by!r} to sort by; the benchmarks are "
                         f"{', '.join(compiled.benchmark_ids)}")
    if round is not None and as_of is not None:
        raise UsageError("give a round or an as-of date, not both")
    if round is not None:
        if round not in cohort.round_labels:
            raise UsageError(f"no round {round!r}; the rounds are "
                             f"{', '.join(cohort.round_labels)}")
        keep = np.flatnonzero(cohort.round_index == cohort.round_labels.index(round))
    elif len(cohort):
        day = as_of or cohort.dates.max().astype("datetime64[D]").astype(_dt.date)
        keep, _ = latest_rows(cohort, day)
    else:
        keep = np.zeros(0, dtype=np.intp)
    measures = audit_measures(cohort, np.zeros(len(cohort), dtype=np.intp), 1)
    achieved_level = compiled.lut_ach[cohort.codes]
    rows = []
    for i in keep.tolist():
        states = []
        for b, (lo, hi) in enumerate(compiled.bounds):
            if not measures.assessed[i, b]:
                states.append("n/a")
            elif measures.achieved[i, b]:
                states.append("achieved")
            elif achieved_level[i, lo:hi].any():
                states.append("partially")
            else:
                states.append("not")
        s = int(cohort.school_index[i])
        rows.append(GridRow(school=cohort.schools.ids[s], name=cohort.schools.attribute(
            "name")[s], date=cohort.dates[i].astype("datetime64[D]").astype(_dt.date),
            round=cohort.round_labels[int(cohort.round_index[i])], states=tuple(states)))
    rank = {state: k for k, state in enumerate(GRID_STATES)}
    at = compiled.benchmark_ids.index(sort_by) if sort_by is not None else None
    rows.sort(key=lambda r: (rank[r.states[at]] if at is not None else 0, r.school))
    return SchoolGrid(framework=cohort.framework, benchmark_ids=compiled.benchmark_ids,
                      rows=tuple(rows))
