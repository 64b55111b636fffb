"""A hub's ``--as-of`` report against the plain report, on the same data: 20,000 schools
with 10 audits each at scattered dates (200,000 audits). Median of three in one run.
Run: python benchmarks/bench_snapshot.py [--schools N] [--audits N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools

import numpy as np
from _timing import median_of

import primary_benchmarks as pb
from primary_benchmarks.model import SchoolTable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=20_000)
    parser.add_argument("--audits", type=int, default=10, help="audits per school")
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary")
    rng = np.random.default_rng(0)
    n = args.schools * args.audits
    school_index = np.repeat(np.arange(args.schools, dtype=np.int32), args.audits)
    days = (np.datetime64("2020-01-01") + rng.integers(0, 365 * 5, n)).astype("datetime64[D]")
    rounds = tuple(f"term {k}" for k in range(args.audits))
    round_index = np.tile(np.arange(args.audits, dtype=np.int32), args.schools)
    codes = rng.integers(0, len(fw.scale.levels), (n, len(fw.characteristic_ids)),
                         dtype=np.int8)
    cohort, _ = pb.engine.cohort_from_codes(
        fw, schools=SchoolTable(ids=[f"S{i:06d}" for i in range(args.schools)]),
        school_index=school_index, round_names=rounds, round_index=round_index,
        days=days.astype(np.int64), codes=codes, lines=np.arange(n), source="bench")
    dates = [dt.date(2021, 7, 31), dt.date(2022, 7, 31), dt.date(2023, 7, 31),
             dt.date(2024, 7, 31)]
    plain = median_of(functools.partial(pb.report, cohort))
    one = median_of(functools.partial(pb.report, cohort, as_of=dates[-1]))
    trend = median_of(functools.partial(pb.report, cohort, as_of=dates))
    print(f"{args.schools:,} schools x {args.audits} audits ({len(cohort):,} audits); "
          "median of 3\n")
    for name, seconds in (("report by round (10 rounds)", plain), ("--as-of one date", one),
                          ("--as-of four dates (a trend)", trend)):
        print(f"  {name:<32} {seconds:7.3f} s   {seconds / plain:5.2f}x the plain report")


if __name__ == "__main__":
    main()
