"""Framework loading speed: the 8-benchmark, 40-characteristic ne-primary file.

Target (issue 2): loading it takes under 5 ms. Printed beside it, measured in
the same run: PyYAML's own ``safe_load`` of the same text (the floor any YAML
loader starts from) and the library's dump.

Run: python benchmarks/bench_framework.py
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from _timing import best_of, fmt

import primary_benchmarks as pb

TARGET_S = 5e-3


def main() -> int:
    text = (resources.files("primary_benchmarks") / "frameworks" / "ne-primary"
            / "1.0.0.yaml").read_text(encoding="utf-8")
    fw = pb.loads_framework(text)
    assert len(fw.benchmarks) == 8
    assert len(fw.characteristics) == 40
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    load = best_of(lambda: pb.loads_framework(text))
    floor_c = best_of(lambda: yaml.load(text, Loader=loader))
    floor_py = best_of(lambda: yaml.load(text, Loader=yaml.SafeLoader))
    dump = best_of(lambda: pb.formats.dumps_framework(fw))

    print(f"ne-primary@1.0.0: {len(fw.benchmarks)} benchmarks, "
          f"{len(fw.characteristics)} characteristics, {len(text):,} bytes")
    print(f"loads_framework (checked, with positions)  {fmt(load):>10}")
    print(f"yaml.load, C safe loader (no checks)       {fmt(floor_c):>10}   "
          f"ratio {load / floor_c:.2f}x")
    print(f"yaml.safe_load, pure Python (no checks)    {fmt(floor_py):>10}   "
          f"ratio {load / floor_py:.2f}x")
    print(f"dumps_framework                            {fmt(dump):>10}")
    ok = load < TARGET_S
    print(f"target: load under {fmt(TARGET_S)}: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
