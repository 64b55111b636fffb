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
from ..errors import Issue, SaveError
from ..formats.audit_io import WORKBOOK_SUFFIXES
from ..formats.cohort_io import load_cohort
from ..formats.csv_reader import MAX_CSV_BYTES
from ..formats.files import atomic_write, read_capped, walk_folder
from ..model.framework import Framework
from ..output.publication import publication_files, sha256_of
from ._common import EXIT_FOUND, EXIT_OK, _framework_option

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
            title: str | None = None, licence: str = "CC-BY-4.0") -> list[str]:
    """Load a cohort from ``source`` (a folder of audits or a CSV) and write the publishable
    data set into ``folder``; return the names of the files written. Suppression is on by
    default (``min_schools=5``; ``None`` turns it off, which the provenance records).
    ``made_at`` defaults to now (UTC).

    >>> import tempfile, primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> names = publish(sample("pilot-audits.csv"), tempfile.mkdtemp(),
    ...                 made_at=__import__("datetime").datetime(2026, 11, 30))
    >>> "datapackage.json" in names and "aggregates.meta.csv" in names
    True
    """
    path = Path(source)
    loaded = load_cohort(path, framework=framework, attributes=attributes)
    when = made_at or _dt.datetime.now(_dt.UTC)  # the caller's clock, said aloud
    files = publication_files(
        loaded.cohort, min_schools=min_schools, made_at=when, inputs=_input_hashes(path),
        options={"min_schools": min_schools, "attributes": list(attributes),
                 "source": path.name, "refused": loaded.refused},
        title=title, licence=licence, notes=loaded.notes)
    target = Path(folder)
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
    names = publish(args.source, args.folder, framework=_framework_option(args),
                    min_schools=min_schools, attributes=args.attribute, title=args.title,
                    licence=args.licence)
    if not args.quiet:
        print(f"wrote {len(names)} files to {escape(str(args.folder))}: {', '.join(names)}",
              file=args.err)
    return EXIT_OK if names else EXIT_FOUND
