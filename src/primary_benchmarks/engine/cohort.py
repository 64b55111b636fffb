"""Cohorts: many schools' audits of one framework version, grouped into rounds.

A cohort is columnar, so a million audits fit in memory: a matrix of level
codes (audits x characteristics, int8), and per audit a school index, a date
and a round index. Rounds are ordered by their earliest audit date. School
attributes (local authority, type, any other) are available for breakdowns.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, Cohort, School, load_framework
>>> fw = load_framework("ne-primary")
>>> audits = [Audit(framework=fw.ref, school=School(id=str(i), local_authority=la),
...                 date=dt.date(2019, 7, 15), round="baseline", ratings={"P1.1": "fully"})
...           for i, la in enumerate(["Durham", "Sunderland", "Durham"])]
>>> cohort = Cohort.from_audits(audits, fw)
>>> cohort
Cohort('ne-primary@1.0.0': 3 audits of 3 schools in 1 round)
>>> [r.label for r in cohort.rounds], cohort.attribute_values("local_authority")
(['baseline'], ('Durham', 'Sunderland', 'Durham'))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import LoadError
from ..model.audit import Audit, Rating, School
from ..model.framework import Framework
from ..model.school_table import SchoolTable
from .evaluator import compiled_for

__all__ = ["Cohort", "Round"]


@attrs.frozen(kw_only=True)
class Round:
    """A named audit point shared by a cohort, dated by its earliest audit.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> pb.load_cohort(sample("pilot-audits.csv")).cohort.rounds[-1].audits
    58
    """

    label: str
    date: _dt.date
    audits: int


def _school_table(value: SchoolTable | Iterable[School]) -> SchoolTable:
    return value if isinstance(value, SchoolTable) else SchoolTable.from_schools(value)


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Cohort:
    """Audits of one framework version, as arrays (see the module docs).

    Build one with :meth:`from_audits`, :func:`build_cohort` or the loaders in
    :mod:`primary_benchmarks.formats.cohort_io`; the arrays are read-only.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    >>> cohort.codes.shape, cohort.round_labels
    ((198, 40), ('baseline', 'end of Y1', 'end of Y2'))
    """

    framework: Framework
    #: The schools, as columns (each :class:`School` made when first looked at).
    schools: SchoolTable = attrs.field(converter=_school_table)
    school_index: npt.NDArray[np.int32] = attrs.field(converter=_readonly)
    dates: npt.NDArray[np.datetime64] = attrs.field(converter=_readonly)
    round_labels: tuple[str, ...]
    round_index: npt.NDArray[np.int32] = attrs.field(converter=_readonly)
    codes: npt.NDArray[np.int8] = attrs.field(converter=_readonly)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @property
    def rounds(self) -> tuple[Round, ...]:
        """The rounds in date order, with each one's earliest date and audit count."""
        n = len(self.round_labels)
        counts = np.bincount(self.round_index, minlength=n)
        firsts = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(firsts, self.round_index, self.dates.astype(np.int64))
        epoch = _dt.date(1970, 1, 1)
        return tuple(Round(label=label, date=epoch + _dt.timedelta(days=int(first))
                           if counts[r] else _dt.date.min, audits=int(counts[r]))
                     for r, (label, first) in enumerate(zip(self.round_labels, firsts.tolist(),
                                                            strict=True)))

    def attribute_values(self, name: str) -> tuple[str | None, ...]:
        """Each audit's school attribute ``name`` (``local_authority``, ``type``, ...)."""
        per_school = self.schools.attribute(name)
        return tuple(per_school[i] for i in self.school_index.tolist())

    def audit(self, i: int) -> Audit:
        """Audit ``i`` as an :class:`Audit` (unrated characteristics left out)."""
        compiled = compiled_for(self.framework)
        row = self.codes[i].tolist()
        ratings = {cid: Rating(level=compiled.level_ids[code])
                   for cid, code in zip(compiled.char_ids, row, strict=True)
                   if code != compiled.unrated_code}
        return Audit(framework=self.framework.ref, school=self.schools[self.school_index[i]],
                     date=self.dates[i].astype(_dt.date), round=self.round_labels[
                         self.round_index[i]], ratings=ratings)

    def audits(self) -> Iterator[Audit]:
        """Every audit, in cohort order."""
        for i in range(len(self)):
            yield self.audit(i)

    @classmethod
    def from_audits(cls, audits: Iterable[Audit], framework: Framework) -> Cohort:
        """A cohort from audits; raises :class:`LoadError` on any conflict or foreign audit.
        A school's attributes are its first audit's (``load_cohort`` notes any later audit
        that differs; this does not)."""
        from .building import build_cohort

        result, problems = build_cohort(audits, framework)
        if problems:
            raise LoadError(problems)
        return result

    def __repr__(self) -> str:
        n, s, r = len(self), len(self.schools), len(self.round_labels)
        return (f"Cohort('{self.framework.ref}': {n} audit{'s' if n != 1 else ''} of {s} "
                f"school{'s' if s != 1 else ''} in {r} round{'s' if r != 1 else ''})")


class _Dated(Protocol):
    @property
    def round(self) -> str | None: ...

    @property
    def date(self) -> _dt.date: ...


def round_label(audit: _Dated) -> str:
    """The round an audit (or an audit entry) belongs to: its label, or its date when it
    has none."""
    return audit.round if audit.round is not None else audit.date.isoformat()


def order_rounds(labels: Sequence[str], first_dates: Sequence[_dt.date]
                 ) -> tuple[tuple[str, ...], dict[str, int]]:
    """Round labels ordered by earliest date (then label), and each label's position."""
    ordered = tuple(label for _, label in sorted(zip(first_dates, labels, strict=True)))
    return ordered, {label: i for i, label in enumerate(ordered)}


