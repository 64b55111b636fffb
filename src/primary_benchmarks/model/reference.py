"""Published reference figures: a national or regional average, with what it measures, of
whom, over which period, against which framework version, and who published it.

A report compares its own figures with them (``report --compare``); a reference is never
mixed with a cohort's data.

>>> import datetime as dt
>>> figure = ReferenceFigure(measure="benchmarks_achieved", value=5.96,
...     start=dt.date(2024, 9, 1), end=dt.date(2025, 8, 31), period="2024/25",
...     population="secondary schools and colleges in England using Compass",
...     institutions=4863, framework="gatsby@1.0.0", source="CEC (2025)")
>>> figure.covers(dt.date(2025, 7, 11))
True
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable
from typing import Final

import attrs

from ..errors import ModelError
from .checks import check_date, check_id, check_text
from .version import FrameworkRef, Version

__all__ = ["MEASURES", "ReferenceFigure", "ReferenceSet"]

#: The measures a reference figure may give, each as a report defines it.
MEASURES: Final = {
    "benchmarks_achieved": "mean number of benchmarks achieved per institution",
    "characteristics_achieved": "share of characteristics fully achieved, mean over "
                                "institutions",
    "share_achieving_none": "share of institutions achieving no benchmark",
    "share_achieving_all": "share of institutions achieving every benchmark",
    "benchmark_achieved": "share of institutions achieving one benchmark (names it)",
}
_SHARES: Final = ("characteristics_achieved", "share_achieving_none", "share_achieving_all",
                  "benchmark_achieved")


@attrs.frozen(kw_only=True)
class ReferenceFigure:
    """One published figure: ``value`` of ``measure`` (a share 0..1, or a mean count) for
    ``population`` over ``start``..``end`` (``period`` as published), against the exact
    framework version ``framework``, from ``source``."""

    measure: str
    value: float
    start: _dt.date
    end: _dt.date
    period: str
    population: str
    framework: str
    source: str
    institutions: int | None = None
    benchmark: str | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        where = "ReferenceFigure"
        if self.measure not in MEASURES:
            raise ModelError.of(f"{where}.measure", "invalid-value",
                                f"{self.measure!r} is not a measure "
                                f"({', '.join(MEASURES)})")
        if isinstance(self.value, bool) or not isinstance(self.value, int | float) \
                or not math.isfinite(self.value) or self.value < 0:
            raise ModelError.of(f"{where}.value", "invalid-value",
                                "a figure's value is a finite number, 0 or more")
        if self.measure in _SHARES and self.value > 1:
            raise ModelError.of(f"{where}.value", "invalid-value",
                                f"{self.measure} is a share: write 0.39 for 39%")
        check_date(f"{where}.start", self.start)
        check_date(f"{where}.end", self.end)
        if self.end < self.start:
            raise ModelError.of(f"{where}.end", "invalid-value",
                                "the period ends before it starts")
        for name in ("period", "population", "source"):
            check_text(where, name, getattr(self, name))
        check_text(where, "url", self.url, optional=True)
        ref = FrameworkRef.parse(self.framework)
        if ref.version is None:
            raise ModelError.of(f"{where}.framework", "invalid-value",
                                f"{self.framework!r} names no version: a figure is against "
                                "one exact framework version, such as gatsby@1.0.0")
        if self.institutions is not None and (isinstance(self.institutions, bool)
                                              or not isinstance(self.institutions, int)
                                              or self.institutions < 1):
            raise ModelError.of(f"{where}.institutions", "invalid-value",
                                "the number of institutions is a whole number, 1 or more")
        if (self.measure == "benchmark_achieved") != (self.benchmark is not None):
            raise ModelError.of(f"{where}.benchmark", "invalid-value",
                                "benchmark_achieved names its benchmark; other measures "
                                "do not")
        if self.benchmark is not None:
            check_id(where, "benchmark", self.benchmark)

    def covers(self, day: _dt.date) -> bool:
        """Whether ``day`` falls in the figure's period."""
        return self.start <= day <= self.end


def _figures(value: Iterable[ReferenceFigure]) -> tuple[ReferenceFigure, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ReferenceSet:
    """A versioned set of published figures from one publisher, with its provenance.

    >>> from primary_benchmarks.formats.references import load_reference
    >>> load_reference("cec-compass").figures[0].framework
    'gatsby@1.0.0'
    """

    id: str
    version: str
    title: str
    publisher: str
    provenance: str
    figures: tuple[ReferenceFigure, ...] = attrs.field(converter=_figures)

    def __attrs_post_init__(self) -> None:
        check_id("ReferenceSet", "id", self.id)
        Version.parse(self.version)
        for name in ("title", "publisher", "provenance"):
            check_text("ReferenceSet", name, getattr(self, name))
        if not self.figures:
            raise ModelError.of("ReferenceSet.figures", "invalid-value",
                                "a reference set holds at least one figure")
        for i, f in enumerate(self.figures):
            if not isinstance(f, ReferenceFigure):
                raise ModelError.of(f"ReferenceSet.figures[{i}]", "wrong-type",
                                    "expected a ReferenceFigure")

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"
