"""The grammar of achievement rules, as a schema, and the checks of a rule against its
benchmark and scale (reported with file positions by the framework format)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..model.rules import PERCENT_PATTERN
from . import spec as s

__all__ = ["RULE_SPEC", "check_rule"]

_ID_LIST = s.Seq(s.Text(pattern=r"[A-Za-z0-9][A-Za-z0-9._-]*", what="a characteristic id"),
                 min_items=1, description="Characteristic ids of this benchmark to count.")
_LEVEL = s.Text(pattern=r"[A-Za-z0-9][A-Za-z0-9._-]*", what="a level id",
                description="Count characteristics at this level or higher.")


def _rule_spec() -> s.Spec:
    return RULE_SPEC


_RULE_REF = s.Ref("rule", _rule_spec)
@attrs.frozen
class _Target(s.Spec):
    """``at_least``'s value: a whole number of characteristics, or a percentage text."""

    description: str = "A number of characteristics, or a share such as \"75%\"."

    def expected(self) -> str:
        return "a whole number or a percentage such as 75%"

    def _check(self, node: Any, path: str, ctx: s.Check) -> Any:
        from .yaml_reader import FLOAT, INT, STR

        ctx.positions[path] = (node.line, node.col)
        if node.kind == "scalar" and node.tag == INT:
            if node.value > s.MAX_NUMBER:
                ctx.add(path, "limit", f"{node.raw[:40]}... is too large; numbers here are "
                        f"at most {s.MAX_NUMBER:,.0f} in size")
                return s.INVALID
            if node.value < 1:
                ctx.add(path, "impossible-rule" if node.value < 0 else "bad-rule",
                        f"at_least must be 1 or more, got {node.raw}")
                return s.INVALID
            return node.value
        if node.kind == "scalar" and node.tag == STR:
            if re.fullmatch(PERCENT_PATTERN, node.value.strip()):
                value = node.value.strip()
                if Decimal(value.rstrip("%")) == 0:
                    ctx.add(path, "bad-rule", "a share of 0% is always met; give a share "
                            "above 0%")
                    return s.INVALID
                return value
            ctx.add(path, "bad-rule", f"{node.value!r} is not a count or a percentage "
                    "between 0% and 100% such as 75%")
            return s.INVALID
        hint = ""
        if node.kind == "scalar" and node.tag == FLOAT:
            hint = "; write a share as a percentage, such as 75%"
        return self._wrong(node, path, ctx, hint)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"description": self.description,
                "oneOf": [{"type": "integer", "minimum": 1},
                          {"type": "string", "pattern": f"^{PERCENT_PATTERN}$"}]}


RULE_SPEC: s.Spec = s.Choice(
    scalar=s.Text(pattern="all", code="bad-rule",
                  what="a rule: write 'all' or a mapping such as {at_least: 3}",
                  description="Every applicable characteristic is achieved."),
    mapping=s.Keyed(
        code="bad-rule",
        what="a rule mapping",
        variants={
            "at_least": s.Record({
                "at_least": s.Field(_Target(), required=True),
                "level": s.Field(_LEVEL),
                "of": s.Field(_ID_LIST),
            }, what="a counting rule"),
            "min_score": s.Record({
                "min_score": s.Field(s.Number(), required=True,
                                     description="Lowest weighted mean of level values."),
                "of": s.Field(_ID_LIST),
            }, what="a score rule"),
            "all_of": s.Record({"all_of": s.Field(s.Seq(_RULE_REF, min_items=1),
                                                  required=True)}),
            "any_of": s.Record({"any_of": s.Field(s.Seq(_RULE_REF, min_items=1),
                                                  required=True)}),
        }),
    what="'all' or a rule mapping such as {at_least: 3}",
    description="When the benchmark counts as achieved.",
)


def check_rule(data: Any, path: str, ctx: s.Check, *, characteristic_ids: Sequence[str],
               all_ids: Mapping[str, str], level_ids: Mapping[str, int],
               not_applicable: str | None, value_range: tuple[float, float],
               benchmark_id: str, weightless: frozenset[str] = frozenset()) -> None:
    """Check a structurally valid rule against its benchmark and the scale;
    ``weightless`` holds the benchmark's characteristics of weight 0."""
    if data is s.INVALID or data == "all" or not isinstance(data, Mapping):
        return
    for key in ("all_of", "any_of"):
        if key in data and isinstance(data[key], list):
            for i, sub in enumerate(data[key]):
                check_rule(sub, f"{path}.{key}[{i}]", ctx,
                           characteristic_ids=characteristic_ids, all_ids=all_ids,
                           level_ids=level_ids, not_applicable=not_applicable,
                           value_range=value_range, benchmark_id=benchmark_id,
                           weightless=weightless)
            return
    scope = len(characteristic_ids)
    of = data.get("of")
    if isinstance(of, list):
        seen: set[str] = set()
        for i, cid in enumerate(of):
            if cid is s.INVALID:
                continue
            sub = f"{path}.of[{i}]"
            if cid in seen:
                ctx.add(sub, "duplicate-id", f"{cid!r} is listed twice")
            elif cid not in characteristic_ids:
                where = (f"; it belongs to benchmark {all_ids[cid]}" if cid in all_ids
                         else "")
                ctx.add(sub, "unknown-characteristic",
                        f"{cid!r} is not a characteristic of benchmark {benchmark_id}{where}")
            seen.add(cid)
        scope = len(seen)
    level = data.get("level")
    if isinstance(level, str):
        if level not in level_ids:
            ctx.add(f"{path}.level", "unknown-level",
                    f"{level!r} is not a level of the scale (levels: {', '.join(level_ids)})")
        elif level == not_applicable:
            ctx.add(f"{path}.level", "bad-rule",
                    f"{level!r} is the not-applicable level; count at an applicable level")
    target = data.get("at_least")
    if isinstance(target, int) and not isinstance(target, bool) and target > scope:
        ctx.add(f"{path}.at_least", "impossible-rule",
                f"asks for {target} characteristics but only {scope} "
                + ("are listed in 'of'" if of is not None else
                   f"belong to benchmark {benchmark_id}"))
    score = data.get("min_score")
    scored = [c for c in (of if isinstance(of, list) else characteristic_ids)
              if isinstance(c, str)]
    if "min_score" in data and scored and all(c in weightless for c in scored):
        ctx.add(f"{path}.min_score", "impossible-rule",
                "every characteristic it scores weighs 0, so its weighted mean never exists "
                "and it can never be met")
    if isinstance(score, int | float) and not isinstance(score, bool):
        high = value_range[1]
        if score > high:
            ctx.add(f"{path}.min_score", "impossible-rule",
                    f"{score:g} is above the highest level value ({high:g}), so it can never "
                    "be met")
