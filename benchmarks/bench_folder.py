"""Loading a folder of audit YAML files, against a bare C-loader loop over the same files.

Writes N audit files (default 10,000: schools x 3 rounds, 40 ratings each, as a school
writes them) to a temporary folder and, in one run, times the median of three of:

- the peer: a bare loop reading each file and parsing it with PyYAML's C safe loader
  (``yaml.load(data, Loader=CSafeLoader)``), no checks at all;
- ``load_cohort(folder)`` in one process (every file checked; clean files take the fast
  path, any other file the strict reader);
- ``load_cohort(folder, jobs=2)`` (two processes);
- ``load_cohort`` with the fast path turned off (every file through the strict reader,
  positions kept), to show what the fast path saves.

Run: python benchmarks/bench_folder.py [--files N] [--notes]. ``--notes`` gives every
rating a note and a few school names an ``&`` (so some files take the strict path).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import yaml
from _timing import median_of

import primary_benchmarks as pb
from primary_benchmarks.formats import cohort_io


def write_folder(folder: Path, files: int, notes: bool) -> None:
    fw = pb.load_framework("ne-primary")
    rng = random.Random(0)
    rounds = [("baseline", "2019-07-15"), ("end of Y1", "2020-07-15"),
              ("end of Y2", "2021-07-15")]
    for i in range(files):
        school = f"{100000 + i // 3}"
        label, date = rounds[i % 3]
        name = f"School {school}" + (" & Nursery" if notes and i % 10 == 0 else "")
        lines = ["schema: primary-benchmarks/audit/v1", "framework: ne-primary@1.0.0",
                 "school:", f'  id: "{school}"', f"  name: {name}",
                 "  local_authority: Durham", f"date: {date}", f"round: {label}",
                 "ratings:"]
        for cid in fw.characteristic_ids:
            level = rng.choice(["fully", "partially", "not"])
            lines.append(f"  {cid}: {{level: {level}, note: Reviewed with the lead.}}"
                         if notes else f"  {cid}: {level}")
        (folder / f"{school}-{i % 3}.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--notes", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_folder(folder, args.files, args.notes)
        paths = sorted(folder.glob("*.yaml"))
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def bare() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=loader)

        pb.load_framework("ne-primary")
        check = pb.load_cohort(folder)
        assert check.accepted == args.files, check.problems[:3]
        peer = median_of(bare)
        rows = [("bare C-loader loop (the peer)", peer),
                ("load_cohort, one process", median_of(lambda: pb.load_cohort(folder))),
                ("load_cohort, jobs=2", median_of(lambda: pb.load_cohort(folder, jobs=2)))]
        cohort_io._FAST = False
        try:
            rows.append(("load_cohort, strict reader only", median_of(
                lambda: pb.load_cohort(folder))))
        finally:
            cohort_io._FAST = True
    print(f"{args.files:,} audit files{' with notes' if args.notes else ''}; median of 3\n")
    for name, seconds in rows:
        print(f"  {name:<34} {seconds:6.2f} s   {seconds / peer:5.2f}x the peer")


if __name__ == "__main__":
    main()
