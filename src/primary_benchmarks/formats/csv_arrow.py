"""A wide cohort CSV read at C speed by pyarrow's CSV reader, when it is installed.

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
from ..engine.columns import cohort_from_codes
from ..engine.evaluator import compiled_for
from ..errors import Issue
from ..model.audit import School
from ..model.framework import Framework
from .csv_cohort import _SCHOOL_FIELDS, CsvResult, _day
from .csv_reader import MAX_CELL, CsvStream
from .spec import MAX_PROBLEMS

__all__ = ["read_wide_arrow"]

_CHUNK = 1 << 24


class _RefusedError(Exception):
    """Something only the streaming reader reports exactly: leave the file to it."""


def _physical_lines(path: str) -> int:
    """Lines as the streaming reader counts them; refuses a file with a bare CR (a line
    end pyarrow and the text reader may count differently)."""
    lines, last = 0, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            data = last + chunk
            if data.count(b"\r") != data.count(b"\r\n") + (1 if data.endswith(b"\r") else 0):
                raise _RefusedError
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last == b"\r":
        raise _RefusedError
    return lines + (1 if last not in (b"", b"\n") else 0)


def _column(table: Any, name: str) -> tuple[list[str], npt.NDArray[np.int64]]:
    """A dictionary column as (its distinct values, each row's index into them)."""
    chunks = table.column(name).chunks
    values: list[str] = chunks[0].dictionary.to_pylist() if chunks else []
    if any(len(v) > MAX_CELL for v in values):
        raise _RefusedError
    parts = [c.indices.to_numpy(zero_copy_only=False).astype(np.int64) for c in chunks]
    return values, (np.concatenate(parts) if parts else np.zeros(0, np.int64))


def _first_rows(indices: npt.NDArray[np.int64], n_values: int) -> npt.NDArray[np.int64]:
    """For each distinct value, the first row that holds it (rows if none does)."""
    first = np.full(n_values, len(indices), dtype=np.int64)
    np.minimum.at(first, indices, np.arange(len(indices), dtype=np.int64))
    return first


def _identifier(text: str, limit: int) -> str:
    if not text or len(text) > limit or identifier_problem(text):
        raise _RefusedError
    return text


def _schools(table: Any, attrs: Sequence[str], n: int
             ) -> tuple[list[School], npt.NDArray[np.int32]]:
    """Schools in order of first appearance (their attributes from that row), and each
    row's school code."""
    values, idx = _column(table, "school")
    first = _first_rows(idx, len(values))
    at = np.minimum(first, max(n - 1, 0))
    # Each attribute's value at each school value's first row, as plain lists.
    columns = {name: [vals[k] for k in col_idx[at].tolist()]
               for name, (vals, col_idx) in ((a, _column(table, a)) for a in attrs)}
    first_l = first.tolist()
    codes: dict[str, int] = {}
    objs: list[School] = []
    entry_code = [0] * len(values)
    for e in np.argsort(first, kind="stable").tolist():
        if first_l[e] == n:
            continue
        school = _identifier(values[e].strip(), 64)
        school = unicodedata.normalize("NFC", school)
        code = codes.get(school)
        if code is None:
            found: dict[str, str] = {}
            for name, at_first in columns.items():
                value = at_first[e].strip()
                if not (value.isascii() and value.isprintable()) and any(
                        unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
                    raise _RefusedError
                if value:
                    found[name] = unicodedata.normalize("NFC", value)
            code = codes[school] = len(objs)
            objs.append(School(id=school, name=found.pop("name", None),
                               local_authority=found.pop("local_authority", None),
                               type=found.pop("type", None), attributes=found))
        entry_code[e] = code
    return objs, np.asarray(entry_code, dtype=np.int32)[idx]


def _rounds(table: Any, n: int) -> tuple[list[str], npt.NDArray[np.int32]]:
    """Round names in order of first appearance, and each row's round code."""
    if "round" not in table.column_names:
        return [""], np.zeros(n, dtype=np.int32)
    values, idx = _column(table, "round")
    first = _first_rows(idx, len(values))
    codes: dict[str, int] = {}
    names: list[str] = []
    entry_code = np.zeros(len(values), dtype=np.int32)
    for e in np.argsort(first, kind="stable").tolist():
        if first[e] == n:
            continue
        label = values[e].strip()
        if label:
            _identifier(label, 500)
        code = codes.get(label)
        if code is None:
            code = codes[label] = len(names)
            names.append(unicodedata.normalize("NFC", label))
        entry_code[e] = code
    return names, entry_code[idx]


def _read(stream: CsvStream, header: list[str], fw: Framework, attributes: Sequence[str]
          ) -> CsvResult:
    import pyarrow as pa
    import pyarrow.csv as pv

    raw = stream.header
    names = {raw[i]: h for i, h in enumerate(header) if h}
    if len(names) != len([h for h in header if h]) or stream.header_lines != 1:
        raise _RefusedError
    lines = _physical_lines(stream.path)
    try:
        table = pv.read_csv(
            stream.path,
            read_options=pv.ReadOptions(skip_rows=stream.comment_lines, block_size=1 << 22),
            parse_options=pv.ParseOptions(newlines_in_values=False),
            convert_options=pv.ConvertOptions(
                include_columns=list(names),
                column_types={r: pa.dictionary(pa.int32(), pa.string()) for r in names},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, OSError, ValueError):
        raise _RefusedError from None
    table = table.rename_columns([names[r] for r in table.column_names]).unify_dictionaries()
    n = table.num_rows
    if n == 0 or lines != stream.comment_lines + 1 + n:  # a blank or multi-line row
        raise _RefusedError
    compiled = compiled_for(fw)
    matrix = np.full((n, len(compiled.char_ids)), compiled.unrated_code, dtype=np.int8)
    lut = {**compiled.level_code, "": compiled.unrated_code}
    for name in table.column_names:
        if name not in compiled.index:
            continue
        values, idx = _column(table, name)
        codes = [lut.get(v, lut.get(v.strip())) for v in values]
        if None in codes:
            raise _RefusedError
        matrix[:, compiled.index[name]] = np.asarray(codes, dtype=np.int8)[idx]
    if "framework" in table.column_names:
        values, _ = _column(table, "framework")
        if any(v.strip() not in ("", str(fw.ref)) for v in values):
            raise _RefusedError
    values, idx = _column(table, "date")
    day_of = [_day(v.strip()) for v in values]
    if any(isinstance(d, str) for d in day_of):
        raise _RefusedError
    days = np.asarray(day_of, dtype=np.int64)[idx]
    attrs = [h for h in (*_SCHOOL_FIELDS, *attributes) if h in table.column_names]
    schools, school_index = _schools(table, attrs, n)
    round_names, round_index = _rounds(table, n)
    cohort: Cohort
    cohort, conflicts = cohort_from_codes(
        fw, schools=schools, school_index=school_index, round_names=round_names,
        round_index=round_index, days=days, codes=matrix,
        lines=np.arange(n, dtype=np.int64) + stream.comment_lines + 2, source=stream.path)
    found: list[Issue] = sorted(conflicts, key=lambda i: (i.line or 0, i.col or 0))
    used = len(cohort)
    counts = {"lines": lines, "comments": stream.comment_lines, "header": 1, "blank": 0,
              "used": used, "refused": lines - stream.comment_lines - 1 - used}
    return CsvResult(cohort, found[:MAX_PROBLEMS], max(0, len(found) - MAX_PROBLEMS),
                     "audits", n, used, stream.notes, counts)


def read_wide_arrow(stream: CsvStream, header: list[str], fw: Framework,
                    attributes: Sequence[str]) -> CsvResult | None:
    """The cohort of a clean wide CSV read by pyarrow, or ``None`` when pyarrow is not
    installed or the file needs the exact streaming reader (see the module docs)."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return None
    try:
        return _read(stream, header, fw, attributes)
    except _RefusedError:
        return None
