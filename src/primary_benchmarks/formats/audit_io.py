"""Audits and action plans: checked against the exact framework version they name (loaded
through the registry unless one is given), read, and written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import Issue, LoadError
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.plan import ActionPlan
from .audit_format import (
    AUDIT_SPEC,
    audit_from_data,
    audit_to_data,
    check_audit,
    check_complete,
)
from .document import AUDIT_SCHEMA, PLAN_SCHEMA, build_model, check_document, dump_yaml
from .files import atomic_write, read_capped
from .loading import _checked, _parsed, load_framework
from .plan_format import PLAN_SPEC, check_plan, plan_from_data, plan_to_data
from .yaml_reader import ParseResult

__all__ = ["WORKBOOK_SUFFIXES", "check_audit_file", "check_audit_text", "check_plan_text",
           "dump_audit", "dump_plan", "dumps_audit", "dumps_plan", "is_workbook", "load_audit",
           "load_plan", "loads_audit", "loads_plan"]


def _framework_for(ref_text: object, framework: Framework | None, ctx: Any
                   ) -> Framework | None:
    """The framework an audit is checked against: the one given, or the one it names."""
    if framework is not None:
        return framework
    if not isinstance(ref_text, str):
        return None
    try:
        return load_framework(ref_text)
    except LoadError as exc:
        for issue in exc.issues:
            ctx.add("$.framework", issue.code, issue.message)
        return None


def check_audit_text(data: bytes | str, source: str = "<string>", *,
                     framework: Framework | None = None, strict: bool = False,
                     parsed: ParseResult | None = None
                     ) -> tuple[Audit | None, tuple[Issue, ...]]:
    """Check an audit document against its framework; return the model and every issue.

    The framework is ``framework`` if given (its ``id@version`` must be the one
    the audit names), else the available framework the audit names. With
    ``strict``, an incomplete audit is an ``unrated`` issue.

    >>> audit, issues = check_audit_text(
    ...     "schema: primary-benchmarks/audit/v1\\nframework: ne-primary@1.0.0\\n"
    ...     "school: {id: '1'}\\ndate: 2019-07-15\\nratings: {P1.1: fuly}\\n", "a.yaml")
    >>> print(issues[0].code, issues[0].line, issues[0].col, issues[0].path)
    unknown-level 5 17 $.ratings["P1.1"]
    """

    def extra(plain: dict[str, Any], ctx: Any) -> None:
        fw = _framework_for(plain.get("framework"), framework, ctx)
        check_audit(plain, ctx, fw)
        ratings = plain.get("ratings")
        if strict and fw is not None and isinstance(ratings, dict):
            check_complete(ratings, fw, ctx)

    plain, issues = check_document(data, source, AUDIT_SPEC, extra, *_parsed(parsed),
                                   expect=AUDIT_SCHEMA)
    if issues or plain is None:
        return None, tuple(issues)
    return build_model(audit_from_data, plain, source)


def loads_audit(data: bytes | str, *, framework: Framework | None = None,
                source: str = "<string>") -> Audit:
    """Load an audit from YAML text; raise :class:`LoadError` listing every issue.

    >>> audit = loads_audit("schema: primary-benchmarks/audit/v1\\nframework: ne-primary@1.0.0\\n"
    ...                     "school: {id: '1'}\\ndate: 2020-07-01\\nratings: {P1.1: fully}\\n")
    >>> audit.ratings["P1.1"].level
    'fully'
    """
    audit, issues = check_audit_text(data, source, framework=framework)
    if audit is None:
        raise LoadError(issues)
    return audit


#: The suffixes read as audit workbooks (``.xlsm``, a macro workbook, only to be refused).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a spreadsheet workbook (by its suffix, any case)."""
    return os.fspath(path).lower().endswith(WORKBOOK_SUFFIXES)


def check_audit_file(path: str | os.PathLike[str], *, framework: Framework | None = None,
                     strict: bool = False) -> tuple[Audit | None, tuple[Issue, ...]]:
    """Check an audit file, YAML or workbook; return the model and every problem."""
    source = os.fspath(path)
    if not is_workbook(path):
        try:
            data = read_capped(path)
        except LoadError as exc:
            return None, exc.issues
        return check_audit_text(data, source, framework=framework, strict=strict)
    from .workbook import MAX_WORKBOOK_BYTES, check_audit_workbook

    if source.lower().endswith(".xlsm"):
        return None, (Issue(file=source, line=None, col=None, path="$",
                            code="workbook-format", message="macro workbooks (.xlsm) are not "
                            "read: save it as an Excel workbook (.xlsx) without macros"),)
    try:
        data = read_capped(path, MAX_WORKBOOK_BYTES)
    except LoadError as exc:
        return None, exc.issues
    audit, issues = check_audit_workbook(data, source, framework=framework)
    if audit is not None and strict:
        fw = framework or load_framework(str(audit.framework))
        missing = [c for c in fw.characteristic_ids if c not in audit.ratings]
        if missing:
            return None, (Issue(file=source, line=None, col=None, path="$.ratings",
                                code="unrated", sheet="Ratings",
                                message=f"{len(missing)} of {len(fw.characteristic_ids)} "
                                        f"characteristics are not rated: "
                                        f"{', '.join(missing[:10])}"),)
    return audit, issues


