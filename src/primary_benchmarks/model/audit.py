"""Audits: one school's ratings of a framework's characteristics at one date.

An audit names the exact framework version it was made against. It may be
incomplete (saved half-way): unrated characteristics count as the lowest
level of the scale and are reported as unrated.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, Rating, School
>>> from primary_benchmarks.model import copy_forward
>>> audit = Audit(framework="ne-primary@1.0.0", school=School(id="100001"),
...               date=dt.date(2019, 7, 15), round="baseline",
...               ratings={"P1.1": Rating(level="fully")})
>>> audit
Audit('100001', 'ne-primary@1.0.0', 2019-07-15, round='baseline', 1 rating)
>>> nxt = copy_forward(audit, date=dt.date(2020, 7, 15), round="end of Y1")
>>> nxt.ratings["P1.1"].level, nxt.round
('fully', 'end of Y1')
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Iterable, Mapping

import attrs

from .._text import identifier
from ..errors import ModelError
from .checks import check_date, check_id, check_text
from .version import FrameworkRef

__all__ = ["Audit", "Evidence", "Rating", "School", "copy_forward"]


def _school_id(value: str) -> str:
    return identifier(value, "a school id", 64)


def _round_label(value: str | None) -> str | None:
    return None if value is None else identifier(value, "a round label", 500)


def _str_map(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return types.MappingProxyType(dict(value or {}))


@attrs.frozen(kw_only=True)
class School:
    """The school an audit is about. Only ``id`` is required.

    ``attributes`` holds any other school attribute used for breakdowns
    (phase, trust, size band, ...).

    >>> School(id="100001", local_authority="Durham").local_authority
    'Durham'
    """

    id: str = attrs.field(converter=_school_id)
    name: str | None = None
    local_authority: str | None = None
    type: str | None = None
    attributes: Mapping[str, str] = attrs.field(factory=dict, converter=_str_map, hash=False)

    def attribute(self, name: str) -> str | None:
        """A named attribute: ``name``, ``local_authority``, ``type`` or one in ``attributes``.

        >>> School(id="1", attributes={"trust": "North"}).attribute("trust")
        'North'
        """
        if name in ("id", "name", "local_authority", "type"):
            value: str | None = getattr(self, name)
            return value
        return self.attributes.get(name)


@attrs.frozen(kw_only=True)
class Evidence:
    """Something that supports a rating: a description, and optionally a date and a link.

    >>> import datetime as dt
    >>> Evidence(description="Minutes", date=dt.date(2020, 3, 1)).description
    'Minutes'
    """

    description: str
    date: _dt.date | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text("Evidence", "description", self.description)
        check_date("Evidence.date", self.date, optional=True)
        check_text("Evidence", "url", self.url, optional=True)


def _evidence(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Rating:
    """One characteristic's rating: a level id, an optional note, and evidence.

    >>> Rating(level="partially", note="Plan drafted").note
    'Plan drafted'
    """

    level: str
    note: str | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)

    def __attrs_post_init__(self) -> None:
        check_id("Rating", "level", self.level)
        check_text("Rating", "note", self.note, optional=True)
        for e in self.evidence:
            if not isinstance(e, Evidence):
                raise ModelError.of("Rating.evidence", "wrong-type",
                                    f"expected Evidence, got {type(e).__name__}")


def _ratings(value: Mapping[str, Rating | str]) -> Mapping[str, Rating]:
    return types.MappingProxyType({
        k: (Rating(level=v) if isinstance(v, str) else v) for k, v in value.items()})


def _ref(value: FrameworkRef | str) -> FrameworkRef:
    ref = FrameworkRef.parse(value) if isinstance(value, str) else value
    if ref.version is None:
        raise ValueError(f"an audit names an exact framework version, such as "
                         f"'{ref.id}@1.0.0', not {str(ref)!r}")
    return ref


@attrs.frozen(kw_only=True, repr=False)
class Audit:
    """One school's ratings of every characteristic of one framework version at one date.

    ``ratings`` maps characteristic ids to :class:`Rating` (plain level ids are
    accepted and wrapped). ``framework`` accepts ``"id@version"`` text.

    >>> import datetime as dt
    >>> audit = Audit(framework="ne-primary@1.0.0", school=School(id="1"),
    ...               date=dt.date(2020, 7, 1), ratings={"P1.1": "fully"})
    >>> audit.level_of("P1.1"), audit.level_of("P1.2")
    ('fully', None)
    """

    framework: FrameworkRef = attrs.field(converter=_ref)
    school: School
    date: _dt.date
    ratings: Mapping[str, Rating] = attrs.field(factory=dict, converter=_ratings, hash=False)
    round: str | None = attrs.field(default=None, converter=_round_label)
    assessor: str | None = None
    site: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.school, School):
            raise ModelError.of("Audit.school", "wrong-type", f"expected a School, such as "
                                f"School(id={self.school!r}), got {type(self.school).__name__}")
        check_date("Audit.date", self.date)
        for cid, rating in self.ratings.items():
            check_id("Audit", "ratings", cid)
            if not isinstance(rating, Rating):
                raise ModelError.of(f'Audit.ratings["{cid}"]', "wrong-type", "expected a "
                                    f"Rating or a level id, got {type(rating).__name__} "
                                    f"{rating!r}")
        check_text("Audit", "assessor", self.assessor, optional=True)
        check_text("Audit", "site", self.site, optional=True)

    def level_of(self, characteristic_id: str) -> str | None:
        """The rated level id of a characteristic, or ``None`` if it is not rated."""
        rating = self.ratings.get(characteristic_id)
        return None if rating is None else rating.level

    def __repr__(self) -> str:
        n = len(self.ratings)
        round_ = f", round={self.round!r}" if self.round is not None else ""
        return (f"Audit({self.school.id!r}, '{self.framework}', {self.date.isoformat()}"
                f"{round_}, {n} rating{'s' if n != 1 else ''})")


def copy_forward(audit: Audit, *, date: _dt.date, round: str | None = None,
                 assessor: str | None = None) -> Audit:
    """Start the next audit from ``audit``: same ratings, notes and evidence, a later date.

    ``round`` and ``assessor`` replace the old ones (the round is cleared when
    not given, since a round belongs to one audit point). ``date`` must be
    after the audit's own date.

    >>> import datetime as dt
    >>> from primary_benchmarks import load_audit
    >>> from primary_benchmarks.formats import sample
    >>> nxt = copy_forward(load_audit(sample("audits/baseline.yaml")),
    ...                    date=dt.date(2019, 12, 13), round="autumn")
    >>> nxt.date, nxt.round
    (datetime.date(2019, 12, 13), 'autumn')
    """
    if date <= audit.date:
        raise ValueError(f"the next audit's date ({date.isoformat()}) must be after "
                         f"{audit.date.isoformat()}")
    return attrs.evolve(audit, date=date, round=round,
                        assessor=assessor if assessor is not None else audit.assessor)
