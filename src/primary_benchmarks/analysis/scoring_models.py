"""Named scoring models: one number per audit, each a documented pure function, computed
for one audit or, vectorised, for every audit of a cohort (:func:`model_scores`).

How each model counts a characteristic by its level and weight:

| model | achieved level | partial (below achieved) | not applicable | unrated | weight 0 |
|---|---|---|---|---|---|
| ``share-achieved`` | 1 | 0 | left out | 0 (lowest level) | counted (weights unused) |
| ``mean-level-value`` | its value | its value | left out | lowest level's value | no effect |
| ``xccdf-default`` | pass (100) | fail (0) | left out | fail | counts its benchmark in |
| ``xccdf-flat`` | its weight | 0 | left out | 0 | no effect |
| ``xccdf-flat-unweighted`` | 1 | 0 | left out | 0 | left out |
| ``xccdf-absolute`` | pass | fail | left out | fail | counted: must pass |

The XCCDF models follow the XCCDF 1.2 specification's scoring section (NIST IR 7275r4,
7.3) with characteristics as rules (result *pass* when rated at an achieved level,
*notapplicable* at the not-applicable level, *fail* otherwise), benchmarks as groups (of
their ``weight``, default 1) and characteristic weights as rule weights.

- ``share-achieved``: achieved / applicable characteristics, out of 1; ``None``
  when none is applicable.
- ``mean-level-value``: the weighted mean of level values over applicable
  characteristics, out of the highest level value; ``None`` when no applicable
  characteristic has a weight.
- ``xccdf-default``: a benchmark with an applicable characteristic *counts*; it scores the
  weighted mean of its applicable characteristics' 0/100 scores (0 when their weights are
  all 0: XCCDF's s / a with a = 0). The audit scores the mean of its counting benchmarks'
  scores weighted by benchmark weight; out of 100; 0 when nothing is applicable. The only
  model that uses benchmark weights.
- ``xccdf-flat``: the sum of weights of passing characteristics, out of the sum of
  weights of applicable ones (benchmark weights have no effect, as in XCCDF).
- ``xccdf-flat-unweighted``: the number of passing characteristics of non-zero weight,
  out of the number of applicable ones of non-zero weight (XCCDF: "weights not set to 0
  are taken to be 1.0; items with weights of 0 remain 0").
- ``xccdf-absolute``: 1 when every applicable characteristic passes, weight 0 included
  (also when none is applicable), otherwise 0; out of 1, as the specification defines it.

Where OpenSCAP differs (oscap 1.3): it reports the flat maximum as the absolute model's
maximum; it computes the absolute model as flat *s* = *m*, so a failing weight-0 rule does
not stop a 1 there; and its flat-unweighted model counts a weight-0 rule as 1.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework, score_model
>>> fw = load_framework("ne-primary")
>>> audit = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 7, 1),
...               ratings={"P1.1": "fully", "P1.2": "partially"})
>>> score_model(audit, fw, "xccdf-flat")
ModelScore(model='xccdf-flat', score=1.0, maximum=40.0)
>>> score_model(audit, fw, "mean-level-value").score
0.0375
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..engine.codes import audit_codes, check_audit_against
from ..engine.evaluator import compiled_for
from ..errors import AuditMismatchError, UsageError
from ..model.audit import Audit
from ..model.checks import check_argument
from ..model.framework import Framework

__all__ = [
    "SCORING_MODELS",
    "ModelScore",
    "check_model_names",
    "mean_level_value",
    "model_scores",
    "score_model",
    "share_achieved",
    "xccdf_absolute",
    "xccdf_default",
    "xccdf_flat",
    "xccdf_flat_unweighted",
]


@attrs.frozen(kw_only=True)
class ModelScore:
    """One audit's score under a named model, and the most it could be.

    >>> ModelScore(model="xccdf-flat", score=3.0, maximum=8.0).maximum
    8.0
    """

    model: str
    score: float | None
    maximum: float


Matrix = npt.NDArray[np.int8] | npt.NDArray[np.intp]
Scores = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]


def _parts(codes: Matrix, framework: Framework) -> tuple[Any, ...]:
    c = compiled_for(framework)
    app, ach = c.lut_app[codes], c.lut_ach[codes]
    return c, app, ach & app, c.weights


def _share_achieved(codes: Matrix, framework: Framework) -> Scores:
    _, app, passed, _ = _parts(codes, framework)
    n = app.sum(axis=1)
    return _ratio(passed.sum(axis=1), n), np.ones(len(n))


def _mean_level_value(codes: Matrix, framework: Framework) -> Scores:
    c, app, _, w = _parts(codes, framework)
    weight = (app * w).sum(axis=1)
    top = float(framework.scale.highest.value)
    return _ratio((c.lut_val[codes] * app * w).sum(axis=1), weight), np.full(len(weight), top)


def _xccdf_default(codes: Matrix, framework: Framework) -> Scores:
    c, app, passed, w = _parts(codes, framework)
    n = len(codes)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    counts = np.add.reduceat(app, c.starts, axis=1)
    accumulated = np.add.reduceat(app * w, c.starts, axis=1)
    summed = np.add.reduceat(passed * w, c.starts, axis=1) * 100.0
    # A counting benchmark whose applicable weights are all 0 scores 0 (s / a, a = 0).
    bench = np.divide(summed, accumulated, out=np.zeros_like(summed), where=accumulated > 0)
    bw = np.array([b.weight for b in framework.benchmarks]) * (counts > 0)
    total = bw.sum(axis=1)
    score = np.divide((bench * bw).sum(axis=1), total, out=np.zeros(n), where=total > 0)
    return score, np.full(n, 100.0)


def _xccdf_flat(codes: Matrix, framework: Framework) -> Scores:
    _, app, passed, w = _parts(codes, framework)
    return (passed * w).sum(axis=1).astype(np.float64), (app * w).sum(axis=1).astype(np.float64)


def _xccdf_flat_unweighted(codes: Matrix, framework: Framework) -> Scores:
    _, app, passed, w = _parts(codes, framework)
    counted = w > 0
    return ((passed & counted).sum(axis=1).astype(np.float64),
            (app & counted).sum(axis=1).astype(np.float64))


def _xccdf_absolute(codes: Matrix, framework: Framework) -> Scores:
    _, app, passed, _ = _parts(codes, framework)
    score = (passed == app).all(axis=1).astype(np.float64)
    return score, np.ones(len(score))


def _ratio(num: npt.NDArray[Any], den: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """``num / den``, NaN where ``den`` is 0."""
    out = np.full(len(den), np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


_MATRIX: Mapping[str, Callable[[Matrix, Framework], Scores]] = types.MappingProxyType({
    "share-achieved": _share_achieved,
    "mean-level-value": _mean_level_value,
    "xccdf-default": _xccdf_default,
    "xccdf-flat": _xccdf_flat,
    "xccdf-flat-unweighted": _xccdf_flat_unweighted,
    "xccdf-absolute": _xccdf_absolute,
})


def check_model_names(names: str | Sequence[str]) -> tuple[str, ...]:
    """``names`` as given (``all`` stands for every model, in the documented order; one
    name alone may be given as text), or a :class:`UsageError` naming the models there are.

    >>> check_model_names(["xccdf-flat", "share-achieved", "xccdf-flat"])
    ('xccdf-flat', 'share-achieved')
    >>> len(check_model_names("all"))
    6
    """
    if isinstance(names, str):
        names = (names,)
    out: list[str] = []
    for name in names:
        for one in (SCORING_MODELS if name == "all" else (name,)):
            if one not in SCORING_MODELS:
                raise UsageError(f"no scoring model {one!r}; choose one or more of "
                                 f"{', '.join(SCORING_MODELS)} (or all)")
            if one not in out:
                out.append(one)
    return tuple(out)


def model_scores(codes: Matrix, framework: Framework, model: str) -> Scores:
    """Every row of ``codes`` (audits x characteristics, level codes as a cohort holds
    them) scored with ``model``: the scores (NaN for ``None``) and the maxima.

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    >>> score, most = model_scores(cohort.codes, cohort.framework, "xccdf-flat")
    >>> score.shape, float(most[0])
    ((198,), 40.0)
    """
    check_model_names([model])
    return _MATRIX[model](codes, framework)


def _one(audit: Audit, framework: Framework, model: str) -> ModelScore:
    if audit.framework != framework.ref:
        raise AuditMismatchError(check_audit_against(audit, framework))
    row = np.asarray([audit_codes(audit, compiled_for(framework))], dtype=np.intp)
    score, most = _MATRIX[model](row, framework)
    value = float(score[0])
    return ModelScore(model=model, score=None if math.isnan(value) else value,
                      maximum=float(most[0]))


def share_achieved(audit: Audit, framework: Framework) -> ModelScore:
    """Achieved characteristics over applicable ones (see the module docs).

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> share_achieved(load_audit(sample("audits/baseline.yaml")),
    ...                load_framework("ne-primary")).score
    0.275
    """
    return _one(audit, framework, "share-achieved")


def mean_level_value(audit: Audit, framework: Framework) -> ModelScore:
    """The weighted mean of level values over applicable characteristics.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> mean_level_value(load_audit(sample("audits/baseline.yaml")),
    ...                  load_framework("ne-primary")).score
    0.4125
    """
    return _one(audit, framework, "mean-level-value")


def xccdf_default(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's default model: weighted 0/100 means per benchmark, averaged over benchmarks
    by benchmark weight.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_default(load_audit(sample("audits/baseline.yaml")),
    ...               load_framework("ne-primary")).maximum
    100.0
    """
    return _one(audit, framework, "xccdf-default")


