"""An audit as a row of level codes, and the problems that stop it being one (another
framework version, an unknown characteristic or level)."""

from __future__ import annotations

from ..errors import AuditMismatchError, Issue
from ..model.audit import Audit
from ..model.framework import Framework
from .evaluator import Compiled, compiled_for

__all__ = ['audit_codes', 'check_audit_against']


def check_audit_against(audit: Audit, framework: Framework) -> list[Issue]:
    """Problems that stop ``audit`` being scored against ``framework`` (empty if none)."""
    issues: list[Issue] = []

    def add(path: str, code: str, message: str) -> None:
        issues.append(Issue(file=None, line=None, col=None, path=path, code=code,
                            message=message))

    if audit.framework != framework.ref:
        add("$.framework", "framework-mismatch",
            f"the audit is against {audit.framework}, but the framework given is "
            f"{framework.ref}")
        return issues
    compiled = compiled_for(framework)
    for cid, rating in audit.ratings.items():
        if cid not in compiled.index:
            add(f'$.ratings["{cid}"]', "unknown-characteristic",
                f"{cid!r} is not a characteristic of {framework.ref}")
        elif rating.level not in compiled.level_code:
            add(f'$.ratings["{cid}"]', "unknown-level",
                f"{rating.level!r} is not a level of {framework.ref}")
    return issues


def audit_codes(audit: Audit, compiled: Compiled) -> list[int]:
    """The audit's row of level codes (unrated characteristics at the lowest level)."""
    row = [compiled.lowest] * len(compiled.char_ids)
    index, level_code = compiled.index, compiled.level_code
    try:
        for cid, rating in audit.ratings.items():
            row[index[cid]] = level_code[rating.level]
    except KeyError:
        raise AuditMismatchError(_located(audit, compiled)) from None
    return row


def _located(audit: Audit, compiled: Compiled) -> list[Issue]:
    return [Issue(file=None, line=None, col=None, path=f'$.ratings["{cid}"]',
                  code="unknown-characteristic" if cid not in compiled.index
                  else "unknown-level",
                  message=(f"{cid!r} is not a characteristic of {audit.framework}"
                           if cid not in compiled.index
                           else f"{r.level!r} is not a level of {audit.framework}"))
            for cid, r in audit.ratings.items()
            if cid not in compiled.index or r.level not in compiled.level_code]
