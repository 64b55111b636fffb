"""Audit workbooks (``.xlsx``): a template for any framework, and filled workbooks read
with the same strictness as YAML audits (openpyxl, the ``excel`` extra).

A workbook has five sheets: ``Ratings`` (one row per characteristic: ``id``, ``benchmark``,
``characteristic``, ``rating``, ``evidence``, ``notes``; the rating cells offer the scale's
levels in a drop-down), ``School`` (``field`` and ``value``: ``school.id``, ``school.name``,
``school.local_authority``, ``school.type``, ``date``, ``round``, ``assessor`` and any other
``school.<attribute>``), ``Evidence`` (``id``, ``description``, ``date``, ``url``: evidence
with a date or a link, several per characteristic if need be), ``How to fill this in``,
and a hidden ``_framework`` sheet naming
the framework and a hash of its content, so a workbook made for one framework or version is
never read as another.

Reading is forgiving where a person would be (spaces and case around a level's label or id,
a school id Excel turned into a number) and strict where it matters: a value that is no
level, a formula, a date typed as text or left as a number, a moved, deleted or duplicated
row, a merged cell, a workbook of another framework, a macro workbook and a file that would
inflate past a limit are each a problem placed at its sheet and cell (``audit.xlsx:
Ratings!D14``), with the codes YAML audits use.

>>> import primary_benchmarks as pb
>>> fw = pb.load_framework("ne-primary")
>>> audit = pb.load_audit(pb.formats.sample("audits/baseline.yaml"))
>>> back, issues = check_audit_workbook(audit_workbook(fw, audit), "audit.xlsx")
>>> issues, back == audit
((), True)
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import zipfile
from collections.abc import Callable
from typing import Any, Final

from .._extras import need
from ..errors import Issue, LoadError, ModelError
from ..model.audit import Audit, Evidence, Rating, School
from ..model.framework import Framework
from .date_text import date_hint, serial_date
from .framework_format import framework_hash
from .sheet_rows import append_row
from .yaml_reader import child_path

__all__ = ["MAX_WORKBOOK_BYTES", "MAX_WORKBOOK_INFLATED", "RATING_COLUMNS", "SCHOOL_FIELDS",
           "audit_workbook", "check_audit_workbook", "framework_hash", "write_audit_template"]

RATINGS, SCHOOL, HELP, META = "Ratings", "School", "How to fill this in", "_framework"
EVIDENCE = "Evidence"
#: The columns of the Evidence sheet: one row per piece of evidence, several per
#: characteristic if need be (the Ratings sheet's evidence column takes plain text too).
EVIDENCE_COLUMNS: Final = ("id", "description", "date", "url")
#: The columns of the Ratings sheet, in the template's order.
RATING_COLUMNS: Final = ("id", "benchmark", "characteristic", "rating", "evidence", "notes")
#: The fields of the School sheet a template lists (any ``school.<name>`` is read too).
SCHOOL_FIELDS: Final = ("school.id", "school.name", "school.local_authority", "school.type",
                        "date", "round", "assessor")
#: The largest workbook file read, and the most its parts may inflate to (an .xlsx is a
#: zip: a small file can inflate enormously, so sizes are checked before inflating).
MAX_WORKBOOK_BYTES: Final = 16 * 1024 * 1024
MAX_WORKBOOK_INFLATED: Final = 64 * 1024 * 1024
_MAX_PARTS = 2_000


def _help_text(framework: Framework) -> list[str]:
    levels = ", ".join(f"{lv.label} ({lv.id})" for lv in framework.scale.levels)
    noun = framework.institution
    return [
        f"An audit of {framework.ref}: {' '.join(framework.title.split())}",
        "",
        f"1. On the School sheet, fill in the {noun}'s id (such as its URN) and the date of "
        "the audit (a date cell). Name, local authority, type, round and assessor are "
        "optional.",
        "2. On the Ratings sheet, choose a rating for each characteristic from the drop-down: "
        f"{levels}. Leave a rating empty if you cannot give it yet: it counts as not rated.",
        "3. Evidence and notes are optional, in your own words. Evidence with a date or a "
        "link goes on the Evidence sheet, one row each (the characteristic's id, a "
        "description, a date, a link).",
        "Do not add, delete, move or merge rows, and do not type formulas: the workbook is "
        "read cell by cell, and each of these is reported as a problem to fix.",
        "4. Check it with: primary-benchmarks validate FILE.xlsx (or send it to your hub).",
    ]


def audit_workbook(framework: Framework, audit: Audit | None = None, *,
                   school: School | None = None) -> bytes:
    """A template workbook of ``framework`` as bytes: ``audit`` given, filled with it;
    ``school`` given, with its School sheet filled in (a hub's workbook to send)."""
    openpyxl = need("openpyxl", "excel")
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ratings = book.active
    ratings.title = RATINGS
    school_sheet = book.create_sheet(SCHOOL)
    evidence_sheet = book.create_sheet(EVIDENCE)
    help_sheet = book.create_sheet(HELP)
    meta = book.create_sheet(META)
    meta.sheet_state = "hidden"
    append_row(meta, ["framework", str(framework.ref)])
    append_row(meta, ["hash", framework_hash(framework)])
    append_row(meta, ["level id", "level label"])
    for lv in framework.scale.levels:
        append_row(meta, [lv.id, lv.label])
    first, last = 4, 3 + len(framework.scale.levels)

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    open_cell = Protection(locked=False)
    append_row(ratings, list(RATING_COLUMNS))
    for cell in ratings[1]:
        cell.font = bold
    labels = {lv.id: lv.label for lv in framework.scale.levels}
    for b in framework.benchmarks:
        for c in b.characteristics:
            rating = audit.ratings.get(c.id) if audit is not None else None
            append_row(ratings, [c.id, b.id, " ".join(c.text.split()),
                            labels[rating.level] if rating else None, None,
                            rating.note if rating else None])
    rows = ratings.max_row
    for row in ratings.iter_rows(min_row=2, max_row=rows):
        for cell in row:
            cell.alignment = wrap
        for cell in row[3:]:
            cell.protection = open_cell
    for letter, width in zip("ABCDEF", (9, 11, 70, 20, 40, 40), strict=True):
        ratings.column_dimensions[letter].width = width
    pick = DataValidation(type="list", formula1=f"={META}!$B${first}:$B${last}",
                          allow_blank=True, showErrorMessage=False)
    pick.add(f"D2:D{rows}")
    ratings.add_data_validation(pick)
    ratings.freeze_panes = "A2"
    ratings.protection.sheet = True  # ids and texts locked; rating, evidence, notes open

    append_row(evidence_sheet, list(EVIDENCE_COLUMNS))
    for cell in evidence_sheet[1]:
        cell.font = bold
    for cid, rating in (audit.ratings.items() if audit is not None else ()):
        for item in rating.evidence:  # structured evidence keeps its date and link
            append_row(evidence_sheet, [cid, item.description, item.date, item.url])
            evidence_sheet.cell(row=evidence_sheet.max_row, column=3).number_format = (
                "yyyy-mm-dd")
    for letter, width in zip("ABCD", (9, 60, 14, 40), strict=True):
        evidence_sheet.column_dimensions[letter].width = width

    append_row(school_sheet, ["field", "value"])
    for cell in school_sheet[1]:
        cell.font = bold
    values: dict[str, Any] = {}
    who = audit.school if audit is not None else school
    if who is not None:
        values = {"school.id": who.id, "school.name": who.name,
                  "school.local_authority": who.local_authority, "school.type": who.type,
                  **{f"school.{k}": v for k, v in who.attributes.items()}}
    if audit is not None:
        values |= {"date": audit.date, "round": audit.round, "assessor": audit.assessor}
    for field in (*SCHOOL_FIELDS, *(k for k in values if k not in SCHOOL_FIELDS)):
        append_row(school_sheet, [field, values.get(field)])
        cell = school_sheet.cell(row=school_sheet.max_row, column=2)
        if field == "date":
            cell.number_format = "yyyy-mm-dd"
        elif field == "school.id":
            cell.number_format = "@"  # text: a URN keeps its digits as typed
    school_sheet.column_dimensions["A"].width = 24
    school_sheet.column_dimensions["B"].width = 40

    for line in _help_text(framework):
        append_row(help_sheet, [line])
        help_sheet.cell(row=help_sheet.max_row, column=1).alignment = wrap
    help_sheet.column_dimensions["A"].width = 100
    help_sheet["A1"].font = bold

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_audit_template(framework: Framework, path: str | os.PathLike[str], *,
                         school: School | None = None) -> None:
    """Write a blank audit workbook of ``framework`` to ``path`` (atomically); ``school``
    fills in its School sheet.

    >>> import tempfile, pathlib, primary_benchmarks as pb
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "audit.xlsx"
    >>> write_audit_template(pb.load_framework("gatsby"), path)
    >>> path.read_bytes()[:2]
    b'PK'
    """
    from .files import atomic_write

    atomic_write(path, audit_workbook(framework, school=school))


class _Problems:
    """Problems of one workbook, each at a sheet and cell."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[Issue] = []

    def add(self, sheet: str | None, row: int | None, col: int | None, path: str, code: str,
            message: str) -> None:
        self.issues.append(Issue(file=self.source, line=row, col=col, path=path, code=code,
                                 message=message, sheet=sheet))


def _inflated_ok(data: bytes, problems: _Problems) -> bool:
    """Check the zip before anything is inflated: a macro workbook, too many parts or a
    total inflated size past the limit are refused."""
    if len(data) > MAX_WORKBOOK_BYTES:
        problems.add(None, None, None, "$", "too-large",
                     f"the workbook is {len(data):,} bytes; the limit is "
                     f"{MAX_WORKBOOK_BYTES:,}")
        return False
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        problems.add(None, None, None, "$", "workbook-format",
                     "this is not an .xlsx workbook (not a zip file); save it from your "
                     "spreadsheet as an Excel workbook (.xlsx)")
        return False
    if any(p.filename.lower().endswith("vbaproject.bin") for p in parts):
        problems.add(None, None, None, "$", "workbook-format",
                     "the workbook holds macros; macro workbooks are not read: save it as an "
                     "Excel workbook (.xlsx) without macros")
        return False
    total = sum(p.file_size for p in parts)
    if len(parts) > _MAX_PARTS or total > MAX_WORKBOOK_INFLATED:
        problems.add(None, None, None, "$", "too-large",
                     f"the workbook would inflate to {total:,} bytes in {len(parts):,} parts; "
                     f"the limit is {MAX_WORKBOOK_INFLATED:,} bytes")
        return False
    return True


def _text(value: Any) -> str | None:
    """A cell as text: ``None`` for an empty cell; whole numbers without ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def check_audit_workbook(data: bytes, source: str = "<workbook>", *,
                         framework: Framework | None = None,
                         load: Callable[[str], Framework] | None = None,
                         ) -> tuple[Audit | None, tuple[Issue, ...]]:
    """Read a filled audit workbook; return the audit (``None`` when there is a problem) and
    every problem found, each at its sheet and cell."""
    problems = _Problems(source)
    if not _inflated_ok(data, problems):
        return None, tuple(problems.issues)
    openpyxl = need("openpyxl", "excel")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_vba=False)
    except Exception as exc:  # a broken workbook must be a problem, never a traceback
        problems.add(None, None, None, "$", "workbook-format",
                     f"the workbook cannot be read ({type(exc).__name__}); open it in your "
                     "spreadsheet and save it again as .xlsx")
        return None, tuple(problems.issues)
    missing = [name for name in (RATINGS, SCHOOL, META) if name not in book.sheetnames]
    if missing:
        problems.add(None, None, None, "$", "workbook-format",
                     f"the workbook has no sheet {', '.join(map(repr, missing))}: it is not "
                     "an audit workbook (make one with: primary-benchmarks template REF "
                     "--format xlsx)")
        return None, tuple(problems.issues)
    fw = _framework_of(book[META], framework, load, problems)
    if fw is None:
        return None, tuple(problems.issues)
    from .workbook_read import read_evidence, read_ratings, read_school

    ratings = read_ratings(book[RATINGS], fw, problems)
    fields = read_school(book[SCHOOL], problems)
    if EVIDENCE in book.sheetnames and ratings is not None:
        read_evidence(book[EVIDENCE], fw, ratings, problems)
    if problems.issues or ratings is None or fields is None:
        return None, tuple(sorted(problems.issues, key=_order))
    try:
        school = School(id=fields.pop("school.id"), name=fields.pop("school.name", None),
                        local_authority=fields.pop("school.local_authority", None),
                        type=fields.pop("school.type", None),
                        attributes={k.removeprefix("school."): v for k, v in fields.items()
                                    if k.startswith("school.")})
        audit = Audit(framework=fw.ref, school=school, date=fields["date"],
                      round=fields.get("round"), assessor=fields.get("assessor"),
                      ratings=ratings)
    except ModelError as exc:
        for issue in exc.issues:
            problems.add(SCHOOL, None, None, "$", issue.code, issue.message)
        return None, tuple(problems.issues)
    return audit, ()