def load_audit(path: str | os.PathLike[str], *, framework: Framework | None = None) -> Audit:
    """Load an audit file (YAML, or an ``.xlsx`` audit workbook), checked against
    ``framework`` or the framework it names.

    >>> from primary_benchmarks.formats import sample
    >>> load_audit(sample("audits/baseline.yaml")).school.id
    '100001'
    """
    audit, issues = check_audit_file(path, framework=framework)
    if audit is None:
        raise LoadError(issues)
    return audit


def check_plan_text(data: bytes | str, source: str = "<string>", *,
                    framework: Framework | None = None, parsed: ParseResult | None = None
                    ) -> tuple[ActionPlan | None, tuple[Issue, ...]]:
    """Check an action plan against its framework; return the model and every issue.

    >>> plan, issues = check_plan_text("schema: primary-benchmarks/action-plan/v1\\n", "p.yaml")
    >>> plan is None, issues[0].code
    (True, 'missing-key')
    """

    def extra(plain: dict[str, Any], ctx: Any) -> None:
        check_plan(plain, ctx, _framework_for(plain.get("framework"), framework, ctx))

    plain, issues = check_document(data, source, PLAN_SPEC, extra, *_parsed(parsed),
                                   expect=PLAN_SCHEMA)
    if issues or plain is None:
        return None, tuple(issues)
    return build_model(plan_from_data, plain, source)


def loads_plan(data: bytes | str, *, framework: Framework | None = None,
               source: str = "<string>") -> ActionPlan:
    """Load an action plan from YAML text; raise :class:`LoadError` listing every issue.

    >>> from primary_benchmarks.formats import sample
    >>> plan = load_plan(sample("pilot-plan-SYN001.yaml"))
    >>> loads_plan(dumps_plan(plan)) == plan
    True
    """
    plan, issues = check_plan_text(data, source, framework=framework)
    if plan is None:
        raise LoadError(issues)
    return plan


def load_plan(path: str | os.PathLike[str], *, framework: Framework | None = None
              ) -> ActionPlan:
    """Load an action plan file, checked against ``framework`` or the one it names.

    >>> from primary_benchmarks.formats import sample
    >>> len(load_plan(sample("pilot-plan-SYN001.yaml")).targets)
    6
    """
    return loads_plan(read_capped(path), framework=framework, source=str(path))


def dumps_plan(plan: ActionPlan) -> str:
    """The plan as YAML text; loading it gives an equal plan.

    >>> from primary_benchmarks.formats import sample
    >>> dumps_plan(load_plan(sample("pilot-plan-SYN001.yaml"))).splitlines()[0]
    'schema: primary-benchmarks/action-plan/v1'
    """
    return _checked("action plan", dump_yaml(plan_to_data(plan)),
                    lambda text: check_document(text, "<dump>", PLAN_SPEC)[1])


def dump_plan(plan: ActionPlan, path: str | os.PathLike[str]) -> None:
    """Write the plan to ``path`` atomically (a temporary file renamed into place).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
    >>> from primary_benchmarks.formats import sample
    >>> dump_plan(load_plan(sample("pilot-plan-SYN001.yaml")), path)
    >>> load_plan(path).school.id
    'SYN001'
    """
    atomic_write(Path(path), dumps_plan(plan))


def dumps_audit(audit: Audit) -> str:
    """The audit as YAML text; loading it gives an equal audit.

    >>> from primary_benchmarks.formats import sample
    >>> text = dumps_audit(load_audit(sample("audits/incomplete.yaml")))
    >>> text.splitlines()[1]
    'framework: ne-primary@1.0.0'
    """
    return _checked("audit", dump_yaml(audit_to_data(audit)),
                    lambda text: check_document(text, "<dump>", AUDIT_SPEC)[1])


def dump_audit(audit: Audit, path: str | os.PathLike[str], *,
               framework: Framework | None = None) -> None:
    """Write the audit to ``path`` atomically (a temporary file renamed into place): YAML,
    or a filled audit workbook when ``path`` ends in ``.xlsx`` (made from ``framework``, or
    the framework the audit names).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "audit.yaml"
    >>> from primary_benchmarks.formats import sample
    >>> dump_audit(load_audit(sample("audits/incomplete.yaml")), path)
    >>> load_audit(path).school.id
    '100002'
    """
    if is_workbook(path):
        from .workbook import audit_workbook

        fw = framework or load_framework(str(audit.framework))
        atomic_write(Path(path), audit_workbook(fw, audit))
        return
    atomic_write(Path(path), dumps_audit(audit))
