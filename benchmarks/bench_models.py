"""Scoring models over a cohort (``report --model``, ``analysis.model_scores``), against
plain numpy doing the same arithmetic by hand on the same code matrix, and what
``models=["all"]`` adds to a report. Median of three in one run.
Run: python benchmarks/bench_models.py [--schools N]
"""

from __future__ import annotations

import functools

import numpy as np
from _timing import median_of, schools_parser
from bench_cohort import synthetic_cohort

import primary_benchmarks as pb
from primary_benchmarks.analysis import model_scores
from primary_benchmarks.engine import compiled_for


def _numpy_flat(codes: np.ndarray, passed: np.ndarray, applicable: np.ndarray,
                weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flat model by hand: a weight per (column, level code) looked up, then summed."""
    return (passed[codes] * weights).sum(axis=1), (applicable[codes] * weights).sum(axis=1)


def _numpy_default(codes: np.ndarray, passed: np.ndarray, applicable: np.ndarray,
                   weights: np.ndarray, starts: np.ndarray, bweights: np.ndarray) -> np.ndarray:
    app = applicable[codes]
    acc = np.add.reduceat(app * weights, starts, axis=1)
    got = np.add.reduceat(passed[codes] * weights, starts, axis=1) * 100.0
    counted = np.add.reduceat(app, starts, axis=1) > 0
    bench = np.where(acc > 0, got / np.where(acc > 0, acc, 1), 0.0)
    bw = bweights * counted
    total = bw.sum(axis=1)
    return np.where(total > 0, (bench * bw).sum(axis=1) / np.where(total > 0, total, 1), 0.0)


def main() -> None:
    parser = schools_parser(__doc__, 5_000, 40)
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary")
    cohort = synthetic_cohort(fw, args.schools, 40)
    c = compiled_for(fw)
    codes = cohort.codes
    passed = c.lut_ach & c.lut_app
    bweights = np.array([b.weight for b in fw.benchmarks])
    print(f"{len(cohort):,} audits x {codes.shape[1]} characteristics")
    flat_ours = median_of(functools.partial(model_scores, codes, fw, "xccdf-flat"))
    flat_peer = median_of(functools.partial(_numpy_flat, codes, passed, c.lut_app, c.weights))
    print(f"  xccdf-flat      library {flat_ours:7.3f} s   numpy by hand {flat_peer:7.3f} s   "
          f"ratio {flat_ours / flat_peer:5.2f}x")
    default_ours = median_of(functools.partial(model_scores, codes, fw, "xccdf-default"))
    default_peer = median_of(functools.partial(_numpy_default, codes, passed, c.lut_app,
                                               c.weights, c.starts, bweights))
    print(f"  xccdf-default   library {default_ours:7.3f} s   numpy by hand "
          f"{default_peer:7.3f} s   ratio {default_ours / default_peer:5.2f}x")
    mine = model_scores(codes, fw, "xccdf-default")[0]
    assert np.allclose(mine, _numpy_default(codes, passed, c.lut_app, c.weights, c.starts,
                                            bweights))
    plain = median_of(functools.partial(pb.report, cohort))
    every = median_of(functools.partial(pb.report, cohort, models=["all"]))
    print(f"  report {plain:7.3f} s   with models=['all'] (6 models) {every:7.3f} s   "
          f"adds {every - plain:7.3f} s")


if __name__ == "__main__":
    main()
