"""Achievement rules: when a benchmark counts as achieved, written as data.

The grammar (in a framework file, under a benchmark's ``rule:`` key):

- ``all``: every applicable characteristic is achieved (the default);
- ``{at_least: 3}`` or ``{at_least: 75%}``: a count, or a share of the
  applicable characteristics, is achieved; ``level: partially`` counts
  characteristics at that level or higher instead, and ``of: [P1.1, P1.3]``
  counts only those characteristics;
- ``{min_score: 0.8}``: the weighted mean of level values over applicable
  characteristics (optionally ``of`` some) is at least 0.8;
- ``{all_of: [rule, ...]}`` and ``{any_of: [rule, ...]}``: composition.

>>> rule_from_data({"at_least": "75%", "level": "partially"})
AtLeast(count=None, percent=Decimal('75'), level='partially', of=None)
>>> rule_to_data(AllOf(rules=(All(), MinScore(score=0.8))))
{'all_of': ['all', {'min_score': 0.8}]}
>>> describe_rule(AtLeast(count=2, of=("P1.1", "P1.2", "P1.3")))
'at least 2 of P1.1, P1.2, P1.3 achieved'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from . import _schema as s

__all__ = [
    "All",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "MinScore",
    "Rule",
    "describe_rule",
    "rule_from_data",
    "rule_to_data",
    "walk_rule",
]


def _ids(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class All:
    """Every applicable characteristic of the benchmark is achieved.

    >>> rule_to_data(All())
    'all'
    """


@attrs.frozen(kw_only=True)
class AtLeast:
    """At least ``count`` characteristics, or ``percent`` % of the applicable ones.

    Exactly one of ``count`` and ``percent`` is set. ``level`` (a level id)
    counts characteristics at that level or higher instead of at the achieved
    level; ``of`` restricts the count to those characteristic ids.

    >>> describe_rule(AtLeast(count=3, level="partially"))
    'at least 3 at partially or above'
    """

    count: int | None = None
    percent: Decimal | None = None
    level: str | None = None
    of: tuple[str, ...] | None = attrs.field(default=None, converter=_ids)


@attrs.frozen(kw_only=True)
class MinScore:
    """The weighted mean of level values (over ``of``, or all applicable) is at least ``score``.

    >>> rule_to_data(MinScore(score=0.75))
    {'min_score': 0.75}
    """

    score: float
    of: tuple[str, ...] | None = attrs.field(default=None, converter=_ids)


@attrs.frozen(kw_only=True)
class AllOf:
    """Every one of ``rules`` is met.

    >>> describe_rule(AllOf(rules=(All(), MinScore(score=0.5))))
    '(all characteristics achieved and mean level value at least 0.5)'
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)


@attrs.frozen(kw_only=True)
class AnyOf:
    """At least one of ``rules`` is met.

    >>> describe_rule(AnyOf(rules=(AtLeast(count=1), MinScore(score=0.5))))
    '(at least 1 achieved or mean level value at least 0.5)'
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)


Rule: TypeAlias = All | AtLeast | MinScore | AllOf | AnyOf

_PERCENT = r"(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)%"


def walk_rule(rule: Rule) -> Iterator[Rule]:
    """Yield ``rule`` and every rule nested in it, depth first.

    >>> [type(r).__name__ for r in walk_rule(AnyOf(rules=(All(), MinScore(score=1))))]
    ['AnyOf', 'All', 'MinScore']
    """
    yield rule
    if isinstance(rule, AllOf | AnyOf):
        for sub in rule.rules:
            yield from walk_rule(sub)


def rule_from_data(data: Any) -> Rule:
    """Build a rule from its checked file form (see the module docs).

    >>> rule_from_data({"at_least": 2, "of": ["P1.1", "P1.2", "P1.3"]})
    AtLeast(count=2, percent=None, level=None, of=('P1.1', 'P1.2', 'P1.3'))
    """
    if data == "all":
        return All()
    if not isinstance(data, Mapping):
        raise ValueError(f"not a rule: {data!r}")
    if "all_of" in data:
        return AllOf(rules=tuple(rule_from_data(r) for r in data["all_of"]))
    if "any_of" in data:
        return AnyOf(rules=tuple(rule_from_data(r) for r in data["any_of"]))
    if "min_score" in data:
        return MinScore(score=float(data["min_score"]), of=data.get("of"))
    target = data["at_least"]
    if isinstance(target, str):
        return AtLeast(percent=Decimal(target.rstrip("%")), level=data.get("level"),
                       of=data.get("of"))
    return AtLeast(count=int(target), level=data.get("level"), of=data.get("of"))


def rule_to_data(rule: Rule) -> Any:
    """The file form of ``rule``; ``rule_from_data`` reverses it.

    >>> rule_to_data(AtLeast(count=2, level="partially"))
    {'at_least': 2, 'level': 'partially'}
    """
    if isinstance(rule, All):
        return "all"
    if isinstance(rule, AllOf | AnyOf):
        key = "all_of" if isinstance(rule, AllOf) else "any_of"
        return {key: [rule_to_data(r) for r in rule.rules]}
    out: dict[str, Any]
    if isinstance(rule, MinScore):
        out = {"min_score": rule.score}
    else:
        out = {"at_least": rule.count if rule.count is not None else f"{rule.percent}%"}
        if rule.level is not None:
            out["level"] = rule.level
    if rule.of is not None:
        out["of"] = list(rule.of)
    return out


def describe_rule(rule: Rule) -> str:
    """A short sentence saying what the rule asks for.

    >>> describe_rule(MinScore(score=0.8, of=("P1.1", "P1.2")))
    'mean level value of P1.1, P1.2 at least 0.8'
    """
    if isinstance(rule, All):
        return "all characteristics achieved"
    if isinstance(rule, AllOf | AnyOf):
        joiner = " and " if isinstance(rule, AllOf) else " or "
        return "(" + joiner.join(describe_rule(r) for r in rule.rules) + ")"
    scope = "" if rule.of is None else " of " + ", ".join(rule.of)
    if isinstance(rule, MinScore):
        return f"mean level value{scope} at least {rule.score:g}"
    amount = str(rule.count) if rule.count is not None else f"{rule.percent}%"
    level = "achieved" if rule.level is None else f"at {rule.level} or above"
    return f"at least {amount}{scope} {level}"


# --- the grammar, as a schema -------------------------------------------------------------

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
        from ._yaml import FLOAT, INT, STR

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
            if re.fullmatch(_PERCENT, node.value.strip()):
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
                          {"type": "string", "pattern": f"^{_PERCENT}$"}]}


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
               benchmark_id: str) -> None:
    """Check a structurally valid rule against its benchmark and the scale."""
    if data is s.INVALID or data == "all" or not isinstance(data, Mapping):
        return
    for key in ("all_of", "any_of"):
        if key in data and isinstance(data[key], list):
            for i, sub in enumerate(data[key]):
                check_rule(sub, f"{path}.{key}[{i}]", ctx,
                           characteristic_ids=characteristic_ids, all_ids=all_ids,
                           level_ids=level_ids, not_applicable=not_applicable,
                           value_range=value_range, benchmark_id=benchmark_id)
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
    if isinstance(score, int | float) and not isinstance(score, bool):
        high = value_range[1]
        if score > high:
            ctx.add(f"{path}.min_score", "impossible-rule",
                    f"{score:g} is above the highest level value ({high:g}), so it can never "
                    "be met")
