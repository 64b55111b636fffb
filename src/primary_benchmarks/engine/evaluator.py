"""The one evaluator: scores and achievement rules over a matrix of level codes.

A framework compiles once into lookup tables. Audits become a matrix of small
integer level codes (audits x characteristics, characteristics in framework
order, so each benchmark is a contiguous block of columns); every count,
share, score and rule is computed over that matrix with numpy. One audit is a
cohort of one; a million audits run the same code.

A level code is the level's index in ``framework.scale.levels``; one more
code (``Compiled.unrated_code``) means "not rated" and counts everywhere as
the lowest applicable level.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..model.rules import All, AllOf, AnyOf, AtLeast, MinScore, Rule

if TYPE_CHECKING:
    from ..model.framework import Framework

__all__ = ["SCORE_TOLERANCE", "Compiled", "MatrixScores", "clear_cache", "compile_framework",
           "compiled_for"]

#: ``min_score`` rules compare the weighted mean with this absolute tolerance, so that
#: a mean that is mathematically equal to the threshold (0.8 from 0.5 and 1.1 ...) meets it.
SCORE_TOLERANCE = 1e-9

Codes = npt.NDArray[np.int8]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
RuleFn = Callable[[Codes], Bools]


class MatrixScores:
    """Per audit and benchmark: level counts, sums, and whether each rule is met.

    ``agg[..., k]`` holds, for k = 0..3: characteristics at an achieved level,
    applicable characteristics, the sum of weight * value and the sum of
    weights over applicable characteristics. ``met`` is each rule's verdict
    (meaningful only where some characteristic is applicable).
    """

    __slots__ = ("agg", "counts", "met")

    def __init__(self, counts: npt.NDArray[np.int32], agg: Floats, met: Bools) -> None:
        self.counts = counts  # (audits, benchmarks, levels)
        self.agg = agg        # (audits, benchmarks, 4)
        self.met = met        # (audits, benchmarks)

    @property
    def achieved_chars(self) -> Ints:
        """Characteristics at an achieved level, per audit and benchmark."""
        return self.agg[..., 0].astype(np.int32)

    @property
    def applicable(self) -> Ints:
        """Applicable characteristics, per audit and benchmark."""
        return self.agg[..., 1].astype(np.int32)

    @property
    def wval(self) -> Floats:
        """Sum of weight * level value over applicable characteristics."""
        return self.agg[..., 2]

    @property
    def wsum(self) -> Floats:
        """Sum of weights over applicable characteristics."""
        return self.agg[..., 3]

    @property
    def achieved(self) -> Bools:
        """Rule met, and the benchmark assessed (some characteristic applicable)."""
        out: Bools = self.met & (self.agg[..., 1] > 0)
        return out


class Compiled:
    """A framework turned into lookup tables and rule functions."""

    def __init__(self, framework: Framework) -> None:
        scale = framework.scale
        self.char_ids: tuple[str, ...] = framework.characteristic_ids
        self.index: dict[str, int] = {c: i for i, c in enumerate(self.char_ids)}
        self.level_ids: tuple[str, ...] = scale.ids
        self.level_code: dict[str, int] = {lid: i for i, lid in enumerate(scale.ids)}
        self.lowest: int = self.level_code[scale.lowest.id]
        na = scale.not_applicable
        self.na_code: int | None = None if na is None else self.level_code[na.id]
        #: The code of "not rated" in a cohort matrix: one past the scale's levels. Every
        #: table maps it like the lowest level, so unrated counts as the lowest level.
        self.unrated_code: int = len(scale.levels)
        coded = [*scale.levels, scale.lowest]
        self.lut_app: Bools = np.array([not lv.not_applicable for lv in coded])
        self.lut_ach: Bools = np.array([scale.is_achieved(lv.id) for lv in coded])
        self.lut_val: Floats = np.array(
            [0.0 if lv.not_applicable else float(lv.value) for lv in coded])
        self.lut_rank: npt.NDArray[np.int16] = np.array(
            [scale.rank(lv.id) for lv in coded], dtype=np.int16)
        self.achieved_code: int = self.level_code[scale.achieved_ids[0]]
        self.highest_code: int = self.level_code[scale.highest.id]
        self.weights: Floats = np.array([c.weight for c in framework.characteristics])
        bounds: list[tuple[int, int]] = []
        start = 0
        for b in framework.benchmarks:
            bounds.append((start, start + len(b.characteristics)))
            start += len(b.characteristics)
        self.bounds = bounds
        self.starts: npt.NDArray[np.intp] = np.array([b[0] for b in bounds], dtype=np.intp)
        self.benchmark_ids: tuple[str, ...] = tuple(b.id for b in framework.benchmarks)
        self.rules: tuple[Rule, ...] = tuple(b.rule for b in framework.benchmarks)
        self.rule_is_all: list[bool] = [isinstance(r, All) for r in self.rules]
        self.rule_fns_present: list[tuple[int, RuleFn]] = [
            (i, self._compile(b.rule, bounds[i], b.characteristic_ids))
            for i, b in enumerate(framework.benchmarks) if not isinstance(b.rule, All)]
        n_levels = len(scale.levels)
        # One-hot rows by code; the unrated code's row is the lowest level's.
        self.eye: npt.NDArray[np.int8] = np.eye(n_levels, dtype=np.int8)[
            [*range(n_levels), self.lowest]]
        self.lut_app_float: Floats = self.lut_app.astype(np.float64)
        self.uniform_weights = bool(np.all(self.weights == self.weights[0]))
        w0 = float(self.weights[0])
        # Per level (rows), the quantities summed by `score`: counts @ lut_agg.
        self.lut_agg: Floats = np.stack([self.lut_ach.astype(np.float64), self.lut_app_float,
                                         self.lut_val * w0, self.lut_app_float * w0],
                                        axis=1)[:n_levels]
        # Tables derived once from the framework (block tables, blocker tables, ...).
        self.value_cache: dict[Any, Any] = {}
        # Small immutable values shared between results (bounded by their users).
        self.memo: dict[Any, Any] = {}
        # Plain-Python copies for explaining one audit without numpy scalar overhead.
        self.app_list: list[bool] = self.lut_app.tolist()
        self.weight_list: list[float] = self.weights.tolist()
        self.rank_list: list[int] = self.lut_rank.tolist()
        # For `all` rules: the blocked (column, needed code) pair per column and level code.
        need_rank = self.rank_list[self.achieved_code]
        self.all_blocked: list[list[tuple[int, int] | None]] = [
            [(c, self.achieved_code) if self.app_list[code] and self.rank_list[code] < need_rank
             else None for code in range(n_levels)] for c in range(len(self.char_ids))]

    # -- rules --------------------------------------------------------------------------

    def _scope(self, of: Sequence[str] | None, local: Sequence[str]
               ) -> npt.NDArray[np.intp] | None:
        if of is None:
            return None
        pos = {c: i for i, c in enumerate(local)}
        return np.array([pos[c] for c in of], dtype=np.intp)

    def _threshold(self, level: str | None) -> Bools:
        if level is None:
            return self.lut_ach
        rank = self.lut_rank[self.level_code[level]]
        out: Bools = self.lut_rank >= rank
        return out

    def _compile(self, rule: Rule, bounds: tuple[int, int], local: Sequence[str]) -> RuleFn:
        lo, hi = bounds
        if isinstance(rule, All):
            lut_ach, lut_app = self.lut_ach, self.lut_app

            def all_fn(m: Codes) -> Bools:
                sub = m[:, lo:hi]
                return np.asarray((lut_ach[sub] | ~lut_app[sub]).all(axis=1), dtype=np.bool_)
            return all_fn
        if isinstance(rule, AllOf | AnyOf):
            parts = [self._compile(r, bounds, local) for r in rule.rules]
            combine = np.logical_and if isinstance(rule, AllOf) else np.logical_or

            def combo_fn(m: Codes) -> Bools:
                acc: Bools = parts[0](m)
                for part in parts[1:]:
                    acc = np.asarray(combine(acc, part(m)), dtype=np.bool_)
                return acc
            return combo_fn
        scope = self._scope(rule.of, local)
        lut_app = self.lut_app

        def take(m: Codes) -> Codes:
            sub = m[:, lo:hi]
            return sub if scope is None else sub[:, scope]

        if isinstance(rule, MinScore):
            weights = self.weights[lo:hi] if scope is None else self.weights[lo:hi][scope]
            lut_val, target = self.lut_val, float(rule.score)

            def score_fn(m: Codes) -> Bools:
                sub = take(m)
                w = lut_app[sub] * weights
                total = w.sum(axis=1)
                wval = (lut_val[sub] * weights).sum(axis=1)
                met: Bools = (total > 0) & (wval >= (target - SCORE_TOLERANCE) * total)
                return met
            return score_fn
        hit = self._threshold(rule.level)
        if rule.count is not None:
            count = rule.count

            def count_fn(m: Codes) -> Bools:
                met: Bools = hit[take(m)].sum(axis=1) >= count
                return met
            return count_fn
        share = Fraction(rule.percent) / 100 if rule.percent is not None else Fraction(1)
        num, den = share.numerator, share.denominator

        def share_fn(m: Codes) -> Bools:
            sub = take(m)
            applicable = lut_app[sub].sum(axis=1)
            met: Bools = (applicable > 0) & (hit[sub].sum(axis=1) * den >= num * applicable)
            return met
        return share_fn

    # -- scoring ------------------------------------------------------------------------

    def score(self, m: Codes) -> MatrixScores:
        """Counts, sums and rule verdicts for every audit (row) and benchmark."""
        # One-hot levels per characteristic, summed over each benchmark's block of columns.
        counts = np.add.reduceat(self.eye[m], self.starts, axis=1, dtype=np.int32)
        # [achieved, applicable, weight * value, weight] in one product over the levels.
        agg = counts @ self.lut_agg
        if not self.uniform_weights:
            weighted = np.add.reduceat(self.eye[m] * self.weights[:, None], self.starts,
                                       axis=1, dtype=np.float64)
            agg[..., 2] = weighted @ self.lut_val[:-1]
            agg[..., 3] = weighted @ self.lut_app_float[:-1]
        met = agg[..., 0] == agg[..., 1]  # the `all` rule
        for b, fn in self.rule_fns_present:
            met[:, b] = fn(m)
        return MatrixScores(counts, agg, met)

    # -- explaining ---------------------------------------------------------------------

    def blocking(self, b: int, row: Sequence[int]) -> list[tuple[int, int]]:
        """For benchmark ``b`` of one audit (``row`` of codes): (column, needed code) pairs.

        What blocks a rule, by form: ``all``, the applicable characteristics below
        the achieved level; a share, the applicable characteristics in scope below
        the level counted; a count, those and the not-applicable ones in scope
        (a count needs its number whatever is not applicable); ``min_score``, the
        applicable characteristics of positive weight in scope below the highest level
        (for a share or a score whose scope holds nothing applicable, every characteristic
        in it, of positive weight for a score); ``all_of``,
        what blocks each unmet part (the highest need kept); ``any_of``, what
        blocks the unmet part with the fewest blockers (the first such part on a tie).
        """
        lo, hi = self.bounds[b]
        rule = self.rules[b]
        if isinstance(rule, All):  # the common case, from a table
            table = self.all_blocked
            return [p for p in (table[c][row[c]] for c in range(lo, hi)) if p is not None]
        # Raising one part's blockers can bring a not-applicable characteristic into
        # another part's scope (a count beside a score): explain again from the raised row
        # until raising every blocker meets the rule (needs only rise, so this ends).
        needs: dict[int, int] = {}
        current = list(row)
        rank = self.rank_list
        for _ in range((hi - lo) * len(rank) + 1):
            changed = False
            for col, need in self._blocking(rule, lo, hi, current).items():
                if col not in needs or rank[need] > rank[needs[col]]:
                    needs[col] = current[col] = need
                    changed = True
            if not changed or self._met(rule, lo, hi, current):
                break
        return sorted(needs.items())

    def _met(self, rule: Rule, lo: int, hi: int, row: Sequence[int]) -> bool:
        fn = self._compile(rule, (lo, hi), self.char_ids[lo:hi])
        return bool(fn(np.asarray([row], dtype=np.int8))[0])

    def _blocking(self, rule: Rule, lo: int, hi: int, row: Sequence[int]) -> dict[int, int]:
        if isinstance(rule, AllOf):
            out: dict[int, int] = {}
            for part in rule.rules:
                if not self._met(part, lo, hi, row):
                    for col, need in self._blocking(part, lo, hi, row).items():
                        out[col] = max(out.get(col, need), need,
                                       key=self.rank_list.__getitem__)
            return out
        if isinstance(rule, AnyOf):
            options = [self._blocking(p, lo, hi, row) for p in rule.rules
                       if not self._met(p, lo, hi, row)]
            return min(options, key=len) if options else {}
        cols: Sequence[int] = range(lo, hi)
        if isinstance(rule, AtLeast | MinScore) and rule.of is not None:
            cols = [self.index[c] for c in rule.of]
        if isinstance(rule, MinScore):
            need = self.highest_code
        elif isinstance(rule, AtLeast) and rule.level is not None:
            need = self.level_code[rule.level]
        else:
            need = self.achieved_code
        rank, app = self.rank_list, self.app_list
        need_rank = rank[need]
        # A count needs its number whatever is not applicable, so there a not-applicable
        # characteristic in scope blocks too; shares and scores leave it out.
        # A share or score over a scope where nothing is applicable cannot be met until
        # something there is rated: then the not-applicable ones in scope block too.
        # A score weighs each characteristic: one of weight 0 can neither block it nor,
        # applicable, give it a weighted mean.
        if isinstance(rule, MinScore):
            cols = [c for c in cols if self.weight_list[c] > 0]
        counts_na = (isinstance(rule, AtLeast) and rule.count is not None) or not any(
            app[row[c]] for c in cols)
        return {c: need for c in cols
                if (app[row[c]] and rank[row[c]] < need_rank) or (counts_na and not app[row[c]])}


def compile_framework(framework: Framework) -> Compiled:
    """Compile a framework for scoring, afresh (:func:`compiled_for` caches this)."""
    return Compiled(framework)


# Compiled frameworks, keyed by the framework object's identity: a framework is frozen, so
# its compiled form never goes stale; the entry goes when the framework is collected.
_COMPILED: dict[int, Compiled] = {}


def compiled_for(framework: Framework) -> Compiled:
    """The framework compiled for scoring, built once per framework object.

    >>> from primary_benchmarks import load_framework
    >>> compiled_for(load_framework("ne-primary")).char_ids[:2]
    ('P1.1', 'P1.2')
    """
    key = id(framework)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = Compiled(framework)
        weakref.finalize(framework, _COMPILED.pop, key, None)
    return found


def clear_cache() -> None:
    """Forget every compiled framework (they are rebuilt on next use).

    >>> clear_cache()
    """
    _COMPILED.clear()
