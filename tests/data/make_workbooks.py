"""Write the audit-workbook corpus: filled templates with one thing wrong each, as a person
(or a broken file) would leave them. Run: python tests/data/make_workbooks.py, then
pytest tests/test_error_corpus.py --regen-golden and review the .expected files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

import primary_benchmarks as pb
from primary_benchmarks.formats.workbook import audit_workbook

HERE = Path(__file__).parent / "workbooks"
FW = pb.load_framework("ne-primary")
AUDIT = pb.load_audit(pb.formats.sample("audits/baseline.yaml"))


def _edit(change: Callable[[Any], None]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(audit_workbook(FW, AUDIT)))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set(sheet: str, cell: str, value: object) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        book[sheet][cell] = value
    return change


def _serial(book: Any) -> None:
    cell = book["School"]["B6"]
    cell.value, cell.number_format = 43661, "General"  # a date's serial, not a date cell


def _swap_texts(book: Any) -> None:
    ws = book["Ratings"]
    ws["C2"], ws["C3"] = ws["C3"].value, ws["C2"].value


def _delete_row(book: Any) -> None:
    book["Ratings"].delete_rows(5)


def _duplicate(book: Any) -> None:
    ws = book["Ratings"]
    ws.append([ws.cell(row=2, column=k).value for k in range(1, 7)])


def _merge(book: Any) -> None:
    book["Ratings"].merge_cells("D2:D3")


def _no_school_sheet(book: Any) -> None:
    del book["School"]


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


def _forgiving(book: Any) -> None:
    _set("Ratings", "D2", "  fully ACHIEVED ")(book)
    _set("Ratings", "D3", "NOT")(book)
    _set("School", "B2", 100001)(book)
    _set("School", "B6", dt.datetime(2019, 7, 15))(book)


BROKEN: dict[str, Callable[[], bytes]] = {
    "unknown-level.xlsx": lambda: _edit(_set("Ratings", "D3", "Fuly achieved")),
    "formula-rating.xlsx": lambda: _edit(_set("Ratings", "D4", "=D2")),
    "number-rating.xlsx": lambda: _edit(_set("Ratings", "D5", 3)),
    "moved-row.xlsx": lambda: _edit(_swap_texts),
    "deleted-row.xlsx": lambda: _edit(_delete_row),
    "duplicate-id.xlsx": lambda: _edit(_duplicate),
    "date-as-text.xlsx": lambda: _edit(_set("School", "B6", "15/07/2019")),
    "date-serial.xlsx": lambda: _edit(_serial),
    "merged-cells.xlsx": lambda: _edit(_merge),
    "other-content.xlsx": lambda: _edit(_set("_framework", "B2", "0" * 64)),
    "other-framework.xlsx": lambda: _edit(_set("_framework", "B1", "gatsby@2.0.0")),
    "missing-sheet.xlsx": lambda: _edit(_no_school_sheet),
    "unknown-field.xlsx": lambda: _edit(_set("School", "A9", "colour")),
    "unknown-characteristic.xlsx": lambda: _edit(_set("Ratings", "A2", "P9.9")),
    "not-a-workbook.xlsx": lambda: b"school,date\n1,2020-01-01\n",
    "zip-bomb.xlsx": _zip_bomb,
    "macro.xlsm": lambda: audit_workbook(FW, AUDIT),
}

VALID: dict[str, Callable[[], bytes]] = {
    # a person's typing: spaces and case around labels and ids, an id Excel made a number
    "forgiving.xlsx": lambda: _edit(_forgiving),
}


def main() -> None:
    for folder, cases in (("broken", BROKEN), ("valid", VALID)):
        for name, make in cases.items():
            (HERE / folder / name).write_bytes(make())


if __name__ == "__main__":
    main()
