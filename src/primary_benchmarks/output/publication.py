"""A publishable data set, as files (names to bytes): the pure part of ``publish``.

- ``audits.csv``: one row per audit (school, round, its time period, attributes, the share of
  characteristics achieved, benchmarks achieved, each benchmark achieved 1/0);
- ``aggregates.csv``: per round, the whole cohort (``geographic_level`` National) and, when the
  schools have a local authority, each authority (Local authority), after disclosure control
  (suppressed figures are empty, with a ``suppressed`` column saying so);
- a ``.meta.csv`` per CSV describing each column in the shape of the UK Department for
  Education's open data standards (``col_name``, ``col_type`` Filter or Indicator, ``label``,
  ``indicator_unit``, ``indicator_dp``, ``filter_hint``), with time periods as academic years
  (``time_period`` 201819, ``time_identifier`` Academic year);
- ``datapackage.json``: a Frictionless Data Package naming every file, its schema, the
  licence, sources and contributors;
- ``provenance.json``: the library version, the framework reference and content hash, the
  sha256 of every input file, the options used and the time it was made;
- Parquet copies of the CSVs when pyarrow is installed, their schema metadata carrying the
  framework reference and hash.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._version import VERSION
from ..analysis.measures import audit_measures
from ..analysis.report import report
from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from ..model.framework import Framework
from .render import safe_row

__all__ = ["academic_year", "publication_files"]


def academic_year(day: _dt.date) -> str:
    """The academic year (September to August) a date falls in, as the DfE writes it.

    >>> academic_year(_dt.date(2019, 7, 15)), academic_year(_dt.date(2019, 9, 2))
    ('201819', '201920')
    """
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}{(start + 1) % 100:02d}"


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row(row))  # opened in spreadsheets: nothing runs as a formula
    return out.getvalue().encode("utf-8")


def _meta(columns: Sequence[tuple[Any, ...]]) -> bytes:
    """(name, type, label, unit, hint) per column, as a DfE-style metadata file: decimal
    places 1 for percentages, 0 for counts and 1/0 flags, 2 for means."""
    return _csv(["col_name", "col_type", "label", "indicator_unit", "indicator_dp",
                 "filter_hint"],
                [(name, kind, label, unit if kind == "Indicator" else "",
                  (1 if unit == "%" else 0 if _whole(label) else 2)
                  if kind == "Indicator" else "",
                  hint if kind == "Filter" else "")
                 for name, kind, label, unit, hint in columns
                 if name not in ("time_period", "time_identifier", "geographic_level")])


def _whole(label: str) -> bool:
    return label.startswith(("Schools audited", "Figures suppressed", "Benchmark ")) or (
        "(count)" in label)


def _framework_hash(framework: Framework) -> str:
    from ..formats.framework_format import framework_hash  # the same hash workbooks carry

    return framework_hash(framework)


def _audit_rows(cohort: Cohort) -> tuple[list[str], list[list[Any]], list[tuple[Any, ...]]]:
    compiled = compiled_for(cohort.framework)
    n = len(cohort)
    measures = audit_measures(cohort, np.zeros(n, dtype=np.intp), 1)
    attrs_names = sorted(cohort.schools.attribute_names)
    bids = list(compiled.benchmark_ids)
    header = ["time_period", "time_identifier", "geographic_level", "school", "round", "date",
              *attrs_names, "characteristics_achieved", "benchmarks_achieved",
              *(f"achieved_{b}" for b in bids)]
    columns = {name: cohort.schools.attribute(name) for name in attrs_names}
    rows = []
    dates = cohort.dates.astype("datetime64[D]").astype(_dt.date)
    for i in range(n):
        s = int(cohort.school_index[i])
        day = dates[i]
        share = float(measures.share[i])
        rows.append([academic_year(day), "Academic year", "School", cohort.schools.ids[s],
                     cohort.round_labels[int(cohort.round_index[i])], day.isoformat(),
                     *(columns[a][s] for a in attrs_names),
                     None if np.isnan(share) else round(share * 100, 1),
                     int(measures.n_achieved[i]),
                     *(int(bool(measures.achieved[i, b])) for b in range(len(bids)))])
    meta = [("time_period", "Filter", "Academic year", "", ""),
            ("school", "Filter", "School id", "", "The school's id, such as its URN"),
            ("round", "Filter", "Audit round", "", "The round the audit belongs to"),
            ("date", "Filter", "Audit date", "", "The date of the audit"),
            *((a, "Filter", a.replace("_", " ").capitalize(), "", f"School {a}")
              for a in attrs_names),
            ("characteristics_achieved", "Indicator",
             "Characteristics achieved (% of those applicable)", "%", ""),
            ("benchmarks_achieved", "Indicator", "Benchmarks achieved (count)", "", ""),
            *((f"achieved_{b}", "Indicator", f"Benchmark {b} achieved (1 yes, 0 no)", "", "")
              for b in bids)]
    return header, rows, meta


def _aggregate_rows(cohort: Cohort, min_schools: int | None
                    ) -> tuple[list[str], list[list[Any]], list[tuple[Any, ...]]]:
    compiled = compiled_for(cohort.framework)
    bids = list(compiled.benchmark_ids)
    header = ["time_period", "time_identifier", "geographic_level", "la_name", "round",
              "schools", "suppressed", "characteristics_achieved", "benchmarks_achieved",
              *(f"achieved_{b}" for b in bids)]
    rows: list[list[Any]] = []
    parts: list[tuple[str, str | None]] = [("National", None)]
    if "local_authority" in cohort.schools.attribute_names:
        parts.append(("Local authority", "local_authority"))
    for level, by in parts:
        result = report(cohort, by=by, min_schools=min_schools)
        for r in result.rounds:
            pct = (None if r.characteristics_achieved is None
                   else round(r.characteristics_achieved * 100, 1))
            rows.append([academic_year(r.date), "Academic year", level,
                         r.group if by is not None else None, r.round, r.audits,
                         int(r.suppressed), pct,
                         None if r.benchmarks_achieved is None
                         else round(r.benchmarks_achieved, 2),
                         *(None if b.achieved_share is None else round(b.achieved_share * 100, 1)
                           for b in r.benchmarks)])
    meta = [("time_period", "Filter", "Academic year", "", ""),
            ("la_name", "Filter", "Local authority", "", "Empty for the national rows"),
            ("round", "Filter", "Audit round", "", "The round the figures are for"),
            ("schools", "Indicator", "Schools audited", "", ""),
            ("suppressed", "Indicator", "Figures suppressed (1 yes, 0 no)", "", ""),
            ("characteristics_achieved", "Indicator",
             "Characteristics achieved, mean over schools", "%", ""),
            ("benchmarks_achieved", "Indicator", "Benchmarks achieved, mean over schools", "",
             ""),
            *((f"achieved_{b}", "Indicator", f"Schools achieving benchmark {b}", "%", "")
              for b in bids)]
    return header, rows, meta


_TYPES = {"int": "integer", "float": "number", "str": "string"}


def _schema(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, str]]:
    fields = []
    for k, name in enumerate(header):
        kinds = {type(row[k]).__name__ for row in rows if row[k] is not None}
        kind = ("integer" if kinds == {"int"} else "number" if kinds <= {"int", "float"}
                and kinds else "string")
        fields.append({"name": name, "type": kind})
    return fields


def publication_files(cohort: Cohort, *, min_schools: int | None, made_at: _dt.datetime,
                      inputs: Mapping[str, str], options: Mapping[str, Any],
                      title: str | None = None, licence: str = "CC-BY-4.0",
                      notes: Sequence[str] = ()) -> dict[str, bytes]:
    """Every file of the data set, by name (see the module docs). ``inputs`` maps each
    input file to its sha256; ``made_at`` is when it is made (passed in: no clock here)."""
    fw = cohort.framework
    digest = _framework_hash(fw)
    tables = {"audits": _audit_rows(cohort), "aggregates": _aggregate_rows(cohort, min_schools)}
    files: dict[str, bytes] = {}
    resources = []
    for name, (header, rows, meta) in tables.items():
        files[f"{name}.csv"] = _csv(header, rows)
        files[f"{name}.meta.csv"] = _meta(meta)
        schema = _schema(header, rows)
        resources.append({"name": name, "path": f"{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": schema}})
        resources.append({"name": f"{name}-meta", "path": f"{name}.meta.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8"})
        parquet = _parquet(header, rows, fw, digest)
        if parquet is not None:
            files[f"{name}.parquet"] = parquet
    provenance = {
        "software": {"name": "primary-benchmarks", "version": VERSION},
        "framework": {"reference": str(fw.ref), "content_sha256": digest},
        "inputs": dict(inputs), "options": dict(options),
        "disclosure": ({"min_schools": min_schools} if min_schools is not None else None),
        "made_at": made_at.isoformat(), "notes": list(notes)}
    files["provenance.json"] = (json.dumps(provenance, indent=2) + "\n").encode("utf-8")
    package = {
        "name": "primary-benchmarks-" + fw.id,
        "title": title or f"Careers benchmark audits against {fw.ref}",
        "description": ("Audits and aggregate figures made by primary-benchmarks "
                        f"{VERSION} from the framework {fw.ref}; see provenance.json. "
                        + " ".join(notes)).strip(),
        "version": "1.0.0", "created": made_at.isoformat(),
        "licenses": [{"name": licence, "path": f"https://spdx.org/licenses/{licence}.html"}],
        "sources": [{"title": f"Framework {fw.ref}: {fw.title}"},
                    *({"title": f"Input file {name}"} for name in inputs)],
        "contributors": [{"title": "Produced with primary-benchmarks", "role": "author"}],
        "resources": [*resources, {"name": "provenance", "path": "provenance.json",
                                   "format": "json", "mediatype": "application/json"}]}
    files["datapackage.json"] = (json.dumps(package, indent=2) + "\n").encode("utf-8")
    return files


def _parquet(header: Sequence[str], rows: Sequence[Sequence[Any]], fw: Framework,
             digest: str) -> bytes | None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # the arrow extra is optional: the CSVs are the data set
        return None
    table = pa.table({name: [row[k] for row in rows] for k, name in enumerate(header)})
    table = table.replace_schema_metadata({
        b"primary_benchmarks.framework": str(fw.ref).encode(),
        b"primary_benchmarks.framework_sha256": digest.encode(),
        b"primary_benchmarks.version": VERSION.encode()})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def sha256_of(data: bytes) -> str:
    """The sha256 of some bytes, as hex.

    >>> sha256_of(b"")[:8]
    'e3b0c442'
    """
    return hashlib.sha256(data).hexdigest()
