"""The analysis layer: pure functions over models, and the results they give.

Scoring and scoring models, progress between audits, cohort reports, action-plan
evaluation and suggestions, migration across versions and framework diffs. No I/O, no
clock reads (dates come in as ``today=``); every result carries what it was made from.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework
>>> from primary_benchmarks.analysis import score
>>> fw = load_framework("ne-primary")
>>> score(Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 7, 1)),
...       fw).benchmarks_achieved
0
"""

from .cross_version import CarriedCohort, carry_over
from .diff import FieldChange, FrameworkDiff, diff_frameworks
from .migration import (
    SCALE_STRATEGIES,
    Migration,
    MigrationError,
    MigrationNote,
    MigrationReport,
    migrate,
)
from .plans import (
    ActionEvaluation,
    PlanError,
    PlanEvaluation,
    TargetEvaluation,
    evaluate_plan,
    plan_history,
    review_plan,
)
from .progress import IncomparableAuditsError, Move, Progress, progress
from .references import Comparison, compare, compare_report
from .report import BenchmarkRound, CohortReport, RoundProgress, RoundReport, report
from .scoring import AuditScore, BenchmarkScore, Blocker, score
from .scoring_models import (
    SCORING_MODELS,
    ModelScore,
    check_model_names,
    mean_level_value,
    model_scores,
    score_model,
    share_achieved,
    xccdf_absolute,
    xccdf_default,
    xccdf_flat,
    xccdf_flat_unweighted,
)
from .suggestions import Suggestion, start_plan, suggest_targets

__all__ = [
    "SCALE_STRATEGIES", "SCORING_MODELS", "ActionEvaluation", "AuditScore", "BenchmarkRound",
    "BenchmarkScore", "Blocker", "CarriedCohort", "CohortReport", "Comparison", "FieldChange",
    "FrameworkDiff", "IncomparableAuditsError", "Migration", "MigrationError", "MigrationNote",
    "MigrationReport", "ModelScore", "Move", "PlanError", "PlanEvaluation", "Progress",
    "RoundProgress", "RoundReport", "Suggestion", "TargetEvaluation", "carry_over",
    "check_model_names", "compare", "compare_report", "diff_frameworks", "evaluate_plan",
    "mean_level_value", "migrate", "model_scores", "plan_history", "progress", "report",
    "review_plan", "score", "score_model", "share_achieved", "start_plan", "suggest_targets",
    "xccdf_absolute", "xccdf_default", "xccdf_flat", "xccdf_flat_unweighted",
]
