"""A cohort CSV (wide or long) read at C speed by pyarrow's CSV reader, when it is installed.

Only a clean file takes this path: every cell is decoded column by column (dictionary
arrays, so each distinct value is checked once), and at the first sign of anything the
exact reader reports (a row with the wrong number of cells, a blank or multi-line row, a
value that is not a level, a bad id, date or framework, an over-long cell) this reader
gives up and returns ``None``: the streaming reader then reads the file again and reports
every problem with its line and column. A file read here gives exactly the cohort, counts
and conflicts the streaming reader gives (checked by ``tests/test_csv_arrow.py``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .._text import identifier_problem
from ..engine.cohort import Cohort
from ..engine.columns import cohort_from_codes, cohort_from_columns
from ..engine.evaluator import compiled_for
from ..errors import Issue
from ..model.framework import Framework
from ..model.school_table import SchoolTable
from .csv_cohort import (
    _SCHOOL_FIELDS,
    CsvResult,
    _Coded,
    _day,
    attribute_columns,
    holds_line_break,
)
from .csv_reader import MAX_CELL, CsvStream
from .spec import MAX_PROBLEMS

__all__ = ["read_csv_arrow"]


class _RefusedError(Exception):
    """Something only the streaming reader reports exactly: leave the file to it."""


def _column(batch: Any, name: str) -> tuple[list[str], npt.NDArray[np.intp]]:
    """A dictionary column of a batch: its distinct values, each row's index into them."""
    array = batch.column(name)
    values: list[str] = array.dictionary.to_pylist()
    if any(len(v) > MAX_CELL for v in values):
        raise _RefusedError
    return values, array.indices.to_numpy(zero_copy_only=False).astype(np.intp)


def _by_first_row(indices: npt.NDArray[np.intp], n_values: int
                  ) -> tuple[list[int], list[int]]:
    """The distinct values present, in order of their first row, and those rows."""
    first = np.full(n_values, len(indices), dtype=np.intp)
    np.minimum.at(first, indices, np.arange(len(indices), dtype=np.intp))
    order = [e for e in np.argsort(first, kind="stable").tolist() if first[e] < len(indices)]
    return order, first[order].tolist()


def _identifier(text: str, limit: int) -> str:
    if not text or len(text) > limit or identifier_problem(text):
        raise _RefusedError
    return text


#: Cells already what checking and normalising would make them (printable ASCII, no
#: space at either end, not empty): the common case, checked in C.
_CLEAN_ID = r"^[!-~](?:[ -~]{0,62}[!-~])?$"
_CLEAN_TEXT = r"^[!-~](?:[ -~]*[!-~])?$"


