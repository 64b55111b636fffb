"""The action plan file format (``primary-benchmarks/action-plan/v1``): schema and checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..engine.evaluator import compiled_for
from ..model.framework import Framework
from ..model.plan import ACTION_STATUSES, ActionPlan
from . import spec as s
from .audit_format import SCHOOL_SPEC
from .converter import converter
from .document import PLAN_SCHEMA, Quoted
from .framework_format import EXACT_REF, ITEM_ID

__all__ = ["PLAN_SCHEMA", "PLAN_SPEC", "check_plan", "plan_from_data", "plan_to_data"]

_TEXT = s.Text(max_length=20_000)
_SHORT = s.Text(max_length=500)
_ID = s.Text(pattern=ITEM_ID, what="an id", max_length=64)

ACTION_SPEC: Final = s.Record({
    "description": s.Field(_TEXT, required=True),
    "owner": s.Field(_SHORT, required=True),
    "due": s.Field(s.Date()),
    "status": s.Field(s.Text(choices=ACTION_STATUSES), description="Default planned."),
    "note": s.Field(_TEXT),
}, what="an action mapping such as {description: ..., owner: ..., status: planned}")

TARGET_SPEC: Final = s.Record({
    "id": s.Field(_ID, required=True, description="Unique in the plan, such as T1."),
    "characteristic": s.Field(_ID),
    "benchmark": s.Field(_ID),
    "level": s.Field(_ID, description="The level to reach (optional for a benchmark)."),
    "due": s.Field(s.Date(), required=True),
    "success_measure": s.Field(_TEXT),
    "actions": s.Field(s.Seq(ACTION_SPEC)),
    "closed": s.Field(s.Date(), description="When a review closed the target as met."),
}, what="a target mapping")

PLAN_SPEC: Final = s.Record({
    "schema": s.Field(s.Text(choices=(PLAN_SCHEMA,), code="unknown-schema"), required=True),
    "framework": s.Field(EXACT_REF, required=True),
    "school": s.Field(SCHOOL_SPEC, required=True),
    "created": s.Field(s.Date(), required=True),
    "version": s.Field(s.Number(integer=True, minimum=1), description="Review count, from 1."),
    "starts_from": s.Field(s.Date(), description="The date of the audit the plan starts from."),
    "reviews": s.Field(s.Seq(s.Date())),
    "targets": s.Field(s.Seq(TARGET_SPEC), required=True),
    "closed_targets": s.Field(s.Seq(TARGET_SPEC)),
}, what="an action plan mapping")

_ORDER = ("schema", "framework", "school", "created", "version", "starts_from", "reviews",
          "targets", "closed_targets")


def check_plan(data: dict[str, Any], ctx: s.Check, framework: Framework | None) -> None:
    """Check ids, levels and the shape of each target against the framework."""
    ref = data.get("framework")
    if framework is not None and isinstance(ref, str) and ref != str(framework.ref):
        ctx.add("$.framework", "framework-mismatch",
                f"the plan is against {ref}, but the framework given is {framework.ref}")
        return
    seen: dict[str, str] = {}
    for key in ("targets", "closed_targets"):
        targets = data.get(key)
        for i, target in enumerate(targets if isinstance(targets, list) else []):
            if not isinstance(target, dict):
                continue
            path = f"$.{key}[{i}]"
            tid = target.get("id")
            if isinstance(tid, str):
                if tid in seen:
                    ctx.add(f"{path}.id", "duplicate-id",
                            f"target id {tid!r} is already used at {seen[tid]}")
                seen.setdefault(tid, path)
            has_c, has_b = "characteristic" in target, "benchmark" in target
            if has_c == has_b:
                ctx.add(path, "invalid-value", "a target names exactly one of characteristic "
                        "and benchmark")
                continue
            if has_c and "level" not in target:
                ctx.add(path, "missing-key", "required key 'level' is missing (the level the "
                        "characteristic should reach)")
            if framework is None:
                continue
            index = compiled_for(framework).index
            cid, bid = target.get("characteristic"), target.get("benchmark")
            if isinstance(cid, str) and cid not in index:
                ctx.add(f"{path}.characteristic", "unknown-characteristic",
                        f"{cid!r} is not a characteristic of {framework.ref}")
            if isinstance(bid, str) and bid not in compiled_for(framework).benchmark_ids:
                ctx.add(f"{path}.benchmark", "unknown-benchmark",
                        f"{bid!r} is not a benchmark of {framework.ref}")
            level = target.get("level")
            if isinstance(level, str):
                if level not in framework.scale.ids:
                    ctx.add(f"{path}.level", "unknown-level",
                            f"{level!r} is not a level of {framework.ref} "
                            f"(levels: {', '.join(framework.scale.ids)})")
                elif framework.scale.rank(level) < 0:
                    ctx.add(f"{path}.level", "invalid-value",
                            f"{level!r} is the not-applicable level; aim for an applicable one")


def plan_from_data(data: Mapping[str, Any]) -> ActionPlan:
    """Build the model from checked data."""
    return converter.structure({k: v for k, v in data.items() if k != "schema"}, ActionPlan)


def plan_to_data(plan: ActionPlan) -> dict[str, Any]:
    """The file form of a plan, keys in the order people read them."""
    out: dict[str, Any] = converter.unstructure(plan, ActionPlan)
    out["schema"] = PLAN_SCHEMA
    out["school"]["id"] = Quoted(plan.school.id)
    for key in ("targets", "closed_targets"):
        for target in out.get(key, ()):
            target["id"] = Quoted(target["id"])
    out.setdefault("targets", [])
    return {k: out[k] for k in _ORDER if k in out}
