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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from ..errors import ModelError
from .checks import check_finite

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

    def __attrs_post_init__(self) -> None:
        if (self.count is None) == (self.percent is None):
            raise ModelError.of("AtLeast.count", "bad-rule",
                                "give exactly one of count and percent")
        if self.count is not None and (isinstance(self.count, bool)
                                       or not isinstance(self.count, int) or self.count < 1):
            raise ModelError.of("AtLeast.count", "bad-rule",
                                f"must be a whole number of 1 or more, got {self.count!r}")
        if self.percent is not None and not (0 < Decimal(self.percent) <= 100):
            raise ModelError.of("AtLeast.percent", "bad-rule",
                                f"must be above 0 and at most 100, got {self.percent!r}")


@attrs.frozen(kw_only=True)
class MinScore:
    """The weighted mean of level values (over ``of``, or all applicable) is at least ``score``.

    >>> rule_to_data(MinScore(score=0.75))
    {'min_score': 0.75}
    """

    score: float
    of: tuple[str, ...] | None = attrs.field(default=None, converter=_ids)

    def __attrs_post_init__(self) -> None:
        check_finite("MinScore", "score", self.score)


@attrs.frozen(kw_only=True)
class AllOf:
    """Every one of ``rules`` is met.

    >>> describe_rule(AllOf(rules=(All(), MinScore(score=0.5))))
    '(all characteristics achieved and mean level value at least 0.5)'
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def __attrs_post_init__(self) -> None:
        _check_parts("AllOf", self.rules)


@attrs.frozen(kw_only=True)
class AnyOf:
    """At least one of ``rules`` is met.

    >>> describe_rule(AnyOf(rules=(AtLeast(count=1), MinScore(score=0.5))))
    '(at least 1 achieved or mean level value at least 0.5)'
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def __attrs_post_init__(self) -> None:
        _check_parts("AnyOf", self.rules)


def _check_parts(cls: str, rules: tuple[Rule, ...]) -> None:
    if not rules:
        raise ModelError.of(f"{cls}.rules", "bad-rule", "needs at least one rule")
    for r in rules:
        if not isinstance(r, All | AtLeast | MinScore | AllOf | AnyOf):
            raise ModelError.of(f"{cls}.rules", "wrong-type",
                                f"expected a rule, got {type(r).__name__} {r!r}")


Rule: TypeAlias = All | AtLeast | MinScore | AllOf | AnyOf

PERCENT_PATTERN = r"(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)%"


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
