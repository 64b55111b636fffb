"""Building a cohort from a long table in the shapes users have, and reports by group.

In one run, on the same long table (N schools x 60 rounds x 40 characteristics, pandas
categoricals, in audit order), this script times ``cohort_from_columns`` on:

- the table in audit order (the best case), shuffled, and in ``melt`` order (every
  audit's first characteristic, then every audit's second, ...);
- plain string columns (what ``read_csv`` gives without ``dtype="category"``);
- the table with 10% of its rows repeated (each repeat a reported conflict);

and ``report(cohort, by=...)`` with 10, 150 and 1,200 groups against the ungrouped report
(the result holds a row per round and group, so its size grows with rounds x groups).
Each figure is the best of three; ratios are against audit order (building) and the
ungrouped report (groups). Run: python benchmarks/bench_build.py [--schools N]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from _timing import best_of, schools_parser
from bench_cohort import long_table

import primary_benchmarks as pb
from primary_benchmarks.model import SchoolTable


def best(fn: Callable[[], Any]) -> float:
    """The best of three single calls."""
    return best_of(fn, repeat=3, number=1)


def build(fw: pb.Framework, df: pd.DataFrame) -> Callable[[], Any]:
    return lambda: pb.engine.cohort_from_columns(
        fw, school=df["school"], date=df["date"], round=df["round"],
        characteristic=df["characteristic"], level=df["level"])


def _grouped_report(cohort: pb.Cohort) -> Callable[[], Any]:
    return lambda: pb.report(cohort, by="local_authority")


def main() -> None:
    parser = schools_parser(__doc__, 1_680, 60)
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary")
    df = long_table(fw, args.schools, 60)
    rng = np.random.default_rng(0)
    shapes = {
        "audit order": df,
        "shuffled": df.iloc[rng.permutation(len(df))].reset_index(drop=True),
        "melt order": df.sort_values("characteristic", kind="stable").reset_index(drop=True),
        "string columns": df.astype({c: "string" for c in
                                     ("school", "round", "characteristic", "level")}),
        "10% repeated rows": pd.concat([df, df.iloc[:: 10]], ignore_index=True),
    }
    print(f"long table: {len(df):,} ratings, {args.schools * 60:,} audits; best of 3\n")
    base = best(build(fw, df))
    for name, frame in shapes.items():
        seconds = base if name == "audit order" else best(build(fw, frame))
        print(f"  cohort_from_columns, {name:<18} {seconds:7.3f} s   {seconds / base:6.1f}x")

    cohort, _ = build(fw, df)()
    ids = cohort.schools.ids
    plain = best(lambda: pb.report(cohort))
    print(f"\n  report, ungrouped                       {plain:7.3f} s")
    for groups in (10, 150, 1_200):
        grouped = pb.engine.Cohort(
            framework=fw, schools=SchoolTable(ids=ids, columns={
                "local_authority": [f"LA{i % groups}" for i in range(len(ids))]}),
            school_index=cohort.school_index, dates=cohort.dates,
            round_labels=cohort.round_labels, round_index=cohort.round_index,
            codes=cohort.codes)
        seconds = best(_grouped_report(grouped))
        print(f"  report, by= with {groups:>5,} groups           {seconds:7.3f} s   "
              f"{seconds / plain:6.1f}x")


if __name__ == "__main__":
    main()
