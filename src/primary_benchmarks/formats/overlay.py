"""Adapting frameworks: overlays that describe changes to a base framework.

An overlay is a framework file with ``extends:`` (a reference such as
``ne-primary@1.0.0``, or a path relative to the overlay's own folder) and a list
of ``changes:`` in place of ``scale:`` and ``benchmarks:``:

```yaml
schema: primary-benchmarks/framework/v1
id: tees-valley-primary
version: "1.0.0"
title: Tees Valley primary career benchmarks
publisher: Tees Valley careers hub
status: {state: draft}
provenance: Adapted from the North East primary benchmarks.
extends: ne-primary@1.0.0
changes:
  - change_characteristic: P2.3
    text: Parents and carers receive information about jobs in the Tees Valley.
  - add_characteristic: {id: P5.6, text: Pupils meet employers from local industries.}
    benchmark: P5
  - remove_characteristic: P6.4
  - change_benchmark: P6
    rule: {at_least: 75%}
```

Changes apply in order. Every id a change names must exist at that point (and an
added id must not), checked with ``file:line:col`` errors. Overlays stack (an overlay
may extend an overlay): the base resolves first, then each overlay applies on top, so
the outermost overlay has the last word. Changing what an inner overlay already
changed is a ``conflict`` unless the change says ``override: true``; two changes to
the same thing in one overlay are always a conflict. The resolved framework is an
ordinary framework whose ``adapted_from`` names the base, and every benchmark and
characteristic records its ``origin``: the base's ``id@version``, or which overlay
added or changed it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Final

from . import spec as s
from .framework_format import (
    BENCHMARK_SPEC,
    CHARACTERISTIC_SPEC,
    FRAMEWORK_SCHEMA,
    FRAMEWORK_SPEC,
    ITEM_ID,
    LEVEL_SPEC,
    MIGRATION_SPEC,
)
from .rule_format import RULE_SPEC

__all__ = ["OVERLAY_SPEC", "Touched", "apply_changes"]

_ID = s.Text(pattern=ITEM_ID, what="an id", max_length=64)
_OVERRIDE = s.Field(s.Boolean(), description="Replace what an inner overlay changed.")
_TEXT = s.Text(max_length=20_000)
_LABEL = s.Text(max_length=500)

CHANGE_SPEC: Final = s.Keyed(code="invalid-value", what="a change mapping", variants={
    "add_benchmark": s.Record({
        "add_benchmark": s.Field(BENCHMARK_SPEC, required=True),
        "after": s.Field(_ID, description="Insert after this benchmark (default: last)."),
    }),
    "remove_benchmark": s.Record({"remove_benchmark": s.Field(_ID, required=True),
                                  "override": _OVERRIDE}),
    "change_benchmark": s.Record({
        "change_benchmark": s.Field(_ID, required=True),
        "title": s.Field(_LABEL), "summary": s.Field(_TEXT), "rule": s.Field(RULE_SPEC),
        "weight": s.Field(s.Number(exclusive_minimum=0)), "override": _OVERRIDE}),
    "add_characteristic": s.Record({
        "add_characteristic": s.Field(CHARACTERISTIC_SPEC, required=True),
        "benchmark": s.Field(_ID, required=True),
        "after": s.Field(_ID, description="Insert after this characteristic (default: last)."),
    }),
    "remove_characteristic": s.Record({"remove_characteristic": s.Field(_ID, required=True),
                                       "override": _OVERRIDE}),
    "rename_benchmark": s.Record({"rename_benchmark": s.Field(_ID, required=True),
                                  "to": s.Field(_ID, required=True,
                                                description="The benchmark's new id."),
                                  "override": _OVERRIDE}),
    "rename_characteristic": s.Record({
        "rename_characteristic": s.Field(_ID, required=True),
        "to": s.Field(_ID, required=True, description="The characteristic's new id; rules "
                                                       "that name it follow."),
        "override": _OVERRIDE}),
    "change_characteristic": s.Record({
        "change_characteristic": s.Field(_ID, required=True),
        "text": s.Field(_TEXT), "guidance": s.Field(_TEXT),
        "weight": s.Field(s.Number(minimum=0)), "tags": s.Field(s.Seq(_LABEL)),
        "override": _OVERRIDE}),
    "set_scale": s.Record({"set_scale": s.Field(s.Seq(LEVEL_SPEC), required=True),
                           "override": _OVERRIDE}),
})

_FIELDS = FRAMEWORK_SPEC.fields
OVERLAY_SPEC: Final = s.Record({
    **{k: _FIELDS[k] for k in ("schema", "id", "version", "title", "publisher", "phase",
                               "institution", "status", "provenance", "description")},
    "extends": s.Field(s.Text(max_length=1_000, what="a framework reference or a relative "
                              "path"), required=True,
                       description="The base: a reference such as ne-primary@1.0.0, or a "
                                   "path relative to this file's folder."),
    "changes": s.Field(s.Seq(CHANGE_SPEC), required=True),
    "migration": s.Field(MIGRATION_SPEC),
    "extensions": _FIELDS["extensions"],
}, what="an overlay mapping")

#: What each overlay changed, for conflicts between stacked overlays:
#: (kind, id, field) -> "overlay-ref (file:line)".
Touched = dict[tuple[str, str, str], str]


def _find(items: list[dict[str, Any]], item_id: str) -> int:
    return next((i for i, x in enumerate(items) if x.get("id") == item_id), -1)


def apply_changes(base: dict[str, Any], overlay: dict[str, Any], ctx: s.Check,
                  touched: Touched, broken: Collection[int] = ()
                  ) -> tuple[dict[str, Any], Touched, dict[str, str]]:
    """Apply an overlay's checked changes to the base's file-form data, but those whose
    index is in ``broken`` (they have a problem of their own; a later change that names
    what one of them adds is told so).

    ``touched`` holds what inner overlays changed; the result's holds this one's too.
    Problems go to ``ctx`` at the change that causes them. The third result says which
    change last touched each benchmark (by id; ``"scale"`` for the scale and ``"*"`` for
    the list of benchmarks), so a problem of the resolved framework can be placed at the
    change that caused it.
    """
    me = f"{overlay.get('id') or '?'}@{overlay.get('version') or '?'}"
    base_ref = f"{base['id']}@{base['version']}"
    benchmarks: list[dict[str, Any]] = [dict(b) for b in base["benchmarks"]]
    for b in benchmarks:
        b.setdefault("origin", base_ref)
        b["characteristics"] = [dict(c, origin=c.get("origin", base_ref))
                                for c in b["characteristics"]]
    scale = base["scale"]
    mine: Touched = {}
    out_touched = dict(touched)

    def owner_of(char_id: str) -> tuple[int, int]:
        for bi, b in enumerate(benchmarks):
            ci = _find(b["characteristics"], char_id)
            if ci >= 0:
                return bi, ci
        return -1, -1

    def touch(path: str, key: tuple[str, str, str], override: bool) -> bool:
        line = ctx.where(path)
        here = f"{me} ({ctx.source}:{line[0] if line else '?'})"
        if key in mine:
            ctx.add(path, "conflict", f"this overlay already changes {key[0]} {key[1]}"
                    f"{'' if key[2] == '*' else ' ' + key[2]} at {mine[key]}; make one change")
            return False
        if key in touched and not override:
            ctx.add(path, "conflict", f"{key[0]} {key[1]}"
                    f"{'' if key[2] == '*' else ' ' + key[2]} was already changed by "
                    f"{touched[key]}; add 'override: true' to replace that change")
            return False
        mine[key] = here
        out_touched[key] = here
        return True

    def mark(item: dict[str, Any], what: str) -> None:
        item["origin"] = f"{item.get('origin', base_ref)}; {what} by {me}"

    blame: dict[str, str] = {}
    #: Ids this overlay removed or renamed, and how: for a later change that names them.
    gone: dict[str, str] = {}

    def unknown(where: str, code: str, item_id: str, what: str) -> None:
        fate = gone.get(item_id)
        ctx.add(where, code, f"{item_id!r} is not a {what} of {base_ref}"
                + (f"; this overlay {fate}" if fate else ""))

    changes = overlay.get("changes")
    for i, change in enumerate(changes if isinstance(changes, list) else []):
        path = f"$.changes[{i}]"
        if i in broken:
            for kind in ("add_benchmark", "add_characteristic"):
                added = change.get(kind) if isinstance(change, dict) else None
                if isinstance(added, dict) and isinstance(added.get("id"), str):
                    gone[added["id"]] = f"adds it at {path}, a change with a problem"
            continue
        if not isinstance(change, dict):
            continue
        _blame(change, path, blame, owner_of, benchmarks)
        override = change.get("override") is True
        if "add_benchmark" in change:
            new = change["add_benchmark"]
            if not isinstance(new, dict) or not isinstance(new.get("id"), str):
                continue
            if _find(benchmarks, new["id"]) >= 0:
                ctx.add(f"{path}.add_benchmark.id", "duplicate-id",
                        f"benchmark {new['id']!r} already exists in {base_ref}")
                continue
            position = len(benchmarks)
            if isinstance(change.get("after"), str):
                at = _find(benchmarks, change["after"])
                if at < 0:
                    ctx.add(f"{path}.after", "unknown-benchmark",
                            f"{change['after']!r} is not a benchmark of {base_ref}")
                    continue
                position = at + 1
            touch(path, ("benchmark", new["id"], "*"), override)
            listed = new.get("characteristics")
            chars = [dict(c, origin=f"added by {me}")
                     for c in (listed if isinstance(listed, list) else []) if isinstance(c, dict)]
            benchmarks.insert(position, {**new, "characteristics": chars,
                                         "origin": f"added by {me}"})
        elif "remove_benchmark" in change or "change_benchmark" in change:
            key = "remove_benchmark" if "remove_benchmark" in change else "change_benchmark"
            bid = change[key]
            at = _find(benchmarks, bid) if isinstance(bid, str) else -1
            if at < 0:
                if isinstance(bid, str):
                    unknown(f"{path}.{key}", "unknown-benchmark", bid, "benchmark")
                continue
            if key == "remove_benchmark":
                if touch(path, ("benchmark", bid, "*"), override):
                    del benchmarks[at]
                    gone[bid] = f"removed it at {path}"
                continue
            for field in ("title", "summary", "rule", "weight"):
                if field in change and touch(f"{path}.{field}", ("benchmark", bid, field),
                                             override):
                    benchmarks[at][field] = change[field]
            changed = [f for f in ("title", "summary", "rule", "weight") if f in change]
            if changed:
                mark(benchmarks[at], "changed " + ", ".join(changed))
        elif "add_characteristic" in change:
            new = change["add_characteristic"]
            bid = change.get("benchmark")
            if not isinstance(new, dict) or not isinstance(new.get("id"), str):
                continue
            if owner_of(new["id"])[0] >= 0:
                ctx.add(f"{path}.add_characteristic.id", "duplicate-id",
                        f"characteristic {new['id']!r} already exists in {base_ref}")
                continue
            at = _find(benchmarks, bid) if isinstance(bid, str) else -1
            if at < 0:
                if isinstance(bid, str):
                    unknown(f"{path}.benchmark", "unknown-benchmark", bid, "benchmark")
                continue
            chars = benchmarks[at]["characteristics"]
            position = len(chars)
            if isinstance(change.get("after"), str):
                ci = _find(chars, change["after"])
                if ci < 0:
                    ctx.add(f"{path}.after", "unknown-characteristic",
                            f"{change['after']!r} is not a characteristic of benchmark {bid}")
                    continue
                position = ci + 1
            touch(path, ("characteristic", new["id"], "*"), override)
            chars.insert(position, {**new, "origin": f"added by {me}"})
        elif "remove_characteristic" in change or "change_characteristic" in change:
            key = ("remove_characteristic" if "remove_characteristic" in change
                   else "change_characteristic")
            cid = change[key]
            bi, ci = owner_of(cid) if isinstance(cid, str) else (-1, -1)
            if bi < 0:
                if isinstance(cid, str):
                    unknown(f"{path}.{key}", "unknown-characteristic", cid, "characteristic")
                continue
            item = benchmarks[bi]["characteristics"][ci]
            if key == "remove_characteristic":
                if touch(path, ("characteristic", cid, "*"), override):
                    del benchmarks[bi]["characteristics"][ci]
                    gone[cid] = f"removed it at {path}"
                continue
            fields = [f for f in ("text", "guidance", "weight", "tags") if f in change]
            for field in fields:
                if touch(f"{path}.{field}", ("characteristic", cid, field), override):
                    item[field] = change[field]
            if fields:
                mark(item, "changed " + ", ".join(fields))
        elif "rename_benchmark" in change or "rename_characteristic" in change:
            _rename(change, path, benchmarks, owner_of, touch, mark, unknown, gone, ctx,
                    override)
        elif (isinstance(change.get("set_scale"), list)
              and touch(path, ("scale", "scale", "*"), override)):
            scale = change["set_scale"]
    resolved: dict[str, Any] = {
        "schema": FRAMEWORK_SCHEMA,
        **{k: base[k] for k in ("institution",) if k in base},
        **{k: overlay[k] for k in ("id", "version", "title", "publisher", "phase",
                                   "institution", "status", "provenance", "description",
                                   "migration", "extensions")
           if k in overlay},
        "adapted_from": base_ref,
        "scale": scale,
        "benchmarks": benchmarks,
    }
    return resolved, out_touched, blame


def _rename(change: dict[str, Any], path: str, benchmarks: list[dict[str, Any]],
            owner_of: Any, touch: Any, mark: Any, unknown: Any, gone: dict[str, str],
            ctx: s.Check, override: bool) -> None:
    """Give a benchmark or a characteristic a new id; a rule naming a renamed
    characteristic follows it, and later changes must use the new id."""
    kind = "benchmark" if "rename_benchmark" in change else "characteristic"
    old, new = change[f"rename_{kind}"], change.get("to")
    if not isinstance(old, str) or not isinstance(new, str):
        return
    taken = _find(benchmarks, new) >= 0 or owner_of(new)[0] >= 0
    if kind == "benchmark":
        at = _find(benchmarks, old)
        if at < 0:
            unknown(f"{path}.rename_benchmark", "unknown-benchmark", old, "benchmark")
            return
        item = benchmarks[at]
    else:
        bi, ci = owner_of(old)
        if bi < 0:
            unknown(f"{path}.rename_characteristic", "unknown-characteristic", old,
                    "characteristic")
            return
        item = benchmarks[bi]["characteristics"][ci]
    if taken:
        ctx.add(f"{path}.to", "duplicate-id", f"{new!r} is already an id in this framework")
        return
    if not touch(path, (kind, old, "id"), override):
        return
    item["id"] = new
    mark(item, f"renamed from {old}")
    gone[old] = f"renamed it to {new!r} at {path}"
    if kind == "characteristic" and "rule" in benchmarks[bi]:
        benchmarks[bi]["rule"] = _renamed_in(benchmarks[bi]["rule"], old, new)


def _renamed_in(rule: Any, old: str, new: str) -> Any:
    """``rule`` with every mention of the id ``old`` made ``new``."""
    if isinstance(rule, str):
        return new if rule == old else rule
    if isinstance(rule, list):
        return [_renamed_in(x, old, new) for x in rule]
    if isinstance(rule, dict):
        return {k: _renamed_in(v, old, new) for k, v in rule.items()}
    return rule


def _blame(change: dict[str, Any], path: str, blame: dict[str, str], owner_of: Any,
           benchmarks: list[dict[str, Any]]) -> None:
    """Record which benchmark (or the scale, or the list) ``change`` is about to touch."""
    if "set_scale" in change:
        blame["scale"] = path
    if isinstance(change.get("rename_benchmark"), str) and isinstance(change.get("to"), str):
        blame[change["to"]] = path
    for key in ("add_benchmark", "remove_benchmark", "change_benchmark", "rename_benchmark"):
        bid = change.get(key)
        bid = bid.get("id") if isinstance(bid, dict) else bid
        if isinstance(bid, str):
            blame[bid] = path
            blame["*"] = path
    if isinstance(change.get("benchmark"), str):
        blame[change["benchmark"]] = path
    for key in ("remove_characteristic", "change_characteristic", "rename_characteristic"):
        cid = change.get(key)
        if isinstance(cid, str):
            bi, _ = owner_of(cid)
            if bi >= 0 and isinstance(benchmarks[bi].get("id"), str):
                blame[benchmarks[bi]["id"]] = path
