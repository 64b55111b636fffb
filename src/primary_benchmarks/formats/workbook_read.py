"""Reading the two sheets of a filled audit workbook, cell by cell (see :mod:`.workbook`)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from .._text import did_you_mean
from ..errors import ModelError
from ..model.audit import Evidence, Rating
from ..model.framework import Framework
from .workbook import (
    EVIDENCE,
    RATING_COLUMNS,
    RATINGS,
    SCHOOL,
    _date_problem,
    _path,
    _Problems,
    _rating,
    _text,
)

__all__ = ["read_evidence", "read_ratings", "read_school"]


def _merged(sheet: Any, name: str, problems: _Problems) -> bool:
    for merged in sheet.merged_cells.ranges:
        problems.add(name, merged.min_row, merged.min_col, "$", "workbook-format",
                     f"cells {merged.coord} are merged: unmerge them (each row holds one "
                     "characteristic, each cell one value)")
    return bool(sheet.merged_cells.ranges)


def read_ratings(sheet: Any, fw: Framework, problems: _Problems) -> dict[str, Rating] | None:
    """The ratings of the Ratings sheet, keyed by characteristic id (``None`` when the sheet
    cannot be read at all)."""
    if _merged(sheet, RATINGS, problems):
        return None
    header = {(_text(c.value) or "").casefold(): c.column for c in sheet[1]}
    missing = [name for name in ("id", "rating") if name not in header]
    if missing:
        problems.add(RATINGS, 1, 1, "$", "workbook-format",
                     f"the Ratings sheet has no column {', '.join(map(repr, missing))} in its "
                     f"first row (expected: {', '.join(RATING_COLUMNS)})")
        return None
    known = {c.id: c for c in fw.characteristics}
    by_label = {lv.label.strip().casefold(): lv.id for lv in fw.scale.levels}
    by_label |= {lv.id.casefold(): lv.id for lv in fw.scale.levels}
    levels = ", ".join(f"{lv.label} ({lv.id})" for lv in fw.scale.levels)
    seen: dict[str, int] = {}
    out: dict[str, Rating] = {}
    for row in sheet.iter_rows(min_row=2):
        cells = {name: row[col - 1] if col - 1 < len(row) else None
                 for name, col in header.items()}
        if all(_text(c.value) is None for c in row):
            continue
        id_cell = cells["id"]
        assert id_cell is not None
        r = id_cell.row
        cid = _text(id_cell.value)
        if cid is None:
            problems.add(RATINGS, r, id_cell.column, "$.ratings", "missing-key",
                         "this row has no characteristic id: put the row back as the template "
                         "had it, or delete the whole row")
            continue
        if cid not in known:
            problems.add(RATINGS, r, id_cell.column, _path(cid), "unknown-characteristic",
                         f"{cid!r} is not a characteristic of {fw.ref}"
                         f"{did_you_mean(cid, known)}")
            continue
        if cid in seen:
            problems.add(RATINGS, r, id_cell.column, _path(cid), "duplicate-key",
                         f"{cid} is listed twice (first on row {seen[cid]}): keep one row")
            continue
        seen[cid] = r
        text_cell = cells.get("characteristic")
        text = _text(text_cell.value) if text_cell is not None else None
        if text_cell is not None and text is not None and (
                " ".join(text.split()) != " ".join(known[cid].text.split())):
            problems.add(RATINGS, r, text_cell.column, _path(cid), "invalid-value",
                         f"this row's text is not {cid}'s: were rows or cells moved? Put "
                         f"back {cid}'s text, or use a fresh template")
            continue
        rating_cell = cells["rating"]
        assert rating_cell is not None
        value = rating_cell.value
        where = (RATINGS, r, rating_cell.column, _path(cid))
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # unrated
        if rating_cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            problems.add(*where, "wrong-type", f"the rating is a formula ({value}): choose "
                         f"or type a level instead: {levels}")
            continue
        if not isinstance(value, str):
            problems.add(*where, "wrong-type", f"the rating is {value!r}, not a level: choose "
                         f"one of {levels}")
            continue
        level = by_label.get(value.strip().casefold())
        if level is None:
            problems.add(*where, "unknown-level", f"{value.strip()!r} is not a level of "
                         f"{fw.ref} (levels: {levels})"
                         f"{did_you_mean(value.strip(), [lv.label for lv in fw.scale.levels])}")
            continue
        evidence = _cell_text(cells.get("evidence"))
        note = _cell_text(cells.get("notes"))
        try:
            out[cid] = _rating(level, evidence, note)
        except ModelError as exc:
            for issue in exc.issues:
                problems.add(*where, issue.code, issue.message)
    absent = [cid for cid in known if cid not in seen]
    if absent and not problems.issues:
        shown = ", ".join(absent[:10]) + (f" and {len(absent) - 10} more"
                                          if len(absent) > 10 else "")
        problems.add(RATINGS, sheet.max_row + 1, 1, "$.ratings", "missing-key",
                     f"the rows of {shown} are missing (deleted?): put them back, with an "
                     "empty rating if it cannot be given yet")
    return out


def _cell_text(cell: Any) -> str | None:
    return None if cell is None else _text(cell.value)


def read_school(sheet: Any, problems: _Problems) -> dict[str, Any] | None:
    """The School sheet's fields: ``school.*`` texts, ``date`` a date, ``round`` and
    ``assessor`` texts."""
    if _merged(sheet, SCHOOL, problems):
        return None
    fields: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=2, max_col=2):
        name_cell, value_cell = row[0], row[1] if len(row) > 1 else None
        name = _text(name_cell.value)
        if name is None:
            continue
        r = name_cell.row
        if name in rows:
            problems.add(SCHOOL, r, 1, "$", "duplicate-key",
                         f"{name!r} is listed twice (first on row {rows[name]}): keep one")
            continue
        rows[name] = r
        if name not in ("date", "round", "assessor") and not name.startswith("school."):
            problems.add(SCHOOL, r, 1, "$", "unknown-key",
                         f"unknown field {name!r} (fields: school.id, school.name, "
                         "school.local_authority, school.type, school.<attribute>, date, "
                         "round, assessor)")
            continue
        value = value_cell.value if value_cell is not None else None
        path = "$.date" if name == "date" else f"$.{name}"
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if value_cell is not None and value_cell.data_type == "f":
            problems.add(SCHOOL, r, 2, path, "wrong-type",
                         f"{name} is a formula ({value}): type the value itself")
            continue
        if name == "date":
            why = _date_problem(value)
            if why:
                problems.add(SCHOOL, r, 2, path, "wrong-type", why)
                continue
            fields["date"] = value.date() if isinstance(value, _dt.datetime) else value
        elif isinstance(value, bool | _dt.date):
            problems.add(SCHOOL, r, 2, path, "wrong-type",
                         f"{name} is {value!r}: type it as text")
        else:
            fields[name] = _text(value)
    for required in ("school.id", "date"):
        if required not in fields and not any(i.sheet == SCHOOL and i.line == rows.get(required)
                                              for i in problems.issues):
            problems.add(SCHOOL, rows.get(required), 2 if required in rows else None,
                         "$.school.id" if required == "school.id" else "$.date",
                         "missing-key", f"{required} is required: fill in its value")
    return fields


def read_evidence(sheet: Any, fw: Framework, ratings: dict[str, Rating],
                  problems: _Problems) -> None:
    """Add the Evidence sheet's rows to the ratings they name (a characteristic without a
    rating cannot have evidence: that is a problem)."""
    if _merged(sheet, EVIDENCE, problems):
        return
    header = {(_text(c.value) or "").casefold(): c.column for c in sheet[1]}
    if not {"id", "description"} <= header.keys():
        problems.add(EVIDENCE, 1, 1, "$", "workbook-format",
                     "the Evidence sheet needs the columns id and description in its first "
                     "row (and date, url if used)")
        return
    known = set(fw.characteristic_ids)
    for row in sheet.iter_rows(min_row=2):
        if all(_text(c.value) is None for c in row):
            continue

        def cell(name: str, row: Any = row) -> Any:
            col = header.get(name)
            return row[col - 1] if col is not None and col - 1 < len(row) else None

        r = row[0].row
        cid = _text(cell("id").value) if cell("id") is not None else None
        if cid is None or cid not in known:
            problems.add(EVIDENCE, r, header["id"], "$.ratings", "unknown-characteristic",
                         f"{cid!r} is not a characteristic of {fw.ref}"
                         f"{did_you_mean(cid or '', known)}")
            continue
        if cid not in ratings:
            if not any(i.path == _path(cid) for i in problems.issues):  # said already
                problems.add(EVIDENCE, r, header["id"], _path(cid), "missing-key",
                             f"{cid} has evidence but no rating: rate it on the Ratings sheet")
            continue
        description = _cell_text(cell("description"))
        date_cell, url = cell("date"), _cell_text(cell("url"))
        date = date_cell.value if date_cell is not None else None
        if description is None:
            problems.add(EVIDENCE, r, header["description"], f"{_path(cid)}.evidence",
                         "missing-key", "evidence needs a description")
            continue
        if date is not None and _date_problem(date):
            problems.add(EVIDENCE, r, header.get("date"), f"{_path(cid)}.evidence",
                         "wrong-type", str(_date_problem(date)))
            continue
        if isinstance(date, _dt.datetime):
            date = date.date()
        try:
            item = Evidence(description=description, date=date, url=url)
        except ModelError as exc:
            for issue in exc.issues:
                problems.add(EVIDENCE, r, header["description"], f"{_path(cid)}.evidence",
                             issue.code, issue.message)
            continue
        ratings[cid] = attrs.evolve(ratings[cid], evidence=(*ratings[cid].evidence, item))
