"""The path users take: a cohort report from a wide CSV file, end to end, against peers.

Every measurement runs in a fresh process on the same file (N audits x 40
characteristics of ne-primary@1.0.0, written once), so each time includes reading the
file and each peak memory (VmHWM, Linux) is the process's own:

- the CLI: ``primary-benchmarks report FILE --format json`` (pyarrow's CSV reader
  when installed, as with the ``arrow`` extra; the figures of every round);
- the same through the streaming reader alone (no pyarrow), for comparison;
- polars, lazy: ``scan_csv`` and the same figures per round (the share of ratings at
  each level per benchmark, the mean share of characteristics fully achieved, the mean
  number of benchmarks achieved);
- pandas, idiomatically: ``read_csv`` with categorical level columns, the same figures;
- DuckDB (when installed), two threads: ``read_csv`` and the same figures in one query.

The peers compute the figures for this framework's shape only (every level applicable, a
benchmark achieved when all its characteristics are fully achieved); the library
computes them for any framework. Run: python benchmarks/bench_csv.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_hostile import write_wide

ROOT = Path(__file__).resolve().parent.parent

_MEASURE = r"""
import time, sys
def hwm():
    with open("/proc/self/status") as fh:
        return next(int(x.split()[1]) * 1024 for x in fh if x.startswith("VmHWM:"))
start = time.perf_counter()
{body}
print(f"@@ {{time.perf_counter() - start:.3f}} {{hwm()}}")
"""

CLI = """
import io, sys
{block}
from primary_benchmarks.cli import main
out = io.StringIO()
assert main(["report", PATH, "--format", "json"], out=out) == 0
"""

POLARS = """
import polars as pl
import primary_benchmarks as pb
fw = pb.load_framework("ne-primary")
chars = {b.id: list(b.characteristic_ids) for b in fw.benchmarks}
every = [c for ids in chars.values() for c in ids]
lf = pl.scan_csv(PATH, schema_overrides={c: pl.String for c in every})
exprs = []
for b, ids in chars.items():
    full = pl.sum_horizontal([(pl.col(c) == "fully").cast(pl.Int32) for c in ids])
    exprs.append((full == len(ids)).cast(pl.Int32).alias(f"ach_{b}"))
    for lvl in ("not", "partially", "fully"):
        exprs.append(pl.sum_horizontal([(pl.col(c).fill_null("not") == lvl).cast(pl.Int32)
                                        for c in ids]).alias(f"{b}_{lvl}"))
share = pl.sum_horizontal([(pl.col(c) == "fully").cast(pl.Int32) for c in every]) / len(every)
out = (lf.select("round", share.alias("share"), *exprs)
       .with_columns(pl.sum_horizontal([pl.col(f"ach_{b}") for b in chars]).alias("ach"))
       .group_by("round")
       .agg(pl.len().alias("audits"), pl.col("share").mean(), pl.col("ach").mean(),
            *[pl.col(f"{b}_{lvl}").sum() for b in chars for lvl in ("not", "partially", "fully")])
       .collect())
assert out.height >= 1
"""

PANDAS = """
import pandas as pd
import primary_benchmarks as pb
fw = pb.load_framework("ne-primary")
chars = {b.id: list(b.characteristic_ids) for b in fw.benchmarks}
every = [c for ids in chars.values() for c in ids]
levels = pd.CategoricalDtype(["not", "partially", "fully"], ordered=True)
df = pd.read_csv(PATH, dtype={**{c: levels for c in every}, "round": "category"})
full = pd.DataFrame({c: (df[c] == "fully") for c in every})
out = pd.DataFrame({"round": df["round"], "share": full.sum(axis=1) / len(every)})
ach = 0
for b, ids in chars.items():
    ach = ach + full[ids].all(axis=1)
    for lvl in ("not", "partially", "fully"):
        out[f"{b}_{lvl}"] = (df[ids].fillna("not") == lvl).sum(axis=1)
out["ach"] = ach
result = out.groupby("round", observed=True).agg(["mean", "sum"])
assert len(result) >= 1
"""

DUCKDB = """
import duckdb
import primary_benchmarks as pb
fw = pb.load_framework("ne-primary")
chars = {b.id: list(b.characteristic_ids) for b in fw.benchmarks}
every = [c for ids in chars.values() for c in ids]
con = duckdb.connect()
con.execute("SET threads TO 2")
def q(c):
    return '"' + c + '"'
full = " + ".join(f"({q(c)} = 'fully')::INT" for c in every)
cols = [f"({full}) / {len(every)} AS share"]
ach = []
for b, ids in chars.items():
    ach.append("(" + " AND ".join(f"coalesce({q(c)} = 'fully', false)" for c in ids) + ")::INT")
    for lvl in ("not", "partially", "fully"):
        cols.append(" + ".join(f"(coalesce({q(c)}, 'not') = '{lvl}')::INT" for c in ids)
                    + f" AS {q(b + '_' + lvl)}")
cols.append(" + ".join(ach) + " AS ach")
types = ", ".join(f"'{c}': 'VARCHAR'" for c in every)
inner = f"SELECT round, {', '.join(cols)} FROM read_csv('{PATH}', types={{{types}}})"
sums = ", ".join(f"sum({q(b + '_' + lvl)})" for b in chars for lvl in ("not", "partially", "fully"))
out = con.execute(f"SELECT round, count(*), avg(share), avg(ach), {sums} FROM ({inner}) "
                  "GROUP BY round").fetchall()
assert len(out) >= 1
"""


def measure(body: str) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of ``body`` in a fresh process."""
    code = _MEASURE.format(body=body)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    seconds, peak = out.stdout.strip().splitlines()[-1].split()[1:]
    return float(seconds), int(peak)


def median_of(body: str, repeat: int) -> tuple[float, int]:
    runs = sorted(measure(body) for _ in range(repeat))
    return runs[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_008_000,
                        help="audits in the wide CSV (default 1,008,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "wide.csv"
        write_wide(path, args.rows)
        size = path.stat().st_size
        print(f"wide CSV: {args.rows:,} audits x 40 characteristics, {size / 1e6:,.0f} MB; "
              f"median of {args.repeat} runs, each in a fresh process\n")
        head = f"PATH = {str(path)!r}\n"
        no_arrow = ("import primary_benchmarks.formats.cohort_io as io_\n"
                    "io_._ARROW = False\n")
        cases = [("CLI report (pyarrow reader)", head + CLI.format(block=""))]
        cases.append(("CLI report (streaming reader)", head + CLI.format(block=no_arrow)))
        for peer, body, module in (("polars, lazy", POLARS, "polars"),
                                   ("pandas, categoricals", PANDAS, "pandas"),
                                   ("DuckDB, 2 threads", DUCKDB, "duckdb")):
            try:
                __import__(module)
            except ImportError:
                print(f"  ({module} not installed: no {peer} peer)")
                continue
            cases.append((peer, head + body))
        results = {}
        for label, body in cases:
            results[label] = median_of(body, args.repeat)
        ours = results["CLI report (pyarrow reader)"]
        print(f"  {'':<32} {'seconds':>8} {'peak MB':>8} {'time vs ours':>13}")
        for label, (seconds, peak) in results.items():
            print(f"  {label:<32} {seconds:>8.2f} {peak / 1e6:>8,.0f} "
                  f"{seconds / ours[0]:>12.2f}x")
    print("\n" + json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
