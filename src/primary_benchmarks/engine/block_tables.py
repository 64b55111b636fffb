"""Block tables: each benchmark's results for every pattern of its level codes, built once
per framework (cached on its compiled form), so a cohort is scored by one lookup per
benchmark and audit instead of running the evaluator."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .evaluator import Bools, Compiled, Floats

__all__ = ["MAX_BLOCK_PATTERNS", "PACK_APP", "PACK_MASK", "PACK_MET", "PACK_UNRATED",
           "BlockTable", "block_tables"]


#: The most patterns a benchmark's block table may hold (codes ** characteristics).
MAX_BLOCK_PATTERNS = 1 << 16
#: Bit offsets of `BlockTable.packed`: 16 bits each for the achieved and applicable counts
#: and the number of benchmarks achieved, summed over at most 2**16 - 1 of each.
PACK_APP, PACK_MET, PACK_UNRATED = 16, 32, 48
PACK_MASK = (1 << 16) - 1


class BlockTable:
    """One benchmark's results for every possible pattern of its level codes.

    A pattern's key is ``sum(code[i] * base ** i)`` over the benchmark's
    characteristics, with ``base`` = levels + 1 (the unrated code). The table
    is filled by :meth:`Compiled.score` itself, run once over every pattern, so
    scoring a cohort by lookup is the same evaluator, memoised per pattern.
    """

    __slots__ = ("ach", "app", "counts", "has_unrated", "met", "packed", "wsum", "wval")

    def __init__(self, counts: npt.NDArray[np.int32], agg: Floats, met: Bools,
                 has_unrated: Bools) -> None:
        self.counts = counts                      # (patterns, levels)
        self.ach = agg[:, 0].astype(np.int16)     # achieved characteristics
        self.app = agg[:, 1].astype(np.int16)     # applicable characteristics
        self.wval = agg[:, 2]
        self.wsum = agg[:, 3]
        self.met = met & (self.app > 0)           # achieved (assessed and rule met)
        self.has_unrated = has_unrated
        # Summable in one gather per benchmark (see PACK_*): achieved and applicable
        # characteristics, benchmark achieved, and whether some characteristic is unrated.
        self.packed: npt.NDArray[np.int64] = (
            self.ach.astype(np.int64) + (self.app.astype(np.int64) << PACK_APP)
            + (self.met.astype(np.int64) << PACK_MET)
            + (has_unrated.astype(np.int64) << PACK_UNRATED))


def block_tables(compiled: Compiled
                 ) -> tuple[list[BlockTable], npt.NDArray[np.float32]] | None:
    """Every benchmark's :class:`BlockTable` and the key matrix (characteristics x
    benchmarks, float32-exact), or ``None`` when some benchmark has too many patterns."""
    found = compiled.value_cache.get("block-tables", False)
    if found is not False:
        return found  # type: ignore[no-any-return]
    base = len(compiled.level_ids) + 1
    sizes = [base ** (hi - lo) for lo, hi in compiled.bounds]
    if not sizes or max(sizes) > MAX_BLOCK_PATTERNS:
        compiled.value_cache["block-tables"] = None
        return None
    n_chars = len(compiled.char_ids)
    keys = np.zeros((n_chars, len(sizes)), dtype=np.float32)
    tables = []
    for b, (lo, hi) in enumerate(compiled.bounds):
        k = hi - lo
        keys[lo:hi, b] = base ** np.arange(k, dtype=np.float32)
        patterns = np.indices((base,) * k).reshape(k, -1)[::-1].T.astype(np.int8)  # key order
        m = np.full((sizes[b], n_chars), compiled.lowest, dtype=np.int8)
        m[:, lo:hi] = patterns
        result = compiled.score(m)
        tables.append(BlockTable(result.counts[:, b], result.agg[:, b], result.met[:, b],
                                 (patterns == compiled.unrated_code).any(axis=1)))
    compiled.value_cache["block-tables"] = (tables, keys)
    return tables, keys
