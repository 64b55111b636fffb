"""Generate the SYNTHETIC North East primary pilot cohort (examples/pilot/audits.csv).

70 synthetic primary schools audited against ne-primary@1.0.0 in three rounds (July 2019,
July 2020, July 2021), built so that `primary-benchmarks report` gives back every figure the
pilot published, at the published rounding:

- the baseline table (fully / partially / not per benchmark);
- characteristics fully achieved 13% / 39% / 65% (mean over schools);
- benchmarks achieved 0 / 0.5 / 2.4 (mean count per school);
- at least one school with every characteristic achieved at the end of Y1;
- several schools with all eight benchmarks at the end of Y2;
- a round with missing audits (58 of 70 at the end of Y2).

The schools, their names and every rating are invented. Nothing here is the pilot's data.
Deterministic: the same script always writes the same file. Run from anywhere:

    python examples/pilot/generate.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("audits.csv")
FRAMEWORK = "ne-primary@1.0.0"
SIZES = {"P1": 5, "P2": 5, "P3": 5, "P4": 7, "P5": 5, "P6": 5, "P7": 4, "P8": 4}
SCHOOLS = 70
# Baseline ratings per benchmark (fully, partially, not), chosen so that each share rounds to
# the published percentage (e.g. P2: 19/350 = 5.4% -> 5%, 116/350 = 33.1% -> 33%, ...).
BASELINE = {"P1": (25, 95, 230), "P2": (19, 116, 215), "P3": (28, 112, 210),
            "P4": (162, 191, 137), "P5": (36, 110, 204), "P6": (44, 118, 188),
            "P7": (39, 87, 154), "P8": (14, 59, 207)}
Y1_FULLY, Y1_BENCHMARKS = 1092, 35        # 1092 / 2800 = 39.0%; 35 / 70 = 0.50
Y2_AUDITS, Y2_FULLY, Y2_BENCHMARKS = 58, 1508, 139   # 1508 / 2320 = 65.0%; 139 / 58 = 2.40
LAS = ["Northumberland", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Gateshead",
       "Sunderland", "County Durham"]
TYPES = ["community", "academy", "voluntary aided", "foundation"]

Grid = dict[str, list[list[str]]]  # benchmark -> school -> ratings of its characteristics


def baseline(rnd: random.Random) -> Grid:
    grid: Grid = {}
    for b, (f, p, n) in BASELINE.items():
        cells = ["fully"] * f + ["partially"] * p + ["not"] * n
        rnd.shuffle(cells)
        k = SIZES[b]
        rows = [cells[s * k:(s + 1) * k] for s in range(SCHOOLS)]
        # No school achieves a benchmark at baseline: break any all-fully row by a swap.
        for s, row in enumerate(rows):
            if all(x == "fully" for x in row):
                other = next(t for t in range(SCHOOLS) if t != s and rows[t].count("fully") < k - 1
                             and "fully" not in rows[t][:1])
                rows[s][0], rows[other][0] = rows[other][0], rows[s][0]
        grid[b] = rows
    return grid


def fully_count(grid: Grid, schools: list[int]) -> int:
    return sum(grid[b][s].count("fully") for b in grid for s in schools)


def advance(grid: Grid, rnd: random.Random, schools: list[int], achieved: set[tuple[int, str]],
            target_fully: int) -> Grid:
    """Next round: `achieved` pairs fully achieved, others short of it, `target_fully` in all."""
    new = {b: [list(row) for row in rows] for b, rows in grid.items()}
    for s, b in achieved:
        new[b][s] = ["fully"] * SIZES[b]
    # Some partial progress everywhere (not -> partially), for a believable picture.
    for b in new:
        for s in schools:
            row = new[b][s]
            for i, x in enumerate(row):
                if x == "not" and rnd.random() < 0.35:
                    row[i] = "partially"
    # Top up fully ratings without completing a benchmark that is not in `achieved`.
    candidates = [(s, b, i) for b in new for s in schools if (s, b) not in achieved
                  for i in range(SIZES[b]) if new[b][s][i] != "fully"]
    rnd.shuffle(candidates)
    have = fully_count(new, schools)
    for s, b, i in candidates:
        if have >= target_fully:
            break
        row = new[b][s]
        if row.count("fully") < SIZES[b] - 1:
            row[i] = "fully"
            have += 1
    assert have == target_fully, (have, target_fully)
    return new


def choose_pairs(rnd: random.Random, schools: list[int], keep: set[tuple[int, str]],
                 whole: list[int], total: int) -> set[tuple[int, str]]:
    pairs = {(s, b) for s, b in keep if s in schools}
    pairs |= {(s, b) for s in whole for b in SIZES}
    # Benchmark 4 was the strongest throughout: weight it up.
    pool = [(s, b) for s in schools for b in SIZES if (s, b) not in pairs]
    weights = [4 if b == "P4" else 1 for _, b in pool]
    while len(pairs) < total:
        pick = rnd.choices(pool, weights)[0]
        pairs.add(pick)
    return pairs


def main() -> None:
    rnd = random.Random(20190715)
    everyone = list(range(SCHOOLS))
    b0 = baseline(rnd)
    y1_pairs = choose_pairs(rnd, everyone, set(), [0], Y1_BENCHMARKS)
    b1 = advance(b0, rnd, everyone, y1_pairs, Y1_FULLY)
    missing = set(rnd.sample(range(5, SCHOOLS), SCHOOLS - Y2_AUDITS))  # not the leaders
    y2_schools = [s for s in everyone if s not in missing]
    y2_pairs = choose_pairs(rnd, y2_schools, y1_pairs, [0, 1, 2, 3], Y2_BENCHMARKS)
    b2 = advance(b1, rnd, y2_schools, y2_pairs, Y2_FULLY)
    char_ids = [f"{b}.{i + 1}" for b in SIZES for i in range(SIZES[b])]
    header = ["framework", "school", "name", "local_authority", "type", "round", "date",
              *char_ids]
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        fh.write("# SYNTHETIC data: invented schools and ratings, built to reproduce the\n")
        fh.write("# published figures of the North East primary pilot. Not the pilot's data.\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        rounds = [("baseline", "2019-07-15", b0, everyone),
                  ("end of Y1", "2020-07-13", b1, everyone),
                  ("end of Y2", "2021-07-12", b2, y2_schools)]
        for label, date, grid, schools in rounds:
            for s in schools:
                ratings = [x for b in SIZES for x in grid[b][s]]
                writer.writerow([FRAMEWORK, f"SYN{s + 1:03d}", f"Synthetic Primary {s + 1:02d}",
                                 LAS[s % len(LAS)], TYPES[(s * 3) % len(TYPES)], label, date,
                                 *ratings])


if __name__ == "__main__":
    main()
