"""A report beside published reference figures (``report --compare REF``).

Each round (and group) of the report is set beside every figure of the reference set that
measures the same thing over a period holding the round's date. A reference set against
another framework, or another version of it, is refused: the same measure over different
criteria is not the same figure. A figure for a benchmark the framework does not have is
refused too. Nothing is mixed into the report's own figures.

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> from primary_benchmarks.formats.references import load_reference
>>> result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
>>> found = compare(result, load_reference("ne-primary-pilot"))
>>> c = found[0]
>>> c.round, c.figure.measure, round(c.value, 3), c.figure.value
('baseline', 'characteristics_achieved', 0.131, 0.13)
"""

from __future__ import annotations

import attrs

from ..errors import UsageError
from ..model.reference import ReferenceFigure, ReferenceSet
from .report_types import CohortReport, RoundReport

__all__ = ["Comparison", "compare", "compare_report"]


@attrs.frozen(kw_only=True)
class Comparison:
    """One of the report's figures (``value``, ``None`` when suppressed or empty) beside a
    reference ``figure``; ``difference`` is ``value - figure.value``."""

    round: str
    group: str | None
    value: float | None
    figure: ReferenceFigure

    @property
    def difference(self) -> float | None:
        """The report's figure minus the reference's (``None`` without a figure)."""
        return None if self.value is None else self.value - self.figure.value

    def to_dict(self) -> dict[str, object]:
        """JSON form (one entry of a round's ``compared_with``)."""
        f = self.figure
        return {"measure": f.measure, "benchmark": f.benchmark, "value": self.value,
                "reference": f.value, "difference": self.difference, "period": f.period,
                "population": f.population, "institutions": f.institutions,
                "framework": f.framework, "source": f.source, "url": f.url}


def _value(row: RoundReport, figure: ReferenceFigure) -> float | None:
    if row.suppressed:
        return None
    if figure.measure == "characteristics_achieved":
        return row.characteristics_achieved
    if figure.measure == "benchmarks_achieved":
        return row.benchmarks_achieved
    at_least = row.benchmarks_achieved_at_least
    if figure.measure == "share_achieving_none":
        return None if at_least[1] is None else 1.0 - at_least[1]
    if figure.measure == "share_achieving_all":
        return at_least[-1]
    found = [b for b in row.benchmarks if b.id == figure.benchmark]
    return None if not found or found[0].suppressed else found[0].achieved_share


def compare(result: CohortReport, references: ReferenceSet) -> tuple[Comparison, ...]:
    """Every figure of ``references`` beside the report's matching figure, round by round;
    raise :class:`UsageError` saying why when the two cannot be compared."""
    fw = result.framework
    ref = str(fw.ref)
    other = sorted({f.framework for f in references.figures if f.framework != ref})
    if other:
        same = [o for o in other if o.split("@")[0] == fw.id]
        how = (f"carry the audits to {same[0]} with --to, or use a reference set for "
               f"{ref}" if same else f"use a reference set for {ref}")
        raise UsageError(
            f"{references.ref} holds figures against {', '.join(other)}, but this report is "
            f"against {ref}: the same measure over other criteria is not the same figure, "
            f"so they are not compared ({how})")
    ids = {b.id for b in fw.benchmarks}
    unknown = sorted({f.benchmark for f in references.figures
                      if f.benchmark is not None and f.benchmark not in ids})
    if unknown:
        raise UsageError(f"{references.ref} has figures for {', '.join(unknown)}, which "
                         f"{ref} has no benchmark of: they cannot be compared")
    out: list[Comparison] = []
    for row in result.rounds:
        for figure in references.figures:
            if figure.covers(row.date):
                out.append(Comparison(round=row.round, group=row.group,
                                      value=_value(row, figure), figure=figure))
    return tuple(out)


def compare_report(result: CohortReport, references: ReferenceSet) -> CohortReport:
    """``result`` with ``references`` set beside it (:func:`compare`): every output then
    shows them (JSON ``compared_with`` per round, a section in text and HTML).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> from primary_benchmarks.formats.references import load_reference
    >>> result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
    >>> compare_report(result, load_reference("ne-primary-pilot")).to_dict()["reference"]["id"]
    'ne-primary-pilot'
    """
    return attrs.evolve(result, comparisons=compare(result, references), reference=references)
