"""A cohort report's headline figures as plain text (what ``print(report)`` shows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report_types import CohortReport

__all__ = ["report_text"]


def _mean(x: float | None) -> str:
    """A mean count, always with one decimal (one format along a row: 0.0, 0.5, 2.4)."""
    return "-" if x is None else f"{x:.1f}"


def report_text(report: CohortReport) -> str:
    """One row per round (and group): audits, characteristics achieved, the mean number of
    benchmarks achieved, as aligned columns under a title line."""
    many = report.framework.institutions
    head = ["round", *([report.by] if report.by else []), "date", many,
            "characteristics achieved", "benchmarks achieved (mean)"]
    rows = [head]
    for r in report.rounds:
        rows.append([r.round, *([r.group or "(none)"] if report.by else []),
                     r.date.isoformat(), str(r.audits),
                     "-" if r.characteristics_achieved is None
                     else f"{r.characteristics_achieved:.0%}",
                     _mean(r.benchmarks_achieved)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [f"Cohort report, {report.framework.ref}"
             + (f", by {report.by}" if report.by else "")]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
              for row in rows]
    return "\n".join(lines)
