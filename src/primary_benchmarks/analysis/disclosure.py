"""Disclosure control: figures from too few schools are left out before publishing.

``suppress(report, min_schools=K)`` (``report(..., min_schools=K)``, ``--min-schools K``):

- **Primary suppression**: a round's (and group's) figures computed from fewer than K
  audits are left out, as is a benchmark's share from fewer than K schools assessing it, and
  a step's paired figures from fewer than K paired schools (its unpaired figures from fewer
  than K schools in either round).
- **Secondary suppression**: groups that add up to a total form a family (the groups of an
  attribute under the whole cohort; in a nested report, each group's subgroups under it).
  In a family whose total is shown, one suppressed member has the next smallest suppressed
  too; in a family whose total is suppressed, one member at least is suppressed. Repeated
  until nothing changes, for each round's figures and each step's paired figures, so no
  suppressed figure can be worked back from a total and the figures beside it.

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

from collections.abc import Mapping

import attrs

from .report_types import CohortReport, RoundProgress, RoundReport

__all__ = ["SUPPRESSED", "suppress"]

#: The symbol published in place of a suppressed figure (the GSS's "confidential").
SUPPRESSED = "c"


def _rule(min_schools: int) -> str:
    return (f"figures from fewer than {min_schools} schools are suppressed (shown as "
            f"{SUPPRESSED}), and among groups that add up to a total, a second group is "
            "suppressed wherever one alone would be, so no suppressed figure can be worked "
            "back from the others")


def _secondary(sizes: Mapping[str | None, int], hidden: set[str | None],
               parent_of: Mapping[str | None, str | None]) -> set[str | None]:
    """``hidden`` grown until no hidden group can be worked back: for each family (a total
    and the groups that add up to it; a group without a parent hangs from the whole cohort,
    which is shown), one hidden member alone under a shown total, or none under a hidden
    total, hides the smallest shown member (by ``sizes``, then name)."""
    families: dict[str | None, list[str | None]] = {}
    for group in sizes:
        families.setdefault(parent_of.get(group), []).append(group)
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for parent, members in families.items():
            gone = sum(1 for m in members if m in hidden)
            total_hidden = parent is not None and parent in hidden
            if gone == (0 if total_hidden else 1):
                shown = sorted((m for m in members if m not in hidden),
                               key=lambda m: (sizes[m], str(m)))
                if shown:
                    hidden.add(shown[0])
                    changed = True
    return hidden


def _blank_round(r: RoundReport) -> RoundReport:
    return attrs.evolve(
        r, complete_audits=0, characteristics_achieved=None, benchmarks_achieved=None,
        benchmarks_achieved_histogram=(0,) * len(r.benchmarks_achieved_histogram),
        benchmarks=tuple(attrs.evolve(b, levels={}, achieved_share=None, suppressed=True)
                         for b in r.benchmarks), suppressed=True,
        models={k: attrs.evolve(m, score=None, maximum=None) for k, m in r.models.items()})


def suppress(result: CohortReport, min_schools: int,
             parents: Mapping[str | None, str | None] | None = None) -> CohortReport:
    """The report with every figure from fewer than ``min_schools`` schools left out (see
    the module docs for the rule). ``parents`` maps each group of a nested report to the
    group it is part of (a group not in it is part of the whole cohort)."""
    if min_schools < 1:
        raise ValueError(f"min_schools={min_schools}: give 1 (no suppression) or more")
    parent_of = parents or {}
    hidden: set[tuple[str, str | None]] = {
        (r.round, r.group) for r in result.rounds if r.audits < min_schools}
    if result.by is not None:
        for label in dict.fromkeys(r.round for r in result.rounds):
            sizes = {r.group: r.audits for r in result.rounds if r.round == label}
            grown = _secondary(sizes, {g for g in sizes if (label, g) in hidden}, parent_of)
            hidden |= {(label, g) for g in grown}
    paired_hidden = {(p.before, p.after, p.group) for p in result.progress
                     if p.paired_schools < min_schools or (p.before, p.group) in hidden
                     or (p.after, p.group) in hidden}
    if result.by is not None:
        for step in dict.fromkeys((p.before, p.after) for p in result.progress):
            pairs = {p.group: p.paired_schools for p in result.progress
                     if (p.before, p.after) == step}
            grown = _secondary(pairs, {g for g in pairs if (*step, g) in paired_hidden},
                               parent_of)
            paired_hidden |= {(*step, g) for g in grown}
    rounds = []
    for r in result.rounds:
        if (r.round, r.group) in hidden:
            rounds.append(_blank_round(r))
            continue
        rounds.append(attrs.evolve(r, benchmarks=tuple(
            attrs.evolve(b, levels={}, achieved_share=None, suppressed=True)
            if b.assessed < min_schools else b for b in r.benchmarks)))
    progress = [_step(p, min_schools, hidden, paired_hidden) for p in result.progress]
    uncertainty = {k: v for k, v in result.uncertainty.items() if k not in hidden}
    steps = {k: v for k, v in result.steps.items()
             if not next(p for p in progress
                         if (p.before, p.after, p.group) == k).suppressed}
    return attrs.evolve(result, rounds=tuple(rounds), progress=tuple(progress),
                        uncertainty=uncertainty, steps=steps,
                        disclosure={"min_schools": min_schools, "rule": _rule(min_schools)})


def _step(p: RoundProgress, min_schools: int, hidden: set[tuple[str, str | None]],
          paired_hidden: set[tuple[str, str, str | None]]) -> RoundProgress:
    paired_out = (p.before, p.after, p.group) in paired_hidden
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
