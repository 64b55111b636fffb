"""Scoring speed for one 40-characteristic audit (ne-primary@1.0.0).

Target (issue 3): under 50 microseconds per audit, the full immutable result
(per-benchmark counts, shares, scores, achievement and blockers).

Measured in the same run, for ratios:
- the evaluation alone, by block-table lookup (what ``score`` uses for this framework);
- the same with the numpy evaluator run directly on a one-row matrix;
- ``score`` with block tables turned off (the path for frameworks whose benchmarks have
  too many characteristics for a table);
- a floor: one plain-Python pass that only counts each benchmark's levels.

Audits: 1,000 distinct, complete, random audits with a pilot-like mix of levels
(scored in turn, so no result is reused), plus two fixed shapes.

Run: python benchmarks/bench_scoring.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from _timing import best_of, fmt

import primary_benchmarks as pb
from primary_benchmarks.analysis.scoring import _evaluate
from primary_benchmarks.engine import block_tables as _engine
from primary_benchmarks.engine import compiled_for
from primary_benchmarks.engine.codes import audit_codes

TARGET_S = 50e-6


def main() -> int:
    fw = pb.load_framework("ne-primary@1.0.0")
    rnd = random.Random(2019)
    levels = fw.scale.ids
    audits = [pb.Audit(framework=fw.ref, school=pb.School(id=str(i)), date=dt.date(2019, 7, 15),
                       ratings={c: rnd.choices(levels, weights=(5, 3, 2))[0]
                                for c in fw.characteristic_ids})
              for i in range(1_000)]
    fully = pb.Audit(framework=fw.ref, school=pb.School(id="f"), date=dt.date(2021, 7, 15),
                     ratings={c: "fully" for c in fw.characteristic_ids})
    half = pb.Audit(framework=fw.ref, school=pb.School(id="h"), date=dt.date(2019, 11, 1),
                    ratings={c: "partially" for c in fw.characteristic_ids[:20]})
    pb.score(fully, fw)  # compile the framework once, outside the timings

    def score_all() -> None:
        for a in audits:
            pb.score(a, fw)

    def lookup_all() -> None:
        c = compiled_for(fw)
        for a in audits:
            _evaluate(c, audit_codes(a, c))

    def engine_all() -> None:
        c = compiled_for(fw)
        for a in audits:
            c.score(np.asarray([audit_codes(a, c)], dtype=np.int8))

    def without_tables() -> float:
        old = _engine.MAX_BLOCK_PATTERNS
        _engine.MAX_BLOCK_PATTERNS = 0
        for key in ("block-tables", "lookup"):
            compiled_for(fw).value_cache.pop(key, None)
        try:
            return best_of(score_all, repeat=5, number=1) / len(audits)
        finally:
            _engine.MAX_BLOCK_PATTERNS = old
            for key in ("block-tables", "lookup"):
                compiled_for(fw).value_cache.pop(key, None)
            pb.score(fully, fw)

    bounds = [(b.id, b.characteristic_ids) for b in fw.benchmarks]

    def floor_all() -> None:
        for a in audits:
            r = a.ratings
            for _, ids in bounds:
                counts: dict[str, int] = {}
                for cid in ids:
                    lv = r[cid].level
                    counts[lv] = counts.get(lv, 0) + 1

    n = len(audits)
    per_mixed = best_of(score_all, repeat=5, number=1) / n
    per_lookup = best_of(lookup_all, repeat=5, number=1) / n
    per_engine = best_of(engine_all, repeat=5, number=1) / n
    per_direct = without_tables()
    per_floor = best_of(floor_all, repeat=5, number=1) / n
    per_fully = best_of(lambda: pb.score(fully, fw))
    per_half = best_of(lambda: pb.score(half, fw))

    print(f"ne-primary@1.0.0, {len(fw.characteristic_ids)} characteristics, "
          f"{len(fw.benchmarks)} benchmarks; best of 5 rounds")
    print(f"score(), 1,000 distinct mixed audits   {fmt(per_mixed):>10} per audit  "
          f"(ratio to floor {per_mixed / per_floor:.1f}x)")
    print(f"  evaluation alone, table lookup       {fmt(per_lookup):>10} per audit  "
          f"({per_lookup / per_mixed:.0%} of score())")
    print(f"  evaluation alone, numpy evaluator    {fmt(per_engine):>10} per audit")
    print(f"score() without block tables           {fmt(per_direct):>10} per audit  "
          f"(ratio to score() {per_direct / per_mixed:.1f}x)")
    print(f"  floor: count levels in Python        {fmt(per_floor):>10} per audit")
    print(f"score(), every benchmark achieved      {fmt(per_fully):>10}")
    print(f"score(), half rated (incomplete)       {fmt(per_half):>10}")
    ok = per_mixed < TARGET_S
    print(f"target: under {fmt(TARGET_S)} per audit (mixed audits): "
          f"{'met' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
