"""Small HTML tables for notebooks and reports; every piece of text is escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["html_table", "pct"]


def pct(x: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return "-" if x is None else f"{x * 100:.0f}%"


def html_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
               caption: str | None = None) -> str:
    """An HTML table; headers, cells and caption are escaped.

    >>> html_table(["a"], [["<b>"]])
    "<table><thead><tr><th scope='col'>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr>\
</tbody></table>"
    """
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th scope='col'>{html.escape(str(h))}</th>"
                                          for h in headers)
               + "</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)
