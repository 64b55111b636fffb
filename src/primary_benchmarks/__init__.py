"""primary_benchmarks: careers-education benchmark frameworks as data and code.

>>> import primary_benchmarks as pb
>>> fw = pb.load_framework("ne-primary")
>>> [b.id for b in fw.benchmarks]
['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']
"""

from __future__ import annotations

from .errors import CODES, FrameworkNotFoundError, Issue, LoadError, PrimaryBenchmarksError
from .framework import STATES, Benchmark, Characteristic, Framework, Level, Scale, Status
from .loading import (
    check_framework_text,
    dump_framework,
    dumps_framework,
    load_framework,
    loads_framework,
)
from .registry import FrameworkInfo, bundled_frameworks, find_framework
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
from .version import FrameworkRef, Version

__version__ = "0.1.0"

__all__ = [
    "CODES",
    "SCHEMA_KINDS",
    "STATES",
    "All",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Benchmark",
    "Characteristic",
    "Framework",
    "FrameworkInfo",
    "FrameworkNotFoundError",
    "FrameworkRef",
    "Issue",
    "Level",
    "LoadError",
    "MinScore",
    "PrimaryBenchmarksError",
    "Rule",
    "Scale",
    "Status",
    "Version",
    "__version__",
    "bundled_frameworks",
    "check_framework_text",
    "describe_rule",
    "dump_framework",
    "dumps_framework",
    "find_framework",
    "json_schema",
    "load_framework",
    "loads_framework",
    "rule_from_data",
    "rule_to_data",
]
