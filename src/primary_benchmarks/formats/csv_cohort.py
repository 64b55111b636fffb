"""Cohort CSV files (wide and long) streamed straight into code arrays.

No Python object is made per row: cells become small integer codes as they are read,
and distinct school ids, dates, round labels and attribute values are checked once
each. Every column must be known: a characteristic of the framework, one of
:data:`KNOWN_COLUMNS`, or an attribute the caller declares; any other column is an
``unknown-column`` problem (with a did-you-mean) and its cells are not read. Ids and
round labels are NFC-normalised and refused when they hold line breaks, control or
invisible characters; attribute values are refused when they hold line breaks or
control characters. Every physical line of the file is accounted for.
"""

from __future__ import annotations

import datetime as _dt
import operator
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .._text import escape, identifier_problem
from ..engine.cohort import Cohort
from ..engine.columns import cohort_from_codes, cohort_from_columns
from ..engine.evaluator import compiled_for
from ..errors import Issue, LoadError
from ..model.audit import School
from ..model.framework import Framework
from ..model.school_table import SchoolTable
from .csv_reader import CsvStream, Row, clean_header
from .date_text import read_date
from .load_notes import AttributeChanges, unlabelled_rounds
from .spec import MAX_PROBLEMS, did_you_mean

__all__ = ["KNOWN_COLUMNS", "LONG_COLUMNS", "CsvResult", "classify_columns", "load_csv_cohort",
           "require_columns"]

#: Columns a cohort CSV may have besides characteristics (wide) or ``characteristic`` and
#: ``level`` (long). Any other attribute column must be declared (``attributes=``).
KNOWN_COLUMNS: Final = ("school", "date", "round", "framework", "name", "local_authority",
                        "type")
LONG_COLUMNS: Final = ("characteristic", "level")
_SCHOOL_FIELDS: Final = ("name", "local_authority", "type")
_BAD: Final = 255


class CsvResult:
    """What :func:`load_csv_cohort` found: the cohort, problems, and the accounting."""

    def __init__(self, cohort: Cohort, problems: list[Issue], dropped: int, unit: str,
                 read: int, accepted: int, notes: list[str], lines: dict[str, int]) -> None:
        self.cohort, self.problems, self.dropped, self.unit = cohort, problems, dropped, unit
        self.read, self.accepted, self.notes, self.lines = read, accepted, notes, lines


