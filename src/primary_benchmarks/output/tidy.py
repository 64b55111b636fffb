"""Tidy data: audits, scores, cohorts and reports as rows, and as pandas, polars or Arrow.

Tidy records need no extra dependency. ``to_pandas``, ``to_polars``, ``to_arrow`` and
``write_parquet`` need an optional extra (``pip install 'primary-benchmarks[pandas]'``,
``[polars]``, ``[arrow]`` or ``[all]``), imported only when called; without it they raise
:class:`MissingExtraError` naming the extra. Level columns are ordered categoricals in
scale order (lowest first). The long table of a cohort has one row per rating; reading it
back (:mod:`primary_benchmarks.formats.frames`) gives the same cohort.

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
>>> rows = pb.tidy_records(cohort)
>>> len(rows), rows[0]["characteristic"], rows[0]["level"], rows[0]["benchmark"]
(7920, 'P1.1', 'not', 'P1')
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .._extras import MissingExtraError, need
from ..analysis.plans import PlanEvaluation
from ..analysis.report import CohortReport, RoundProgress
from ..analysis.scoring import AuditScore
from ..engine.cohort import Cohort
from ..engine.evaluator import compiled_for
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.version import FrameworkRef

__all__ = [
    "LONG_COLUMNS",
    "MissingExtraError",
    "cohort_columns",
    "tidy_records",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "write_parquet",
]

#: The columns of a cohort's long table, before any school attribute columns.
LONG_COLUMNS = ("school", "name", "local_authority", "type", "date", "round", "benchmark",
                "characteristic", "level")


def cohort_columns(cohort: Cohort) -> dict[str, Any]:
    """The cohort's long table as columns: ``(codes, categories)`` pairs for the categorical
    columns, and numpy arrays; one row per rated characteristic of every audit."""
    fw = cohort.framework
    compiled = compiled_for(fw)
    n, k = cohort.codes.shape
    flat = cohort.codes.reshape(-1)
    rated = flat != compiled.unrated_code
    rows = np.flatnonzero(rated) if not rated.all() else None

    def take(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return a if rows is None else a[rows]

    audit_of = np.repeat(np.arange(n, dtype=np.int32), k) if rows is not None else None
    small = np.int8 if max(k, len(compiled.bounds)) < 128 else np.int16
    char_of = np.tile(np.arange(k, dtype=small), n)
    bench_of_char = np.repeat(np.arange(len(compiled.bounds), dtype=small),
                              [hi - lo for lo, hi in compiled.bounds])
    schools = cohort.schools
    school_codes = (np.repeat(cohort.school_index, k) if audit_of is None
                    else cohort.school_index[audit_of][rows]) if n else np.zeros(0, np.int32)
    cols: dict[str, Any] = {
        "school": (school_codes, list(schools.ids)),
        "date": take(np.repeat(cohort.dates, k)),
        "round": (take(np.repeat(cohort.round_index, k)), list(cohort.round_labels)),
        "benchmark": (take(bench_of_char[char_of]), list(compiled.benchmark_ids)),
        "characteristic": (take(char_of), list(compiled.char_ids)),
        "level": (take(flat), list(compiled.level_ids)),
    }
    for name in ("name", "local_authority", "type"):
        if name in schools.columns:
            cols[name] = (school_codes, list(schools.attribute(name)))
    extra = sorted(set(schools.attribute_names) - {"name", "local_authority", "type"})
    for name in extra:
        cols[name] = (school_codes, list(schools.attribute(name)))
    return cols


def _audit_rows(audit: Audit, framework: Framework) -> list[dict[str, Any]]:
    school = audit.school
    base = {"school": school.id, "name": school.name, "local_authority": school.local_authority,
            "type": school.type, **dict(school.attributes), "date": audit.date,
            "round": audit.round, "framework": str(audit.framework)}
    out = []
    for b in framework.benchmarks:
        for c in b.characteristics:
            rating = audit.ratings.get(c.id)
            out.append({**base, "benchmark": b.id, "characteristic": c.id,
                        "level": rating.level if rating else None,
                        "note": rating.note if rating else None})
    return out


def tidy_records(obj: Any, framework: Framework | None = None) -> list[dict[str, Any]]:
    """Rows (dicts) for an audit (needs ``framework``), an audit score, a cohort, a cohort
    report or a plan evaluation; one row per smallest unit of each.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> rows = tidy_records(load_audit(sample("audits/baseline.yaml")),
    ...                     load_framework("ne-primary"))
    >>> rows[0]["characteristic"], rows[0]["level"]
    ('P1.1', 'fully')
    """
    if type(obj).__name__ == "CohortLoad":  # formats' type: an output may not import loaders
        raise TypeError("tidy_records(): give load_cohort(...).cohort, not the load itself "
                        "(the load also holds its problems and counts)")
    if isinstance(obj, Audit):
        if framework is None:
            raise ValueError("an audit's rows need its framework")
        return _audit_rows(obj, framework)
    if isinstance(obj, AuditScore):
        return [{"school": obj.school, "framework": str(obj.framework), "date": obj.date,
                 "round": obj.round, "benchmark": b.id, "achieved": b.achieved,
                 "applicable": b.applicable,
                 "characteristics_achieved": b.characteristics_achieved, "score": b.score,
                 **{f"count_{k}": v for k, v in b.levels.items()},
                 "blocking": ", ".join(x.characteristic for x in b.blocking)}
                for b in obj.benchmarks]
    if isinstance(obj, Cohort):
        cols = cohort_columns(obj)
        names = list(cols)
        decoded = {k: (_decode(v) if isinstance(v, tuple) else v.astype("datetime64[D]")
                       .astype(_dt.date).tolist()) for k, v in cols.items()}
        return [dict(zip(names, row, strict=True))
                for row in zip(*(decoded[k] for k in names), strict=True)]
    if isinstance(obj, CohortReport):
        return _report_rows(obj)
    if isinstance(obj, RoundProgress):
        return [{"before": obj.before, "after": obj.after,
                 **({"group": obj.group} if obj.group is not None else {}),
                 "paired_schools": obj.paired_schools, "benchmark": b.id,
                 **{k: v for k, v in attrs.asdict(b).items() if k != "id"}}
                for b in obj.benchmarks]
    if isinstance(obj, PlanEvaluation):
        return [{"school": obj.school, "today": obj.today, "target": t.target.id,
                 "subject": t.target.subject, "level": t.target.level, "due": t.target.due,
                 "status": t.status, "current": t.current,
                 "open_actions": sum(1 for a in t.actions if a.action.open),
                 "overdue_actions": sum(1 for a in t.actions if a.overdue)}
                for t in obj.targets]
    if isinstance(obj, list | tuple):
        return [row for item in obj for row in tidy_records(item, framework)]
    if attrs.has(type(obj)):
        return _generic_rows(obj)
    raise TypeError(f"no tidy form for {type(obj).__name__}; tidy forms exist for audits, "
                    "scores, cohorts, reports, progress, plan evaluations, any other result "
                    "and lists of them")


def _report_rows(report: CohortReport) -> list[dict[str, Any]]:
    """One row per round, group and benchmark: the round's figures, the benchmark's, and
    the paired change into the round (as the CSV report); the group column is named after
    the attribute the report is broken down by."""
    into = {(p.after, p.group): p for p in report.progress}
    out = []
    for r in report.rounds:
        change = into.get((r.round, r.group))
        changes = {c.id: c for c in change.benchmarks} if change is not None else {}
        for b in r.benchmarks:
            c = changes.get(b.id)
            out.append({"round": r.round, "date": r.date,
                        **({report.by: r.group} if report.by is not None else {}),
                        "audits": r.audits,
                        "characteristics_achieved": r.characteristics_achieved,
                        "benchmarks_achieved": r.benchmarks_achieved,
                        "benchmarks_achieved_max": r.benchmarks_achieved_max,
                        "benchmark": b.id, **{f"share_{k}": v for k, v in b.levels.items()},
                        "achieved_share": b.achieved_share, "assessed": b.assessed,
                        "change_from": change.before if change is not None else None,
                        "paired": c.paired if c is not None else None,
                        "paired_achieved_before": c.achieved_before if c else None,
                        "paired_achieved_after": c.achieved_after if c else None,
                        "ratings_up": c.moved_up if c is not None else None,
                        "ratings_stayed": c.stayed if c is not None else None,
                        "ratings_down": c.moved_down if c is not None else None})
    return out


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, FrameworkRef) else value


def _generic_rows(obj: Any) -> list[dict[str, Any]]:
    """Any other result: its plain fields, one row per item of its first list of results
    (each item's own fields after them), or one row when it has none."""
    fields = {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj))}
    head = {k: _plain(v) for k, v in fields.items()
            if not isinstance(v, tuple | list | Mapping) and not attrs.has(type(v))}
    for name, value in fields.items():
        if isinstance(value, tuple | list) and value and attrs.has(type(value[0])):
            return [{**head, **{f"{name}.{k}" if k in head else k: v
                                for k, v in row.items()}}
                    for item in value for row in _generic_rows(item)]
    return [head]


