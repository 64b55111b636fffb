"""A list of schools from a CSV file (a hub's schools, to send each its audit workbook).

The file needs a ``school`` column (the id); ``name``, ``local_authority`` and ``type`` are
read when present, and any other column as a school attribute. Every problem is reported,
at its line and column: a missing id, a school listed twice, an id or value the model
refuses.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "schools.csv"
>>> _ = path.write_text("school,name,hub\\n100001,Example Primary,North\\n")
>>> schools, problems = school_list(path)
>>> schools[0].name, schools[0].attribute("hub"), problems
('Example Primary', 'North', [])
"""

from __future__ import annotations

import os

from ..errors import Issue, LoadError, ModelError
from ..model.audit import School
from .csv_reader import CsvStream

__all__ = ["school_list"]

_FIELDS = ("name", "local_authority", "type")


def school_list(path: str | os.PathLike[str]) -> tuple[list[School], list[Issue]]:
    """The schools a CSV lists, and every problem found (the schools are only usable when
    there is none)."""
    source = os.fspath(path)
    try:
        stream = CsvStream(path)
    except LoadError as exc:
        return [], list(exc.issues)
    schools: list[School] = []
    problems: list[Issue] = []
    try:
        header = [h.strip() for h in stream.header]
        if "school" not in header:
            return [], [Issue(file=source, line=stream.comment_lines + 1, col=None, path="$",
                              code="csv-format", message="no school column: a list of "
                              "schools needs a column named school (the school's id)")]
        at = header.index("school")
        seen: dict[str, int] = {}
        for row in stream.rows():
            if row.lines > 1 or len(row.cells) != len(header):  # as a cohort CSV refuses
                problems.append(Issue(
                    file=source, line=row.first, col=None, path="$", code="csv-format",
                    message="a cell holds a line break" if row.lines > 1 else
                    f"the row has {len(row.cells)} cells; the header has {len(header)}"))
                continue
            cells = dict(zip(header, (c.strip() for c in row.cells), strict=True))
            sid = cells.get("school", "")
            if not sid:
                problems.append(Issue(file=source, line=row.first, col=at + 1,
                                      path="$.school", code="missing-key",
                                      message="this row has no school id"))
                continue
            if sid in seen:
                problems.append(Issue(file=source, line=row.first, col=at + 1,
                                      path="$.school", code="duplicate-key",
                                      message=f"school {sid!r} is listed twice (first on "
                                              f"line {seen[sid]})"))
                continue
            seen[sid] = row.first
            others = {k: v for k, v in cells.items()
                      if k not in ("school", *_FIELDS) and k and v}
            try:
                schools.append(School(id=sid, name=cells.get("name") or None,
                                      local_authority=cells.get("local_authority") or None,
                                      type=cells.get("type") or None, attributes=others))
            except ModelError as exc:
                problems.extend(Issue(file=source, line=row.first, col=at + 1,
                                      path="$.school", code=i.code, message=i.message)
                                for i in exc.issues)
        problems.extend(stream.problems)  # rows the CSV reader could not parse
    finally:
        stream.close()
    return schools, problems
