"""The formats layer: every file the library reads or writes.

YAML read with positions (:mod:`.yaml_reader`), the schema language (:mod:`.spec`), one
schema per file format (framework, overlay, audit, action plan), overlay resolution and
change-table checks, CSV and folder cohort readers, data frames and Parquet read back,
bundled and installed frameworks (:mod:`.registry`), capped reads and atomic writes. Only
this layer touches files.

>>> from primary_benchmarks.formats import loads_framework, dumps_framework, load_framework
>>> fw = load_framework("ne-primary")
>>> loads_framework(dumps_framework(fw)) == fw
True
"""

from .any_file import check_file
from .audit_io import (
    check_audit_file,
    check_audit_text,
    check_plan_text,
    dump_audit,
    dump_plan,
    dumps_audit,
    dumps_plan,
    load_audit,
    load_plan,
    loads_audit,
    loads_plan,
)
from .cohort_csv import dumps_audits_csv
from .cohort_io import CohortLoad, load_cohort
from .frames import cohort_from_arrow, cohort_from_pandas, cohort_from_polars, read_parquet
from .json_schema import SCHEMA_KINDS, json_schema
from .loading import (
    check_framework_text,
    dump_framework,
    dumps_framework,
    load_framework,
    load_migration_chain,
    loads_framework,
)
from .references import available_references, check_reference_text, load_reference
from .registry import (
    ENTRY_POINT_GROUP,
    FrameworkInfo,
    available_frameworks,
    bundled_frameworks,
    clear_caches,
    find_framework,
    registry_problems,
)
from .samples import sample
from .workbook import audit_workbook, check_audit_workbook, write_audit_template

__all__ = [
    "ENTRY_POINT_GROUP",
    "SCHEMA_KINDS",
    "CohortLoad",
    "FrameworkInfo",
    "audit_workbook",
    "available_frameworks",
    "available_references",
    "bundled_frameworks",
    "check_audit_file",
    "check_audit_text",
    "check_audit_workbook",
    "check_file",
    "check_framework_text",
    "check_plan_text",
    "check_reference_text",
    "clear_caches",
    "cohort_from_arrow",
    "cohort_from_pandas",
    "cohort_from_polars",
    "dump_audit",
    "dump_framework",
    "dump_plan",
    "dumps_audit",
    "dumps_audits_csv",
    "dumps_framework",
    "dumps_plan",
    "find_framework",
    "json_schema",
    "load_audit",
    "load_cohort",
    "load_framework",
    "load_migration_chain",
    "load_plan",
    "load_reference",
    "loads_audit",
    "loads_framework",
    "loads_plan",
    "read_parquet",
    "registry_problems",
    "sample",
    "write_audit_template",
]
