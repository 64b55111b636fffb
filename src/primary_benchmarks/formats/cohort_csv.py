"""Audits as a wide CSV (a row per audit, a column per characteristic), the shape
``load_cohort`` reads: what ``migrate FILE.csv --to REF --output OUT.csv`` writes.

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
>>> text = dumps_audits_csv(list(cohort.audits())[:2], cohort.framework)
>>> text.splitlines()[0][:58]
'school,name,local_authority,type,date,round,framework,P1.1'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..model.audit import Audit
from ..model.framework import Framework

__all__ = ["dumps_audits_csv"]

_FIXED = ("school", "name", "local_authority", "type", "date", "round", "framework")


def dumps_audits_csv(audits: Sequence[Audit], framework: Framework,
                     notes: Sequence[str] = ()) -> str:
    """``audits`` (all against ``framework``) as one wide CSV: the school's fields, date,
    round and framework, then each school attribute any audit has (read them back with
    ``attributes=``/``--attribute``), then a column per characteristic (empty: unrated).
    Evidence and notes are not columns: a CSV of audits holds ratings only. Cells are
    written as they are (no formula guard), so the file reads back to the same audits."""
    attributes = sorted({k for a in audits for k in a.school.attributes})
    ids = framework.characteristic_ids
    out = io.StringIO()
    for note in notes:
        for line in note.splitlines() or [""]:
            out.write(f"# {line}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_FIXED[:4], *attributes, *_FIXED[4:], *ids])
    for a in audits:
        s = a.school
        writer.writerow([
            s.id, s.name or "", s.local_authority or "", s.type or "",
            *(s.attributes.get(k, "") for k in attributes),
            a.date.isoformat(), a.round or "", str(a.framework),
            *((a.ratings[c].level if c in a.ratings else "") for c in ids)])
    return out.getvalue()
