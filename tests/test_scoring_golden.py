"""Golden vectors: every rule form, not-applicable handling, weights, incomplete audits
and every scoring model, against results worked out by hand in tests/data/golden/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from primary_benchmarks import Audit, Framework, School, load_framework, score, score_model
from primary_benchmarks.analysis import SCORING_MODELS

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (DATA / "golden" / "scoring.yaml").read_text(encoding="utf-8"))["cases"]


def _framework(name: str) -> Framework:
    return load_framework(DATA / "frameworks" / "valid" / name)


def _audit(case: dict[str, Any], fw: Framework) -> Audit:
    return Audit(framework=fw.ref, school=School(id="golden"), date=dt.date(2020, 7, 1),
                 ratings=case["ratings"])


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-12


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_audit_score(case: dict[str, Any]) -> None:
    fw = _framework(case["framework"])
    result = score(_audit(case, fw), fw)
    assert result.complete is case["complete"]
    assert list(result.unrated) == case.get("unrated", [])
    assert result.benchmarks_achieved == case["benchmarks_achieved"]
    assert result.benchmarks_assessed == case["benchmarks_assessed"]
    assert _close(result.characteristics_achieved, case["characteristics_achieved"])
    assert _close(result.score, case["score"])
    assert dict(result.levels) == case["levels"]
    for bid, (achieved, share, value, blocking) in case["benchmarks"].items():
        got = result.benchmark(bid)
        assert got.achieved is achieved, bid
        assert _close(got.characteristics_achieved, share), bid
        assert _close(got.score, value), bid
        shown = [f"{b.characteristic} {b.level}->{b.needs}" + (" unrated" if b.unrated else "")
                 for b in got.blocking]
        assert shown == blocking, bid


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("model", sorted(SCORING_MODELS))
def test_golden_model_scores(case: dict[str, Any], model: str) -> None:
    fw = _framework(case["framework"])
    got = score_model(_audit(case, fw), fw, model)
    expected_score, expected_max = case["models"][model]
    assert got.model == model
    assert _close(got.score, expected_score)
    assert _close(got.maximum, expected_max)


def test_every_rule_form_is_covered() -> None:
    forms = set()
    for case in CASES:
        for b in _framework(case["framework"]).benchmarks:
            forms |= _forms(b.rule)
    assert forms >= {"All", "AtLeast.count", "AtLeast.percent", "AtLeast.level", "AtLeast.of",
                     "MinScore", "AllOf", "AnyOf"}


def _forms(rule: object) -> set[str]:
    name = type(rule).__name__
    out = {name}
    if name == "AtLeast":
        out |= {f"AtLeast.{k}" for k in ("count", "percent", "level", "of")
                if getattr(rule, k) is not None}
    for sub in getattr(rule, "rules", ()):
        out |= _forms(sub)
    return out


def test_unknown_model() -> None:
    fw = load_framework("ne-primary")
    audit = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 1, 1))
    with pytest.raises(ValueError, match="no scoring model 'best'"):
        score_model(audit, fw, "best")