class _Decoder:
    """Turns record batches into the cohort's columns, keeping what every batch shares:
    schools and rounds in order of first appearance, and each distinct value's meaning."""

    def __init__(self, fw: Framework, attrs: Sequence[str], long: bool) -> None:
        compiled = compiled_for(fw)
        self.index, self.n_chars = compiled.index, len(compiled.char_ids)
        self.unrated = compiled.unrated_code
        self.levels: dict[str, int] = {**compiled.level_code, "": compiled.unrated_code}
        self.ref, self.attrs = str(fw.ref), attrs
        self.days: dict[str, int] = {}
        # the school and attribute cells of every batch, resolved once at the end
        self.cells: dict[str, list[Any]] = {name: [] for name in ("school", *attrs)}
        self.round_of: dict[str, int] = {}
        self.round_kinds: set[bool] = set()  # whether round cells were named, empty or both
        self.round_names: list[str] = []
        self.parts: list[tuple[Any, ...]] = []
        self.long = long  # a long table: characteristic and level ids, in first-row order
        self.char_of: dict[str, int] = {}
        self.level_of: dict[str, int] = {}

    def _level(self, value: str) -> int:
        code = self.levels.get(value, self.levels.get(value.strip()))
        if code is None:
            raise _RefusedError
        return code

    def _day(self, value: str) -> int:
        day = self.days.get(value)
        if day is None:
            found = _day(value.strip())
            if isinstance(found, str):
                raise _RefusedError
            day = self.days[value] = found
        return day

    def _round(self, raw: str) -> int:
        label = raw.strip()
        if label:
            _identifier(label, 500)
        self.round_kinds.add(bool(label))
        if len(self.round_kinds) > 1:
            raise _RefusedError  # named and unnamed rounds: the exact reader notes it
        code = self.round_of[raw] = self.round_of.get(label, len(self.round_names))
        if code == len(self.round_names):
            self.round_names.append(unicodedata.normalize("NFC", label))
        self.round_of[label] = code
        return code

    def add(self, batch: Any) -> None:
        """Decode one batch (or raise :class:`_RefusedError`)."""
        n = batch.num_rows
        names = batch.schema.names
        if self.long:
            ratings: tuple[Any, ...] = (self._ids(batch, "characteristic", self.char_of),
                                        self._ids(batch, "level", self.level_of))
        else:
            matrix = np.full((n, self.n_chars), self.unrated, dtype=np.int8)
            for name in names:
                if name in self.index:
                    values, idx = _column(batch, name)
                    lut = np.asarray([self._level(v) for v in values], dtype=np.int8)
                    matrix[:, self.index[name]] = lut[idx]
            ratings = (matrix,)
        if "framework" in names:
            values, _ = _column(batch, "framework")
            if any(v.strip() not in ("", self.ref) for v in values):
                raise _RefusedError
        values, idx = _column(batch, "date")
        days = np.asarray([self._day(v) for v in values], dtype=np.int64)[idx]
        for name, kept in self.cells.items():
            kept.append(batch.column(name))
        if "round" in names:
            values, idx = _column(batch, "round")
            round_entry = [0] * len(values)
            for e in _by_first_row(idx, len(values))[0]:
                found = self.round_of.get(values[e])
                round_entry[e] = found if found is not None else self._round(values[e])
            rounds = np.asarray(round_entry, dtype=np.int32)[idx]
        else:
            rounds = np.full(n, self._round(""), dtype=np.int32)
        self.parts.append((rounds, days, *ratings))

    def _ids(self, batch: Any, name: str, seen: dict[str, int]) -> npt.NDArray[np.int32]:
        """A long table's characteristic or level column as codes into ``seen`` (its
        stripped values in order of first appearance); an empty one is left to the exact
        reader."""
        values, idx = _column(batch, name)
        entry = [0] * len(values)
        for e in _by_first_row(idx, len(values))[0]:
            value = values[e].strip()
            if not value:
                raise _RefusedError
            entry[e] = seen.setdefault(value, len(seen))
        return np.asarray(entry, dtype=np.int32)[idx]

    def arrays(self) -> tuple[npt.NDArray[Any], ...]:
        """The round codes, days and ratings (a code matrix, or characteristic and level
        codes) of every row read."""
        return tuple(np.concatenate([p[k] for p in self.parts])
                     for k in range(len(self.parts[0])))

    def _strings(self, name: str) -> Any:
        import pyarrow as pa

        return pa.chunked_array([c.cast(pa.string()) for c in self.cells[name]],
                                type=pa.string()).combine_chunks()

    def schools(self) -> tuple[SchoolTable, npt.NDArray[np.int32]]:
        """The schools in order of first appearance (attributes from that row), and each
        row's school code: one pass in C over the rows, Python only per distinct cell."""
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(self._strings("school"))
        cells: list[str] = encoded.dictionary.to_pylist()
        idx = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
        n = len(idx)
        first = np.full(len(cells), n, dtype=np.intp)
        np.minimum.at(first, idx, np.arange(n, dtype=np.intp))
        clean = np.asarray(pc.match_substring_regex(encoded.dictionary, _CLEAN_ID))
        for e in np.flatnonzero(~clean).tolist():  # spaces, accents: check and normalise
            cells[e] = unicodedata.normalize("NFC", _identifier(cells[e].strip(), 64))
        order = np.argsort(first, kind="stable")
        if clean.all():  # distinct cells are distinct schools: no merging to do
            ids = [cells[e] for e in order.tolist()]
            entry_codes = np.empty(len(cells), dtype=np.int32)
            entry_codes[order] = np.arange(len(cells), dtype=np.int32)
            at = first[order]
        else:  # cells that normalise to one id are one school
            code_of: dict[str, int] = {}
            entry = [0] * len(cells)
            ids = []
            rows: list[int] = []
            first_l = first.tolist()
            for e in order.tolist():
                school = cells[e]
                code = code_of.get(school)
                if code is None:
                    code = code_of[school] = len(ids)
                    ids.append(school)
                    rows.append(first_l[e])
                entry[e] = code
            entry_codes = np.asarray(entry, dtype=np.int32)
            at = np.asarray(rows, dtype=np.intp)
        school_of_row = entry_codes[idx]
        columns: dict[str, list[str | None]] = {}
        for name in self.cells:
            if name == "school":
                continue
            strings = self._strings(name)
            coded = pc.dictionary_encode(strings)
            codes = coded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            blank = np.asarray([not (v or "").strip() for v in coded.dictionary.to_pylist()]
                               + [True])  # the last entry: a null cell (code -1)
            if (~blank[codes] & (codes != codes[at][school_of_row])).any():
                raise _RefusedError  # a school's value changes: the exact reader notes it
            values = pc.take(strings, at)
            found: list[str | None] = values.to_pylist()
            ok = np.asarray(pc.match_substring_regex(values, _CLEAN_TEXT))
            for k in np.flatnonzero(~ok).tolist():
                text = (found[k] or "").strip()
                if holds_line_break(text):
                    raise _RefusedError
                found[k] = unicodedata.normalize("NFC", text) or None
            columns[name] = found
        return SchoolTable(ids=ids, columns=columns), school_of_row


