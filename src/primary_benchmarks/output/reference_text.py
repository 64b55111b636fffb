"""A report's figures beside published reference figures, as table rows and as text (see
:mod:`primary_benchmarks.analysis.references`)."""

from __future__ import annotations

from ..analysis.references import Comparison
from ..analysis.report_types import CohortReport

__all__ = ["comparison_rows", "comparison_sources", "comparison_text"]

_NAMES = {"benchmarks_achieved": "Benchmarks achieved (mean)",
          "characteristics_achieved": "Characteristics fully achieved",
          "share_achieving_none": "Achieving no benchmark",
          "share_achieving_all": "Achieving every benchmark",
          "benchmark_achieved": "Achieving {benchmark}"}


def _show(c: Comparison, x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    mean = c.figure.measure == "benchmarks_achieved"
    if not signed:
        return f"{x:.2f}" if mean else f"{x:.0%}"
    shown = round(x, 2) if mean else round(x * 100)
    shown = shown if shown != 0 else 0  # never "-0"
    return f"{shown:+.2f}" if mean else f"{shown:+.0f} points"


def comparison_rows(result: CohortReport) -> list[list[str]]:
    """The header and one row per comparison: the round (and group), the measure, this
    report's figure, the reference's, the difference, and whom and when the reference
    counts (its period, population and number of institutions)."""
    rows = [["Round", "Measure", "This report", "Reference", "Difference",
             "Reference period and population"]]
    for c in result.comparisons:
        f = c.figure
        count = "" if f.institutions is None else f" ({f.institutions:,} institutions)"
        rows.append([c.round + (f" ({c.group})" if c.group is not None else ""),
                     _NAMES[f.measure].format(benchmark=f.benchmark), _show(c, c.value),
                     _show(c, f.value), _show(c, c.difference, True),
                     f"{f.period}: {f.population}{count}"])
    return rows


def comparison_sources(result: CohortReport) -> list[str]:
    """Each cited source once, with its address, in the order the comparisons use them."""
    return list(dict.fromkeys(c.figure.source + (f" {c.figure.url}" if c.figure.url else "")
                              for c in result.comparisons))


def comparison_text(result: CohortReport) -> str:
    """For a report compared with a reference set: each comparison, the rounds no figure
    covers, and the sources (empty without a reference set).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.analysis.references import compare_report
    >>> from primary_benchmarks.formats import sample
    >>> from primary_benchmarks.formats.references import load_reference
    >>> result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
    >>> text = comparison_text(compare_report(result, load_reference("ne-primary-pilot")))
    >>> print(text.splitlines()[2].replace("; ", ";\\n"))
    baseline: Characteristics fully achieved 13% here;
    13% in the reference (baseline (July 2019), 70 institutions);
    difference +0 points.
    """
    ref = result.reference
    if ref is None:
        return ""
    lines = [f"Compared with {ref.title} ({ref.ref}, {ref.publisher}); each figure as "
             "published, for the population it names:", ""]
    for c in result.comparisons:
        f = c.figure
        count = "" if f.institutions is None else f", {f.institutions:,} institutions"
        where = f" ({c.group})" if c.group is not None else ""
        lines.append(f"{c.round}{where}: {_NAMES[f.measure].format(benchmark=f.benchmark)} "
                     f"{_show(c, c.value)} here; {_show(c, f.value)} in the reference "
                     f"({f.period}{count}); difference {_show(c, c.difference, True)}.")
    covered = {(c.round, c.group) for c in result.comparisons}
    missing = sorted({r.round for r in result.rounds if (r.round, r.group) not in covered})
    if missing:
        lines.append(f"No reference figure's period holds the date of: {', '.join(missing)}.")
    sources = comparison_sources(result)
    if sources:
        lines += ["", "Sources:", *(f"- {s}" for s in sources)]
    return "\n".join(lines)