def xccdf_flat(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's flat model: summed weights of passing characteristics.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> audit = load_audit(sample("audits/baseline.yaml"))
    >>> xccdf_flat(audit, load_framework("ne-primary"))
    ModelScore(model='xccdf-flat', score=11.0, maximum=40.0)
    """
    return _one(audit, framework, "xccdf-flat")


def xccdf_flat_unweighted(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's flat unweighted model: the number of passing characteristics (of non-zero
    weight).

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_flat_unweighted(load_audit(sample("audits/baseline.yaml")),
    ...                       load_framework("ne-primary")).score
    11.0
    """
    return _one(audit, framework, "xccdf-flat-unweighted")


def xccdf_absolute(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's absolute model: 1 when every applicable characteristic passes, else 0.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_absolute(load_audit(sample("audits/baseline.yaml")),
    ...                load_framework("ne-primary")).score
    0.0
    """
    return _one(audit, framework, "xccdf-absolute")


#: Every named model, by name.
SCORING_MODELS: Mapping[str, Callable[[Audit, Framework], ModelScore]] = types.MappingProxyType({
    "share-achieved": share_achieved,
    "mean-level-value": mean_level_value,
    "xccdf-default": xccdf_default,
    "xccdf-flat": xccdf_flat,
    "xccdf-flat-unweighted": xccdf_flat_unweighted,
    "xccdf-absolute": xccdf_absolute,
})


def score_model(audit: Audit, framework: Framework, model: str) -> ModelScore:
    """Score ``audit`` with the named model (a key of :data:`SCORING_MODELS`).

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> score_model(load_audit(sample("audits/baseline.yaml")),
    ...             load_framework("ne-primary"), "xccdf-absolute").score
    0.0
    """
    check_argument("score_model", "audit", audit, Audit)
    check_argument("score_model", "framework", framework, Framework)
    try:
        fn = SCORING_MODELS[model]
    except KeyError:
        raise ValueError(f"no scoring model {model!r}; choose one of "
                         f"{', '.join(SCORING_MODELS)}") from None
    return fn(audit, framework)
