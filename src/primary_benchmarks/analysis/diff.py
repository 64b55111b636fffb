"""What changed between two frameworks: benchmarks, characteristics, rules and the scale.

The diff compares ids, whether or not the newer framework has a change table; when it
has one for the older framework, the table is summarised too.

>>> from primary_benchmarks import diff_frameworks, load_framework
>>> d = diff_frameworks(load_framework("gatsby@1.0.0"), load_framework("gatsby@2.0.0"))
>>> d.added_characteristics
('GB1.4', 'GB1.5', 'GB4.3', 'GB5.2', 'GB6.3', 'GB8.3')
>>> d.table_summary["split"], d.table_summary["merged"]
(1, 1)
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.changes import CHANGE_KINDS
from ..model.checks import check_argument
from ..model.framework import Benchmark, Characteristic, Framework
from ..model.rules import describe_rule
from ..model.scale import Level

__all__ = ["FieldChange", "FrameworkDiff", "diff_frameworks"]


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field of one item that differs: ``kind`` is benchmark, characteristic or level.

    >>> FieldChange(kind="characteristic", id="P1.1", field="weight", old="1", new="2").field
    'weight'
    """

    kind: str
    id: str
    field: str
    old: str
    new: str


@attrs.frozen(kw_only=True)
class FrameworkDiff:
    """Added, removed and changed items between ``old`` and ``new``.

    >>> import primary_benchmarks as pb
    >>> d = pb.diff_frameworks(pb.load_framework("gatsby@1.0.0"), pb.load_framework("gatsby@2.0.0"))
    >>> d.lines()[0]
    'gatsby@1.0.0 -> gatsby@2.0.0'
    """

    old: str
    new: str
    added_benchmarks: tuple[str, ...]
    removed_benchmarks: tuple[str, ...]
    added_characteristics: tuple[str, ...]
    removed_characteristics: tuple[str, ...]
    added_levels: tuple[str, ...]
    removed_levels: tuple[str, ...]
    changes: tuple[FieldChange, ...]
    table_summary: dict[str, int] | None = attrs.field(default=None, hash=False)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added_benchmarks or self.removed_benchmarks
                    or self.added_characteristics or self.removed_characteristics
                    or self.added_levels or self.removed_levels or self.changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``primary-benchmarks diff --format json``."""
        out = attrs.asdict(self)
        out["changes"] = [attrs.asdict(c) for c in self.changes]
        return out

    def lines(self) -> list[str]:
        """A readable listing, one change a line."""
        out = [f"{self.old} -> {self.new}"]
        for kind, added, removed in (
                ("benchmarks", self.added_benchmarks, self.removed_benchmarks),
                ("characteristics", self.added_characteristics, self.removed_characteristics),
                ("levels", self.added_levels, self.removed_levels)):
            changed = [c for c in self.changes if c.kind == kind[:-1]]
            out.append(f"{kind}: {len(added)} added, {len(removed)} removed, "
                       f"{len({c.id for c in changed})} changed")
            out += [f"  + {x}" for x in added] + [f"  - {x}" for x in removed]
            out += [f"  ~ {c.id} {c.field}: {c.old} -> {c.new}" for c in changed]
        if self.table_summary is not None:
            out.append("change table: " + ", ".join(f"{n} {k}" for k, n in
                                                     self.table_summary.items()))
        return out


def _fields(item: Benchmark | Characteristic | Level) -> dict[str, str]:
    if isinstance(item, Benchmark):
        return {"title": item.title, "summary": str(item.summary),
                "rule": describe_rule(item.rule), "weight": f"{item.weight:g}"}
    if isinstance(item, Characteristic):
        return {"text": item.text, "guidance": str(item.guidance), "weight": f"{item.weight:g}",
                "tags": ", ".join(item.tags)}
    return {"label": item.label, "value": f"{item.value:g}", "achieved": str(item.achieved),
            "not_applicable": str(item.not_applicable)}


def _compare(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    out = []
    for key in new:
        if key in old:
            a, b = _fields(old[key]), _fields(new[key])
            out += [FieldChange(kind=kind, id=key, field=f, old=a[f], new=b[f])
                    for f in a if a[f] != b[f]]
    return out


def diff_frameworks(old: Framework, new: Framework) -> FrameworkDiff:
    """Compare two frameworks by id (see the module docs).

    >>> from primary_benchmarks import load_framework
    >>> diff_frameworks(load_framework("gatsby"), load_framework("gatsby")).empty
    True
    """
    check_argument("diff_frameworks", "old", old, Framework)
    check_argument("diff_frameworks", "new", new, Framework)
    ob = {b.id: b for b in old.benchmarks}
    nb = {b.id: b for b in new.benchmarks}
    oc = {c.id: c for c in old.characteristics}
    nc = {c.id: c for c in new.characteristics}
    ol = {lv.id: lv for lv in old.scale.levels}
    nl = {lv.id: lv for lv in new.scale.levels}
    changes = _compare("benchmark", ob, nb) + _compare("characteristic", oc, nc)
    for cid in nc:
        if cid in oc:
            was, now = old.benchmark_of(cid).id, new.benchmark_of(cid).id
            if was != now:
                changes.append(FieldChange(kind="characteristic", id=cid, field="benchmark",
                                           old=was, new=now))
    changes += _compare("level", ol, nl)
    if [x for x in old.scale.ids if x in nl] != [x for x in new.scale.ids if x in ol]:
        changes.append(FieldChange(kind="level", id="scale", field="order",
                                   old=", ".join(old.scale.ids), new=", ".join(new.scale.ids)))
    summary = None
    if new.migration is not None and new.migration.from_ref == str(old.ref):
        summary = {k: sum(1 for c in new.migration.changes if c.kind == k)
                   for k in CHANGE_KINDS}
    return FrameworkDiff(
        old=str(old.ref), new=str(new.ref),
        added_benchmarks=tuple(k for k in nb if k not in ob),
        removed_benchmarks=tuple(k for k in ob if k not in nb),
        added_characteristics=tuple(k for k in nc if k not in oc),
        removed_characteristics=tuple(k for k in oc if k not in nc),
        added_levels=tuple(k for k in nl if k not in ol),
        removed_levels=tuple(k for k in ol if k not in nl),
        changes=tuple(changes), table_summary=summary)
