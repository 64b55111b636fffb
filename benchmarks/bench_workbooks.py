"""Loading a folder of filled audit workbooks, against openpyxl alone opening them.

Writes N filled workbooks (default 1,000; ne-primary@1.0.0, every characteristic rated) to a
temporary folder and times, median of three in one run: ``load_cohort(folder)`` (every
workbook checked cell by cell) and the peer, a bare loop opening each file with
``openpyxl.load_workbook`` and reading every cell of its Ratings sheet, no checks.
Run: python benchmarks/bench_workbooks.py [--files N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
from pathlib import Path

import openpyxl
from _timing import median_of

import primary_benchmarks as pb
from primary_benchmarks.formats.workbook import audit_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1_000)
    args = parser.parse_args()
    fw = pb.load_framework("ne-primary")
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.files):
            audit = pb.Audit(framework=fw.ref, school=pb.School(id=f"{100000 + i}"),
                             date=dt.date(2026, 7, 1), round="summer",
                             ratings={c: rng.choice(fw.scale.ids)
                                      for c in fw.characteristic_ids})
            (folder / f"{i:05}.xlsx").write_bytes(audit_workbook(fw, audit))
        paths = sorted(folder.glob("*.xlsx"))

        def bare() -> None:
            for path in paths:
                book = openpyxl.load_workbook(path)
                for _ in book["Ratings"].iter_rows(values_only=True):
                    pass

        loaded = pb.load_cohort(folder, jobs=1)
        assert loaded.accepted == args.files, loaded.problems[:3]
        peer = median_of(bare)
        ours = median_of(lambda: pb.load_cohort(folder, jobs=1))
        two = median_of(lambda: pb.load_cohort(folder, jobs=2))
    print(f"{args.files:,} filled audit workbooks; median of 3\n")
    for name, seconds in (("openpyxl opening each, no checks (the peer)", peer),
                          ("load_cohort, one process", ours), ("load_cohort, jobs=2", two)):
        print(f"  {name:<44} {seconds:6.2f} s  {seconds / args.files * 1e3:6.1f} ms/file  "
              f"{seconds / peer:5.2f}x the peer")


if __name__ == "__main__":
    main()
