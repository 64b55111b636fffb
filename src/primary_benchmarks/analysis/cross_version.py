"""A cohort across framework versions: audits of an earlier version carried to one version
through the change tables, and which rounds' figures that makes estimates.

A hub moving from gatsby@1.0.0 to gatsby@2.0.0 holds audits of both. Mixing them silently
would compare unlike things; refusing the minority loses them. ``carry_over`` migrates each
audit of another version to ``to`` (revised criteria carried and flagged, new ones unrated,
see :mod:`.migration`), rebuilds the cohort, and says which rounds hold migrated audits: a
figure of such a round is an **estimate**.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from ..engine.building import AuditEntry, build_cohort
from ..engine.cohort import Cohort, round_label
from ..errors import Issue
from ..model.audit import Audit
from ..model.framework import Framework
from .migration import migrate
from .report_types import CohortReport, RoundEstimate

__all__ = ["CarriedCohort", "carry_over"]


@attrs.frozen(kw_only=True)
class CarriedCohort:
    """The cohort at one version, what was estimated in each round holding carried audits,
    the migration notes by kind, and the audits that could not be carried."""

    cohort: Cohort
    estimates: dict[str, RoundEstimate]
    notes: dict[str, int]
    problems: tuple[Issue, ...]

    @property
    def migrated(self) -> dict[str, int]:
        """How many audits of each round were carried."""
        return {k: e.migrated_audits for k, e in self.estimates.items()}

    def note(self) -> str:
        """One sentence for a report's notes: what was carried, and what is estimated."""
        total = sum(e.migrated_audits for e in self.estimates.values())
        rounds = "; ".join(
            f"{label}: {e.migrated_audits} from {', '.join(e.versions)}, benchmarks "
            + (", ".join(e.benchmarks) or "none") + " estimated"
            for label, e in self.estimates.items())
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.notes.items()))
        return (f"Estimated: {total} audit{'s' if total != 1 else ''} of another framework "
                f"version carried to {self.cohort.framework.ref} through the change tables "
                f"({kinds or 'nothing changed'}); in the rounds holding them ({rounds}), "
                "figures of a benchmark with a migrated, revised or new criterion are "
                "estimates.")

    def mark(self, result: CohortReport) -> CohortReport:
        """``result`` (a report of :attr:`cohort`) with its estimated rounds marked."""
        return attrs.evolve(result, estimates=self.estimates)


def carry_over(cohort: Cohort, others: Sequence[tuple[str, AuditEntry]], to: Framework,
               chains: Mapping[str, Sequence[Framework]],
               sources: Sequence[str] = ()) -> CarriedCohort:
    """``cohort`` (already at ``to``) with ``others`` (audits of other versions, with their
    sources) carried to ``to``; ``chains`` maps each of their framework references to the
    versions between it and ``to`` (see :func:`.migration.migrate`), loaded by the caller.
    ``sources`` names the file of each of ``cohort``'s audits, for the problems (such as
    ``CohortLoad.sources``; ``audit N`` without them).

    >>> from primary_benchmarks import load_framework
    >>> from primary_benchmarks.engine import Cohort, AuditEntry
    >>> from primary_benchmarks.model import School
    >>> old, new = load_framework("gatsby@1.0.0"), load_framework("gatsby@2.0.0")
    >>> import datetime
    >>> entry = AuditEntry(framework="gatsby@1.0.0", school=School(id="s1"),
    ...                    date=datetime.date(2024, 7, 1), round="2024",
    ...                    levels={"GB1.1": "achieved"})
    >>> carried = carry_over(Cohort.from_audits([], new), [("a.yaml", entry)], new,
    ...                      {"gatsby@1.0.0": [old]})
    >>> carried.migrated, len(carried.cohort)
    ({'2024': 1}, 1)
    """
    entries = [AuditEntry.of(cohort.audit(i)) for i in range(len(cohort))]
    sources = (list(sources) if len(sources) == len(cohort)
               else [f"audit {i + 1}" for i in range(len(cohort))])
    migrated: Counter[str] = Counter()
    versions: dict[str, set[str]] = {}
    touched: dict[str, set[str]] = {}
    benchmark_of = {c.id: b.id for b in to.benchmarks for c in b.characteristics}
    kinds: Counter[str] = Counter()
    for source, entry in others:
        audit = Audit(framework=entry.framework, school=entry.school, date=entry.date,
                      round=entry.round, ratings=dict(entry.levels))
        result = migrate(audit, to, chains.get(str(audit.framework), ()))
        entries.append(AuditEntry.of(result.audit))
        sources.append(source)
        label = round_label(audit)
        migrated[label] += 1
        versions.setdefault(label, set()).add(str(audit.framework))
        kinds.update(note.kind for note in result.report.notes)
        touched.setdefault(label, set()).update(
            benchmark_of[c] for note in result.report.notes for c in note.new
            if c in benchmark_of)
    rebuilt, problems = build_cohort(entries, to, sources)
    order = [b.id for b in to.benchmarks]
    estimates = {label: RoundEstimate(migrated_audits=n, versions=tuple(sorted(versions[label])),
                                      benchmarks=tuple(b for b in order
                                                       if b in touched[label]))
                 for label, n in migrated.items()}
    return CarriedCohort(cohort=rebuilt, estimates=estimates, notes=dict(kinds),
                         problems=problems)
