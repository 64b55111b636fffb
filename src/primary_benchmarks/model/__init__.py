"""The model layer: frozen attrs classes that check themselves on construction.

Frameworks (benchmarks, characteristics, the rating scale, achievement rules, change
tables), audits, action plans and versions. No I/O, no numpy, no schema language: every
other layer builds on these.

>>> from primary_benchmarks.model import Version
>>> Version("1.10.0") > Version("1.9.0")
True
"""

from .audit import Audit, Evidence, Rating, School, copy_forward
from .changes import CHANGE_KINDS, MERGE_POLICIES, Change, ChangeTable
from .framework import (
    MAX_BENCHMARKS,
    MAX_CHARACTERISTICS,
    STATES,
    Benchmark,
    Characteristic,
    Framework,
    Status,
)
from .plan import ACTION_STATUSES, TARGET_STATUSES, Action, ActionPlan, Target
from .reference import MEASURES, ReferenceFigure, ReferenceSet
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
    walk_rule,
)
from .scale import MAX_LEVELS, Level, Scale
from .school_table import SchoolTable
from .version import FrameworkRef, Version

__all__ = [
    "ACTION_STATUSES", "CHANGE_KINDS", "MAX_BENCHMARKS", "MAX_CHARACTERISTICS", "MAX_LEVELS",
    "MEASURES", "MERGE_POLICIES", "STATES", "TARGET_STATUSES", "Action", "ActionPlan", "All",
    "AllOf", "AnyOf", "AtLeast", "Audit", "Benchmark", "Change", "ChangeTable", "Characteristic",
    "Evidence", "Framework", "FrameworkRef", "Level", "MinScore", "Rating", "ReferenceFigure",
    "ReferenceSet", "Rule", "Scale", "School", "SchoolTable", "Status", "Target", "Version",
    "copy_forward", "describe_rule", "rule_from_data", "rule_to_data", "walk_rule",
]
