"""Loading cohorts from a folder of audit files, a long CSV or a wide CSV.

A bad file or row never stops a load, and nothing is dropped silently: the result
holds every good audit, a problem for each file or row refused (file, line, column,
code, reason), and counts of what was read, accepted and refused.

- **Folder**: every ``*.yaml`` / ``*.yml`` audit file and audit workbook (``.xlsx``,
  ``.xlsm``) below it (any case); one such file alone is a cohort of one. Every other
  entry is reported: other files as ``skipped``, hidden files and folders
  (``.ipynb_checkpoints``, ``._name.yaml``, ``~$name.xlsx``) as ``hidden``, and broken
  links, loops of links, links to folders (not followed), FIFOs, devices and unreadable
  folders as problems.
- **Long CSV**: one row per rating, with columns ``school``, ``date``,
  ``characteristic``, ``level`` and optionally ``round``, ``framework``, ``name``,
  ``local_authority``, ``type``.
- **Wide CSV**: one row per audit, with ``school``, ``date`` and one column per
  characteristic id (an empty cell is unrated), and the same optional columns.

Any other column must be declared as a school attribute (``attributes=``, or
``--attribute NAME`` on the command line); an undeclared column is an
``unknown-column`` problem and its cells are not read. A CSV names its framework in
a ``framework`` column (every row the same version) unless one is passed in. Lines
starting with ``#`` before the header are comments; they are kept as the load's
``notes`` (and shown above reports). Cells are separated by commas, or by semicolons or tabs
when the header row has no comma (spreadsheets save CSV so in locales with a decimal comma);
a UTF-8 byte-order mark, as Excel's "CSV UTF-8" writes, is accepted. A CSV is streamed:
memory grows with the coded matrix (a byte per rating), not with the text.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import re
import types
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from ..engine.building import AuditEntry, build_cohort
from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from ..errors import Issue, LoadError, LoadWarning
from ..model.audit import School
from ..model.framework import Framework
from ..model.version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN
from .audit_fast import read_clean_audit
from .audit_io import WORKBOOK_SUFFIXES, check_audit_file, check_audit_text, is_workbook
from .csv_arrow import read_csv_arrow
from .csv_cohort import KNOWN_COLUMNS, classify_columns, load_csv_cohort, require_columns
from .csv_reader import MAX_CSV_BYTES, CsvStream
from .files import FolderEntries, read_capped, walk_folder
from .load_notes import AttributeChanges, absent_columns, look_alike_values, unlabelled_rounds
from .loading import dumps_framework, load_framework, loads_framework
from .spec import MAX_PROBLEMS, too_many

__all__ = ["KNOWN_COLUMNS", "MAX_CSV_BYTES", "CohortLoad", "load_cohort"]

_REF = re.compile(rf"{FRAMEWORK_ID_PATTERN}(?:@{SEMVER_PATTERN})?")
_log = logging.getLogger(__name__)

#: ``progress(done, total)``: called as files are read (``total`` is the number of files).
Progress = Callable[[int, int], None]


def _frozen_counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return types.MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class CohortLoad:
    """A loaded cohort, the problems met, and what was read, accepted and refused.

    ``unit`` says what the counts count: ``files`` (a folder), ``audits`` (a wide
    CSV's rows) or ``ratings`` (a long CSV's rows). ``read == accepted + refused``.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> loaded = pb.load_cohort(sample("audits"))
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
    #: Files below a folder that were not read because of their suffix (not .yaml, .yml,
    #: .xlsx or .xlsm).
    skipped: tuple[str, ...] = ()
    #: Hidden entries below a folder, not read (see :func:`~.files.walk_folder`).
    hidden: tuple[str, ...] = ()
    #: For a CSV, every physical line accounted for: ``lines == comments + header +
    #: blank + used + refused``.
    lines: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_counts, hash=False)
    #: With ``keep_other_versions``: the audits of other framework versions, kept aside (not
    #: refused) with their files, for the caller to carry over (``report --to``).
    other_versions: tuple[tuple[str, AuditEntry], ...] = ()
    #: With ``keep_other_versions``: the file of each audit in ``cohort``, in order, so that
    #: problems met while carrying the others name files.
    sources: tuple[str, ...] = ()


