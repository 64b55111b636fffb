"""Rows written to a worksheet as data, never as formulas.

openpyxl stores any text beginning with ``=`` as a formula, so a school, round or
local-authority name such as ``=HYPERLINK("http://...")`` would become a live formula in a
workbook a school or a hub opens. Every workbook this library writes goes through
:func:`append_row`, which keeps such text as text: the cell shows exactly what the data
holds, and Excel evaluates nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["append_row"]


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append ``values`` to an openpyxl worksheet, every text cell stored as text.

    >>> import openpyxl
    >>> sheet = openpyxl.Workbook().active
    >>> append_row(sheet, ['=HYPERLINK("http://example.org")', 3])
    >>> sheet["A1"].data_type, sheet["A1"].value, sheet["B1"].data_type
    ('s', '=HYPERLINK("http://example.org")', 'n')
    """
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
