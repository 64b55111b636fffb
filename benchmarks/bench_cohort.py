"""National scale: a million audits of 40 characteristics, reported in one run.

England has about 16,800 primary schools; three audits a year for twenty years is about a
million audits (here 16,800 x 60 = 1,008,000; 40.3 million ratings). The long table is built
in memory once (a pandas DataFrame with categorical columns, as a researcher would hold it)
and then, in the same run, this script times:

(a) building the library's cohort from that table (``cohort_from_columns``);
(b) the library's full report from the cohort (``report``);
(c) the same report written as idiomatic pandas on the long table (categoricals kept:
    the benchmark column is made from the characteristic column's codes, never strings);
(d) plain numpy doing the same work on the level matrix (every figure per round);
(e) a lower bound, not a peer: one read of the level matrix (it computes one figure and
    groups nothing, so it does less work than a report).

and prints the ratios against the targets: (b) at least 20x faster than (c) and within 10x of
(e); (a)+(b) at least 3x faster than (c); peak memory of the report under 500 MB; ``import
primary_benchmarks`` under 0.3 s without importing pandas or matplotlib.

Needs pandas (``pip install pandas``). Run: python benchmarks/bench_cohort.py [--schools N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

import primary_benchmarks as pb
from primary_benchmarks.engine import compiled_for

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def long_table(fw: pb.Framework, schools: int, rounds: int) -> pd.DataFrame:
    rng = np.random.default_rng(2019)
    chars = list(fw.characteristic_ids)
    n_audits = schools * rounds
    audit_school = np.repeat(np.arange(100_000, 100_000 + schools, dtype=np.int32), rounds)
    audit_round = np.tile(np.arange(rounds, dtype=np.int16), schools)
    start = np.datetime64("2005-07-15")
    audit_date = start + (audit_round.astype(np.int64) * 122).astype("timedelta64[D]")
    # Later rounds do better: the chance of "fully" grows with the round.
    progress = (audit_round / max(rounds - 1, 1)).astype(np.float32)
    u = rng.random((n_audits, len(chars)), dtype=np.float32)
    fully = u < (0.1 + 0.8 * progress)[:, None]
    partially = ~fully & (u < (0.45 + 0.5 * progress)[:, None])
    level = np.where(fully, 2, np.where(partially, 1, 0)).astype(np.int8).ravel()
    k = len(chars)
    round_names = [f"{2005 + r // 3}-{('autumn', 'spring', 'summer')[r % 3]}"
                   for r in range(rounds)]
    return pd.DataFrame({
        "school": np.repeat(audit_school, k),
        "date": np.repeat(audit_date, k),
        "round": pd.Categorical.from_codes(np.repeat(audit_round, k), round_names),
        "characteristic": pd.Categorical.from_codes(
            np.tile(np.arange(k, dtype=np.int8), n_audits), chars),
        "level": pd.Categorical.from_codes(level, list(fw.scale.ids)),
    })



def synthetic_cohort(fw: pb.Framework, schools: int, rounds: int) -> pb.Cohort:
    """The cohort of :func:`long_table` (``schools`` x ``rounds`` audits)."""
    df = long_table(fw, schools, rounds)
    cohort, _ = pb.engine.cohort_from_columns(
        fw, school=df["school"], date=df["date"], round=df["round"],
        characteristic=df["characteristic"], level=df["level"])
    return cohort

def pandas_report(df: pd.DataFrame, fw: pb.Framework) -> dict[str, Any]:
    """What a researcher would write: the same figures with groupby on the long table."""
    bench_ids = [b.id for b in fw.benchmarks]
    bench_of = {c: i for i, b in enumerate(fw.benchmarks) for c in b.characteristic_ids}
    code_map = np.array([bench_of[c] for c in df["characteristic"].cat.categories],
                        dtype=np.int8)
    df = df.assign(benchmark=pd.Categorical.from_codes(
        code_map[df["characteristic"].cat.codes.to_numpy()], bench_ids),
        achieved=df["level"] == "fully")
    levels = (df.groupby(["round", "benchmark", "level"], observed=True).size()
              / df.groupby(["round", "benchmark"], observed=True).size())
    per_audit = df.groupby(["round", "school"], observed=True)["achieved"].mean()
    per_bench = df.groupby(["round", "school", "benchmark"], observed=True)["achieved"].all()
    bench_count = per_bench.groupby(level=["round", "school"], observed=True).sum()
    return {
        "levels": levels,
        "characteristics_achieved": per_audit.groupby(level="round", observed=True).mean(),
        "benchmarks_achieved": bench_count.groupby(level="round", observed=True).mean(),
        "histogram": bench_count.groupby(level="round", observed=True).value_counts(),
        "achieved_share": per_bench.groupby(level=["round", "benchmark"], observed=True).mean(),
    }


def numpy_report(cohort: pb.Cohort, fw: pb.Framework) -> dict[str, Any]:
    """Plain numpy doing the same work as the report, on the cohort's level matrix: per
    round, the share of ratings at each level per benchmark, the mean share of
    characteristics achieved, the mean number of benchmarks achieved and its histogram,
    and each benchmark's share of audits achieving it (every level applicable here)."""
    codes, rounds = cohort.codes, cohort.round_index
    n_rounds, n_levels = len(cohort.round_labels), len(fw.scale.ids)
    fully = codes == compiled_for(fw).level_code["fully"]
    audits = np.bincount(rounds, minlength=n_rounds)
    share = np.bincount(rounds, weights=fully.mean(axis=1), minlength=n_rounds) / audits
    achieved = np.zeros(len(codes), dtype=np.int64)
    levels = np.zeros((n_rounds, len(fw.benchmarks), n_levels))
    bench_share = np.zeros((n_rounds, len(fw.benchmarks)))
    lo = 0
    for b, bench in enumerate(fw.benchmarks):
        hi = lo + len(bench.characteristics)
        block = codes[:, lo:hi]
        met = fully[:, lo:hi].all(axis=1)
        achieved += met
        bench_share[:, b] = np.bincount(rounds, weights=met, minlength=n_rounds) / audits
        for lvl in range(n_levels):
            levels[:, b, lvl] = np.bincount(rounds, weights=(block == lvl).sum(axis=1),
                                            minlength=n_rounds)
        lo = hi
    hist = np.bincount(rounds * (len(fw.benchmarks) + 1) + achieved)
    return {"share": share, "benchmarks": np.bincount(rounds, weights=achieved) / audits,
            "levels": levels / levels.sum(axis=2, keepdims=True), "histogram": hist,
            "achieved_share": bench_share}


