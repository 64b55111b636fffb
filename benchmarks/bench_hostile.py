"""Bounded cost on hostile sizes: the figures behind issue 11's classes 20-22.

Each measurement runs in a fresh process (so its peak resident memory is its own, read
from ``/proc/self/status``; Linux only) on files written once into a temporary folder:

- wide CSV (class 22): ``load_cohort`` of a wide CSV of N audits x 40 characteristics,
  peak memory against the file's size, beside ``pandas.read_csv`` (categoricals, as a
  careful user would) and polars' ``read_csv`` of the same file, in the same run;
- many problems (class 21): ``validate`` of a 4 MiB audit file holding about a million
  problems, as text and as JSON (kept to 1,000 problems plus one ``too-many-problems``);
- many misspellings (class 20): ``validate`` of an audit with 200,000 misspelt
  characteristic ids against a framework of 2,000 characteristics (suggestions bounded).

Run: python benchmarks/bench_hostile.py [--rows N]   (pandas and polars optional)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Peak memory is the process's own high-water mark (VmHWM). ``ru_maxrss`` is not used: on
# Linux it survives exec, so a child would report its parent's peak when that is higher.
_MEASURE = r"""
import time
def hwm():
    with open("/proc/self/status") as fh:
        return next(int(x.split()[1]) * 1024 for x in fh if x.startswith("VmHWM:"))
base = hwm()
start = time.perf_counter()
{body}
elapsed = time.perf_counter() - start
print(f"{{elapsed:.3f}} {{hwm()}} {{base}}")
"""


def measure(body: str, setup: str = "") -> tuple[float, int, int]:
    """Seconds, peak RSS and the RSS before timing (bytes) of ``body`` in a new process."""
    code = setup + "\n" + _MEASURE.format(body=body)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    seconds, peak, base = out.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(peak), int(base)


def write_wide(path: Path, rows: int) -> None:
    import primary_benchmarks as pb

    fw = pb.load_framework("ne-primary")
    ids = fw.characteristic_ids
    levels = ("not", "partially", "fully")
    with path.open("w", encoding="utf-8") as fh:
        fh.write("school,date,round,local_authority,framework," + ",".join(ids) + "\n")
        for i in range(rows):
            school, r = divmod(i, 3)
            cells = ",".join(levels[(i * 7 + k * 13) % 3] for k in range(len(ids)))
            fh.write(f"S{school:07d},{2019 + r}-07-15,round {r},LA{school % 12},"
                     f"ne-primary@1.0.0,{cells}\n")


def mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def wide_csv(folder: Path, rows: int) -> None:
    path = folder / "wide.csv"
    write_wide(path, rows)
    size = path.stat().st_size
    print(f"\nwide CSV (class 22): {rows:,} audits x 40 characteristics, {mb(size)}")
    print(f"  {'reader':<34} {'seconds':>8} {'peak RSS':>10} {'above import':>13} "
          f"{'x file':>7}")
    cases = [
        ("primary_benchmarks.load_cohort", "import primary_benchmarks as pb",
         f"loaded = pb.load_cohort({str(path)!r}); assert loaded.problems == ()"),
    ]
    try:
        import pandas  # noqa: F401

        cases.append(("pandas.read_csv (category dtypes)", "import pandas as pd",
                      f"df = pd.read_csv({str(path)!r}, dtype='category')"))
    except ImportError:
        print("  (pandas not installed: no pandas peer)")
    try:
        import polars  # noqa: F401

        cases.append(("polars.read_csv", "import polars as pl",
                      f"df = pl.read_csv({str(path)!r})"))
    except ImportError:
        print("  (polars not installed: no polars peer)")
    for name, setup, body in cases:
        seconds, peak, base = measure(body, setup)
        print(f"  {name:<34} {seconds:>8.2f} {mb(peak):>10} {mb(peak - base):>13} "
              f"{(peak - base) / size:>6.2f}x")


def many_problems(folder: Path) -> None:
    path = folder / "many-problems.yaml"
    line = "k{i}: 1\n"
    text = ["schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"]
    size, i = len(text[0]), 0
    while size < 4 * 1024 * 1024 - 32:
        piece = line.format(i=i)
        text.append(piece)
        size += len(piece)
        i += 1
    path.write_text("".join(text))
    print(f"\nmany problems (class 21): a {mb(path.stat().st_size)} audit file with "
          f"{i:,} unknown keys")
    for fmt in ("text", "json"):
        body = ("import io; from primary_benchmarks.cli import main; buf = io.StringIO(); "
                f"main(['validate', '--format', {fmt!r}, {str(path)!r}], out=buf); "
                "n = len(buf.getvalue().splitlines())")
        seconds, peak, base = measure(body)
        print(f"  validate --format {fmt:<5} {seconds:>6.2f} s, peak RSS {mb(peak)} "
              f"({mb(peak - base)} above import)")


def misspellings(folder: Path) -> None:
    fw_path = folder / "big.yaml"
    chars = "\n".join(f"      - {{id: C{i}.{j}, text: c}}" for i in range(40)
                      for j in range(50))
    fw_path.write_text(
        "schema: primary-benchmarks/framework/v1\nid: big\nversion: \"1.0.0\"\ntitle: t\n"
        "publisher: p\nstatus: {state: draft}\nprovenance: p\nscale:\n"
        "  - {id: not, label: Not, value: 0}\n"
        "  - {id: fully, label: Fully, value: 1, achieved: true}\n"
        "benchmarks:\n  - id: B\n    title: b\n    characteristics:\n" + chars + "\n")
    audit = folder / "audit.yaml"
    audit.write_text("schema: primary-benchmarks/audit/v1\nframework: big@1.0.0\n"
                     "school: {id: '1'}\ndate: 2020-01-01\nratings:\n" + "".join(
                         f"  D{i}: fully\n" for i in range(200_000)))
    print(f"\nmisspellings (class 20): {200_000:,} unknown ids ({mb(audit.stat().st_size)}) "
          "against 2,000 characteristics")
    body = ("import io; from primary_benchmarks.cli import main; buf = io.StringIO(); "
            f"main(['validate', '--framework', {str(fw_path)!r}, {str(audit)!r}], out=buf)")
    seconds, peak, _ = measure(body)
    print(f"  validate: {seconds:.2f} s, peak RSS {mb(peak)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=250_000,
                        help="audits in the wide CSV (default 250,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        wide_csv(folder, args.rows)
        many_problems(folder)
        misspellings(folder)
    print("\n" + json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
