"""primary_benchmarks: careers-education benchmark frameworks as data and code.

>>> import primary_benchmarks as pb
>>> fw = pb.load_framework("ne-primary")
>>> [b.id for b in fw.benchmarks]
['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .audit import (
    Audit,
    Evidence,
    Rating,
    School,
    copy_forward,
)
from .changes import (
    CHANGE_KINDS,
    MERGE_POLICIES,
    Change,
    ChangeTable,
)
from .errors import (
    CODES,
    FrameworkNotFoundError,
    Issue,
    LoadError,
    PrimaryBenchmarksError,
)
from .framework import (
    STATES,
    Benchmark,
    Characteristic,
    Framework,
    Level,
    Scale,
    Status,
)
from .loading import (
    check_audit_text,
    check_framework_text,
    check_plan_text,
    dump_audit,
    dump_framework,
    dump_plan,
    dumps_audit,
    dumps_framework,
    dumps_plan,
    load_audit,
    load_framework,
    load_migration_chain,
    load_plan,
    loads_audit,
    loads_framework,
    loads_plan,
)
from .progress import IncomparableAuditsError, Move, Progress, progress
from .registry import (
    ENTRY_POINT_GROUP,
    FrameworkInfo,
    available_frameworks,
    bundled_frameworks,
    find_framework,
    registry_problems,
)
from .rules import (
    All,
    AllOf,
    AnyOf,
    AtLeast,
    MinScore,
    Rule,
    describe_rule,
    rule_from_data,
    rule_to_data,
)
from .schema import SCHEMA_KINDS, json_schema
from .scoring import (
    AuditScore,
    BenchmarkScore,
    Blocker,
    score,
)
from .version import FrameworkRef, Version

if TYPE_CHECKING:  # the rest is imported on first use (see __getattr__)
    from .cohort import (
        Cohort,
        Round,
        build_cohort,
        cohort_from_columns,
    )
    from .cohort_io import CohortLoad, load_cohort
    from .cohort_report import (
        BenchmarkRound,
        CohortReport,
        RoundProgress,
        RoundReport,
        report,
    )
    from .diff import FieldChange, FrameworkDiff, diff_frameworks
    from .export import (
        MissingExtraError,
        cohort_from_arrow,
        cohort_from_pandas,
        cohort_from_polars,
        read_parquet,
        tidy_records,
        to_arrow,
        to_pandas,
        to_polars,
        write_parquet,
    )
    from .migration import (
        SCALE_STRATEGIES,
        Migration,
        MigrationError,
        MigrationNote,
        MigrationReport,
        migrate,
    )
    from .plans import (
        ACTION_STATUSES,
        TARGET_STATUSES,
        Action,
        ActionEvaluation,
        ActionPlan,
        PlanError,
        PlanEvaluation,
        Suggestion,
        Target,
        TargetEvaluation,
        evaluate_plan,
        plan_history,
        review_plan,
        start_plan,
        suggest_targets,
    )
    from .scoring_models import (
        SCORING_MODELS,
        ModelScore,
        mean_level_value,
        score_model,
        share_achieved,
        xccdf_absolute,
        xccdf_default,
        xccdf_flat,
        xccdf_flat_unweighted,
    )

__version__ = "0.1.0"

# Public names from modules imported on first use, so `import primary_benchmarks` stays
# light (cohorts, reports, plans, migration, exports load when first asked for).
_LAZY: dict[str, str] = {
    "Cohort": "cohort",
    "Round": "cohort",
    "build_cohort": "cohort",
    "cohort_from_columns": "cohort",
    "CohortLoad": "cohort_io",
    "load_cohort": "cohort_io",
    "FieldChange": "diff",
    "FrameworkDiff": "diff",
    "diff_frameworks": "diff",
    "MissingExtraError": "export",
    "cohort_from_arrow": "export",
    "cohort_from_pandas": "export",
    "cohort_from_polars": "export",
    "read_parquet": "export",
    "tidy_records": "export",
    "to_arrow": "export",
    "to_pandas": "export",
    "to_polars": "export",
    "write_parquet": "export",
    "SCALE_STRATEGIES": "migration",
    "Migration": "migration",
    "MigrationError": "migration",
    "MigrationNote": "migration",
    "MigrationReport": "migration",
    "migrate": "migration",
    "ACTION_STATUSES": "plans",
    "TARGET_STATUSES": "plans",
    "Action": "plans",
    "ActionEvaluation": "plans",
    "ActionPlan": "plans",
    "PlanError": "plans",
    "PlanEvaluation": "plans",
    "Suggestion": "plans",
    "Target": "plans",
    "TargetEvaluation": "plans",
    "evaluate_plan": "plans",
    "plan_history": "plans",
    "review_plan": "plans",
    "start_plan": "plans",
    "suggest_targets": "plans",
    "BenchmarkRound": "cohort_report",
    "CohortReport": "cohort_report",
    "RoundProgress": "cohort_report",
    "RoundReport": "cohort_report",
    "report": "cohort_report",
    "SCORING_MODELS": "scoring_models",
    "ModelScore": "scoring_models",
    "mean_level_value": "scoring_models",
    "score_model": "scoring_models",
    "share_achieved": "scoring_models",
    "xccdf_absolute": "scoring_models",
    "xccdf_default": "scoring_models",
    "xccdf_flat": "scoring_models",
    "xccdf_flat_unweighted": "scoring_models",
}

__all__ = [
    "ACTION_STATUSES",
    "CHANGE_KINDS",
    "CODES",
    "ENTRY_POINT_GROUP",
    "MERGE_POLICIES",
    "SCALE_STRATEGIES",
    "SCHEMA_KINDS",
    "SCORING_MODELS",
    "STATES",
    "TARGET_STATUSES",
    "Action",
    "ActionEvaluation",
    "ActionPlan",
    "All",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Audit",
    "AuditScore",
    "Benchmark",
    "BenchmarkRound",
    "BenchmarkScore",
    "Blocker",
    "Change",
    "ChangeTable",
    "Characteristic",
    "Cohort",
    "CohortLoad",
    "CohortReport",
    "Evidence",
    "FieldChange",
    "Framework",
    "FrameworkDiff",
    "FrameworkInfo",
    "FrameworkNotFoundError",
    "FrameworkRef",
    "IncomparableAuditsError",
    "Issue",
    "Level",
    "LoadError",
    "Migration",
    "MigrationError",
    "MigrationNote",
    "MigrationReport",
    "MinScore",
    "MissingExtraError",
    "ModelScore",
    "Move",
    "PlanError",
    "PlanEvaluation",
    "PrimaryBenchmarksError",
    "Progress",
    "Rating",
    "Round",
    "RoundProgress",
    "RoundReport",
    "Rule",
    "Scale",
    "School",
    "Status",
    "Suggestion",
    "Target",
    "TargetEvaluation",
    "Version",
    "__version__",
    "available_frameworks",
    "build_cohort",
    "bundled_frameworks",
    "check_audit_text",
    "check_framework_text",
    "check_plan_text",
    "cohort_from_arrow",
    "cohort_from_columns",
    "cohort_from_pandas",
    "cohort_from_polars",
    "copy_forward",
    "describe_rule",
    "diff_frameworks",
    "dump_audit",
    "dump_framework",
    "dump_plan",
    "dumps_audit",
    "dumps_framework",
    "dumps_plan",
    "evaluate_plan",
    "find_framework",
    "json_schema",
    "load_audit",
    "load_cohort",
    "load_framework",
    "load_migration_chain",
    "load_plan",
    "loads_audit",
    "loads_framework",
    "loads_plan",
    "mean_level_value",
    "migrate",
    "plan_history",
    "progress",
    "read_parquet",
    "registry_problems",
    "report",
    "review_plan",
    "rule_from_data",
    "rule_to_data",
    "score",
    "score_model",
    "share_achieved",
    "start_plan",
    "suggest_targets",
    "tidy_records",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "write_parquet",
    "xccdf_absolute",
    "xccdf_default",
    "xccdf_flat",
    "xccdf_flat_unweighted",
]

def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'primary_benchmarks' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