def load_cohort(source: str | os.PathLike[str], *, framework: Framework | None = None,
                attributes: Sequence[str] = (), max_bytes: int = MAX_CSV_BYTES,
                jobs: int = 1, progress: Progress | None = None,
                keep_other_versions: bool = False, warn: bool = True) -> CohortLoad:
    """Load a cohort from a folder of audit files or a long or wide CSV file.

    ``attributes`` names the extra school-attribute columns a CSV may have (such as
    ``hub``); ``max_bytes`` caps the size of a CSV file. ``jobs`` reads a folder's files
    in that many processes (a folder of at least 200 files; the result is the same);
    ``progress(done, total)`` is called as a folder's files are read.
    ``keep_other_versions`` keeps a folder's audits of other versions of the framework aside
    (``other_versions``) instead of refusing them. A load with problems emits a
    :class:`~primary_benchmarks.errors.LoadWarning` naming how many and the first, unless
    ``warn=False`` (the command line prints every problem instead).

    >>> from primary_benchmarks.formats import sample
    >>> load_cohort(sample("pilot-audits.csv")).cohort
    Cohort('ne-primary@1.0.0': 198 audits of 70 schools in 3 rounds)
    """
    path = Path(source)
    if path.is_dir() or path.name.lower().endswith(AUDIT_SUFFIXES):
        loaded = _load_folder(path, framework, jobs, progress, keep_other_versions)
    else:
        loaded = _load_csv(path, framework, tuple(attributes), max_bytes)
    alike = look_alike_values(loaded.cohort.schools)
    if alike:
        loaded = attrs.evolve(loaded, notes=(*loaded.notes, alike))
    if warn and loaded.problems:
        warnings.warn(LoadWarning(
            f"{path}: {len(loaded.problems):,} problem(s); {loaded.refused:,} of "
            f"{loaded.read:,} {loaded.unit} refused; the first: "
            f"{loaded.problems[0].format()} (the load's .problems holds every one)"),
            stacklevel=2)
    return loaded


def _most_common_framework(entries: list[AuditEntry]) -> Framework | None:
    if not entries:
        return None
    ref, _ = Counter(e.framework for e in entries).most_common(1)[0]
    return load_framework(ref)


#: Whether clean audit files may take the fast path (tests turn it off to compare).
_FAST = True


def _read_files(paths: Sequence[Path], framework: Framework | None,
                progress: Progress | None = None
                ) -> tuple[list[AuditEntry | None], list[list[Issue]]]:
    """Each file's entry (``None`` if refused) and its problems, in order: the fast path
    for a clean file, the strict reader for any other."""
    entries: list[AuditEntry | None] = []
    problems: list[list[Issue]] = []
    cache: dict[object, object] = {}
    for done, path in enumerate(paths):
        if progress is not None and done % 100 == 0:
            progress(done, len(paths))
        if is_workbook(path):
            audit, issues = check_audit_file(path, framework=framework)
            entries.append(None if audit is None else AuditEntry.of(audit))
            problems.append([] if audit is not None else list(issues))
            continue
        try:
            data = read_capped(path)
        except LoadError as exc:
            entries.append(None)
            problems.append(list(exc.issues))
            continue
        fast = (read_clean_audit(data, framework=framework, load=load_framework, cache=cache)
                if _FAST else None)
        if fast is not None:
            entries.append(fast[0])
            problems.append([])
            continue
        audit, issues = check_audit_text(data, str(path), framework=framework)
        entries.append(None if audit is None else AuditEntry.of(audit))
        problems.append(list(issues) if audit is None else [])
    return entries, problems


def _plain(entry: AuditEntry | None) -> tuple[object, ...] | None:
    """An entry as plain values (models hold read-only mappings, which do not pickle)."""
    if entry is None:
        return None
    school = entry.school
    return (entry.framework, school.id, school.name, school.local_authority, school.type,
            dict(school.attributes), entry.date, entry.round, dict(entry.levels))


def _unplain(plain: tuple[Any, ...] | None) -> AuditEntry | None:
    if plain is None:
        return None
    ref, sid, name, authority, kind, attributes, date, round_label, levels = plain
    return AuditEntry(framework=ref, school=School(id=sid, name=name,
                                                   local_authority=authority, type=kind,
                                                   attributes=attributes),
                      date=date, round=round_label, levels=levels)


