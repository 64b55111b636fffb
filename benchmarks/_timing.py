"""Small helpers shared by the benchmark scripts: timing, and their common command line (no
third-party dependency)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], *, repeat: int = 7, number: int = 0) -> float:
    """Best time per call in seconds, over ``repeat`` rounds of ``number`` calls.

    With ``number=0`` the count is chosen so that one round takes about 0.2 s.
    """
    if number == 0:
        number = 1
        while True:
            start = time.perf_counter()
            for _ in range(number):
                fn()
            if time.perf_counter() - start > 0.2:
                break
            number *= 2
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def median_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The median time of ``repeat`` calls, in seconds (for slow, whole-job figures)."""
    import statistics

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    """Seconds in the most readable unit."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:,.2f} ms"
    return f"{seconds:,.2f} s"


def schools_parser(doc: str | None, default: int, rounds: int) -> argparse.ArgumentParser:
    """A benchmark's command line (its docstring's first line as the description) with
    ``--schools``: how many schools, each audited in ``rounds`` rounds."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("--schools", type=int, default=default,
                        help=f"schools (x {rounds} rounds; default {default:,}: "
                             f"{default * rounds:,} audits)")
    return parser