class _Rows:
    """Per-row checks with caches, shared by the wide and long readers."""

    def __init__(self, stream: CsvStream, header: list[str], fw: Framework,
                 attributes: Sequence[str]) -> None:
        self.path, self.fw, self.header = stream.path, fw, header
        self.pos = {h: i for i, h in enumerate(header) if h}
        self.attrs = [h for h in (*_SCHOOL_FIELDS, *attributes) if h in self.pos]
        self.problems: list[Issue] = []
        self.dropped = 0
        self.schools: dict[str, int] = {}
        self.school_objs: list[School] = []
        self.rounds: dict[str, int] = {}
        self.round_names: list[str] = []
        self._days: dict[str, int | str] = {}
        self._ids: dict[str, str | None] = {}
        self._ref = str(fw.ref)
        self.unnamed = [i for i, h in enumerate(stream.header) if not h.strip()]
        self.raw_header = [h.strip() for h in stream.header]
        self.changes = AttributeChanges()
        self.unlabelled = 0  # rows with an empty round cell
        # each school's first row's attribute cells as given, to compare later rows cheaply
        picks = [self.pos[a] for a in self.attrs]
        self._attr_cells: Callable[[Sequence[str]], object] = (
            operator.itemgetter(*picks) if picks else (lambda cells: None))
        self._first_cells: list[object] = []

    def problem(self, row: Row, col: str | int | None, code: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        k = self.pos.get(col) if isinstance(col, str) else col
        path = "$" if col is None else (f"$.{col}" if isinstance(col, str) else f"$[{col}]")
        if row.lines > 1:
            message += (f" (the row spans lines {row.first}-{row.last}: a quote opened on "
                        f"line {row.first} is closed only on line {row.last}, so those "
                        "lines were read as one row)")
        self.problems.append(Issue(file=self.path, line=row.first,
                                   col=None if k is None else k + 1, path=path, code=code,
                                   message=message))

    def _id(self, text: str, what: str, limit: int) -> str | None:
        """The problem with ``text`` as an id, cached per distinct text."""
        if text not in self._ids:
            problem = identifier_problem(text)
            self._ids[text] = (f"{what} {problem}" if problem else
                               f"the {what} is empty" if not text else
                               f"the {what} is {len(text):,} characters long; the limit is "
                               f"{limit}" if len(text) > limit else None)
        return self._ids[text]

    def _same_attributes(self, row: Row, code: int) -> None:
        """Note a later row whose attribute differs from the school's first row's."""
        known = self.school_objs[code]
        for name in self.attrs:
            value = row.cells[self.pos[name]].strip()
            first = known.attribute(name)
            if value and value != first and unicodedata.normalize("NFC", value) != first:
                self.changes.see(known.id, name, first, value, f"{self.path}:{row.first}")

    def _unnamed(self, row: Row) -> None:
        """Report (once per column) a value in a column whose header is empty."""
        for i in [i for i in self.unnamed if row.cells[i].strip()]:
            self.unnamed.remove(i)
            self.problem(row, i, "unknown-column", f"column {i + 1} has no name in the "
                         "header, but this row has a value in it; its cells were not read")

    def audit_keys(self, row: Row) -> tuple[int, int, int] | None:
        """(school, round, day) codes of a row, or None after reporting why it is refused."""
        cells = row.cells
        if row.lines > 1:  # nothing this library reads may hold a line break
            self.problem(row, None, "csv-format", "a cell holds a line break")
            return None
        if len(cells) != len(self.header):
            self.problem(row, None, "csv-format",
                         f"the row has {len(cells)} cells; the header has {len(self.header)}")
            return None
        if self.unnamed:
            self._unnamed(row)
        school = cells[self.pos["school"]].strip()
        if school.lstrip("\ufeff") == "school" and [
                c.strip().lstrip("\ufeff") for c in cells] == self.raw_header:
            self.problem(row, None, "csv-format", "the header row again (files joined one "
                         "after another?); the row was not read")
            return None
        code = self.schools.get(school)
        if code is not None:
            if self._attr_cells(cells) != self._first_cells[code]:  # the common case: same
                self._same_attributes(row, code)
        else:
            problem = self._id(school, "school id", 64)
            if problem:
                self.problem(row, "school", "missing-key" if not school else "invalid-value",
                             problem)
                return None
            values = {}
            for name in self.attrs:
                value = cells[self.pos[name]].strip()
                if holds_line_break(value):
                    self.problem(row, name, "invalid-value", f"{value!r} holds a line "
                                 "break or a control character")
                    return None
                if value:
                    values[name] = unicodedata.normalize("NFC", value)
            school = unicodedata.normalize("NFC", school)
            code = self.schools.setdefault(school, len(self.school_objs))
            if code == len(self.school_objs):
                self._first_cells.append(self._attr_cells(cells))
                self.school_objs.append(School(
                    id=school, name=values.pop("name", None),
                    local_authority=values.pop("local_authority", None),
                    type=values.pop("type", None), attributes=values))
        date_text = cells[self.pos["date"]].strip()
        day = self._days.get(date_text)
        if day is None:
            day = self._days[date_text] = _day(date_text)
        if isinstance(day, str):
            self.problem(row, "date", "invalid-value", day)
            return None
        label = cells[self.pos["round"]].strip() if "round" in self.pos else ""
        if not label and "round" in self.pos:
            self.unlabelled += 1
        rc = self.rounds.get(label)
        if rc is None:
            problem = self._id(label, "round label", 500) if label else None
            if problem:
                self.problem(row, "round", "invalid-value", problem)
                return None
            rc = self.rounds[label] = len(self.round_names)
            self.round_names.append(unicodedata.normalize("NFC", label))
        if "framework" in self.pos:
            ref = cells[self.pos["framework"]].strip()
            if ref and ref != self._ref:
                self.problem(row, "framework", "framework-mismatch",
                             f"the row is against {escape(ref)}, but the cohort is {self._ref}")
                return None
        return code, rc, day


def holds_line_break(value: str) -> bool:
    r"""Whether ``value`` holds a line break or a control character (what an attribute
    value may not hold).

    >>> holds_line_break("North"), holds_line_break("a\nb")
    (False, True)
    """
    return not (value.isascii() and value.isprintable()) and any(
        unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value)


def attribute_columns(table: SchoolTable, attrs: Sequence[str],
                      school_index: npt.NDArray[np.int32]) -> dict[str, _Coded]:
    """Each attribute as sorted categories and per-row codes (-1 where a school has none),
    the shape ``cohort_from_columns`` takes."""
    out = {}
    for name in attrs:
        per_school = table.attribute(name)
        cats = sorted({v for v in per_school if v is not None})
        pos = {v: i for i, v in enumerate(cats)}
        lookup = np.array([pos.get(v, -1) if v is not None else -1 for v in per_school]
                          or [-1], dtype=np.int32)
        out[name] = _Coded(lookup[school_index], cats)
    return out


def _day(text: str) -> int | str:
    """Days since 1970-01-01, or why ``text`` is not a date."""
    found = read_date(text)
    return found if isinstance(found, str) else (found - _dt.date(1970, 1, 1)).days


def require_columns(stream: CsvStream) -> None:
    """Refuse a CSV without school and date columns, or with either twice."""
    header, problems = clean_header(stream.path, stream.header, stream.comment_lines + 1)
    twice = [p for p in problems if p.code == "csv-format"]
    missing = [c for c in ("school", "date") if c not in header]
    if missing or any(stream.header[(p.col or 1) - 1].strip() in ("school", "date")
                      for p in twice):
        what = (f"missing column{'s' if len(missing) > 1 else ''} " + ", ".join(missing)
                if missing else twice[0].message.split(" (", 1)[0])
        raise LoadError([Issue(file=stream.path, line=stream.comment_lines + 1, col=None,
                               path="$", code="csv-format",
                               message=f"{what}; a cohort CSV needs school and date columns")])


def classify_columns(stream: CsvStream, fw: Framework, attributes: Sequence[str]
                     ) -> tuple[list[str], list[Issue], bool]:
    """The header with unread columns blanked, the problems, and whether it is long."""
    header, problems = clean_header(stream.path, stream.header, stream.comment_lines + 1)
    index = compiled_for(fw).index
    long = all(c in header for c in LONG_COLUMNS)
    known = {*KNOWN_COLUMNS, *attributes, *(LONG_COLUMNS if long else ())}
    for i, name in enumerate(header):
        if not name or name in known or (not long and name in index):
            continue
        options = [*known, *([] if long else index)]
        why = ("a long table (characteristic and level columns) has one rating per row and "
               "no characteristic columns" if long and name in index else
               "it is neither a characteristic of " + str(fw.ref) + ", a known column ("
               + ", ".join(KNOWN_COLUMNS) + ") nor a declared attribute (attributes= or "
               "--attribute NAME)")
        problems.append(Issue(file=stream.path, line=stream.comment_lines + 1, col=i + 1,
                              path=f"$.header[{i}]", code="unknown-column",
                              message=f"column {name!r}: {why}; its cells were not read"
                                      f"{did_you_mean(name, options) if i < 200 else ''}"))
        header[i] = ""
    if not long and not any(h in index for h in header):
        raise LoadError([*problems, Issue(
            file=stream.path, line=stream.comment_lines + 1, col=None, path="$",
            code="csv-format", message=f"no column names a characteristic of {fw.ref}, and "
            "there are no characteristic and level columns for a long table")])
    return header, problems, long


def load_csv_cohort(stream: CsvStream, fw: Framework, attributes: Sequence[str],
                    header: list[str], problems: list[Issue], long: bool) -> CsvResult:
    """Read the rows of an opened cohort CSV into a cohort."""
    rows = _Rows(stream, header, fw, attributes)
    read_rows = _read_long if long else _read_wide
    cohort, used_lines, accepted, read, later = read_rows(stream, rows, fw)
    found = [*problems, *stream.problems, *rows.problems, *later]
    lines = {"lines": stream.lines, "comments": stream.comment_lines,
             "header": stream.header_lines, "blank": stream.blank_lines, "used": used_lines,
             "refused": stream.lines - stream.comment_lines - stream.header_lines
             - stream.blank_lines - used_lines}
    dropped = stream.dropped + rows.dropped + max(0, len(found) - MAX_PROBLEMS)
    found.sort(key=lambda i: (i.line or 0, i.col or 0))
    notes = [*stream.notes, *filter(None, [rows.changes.note()])]
    if rows.unlabelled and len(rows.round_names) > 1:
        notes.append(unlabelled_rounds(rows.unlabelled, "row"))
    return CsvResult(cohort, found[:MAX_PROBLEMS], dropped, "ratings" if long else "audits",
                     read + len(stream.problems) + stream.dropped, accepted, notes, lines)


def _read_wide(stream: CsvStream, rows: _Rows, fw: Framework
               ) -> tuple[Cohort, int, int, int, list[Issue]]:
    compiled = compiled_for(fw)
    n_chars = len(compiled.char_ids)
    char_pos = [i for i, h in enumerate(rows.header) if h in compiled.index]
    targets = [compiled.index[rows.header[i]] for i in char_pos]
    direct = targets == list(range(n_chars))
    lut: dict[str, int] = {lid: c for lid, c in compiled.level_code.items()}
    lut[""] = compiled.unrated_code
    template = [compiled.unrated_code] * n_chars
    buf = bytearray()
    school_idx, round_idx, days = array("i"), array("i"), array("q")
    firsts = array("q")
    read = 0
    for row in stream.rows():
        read += 1
        keys = rows.audit_keys(row)
        if keys is None:
            continue
        cells = row.cells
        codes = [lut.get(cells[i], _BAD) for i in char_pos]
        if _BAD in codes:  # spaces or case a spreadsheet added, then a real problem
            codes = [lut.get(cells[i].strip(), _BAD) for i in char_pos]
            if _BAD in codes:
                k = codes.index(_BAD)
                value = cells[char_pos[k]]
                rows.problem(row, char_pos[k], "unknown-level",
                             f"{value!r} is not a level of {fw.ref} (levels: "
                             f"{', '.join(compiled.level_ids)})"
                             f"{did_you_mean(value, compiled.level_ids)}")
                continue
        if direct:
            buf.extend(codes)
        else:
            full = template.copy()
            for t, c in zip(targets, codes, strict=True):
                full[t] = c
            buf.extend(full)
        school_idx.append(keys[0])
        round_idx.append(keys[1])
        days.append(keys[2])
        firsts.append(row.first)
    matrix = np.frombuffer(bytes(buf), dtype=np.int8).reshape(-1, n_chars)
    del buf
    first_lines = np.frombuffer(firsts, dtype=np.int64)
    cohort, conflicts = cohort_from_codes(
        fw, schools=rows.school_objs, school_index=np.frombuffer(school_idx, dtype=np.int32),
        round_names=rows.round_names, round_index=np.frombuffer(round_idx, dtype=np.int32),
        days=np.frombuffer(days, dtype=np.int64), codes=matrix, lines=first_lines,
        source=stream.path)
    return cohort, len(cohort), len(cohort), read, list(conflicts)


class _Coded:
    """A column as integer codes and their categories (what ``cohort_from_columns`` takes)."""

    def __init__(self, codes: Any, categories: list[Any]) -> None:
        self.codes, self.categories = codes, categories

    def __len__(self) -> int:
        return len(self.codes)


def _read_long(stream: CsvStream, rows: _Rows, fw: Framework
               ) -> tuple[Cohort, int, int, int, list[Issue]]:
    k_char, k_level = rows.pos["characteristic"], rows.pos["level"]
    chars: dict[str, int] = {}
    levels: dict[str, int] = {}
    school_idx, round_idx, days = array("i"), array("i"), array("q")
    char_idx, level_idx, firsts = array("i"), array("i"), array("q")
    read = 0
    for row in stream.rows():
        read += 1
        keys = rows.audit_keys(row)
        if keys is None:
            continue
        cid = row.cells[k_char].strip()
        level = row.cells[k_level].strip()
        if not level:
            rows.problem(row, "level", "missing-key", "the level is empty")
            continue
        school_idx.append(keys[0])
        round_idx.append(keys[1])
        days.append(keys[2])
        char_idx.append(chars.setdefault(cid, len(chars)))
        level_idx.append(levels.setdefault(level, len(levels)))
        firsts.append(row.first)
    lines = np.frombuffer(firsts, dtype=np.int64)
    schools = np.frombuffer(school_idx, dtype=np.int32)
    attributes = attribute_columns(SchoolTable.from_schools(rows.school_objs), rows.attrs,
                                   schools)
    cohort, found = cohort_from_columns(
        fw, school=_Coded(schools, [s.id for s in rows.school_objs]),
        date=np.frombuffer(days, dtype=np.int64).astype("datetime64[D]"),
        round=_Coded(np.frombuffer(round_idx, dtype=np.int32), rows.round_names),
        characteristic=_Coded(np.frombuffer(char_idx, dtype=np.int32), list(chars)),
        level=_Coded(np.frombuffer(level_idx, dtype=np.int32), list(levels)),
        attributes=attributes, source=stream.path, lines=lines.tolist(),
        columns={"characteristic": k_char + 1, "level": k_level + 1})
    accepted = int((cohort.codes != compiled_for(fw).unrated_code).sum())
    return cohort, accepted, accepted, read, list(found)  # every used row is one line
