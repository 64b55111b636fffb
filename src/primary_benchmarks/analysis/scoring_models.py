"""Named scoring models: one number per audit, each a documented pure function.

How each model counts a characteristic by its level:

| model | achieved level | partial (below achieved) | not applicable | unrated |
|---|---|---|---|---|
| ``share-achieved`` | 1 | 0 | left out | 0 (lowest level) |
| ``mean-level-value`` | its value | its value | left out | lowest level's value |
| ``xccdf-default`` | pass (100) | fail (0) | left out | fail |
| ``xccdf-flat`` | its weight | 0 | left out | 0 |
| ``xccdf-flat-unweighted`` | 1 | 0 | left out | 0 |
| ``xccdf-absolute`` | pass | fail | left out | fail |

The XCCDF models follow the XCCDF 1.2 specification's scoring section with
characteristics as rules (result *pass* when rated at an achieved level,
*notapplicable* at the not-applicable level, *fail* otherwise), benchmarks as
groups of weight 1, and characteristic weights as rule weights.

- ``share-achieved``: achieved / applicable characteristics, out of 1; ``None``
  when none is applicable.
- ``mean-level-value``: the weighted mean of level values over applicable
  characteristics, out of the highest level value; ``None`` when none is applicable.
- ``xccdf-default``: a benchmark scores the weighted mean of its characteristics'
  0/100 scores; the audit scores the plain mean over benchmarks that have an
  applicable characteristic; out of 100; 0 when nothing is applicable.
- ``xccdf-flat``: the sum of weights of passing characteristics, out of the sum of
  weights of applicable ones.
- ``xccdf-flat-unweighted``: the number of passing characteristics, out of the
  number of applicable ones.
- ``xccdf-absolute``: 1 when every applicable characteristic passes (also when
  none is applicable), otherwise 0; out of 1.

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

import types
from collections.abc import Callable, Mapping

import attrs
import numpy as np

from ..engine.codes import audit_codes, check_audit_against
from ..engine.evaluator import compiled_for
from ..errors import AuditMismatchError
from ..model.audit import Audit
from ..model.framework import Framework

__all__ = [
    "SCORING_MODELS",
    "ModelScore",
    "mean_level_value",
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


def _arrays(audit: Audit, framework: Framework) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                         np.ndarray]:
    """Per characteristic: applicable, passing (achieved), level value, weight."""
    if audit.framework != framework.ref:
        raise AuditMismatchError(check_audit_against(audit, framework))
    c = compiled_for(framework)
    row = np.asarray(audit_codes(audit, c), dtype=np.intp)
    return c.lut_app[row], c.lut_ach[row], c.lut_val[row], c.weights


def share_achieved(audit: Audit, framework: Framework) -> ModelScore:
    """Achieved characteristics over applicable ones (see the module docs).

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> share_achieved(load_audit(sample("audits/baseline.yaml")),
    ...                load_framework("ne-primary")).score
    0.275
    """
    app, ach, _, _ = _arrays(audit, framework)
    n = int(app.sum())
    return ModelScore(model="share-achieved",
                      score=int((ach & app).sum()) / n if n else None, maximum=1.0)


def mean_level_value(audit: Audit, framework: Framework) -> ModelScore:
    """The weighted mean of level values over applicable characteristics.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> mean_level_value(load_audit(sample("audits/baseline.yaml")),
    ...                  load_framework("ne-primary")).score
    0.4125
    """
    app, _, val, w = _arrays(audit, framework)
    total = float((w * app).sum())
    return ModelScore(model="mean-level-value",
                      score=float((w * val * app).sum()) / total if total else None,
                      maximum=float(framework.scale.highest.value))


def xccdf_default(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's default model: weighted 0/100 means per benchmark, averaged over benchmarks.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_default(load_audit(sample("audits/baseline.yaml")),
    ...               load_framework("ne-primary")).maximum
    100.0
    """
    app, ach, _, w = _arrays(audit, framework)
    scores = []
    for lo, hi in compiled_for(framework).bounds:
        weight = float((w[lo:hi] * app[lo:hi]).sum())
        if weight:
            scores.append(float((w[lo:hi] * (ach[lo:hi] & app[lo:hi])).sum()) * 100 / weight)
    return ModelScore(model="xccdf-default",
                      score=sum(scores) / len(scores) if scores else 0.0, maximum=100.0)


def xccdf_flat(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's flat model: summed weights of passing characteristics.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> audit = load_audit(sample("audits/baseline.yaml"))
    >>> xccdf_flat(audit, load_framework("ne-primary"))
    ModelScore(model='xccdf-flat', score=11.0, maximum=40.0)
    """
    app, ach, _, w = _arrays(audit, framework)
    return ModelScore(model="xccdf-flat", score=float((w * (ach & app)).sum()),
                      maximum=float((w * app).sum()))


def xccdf_flat_unweighted(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's flat unweighted model: the number of passing characteristics.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_flat_unweighted(load_audit(sample("audits/baseline.yaml")),
    ...                       load_framework("ne-primary")).score
    11.0
    """
    app, ach, _, _ = _arrays(audit, framework)
    return ModelScore(model="xccdf-flat-unweighted", score=float((ach & app).sum()),
                      maximum=float(app.sum()))


def xccdf_absolute(audit: Audit, framework: Framework) -> ModelScore:
    """XCCDF's absolute model: 1 when every applicable characteristic passes, else 0.

    >>> from primary_benchmarks import load_audit, load_framework
    >>> from primary_benchmarks.formats import sample
    >>> xccdf_absolute(load_audit(sample("audits/baseline.yaml")),
    ...                load_framework("ne-primary")).score
    0.0
    """
    app, ach, _, _ = _arrays(audit, framework)
    return ModelScore(model="xccdf-absolute", score=1.0 if bool((ach | ~app).all()) else 0.0,
                      maximum=1.0)


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
    try:
        fn = SCORING_MODELS[model]
    except KeyError:
        raise ValueError(f"no scoring model {model!r}; choose one of "
                         f"{', '.join(SCORING_MODELS)}") from None
    return fn(audit, framework)
