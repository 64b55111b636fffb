"""Cohorts read back from data frames and Parquet: the long tables that
:mod:`primary_benchmarks.output.tidy` writes (pandas, polars, Arrow), one row per rating.
Each needs its optional extra and raises :class:`MissingExtraError` naming it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .._extras import need
from ..engine.cohort import Cohort
from ..engine.columns import cohort_from_columns
from ..errors import LoadError
from ..model.framework import Framework

__all__ = ["cohort_from_arrow", "cohort_from_pandas", "cohort_from_polars", "read_parquet"]


def _attribute_columns(names: Sequence[str]) -> list[str]:
    return [n for n in names if n not in ("school", "date", "round", "benchmark",
                                          "characteristic", "level", "framework", "note")]


def cohort_from_pandas(df: Any, framework: Framework) -> Cohort:
    """The cohort of a long table in pandas (as :func:`to_pandas` writes it).

    >>> from primary_benchmarks import load_cohort, load_framework, to_pandas
    >>> from primary_benchmarks.formats import sample
    >>> cohort = load_cohort(sample("pilot-audits.csv")).cohort
    >>> len(cohort_from_pandas(to_pandas(cohort), load_framework("ne-primary")))
    198
    """
    cohort, problems = cohort_from_columns(
        framework, school=df["school"], date=df["date"], round=df["round"],
        characteristic=df["characteristic"], level=df["level"].astype(str)
        if hasattr(df["level"], "cat") else df["level"],
        attributes={n: df[n].astype(object).where(df[n].notna(), None)
                    for n in _attribute_columns(list(df.columns))})
    _raise(problems)
    return cohort


def cohort_from_arrow(table: Any, framework: Framework) -> Cohort:
    """The cohort of a long table in Arrow (as :func:`to_arrow` writes it).

    >>> from primary_benchmarks import load_cohort, load_framework
    >>> from primary_benchmarks.output import to_arrow
    >>> from primary_benchmarks.formats import sample
    >>> cohort = load_cohort(sample("pilot-audits.csv")).cohort
    >>> len(cohort_from_arrow(to_arrow(cohort), load_framework("ne-primary")))
    198
    """
    return cohort_from_pandas(table.to_pandas(), framework)


def cohort_from_polars(df: Any, framework: Framework) -> Cohort:
    """The cohort of a long table in polars (as :func:`to_polars` writes it).

    >>> from primary_benchmarks import load_cohort, load_framework, to_polars
    >>> from primary_benchmarks.formats import sample
    >>> cohort = load_cohort(sample("pilot-audits.csv")).cohort
    >>> len(cohort_from_polars(to_polars(cohort), load_framework("ne-primary")))
    198
    """
    return cohort_from_arrow(df.to_arrow(), framework)


def read_parquet(path: str | os.PathLike[str], framework: Framework) -> Cohort:
    """The cohort of a long table in a Parquet file (as :func:`write_parquet` writes it).

    >>> import tempfile, pathlib
    >>> from primary_benchmarks import load_cohort, load_framework
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pilot.parquet"
    >>> from primary_benchmarks.output import write_parquet
    >>> from primary_benchmarks.formats import sample
    >>> write_parquet(load_cohort(sample("pilot-audits.csv")).cohort, path)
    >>> read_parquet(path, load_framework("ne-primary")).round_labels
    ('baseline', 'end of Y1', 'end of Y2')
    """
    pq = need("pyarrow.parquet", "arrow")
    return cohort_from_arrow(pq.read_table(str(path)), framework)


def _raise(problems: Sequence[Any]) -> None:
    if problems:
        raise LoadError(problems)
