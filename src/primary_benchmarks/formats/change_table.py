"""Checks of a framework's change table (``migration:``) against both versions, taking the
previous version explicitly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.framework import Framework
from . import spec as s

__all__ = ["check_change_table"]


def check_change_table(table: Mapping[str, Any], new_plain: Mapping[str, Any],
                       previous: Framework, ctx: s.Check) -> None:
    """Check a change table against both versions: known ids, each accounted for once."""
    benchmarks = new_plain.get("benchmarks")
    new_text: dict[str, Any] = {
        c["id"]: c.get("text") for b in (benchmarks if isinstance(benchmarks, list) else [])
        if isinstance(b, dict) and isinstance(b.get("characteristics"), list)
        for c in b["characteristics"] if isinstance(c, dict) and isinstance(c.get("id"), str)}
    new_ids = list(new_text)
    old_ids = list(previous.characteristic_ids)
    seen_old: dict[str, str] = {}
    seen_new: dict[str, str] = {}
    rows = table.get("changes")
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            continue
        path = f"$.migration.changes[{i}]"
        for key, value in row.items():
            ids = value if isinstance(value, list) else [value]
            if key == "editorial":
                continue
            side = "new" if key in ("to", "into", "new") else "old"
            sides = ("old", "new") if key in ("unchanged", "revised") else (side,)
            for j, cid in enumerate(ids):
                if not isinstance(cid, str):
                    continue
                where = f"{path}.{key}" + (f"[{j}]" if isinstance(value, list) else "")
                for sd in sides:
                    known, seen, ref = ((old_ids, seen_old, previous.ref) if sd == "old"
                                        else (new_ids, seen_new, "this version"))
                    if cid not in known:
                        ctx.add(where, "unknown-characteristic",
                                f"{cid!r} is not a characteristic of {ref}")
                    elif cid in seen:
                        ctx.add(where, "duplicate-id",
                                f"{cid!r} is already accounted for at {seen[cid]}")
                    else:
                        seen[cid] = where
        _check_kept_text(row, path, previous, new_text, ctx)
    missing_old = [c for c in old_ids if c not in seen_old]
    missing_new = [c for c in new_ids if c not in seen_new]
    if missing_old:
        ctx.add("$.migration.changes", "incomplete-table",
                f"{', '.join(missing_old)} of {previous.ref} not accounted for; mark each "
                "unchanged, revised, renamed, split, merged or withdrawn")
    if missing_new:
        ctx.add("$.migration.changes", "incomplete-table",
                f"{', '.join(missing_new)} of this version not accounted for; mark each "
                "unchanged, revised, renamed, split, merged or new")


def _check_kept_text(row: Mapping[str, Any], path: str, previous: Framework,
                     new_text: Mapping[str, Any], ctx: s.Check) -> None:
    """An ``unchanged`` characteristic keeps its text, unless the row says the edit is
    editorial: a changed criterion is ``revised`` (its rating carried, but reviewed)."""
    cid = row.get("unchanged")
    if not isinstance(cid, str) or row.get("editorial") is True:
        return
    try:
        old = previous.characteristic(cid).text
    except KeyError:
        return  # reported above as unknown
    new = new_text.get(cid)
    if isinstance(new, str) and " ".join(new.split()) != " ".join(old.split()):
        ctx.add(f"{path}.unchanged", "text-changed",
                f"{cid!r} is marked unchanged, but its text differs from {previous.ref}'s; "
                "mark it revised (its rating is carried and flagged for review), or add "
                "editorial: true if only the wording changed")
