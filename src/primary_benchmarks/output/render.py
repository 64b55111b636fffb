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
import io
from collections.abc import Sequence
from typing import Any

from .._version import VERSION
from ..analysis.disclosure import SUPPRESSED
from ..analysis.report import CohortReport, RoundProgress, RoundReport
from ..formats.framework_format import framework_hash
from ..model.checks import check_argument
from ..model.framework import Framework

__all__ = ["change_rows", "default_at_least", "grid_csv", "grid_rows", "headline_rows",
           "pilot_tables", "report_csv", "safe_cell", "safe_row"]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.0f}%"


def _mean(x: float | None) -> str:
    """A mean count, always with one decimal (one format along a row: 0.0, 0.5, 2.4)."""
    return "-" if x is None else f"{x:.1f}"


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


def model_names(rounds: Sequence[RoundReport]) -> list[str]:
    """The scoring models a report was asked for (``report(models=...)``), in its order."""
    return list(dict.fromkeys(name for r in rounds for name in r.models))


def model_number(x: float) -> str:
    """A model's score or maximum as people read it: two decimals at most.

    >>> model_number(200 / 3), model_number(0.5), model_number(100.0)
    ('66.67', '0.5', '100')
    """
    return f"{round(x, 2):g}"


def model_rows(rounds: Sequence[RoundReport]) -> list[list[str]]:
    """A row per scoring model the report was asked for: each round's mean score and mean
    maximum (``5.76 of 40``), one column per round."""
    def cell(r: RoundReport, name: str) -> str:
        m = r.models.get(name)
        if m is None or m.score is None or m.maximum is None:
            return "-"
        return f"{model_number(m.score)} of {model_number(m.maximum)}"

    return [[f"Scoring model {name} (mean)", *(cell(r, name) for r in rounds)]
            for name in model_names(rounds)]


def pilot_tables(result: CohortReport, *, markdown: bool = False,
                 framework: Framework | None = None, at_least: int | None = None) -> str:
    """The pilot's two tables for every round (and group): level shares per benchmark, then
    the regional averages of characteristics achieved and benchmarks achieved, and the
    headline figures (no benchmark, at least ``at_least``, all, the most achieved)."""
    check_argument("pilot_tables", "result", result, CohortReport)
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
            parts.append(f"{r.round} ({r.date.isoformat()}), {fw.institution_count(r.audits)}"
                         f"{where}: share "
                         "of characteristic ratings at each level, per benchmark.")
            rows = [["Benchmark", *(short[lv.id] for lv in shown)]]
            for b in r.benchmarks:
                rows.append([b.id, *(SUPPRESSED if b.suppressed else _pct(b.levels[lv.id])
                                     for lv in shown)])
            parts.append(_table(rows, markdown))
        parts.append(f"Averages over {many}{where}:")
        rows = [["", *(f"{r.round} ({_month(r)})" for r in rounds)],
                [f"Characteristics {achieved_label}",
                 *(_pct(r.characteristics_achieved) for r in rounds)],
                [f"Benchmarks achieved (mean count per {fw.institution})",
                 *(_mean(r.benchmarks_achieved) for r in rounds)],
                *headline_rows(rounds, len(fw.benchmarks), k, fw.institution, many),
                *model_rows(rounds),
                [f"{many.capitalize()} audited", *(str(r.audits) for r in rounds)]]
        parts.append(_table(hide_suppressed(rows, rounds), markdown))
        for change in (p for p in result.progress if p.group == group and p.benchmarks):
            parts.append(f"{_change_caption(change, fw)}{where}:")
            parts.append(_table(change_rows(change), markdown))
    return "\n\n".join(parts)


def hide_suppressed(rows: list[list[str]], rounds: Sequence[RoundReport]
                    ) -> list[list[str]]:
    """The averages table with each suppressed round's figures shown as ``c`` (its count
    of audits, the last row, stays)."""
    for k, r in enumerate(rounds, start=1):
        if r.suppressed:
            for row in rows[1:-1]:
                row[k] = SUPPRESSED
    return rows


def _change_caption(change: RoundProgress, fw: Framework) -> str:
    return (f"From {change.before} to {change.after}: change per benchmark for the "
            f"{fw.institution_count(change.paired_schools)} audited in both")


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


