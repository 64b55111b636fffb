"""The audit file format (``primary-benchmarks/audit/v1``): schema and checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._text import did_you_mean
from ..engine.evaluator import compiled_for
from ..errors import LoadError
from ..model.audit import Audit
from ..model.framework import Framework
from . import spec as s
from .converter import converter
from .document import AUDIT_SCHEMA, Quoted
from .framework_format import EXACT_REF, ITEM_ID
from .yaml_reader import child_path

__all__ = ["AUDIT_SCHEMA", "AUDIT_SPEC", "audit_from_data", "audit_to_data", "check_audit",
           "check_complete"]


_TEXT = s.Text(max_length=20_000)
_SHORT = s.Text(max_length=500)
_LEVEL_ID = s.Text(pattern=ITEM_ID, what="a level id", max_length=64)

EVIDENCE_SPEC: Final = s.Record({
    "description": s.Field(_TEXT, required=True),
    "date": s.Field(s.Date()),
    "url": s.Field(s.Text(max_length=2_000, pattern=r"\S+", what="a link without spaces")),
}, what="an evidence mapping such as {description: ..., date: 2019-06-30}")

RATING_SPEC: Final = s.Choice(
    scalar=_LEVEL_ID,
    mapping=s.Record({
        "level": s.Field(_LEVEL_ID, required=True),
        "note": s.Field(_TEXT),
        "evidence": s.Field(s.Seq(EVIDENCE_SPEC)),
    }, what="a rating mapping such as {level: partially, note: ...}"),
    what="a level id or a mapping such as {level: partially, note: ...}",
)

SCHOOL_SPEC: Final = s.Record({
    "id": s.Field(s.Text(max_length=64, pattern=r"\S(?:.*\S)?", what="a school id",
                                identifier=True),
                  required=True, description="A stable id, such as the URN (quote numbers)."),
    "name": s.Field(_SHORT),
    "local_authority": s.Field(_SHORT),
    "type": s.Field(_SHORT),
    "attributes": s.Field(s.MapOf(key=s.Text(pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                                             what="an attribute name"), value=_SHORT),
                          description="Further school attributes for breakdowns."),
}, what="a school mapping such as {id: \"100001\", name: ...}")

AUDIT_SPEC: Final = s.Record({
    "schema": s.Field(s.Text(choices=(AUDIT_SCHEMA,), code="unknown-schema"), required=True),
    "framework": s.Field(EXACT_REF, required=True),
    "school": s.Field(SCHOOL_SPEC, required=True),
    "date": s.Field(s.Date(), required=True),
    "round": s.Field(s.Text(max_length=500, identifier=True),
                     description="A label shared by a cohort, such as baseline."),
    "assessor": s.Field(_SHORT),
    "site": s.Field(_SHORT, description="For a school that audits each site separately."),
    "ratings": s.Field(s.MapOf(key=s.Text(pattern=ITEM_ID, what="a characteristic id",
                                          max_length=64), value=RATING_SPEC), required=True),
}, what="an audit mapping")

_ORDER = ("schema", "framework", "school", "date", "round", "assessor", "site", "ratings")


def check_audit(data: dict[str, Any], ctx: s.Check, framework: Framework | None) -> None:
    """Check the ratings against the framework: known characteristic ids and level ids."""
    if framework is None:
        return
    ref = data.get("framework")
    if isinstance(ref, str) and ref != str(framework.ref):
        ctx.add("$.framework", "framework-mismatch",
                f"the audit is against {ref}, but the framework given is {framework.ref}")
        return
    ratings = data.get("ratings")
    if not isinstance(ratings, dict):
        return
    known = compiled_for(framework).index
    levels = framework.scale.ids
    _hint_levels(ctx, framework)
    for cid, rating in ratings.items():
        path = child_path("$.ratings", cid)
        if cid not in known:
            ctx.add(path, "unknown-characteristic",
                    f"{cid!r} is not a characteristic of {framework.ref}"
                    f"{_removed_by_adaptation(cid, framework) or ctx.near(cid, known)}",
                    at_key=True)
            continue
        level = rating.get("level") if isinstance(rating, dict) else rating
        if isinstance(level, str) and level not in levels:
            where = f"{path}.level" if isinstance(rating, dict) else path
            ctx.add(where, "unknown-level",
                    f"{level!r} is not a level of {framework.ref} (levels: {', '.join(levels)})"
                    f"{ctx.near(level, levels)}")


def _removed_by_adaptation(cid: str, framework: Framework) -> str:
    """Why an id is missing when the framework adapts another that has it: ``""`` when it
    does not, or when that base cannot be found."""
    if framework.adapted_from is None:
        return ""
    from .loading import load_framework

    try:
        base = load_framework(framework.adapted_from)
    except LoadError:
        return ""
    if cid not in base.characteristic_ids:
        return ""
    return (f": {framework.ref} adapts {base.ref} and leaves this characteristic out; "
            "remove the rating, or rate the audit against the framework it was made for")


_QUOTED = re.compile(r'; quote it to keep it as text: "(.*)"$')


def _hint_levels(ctx: s.Check, framework: Framework) -> None:
    """A rating YAML read as another type (``no`` is a boolean) is not fixed by quoting it
    (``"no"`` is no level either): hint the framework's levels instead."""
    levels = framework.scale.ids
    for k, issue in enumerate(ctx.issues):
        found = _QUOTED.search(issue.message)
        if issue.code == "wrong-type" and issue.path.startswith("$.ratings[") and found:
            near = did_you_mean(found.group(1), levels)
            ctx.issues[k] = attrs.evolve(issue, message=(
                issue.message[:found.start()] + f"; write one of the levels of "
                f"{framework.ref}: {', '.join(levels)}{near}"))


def check_complete(ratings: Mapping[str, Any], framework: Framework, ctx: s.Check) -> None:
    """An ``unrated`` issue when some characteristic has no rating (``validate --strict``)."""
    missing = [c for c in framework.characteristic_ids if c not in ratings]
    if not missing:
        return
    shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10
                                       else "")
    ctx.add("$.ratings", "unrated",
            f"{len(missing)} of {len(framework.characteristic_ids)} characteristics are not "
            f"rated: {shown}")


def audit_from_data(data: Mapping[str, Any]) -> Audit:
    """Build the model from checked data.

    >>> audit_from_data({"framework": "ne-primary@1.0.0", "school": {"id": "1"},
    ...                  "date": __import__("datetime").date(2020, 7, 1),
    ...                  "ratings": {"P1.1": "fully"}}).ratings["P1.1"].level
    'fully'
    """
    return converter.structure({k: v for k, v in data.items() if k != "schema"}, Audit)


def audit_to_data(audit: Audit) -> dict[str, Any]:
    """The file form of an audit (short ratings written as a bare level id), keys in the
    order people read them."""
    out: dict[str, Any] = converter.unstructure(audit, Audit)
    out["schema"] = AUDIT_SCHEMA
    out["school"]["id"] = Quoted(audit.school.id)
    out.setdefault("ratings", {})
    return {k: out[k] for k in _ORDER if k in out}