def _read(stream: CsvStream, header: list[str], fw: Framework, attributes: Sequence[str],
          long: bool) -> CsvResult:
    import pyarrow as pa
    import pyarrow.csv as pv

    raw = stream.header
    names = {raw[i]: h for i, h in enumerate(header) if h}
    if len(names) != len([h for h in header if h]) or stream.header_lines != 1:
        raise _RefusedError
    present = set(names.values())
    decoder = _Decoder(fw, [h for h in (*_SCHOOL_FIELDS, *attributes) if h in present], long)
    try:
        reader = pv.open_csv(
            stream.path,
            read_options=pv.ReadOptions(skip_rows=stream.comment_lines, block_size=1 << 20),
            # a blank, short or multi-line row is an error here: the exact reader takes it
            parse_options=pv.ParseOptions(delimiter=stream.delimiter, newlines_in_values=False,
                                          ignore_empty_lines=False),
            convert_options=pv.ConvertOptions(
                include_columns=list(names),
                column_types={r: pa.dictionary(pa.int32(), pa.string()) for r in names},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
        rename = [names[r] for r in reader.schema.names]
        for batch in reader:
            decoder.add(pa.RecordBatch.from_arrays(batch.columns, names=rename))
    except (pa.ArrowException, OSError, ValueError):
        raise _RefusedError from None
    if not decoder.parts:
        raise _RefusedError
    round_index, days, *ratings = decoder.arrays()
    table, school_index = decoder.schools()
    n = len(days)
    lines = stream.comment_lines + 1 + n  # every row one line: blank ones were refused
    row_lines = np.arange(n, dtype=np.int64) + stream.comment_lines + 2
    cohort: Cohort
    if long:
        cohort, conflicts = cohort_from_columns(
            fw, school=_Coded(school_index, list(table.ids)),
            date=days.astype("datetime64[D]"),
            round=_Coded(round_index, decoder.round_names),
            characteristic=_Coded(ratings[0], list(decoder.char_of)),
            level=_Coded(ratings[1], list(decoder.level_of)),
            attributes=attribute_columns(table, decoder.attrs, school_index),
            source=stream.path, lines=row_lines.tolist(),
            columns={name: header.index(name) + 1 for name in ("characteristic", "level")})
        used = int((cohort.codes != compiled_for(fw).unrated_code).sum())
    else:
        cohort, conflicts = cohort_from_codes(
            fw, schools=table, school_index=school_index, round_names=decoder.round_names,
            round_index=round_index, days=days, codes=ratings[0], lines=row_lines,
            source=stream.path)
        used = len(cohort)
    found: list[Issue] = sorted(conflicts, key=lambda i: (i.line or 0, i.col or 0))
    counts = {"lines": lines, "comments": stream.comment_lines, "header": 1, "blank": 0,
              "used": used, "refused": lines - stream.comment_lines - 1 - used}
    return CsvResult(cohort, found[:MAX_PROBLEMS], max(0, len(found) - MAX_PROBLEMS),
                     "ratings" if long else "audits", n, used, stream.notes, counts)


def read_csv_arrow(stream: CsvStream, header: list[str], fw: Framework,
                   attributes: Sequence[str], long: bool) -> CsvResult | None:
    """The cohort of a clean wide or long CSV read by pyarrow, or ``None`` when pyarrow is
    not installed or the file needs the exact streaming reader (see the module docs)."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return None
    try:
        return _read(stream, header, fw, attributes, long)
    except _RefusedError:
        return None
