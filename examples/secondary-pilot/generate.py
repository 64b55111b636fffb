"""Generate the SYNTHETIC North East secondary pilot cohort (examples/secondary-pilot/audits.csv).

16 synthetic institutions (13 schools, one of them a pupil referral unit, and 3 colleges)
audited against gatsby@1.0.0 in three rounds (October 2015, July 2016, July 2017), built so
that `primary-benchmarks report` gives back the headline figures quoted from the Gatsby
secondary pilot's evaluation:

- at the start, 50 per cent of the institutions achieved none of the benchmarks and none
  achieved more than three;
- two years later 85 per cent achieved six or more (read as 14 of the 16: 87.5%, which the
  summaries round down to "85%" or say "over 85%"; 13 of 16 would be 81.25%);
- three institutions achieved all eight.

The institutions, their names, the middle round and every rating are invented. Nothing here
is the pilot's data. Deterministic: the same script always writes the same file. Run from
anywhere:

    python examples/secondary-pilot/generate.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("audits.csv")
FRAMEWORK = "gatsby@1.0.0"
SIZES = {"GB1": 3, "GB2": 2, "GB3": 4, "GB4": 2, "GB5": 1, "GB6": 2, "GB7": 2, "GB8": 2}
ROUNDS = [("baseline", "2015-10-15"), ("end of Y1", "2016-07-15"), ("end of Y2", "2017-07-14")]
# Benchmarks achieved by each institution in each round (invented; the first and last rounds
# hold the quoted figures: 8 of 16 with none and at most 3, then 14 of 16 with six or more and
# three with all eight).
ACHIEVED = [
    (0, 2, 8), (0, 3, 8), (0, 2, 8), (0, 4, 7), (0, 3, 7), (0, 4, 7), (0, 2, 6), (0, 1, 4),
    (1, 4, 7), (1, 3, 6), (2, 5, 7), (2, 4, 6), (3, 5, 7), (3, 6, 7), (1, 3, 6), (2, 3, 5),
]
KINDS = ["school"] * 12 + ["pupil referral unit"] + ["college"] * 3


def ratings(rng: random.Random, achieved: int) -> dict[str, str]:
    """Every characteristic's rating: ``achieved`` benchmarks wholly achieved, the others
    each with at least one characteristic short of it."""
    order = list(SIZES)
    rng.shuffle(order)
    out: dict[str, str] = {}
    for k, benchmark in enumerate(order):
        ids = [f"{benchmark}.{i + 1}" for i in range(SIZES[benchmark])]
        if k < achieved:
            out.update(dict.fromkeys(ids, "achieved"))
            continue
        short = rng.randrange(len(ids))
        for i, cid in enumerate(ids):
            out[cid] = (rng.choice(["not_started", "in_progress"]) if i == short
                        else rng.choice(["not_started", "in_progress", "achieved"]))
    return out


def rows() -> list[dict[str, str]]:
    rng = random.Random(2015)
    out = []
    for i, (counts, kind) in enumerate(zip(ACHIEVED, KINDS, strict=True)):
        for (label, date), achieved in zip(ROUNDS, counts, strict=True):
            row = {"school": f"NE{i + 1:02d}", "name": f"Synthetic institution {i + 1}",
                   "type": kind, "date": date, "round": label, "framework": FRAMEWORK}
            row.update(ratings(rng, achieved))
            out.append(row)
    return out


def write(path: Path = OUT) -> None:
    data = rows()
    ids = [f"{b}.{i + 1}" for b, n in SIZES.items() for i in range(n)]
    columns = ["school", "name", "type", "date", "round", "framework", *ids]
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write("# SYNTHETIC data: invented institutions and ratings, built to reproduce the "
                 "headline figures quoted from the North East secondary pilot (2015-2017). "
                 "Not the pilot's data.\n")
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


if __name__ == "__main__":
    write()
