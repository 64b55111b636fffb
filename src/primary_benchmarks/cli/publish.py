"""``publish``: a cohort as a data set a data repository would accept (the files are made by
:mod:`primary_benchmarks.output.publication`; this loads the source and writes them)."""

from __future__ import annotations

import argparse
import datetime as _dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .._text import escape
from ..errors import Issue, LoadError, SaveError
from ..formats.audit_io import WORKBOOK_SUFFIXES
from ..formats.cohort_io import CohortLoad, load_cohort
from ..formats.csv_reader import MAX_CSV_BYTES
from ..formats.files import atomic_write, read_capped, walk_folder
from ..model.framework import Framework
from ..output.publication import publication_files, sha256_of
from ._common import EXIT_FOUND, EXIT_OK, _framework_option, _plural, _print_load

__all__ = ["publish"]

#: The default disclosure threshold of a published data set.
DEFAULT_MIN_SCHOOLS = 5


def _input_hashes(source: Path) -> dict[str, str]:
    if not source.is_dir():
        return {source.name: sha256_of(read_capped(source, MAX_CSV_BYTES))}
    found = walk_folder(source, (".yaml", ".yml", *WORKBOOK_SUFFIXES))
    return {str(path.relative_to(source)): sha256_of(read_capped(path, 64 << 20))
            for path in found.files}


def publish(source: str | os.PathLike[str], folder: str | os.PathLike[str], *,
            framework: Framework | None = None, min_schools: int | None = DEFAULT_MIN_SCHOOLS,
            attributes: Sequence[str] = (), made_at: _dt.datetime | None = None,
            title: str | None = None, licence: str = "CC-BY-4.0",
            keep_going: bool = False) -> list[str]:
    """Load a cohort from ``source`` (a folder of audits or a CSV) and write the publishable
    data set into ``folder``; return the names of the files written. Suppression is on by
    default (``min_schools=5``; ``None`` turns it off, which the provenance records).
    ``made_at`` defaults to now (UTC).

    A source with any problem (a refused audit, an unread column) raises
    :class:`~primary_benchmarks.errors.LoadError` listing every one, and nothing is
    written: a published figure never silently leaves data out. ``keep_going=True``
    publishes what loaded; ``provenance.json`` then records how many audits were refused
    and how many problems there were.

    >>> import tempfile, primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> names = publish(sample("pilot-audits.csv"), tempfile.mkdtemp(),
    ...                 made_at=__import__("datetime").datetime(2026, 11, 30))
    >>> "datapackage.json" in names and "aggregates.meta.csv" in names
    True
    """
    loaded = load_cohort(source, framework=framework, attributes=attributes, warn=keep_going)
    if loaded.problems and not keep_going:
        raise LoadError(list(loaded.problems))
    return _write(loaded, Path(source), Path(folder), min_schools=min_schools,
                  attributes=attributes, made_at=made_at, title=title, licence=licence)


def _write(loaded: CohortLoad, source: Path, target: Path, *, min_schools: int | None,
           attributes: Sequence[str], made_at: _dt.datetime | None, title: str | None,
           licence: str) -> list[str]:
    """Write the data set of a loaded cohort; return the names of the files written."""
    when = made_at or _dt.datetime.now(_dt.UTC)  # the caller's clock, said aloud
    files = publication_files(
        loaded.cohort, min_schools=min_schools, made_at=when, inputs=_input_hashes(source),
        options={"min_schools": min_schools, "attributes": list(attributes),
                 "source": source.name, "refused": loaded.refused,
                 "problems": len(loaded.problems)},
        title=title, licence=licence, notes=loaded.notes)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError([Issue(file=str(target), line=None, col=None, path="$",
                               code="cannot-write", message=f"cannot make the folder: {exc}")]
                        ) from None
    for name, data in files.items():
        atomic_write(target / name, data)
    return sorted(files)


def _cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    min_schools = None if args.no_suppression else args.min_schools
    loaded = load_cohort(args.source, framework=_framework_option(args),
                         attributes=args.attribute)
    err: TextIO = args.err
    if loaded.problems and not args.keep_going:
        _print_load(loaded, err, "the data set would hold")
        print(f"nothing written: {_plural(len(loaded.problems), 'problem')} in the source "
              "(fix the source, or add --keep-going to publish what loaded; the provenance "
              "then records what was refused)", file=err)
        return EXIT_FOUND
    names = _write(loaded, Path(args.source), Path(args.folder), min_schools=min_schools,
                   attributes=args.attribute, made_at=None, title=args.title,
                   licence=args.licence)
    if not args.quiet:
        print(f"wrote {len(names)} files to {escape(str(args.folder))}: {', '.join(names)}",
              file=err)
    _print_load(loaded, err, "the data set holds")
    del out
    return EXIT_FOUND if loaded.problems else EXIT_OK