def _decode(pair: tuple[npt.NDArray[Any], list[Any]]) -> list[Any]:
    codes, cats = pair
    lookup = [*cats, None]
    return [lookup[c] if 0 <= c < len(cats) else None for c in codes.tolist()]


def _level_order(obj: Any, framework: Framework | None) -> list[str] | None:
    fw = obj.framework if isinstance(obj, Cohort) else framework
    return list(fw.scale.ids) if fw is not None else None


def _categorical(codes: npt.NDArray[Any], cats: list[Any]
                 ) -> tuple[npt.NDArray[np.int32], list[Any]]:
    """Codes into distinct non-null categories (a category ``None`` becomes code -1)."""
    if None not in cats and len(set(cats)) == len(cats):
        return codes, list(cats)  # already distinct: no remap, no copy (any signed width)
    uniq = [c for c in dict.fromkeys(cats) if c is not None]
    position = {c: i for i, c in enumerate(uniq)}
    remap = np.array([position[c] if c is not None else -1 for c in cats] or [-1],
                     dtype=np.int32)
    return remap[codes], uniq


def to_pandas(obj: Any, framework: Framework | None = None) -> Any:
    """A pandas DataFrame of :func:`tidy_records` (a cohort is built column by column);
    level columns are ordered categoricals.

    >>> from primary_benchmarks import load_cohort
    >>> from primary_benchmarks.formats import sample
    >>> to_pandas(load_cohort(sample("pilot-audits.csv")).cohort)["level"].cat.ordered
    True
    """
    pd = need("pandas", "pandas")
    if isinstance(obj, Cohort):
        data = {}
        for name, value in cohort_columns(obj).items():
            if isinstance(value, tuple):
                codes, cats = _categorical(*value)
                data[name] = pd.Categorical.from_codes(codes, cats, ordered=name == "level")
            else:
                data[name] = value.astype("datetime64[ns]")
        frame = pd.DataFrame(data)
        frame.attrs.update(_provenance(obj, framework))
        return frame
    df = pd.DataFrame(tidy_records(obj, framework))
    order = _level_order(obj, framework)
    if "level" in df.columns and order is not None:
        df["level"] = pd.Categorical(df["level"], categories=order, ordered=True)
    df.attrs.update(_provenance(obj, framework))
    return df


