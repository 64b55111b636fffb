"""Scoring audits: pure functions from an audit and its framework to immutable results.

Definitions (every edge case pinned by golden vectors in ``tests/``):

- A characteristic rated at the not-applicable level is left out of every
  count, share and score. An unrated one counts as the lowest level.
- *Share achieved*: characteristics at an achieved level / applicable
  characteristics; ``None`` when none is applicable.
- *Score*: the weighted mean of level values over applicable characteristics
  (weights from the framework); ``None`` when none is applicable.
- A benchmark whose characteristics are all not applicable is *not
  applicable*: ``achieved`` is ``None`` and it is left out of the benchmark
  counts. Otherwise ``achieved`` is its rule's verdict.
- A count rule (``at_least: 3``) needs its count whatever is not applicable; a
  share or score rule whose scope holds no applicable characteristic is not met.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework, score
>>> fw = load_framework("ne-primary@1.0.0")
>>> ratings = {c: "fully" for c in fw.benchmark("P4").characteristic_ids}
>>> result = score(Audit(framework="ne-primary@1.0.0", school=School(id="1"),
...                      date=dt.date(2019, 7, 15), ratings=ratings), fw)
>>> result.benchmarks_achieved, result.benchmarks_assessed, result.characteristics_achieved
(1, 8, 0.175)
>>> result.benchmark("P1").blocking[0]
Blocker(characteristic='P1.1', level='not', needs='fully', unrated=True)
"""

from __future__ import annotations

import datetime as _dt
import functools
import types
from collections.abc import Mapping
from typing import Any, NamedTuple

import attrs
import numpy as np

from ..engine.block_tables import block_tables
from ..engine.codes import audit_codes, check_audit_against
from ..engine.evaluator import Compiled, compiled_for
from ..errors import AuditMismatchError
from ..model.audit import Audit
from ..model.checks import check_argument
from ..model.framework import Framework
from ..model.version import FrameworkRef

__all__ = [
    "AuditScore",
    "BenchmarkRow",
    "BenchmarkScore",
    "Blocker",
    "score",
]


