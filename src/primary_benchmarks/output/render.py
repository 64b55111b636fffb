"""Rendering cohort reports as the pilot's two tables (text or Markdown) and as CSV.

>>> from primary_benchmarks import load_cohort, report
>>> from primary_benchmarks.output.render import pilot_tables
>>> from primary_benchmarks.formats import sample
>>> pilot = report(load_cohort(sample("pilot-audits.csv")).cohort)
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
import functools
import io
from collections.abc import Callable, Sequence
from typing import Any

from ..analysis.report import CohortReport, RoundProgress, RoundReport
from ..model.framework import Framework

__all__ = ["change_rows", "default_at_least", "headline_rows", "pilot_tables", "report_csv",
           "report_html", "safe_cell"]


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


def default_at_least(n_benchmarks: int) -> int:
    """The "at least K benchmarks" a report headlines: 6 of 8, in proportion otherwise.

    >>> default_at_least(8), default_at_least(6), default_at_least(1)
    (6, 5, 1)
    """
    return max(1, min(n_benchmarks, round(n_benchmarks * 3 / 4 + 1e-9)))


def headline_rows(rounds: Sequence[RoundReport], n_benchmarks: int, at_least: int,
                  noun: str = "school", plural: str | None = None) -> list[list[str]]:
    """Rows of the figures evaluations quote: institutions achieving no benchmark, at least
    ``at_least``, all of them, and the most any achieved (one column per round)."""
    def share(r: RoundReport, k: int) -> str:
        return _pct(r.benchmarks_achieved_at_least[k] if k < len(
            r.benchmarks_achieved_at_least) else None)

    def none(r: RoundReport) -> str:
        first = r.benchmarks_achieved_at_least[1] if len(
            r.benchmarks_achieved_at_least) > 1 else None
        return _pct(None if first is None else 1 - first)

    def most(r: RoundReport) -> str:
        return "-" if r.benchmarks_achieved_max is None else str(r.benchmarks_achieved_max)

    many = (plural or noun + "s").capitalize()
    return [[f"{many} achieving no benchmark", *(none(r) for r in rounds)],
            [f"{many} achieving at least {at_least} benchmarks",
             *(share(r, at_least) for r in rounds)],
            [f"{many} achieving all {n_benchmarks} benchmarks",
             *(share(r, n_benchmarks) for r in rounds)],
            [f"Most benchmarks achieved by one {noun}", *(most(r) for r in rounds)]]


def pilot_tables(result: CohortReport, *, markdown: bool = False,
                 framework: Framework | None = None, at_least: int | None = None) -> str:
    """The pilot's two tables for every round (and group): level shares per benchmark, then
    the regional averages of characteristics achieved and benchmarks achieved, and the
    headline figures (no benchmark, at least ``at_least``, all, the most achieved)."""
    fw = framework or result.framework
    many = fw.institutions
    k = at_least if at_least is not None else default_at_least(len(fw.benchmarks))
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
            parts.append(f"{r.round} ({r.date.isoformat()}), {r.audits} {many}{where}: share "
                         "of characteristic ratings at each level, per benchmark.")
            rows = [["Benchmark", *(short[lv.id] for lv in shown)]]
            for b in r.benchmarks:
                rows.append([b.id, *(_pct(b.levels[lv.id]) for lv in shown)])
            parts.append(_table(rows, markdown))
        parts.append(f"Averages over {many}{where}:")
        rows = [["", *(f"{r.round} ({_month(r)})" for r in rounds)],
                [f"Characteristics {achieved_label}",
                 *(_pct(r.characteristics_achieved) for r in rounds)],
                [f"Benchmarks achieved (mean count per {fw.institution})",
                 *(_mean(r.benchmarks_achieved) for r in rounds)],
                *headline_rows(rounds, len(fw.benchmarks), k, fw.institution, many),
                [f"{many.capitalize()} audited", *(str(r.audits) for r in rounds)]]
        parts.append(_table(rows, markdown))
        for change in (p for p in result.progress if p.group == group and p.benchmarks):
            parts.append(f"{_change_caption(change, many)}{where}:")
            parts.append(_table(change_rows(change), markdown))
    return "\n\n".join(parts)


def _change_caption(change: RoundProgress, many: str) -> str:
    return (f"From {change.before} to {change.after}: change per benchmark for the "
            f"{change.paired_schools} {many} audited in both")


def change_rows(change: RoundProgress) -> list[list[str]]:
    """The rows of one paired change, per benchmark: the share achieving it before and
    after (the same institutions), and how many ratings moved up, stayed and moved down."""
    rows = [["Benchmark", f"Achieved in {change.before}", f"Achieved in {change.after}",
             "Ratings up", "Same", "Down"]]
    rows += [[b.id, _pct(b.achieved_before), _pct(b.achieved_after), str(b.moved_up),
              str(b.stayed), str(b.moved_down)] for b in change.benchmarks]
    if any(b.not_compared for b in change.benchmarks):
        rows[0].append("Not applicable")
        for row, b in zip(rows[1:], change.benchmarks, strict=True):
            row.append(str(b.not_compared))
    return rows


def report_csv(result: CohortReport) -> str:
    """One row per round, group and benchmark: the round's figures and the benchmark's."""
    levels = list(result.level_ids)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    n_b = len(result.framework.benchmarks)
    writer.writerow(["round", "date", "group", "audits", "characteristics_achieved",
                     "benchmarks_achieved", *(f"share_at_least_{k}" for k in range(n_b + 1)),
                     "benchmarks_achieved_max", "benchmark", *(f"share_{lv}" for lv in levels),
                     "achieved_share", "assessed", "change_from", "paired",
                     "paired_achieved_before", "paired_achieved_after", "ratings_up",
                     "ratings_stayed", "ratings_down"])
    into = {(p.after, p.group): p for p in result.progress}
    for r in result.rounds:
        at_least = [_num(x) for x in r.benchmarks_achieved_at_least]
        most = "" if r.benchmarks_achieved_max is None else str(r.benchmarks_achieved_max)
        change = into.get((r.round, r.group))
        changes = {c.id: c for c in change.benchmarks} if change is not None else {}
        for b in r.benchmarks:
            c = changes.get(b.id)
            paired = ([safe_cell(change.before), c.paired, _num(c.achieved_before),
                       _num(c.achieved_after), c.moved_up, c.stayed, c.moved_down]
                      if change is not None and c is not None else [""] * 7)
            writer.writerow([safe_cell(r.round), r.date.isoformat(), safe_cell(r.group or ""),
                             r.audits, _num(r.characteristics_achieved),
                             _num(r.benchmarks_achieved), *at_least, most, safe_cell(b.id),
                             *(_num(b.levels[lv]) for lv in levels),
                             _num(b.achieved_share), b.assessed, *paired])
    return out.getvalue()


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe.

    >>> safe_cell("=cmd|' /C calc'!A0"), safe_cell("end of Y1")
    ("'=cmd|' /C calc'!A0", 'end of Y1')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _num(x: float | None) -> str:
    return "" if x is None else repr(float(x))


def report_html(result: CohortReport, *, notes: Sequence[str] = (),
                framework: Framework | None = None, at_least: int | None = None) -> str:
    """One self-contained HTML page: the pilot's tables per round (with the headline
    figures, see :func:`pilot_tables`) and, when matplotlib is installed, the charts
    embedded as SVG. Every user-supplied string is escaped."""
    import html as _html

    from .._html import html_table, pct

    fw = framework or result.framework
    many = fw.institutions
    scale = fw.scale
    shown = [lv for lv in reversed(scale.applicable)]
    if scale.not_applicable is not None:
        shown.append(scale.not_applicable)
    k = at_least if at_least is not None else default_at_least(len(fw.benchmarks))
    title = f"Cohort report: {fw.title} ({fw.ref})"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{_html.escape(title)}</title><style>"
             "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
             "color:#222}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
             "td:first-child,th:first-child{text-align:left}caption{text-align:left;"
             "font-weight:bold;padding:.3em 0}.chart svg{max-width:100%;height:auto}"
             "</style></head><body>", f"<h1>{_html.escape(title)}</h1>"]
    parts += [f"<p><em>{_html.escape(n)}</em></p>" for n in notes]
    for r in result.rounds:
        where = f", {result.by}: {r.group}" if r.group is not None else ""
        rows = [[b.id, *(pct(b.levels[lv.id]) for lv in shown)] for b in r.benchmarks]
        parts.append(html_table(["Benchmark", *(lv.label for lv in shown)], rows,
                                caption=f"{r.round} ({r.date.isoformat()}), {r.audits} "
                                        f"{many}{where}: share of ratings at each level"))
    groups = list(dict.fromkeys(r.group for r in result.rounds))
    for group in groups:
        rows_ = [r for r in result.rounds if r.group == group]
        parts.append(html_table(
            ["", *(f"{r.round} ({r.date.strftime('%b %Y')})" for r in rows_)],
            [[f"Characteristics {scale.level(scale.achieved_ids[0]).label.lower()}",
              *(pct(r.characteristics_achieved) for r in rows_)],
             [f"Benchmarks achieved (mean count per {fw.institution})",
              *(_mean(r.benchmarks_achieved) for r in rows_)],
             *headline_rows(rows_, len(fw.benchmarks), k, fw.institution, many),
             [f"{many.capitalize()} audited", *(r.audits for r in rows_)]],
            caption=f"Averages over {many}" + (f", {result.by}: {group}"
                                               if group is not None else "")))
        for change in (p for p in result.progress if p.group == group and p.benchmarks):
            head, *body = change_rows(change)
            parts.append(html_table(head, body, caption=_change_caption(change, many) + (
                f", {result.by}: {group}" if group is not None else "")))
    parts += _charts(result, fw)
    parts.append("</body></html>")
    return "\n".join(parts)


def _charts(result: CohortReport, fw: Framework) -> list[str]:
    try:  # a Figure of its own: no pyplot, so the user's backend is never switched
        from matplotlib.figure import Figure
    except ImportError:
        return ["<p>Charts need matplotlib: pip install 'primary-benchmarks[plot]'.</p>"]
    out = []
    group = result.rounds[0].group if result.rounds else None
    first = [r for r in result.rounds if r.group == group]
    draws: list[Callable[[Any], Any]] = []
    for r in first:
        draws.append(functools.partial(_levels_chart, result, r.round, r.group, fw))
    if first:
        draws.append(functools.partial(_rounds_chart, result, group))
        for r in first:
            draws.append(functools.partial(_histogram_chart, result, r.round, group))
        for p in (p for p in result.progress if p.group == group):
            draws.append(functools.partial(_change_chart, result, p.before, group))
    for draw in draws:
        fig = Figure(figsize=(7, 4.5))
        draw(fig.add_subplot(111))
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        svg = buffer.getvalue()
        out.append("<div class='chart'>" + svg[svg.index("<svg"):] + "</div>")
    return out


def _levels_chart(result: CohortReport, label: str, group: str | None, fw: Framework,
                  ax: Any) -> Any:
    from .plot import plot_levels

    return plot_levels(result, label, group=group, framework=fw, ax=ax)


def _rounds_chart(result: CohortReport, group: str | None, ax: Any) -> Any:
    from .plot import plot_rounds

    return plot_rounds(result, group=group, ax=ax)


def _histogram_chart(result: CohortReport, label: str, group: str | None, ax: Any) -> Any:
    from .plot import plot_histogram

    return plot_histogram(result, label, group=group, ax=ax)


def _change_chart(result: CohortReport, before: str, group: str | None, ax: Any) -> Any:
    from .plot import plot_change

    return plot_change(result, before, group=group, ax=ax)
