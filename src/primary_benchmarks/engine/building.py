"""Cohorts built from :class:`~primary_benchmarks.model.Audit` objects, or from the parts
of audits a cohort keeps (:class:`AuditEntry`)."""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np

from ..errors import Issue, LoadError
from ..model.audit import Audit, School
from ..model.framework import Framework
from ..model.version import Version
from .cohort import Cohort, order_rounds, round_label
from .evaluator import compiled_for

__all__ = ["AuditEntry", "build_cohort"]


def _levels(value: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class AuditEntry:
    """The parts of an audit a cohort keeps: its framework reference, school, date, round
    and the level id of each rated characteristic (notes and evidence are not kept).

    >>> from primary_benchmarks import load_audit
    >>> from primary_benchmarks.formats import sample
    >>> entry = AuditEntry.of(load_audit(sample("audits/baseline.yaml")))
    >>> entry.framework, entry.round, entry.levels["P1.2"]
    ('ne-primary@1.0.0', 'baseline', 'partially')
    """

    framework: str
    school: School
    date: _dt.date
    round: str | None
    levels: Mapping[str, str] = attrs.field(converter=_levels, hash=False)

    @classmethod
    def of(cls, audit: Audit) -> AuditEntry:
        """The entry of an audit."""
        return cls(framework=str(audit.framework), school=audit.school, date=audit.date,
                   round=audit.round, levels={c: r.level for c, r in audit.ratings.items()})


def _carry_hint(other: str, framework: Framework) -> str:
    """For an audit of another version of the cohort's framework: how to report both."""
    fid, _, version = other.partition("@")
    if fid != framework.id:
        return ""
    try:
        newer = max(Version.parse(version), Version.parse(framework.version)).text
    except LoadError:
        return ""
    return (f"; to report both versions together, carry the audits to one version with "
            f"report --to {fid}@{newer}")


def build_cohort(audits: Iterable[Audit | AuditEntry], framework: Framework,
                 sources: Sequence[str] | None = None) -> tuple[Cohort, tuple[Issue, ...]]:
    """Build a cohort, keeping every good audit and reporting each one refused.

    Refused: an audit of another framework version, one that rates an id or
    level the framework lacks, and a second audit of the same school in the
    same round (a conflict; the first one is kept). ``sources`` names where
    each audit came from, for the problems.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> audit = load_audit(sample("audits/baseline.yaml"))
    >>> cohort, problems = build_cohort([audit, audit], load_framework("ne-primary"))
    >>> len(cohort), [p.code for p in problems]
    (1, ['conflict'])
    """
    compiled = compiled_for(framework)
    kept: list[AuditEntry] = []
    problems: list[Issue] = []
    seen: dict[tuple[str, str], str] = {}
    ref = str(framework.ref)
    for i, item in enumerate(audits):
        audit = item if isinstance(item, AuditEntry) else AuditEntry.of(item)
        where = sources[i] if sources is not None else f"audit {i + 1}"

        def refuse(code: str, message: str, path: str = "$", where: str = where) -> None:
            problems.append(Issue(file=where, line=None, col=None, path=path, code=code,
                                  message=message))

        if audit.framework != ref:
            refuse("framework-mismatch", f"the audit is against {audit.framework}, but the "
                   f"cohort is {framework.ref}{_carry_hint(audit.framework, framework)}",
                   "$.framework")
            continue
        bad = [c for c, level in audit.levels.items()
               if c not in compiled.index or level not in compiled.level_code]
        if bad:
            refuse("unknown-characteristic" if bad[0] not in compiled.index else "unknown-level",
                   f"rates {bad[0]!r}, which {framework.ref} does not have", "$.ratings")
            continue
        key = (audit.school.id, round_label(audit))
        if key in seen:
            refuse("conflict", f"a second audit of school {key[0]!r} in round {key[1]!r} "
                   f"(the first is {seen[key]}); it was not used")
            continue
        seen[key] = where
        kept.append(audit)
    return _assemble(kept, framework), tuple(problems)


def _assemble(audits: list[AuditEntry], framework: Framework) -> Cohort:
    compiled = compiled_for(framework)
    school_pos: dict[str, int] = {}
    schools: list[School] = []
    for a in audits:
        if a.school.id not in school_pos:
            school_pos[a.school.id] = len(schools)
            schools.append(a.school)
    firsts: dict[str, _dt.date] = {}
    for a in audits:
        label = round_label(a)
        firsts[label] = min(a.date, firsts.get(label, a.date))
    labels, round_pos = order_rounds(list(firsts), list(firsts.values()))
    codes = np.full((len(audits), len(compiled.char_ids)), compiled.unrated_code, dtype=np.int8)
    index, level_code = compiled.index, compiled.level_code
    for i, a in enumerate(audits):
        row = codes[i]
        for cid, level in a.levels.items():
            row[index[cid]] = level_code[level]
    return Cohort(
        framework=framework, schools=tuple(schools),
        school_index=np.array([school_pos[a.school.id] for a in audits], dtype=np.int32),
        dates=np.array([a.date for a in audits], dtype="datetime64[D]"),
        round_labels=labels,
        round_index=np.array([round_pos[round_label(a)] for a in audits], dtype=np.int32),
        codes=codes)