class Blocker(NamedTuple):
    """A characteristic that stands in the way of a benchmark, and the level it needs.

    An immutable record (a named tuple: it is built in the scoring hot path).
    ``unrated`` says the characteristic has no rating and counts as the lowest level.

    >>> Blocker("P1.1", "partially", "fully")
    Blocker(characteristic='P1.1', level='partially', needs='fully', unrated=False)
    """

    characteristic: str
    level: str
    needs: str
    unrated: bool = False


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    if isinstance(value, types.MappingProxyType):
        return value
    return types.MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class BenchmarkScore:
    """One benchmark's result in one audit.

    ``levels`` counts characteristics at each level id (every level of the
    scale, not-applicable included). ``achieved`` is ``None`` when the
    benchmark is not applicable.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> result = pb.score(pb.load_audit(sample("audits/baseline.yaml")),
    ...                   pb.load_framework("ne-primary"))
    >>> p4 = result.benchmark("P4")
    >>> p4.achieved, p4.characteristics_achieved, p4.blocking
    (True, 1.0, ())
    """

    id: str
    achieved: bool | None
    levels: Mapping[str, int] = attrs.field(converter=_counts, hash=False)
    applicable: int
    characteristics_achieved: float | None
    score: float | None
    blocking: tuple[Blocker, ...] = ()

    @property
    def assessed(self) -> bool:
        """Whether the benchmark counts (some characteristic is applicable)."""
        return self.achieved is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``primary-benchmarks score --format json``."""
        return {"id": self.id, "achieved": self.achieved, "levels": dict(self.levels),
                "applicable": self.applicable,
                "characteristics_achieved": self.characteristics_achieved,
                "score": self.score,
                "blocking": [{"characteristic": b.characteristic, "level": b.level,
                              "needs": b.needs, "unrated": b.unrated} for b in self.blocking]}


class BenchmarkRow(NamedTuple):
    """One benchmark's values as :func:`score` computes them (``AuditScore.rows``).

    :attr:`AuditScore.benchmarks` presents the same values as :class:`BenchmarkScore`.
    """

    id: str
    achieved: bool | None
    levels: Mapping[str, int]
    applicable: int
    characteristics_achieved: float | None
    score: float | None
    blocking: tuple[Blocker, ...]


@attrs.frozen(kw_only=True)
class AuditScore:
    """The result of scoring one audit: the whole audit and each benchmark.

    Built by :func:`score`. Every value is computed when the audit is scored;
    ``rows`` holds each benchmark's values and :attr:`benchmarks` shows them
    as :class:`BenchmarkScore` records.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> result = pb.score(pb.load_audit(sample("audits/baseline.yaml")),
    ...                   pb.load_framework("ne-primary"))
    >>> result.achieved_ids, result.complete
    (('P4',), True)
    """

    school: str
    framework: FrameworkRef
    date: _dt.date
    round: str | None
    complete: bool
    unrated: tuple[str, ...]
    benchmarks_achieved: int
    benchmarks_assessed: int
    characteristics_achieved: float | None
    score: float | None
    levels: Mapping[str, int] = attrs.field(converter=_counts, hash=False)
    rows: tuple[BenchmarkRow, ...] = attrs.field(repr=False)

    @functools.cached_property
    def benchmarks(self) -> tuple[BenchmarkScore, ...]:
        """Each benchmark's result, in framework order."""
        return tuple(BenchmarkScore(id=r.id, achieved=r.achieved, levels=r.levels,
                                    applicable=r.applicable,
                                    characteristics_achieved=r.characteristics_achieved,
                                    score=r.score, blocking=r.blocking) for r in self.rows)

    def benchmark(self, benchmark_id: str) -> BenchmarkScore:
        """The result for one benchmark; ``KeyError`` if there is none."""
        for b in self.benchmarks:
            if b.id == benchmark_id:
                return b
        raise KeyError(benchmark_id)

    @property
    def achieved_ids(self) -> tuple[str, ...]:
        """Ids of the benchmarks achieved."""
        return tuple(b.id for b in self.benchmarks if b.achieved)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``primary-benchmarks score --format json``."""
        return {"school": self.school, "framework": str(self.framework),
                "date": self.date.isoformat(), "round": self.round,
                "complete": self.complete, "unrated": list(self.unrated),
                "benchmarks_achieved": self.benchmarks_achieved,
                "benchmarks_assessed": self.benchmarks_assessed,
                "characteristics_achieved": self.characteristics_achieved,
                "score": self.score, "levels": dict(self.levels),
                "benchmarks": [b.to_dict() for b in self.benchmarks]}

    def _repr_html_(self) -> str:
        from .._html import html_table, pct

        rows = [[b.id, {True: "achieved", False: "not yet", None: "n/a"}[b.achieved],
                 pct(b.characteristics_achieved),
                 ", ".join(f"{x.characteristic} {x.level}->{x.needs}" for x in b.blocking)]
                for b in self.benchmarks]
        caption = (f"School {self.school}, {self.framework}, {self.date.isoformat()}: "
                   f"{self.benchmarks_achieved} of {self.benchmarks_assessed} benchmarks, "
                   f"{pct(self.characteristics_achieved)} of characteristics achieved")
        return html_table(["Benchmark", "Achieved", "Characteristics achieved", "Needs"], rows,
                          caption=caption)

    def __repr__(self) -> str:
        share = ("-" if self.characteristics_achieved is None
                 else f"{self.characteristics_achieved:.0%}")
        return (f"AuditScore({self.school!r}, {self.date.isoformat()}: "
                f"{self.benchmarks_achieved}/{self.benchmarks_assessed} benchmarks, "
                f"{share} of characteristics achieved)")


def _blocker(cache: dict[Any, Any], compiled: Compiled, col: int, code: int, need: int,
             unrated: bool) -> Blocker:
    key = ("blocker", col, code, need, unrated)
    found: Blocker | None = cache.get(key)
    if found is None:
        found = cache[key] = Blocker(compiled.char_ids[col], compiled.level_ids[code],
                                     compiled.level_ids[need], unrated)
    return found


_Tables = tuple[list[list[Blocker | None]], list[Blocker | None]]


def _blocker_tables(compiled: Compiled) -> _Tables:
    """What an `all` rule reports per column: by level code, and when unrated."""
    found = compiled.value_cache.get("all-blockers")
    if found is None:
        ids = compiled.level_ids

        def make(c: int, code: int, unrated: bool) -> Blocker | None:
            pair = compiled.all_blocked[c][code]
            return None if pair is None else Blocker(compiled.char_ids[c], ids[code],
                                                     ids[pair[1]], unrated)

        n_levels = len(ids)
        found = compiled.value_cache["all-blockers"] = (
            [[make(c, code, False) for code in range(n_levels)]
             for c in range(len(compiled.char_ids))],
            [make(c, compiled.lowest, True) for c in range(len(compiled.char_ids))])
    result: _Tables = found
    return result


_Plan = list[tuple[int, str, int, int, bool, list[list[Blocker | None]]]]


def _plan(compiled: Compiled) -> _Plan:
    """Per benchmark: index, id, column bounds, whether the rule is `all`, blocker table."""
    found = compiled.value_cache.get("plan")
    if found is None:
        table = _blocker_tables(compiled)[0]
        found = compiled.value_cache["plan"] = [
            (b, bid, lo, hi, compiled.rule_is_all[b], table[lo:hi])
            for b, (bid, (lo, hi)) in enumerate(zip(compiled.benchmark_ids, compiled.bounds,
                                                    strict=True))]
    plan: _Plan = found
    return plan


_Lookup = list[tuple[int, int, int, list[Any], list[Any], list[bool]]]


def _lookup(compiled: Compiled) -> _Lookup | None:
    """Block tables as plain lists: (lo, hi, base, counts, agg, met) per benchmark."""
    found = compiled.value_cache.get("lookup", False)
    if found is False:
        tables = block_tables(compiled)
        found = None
        if tables is not None:
            base = len(compiled.level_ids) + 1
            found = [(lo, hi, base, t.counts.tolist(),
                      np.stack([t.ach, t.app, t.wval, t.wsum], axis=1).tolist(),
                      t.met.tolist())
                     for (lo, hi), t in zip(compiled.bounds, tables[0], strict=True)]
        compiled.value_cache["lookup"] = found
    result: _Lookup | None = found
    return result


def _evaluate(compiled: Compiled, row: list[int]
              ) -> tuple[list[list[int]], list[list[float]], list[bool]]:
    """Per benchmark: level counts, [achieved, applicable, weighted value, weight], rule met.

    The evaluator's own answers: looked up in its block tables when they exist,
    computed by it directly otherwise.
    """
    lookup = _lookup(compiled)
    if lookup is None:
        result = compiled.score(np.frombuffer(bytes(row), dtype=np.int8).reshape(1, -1))
        return result.counts[0].tolist(), result.agg[0].tolist(), result.met[0].tolist()
    counts, agg, met = [], [], []
    for lo, hi, base, t_counts, t_agg, t_met in lookup:
        key = 0
        for c in range(hi - 1, lo - 1, -1):
            key = key * base + row[c]
        counts.append(t_counts[key])
        agg.append(t_agg[key])
        met.append(t_met[key])
    return counts, agg, met


def score(audit: Audit, framework: Framework) -> AuditScore:
    """Score one audit against its framework (the exact version the audit names).

    Raises :class:`~primary_benchmarks.errors.AuditMismatchError` (a ``ValueError``) when
    the audit names another framework version or rates an id or level the framework does
    not have.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> score(load_audit(sample("audits/baseline.yaml")), load_framework("ne-primary"))
    AuditScore('100001', 2019-07-15: 1/8 benchmarks, 28% of characteristics achieved)
    """
    check_argument("score", "audit", audit, Audit)
    check_argument("score", "framework", framework, Framework)
    if audit.framework != framework.ref:
        raise AuditMismatchError(check_audit_against(audit, framework))
    compiled = compiled_for(framework)
    row = audit_codes(audit, compiled)
    counts, agg, met = _evaluate(compiled, row)
    char_ids = compiled.char_ids
    ratings = audit.ratings
    unrated_cols: set[int] = set()
    if len(ratings) != len(char_ids):
        unrated_cols = {i for i, c in enumerate(char_ids) if c not in ratings}
    unrated = tuple(char_ids[i] for i in sorted(unrated_cols))
    level_ids = compiled.level_ids
    cache = compiled.memo
    if len(cache) > 100_000:
        cache.clear()
    tables = _blocker_tables(compiled)
    unrated_table = tables[1]
    benchmarks = []
    total_ach = total_app = 0
    total_wval = total_wsum = 0.0
    n_achieved = n_assessed = 0
    for (b, bid, lo, hi, is_all, block_table), count, (ach_f, app_f, wval, wsum), ok in zip(
            _plan(compiled), counts, agg, met, strict=True):
        ach, app = int(ach_f), int(app_f)
        total_ach += ach
        total_app += app
        total_wval += wval
        total_wsum += wsum
        achieved = ok if app else None
        blocking: tuple[Blocker, ...] = ()
        if app:
            n_assessed += 1
            if ok:
                n_achieved += 1
            elif is_all and not unrated:
                blocking = tuple(filter(None, map(list.__getitem__, block_table, row[lo:hi])))
            elif is_all:
                blocking = tuple(filter(None, (
                    unrated_table[c] if c in unrated_cols else block_table[c - lo][row[c]]
                    for c in range(lo, hi))))
            else:
                blocking = tuple(_blocker(cache, compiled, col, row[col], need,
                                          col in unrated_cols)
                                 for col, need in compiled.blocking(b, row))
        key = ("levels", *count)
        levels = cache.get(key)
        if levels is None:
            levels = cache[key] = types.MappingProxyType(
                dict(zip(level_ids, count, strict=True)))
        benchmarks.append(BenchmarkRow(
            bid, achieved, levels, app, ach / app if app else None,
            wval / wsum if wsum else None, blocking))
    return AuditScore(
        school=audit.school.id, framework=audit.framework, date=audit.date, round=audit.round,
        complete=not unrated, unrated=unrated,
        benchmarks_achieved=n_achieved, benchmarks_assessed=n_assessed,
        characteristics_achieved=total_ach / total_app if total_app else None,
        score=total_wval / total_wsum if total_wsum else None,
        levels=dict(zip(level_ids, map(sum, zip(*counts, strict=True)), strict=True)),
        rows=tuple(benchmarks))
