"""A cohort report as a workbook (``report --format xlsx``; openpyxl, the ``excel`` extra).

The same tables as the text report, one sheet per table, numbers as numbers (shares with a
percentage format, never text): a sheet per round (and group) of the share of ratings at
each level per benchmark, ``Averages`` (per group), a sheet per paired change, ``Notes``
(the load's notes, what produced the report and the load accounting) and ``Tidy`` (one row
per round, group and benchmark, for pivot tables).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._extras import need
from ..analysis.disclosure import SUPPRESSED
from ..analysis.report import CohortReport
from ..formats.sheet_rows import append_row
from ..model.framework import Framework
from .page import produced_by
from .render import change_rows, default_at_least, model_names, model_number
from .tidy import tidy_records

__all__ = ["report_workbook"]

_PERCENT = "0%"
_MEAN = "0.0"


def _sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", text).strip("'")[:31] or "Sheet"
    name, k = base, 2
    while name.casefold() in taken:
        suffix = f" ({k})"
        name, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(name.casefold())
    return name


def report_workbook(result: CohortReport, *, notes: Sequence[str] = (),
                    load: Mapping[str, Any] | None = None,
                    framework: Framework | None = None, at_least: int | None = None) -> bytes:
    """The report as ``.xlsx`` bytes (see the module docs); ``load`` is the load accounting
    (read, accepted, refused, ...) to list on the Notes sheet.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> data = report_workbook(pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort))
    >>> data[:2]
    b'PK'
    """
    openpyxl = need("openpyxl", "excel")
    from openpyxl.styles import Font

    fw = framework or result.framework
    k = at_least if at_least is not None else default_at_least(len(fw.benchmarks))
    book = openpyxl.Workbook()
    taken: set[str] = set()
    bold = Font(bold=True)
    notes_sheet = book.active
    notes_sheet.title = _sheet_name("Notes", taken)
    rule = ([f"{SUPPRESSED}: {result.disclosure['rule']}"] if result.disclosure else [])
    for line in (*notes, *rule, produced_by(fw)):
        append_row(notes_sheet, [line])
    if load:
        append_row(notes_sheet, [])
        append_row(notes_sheet, ["load", "value"])
        for key, value in load.items():
            append_row(notes_sheet, [key, value if isinstance(value, int | str) else str(value)])
    notes_sheet.column_dimensions["A"].width = 100

    def table(title: str, head: list[str], rows: list[list[Any]],
              formats: Sequence[str | None] = ()) -> None:
        sheet = book.create_sheet(_sheet_name(title, taken))
        append_row(sheet, head)
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            append_row(sheet, row)
            for cell, fmt in zip(sheet[sheet.max_row], formats, strict=False):
                if fmt:
                    cell.number_format = fmt
        sheet.column_dimensions["A"].width = 48
        sheet.freeze_panes = "B2"

    shown = [*reversed(fw.scale.applicable)]
    if fw.scale.not_applicable is not None:
        shown.append(fw.scale.not_applicable)
    groups = list(dict.fromkeys(r.group for r in result.rounds))
    for group in groups:
        rounds = [r for r in result.rounds if r.group == group]
        suffix = f" {group}" if group is not None else ""
        for r in rounds:
            table(f"{r.round}{suffix}", ["Benchmark", *(lv.label for lv in shown)],
                  [[b.id, *(SUPPRESSED if b.suppressed else b.levels[lv.id] for lv in shown)]
                   for b in r.benchmarks],
                  [None, *([_PERCENT] * len(shown))])
        head = ["", *(r.round for r in rounds)]
        models = model_names(rounds)
        achieved = fw.scale.level(fw.scale.achieved_ids[0]).label.lower()
        many = fw.institutions
        rows: list[list[Any]] = [
            [f"Characteristics {achieved}", *(r.characteristics_achieved for r in rounds)],
            [f"Benchmarks achieved (mean count per {fw.institution})",
             *(r.benchmarks_achieved for r in rounds)],
            [f"{many.capitalize()} achieving no benchmark",
             *(_none_of(r.benchmarks_achieved_at_least) for r in rounds)],
            [f"{many.capitalize()} achieving at least {k} benchmarks",
             *(r.benchmarks_achieved_at_least[k] if k < len(r.benchmarks_achieved_at_least)
               else None for r in rounds)],
            [f"{many.capitalize()} achieving all {len(fw.benchmarks)} benchmarks",
             *(r.benchmarks_achieved_at_least[-1] if r.benchmarks_achieved_at_least
               else None for r in rounds)],
            [f"Most benchmarks achieved by one {fw.institution}",
             *(r.benchmarks_achieved_max for r in rounds)],
            *([f"Scoring model {name}: mean score (mean maximum "
               f"{_mean_maximum(rounds, name)})", *(r.models[name].score for r in rounds)]
              for name in models),
            [f"{many.capitalize()} audited", *(r.audits for r in rounds)]]
        for k_round, r in enumerate(rounds, start=1):
            if r.suppressed:
                for row in rows[:-1]:
                    row[k_round] = SUPPRESSED
        sheet_formats = [_PERCENT, _MEAN, _PERCENT, _PERCENT, _PERCENT, None,
                         *([_MEAN] * len(models)), None]
        sheet = book.create_sheet(_sheet_name(f"Averages{suffix}", taken))
        append_row(sheet, head)
        for row, fmt in zip(rows, sheet_formats, strict=True):
            append_row(sheet, row)
            for cell in sheet[sheet.max_row][1:]:
                if fmt:
                    cell.number_format = fmt
        sheet.column_dimensions["A"].width = 48
        for change in (p for p in result.progress if p.group == group and p.benchmarks):
            columns, *_ = change_rows(change)
            table(f"{change.before} to {change.after}{suffix}", columns,
                  [[b.id, b.achieved_before, b.achieved_after, b.moved_up, b.stayed,
                    b.moved_down, *([b.not_compared] if len(columns) > 6 else [])]
                   for b in change.benchmarks],
                  [None, _PERCENT, _PERCENT])
    tidy = tidy_records(result)
    if tidy:
        names = list(tidy[0])
        table("Tidy", names, [[_plain(row[n]) for n in names] for row in tidy])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _none_of(at_least: Sequence[float | None]) -> float | None:
    """The share achieving no benchmark: one less the share achieving at least one."""
    first = at_least[1] if len(at_least) > 1 else None
    return None if first is None else 1 - first


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _mean_maximum(rounds: list[Any], name: str) -> str:
    """The model's maximum as a label: one number when every round shares it."""
    tops = {model_number(top) for r in rounds
            if (top := r.models[name].maximum) is not None}
    return tops.pop() if len(tops) == 1 else "varies by round"
