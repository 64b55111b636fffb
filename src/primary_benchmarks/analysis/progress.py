"""Progress between two audits of the same school and framework version.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework, progress
>>> fw = load_framework("ne-primary")
>>> old = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2019, 7, 1),
...             ratings={"P1.1": "partially"})
>>> new = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 7, 1),
...             ratings={"P1.1": "fully", "P1.2": "partially"})
>>> p = progress(old, new, fw)
>>> [(m.characteristic, m.before, m.after) for m in p.up]
[('P1.1', 'partially', 'fully'), ('P1.2', 'not', 'partially')]
>>> p.characteristics_achieved_change
0.025
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from ..errors import PrimaryBenchmarksError
from ..model.audit import Audit
from ..model.checks import check_argument
from ..model.framework import Framework
from ..model.version import FrameworkRef
from .scoring import AuditScore, score

__all__ = ["IncomparableAuditsError", "Move", "Progress", "progress"]


class IncomparableAuditsError(PrimaryBenchmarksError, ValueError):
    """Two audits that cannot be compared (different framework versions or schools).

    Audits of different framework versions need migrating to one version first.

    >>> issubclass(IncomparableAuditsError, ValueError)
    True
    """


@attrs.frozen(kw_only=True)
class Move:
    """A characteristic whose level changed between two audits (effective levels).

    >>> Move(characteristic="P1.1", before="not", after="fully").after
    'fully'
    """

    characteristic: str
    before: str
    after: str


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


@attrs.frozen(kw_only=True)
class Progress:
    """What changed from ``before`` to ``after``.

    ``up`` and ``down`` are moves between applicable levels; ``other`` holds
    moves into or out of the not-applicable level. Unrated characteristics
    count at the lowest level, as in scoring.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> p = pb.progress(pb.load_audit(sample("audits/baseline.yaml")),
    ...                 pb.load_audit(sample("audits/end-of-y1.yaml")),
    ...                 pb.load_framework("ne-primary"))
    >>> len(p.up), len(p.down), p.benchmarks_achieved_change
    (5, 1, 0)
    """

    school: str
    framework: FrameworkRef
    before_date: _dt.date
    after_date: _dt.date
    up: tuple[Move, ...]
    down: tuple[Move, ...]
    other: tuple[Move, ...]
    newly_achieved: tuple[str, ...]
    lost: tuple[str, ...]
    benchmarks_achieved_change: int
    characteristics_achieved_change: float | None
    score_change: float | None
    before: AuditScore
    after: AuditScore

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``primary-benchmarks progress --format json``."""
        def moves(ms: tuple[Move, ...]) -> list[dict[str, str]]:
            return [{"characteristic": m.characteristic, "before": m.before,
                     "after": m.after} for m in ms]
        return {"school": self.school, "framework": str(self.framework),
                "before_date": self.before_date.isoformat(),
                "after_date": self.after_date.isoformat(),
                "up": moves(self.up), "down": moves(self.down), "other": moves(self.other),
                "newly_achieved": list(self.newly_achieved), "lost": list(self.lost),
                "benchmarks_achieved_change": self.benchmarks_achieved_change,
                "characteristics_achieved_change": self.characteristics_achieved_change,
                "score_change": self.score_change,
                "before": self.before.to_dict(), "after": self.after.to_dict()}


def progress(before: Audit, after: Audit, framework: Framework) -> Progress:
    """Compare two audits of one school against one framework version.

    Raises :class:`IncomparableAuditsError` when the audits name different
    framework versions or schools, or ``framework`` is not the version they name.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> p = progress(load_audit(sample("audits/baseline.yaml")),
    ...              load_audit(sample("audits/end-of-y1.yaml")),
    ...              load_framework("ne-primary"))
    >>> p.newly_achieved, p.lost
    (('P1',), ('P4',))
    """
    check_argument("progress", "before", before, Audit)
    check_argument("progress", "after", after, Audit)
    check_argument("progress", "framework", framework, Framework)
    if before.framework != after.framework:
        raise IncomparableAuditsError(
            f"the audits are against different framework versions ({before.framework} and "
            f"{after.framework}); migrate one to the other's version first")
    if before.school.id != after.school.id:
        raise IncomparableAuditsError(
            f"the audits are of different schools ({before.school.id!r} and "
            f"{after.school.id!r})")
    if before.framework != framework.ref:
        raise IncomparableAuditsError(
            f"the audits are against {before.framework}, not {framework.ref}")
    old, new = score(before, framework), score(after, framework)
    scale = framework.scale
    lowest = scale.lowest.id
    up, down, other = [], [], []
    for cid in framework.characteristic_ids:
        a = before.level_of(cid) or lowest
        b = after.level_of(cid) or lowest
        if a == b:
            continue
        move = Move(characteristic=cid, before=a, after=b)
        ra, rb = scale.rank(a), scale.rank(b)
        if ra < 0 or rb < 0:
            other.append(move)
        elif rb > ra:
            up.append(move)
        else:
            down.append(move)
    was = {b.id: b.achieved for b in old.benchmarks}
    now = {b.id: b.achieved for b in new.benchmarks}
    return Progress(
        school=after.school.id, framework=after.framework, before_date=before.date,
        after_date=after.date, up=tuple(up), down=tuple(down), other=tuple(other),
        newly_achieved=tuple(k for k in now if now[k] and not was[k]),
        lost=tuple(k for k in now if was[k] and not now[k]),
        benchmarks_achieved_change=new.benchmarks_achieved - old.benchmarks_achieved,
        characteristics_achieved_change=_diff(old.characteristics_achieved,
                                              new.characteristics_achieved),
        score_change=_diff(old.score, new.score), before=old, after=new)
