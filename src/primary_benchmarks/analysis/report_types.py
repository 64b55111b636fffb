"""The results of a cohort report: per round, per benchmark, per step, and the whole
(see :func:`primary_benchmarks.analysis.report` for every definition)."""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._version import VERSION
from ..engine.snapshot import SnapshotFacts
from ..formats.framework_format import framework_hash
from ..model.framework import Framework
from .evaluation import RoundUncertainty, StepEvaluation
from .paired import BenchmarkChange

if TYPE_CHECKING:
    from ..model.reference import ReferenceSet
    from .references import Comparison

__all__ = ["BenchmarkRound", "CohortReport", "ModelMean", "RoundEstimate", "RoundProgress",
           "RoundReport"]


def _proxy(value: Mapping[str, float]) -> Mapping[str, float]:
    return types.MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class ModelMean:
    """A scoring model's figures over one round's audits (``report(models=...)``): the
    mean score over the audits it scores, the mean maximum (it varies per audit in the flat
    models), and how many audits it scored (``share-achieved`` and ``mean-level-value``
    leave out an audit with nothing applicable).

    >>> ModelMean(score=66.7, maximum=100.0, scored=12).scored
    12
    """

    score: float | None
    maximum: float | None
    scored: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"mean_score": self.score, "mean_maximum": self.maximum,
                "audits_scored": self.scored}


@attrs.frozen(kw_only=True)
class RoundEstimate:
    """A round holding audits carried from another framework version: how many, from which
    versions, and the benchmarks whose figures are estimates (those with a criterion the
    migration revised, merged, split or added).

    >>> RoundEstimate(migrated_audits=2, versions=("gatsby@1.0.0",), benchmarks=("GB1",))
    RoundEstimate(migrated_audits=2, versions=('gatsby@1.0.0',), benchmarks=('GB1',))
    """

    migrated_audits: int
    versions: tuple[str, ...]
    benchmarks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class BenchmarkRound:
    """One benchmark in one round (and group).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> r = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort).rounds[0]
    >>> round(r.benchmarks[3].levels["fully"], 2)
    0.33
    """

    id: str
    levels: Mapping[str, float] = attrs.field(converter=_proxy, hash=False)
    achieved_share: float | None
    assessed: int
    #: Left out by disclosure control (see :mod:`.disclosure`): the figures are ``None``.
    suppressed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out = {"id": self.id, "levels": dict(self.levels),
               "achieved_share": self.achieved_share, "assessed": self.assessed}
        if self.suppressed:
            out["suppressed"] = True
        return out


