"""Overlay resolution speed: the three-level example stack.

ne-primary@1.0.0 (bundled) <- examples/adapted/frameworks/tees-valley.yaml <- .../stockton-hub.yaml.
Target (issue 5): resolving the stack takes under 10 ms. Measured in the same run, for a
ratio: loading the already-resolved framework (the same content, one ordinary file).

Run: python benchmarks/bench_overlay.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import best_of, fmt

import primary_benchmarks as pb

TARGET_S = 10e-3
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    top = ROOT / "examples" / "adapted" / "frameworks" / "stockton-hub.yaml"
    text = top.read_bytes()
    resolved = pb.loads_framework(text, source=str(top))
    flat = pb.formats.dumps_framework(resolved)
    assert pb.loads_framework(flat) == resolved
    stack = best_of(lambda: pb.loads_framework(text, source=str(top)))
    plain = best_of(lambda: pb.loads_framework(flat))
    print(f"three-level stack -> {resolved!r}")
    print(f"resolve the stack (read, check and apply 3 files)  {fmt(stack):>10}")
    print(f"load the resolved framework (1 file)               {fmt(plain):>10}   "
          f"ratio {stack / plain:.1f}x")
    ok = stack < TARGET_S
    print(f"target: under {fmt(TARGET_S)}: {'met' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
