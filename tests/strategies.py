"""Hypothesis strategies for frameworks (shared by the property tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from primary_benchmarks import Benchmark, Characteristic, Framework, Level, Scale
from primary_benchmarks.model import All, AllOf, AnyOf, AtLeast, MinScore, Rule, Status, walk_rule

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"),
                           blacklist_characters="\u2028\u2029\ufeff\x85"),
    min_size=1, max_size=40).filter(lambda t: t.strip() != "")
_multiline = st.lists(_text, min_size=1, max_size=3).map("\n".join)
_slug = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
_version = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20)).map(
    lambda t: f"{t[0]}.{t[1]}.{t[2]}")
_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    n = draw(st.integers(2, 5))
    values = sorted(draw(st.sets(st.integers(0, 100), min_size=n, max_size=n)))
    first_achieved = draw(st.integers(1, n - 1))
    levels = [Level(id=f"l{i}", label=draw(_text), value=float(v) / 10,
                    achieved=(i >= first_achieved and draw(st.booleans())) or i == first_achieved)
              for i, v in enumerate(values)]
    if draw(st.booleans()):
        na = Level(id="na", label="Not applicable", not_applicable=True)
        levels.insert(draw(st.integers(0, len(levels))), na)
    return Scale(levels=tuple(levels))


def _rule(char_ids: list[str], scale: Scale) -> st.SearchStrategy[Rule]:
    applicable = [lv.id for lv in scale.applicable]
    of = st.none() | st.lists(st.sampled_from(char_ids), min_size=1, unique=True).map(tuple)
    high = max(lv.value for lv in scale.applicable)

    @st.composite
    def at_least(draw: st.DrawFn) -> Rule:
        scope = draw(of)
        size = len(scope) if scope is not None else len(char_ids)
        level = draw(st.none() | st.sampled_from(applicable))
        if draw(st.booleans()):
            return AtLeast(count=draw(st.integers(1, size)), level=level, of=scope)
        pct = draw(st.integers(1, 100))
        return AtLeast(percent=Decimal(pct), level=level, of=scope)

    leaf = st.one_of(
        st.just(All()),
        at_least(),
        st.builds(MinScore, score=st.integers(0, int(high * 10)).map(lambda x: x / 10), of=of),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda rs: AllOf(rules=tuple(rs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda rs: AnyOf(rules=tuple(rs)))),
        max_leaves=4)


@st.composite
def frameworks(draw: st.DrawFn, max_benchmarks: int = 5) -> Framework:
    scale = draw(scales())
    n_bench = draw(st.integers(1, max_benchmarks))
    benchmarks = []
    for b in range(n_bench):
        ids = [f"B{b + 1}.{c + 1}" for c in range(draw(st.integers(1, 5)))]
        weights = [draw(st.sampled_from([1.0, 0.5, 2.0, 3.25, 0.0])) for _ in ids]
        if not any(weights):  # a benchmark needs one characteristic of positive weight
            weights[0] = 1.0
        rule = draw(_rule(ids, scale))
        for part in walk_rule(rule):  # and so does the scope of a min_score rule
            scope = part.of or ids if isinstance(part, MinScore) else ()
            if scope and not any(weights[ids.index(c)] for c in scope):
                weights[ids.index(scope[0])] = 1.0
        chars = tuple(
            Characteristic(
                id=cid, text=draw(_multiline),
                guidance=draw(st.none() | _text),
                weight=weight,
                tags=tuple(draw(st.lists(_text, max_size=2))))
            for cid, weight in zip(ids, weights, strict=True))
        benchmarks.append(Benchmark(id=f"B{b + 1}", title=draw(_text),
                                    summary=draw(st.none() | _multiline),
                                    weight=draw(st.sampled_from([1.0, 2.0, 0.5])),
                                    rule=rule, characteristics=chars))
    return Framework(
        id=draw(_slug), version=draw(_version), title=draw(_text), publisher=draw(_text),
        phase=draw(st.none() | st.sampled_from(["primary", "secondary"])),
        status=Status(state=draw(st.sampled_from(["draft", "accepted"])),
                      date=draw(st.none() | _dates)),
        provenance=draw(_multiline), adapted_from=draw(st.none() | st.just("ne-primary@1.0.0")),
        scale=scale, benchmarks=tuple(benchmarks),
        extensions=draw(st.just({}) | st.just({"x-tool": {"n": 1, "tags": ["a", "b"]}})))
