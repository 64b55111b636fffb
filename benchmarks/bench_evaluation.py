"""What ``ci=`` (cluster-bootstrap intervals) adds to a report, on the pilot example and on
a cohort of about 100,000 audits. Median of three in one run, each with and without.
Run: python benchmarks/bench_evaluation.py [--schools N] [--replicates N]
"""

from __future__ import annotations

import functools

from _timing import median_of, schools_parser
from bench_cohort import synthetic_cohort

import primary_benchmarks as pb
from primary_benchmarks.formats import sample


def main() -> None:
    parser = schools_parser(__doc__, 1_680, 60)
    parser.add_argument("--replicates", type=int, default=1_000)
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary")
    big = synthetic_cohort(fw, args.schools, 60)
    pilot = pb.load_cohort(sample("pilot-audits.csv")).cohort
    for name, cohort in (("pilot example (198 audits)", pilot),
                         (f"{len(big):,} audits, {len(big.schools):,} schools", big)):
        plain = median_of(functools.partial(pb.report, cohort))
        with_ci = median_of(functools.partial(pb.report, cohort, ci=0.95,
                                           replicates=args.replicates))
        print(f"  {name:<36} report {plain:7.3f} s   with --ci {with_ci:7.3f} s   "
              f"adds {with_ci - plain:7.3f} s")


if __name__ == "__main__":
    main()
