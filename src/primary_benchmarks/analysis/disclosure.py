"""Disclosure control: figures from too few schools are left out before publishing.

``suppress(report, min_schools=K)`` (``report(..., min_schools=K)``, ``--min-schools K``):

- **Primary suppression**: a round's (and group's) figures computed from fewer than K
  audits are left out, as is a benchmark's share from fewer than K schools assessing it, and
  a step's paired figures from fewer than K paired schools (its unpaired figures from fewer
  than K schools in either round).
- **Secondary suppression**: in a report broken down by an attribute, a round with exactly
  one group suppressed has the next smallest group suppressed too, so a suppressed group can
  never be worked back from the whole cohort's figures and the other groups'.

A suppressed figure is ``None`` with ``suppressed: true`` in JSON, and the Government
Statistical Service's symbol ``c`` in text, CSV, HTML and workbooks, with a footnote. The
count of audits of a group stays (how many schools a group has is not the figure at risk).

>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
>>> result = pb.report(cohort, by="type", min_schools=15)
>>> [(r.audits, r.suppressed) for r in result.rounds if r.round == "end of Y2"]
[(14, True), (15, False), (14, True), (15, False)]
>>> result = pb.report(cohort, by="type", min_schools=18)
>>> [(r.audits, r.suppressed) for r in result.rounds if r.round == "baseline"]
[(17, True), (18, False), (18, False), (17, True)]
"""

from __future__ import annotations

import attrs

from .report_types import CohortReport, RoundProgress, RoundReport

__all__ = ["SUPPRESSED", "suppress"]

#: The symbol published in place of a suppressed figure (the GSS's "confidential").
SUPPRESSED = "c"


def _rule(min_schools: int) -> str:
    return (f"figures from fewer than {min_schools} schools are suppressed (shown as "
            f"{SUPPRESSED}), and in each round with one group suppressed the next smallest "
            "group is suppressed too, so no suppressed figure can be worked back from the "
            "others")


def _blank_round(r: RoundReport) -> RoundReport:
    return attrs.evolve(
        r, complete_audits=0, characteristics_achieved=None, benchmarks_achieved=None,
        benchmarks_achieved_histogram=(0,) * len(r.benchmarks_achieved_histogram),
        benchmarks=tuple(attrs.evolve(b, levels={}, achieved_share=None, suppressed=True)
                         for b in r.benchmarks), suppressed=True,
        models={k: attrs.evolve(m, score=None, maximum=None) for k, m in r.models.items()})


def suppress(result: CohortReport, min_schools: int) -> CohortReport:
    """The report with every figure from fewer than ``min_schools`` schools left out (see
    the module docs for the rule)."""
    if min_schools < 1:
        raise ValueError(f"min_schools={min_schools}: give 1 (no suppression) or more")
    hidden: set[tuple[str, str | None]] = {
        (r.round, r.group) for r in result.rounds if r.audits < min_schools}
    if result.by is not None:  # secondary: never one group alone in a round
        for label in dict.fromkeys(r.round for r in result.rounds):
            cells = [r for r in result.rounds if r.round == label]
            gone = [r for r in cells if (r.round, r.group) in hidden]
            left = sorted((r for r in cells if (r.round, r.group) not in hidden),
                          key=lambda r: (r.audits, str(r.group)))
            if len(gone) == 1 and left:
                hidden.add((left[0].round, left[0].group))
    rounds = []
    for r in result.rounds:
        if (r.round, r.group) in hidden:
            rounds.append(_blank_round(r))
            continue
        rounds.append(attrs.evolve(r, benchmarks=tuple(
            attrs.evolve(b, levels={}, achieved_share=None, suppressed=True)
            if b.assessed < min_schools else b for b in r.benchmarks)))
    progress = [_step(p, min_schools, hidden) for p in result.progress]
    uncertainty = {k: v for k, v in result.uncertainty.items() if k not in hidden}
    steps = {k: v for k, v in result.steps.items()
             if not next(p for p in progress
                         if (p.before, p.after, p.group) == k).suppressed}
    return attrs.evolve(result, rounds=tuple(rounds), progress=tuple(progress),
                        uncertainty=uncertainty, steps=steps,
                        disclosure={"min_schools": min_schools, "rule": _rule(min_schools)})


def _step(p: RoundProgress, min_schools: int,
          hidden: set[tuple[str, str | None]]) -> RoundProgress:
    paired_out = p.paired_schools < min_schools or (p.before, p.group) in hidden or (
        p.after, p.group) in hidden
    unpaired_out = (p.schools_before < min_schools or p.schools_after < min_schools
                    or (p.before, p.group) in hidden or (p.after, p.group) in hidden)
    if not paired_out and not unpaired_out:
        return p
    return attrs.evolve(
        p, paired_characteristics_achieved=None if paired_out
        else p.paired_characteristics_achieved,
        paired_benchmarks_achieved=None if paired_out else p.paired_benchmarks_achieved,
        unpaired_characteristics_achieved=None if unpaired_out
        else p.unpaired_characteristics_achieved,
        unpaired_benchmarks_achieved=None if unpaired_out else p.unpaired_benchmarks_achieved,
        benchmarks=() if paired_out else p.benchmarks, suppressed=True)
