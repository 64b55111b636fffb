"""Every audit of a cohort scored at once, and its figures counted per cell (round x group):
the arrays a cohort report is made from."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..engine.block_tables import PACK_APP, PACK_MASK, PACK_MET, PACK_UNRATED, block_tables
from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for

__all__ = ["CHUNK", "AuditMeasures", "audit_measures"]

#: Audits scored at once; bounds the memory of a report on a large cohort.
CHUNK = 262_144


class AuditMeasures:
    """Per-audit results and per-cell counts over a whole cohort (arrays)."""

    __slots__ = ("achieved", "achieved_cells", "assessed", "assessed_cells", "complete",
                 "n_achieved", "pooled", "share")

    def __init__(self, n_achieved: npt.NDArray[np.int16], share: npt.NDArray[np.float64],
                 complete: npt.NDArray[np.bool_], pooled: npt.NDArray[np.int64],
                 achieved_cells: npt.NDArray[np.int64],
                 assessed_cells: npt.NDArray[np.int64], achieved: npt.NDArray[np.bool_],
                 assessed: npt.NDArray[np.bool_]) -> None:
        self.n_achieved = n_achieved          # (audits,) benchmarks achieved
        self.share = share                    # (audits,) NaN where nothing applicable
        self.complete = complete              # (audits,) nothing unrated
        self.pooled = pooled                  # (cells, benchmarks, levels) rating counts
        self.achieved_cells = achieved_cells  # (cells, benchmarks) audits achieving it
        self.assessed_cells = assessed_cells  # (cells, benchmarks) audits assessing it
        self.achieved = achieved              # (audits, benchmarks) achieved
        self.assessed = assessed              # (audits, benchmarks) something applicable


#: A per-cell pattern histogram is used while it holds at most this many entries per audit
#: (plus a floor); past that (many groups), figures are summed audit by audit.
_DENSE_CELLS_PER_AUDIT = 4
_DENSE_FLOOR = 1 << 16


def audit_measures(cohort: Cohort, cells: npt.NDArray[np.intp], n_cells: int
                   ) -> AuditMeasures:
    """Score every audit with the one evaluator, chunk by chunk, and count per cell.

    When every benchmark's patterns fit a block table (the evaluator's results
    for every pattern of one benchmark's level codes), audits are scored by
    lookup: one gather per benchmark; otherwise the evaluator runs directly.
    """
    compiled = compiled_for(cohort.framework)
    n, n_b = len(cohort), len(compiled.benchmark_ids)
    n_levels = len(compiled.level_ids)
    n_achieved = np.zeros(n, dtype=np.int16)
    share = np.empty(n, dtype=np.float64)
    complete = np.empty(n, dtype=bool)
    pooled = np.zeros((n_cells, n_b, n_levels), dtype=np.int64)
    achieved_cells = np.zeros((n_cells, n_b), dtype=np.int64)
    assessed_cells = np.zeros((n_cells, n_b), dtype=np.int64)
    achieved_each = np.zeros((n, n_b), dtype=bool)
    assessed_each = np.zeros((n, n_b), dtype=bool)
    found = block_tables(compiled) if n_b and n_b < PACK_MASK else None
    keys = np.empty((n, n_b), dtype=np.int32) if found is not None else None
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        m = cohort.codes[lo:hi]
        if found is not None and keys is not None:
            tables, key_matrix = found
            chunk_keys = np.rint(m.astype(np.float32) @ key_matrix).astype(np.int32)
            keys[lo:hi] = chunk_keys
            total = tables[0].packed[chunk_keys[:, 0]]
            for b in range(1, n_b):
                total = total + tables[b].packed[chunk_keys[:, b]]
            ach_total = total & PACK_MASK
            app_total = (total >> PACK_APP) & PACK_MASK
            n_achieved[lo:hi] = (total >> PACK_MET) & PACK_MASK
            complete[lo:hi] = (total >> PACK_UNRATED) == 0
        else:
            result = compiled.score(m)
            app_b = result.agg[..., 1]
            achieved = result.met & (app_b > 0)
            achieved_each[lo:hi] = achieved
            assessed_each[lo:hi] = app_b > 0
            n_achieved[lo:hi] = achieved.sum(axis=1, dtype=np.int16)
            ach_total = result.agg[..., 0].sum(axis=1)
            app_total = app_b.sum(axis=1)
            complete[lo:hi] = ~(m == compiled.unrated_code).any(axis=1)
            cell = cells[lo:hi]
            for b in range(n_b):
                achieved_cells[:, b] += np.bincount(cell[achieved[:, b]], minlength=n_cells)
                assessed_cells[:, b] += np.bincount(cell[app_b[:, b] > 0], minlength=n_cells)
                for lvl in range(n_levels):
                    pooled[:, b, lvl] += np.bincount(cell, weights=result.counts[:, b, lvl],
                                                     minlength=n_cells).astype(np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[lo:hi] = np.where(app_total > 0, ach_total / np.maximum(app_total, 1), np.nan)
    if found is not None and keys is not None:
        for b, table in enumerate(found[0]):
            size = table.counts.shape[0]
            achieved_each[:, b] = table.met[keys[:, b]]
            assessed_each[:, b] = table.app[keys[:, b]] > 0
            if n_cells * size <= _DENSE_CELLS_PER_AUDIT * n + _DENSE_FLOOR:
                # Few cells: per cell, how many audits have each pattern; then the
                # patterns' own figures (one pass over the audits, a small matrix product).
                hist = np.bincount(cells * size + keys[:, b], minlength=n_cells * size)
                hist = hist.reshape(n_cells, size)
                pooled[:, b] = hist @ table.counts.astype(np.int64)
                achieved_cells[:, b] = hist @ table.met.astype(np.int64)
                assessed_cells[:, b] = hist @ (table.app > 0).astype(np.int64)
            else:
                # Many cells (groups): each audit's own figures, summed per cell, so time
                # and memory grow with the audits, never with cells x patterns.
                k = keys[:, b]
                for lvl in range(n_levels):
                    pooled[:, b, lvl] = np.bincount(cells, weights=table.counts[k, lvl],
                                                    minlength=n_cells).astype(np.int64)
                achieved_cells[:, b] = np.bincount(cells[table.met[k]], minlength=n_cells)
                assessed_cells[:, b] = np.bincount(cells[table.app[k] > 0],
                                                   minlength=n_cells)
    return AuditMeasures(n_achieved, share, complete, pooled, achieved_cells, assessed_cells,
                         achieved_each, assessed_each)
