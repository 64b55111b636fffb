"""Where every school stands on a date: each school's latest audit on or before it.

A hub does not audit in rounds: schools audit when they can. ``snapshot(cohort, dates)``
makes a cohort with one round per date, labelled by it (``2026-07-01``), holding each
school's latest audit on or before that date, whatever round it was filed under; the
snapshot's facts say how old those audits are and which schools had none by then.

>>> import datetime as dt
>>> import primary_benchmarks as pb
>>> from primary_benchmarks.formats import sample
>>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
>>> snap, facts = snapshot(cohort, [dt.date(2020, 12, 31)])
>>> len(snap), facts[0].schools, facts[0].median_age_days
(70, 70, 171.0)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from .cohort import Cohort

__all__ = ["SnapshotFacts", "latest_rows", "snapshot"]


@attrs.frozen(kw_only=True)
class SnapshotFacts:
    """One date of a snapshot: how many schools had an audit by then, how old those audits
    were (days), and the schools with none yet."""

    as_of: _dt.date
    schools: int
    median_age_days: float | None
    oldest_age_days: int | None
    schools_without_audit: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        out = attrs.asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["schools_without_audit"] = list(self.schools_without_audit)
        return out


def latest_rows(cohort: Cohort, day: _dt.date
                ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Each school's latest audit on or before ``day``: the audits' rows (in school order),
    and the schools without one."""
    audit_days = cohort.dates.astype("datetime64[D]").view(np.int64)
    n_schools = len(cohort.schools)
    # audits sorted by school, then date: the last one on or before the day is found by
    # one search of (school, day) keys
    order = np.lexsort((audit_days, cohort.school_index))
    key = cohort.school_index[order].astype(np.int64) * (1 << 40) + audit_days[order]
    target = np.int64(np.datetime64(day, "D").view(np.int64))
    pos = np.searchsorted(key, np.arange(n_schools, dtype=np.int64) * (1 << 40) + target,
                          side="right") - 1
    found = pos >= 0
    found[found] = cohort.school_index[order][pos[found]] == np.flatnonzero(found)
    rows: npt.NDArray[np.intp] = order[pos[found]].astype(np.intp)
    return rows, np.flatnonzero(~found).astype(np.intp)


def snapshot(cohort: Cohort, dates: Sequence[_dt.date]
             ) -> tuple[Cohort, tuple[SnapshotFacts, ...]]:
    """The cohort seen on each of ``dates`` (one round per date, in date order)."""
    days = np.sort(np.unique(np.array([np.datetime64(d, "D") for d in dates],
                                      dtype="datetime64[D]")))
    audit_days = cohort.dates.astype("datetime64[D]").view(np.int64)
    rows, rounds, facts = [], [], []
    for r, day in enumerate(days.view(np.int64).tolist()):
        chosen, missing = latest_rows(cohort, np.datetime64(day, "D").astype(_dt.date))
        rows.append(chosen)
        rounds.append(np.full(chosen.size, r, dtype=np.int32))
        ages = day - audit_days[chosen]
        facts.append(SnapshotFacts(
            as_of=np.datetime64(day, "D").astype(_dt.date), schools=int(chosen.size),
            median_age_days=float(np.median(ages)) if ages.size else None,
            oldest_age_days=int(ages.max()) if ages.size else None,
            schools_without_audit=tuple(cohort.schools.ids[s] for s in missing.tolist())))
    picked = np.concatenate(rows) if rows else np.zeros(0, dtype=np.intp)
    labels = tuple(str(np.datetime64(d, "D")) for d in days.view(np.int64).tolist())
    snap = Cohort(framework=cohort.framework, schools=cohort.schools,
                  school_index=cohort.school_index[picked],
                  dates=cohort.dates[picked], round_labels=labels,
                  round_index=np.concatenate(rounds) if rounds else np.zeros(0, np.int32),
                  codes=cohort.codes[picked])
    return snap, tuple(facts)