def _order(issue: Issue) -> tuple[str, int, int]:
    return (issue.sheet or "", issue.line or 0, issue.col or 0)


def _framework_of(meta: Any, given: Framework | None, load: Callable[[str], Framework] | None,
                  problems: _Problems) -> Framework | None:
    ref, stored = _text(meta["B1"].value), _text(meta["B2"].value)
    if ref is None or stored is None:
        problems.add(META, 1, 2, "$.framework", "workbook-format",
                     "the hidden _framework sheet has lost the framework's reference or hash; "
                     "fill a fresh template")
        return None
    if given is not None and str(given.ref) != ref:
        problems.add(META, 1, 2, "$.framework", "framework-mismatch",
                     f"the workbook is of {ref}, but the framework given is {given.ref}")
        return None
    if given is None:
        from .loading import load_framework

        try:
            given = (load or load_framework)(ref)
        except LoadError as exc:
            for issue in exc.issues:
                problems.add(META, 1, 2, "$.framework", issue.code, issue.message)
            return None
    if framework_hash(given) != stored:
        problems.add(META, 2, 2, "$.framework", "framework-mismatch",
                     f"the workbook was made from another content of {ref} than the one "
                     "available here (its hash differs): fill a template made from this "
                     "framework")
        return None
    return given


def _rating(level: str, evidence: str | None, note: str | None) -> Rating:
    return Rating(level=level, note=note,
                  evidence=[Evidence(description=evidence)] if evidence else ())


def _date_problem(value: Any) -> str | None:
    """Why a cell is not a date, or ``None`` when it is one."""
    if isinstance(value, _dt.datetime | _dt.date):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = serial_date(value)
        return (f"{value} is a number, not a date (an Excel date serial?): format the cell as "
                "a date and type the date, such as "
                + (f"{day.isoformat()} if {value} is its day number" if day else "2026-07-15"))
    hint = date_hint(str(value).strip())
    return (f"{str(value)!r} is text, not a date: type the date into a date cell, such as "
            + (hint.removeprefix("; write ") if hint.startswith("; write ") else "2026-07-15"))


def _path(cid: str) -> str:
    return child_path("$.ratings", cid)

