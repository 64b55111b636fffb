# mypy: disable-error-code="arg-type"
# (every call here passes the wrong type on purpose)
"""A public function given the wrong thing says what it got and the way on (a TypeError
naming the function and argument), never an AttributeError from deep inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import primary_benchmarks as pb
from primary_benchmarks.errors import UsageError
from primary_benchmarks.formats import sample

FW = pb.load_framework("ne-primary")
LOAD = pb.load_cohort(sample("pilot-audits.csv"))
AUDIT = pb.load_audit(sample("audits/baseline.yaml"))
PLAN = pb.load_plan(sample("plan.yaml"))
PATH = str(sample("audits/baseline.yaml"))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: pb.score(AUDIT, "ne-primary"),
     "score(): framework must be a Framework, not str 'ne-primary'; load it first, such as "
     "pb.load_framework('ne-primary')"),
    (lambda: pb.score("audit.yaml", FW),
     "score(): audit must be an Audit, not str 'audit.yaml'; load it first, such as "
     "pb.load_audit('audit.yaml')"),
    (lambda: pb.score_model(AUDIT, "ne-primary", "xccdf-flat"),
     "score_model(): framework must be a Framework"),
    (lambda: pb.progress(AUDIT, PATH, FW), "progress(): after must be an Audit"),
    (lambda: pb.suggest_targets(PATH, FW), "suggest_targets(): audit must be an Audit"),
    (lambda: pb.evaluate_plan("plan.yaml", AUDIT, FW, today=dt.date(2020, 1, 1)),
     "evaluate_plan(): plan must be an ActionPlan, not str 'plan.yaml'; load it first, "
     "such as pb.load_plan('plan.yaml')"),
    (lambda: pb.migrate(AUDIT, "gatsby@2.0.0"), "migrate(): to must be a Framework"),
    (lambda: pb.diff_frameworks(FW, "gatsby"), "diff_frameworks(): new must be a Framework"),
    (lambda: pb.report(LOAD),
     "report(): cohort must be a Cohort, not CohortLoad CohortLoad(cohort=Cohort('ne-primary"
     "@1.0.0': 198 audits o...; give load_cohort(...).cohort: the load also holds its "
     "problems and counts"),
    (lambda: pb.report(LOAD.cohort, by=123),
     "report(): by must name a school attribute, such as 'local_authority' (or several: "
     "['hub', 'local_authority']), not 123"),
    (lambda: pb.report(LOAD.cohort, as_of="2020-01-01"),
     "report(): as_of must be a datetime.date or several, not '2020-01-01'; such as "
     "datetime.date.fromisoformat('2020-07-31')"),
    (lambda: pb.pilot_tables(LOAD.cohort),
     "pilot_tables(): result must be a CohortReport, not Cohort"),
    (lambda: pb.tidy_records(LOAD),
     "tidy_records(): give load_cohort(...).cohort, not the load itself (the load also holds "
     "its problems and counts)"),
])
def test_the_wrong_argument_is_named_with_the_way_on(call: Callable[[], Any],
                                                     message: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value).startswith(message)


def test_report_takes_one_model_or_attribute_list_as_written() -> None:
    cohort = LOAD.cohort
    assert pb.report(cohort, models="xccdf-flat") == pb.report(cohort, models=["xccdf-flat"])
    assert pb.report(cohort, by=["local_authority", "type"]) == pb.report(
        cohort, by="local_authority,type")


def test_report_refuses_no_replicates() -> None:
    with pytest.raises(UsageError, match=r"replicates=0: draw at least one"):
        pb.report(LOAD.cohort, ci=0.95, replicates=0)
