"""primary_benchmarks: careers-education benchmark frameworks as data and code.

>>> import primary_benchmarks as pb
>>> fw = pb.load_framework("ne-primary")
>>> [b.id for b in fw.benchmarks]
['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']
"""

from __future__ import annotations

from .audit import Audit, Evidence, Rating, School, copy_forward
from .changes import CHANGE_KINDS, MERGE_POLICIES, Change, ChangeTable
from .cohort import Cohort, Round, build_cohort, cohort_from_columns
from .cohort_io import CohortLoad, load_cohort
from .diff import FieldChange, FrameworkDiff, diff_frameworks
from .errors import CODES, FrameworkNotFoundError, Issue, LoadError, PrimaryBenchmarksError
from .framework import STATES, Benchmark, Characteristic, Framework, Level, Scale, Status
from .loading import (
    check_audit_text,
    check_framework_text,
    dump_audit,
    dump_framework,
    dumps_audit,
    dumps_framework,
    load_audit,
    load_framework,
    load_migration_chain,
    loads_audit,
    loads_framework,
)
from .migration import (
    SCALE_STRATEGIES,
    Migration,
    MigrationError,
    MigrationNote,
    MigrationReport,
    migrate,
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
from .report import BenchmarkRound, CohortReport, RoundProgress, RoundReport, report
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
from .scoring import AuditScore, BenchmarkScore, Blocker, score
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
from .version import FrameworkRef, Version

__version__ = "0.1.0"

__all__ = [
    "CHANGE_KINDS",
    "CODES",
    "ENTRY_POINT_GROUP",
    "MERGE_POLICIES",
    "SCALE_STRATEGIES",
    "SCHEMA_KINDS",
    "SCORING_MODELS",
    "STATES",
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
    "ModelScore",
    "Move",
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
    "Version",
    "__version__",
    "available_frameworks",
    "build_cohort",
    "bundled_frameworks",
    "check_audit_text",
    "check_framework_text",
    "cohort_from_columns",
    "copy_forward",
    "describe_rule",
    "diff_frameworks",
    "dump_audit",
    "dump_framework",
    "dumps_audit",
    "dumps_framework",
    "find_framework",
    "json_schema",
    "load_audit",
    "load_cohort",
    "load_framework",
    "load_migration_chain",
    "loads_audit",
    "loads_framework",
    "mean_level_value",
    "migrate",
    "progress",
    "registry_problems",
    "report",
    "rule_from_data",
    "rule_to_data",
    "score",
    "score_model",
    "share_achieved",
    "xccdf_absolute",
    "xccdf_default",
    "xccdf_flat",
    "xccdf_flat_unweighted",
]
