"""A deliberately naive reference implementation of scoring, written straight from the
definitions in docs/scoring.md with plain Python and no shared code. The property tests
check the library against it."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from primary_benchmarks import Audit, Framework
from primary_benchmarks.model import All, AllOf, AnyOf, AtLeast, MinScore, Rule


def _level(audit: Audit, fw: Framework, cid: str) -> str:
    rating = audit.ratings.get(cid)
    return rating.level if rating is not None else fw.scale.lowest.id


def _is_na(fw: Framework, level: str) -> bool:
    return fw.scale.level(level).not_applicable


def _rank(fw: Framework, level: str) -> int:
    ids = [lv.id for lv in fw.scale.levels if not lv.not_applicable]
    return ids.index(level)


def _achieved(fw: Framework, level: str) -> bool:
    if _is_na(fw, level):
        return False
    ids = [lv.id for lv in fw.scale.levels if not lv.not_applicable]
    first = next(i for i, lid in enumerate(ids) if fw.scale.level(lid).achieved)
    return _rank(fw, level) >= first


def _met(rule: Rule, fw: Framework, audit: Audit, chars: list[str]) -> bool:
    if isinstance(rule, All):
        return all(_achieved(fw, _level(audit, fw, c)) for c in chars
                   if not _is_na(fw, _level(audit, fw, c)))
    if isinstance(rule, AllOf):
        return all(_met(r, fw, audit, chars) for r in rule.rules)
    if isinstance(rule, AnyOf):
        return any(_met(r, fw, audit, chars) for r in rule.rules)
    scope = list(rule.of) if rule.of is not None else chars
    levels = [_level(audit, fw, c) for c in scope]
    applicable = [lv for lv in levels if not _is_na(fw, lv)]
    if isinstance(rule, MinScore):
        weights = {c.id: c.weight for c in fw.characteristics}
        pairs = [(weights[c], fw.scale.level(lv).value) for c, lv in zip(scope, levels,
                                                                           strict=True)
                 if not _is_na(fw, lv)]
        total = sum(w for w, _ in pairs)
        if total == 0:
            return False
        return sum(w * v for w, v in pairs) / total >= rule.score - 1e-9
    assert isinstance(rule, AtLeast)
    if rule.level is None:
        hits = sum(1 for lv in applicable if _achieved(fw, lv))
    else:
        hits = sum(1 for lv in applicable if _rank(fw, lv) >= _rank(fw, rule.level))
    if rule.count is not None:
        return hits >= rule.count
    assert rule.percent is not None
    return bool(applicable) and Fraction(hits, len(applicable)) >= Fraction(rule.percent) / 100


def naive_score(audit: Audit, fw: Framework) -> dict[str, Any]:
    out: dict[str, Any] = {"benchmarks": {}}
    all_app = all_ach = 0
    all_wv = all_w = 0.0
    for b in fw.benchmarks:
        chars = [c.id for c in b.characteristics]
        levels = [_level(audit, fw, c) for c in chars]
        counts = {lv.id: levels.count(lv.id) for lv in fw.scale.levels}
        app = [(c, lv) for c, lv in zip(b.characteristics, levels, strict=True)
               if not _is_na(fw, lv)]
        ach = sum(1 for _, lv in app if _achieved(fw, lv))
        w = sum(c.weight for c, _ in app)
        wv = sum(c.weight * fw.scale.level(lv).value for c, lv in app)
        achieved = _met(b.rule, fw, audit, chars) if app else None
        out["benchmarks"][b.id] = {
            "achieved": achieved, "levels": counts, "applicable": len(app),
            "share": ach / len(app) if app else None, "score": wv / w if w else None}
        all_app += len(app)
        all_ach += ach
        all_w += w
        all_wv += wv
    results = out["benchmarks"].values()
    out["benchmarks_achieved"] = sum(1 for r in results if r["achieved"])
    out["benchmarks_assessed"] = sum(1 for r in results if r["achieved"] is not None)
    out["share"] = all_ach / all_app if all_app else None
    out["score"] = all_wv / all_w if all_w else None
    out["unrated"] = [c for c in fw.characteristic_ids if c not in audit.ratings]
    return out


class no_block_tables:  # noqa: N801 - used as a context manager, like a function
    """Within this block, ``fw`` is scored without block tables (the evaluator runs directly)."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw

    def __enter__(self) -> None:
        from primary_benchmarks.engine import block_tables as _engine

        self.old = _engine.MAX_BLOCK_PATTERNS
        _engine.MAX_BLOCK_PATTERNS = 0
        self._reset()

    def __exit__(self, *exc: object) -> None:
        from primary_benchmarks.engine import block_tables as _engine

        _engine.MAX_BLOCK_PATTERNS = self.old
        self._reset()

    def _reset(self) -> None:
        from primary_benchmarks.engine import compiled_for

        for key in ("block-tables", "lookup"):
            compiled_for(self.fw).value_cache.pop(key, None)


def naive_xccdf(audit: Audit, fw: Framework, model: str) -> tuple[float, float]:
    """The four XCCDF models as the specification's tables walk them (NIST IR 7275r4,
    7.3): benchmarks as groups, characteristics as rules; returns (score, maximum)."""
    results = {}  # rule id -> (result, weight)
    for b in fw.benchmarks:
        for c in b.characteristics:
            level = _level(audit, fw, c.id)
            result = ("notapplicable" if _is_na(fw, level)
                      else "pass" if _achieved(fw, level) else "fail")
            results[c.id] = (result, c.weight)
    if model == "xccdf-default":
        top_score, top_acc = 0.0, 0.0
        for b in fw.benchmarks:
            score, count, acc = 0.0, 0, 0.0
            for c in b.characteristics:  # Score.Default.Rule, then Group.Recurse
                result, weight = results[c.id]
                if result == "notapplicable":
                    continue
                score += (100.0 if result == "pass" else 0.0) * weight
                count += 1
                acc += weight
            if count == 0:
                continue
            group = score / acc if acc else 0.0  # Normalize (s / a, with a = 0 giving 0)
            top_score += group * b.weight
            top_acc += b.weight
        return (top_score / top_acc if top_acc else 0.0), 100.0
    s = m = 0.0
    every_pass = True
    for result, weight in results.values():  # Score.Flat.Rules
        if result == "notapplicable":
            continue
        every_pass = every_pass and result == "pass"
        if model == "xccdf-flat-unweighted":
            weight = 1.0 if weight != 0 else 0.0
        m += weight
        s += weight if result == "pass" else 0.0
    if model == "xccdf-absolute":
        return (1.0 if every_pass else 0.0), 1.0
    return s, m