def import_check() -> tuple[float, list[str]]:
    code = ("import sys, time; t = time.perf_counter(); import primary_benchmarks; "
            "t = time.perf_counter() - t; "
            "print(t, *[m for m in ('pandas', 'matplotlib') if m in sys.modules])")
    best, heavy = float("inf"), []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        best, heavy = min(best, float(out[0])), out[1:]
    return best, heavy


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=16_800)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary@1.0.0")
    df, t_build = timed(lambda: long_table(fw, args.schools, args.rounds))
    print(f"long table: {len(df):,} ratings, {args.schools * args.rounds:,} audits "
          f"(built in {t_build:.1f} s)")

    (cohort, problems), t_a = timed(lambda: pb.engine.cohort_from_columns(
        fw, school=df["school"], date=df["date"], round=df["round"],
        characteristic=df["characteristic"], level=df["level"]))
    assert problems == ()
    assert len(cohort) == args.schools * args.rounds
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result, t_b = timed(lambda: pb.report(cohort))
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    expected, t_c = timed(lambda: pandas_report(df, fw))
    same, t_d = timed(lambda: numpy_report(cohort, fw))
    codes = np.ascontiguousarray(cohort.codes)
    achieved_code = compiled_for(fw).level_code["fully"]
    _, t_e = timed(lambda: (codes == achieved_code).sum(axis=1))

    # The two reports agree (a spot check on every round's headline figures).
    ours = {r.round: r for r in result.rounds}
    for rnd, value in expected["characteristics_achieved"].items():
        assert abs(ours[str(rnd)].characteristics_achieved - value) < 1e-9
    for rnd, value in expected["benchmarks_achieved"].items():
        assert abs(ours[str(rnd)].benchmarks_achieved - value) < 1e-9
    for r, label in enumerate(cohort.round_labels):
        assert abs(ours[label].characteristics_achieved - same["share"][r]) < 1e-9
        assert abs(ours[label].benchmarks_achieved - same["benchmarks"][r]) < 1e-9

    t_import, heavy = import_check()
    checks = [
        ("(b) report vs (c) pandas", t_c / t_b, ">= 20x faster", t_c / t_b >= 20),
        ("(b) report vs (d) numpy same work", t_d / t_b, "(ratio)", True),  # x faster
        ("(b) report vs (e) lower bound", t_b / t_e, "<= 10x slower", t_b / t_e <= 10),
        ("(a)+(b) vs (c) pandas", t_c / (t_a + t_b), ">= 3x faster", t_c / (t_a + t_b) >= 3),
    ]
    print(f"(a) cohort from the long table   {t_a:8.3f} s")
    print(f"(b) library report               {t_b:8.3f} s   peak memory {peak / 1e6:,.0f} MB")
    print(f"(c) idiomatic pandas report      {t_c:8.3f} s")
    print(f"(d) plain numpy, same work       {t_d:8.3f} s")
    print(f"(e) lower bound: one matrix read {t_e:8.3f} s")
    for name, ratio, target, ok in checks:
        verdict = "faster, no target" if target == "(ratio)" else ("met" if ok else "NOT MET")
        shown = "" if target == "(ratio)" else f"target {target:14} "
        print(f"{name:32} {ratio:8.1f}x  {shown}{verdict}")
    print(f"{'peak memory of (b)':32} {peak / 1e6:7.0f} MB  target < 500 MB       "
          f"{'met' if peak < 500e6 else 'NOT MET'}")
    print(f"{'import primary_benchmarks':32} {t_import:8.3f} s  target < 0.3 s       "
          f"{'met' if t_import < 0.3 else 'NOT MET'}; imports pandas/matplotlib: "
          f"{', '.join(heavy) or 'neither'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
