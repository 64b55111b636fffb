"""Loading cohorts from a folder of audit files, a long CSV or a wide CSV.

A bad file or row never stops a load: the result holds every good audit, a
problem for each file or row refused (file, line, code, reason), and counts
of what was read, accepted and refused, so nothing is dropped silently.

- **Folder**: every ``*.yaml`` / ``*.yml`` audit file below it.
- **Long CSV**: one row per rating, with columns ``school``, ``date``,
  ``characteristic``, ``level`` and optionally ``round``, ``framework``,
  ``name``, ``local_authority``, ``type``; any other column is a school attribute.
- **Wide CSV**: one row per audit, with ``school``, ``date`` and one column per
  characteristic id (an empty cell is unrated), and the same optional columns.

A CSV names its framework in a ``framework`` column (every row the same
version) unless one is passed in. Lines starting with ``#`` before the header
are comments; they are kept as the load's ``notes`` (and shown above reports).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
from collections import Counter
from pathlib import Path

import attrs

from ._files import read_capped
from .audit import Audit, Rating, School
from .cohort import Cohort, build_cohort, cohort_from_columns
from .errors import Issue, LoadError
from .framework import Framework
from .loading import check_audit_text, load_framework
from .version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN

__all__ = ["CohortLoad", "load_cohort"]

#: The largest CSV file read (bytes).
MAX_CSV_BYTES = 1024 * 1024 * 1024
_META = ("school", "date", "round", "framework", "name", "local_authority", "type")
_LONG = ("characteristic", "level")
_LOOKS_LIKE_ID = re.compile(r"[A-Za-z]{0,8}\d*(?:\.\d+)+")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_REF = re.compile(rf"{FRAMEWORK_ID_PATTERN}(?:@{SEMVER_PATTERN})?")


@attrs.frozen(kw_only=True)
class CohortLoad:
    """A loaded cohort, the problems met, and what was read, accepted and refused.

    ``unit`` says what the counts count: ``files`` (a folder), ``audits`` (a wide
    CSV's rows) or ``ratings`` (a long CSV's rows). ``read == accepted + refused``.

    >>> import primary_benchmarks as pb
    >>> loaded = pb.load_cohort("tests/data/audits/valid")
    >>> loaded.unit, loaded.read, loaded.accepted, loaded.refused
    ('files', 3, 3, 0)
    """

    cohort: Cohort
    problems: tuple[Issue, ...]
    unit: str
    read: int
    accepted: int
    refused: int
    notes: tuple[str, ...] = ()


def load_cohort(source: str | os.PathLike[str], *, framework: Framework | None = None
                ) -> CohortLoad:
    """Load a cohort from a folder of audit files or a long or wide CSV file.

    >>> load_cohort("examples/pilot/audits.csv").cohort
    Cohort('ne-primary@1.0.0': 198 audits of 70 schools in 3 rounds)
    """
    path = Path(source)
    if path.is_dir():
        return _load_folder(path, framework)
    if not path.exists():
        raise LoadError([Issue(file=str(path), line=None, col=None, path="$", code="not-found",
                               message="no such file or folder")])
    return _load_csv(path, framework)


def _most_common_framework(audits: list[Audit]) -> Framework | None:
    if not audits:
        return None
    ref, _ = Counter(str(a.framework) for a in audits).most_common(1)[0]
    return load_framework(ref)


def _load_folder(folder: Path, framework: Framework | None) -> CohortLoad:
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    problems: list[Issue] = []
    audits: list[Audit] = []
    sources: list[str] = []
    for path in files:
        try:
            data = read_capped(path)
        except LoadError as exc:
            problems.extend(exc.issues)
            continue
        audit, issues = check_audit_text(data, str(path), framework=framework)
        if audit is None:
            problems.extend(issues)
            continue
        audits.append(audit)
        sources.append(str(path))
    fw = framework or _most_common_framework(audits)
    if fw is None:
        raise LoadError([*problems, Issue(file=str(folder), line=None, col=None, path="$",
                                          code="not-found",
                                          message="no readable audit file in this folder")])
    cohort, refused = build_cohort(audits, fw, sources)
    problems.extend(refused)
    bad_files = len({p.file for p in problems})
    return CohortLoad(cohort=cohort, problems=tuple(problems), unit="files", read=len(files),
                      accepted=len(files) - bad_files, refused=bad_files)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[Issue],
                                   list[str]]:
    raw = read_capped(path, MAX_CSV_BYTES)
    problems: list[Issue] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError([Issue(file=str(path), line=line, col=None, path="$", code="encoding",
                               message="the file is not UTF-8; save it as UTF-8")]) from None
    # Lines starting with '#' before the header are comments (such as a provenance note).
    skipped = 0
    notes: list[str] = []
    while text.startswith("#"):
        end = text.find("\n")
        notes.append((text if end < 0 else text[:end]).lstrip("#").strip())
        text = "" if end < 0 else text[end + 1:]
        skipped += 1
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LoadError([Issue(file=str(path), line=1, col=None, path="$",
                               code="empty-document", message="the CSV file is empty")]) from None
    except csv.Error as exc:
        raise LoadError([Issue(file=str(path), line=1, col=None, path="$", code="csv-format",
                               message=f"the header row is not valid CSV: {exc}")]) from None
    rows: list[tuple[int, list[str]]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Issue(file=str(path), line=reader.line_num + skipped, col=None,
                                  path="$", code="csv-format",
                                  message=f"not a valid CSV row: {exc}"))
            continue
        if not cells or all(not c.strip() for c in cells):
            continue  # a blank line
        rows.append((reader.line_num + skipped, cells))
    seen = Counter(header)
    dupes = [h for h, k in seen.items() if k > 1]
    if dupes or "school" not in header or "date" not in header:
        missing = [c for c in ("school", "date") if c not in header]
        what = (f"column {dupes[0]!r} appears twice" if dupes
                else f"missing column{'s' if len(missing) > 1 else ''} " + ", ".join(missing))
        raise LoadError([Issue(file=str(path), line=1, col=None, path="$", code="csv-format",
                               message=f"{what}; a cohort CSV needs school and date columns")])
    return header, rows, problems, notes


def _csv_framework(path: Path, header: list[str], rows: list[tuple[int, list[str]]],
                   framework: Framework | None) -> Framework:
    if framework is not None:
        return framework
    if "framework" not in header:
        raise LoadError([Issue(file=str(path), line=1, col=None, path="$", code="csv-format",
                               message="no framework column; add one (such as "
                               "ne-primary@1.0.0) or pass the framework")])
    k = header.index("framework")
    refs = Counter(cells[k].strip() for _, cells in rows if len(cells) > k and cells[k].strip())
    if not refs:
        raise LoadError([Issue(file=str(path), line=2, col=None, path="$", code="csv-format",
                               message="the framework column is empty")])
    ref = refs.most_common(1)[0][0]
    line = next(n for n, cells in rows if len(cells) > k and cells[k].strip() == ref)
    if not _REF.fullmatch(ref):
        raise LoadError([Issue(file=str(path), line=line, col=k + 1, path="$.framework",
                               code="bad-reference",
                               message=f"{ref!r} is not a framework reference such as "
                                       "'ne-primary@1.0.0'")])
    try:
        return load_framework(ref)
    except LoadError as exc:
        raise LoadError([Issue(file=str(path), line=line, col=k + 1, path="$.framework",
                               code=i.code, message=i.message) for i in exc.issues]) from None


def _load_csv(path: Path, framework: Framework | None) -> CohortLoad:
    header, rows, problems, notes = _read_csv(path)
    fw = _csv_framework(path, header, rows, framework)
    if all(c in header for c in _LONG):
        loaded = _load_long(path, header, rows, problems, fw)
    else:
        loaded = _load_wide(path, header, rows, problems, fw)
    return attrs.evolve(loaded, notes=tuple(notes))


def _row_checks(path: Path, header: list[str], line: int, cells: list[str], fw: Framework,
                problems: list[Issue]) -> dict[str, str] | None:
    """The row as a mapping, or None (with a problem) when it cannot be used."""
    def refuse(code: str, message: str, column: str = "$") -> None:
        problems.append(Issue(file=str(path), line=line, col=None,
                              path=column if column == "$" else f"$.{column}", code=code,
                              message=message))

    if len(cells) != len(header):
        refuse("csv-format", f"the row has {len(cells)} cells; the header has {len(header)}")
        return None
    row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
    if not row["school"]:
        refuse("missing-key", "the school is empty", "school")
        return None
    if not _DATE.fullmatch(row["date"]):
        refuse("invalid-value", f"{row['date']!r} is not a date (YYYY-MM-DD)", "date")
        return None
    try:
        _dt.date.fromisoformat(row["date"])
    except ValueError:
        refuse("invalid-value", f"{row['date']!r} is not a real date", "date")
        return None
    ref = row.get("framework")
    if ref and ref != str(fw.ref):
        refuse("framework-mismatch", f"the row is against {ref}, but the cohort is {fw.ref}",
               "framework")
        return None
    return row


def _load_long(path: Path, header: list[str], rows: list[tuple[int, list[str]]],
               problems: list[Issue], fw: Framework) -> CohortLoad:
    kept: list[dict[str, str]] = []
    lines: list[int] = []
    for line, cells in rows:
        row = _row_checks(path, header, line, cells, fw, problems)
        if row is None:
            continue
        if not row["level"]:
            problems.append(Issue(file=str(path), line=line, col=None, path="$.level",
                                  code="missing-key", message="the level is empty"))
            continue
        kept.append(row)
        lines.append(line)
    extra = [h for h in header if h not in _META and h not in _LONG]
    cohort, refused = cohort_from_columns(
        fw, school=[r["school"] for r in kept], date=[r["date"] for r in kept],
        round=[r.get("round", "") for r in kept],
        characteristic=[r["characteristic"] for r in kept], level=[r["level"] for r in kept],
        attributes={k: [r[k] for r in kept] for k in
                    ("name", "local_authority", "type", *extra) if k in header},
        source=str(path), lines=lines)
    problems.extend(refused)
    accepted = int((cohort.codes != fw.compiled.unrated_code).sum())
    return CohortLoad(cohort=cohort, problems=tuple(problems), unit="ratings", read=len(rows),
                      accepted=accepted, refused=len(rows) - accepted)


def _load_wide(path: Path, header: list[str], rows: list[tuple[int, list[str]]],
               problems: list[Issue], fw: Framework) -> CohortLoad:
    index = fw.compiled.index
    char_cols = [h for h in header if h in index]
    attr_cols = []
    for h in header:
        if h in _META or h in index:
            continue
        if _LOOKS_LIKE_ID.fullmatch(h):
            problems.append(Issue(file=str(path), line=1, col=header.index(h) + 1,
                                  path=f"$.{h}" if h.isidentifier() else f'$["{h}"]',
                                  code="unknown-characteristic",
                                  message=f"column {h!r} is not a characteristic of {fw.ref}; "
                                  "its cells were not read"))
        else:
            attr_cols.append(h)
    if not char_cols:
        raise LoadError([*problems, Issue(
            file=str(path), line=1, col=None, path="$", code="csv-format",
            message=f"no column names a characteristic of {fw.ref}, and there are no "
                    "characteristic and level columns for a long table")])
    audits: list[Audit] = []
    sources: list[str] = []
    refused_rows = 0
    levels = fw.compiled.level_code
    for line, cells in rows:
        row = _row_checks(path, header, line, cells, fw, problems)
        if row is None:
            refused_rows += 1
            continue
        bad = [c for c in char_cols if row[c] and row[c] not in levels]
        if bad:
            problems.append(Issue(file=str(path), line=line, col=header.index(bad[0]) + 1,
                                  path=f'$["{bad[0]}"]', code="unknown-level",
                                  message=f"{row[bad[0]]!r} is not a level of {fw.ref}"))
            refused_rows += 1
            continue
        attributes = {k: row[k] for k in attr_cols if row[k]}
        audits.append(Audit(
            framework=fw.ref,
            school=School(id=row["school"], name=row.get("name") or None,
                          local_authority=row.get("local_authority") or None,
                          type=row.get("type") or None, attributes=attributes),
            date=_dt.date.fromisoformat(row["date"]), round=row.get("round") or None,
            ratings={c: Rating(level=row[c]) for c in char_cols if row[c]}))
        sources.append(f"{path}:{line}")
    cohort, refused = build_cohort(audits, fw, sources)
    for issue in refused:  # "file:line" back into file and line
        file, _, line_text = (issue.file or "").rpartition(":")
        problems.append(attrs.evolve(issue, file=file, line=int(line_text)))
    refused_rows += len(refused)
    return CohortLoad(cohort=cohort, problems=tuple(problems), unit="audits", read=len(rows),
                      accepted=len(rows) - refused_rows, refused=refused_rows)
