"""primary_benchmarks: careers-education benchmark frameworks as data and code.

The names here are the ones needed daily; everything else is importable from its layer:
:mod:`primary_benchmarks.model` (frameworks, audits, plans), :mod:`~primary_benchmarks.formats`
(files), :mod:`~primary_benchmarks.engine` (the evaluator and cohorts),
:mod:`~primary_benchmarks.analysis` (scores, reports, plans, migration) and
:mod:`~primary_benchmarks.output` (tidy data, rendering, charts).

>>> import primary_benchmarks as pb
>>> fw = pb.load_framework("ne-primary")
>>> [b.id for b in fw.benchmarks]
['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']
"""

from __future__ import annotations

import logging as _logging
from typing import TYPE_CHECKING

from ._version import VERSION
from .analysis import (
    AuditScore,
    CohortReport,
    diff_frameworks,
    evaluate_plan,
    migrate,
    progress,
    report,
    score,
    score_model,
    suggest_targets,
)
from .engine import Cohort
from .errors import Issue, LoadError, PrimaryBenchmarksError, UsageError
from .formats import (
    available_frameworks,
    dump_audit,
    dump_framework,
    dump_plan,
    load_audit,
    load_cohort,
    load_framework,
    load_plan,
    loads_audit,
    loads_framework,
    write_audit_template,
)
from .model import (
    Action,
    ActionPlan,
    Audit,
    Benchmark,
    Characteristic,
    Framework,
    FrameworkRef,
    Level,
    Rating,
    Scale,
    School,
    Target,
)
from .output import (
    pilot_tables,
    plot_levels,
    tidy_records,
    to_pandas,
    to_polars,
)

if TYPE_CHECKING:  # loaded on first use at run time (see __getattr__)
    from .cli.publish import publish

__version__ = VERSION  # from the installed metadata: pyproject.toml is the one source

# The library logs through `logging` (logger "primary_benchmarks") and never prints; without
# a handler of the application's, nothing is shown.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

__all__ = [
    "Action",
    "ActionPlan",
    "Audit",
    "AuditScore",
    "Benchmark",
    "Characteristic",
    "Cohort",
    "CohortReport",
    "Framework",
    "FrameworkRef",
    "Issue",
    "Level",
    "LoadError",
    "PrimaryBenchmarksError",
    "Rating",
    "Scale",
    "School",
    "Target",
    "UsageError",
    "__version__",
    "available_frameworks",
    "diff_frameworks",
    "dump_audit",
    "dump_framework",
    "dump_plan",
    "evaluate_plan",
    "load_audit",
    "load_cohort",
    "load_framework",
    "load_plan",
    "loads_audit",
    "loads_framework",
    "migrate",
    "pilot_tables",
    "plot_levels",
    "progress",
    "publish",
    "report",
    "score",
    "score_model",
    "suggest_targets",
    "tidy_records",
    "to_pandas",
    "to_polars",
    "write_audit_template",
]


#: The layers, importable as attributes too.
_LAYERS = ("analysis", "engine", "errors", "formats", "model", "output")


def __getattr__(name: str) -> object:
    """``publish`` is loaded when first used (it brings the command-line layer)."""
    if name == "publish":
        from .cli.publish import publish

        return publish
    raise AttributeError(f"module 'primary_benchmarks' has no attribute {name!r}")


def __dir__() -> list[str]:
    """What tab completion offers: the daily names and the layers, nothing internal."""
    return sorted({*__all__, *_LAYERS})