def _provenance(obj: Any, framework: Framework | None) -> dict[str, str]:
    """What made a table: the library version, and the framework's reference and content
    hash when the result carries its framework (``DataFrame.attrs``, Arrow metadata)."""
    from .._version import VERSION
    from ..formats.framework_format import framework_hash

    fw = framework or getattr(obj, "framework", None)
    out = {"primary_benchmarks.version": VERSION}
    if isinstance(fw, Framework):
        out |= {"primary_benchmarks.framework": str(fw.ref),
                "primary_benchmarks.framework_sha256": framework_hash(fw)}
    return out


def to_arrow(obj: Any, framework: Framework | None = None) -> Any:
    """A pyarrow Table of :func:`tidy_records` (a cohort is built column by column, with
    dictionary-encoded columns); the level column's dictionary is ordered.

    >>> from primary_benchmarks import load_cohort
    >>> from primary_benchmarks.formats import sample
    >>> to_arrow(load_cohort(sample("pilot-audits.csv")).cohort).num_rows
    7920
    """
    pa = need("pyarrow", "arrow")
    metadata = {k.encode(): v.encode() for k, v in _provenance(obj, framework).items()}
    if not isinstance(obj, Cohort):
        return pa.Table.from_pylist(tidy_records(obj, framework)).replace_schema_metadata(
            metadata)
    arrays = {}
    for name, value in cohort_columns(obj).items():
        if isinstance(value, tuple):
            codes, cats = _categorical(*value)
            # only a remapped column (a category None) can hold -1 for a missing value
            missing = codes < 0 if cats != value[1] else None
            arrays[name] = pa.DictionaryArray.from_arrays(
                pa.array(codes, mask=missing if missing is not None and missing.any()
                         else None),
                pa.array(cats, type=pa.string()), ordered=name == "level")
        else:
            arrays[name] = pa.array(value.astype("datetime64[D]", copy=False))
    return pa.table(arrays).replace_schema_metadata(metadata)


def to_polars(obj: Any, framework: Framework | None = None) -> Any:
    """A polars DataFrame (through Arrow for a cohort); the level column is an ordered Enum.

    >>> from primary_benchmarks import load_cohort
    >>> from primary_benchmarks.formats import sample
    >>> to_polars(load_cohort(sample("pilot-audits.csv")).cohort).height
    7920
    """
    pl = need("polars", "polars")
    if isinstance(obj, Cohort):
        df = pl.from_arrow(to_arrow(obj))
        order = list(obj.framework.scale.ids)
    else:
        df = pl.DataFrame(tidy_records(obj, framework))
        order = _level_order(obj, framework) or []
    if "level" in df.columns and order:
        df = df.with_columns(pl.col("level").cast(pl.String).cast(pl.Enum(order)))
    return df


def write_parquet(obj: Any, path: str | os.PathLike[str],
                  framework: Framework | None = None) -> None:
    """Write :func:`to_arrow`'s table as a Parquet file.

    >>> import tempfile, pathlib
    >>> from primary_benchmarks import load_cohort, load_framework
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pilot.parquet"
    >>> from primary_benchmarks.formats import sample
    >>> write_parquet(load_cohort(sample("pilot-audits.csv")).cohort, path)
    >>> from primary_benchmarks.formats import read_parquet
    >>> len(read_parquet(path, load_framework("ne-primary")))
    198
    """
    pq = need("pyarrow.parquet", "arrow")
    pq.write_table(to_arrow(obj, framework), str(path))
