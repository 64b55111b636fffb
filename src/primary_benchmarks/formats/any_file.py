"""Any file the library reads, checked by the format its ``schema:`` line names: a
framework (or overlay), an audit, an action plan or a set of reference figures.

>>> from primary_benchmarks.formats import sample
>>> model, issues = check_file(sample("audits/baseline.yaml"))
>>> type(model).__name__, issues
('Audit', ())
"""

from __future__ import annotations

import os

from ..errors import Issue, LoadError
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.plan import ActionPlan
from ..model.reference import ReferenceSet
from .audit_format import AUDIT_SCHEMA
from .audit_io import check_audit_file, check_audit_text, check_plan_text, is_workbook
from .document import schema_of
from .files import read_capped
from .json_schema import SCHEMA_KINDS
from .loading import check_framework_text
from .plan_format import PLAN_SCHEMA
from .references import REFERENCE_SCHEMA, check_reference_text
from .yaml_reader import parse

__all__ = ["check_file"]


def check_file(path: str | os.PathLike[str], *, framework: Framework | None = None,
               strict: bool = False, root: str | os.PathLike[str] | None = None
               ) -> tuple[Framework | Audit | ActionPlan | ReferenceSet | None,
                          tuple[Issue, ...]]:
    """Read and check one file of any kind; return its model (``None`` when it has a
    problem) and every problem. A file with no ``schema:`` line is checked as a framework
    (and told it needs one). ``framework`` checks audits and plans against it instead of
    the one they name; ``strict`` asks audits to rate every characteristic; ``root`` is
    the folder an overlay's stack may read from."""
    source = os.fsdecode(path)
    if is_workbook(source):
        return check_audit_file(path, framework=framework, strict=strict)
    try:
        data = read_capped(path)
    except LoadError as exc:
        return None, exc.issues
    result = parse(data, source)
    kind = schema_of(result.root)
    if kind is not None and kind.value not in SCHEMA_KINDS.values():
        known = ", ".join(dict.fromkeys(SCHEMA_KINDS.values()))
        return None, (*result.issues, Issue(
            file=source, line=kind.line, col=kind.col, path="$.schema", code="unknown-schema",
            message=f"{kind.value!r} is not a file format this library reads (known: {known})"))
    if kind is not None and kind.value == PLAN_SCHEMA:
        return check_plan_text(data, source, framework=framework, parsed=result)
    if kind is not None and kind.value == REFERENCE_SCHEMA:
        return check_reference_text(data, source, parsed=result)
    if kind is not None and kind.value == AUDIT_SCHEMA:
        return check_audit_text(data, source, framework=framework, strict=strict,
                                parsed=result)
    return check_framework_text(data, source, root=root, parsed=result)
