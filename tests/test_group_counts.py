"""counts_per_benchmark, the count behind transitions and per-benchmark changes, against a
plain loop: any values, groups, spans and chunk size."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from primary_benchmarks.analysis import paired
from primary_benchmarks.analysis.paired import counts_per_benchmark


@st.composite
def _tables(draw: st.DrawFn) -> tuple[np.ndarray, int, np.ndarray, int, list[tuple[int, int]]]:
    widths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    bounds, start = [], 0
    for w in widths:
        bounds.append((start, start + w))
        start += w
    n_values = draw(st.integers(1, 9))
    n_groups = draw(st.integers(1, 5))
    rows = draw(st.integers(0, 40))
    values = np.array(draw(st.lists(st.lists(st.integers(0, n_values - 1), min_size=start,
                                             max_size=start), min_size=rows, max_size=rows)),
                      dtype=np.int8).reshape(rows, start)
    groups = np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=rows,
                                    max_size=rows)), dtype=np.intp)
    return values, n_values, groups, n_groups, bounds


@given(_tables(), st.sampled_from([1, 3, 1 << 16]))
def test_counts_match_a_plain_loop(table: tuple[np.ndarray, int, np.ndarray, int,
                                                list[tuple[int, int]]], chunk: int) -> None:
    values, n_values, groups, n_groups, bounds = table
    expected = np.zeros((n_groups, len(bounds), n_values), dtype=np.int64)
    for row, g in zip(values.tolist(), groups.tolist(), strict=True):
        for b, (lo, hi) in enumerate(bounds):
            for v in row[lo:hi]:
                expected[g, b, v] += 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paired, "_CHUNK", chunk)
        got = counts_per_benchmark(values, n_values, groups, n_groups, bounds)
    assert got.tolist() == expected.tolist()