def _read_chunk(paths: Sequence[Path], framework_text: str | None
                ) -> tuple[list[tuple[object, ...] | None], list[list[Issue]]]:
    """:func:`_read_files` in a worker process, its arguments and results as plain data."""
    framework = None if framework_text is None else loads_framework(framework_text)
    entries, problems = _read_files(paths, framework)
    return [_plain(e) for e in entries], problems


def _read_files_in(jobs: int, paths: list[Path], framework: Framework | None,
                   progress: Progress | None
                   ) -> tuple[list[AuditEntry | None], list[list[Issue]]]:
    """:func:`_read_files` over ``jobs`` processes (in order: the result is the same)."""
    if jobs <= 1 or len(paths) < _PARALLEL_FROM:
        return _read_files(paths, framework, progress)
    size = -(-len(paths) // (jobs * 4))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    text = None if framework is None else dumps_framework(framework)
    entries: list[AuditEntry | None] = []
    problems: list[list[Issue]] = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        for part_entries, part_problems in pool.map(_read_chunk, chunks,
                                                    [text] * len(chunks)):
            entries.extend(_unplain(e) for e in part_entries)
            problems.extend(part_problems)
            if progress is not None:
                progress(len(entries), len(paths))
    return entries, problems


#: Below this many files, a folder is read in one process whatever ``jobs`` says.
_PARALLEL_FROM = 200


#: The names of audit files a folder's cohort is read from.
AUDIT_SUFFIXES: Final = (".yaml", ".yml", *WORKBOOK_SUFFIXES)


def _load_folder(folder: Path, framework: Framework | None, jobs: int,
                 progress: Progress | None, keep_other_versions: bool = False) -> CohortLoad:
    if folder.is_dir():
        entries = walk_folder(folder, AUDIT_SUFFIXES)
    else:  # one audit file: a cohort of one
        entries = FolderEntries()
        entries.files.append(folder)
    problems: list[Issue] = list(entries.problems)
    _log.info("%s: reading %d audit files in %d process(es)", folder, len(entries.files),
              jobs if len(entries.files) >= _PARALLEL_FROM else 1)
    # Keeping other versions apart: each file is read against its own framework version.
    read_entries, read_problems = _read_files_in(
        jobs, entries.files, None if keep_other_versions else framework, progress)
    if progress is not None:
        progress(len(entries.files), len(entries.files))
    good: list[AuditEntry] = []
    sources: list[str] = []
    for path, entry, issues in zip(entries.files, read_entries, read_problems, strict=True):
        problems.extend(issues)
        if entry is not None:
            good.append(entry)
            sources.append(str(path))
    fw = framework or _most_common_framework(good)
    if fw is None:
        if problems and not folder.is_dir():  # one file: its own problems say it all
            raise LoadError(problems)
        raise LoadError([*problems, Issue(file=str(folder), line=None, col=None, path="$",
                                          code="not-found",
                                          message="no readable audit file in this folder")])
    others: list[tuple[str, AuditEntry]] = []
    if keep_other_versions:
        ref = str(fw.ref)
        others = [(src, e) for src, e in zip(sources, good, strict=True)
                  if e.framework != ref and e.framework.split("@")[0] == fw.id]
        kept_apart = {id(e) for _, e in others}
        sources = [src for src, e in zip(sources, good, strict=True) if id(e) not in kept_apart]
        good = [e for e in good if id(e) not in kept_apart]
    cohort, refused = build_cohort(good, fw, sources)
    problems.extend(refused)
    refused_files = {p.file for p in refused}
    changed = _attribute_changes(good, sources, refused_files)
    unnamed = sum(1 for e in good if e.round is None)
    notes = (*filter(None, [changed]),
             *([unlabelled_rounds(unnamed, "file")] if 0 < unnamed < len(good) else []))
    kept_sources = (tuple(src for src in sources if src not in refused_files)
                    if keep_other_versions else ())
    read = len(entries.files) + len(entries.problems)
    bad_files = len({p.file for p in problems})
    kept = problems[:MAX_PROBLEMS] + ([too_many(str(folder), len(problems) - MAX_PROBLEMS)]
                                      if len(problems) > MAX_PROBLEMS else [])
    return CohortLoad(cohort=cohort, problems=tuple(kept), unit="files", read=read,
                      accepted=read - bad_files, refused=bad_files,
                      skipped=tuple(str(p) for p in entries.skipped),
                      hidden=tuple(entries.hidden), notes=notes,
                      other_versions=tuple(others), sources=kept_sources)


def _attribute_changes(entries: list[AuditEntry], sources: list[str],
                       refused: set[str | None]) -> str | None:
    """The note on schools whose files disagree on an attribute (the first file's value
    is the one kept), over the files the cohort uses."""
    changes = AttributeChanges()
    first: dict[str, School] = {}
    for entry, source in zip(entries, sources, strict=True):
        if source in refused:
            continue
        known = first.setdefault(entry.school.id, entry.school)
        if known is entry.school:
            continue
        school = entry.school
        for name in ("name", "local_authority", "type", *school.attributes):
            value, was = school.attribute(name), known.attribute(name)
            if value is not None and value != was:
                changes.see(school.id, name, was, value, source)
    return changes.note()


#: Whether a clean CSV may be read by pyarrow (tests turn it off to compare).
_ARROW = True


def _csv_framework(stream: CsvStream, framework: Framework | None) -> Framework:
    """The framework a CSV is against: the one given, or the one its first data row names
    in the ``framework`` column (every other row must name the same)."""
    if framework is not None:
        return framework
    header = [h.strip() for h in stream.header]
    line = stream.comment_lines + 1
    if "framework" not in header:
        raise LoadError([Issue(file=stream.path, line=line, col=None, path="$",
                               code="csv-format", message="no framework column; add one "
                               "(such as ne-primary@1.0.0) or pass the framework")])
    k = header.index("framework")
    refs: Counter[str] = Counter()
    first: dict[str, int] = {}
    for row in stream.peek(1_000):
        if len(row.cells) > k and row.cells[k].strip():
            ref = row.cells[k].strip()
            refs[ref] += 1
            first.setdefault(ref, row.first)
    if not refs:
        unread = stream.peeked_problems()
        raise LoadError([*unread, Issue(
            file=stream.path, line=line + 1, col=k + 1, path="$.framework", code="csv-format",
            message="no row that could be read names a framework; pass the framework, or "
            "fix the rows above" if unread else "the framework column is empty")])
    ref = refs.most_common(1)[0][0]
    where = first[ref]
    if not _REF.fullmatch(ref):
        raise LoadError([Issue(file=stream.path, line=where, col=k + 1, path="$.framework",
                               code="bad-reference",
                               message=f"{ref!r} is not a framework reference such as "
                                       "'ne-primary@1.0.0'")])
    try:
        return load_framework(ref)
    except LoadError as exc:
        raise LoadError([Issue(file=stream.path, line=where, col=k + 1, path="$.framework",
                               code=i.code, message=i.message) for i in exc.issues]) from None


def _load_csv(path: Path, framework: Framework | None, attributes: tuple[str, ...],
              max_bytes: int) -> CohortLoad:
    stream = CsvStream(path, max_bytes)
    try:
        require_columns(stream)
        fw = _csv_framework(stream, framework)
        header, problems, long = classify_columns(stream, fw, attributes)
        fast = (read_csv_arrow(stream, header, fw, attributes, long)
                if _ARROW and not problems and all(h.strip() for h in stream.header)
                else None)
        result = fast or load_csv_cohort(stream, fw, attributes, header, problems, long)
        _log.info("%s: read by the %s reader", path, "pyarrow" if fast else "streaming")
    finally:
        stream.close()
    problems = result.problems + ([too_many(str(path), result.dropped)] if result.dropped
                                  else [])
    absent = [] if long else [c for c in compiled_for(fw).char_ids if c not in header]
    return CohortLoad(cohort=result.cohort, problems=tuple(problems), unit=result.unit,
                      read=result.read, accepted=result.accepted,
                      refused=result.read - result.accepted,
                      notes=(*result.notes, *([absent_columns(absent, fw)] if absent else [])),
                      lines=result.lines)
