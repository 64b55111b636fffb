"""Rendering cohort reports as the pilot's two tables (text or Markdown) and as CSV.

>>> from primary_benchmarks import load_cohort, report
>>> from primary_benchmarks.report_format import pilot_tables
>>> pilot = report(load_cohort("examples/pilot/audits.csv").cohort)
>>> print(pilot_tables(pilot, markdown=True).split("\\n\\n")[1])
| Benchmark | Fully | Partially | Not |
|---|---|---|---|
| P1 | 7% | 27% | 66% |
| P2 | 5% | 33% | 61% |
| P3 | 8% | 32% | 60% |
| P4 | 33% | 39% | 28% |
| P5 | 10% | 31% | 58% |
| P6 | 13% | 34% | 54% |
| P7 | 14% | 31% | 55% |
| P8 | 5% | 21% | 74% |
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .framework import Framework
from .loading import load_framework
from .report import CohortReport, RoundReport

__all__ = ["pilot_tables", "report_csv"]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.0f}%"


def _mean(x: float | None) -> str:
    if x is None:
        return "-"
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _table(rows: Sequence[Sequence[str]], markdown: bool) -> str:
    if markdown:
        head, *body = rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:],
                                                                        strict=True)]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _month(r: RoundReport) -> str:
    return r.date.strftime("%b %Y")


def pilot_tables(result: CohortReport, *, markdown: bool = False,
                 framework: Framework | None = None) -> str:
    """The pilot's two tables for every round (and group): level shares per benchmark, then
    the regional averages of characteristics achieved and benchmarks achieved."""
    fw = framework or load_framework(str(result.framework))
    scale = fw.scale
    shown = [lv for lv in reversed(scale.applicable)]
    if scale.not_applicable is not None:
        shown.append(scale.not_applicable)
    achieved_label = scale.level(scale.achieved_ids[0]).label.lower()
    short = {lv.id: lv.label.split()[0] for lv in shown}
    groups: list[str | None] = []
    for r in result.rounds:
        if r.group not in groups:
            groups.append(r.group)
    parts: list[str] = []
    for group in groups:
        rounds = [r for r in result.rounds if r.group == group]
        where = f" - {result.by}: {group}" if group is not None else ""
        for r in rounds:
            parts.append(f"{r.round} ({r.date.isoformat()}), {r.audits} schools{where}: share "
                         "of characteristic ratings at each level, per benchmark.")
            rows = [["Benchmark", *(short[lv.id] for lv in shown)]]
            for b in r.benchmarks:
                rows.append([b.id, *(_pct(b.levels[lv.id]) for lv in shown)])
            parts.append(_table(rows, markdown))
        parts.append(f"Averages over schools{where}:")
        rows = [["", *(f"{r.round} ({_month(r)})" for r in rounds)],
                [f"Characteristics {achieved_label}",
                 *(_pct(r.characteristics_achieved) for r in rounds)],
                ["Benchmarks achieved (mean count per school)",
                 *(_mean(r.benchmarks_achieved) for r in rounds)],
                ["Schools audited", *(str(r.audits) for r in rounds)]]
        parts.append(_table(rows, markdown))
    return "\n\n".join(parts)


def report_csv(result: CohortReport) -> str:
    """One row per round, group and benchmark: the round's figures and the benchmark's."""
    levels = list(result.level_ids)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["round", "date", "group", "audits", "characteristics_achieved",
                     "benchmarks_achieved", "benchmark", *(f"share_{lv}" for lv in levels),
                     "achieved_share", "assessed"])
    for r in result.rounds:
        for b in r.benchmarks:
            writer.writerow([r.round, r.date.isoformat(), r.group or "", r.audits,
                             _num(r.characteristics_achieved), _num(r.benchmarks_achieved),
                             b.id, *(_num(b.levels[lv]) for lv in levels),
                             _num(b.achieved_share), b.assessed])
    return out.getvalue()


def _num(x: float | None) -> str:
    return "" if x is None else repr(float(x))