def report_csv(result: CohortReport, *, digits: int | None = 6) -> str:
    """One row per round, group and benchmark: the round's figures, the benchmark's, the
    paired change into the round, and what produced them (the framework, its content hash,
    the library's version); ``estimated`` is 1 on a benchmark's row of a round holding audits
    carried from another framework version when that benchmark's figures are estimates;
    then, for each scoring model asked for, ``model_<name>_mean_score`` and
    ``model_<name>_mean_maximum`` (the round's figures, on every row of the round).
    Shares and means are rounded to ``digits`` decimal places (``None``: full precision, as
    Python writes the float)."""
    levels = list(result.level_ids)
    models = model_names(result.rounds)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    n_b = len(result.framework.benchmarks)
    writer.writerow(["round", "date", "group", "audits", "characteristics_achieved",
                     "benchmarks_achieved", *(f"share_at_least_{k}" for k in range(n_b + 1)),
                     "benchmarks_achieved_max", "benchmark", *(f"share_{lv}" for lv in levels),
                     "achieved_share", "assessed", "change_from", "paired",
                     "paired_achieved_before", "paired_achieved_after", "ratings_up",
                     "ratings_stayed", "ratings_down", "framework", "framework_sha256",
                     "software_version", "estimated",
                     *(f"model_{name}{part}" for name in models
                       for part in ("_mean_score", "_mean_maximum"))])
    made_by = [str(result.framework.ref), framework_hash(result.framework), VERSION]
    into = {(p.after, p.group): p for p in result.progress}
    for r in result.rounds:
        at_least = [_num(x, digits) for x in r.benchmarks_achieved_at_least]
        most = "" if r.benchmarks_achieved_max is None else str(r.benchmarks_achieved_max)
        change = into.get((r.round, r.group))
        changes = {c.id: c for c in change.benchmarks} if change is not None else {}
        estimate = result.estimates.get(r.round)
        estimated = set(estimate.benchmarks) if estimate is not None else set()
        for b in r.benchmarks:
            c = changes.get(b.id)
            paired = ([safe_cell(change.before), c.paired, _num(c.achieved_before, digits),
                       _num(c.achieved_after, digits), c.moved_up, c.stayed, c.moved_down]
                      if change is not None and c is not None else [""] * 7)
            if r.suppressed:
                at_least, most = [SUPPRESSED] * len(at_least), SUPPRESSED
            hidden = r.suppressed or b.suppressed
            writer.writerow([safe_cell(r.round), r.date.isoformat(), safe_cell(r.group or ""),
                             r.audits,
                             SUPPRESSED if r.suppressed else _num(r.characteristics_achieved,
                                                                  digits),
                             SUPPRESSED if r.suppressed else _num(r.benchmarks_achieved,
                                                                  digits),
                             *at_least, most, safe_cell(b.id),
                             *(SUPPRESSED if hidden else _num(b.levels[lv], digits)
                               for lv in levels),
                             SUPPRESSED if hidden else _num(b.achieved_share, digits),
                             b.assessed, *paired, *made_by, int(b.id in estimated),
                             *(_num(getattr(r.models[name], part), digits)
                               for name in models for part in ("score", "maximum"))])
    return out.getvalue()


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe.

    >>> safe_cell("=cmd|' /C calc'!A0"), safe_cell("end of Y1")
    ("'=cmd|' /C calc'!A0", 'end of Y1')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def safe_row(values: Sequence[Any]) -> list[Any]:
    """A CSV row a spreadsheet will not run: every text cell through :func:`safe_cell`
    but numbers, whether numbers or text that reads as one (``-0.05`` stays as it is);
    ``None`` is an empty cell.

    >>> safe_row(["=1+1", -0.5, "-0.5", None, "North"])
    ["'=1+1", -0.5, '-0.5', '', 'North']
    """
    def one(value: Any) -> Any:
        if value is None:
            return ""
        if not isinstance(value, str):
            return value
        try:
            float(value)
        except ValueError:
            return safe_cell(value)
        return value

    return [one(v) for v in values]


def _num(x: float | None, digits: int | None = None) -> str:
    if x is None:
        return ""
    return repr(float(x)) if digits is None else repr(round(float(x), digits))


_MARKS = {"achieved": "yes", "partially": "part", "not": "-", "n/a": "n/a"}


def grid_rows(grid: Any) -> list[list[str]]:
    """A hub's grid as table rows: school, name, audit date, then a mark per benchmark
    (``yes``, ``part``, ``-``, ``n/a``), and a last row counting the achieved."""
    rows = [["School", "Name", "Audit", *grid.benchmark_ids]]
    for r in grid.rows:
        rows.append([r.school, r.name or "", r.date.isoformat(),
                     *(_MARKS[s] for s in r.states)])
    counts = grid.counts()
    rows.append(["Achieved", "", "", *(str(counts[b]["achieved"]) for b in grid.benchmark_ids)])
    return rows


def grid_csv(grid: Any) -> str:
    """A hub's grid as CSV: one row per school, the state word per benchmark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["school", "name", "date", "round", *grid.benchmark_ids])
    for r in grid.rows:
        writer.writerow([safe_cell(r.school), safe_cell(r.name or ""), r.date.isoformat(),
                         safe_cell(r.round), *r.states])
    return out.getvalue()