@attrs.frozen(kw_only=True)
class RoundReport:
    """The cohort's figures for one round (and one group, when broken down).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> r = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort).round("end of Y2")
    >>> r.audits, r.benchmarks_achieved_histogram[8]
    (58, 4)
    """

    round: str
    date: _dt.date
    group: str | None
    audits: int
    complete_audits: int
    characteristics_achieved: float | None
    benchmarks_achieved: float | None
    benchmarks_achieved_histogram: tuple[int, ...]
    benchmarks: tuple[BenchmarkRound, ...]
    #: Left out by disclosure control: every figure is ``None`` (the count of audits stays).
    suppressed: bool = False
    #: Each scoring model asked for (``report(models=...)``), by name.
    models: Mapping[str, ModelMean] = attrs.field(factory=dict, hash=False)

    @property
    def benchmarks_achieved_at_least(self) -> tuple[float | None, ...]:
        """For k = 0 .. the number of benchmarks, the share of audited schools achieving at
        least k benchmarks (``None`` when the round has no audit): the headline figures of
        published evaluations ("none achieved more than three", "85% achieved six or more").

        >>> import primary_benchmarks as pb
        >>> from primary_benchmarks.formats import sample
        >>> r = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort).round("end of Y2")
        >>> round(r.benchmarks_achieved_at_least[1], 2), r.benchmarks_achieved_max
        (0.84, 8)
        """
        total = sum(self.benchmarks_achieved_histogram)
        if not total:
            return (None,) * len(self.benchmarks_achieved_histogram)
        out, running = [], total
        for count in self.benchmarks_achieved_histogram:
            out.append(running / total)
            running -= count
        return tuple(out)

    @property
    def benchmarks_achieved_max(self) -> int | None:
        """The most benchmarks any audited school achieved (``None`` when no audits)."""
        present = [k for k, n in enumerate(self.benchmarks_achieved_histogram) if n]
        return max(present) if present else None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the ``rounds`` items of ``primary-benchmarks report --format json``)."""
        out: dict[str, Any] = {
            "round": self.round, "date": self.date.isoformat(), "audits": self.audits,
            "complete_audits": self.complete_audits,
            "characteristics_achieved": self.characteristics_achieved,
            "benchmarks_achieved": self.benchmarks_achieved,
            "benchmarks_achieved_histogram": list(self.benchmarks_achieved_histogram),
            "benchmarks_achieved_at_least": list(self.benchmarks_achieved_at_least),
            "benchmarks_achieved_max": self.benchmarks_achieved_max,
            "benchmarks": [b.to_dict() for b in self.benchmarks]}
        if self.models:
            out["models"] = {name: m.to_dict() for name, m in self.models.items()}
        if self.suppressed:
            out["suppressed"] = True
        if self.group is not None:
            out = {"group": self.group, **out}
        return out


@attrs.frozen(kw_only=True)
class RoundProgress:
    """Change from one round to the next, paired and unpaired, with the schools behind each.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> p = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort).progress[0]
    >>> p.paired_schools, round(p.paired_benchmarks_achieved, 1)
    (70, 0.5)
    """

    before: str
    after: str
    group: str | None
    paired_schools: int
    paired_characteristics_achieved: float | None
    paired_benchmarks_achieved: float | None
    schools_before: int
    schools_after: int
    unpaired_characteristics_achieved: float | None
    unpaired_benchmarks_achieved: float | None
    #: Each benchmark's change for the paired schools (see :mod:`.paired`).
    benchmarks: tuple[BenchmarkChange, ...] = ()
    #: Left out by disclosure control: the paired and unpaired figures are ``None``.
    suppressed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out = attrs.asdict(self)
        if self.group is None:
            del out["group"]
        if not self.suppressed:
            del out["suppressed"]
        return out


@attrs.frozen(kw_only=True, repr=False)
class CohortReport:
    """Every round's figures (per group when ``by`` is set) and the progress between rounds.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
    CohortReport('ne-primary@1.0.0': 3 round rows)
    """

    framework: Framework = attrs.field(repr=False)
    by: str | None
    level_ids: tuple[str, ...]
    rounds: tuple[RoundReport, ...]
    progress: tuple[RoundProgress, ...]
    #: Intervals per (round, group), when asked for (``report(..., ci=...)``).
    uncertainty: Mapping[tuple[str, str | None], RoundUncertainty] = attrs.field(
        factory=dict, repr=False, hash=False)
    #: Attrition, transitions, tests (and intervals) per (before, after, group).
    steps: Mapping[tuple[str, str, str | None], StepEvaluation] = attrs.field(
        factory=dict, repr=False, hash=False)
    #: How the intervals were made: ``{"ci": 0.95, "seed": 0, ...}``, or empty.
    method: Mapping[str, Any] = attrs.field(factory=dict, repr=False, hash=False)
    #: For a report ``as_of`` dates: each date's facts (audit ages, schools without one).
    snapshots: Mapping[str, SnapshotFacts] = attrs.field(factory=dict, repr=False, hash=False)
    #: The disclosure control applied: ``{"min_schools": 5, "rule": ...}``, or empty.
    disclosure: Mapping[str, Any] = attrs.field(factory=dict, repr=False, hash=False)
    #: For a cohort carried across framework versions: the rounds holding carried audits
    #: (by round label; each group row of such a round is marked). See
    #: :func:`primary_benchmarks.analysis.cross_version.carry_over`.
    estimates: Mapping[str, RoundEstimate] = attrs.field(factory=dict, repr=False, hash=False)
    #: Published figures set beside the report's (``report --compare``), and their set.
    comparisons: tuple[Comparison, ...] = attrs.field(default=(), repr=False, hash=False)
    reference: ReferenceSet | None = attrs.field(default=None, repr=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``primary-benchmarks report --format json``."""
        out: dict[str, Any] = {"framework": str(self.framework.ref),
                               "institution": self.framework.institution,
                               "produced_by": {"software": "primary-benchmarks",
                                               "version": VERSION,
                                               "framework_sha256":
                                                   framework_hash(self.framework)}}
        if self.by is not None:
            out["by"] = self.by
        out["rounds"] = [self._with_intervals(r) for r in self.rounds]
        out["progress"] = [{**p.to_dict(), **self._step(p)} for p in self.progress]
        if self.method:
            out["uncertainty_method"] = dict(self.method)
        if self.disclosure:
            out["disclosure"] = dict(self.disclosure)
        if self.reference is not None:
            r = self.reference
            out["reference"] = {"id": r.id, "version": r.version, "title": r.title,
                                "publisher": r.publisher}
        return out

    def _with_intervals(self, r: RoundReport) -> dict[str, Any]:
        row = r.to_dict()
        facts = self.snapshots.get(r.round)
        if facts is not None:
            row["as_of"] = facts.as_of.isoformat()
            row["schools_with_audit"] = facts.schools
            row["audit_age_median_days"] = facts.median_age_days
            row["audit_age_oldest_days"] = facts.oldest_age_days
            row["schools_without_audit"] = list(facts.schools_without_audit)
        found = self.uncertainty.get((r.round, r.group))
        if found is not None:
            row["characteristics_achieved_ci"] = found.characteristics_achieved_ci
            row["benchmarks_achieved_ci"] = found.benchmarks_achieved_ci
            for b in row["benchmarks"]:
                b["achieved_share_ci"] = found.achieved_share_ci.get(b["id"])
            row["warnings"] = list(found.warnings)
        if self.reference is not None:
            row["compared_with"] = [c.to_dict() for c in self.comparisons
                                    if (c.round, c.group) == (r.round, r.group)]
        if self.estimates:
            estimate = self.estimates.get(r.round)
            row["estimated"] = estimate is not None
            row["migrated_audits"] = 0 if estimate is None else estimate.migrated_audits
            marked = set(() if estimate is None else estimate.benchmarks)
            for b in row["benchmarks"]:
                b["estimated"] = b["id"] in marked
        return row

    def _step(self, p: RoundProgress) -> dict[str, Any]:
        found = self.steps.get((p.before, p.after, p.group))
        return {} if found is None else found.to_dict()

    def _repr_html_(self) -> str:
        from .._html import html_table, pct

        rows = [[r.round, r.group or "", r.date.isoformat(), r.audits,
                 pct(r.characteristics_achieved),
                 "-" if r.benchmarks_achieved is None else f"{r.benchmarks_achieved:.1f}"]
                for r in self.rounds]
        return html_table(["Round", "Group", "Date", "Audits", "Characteristics achieved",
                           "Benchmarks achieved (mean)"], rows,
                          caption=f"Cohort report, {self.framework.ref}")

    def __repr__(self) -> str:
        return (f"CohortReport('{self.framework.ref}': {len(self.rounds)} round rows"
                + (f" by {self.by}" if self.by else "") + ")")

    def round(self, label: str, group: str | None = None) -> RoundReport:
        """The report of one round (and group, for a report broken down ``by`` an attribute).

        >>> import primary_benchmarks as pb
        >>> from primary_benchmarks.formats import sample
        >>> result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort, by="type")
        >>> result.round("baseline", "academy").audits
        17
        """
        for r in self.rounds:
            if r.round == label and r.group == group:
                return r
        labels = list(dict.fromkeys(r.round for r in self.rounds))
        groups = list(dict.fromkeys(r.group for r in self.rounds if r.group is not None))
        if label not in labels:
            problem = f"no round {label!r}; the rounds are {', '.join(map(repr, labels))}"
        elif self.by is not None and group is None:
            problem = (f"this report is broken down by {self.by}: name the group too, as in "
                       f"round({label!r}, {groups[0]!r}); the groups are "
                       f"{', '.join(map(repr, groups))}")
        elif self.by is None:
            problem = "this report has no groups (it is not broken down by an attribute)"
        else:
            problem = (f"no audits of group {group!r} in round {label!r}; the groups are "
                       f"{', '.join(map(repr, groups))}")
        raise KeyError(problem)

    def to_text(self) -> str:
        """Each round's headline figures as a plain-text table (the pilot's full tables
        are :func:`primary_benchmarks.output.pilot_tables`); ``print(report)`` shows it.

        >>> import primary_benchmarks as pb
        >>> from primary_benchmarks.formats import sample
        >>> print(pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort))
        ... # doctest: +NORMALIZE_WHITESPACE
        Cohort report, ne-primary@1.0.0
        round      date        schools  characteristics achieved  benchmarks achieved (mean)
        baseline   2019-07-15  70       13%                       0.0
        end of Y1  2020-07-13  70       39%                       0.5
        end of Y2  2021-07-12  58       65%                       2.4
        """
        from .report_text import report_text

        return report_text(self)

    def __str__(self) -> str:
        return self.to_text()
