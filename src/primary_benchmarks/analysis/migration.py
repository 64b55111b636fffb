"""Carrying audits from one framework version to the next through its change table.

``migrate(audit, to, frameworks)`` is pure: it takes the target framework and the
earlier versions it needs (each new version's ``migration.from`` names the previous
one), and returns the migrated audit with a report of everything that could not be
carried over exactly. Nothing is dropped without being in that report.

Per change: *unchanged* and *renamed* carry the rating, note and evidence; *revised*
carries them too but is reported ("carried, review needed": the criterion's substance
changed); *split*
gives every part the old rating (reported); *merged* combines the old ratings by the
table's policy, ``lowest`` by default or ``highest`` (reported; not-applicable ratings
are left out unless all are); *withdrawn* drops the rating (reported); *new* starts
unrated (reported).

When the two scales differ (other level ids), a strategy is required: ``clamp`` keeps
each rating's rank among the applicable levels (capped at the new highest),
``proportional`` picks the new level whose value lies nearest the old value's place
between the lowest and highest values (the lower on a tie), and ``reset`` leaves every
characteristic unrated. A not-applicable rating stays not applicable when the new
scale has such a level, and becomes unrated (reported) otherwise.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework, migrate
>>> old, new = load_framework("gatsby@1.0.0"), load_framework("gatsby@2.0.0")
>>> audit = Audit(framework=old.ref, school=School(id="1"), date=dt.date(2025, 7, 1),
...               ratings={c: "achieved" for c in old.characteristic_ids})
>>> result = migrate(audit, new, [old])
>>> result.audit.framework
FrameworkRef('gatsby@2.0.0')
>>> sorted({n.kind for n in result.report.notes})
['merged', 'new', 'revised', 'split']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from ..engine.codes import check_audit_against
from ..errors import AuditMismatchError, PrimaryBenchmarksError
from ..model.audit import Audit, Evidence, Rating
from ..model.checks import check_argument
from ..model.framework import Framework
from ..model.scale import Scale
from ..model.version import FrameworkRef

__all__ = ["SCALE_STRATEGIES", "Migration", "MigrationError", "MigrationNote",
           "MigrationReport", "migrate"]

#: How ratings move between two scales with different levels.
SCALE_STRATEGIES: Final = ("clamp", "proportional", "reset")


class MigrationError(PrimaryBenchmarksError, ValueError):
    """An audit cannot be migrated as asked (no path of change tables, no scale strategy).

    >>> issubclass(MigrationError, ValueError)
    True
    """


@attrs.frozen(kw_only=True)
class MigrationNote:
    """Something not carried over exactly: which ids, what happened, and why.

    >>> MigrationNote(kind="new", old=(), new=("X.1",), message="X.1 is new").kind
    'new'
    """

    kind: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    message: str


def _notes(value: Iterable[MigrationNote]) -> tuple[MigrationNote, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class MigrationReport:
    """Every note of one audit's migration, hop by hop.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> m = pb.migrate(pb.load_audit(sample("gatsby-2014-audit.yaml")),
    ...                pb.load_framework("gatsby@2.0.0"), [pb.load_framework("gatsby@1.0.0")])
    >>> str(m.report.from_ref), str(m.report.to_ref), m.report.exact
    ('gatsby@1.0.0', 'gatsby@2.0.0', False)
    """

    from_ref: FrameworkRef
    to_ref: FrameworkRef
    notes: tuple[MigrationNote, ...] = attrs.field(converter=_notes)

    @property
    def exact(self) -> bool:
        """True when everything was carried over exactly."""
        return not self.notes


@attrs.frozen(kw_only=True)
class Migration:
    """The migrated audit and its report.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> m = pb.migrate(pb.load_audit(sample("gatsby-2014-audit.yaml")),
    ...                pb.load_framework("gatsby@2.0.0"), [pb.load_framework("gatsby@1.0.0")])
    >>> m.audit.framework
    FrameworkRef('gatsby@2.0.0')
    """

    audit: Audit
    report: MigrationReport


def _chain(start: FrameworkRef, to: Framework, frameworks: Sequence[Framework]
           ) -> list[Framework]:
    by_ref = {f.ref: f for f in frameworks}
    by_ref[to.ref] = to
    chain = [to]
    seen = {to.ref}
    while chain[-1].ref != start:
        table = chain[-1].migration
        if table is None:
            raise MigrationError(
                f"no change table leads from {start} to {to.ref}: {chain[-1].ref} does not "
                "say which version it follows")
        previous = FrameworkRef.parse(table.from_ref)
        if previous in seen or previous not in by_ref:
            raise MigrationError(
                f"no change table leads from {start} to {to.ref}: {chain[-1].ref} follows "
                f"{previous}, which " + ("repeats" if previous in seen else "was not given"))
        seen.add(previous)
        chain.append(by_ref[previous])
    return chain[::-1]


def _scale_map(old: Scale, new: Scale, strategy: str | None
               ) -> tuple[dict[str, str | None], str | None]:
    """Old level id -> new level id (None: unrated), and a description when it changed."""
    if old.ids == new.ids:
        return {lid: lid for lid in old.ids}, None
    if strategy not in SCALE_STRATEGIES:
        raise MigrationError(
            f"the scales differ ({', '.join(old.ids)} -> {', '.join(new.ids)}); choose a "
            f"scale strategy: {', '.join(SCALE_STRATEGIES)}")
    out: dict[str, str | None] = {}
    napp = new.applicable
    for level in old.levels:
        if level.not_applicable:
            out[level.id] = new.not_applicable.id if new.not_applicable else None
        elif strategy == "reset":
            out[level.id] = None
        elif strategy == "clamp":
            out[level.id] = napp[min(old.rank(level.id), len(napp) - 1)].id
        else:
            lo, hi = old.lowest.value, old.highest.value
            u = (level.value - lo) / (hi - lo)
            nlo, nhi = new.lowest.value, new.highest.value
            target = nlo + u * (nhi - nlo)
            out[level.id] = min(napp, key=lambda lv: (abs(lv.value - target), lv.value)).id
    shown = ", ".join(f"{k}->{v or 'unrated'}" for k, v in out.items())
    return out, f"scale changed ({strategy}): {shown}"


def _hop(audit: Audit, old: Framework, new: Framework, strategy: str | None,
         merge: str | None) -> tuple[Audit, list[MigrationNote]]:
    table = new.migration
    assert table is not None
    level_map, scale_note = _scale_map(old.scale, new.scale, strategy)
    notes: list[MigrationNote] = []
    if scale_note and audit.ratings:
        notes.append(MigrationNote(kind="scale", old=tuple(audit.ratings), new=(),
                                   message=scale_note))
    policy = merge or table.merge
    ratings: dict[str, Rating] = {}

    def carried(cid: str) -> Rating | None:
        rating = audit.ratings.get(cid)
        if rating is None:
            return None
        level = level_map[rating.level]
        if level is None:
            notes.append(MigrationNote(kind="unrated", old=(cid,), new=(),
                                       message=f"{cid}'s rating {rating.level!r} has no place "
                                       f"on the new scale; left unrated"))
            return None
        return attrs.evolve(rating, level=level)

    for change in table.changes:
        if change.kind in ("unchanged", "revised", "renamed"):
            rating = carried(change.old[0])
            if rating is not None:
                ratings[change.new[0]] = rating
                if change.kind == "revised":
                    notes.append(MigrationNote(
                        kind="revised", old=change.old, new=change.new,
                        message=f"{change.new[0]} was revised: its rating {rating.level!r} "
                                "was carried, review needed"))
        elif change.kind == "split":
            rating = carried(change.old[0])
            if rating is not None:
                for part in change.new:
                    ratings[part] = rating
                notes.append(MigrationNote(
                    kind="split", old=change.old, new=change.new,
                    message=f"{change.old[0]} was split: {', '.join(change.new)} each take its "
                            f"rating {rating.level!r}"))
        elif change.kind == "merged":
            rated = [(cid, r) for cid in change.old if (r := carried(cid)) is not None]
            if not rated:
                continue
            applicable = [(c, r) for c, r in rated if new.scale.rank(r.level) >= 0] or rated
            pick = (min if policy == "lowest" else max)(
                applicable, key=lambda cr: new.scale.rank(cr[1].level))
            merged_notes = "; ".join(f"{c}: {r.note}" for c, r in rated if r.note)
            evidence: tuple[Evidence, ...] = tuple(e for _, r in rated for e in r.evidence)
            ratings[change.new[0]] = Rating(level=pick[1].level, note=merged_notes or None,
                                            evidence=evidence)
            unrated = [c for c in change.old if c not in dict(rated)]
            shown = ", ".join(f"{c} ({r.level})" for c, r in rated)
            notes.append(MigrationNote(
                kind="merged", old=change.old, new=change.new,
                message=f"{shown} were merged into {change.new[0]}: {pick[1].level!r} "
                        f"({policy})" + (f"; {', '.join(unrated)} unrated" if unrated else "")))
        elif change.kind == "withdrawn":
            rating = audit.ratings.get(change.old[0])
            if rating is not None:
                notes.append(MigrationNote(
                    kind="withdrawn", old=change.old, new=(),
                    message=f"{change.old[0]} was withdrawn; its rating {rating.level!r} was "
                            "not carried over"))
        else:
            notes.append(MigrationNote(kind="new", old=(), new=change.new,
                                       message=f"{change.new[0]} is new; it starts unrated"))
    return attrs.evolve(audit, framework=new.ref, ratings=ratings), notes


def migrate(audit: Audit, to: Framework, frameworks: Sequence[Framework] = (), *,
            scale: str | None = None, merge: str | None = None) -> Migration:
    """Carry ``audit`` to framework ``to`` through change tables (see the module docs).

    ``frameworks`` holds the versions between the audit's and ``to`` (each found by
    the ``migration.from`` of the next). ``scale`` names the strategy when scales
    differ; ``merge`` overrides each table's merge policy. An audit already
    against ``to`` comes back unchanged with an empty report.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> result = migrate(load_audit(sample("gatsby-2014-audit.yaml")),
    ...                  load_framework("gatsby@2.0.0"), [load_framework("gatsby@1.0.0")])
    >>> len(result.report.notes), sum(n.kind == "revised" for n in result.report.notes)
    (19, 11)
    """
    check_argument("migrate", "audit", audit, Audit)
    check_argument("migrate", "to", to, Framework)
    if merge is not None and merge not in ("lowest", "highest"):
        raise MigrationError(f"merge policy {merge!r} is not lowest or highest")
    chain = _chain(audit.framework, to, frameworks)
    problems = check_audit_against(audit, chain[0])
    if problems:  # an id or level the audit's own framework lacks would be lost silently
        raise AuditMismatchError(problems)
    notes: list[MigrationNote] = []
    current = audit
    for old, new in itertools.pairwise(chain):
        current, hop_notes = _hop(current, old, new, scale, merge)
        notes.extend(hop_notes)
    return Migration(audit=current, report=MigrationReport(
        from_ref=audit.framework, to_ref=to.ref, notes=tuple(notes)))
