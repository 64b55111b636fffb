"""The framework file format (``primary-benchmarks/framework/v1``): schema and checks."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Final

from ..model.framework import MAX_BENCHMARKS, MAX_CHARACTERISTICS, STATES, Framework
from ..model.scale import MAX_LEVELS
from ..model.version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN
from . import spec as s
from .converter import converter
from .document import FRAMEWORK_SCHEMA, Quoted
from .rule_format import RULE_SPEC, check_rule

__all__ = ["FRAMEWORK_SCHEMA", "FRAMEWORK_SPEC", "check_framework", "framework_to_data"]

ITEM_ID: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_ID_HINT = "; use letters, digits, '.', '_' and '-', starting with a letter or digit"

_TEXT = s.Text(max_length=20_000)
_LABEL = s.Text(max_length=500)
_ITEM_ID = s.Text(pattern=ITEM_ID, what="an id", hint=_ID_HINT, max_length=64)

LEVEL_SPEC: Final = s.Record({
    "id": s.Field(_ITEM_ID, required=True, description="Level id used in audits."),
    "label": s.Field(_LABEL, required=True),
    "value": s.Field(s.Number(), description="Numeric value used by scores."),
    "achieved": s.Field(s.Boolean(), description="This level and those above count as "
                        "achieved."),
    "not_applicable": s.Field(s.Boolean(), description="Ratings at this level are left out "
                              "of every count."),
    "description": s.Field(_TEXT),
}, what="a level mapping")

CHARACTERISTIC_SPEC: Final = s.Record({
    "id": s.Field(_ITEM_ID, required=True,
                  description="Unique across the whole framework, e.g. P1.1."),
    "text": s.Field(_TEXT, required=True, description="The checkable statement."),
    "guidance": s.Field(_TEXT),
    "weight": s.Field(s.Number(minimum=0),
                      description="Weight in scores (default 1; 0: rated and shown, scored by "
                                  "no weighted model)."),
    "tags": s.Field(s.Seq(_LABEL), description="Free labels such as key stages."),
    "origin": s.Field(_LABEL, description="Where the item comes from (written by resolve)."),
}, what="a characteristic mapping")

BENCHMARK_SPEC: Final = s.Record({
    "id": s.Field(_ITEM_ID, required=True),
    "title": s.Field(_LABEL, required=True),
    "summary": s.Field(_TEXT),
    "rule": s.Field(RULE_SPEC),
    "characteristics": s.Field(s.Seq(CHARACTERISTIC_SPEC, min_items=1), required=True),
    "weight": s.Field(s.Number(exclusive_minimum=0),
                      description="Weight beside the other benchmarks in the xccdf-default "
                                  "scoring model, as XCCDF weighs groups (default 1)."),
    "origin": s.Field(_LABEL, description="Where the item comes from (written by resolve)."),
}, what="a benchmark mapping")

#: An exact framework reference (``id@version``), as audits, plans and change tables need.
EXACT_REF: Final = s.Text(pattern=rf"{FRAMEWORK_ID_PATTERN}@{SEMVER_PATTERN}",
                          code="bad-reference",
                          what="an exact framework reference such as 'ne-primary@1.0.0'")
_ONE = s.Text(pattern=ITEM_ID, what="a characteristic id", hint=_ID_HINT, max_length=64)
_MANY = s.Seq(_ONE, min_items=1)
MIGRATION_SPEC: Final = s.Record({
    "from": s.Field(EXACT_REF, required=True, description="The previous version."),
    "merge": s.Field(s.Text(choices=("lowest", "highest")),
                     description="How merged ratings combine (default lowest)."),
    "changes": s.Field(s.Seq(s.Keyed(code="invalid-value", what="a change mapping", variants={
        "unchanged": s.Record({"unchanged": s.Field(_ONE, required=True),
                               "editorial": s.Field(s.Boolean(), description=(
                                   "The text was edited but asks the same (default false)."))}),
        "revised": s.Record({"revised": s.Field(_ONE, required=True, description=(
            "Same id, substance changed: the rating is carried but needs review."))}),
        "renamed": s.Record({"renamed": s.Field(_ONE, required=True),
                             "to": s.Field(_ONE, required=True)}),
        "split": s.Record({"split": s.Field(_ONE, required=True),
                           "into": s.Field(_MANY, required=True)}),
        "merged": s.Record({"merged": s.Field(_MANY, required=True),
                            "into": s.Field(_ONE, required=True)}),
        "withdrawn": s.Record({"withdrawn": s.Field(_ONE, required=True)}),
        "new": s.Record({"new": s.Field(_ONE, required=True)}),
    })), required=True),
}, what="a change table mapping such as {from: gatsby@1.0.0, changes: [...]}")

FRAMEWORK_SPEC: Final = s.Record({
    "schema": s.Field(s.Text(choices=(FRAMEWORK_SCHEMA,), code="unknown-schema"),
                      required=True, description="The file format and its version."),
    "id": s.Field(s.Text(pattern=FRAMEWORK_ID_PATTERN, what="a lowercase slug such as "
                         "'ne-primary'", max_length=64), required=True),
    "version": s.Field(s.Text(pattern=SEMVER_PATTERN, code="bad-version",
                              what="a semantic version such as '1.0.0'", max_length=64),
                       required=True, description="Semantic version of the content."),
    "title": s.Field(_LABEL, required=True),
    "publisher": s.Field(_LABEL, required=True),
    "phase": s.Field(_LABEL, description="Education phase, such as primary or secondary."),
    "institution": s.Field(s.Text(pattern=r"[a-z][a-z -]*[a-z]", max_length=40,
                                  what="a lowercase noun such as 'school' or 'college'"),
                           description="What reports call the institutions audited "
                                       "(default: school)."),
    "status": s.Field(s.Record({
        "state": s.Field(s.Text(choices=STATES), required=True),
        "date": s.Field(s.Date()),
    }, what="a status mapping such as {state: accepted, date: 2019-09-01}"), required=True),
    "provenance": s.Field(_TEXT, required=True,
                          description="Where the content comes from, in words."),
    "adapted_from": s.Field(s.Text(
        pattern=rf"{FRAMEWORK_ID_PATTERN}(?:@{SEMVER_PATTERN})?", code="bad-reference",
        what="a framework reference such as 'ne-primary@1.0.0'")),
    "description": s.Field(_TEXT),
    "scale": s.Field(s.Seq(LEVEL_SPEC), required=True,
                     description="Rating levels, lowest first."),
    "benchmarks": s.Field(s.Seq(BENCHMARK_SPEC, min_items=1), required=True),
    "migration": s.Field(MIGRATION_SPEC,
                         description="How ids relate to the previous version's."),
    "extensions": s.Field(s.MapOf(key=s.Text(max_length=200, what="an extension name"),
                                  value=s.AnyData()),
                          description="Tool-specific data by name, kept as is."),
}, what="a framework mapping")

_ORDER = ("schema", "id", "version", "title", "publisher", "phase", "institution", "status",
          "provenance",
          "adapted_from", "description", "scale", "benchmarks", "migration", "extensions")


def _valid(value: Any) -> bool:
    return value is not s.INVALID and value is not None


def _check_scale(levels: Any, ctx: s.Check) -> tuple[dict[str, int], str | None,
                                                     tuple[float, float]]:
    valid_list = isinstance(levels, list)
    levels = levels if valid_list else []
    if len(levels) > MAX_LEVELS:
        ctx.add("$.scale", "limit", f"the scale has {len(levels)} levels; the limit is "
                f"{MAX_LEVELS}")
    ids: dict[str, int] = {}
    na: str | None = None
    values: list[float] = []
    achieved_seen = False
    applicable = 0
    for i, level in enumerate(levels):
        if not isinstance(level, dict):
            continue
        path = f"$.scale[{i}]"
        lid = level.get("id")
        if isinstance(lid, str):
            if lid in ids:
                ctx.add(f"{path}.id", "duplicate-id", f"level {lid!r} is defined twice")
            ids.setdefault(lid, i)
        if level.get("not_applicable") is True:
            if level.get("achieved") is True:
                ctx.add(f"{path}.achieved", "bad-scale",
                        "a not-applicable level cannot also count as achieved")
            if na is not None:
                ctx.add(f"{path}.not_applicable", "bad-scale",
                        f"the scale already has a not-applicable level ({na!r})")
            elif isinstance(lid, str):
                na = lid
            continue
        applicable += 1
        value = level.get("value")
        if value is None:
            ctx.add(path, "missing-key", "required key 'value' is missing (every applicable "
                    "level needs a value)")
        elif _valid(value):
            if values and value <= values[-1]:
                ctx.add(f"{path}.value", "bad-scale",
                        f"value {value:g} must be higher than the level below it "
                        f"({values[-1]:g}); list levels from lowest to highest")
            values.append(float(value))
        if level.get("achieved") is True:
            achieved_seen = True
    if valid_list and applicable < 2:
        ctx.add("$.scale", "bad-scale", "the scale needs at least two applicable levels")
    elif valid_list and not achieved_seen and all(isinstance(x, dict) for x in levels):
        ctx.add("$.scale", "bad-scale",
                "no level has 'achieved: true'; mark the first level that counts as achieved")
    value_range = (min(values), max(values)) if values else (0.0, 1.0)
    return ids, na, value_range


def check_framework(data: dict[str, Any], ctx: s.Check) -> None:
    """Check what the schema cannot: unique ids, the scale, and every rule."""
    levels = data.get("scale")
    level_ids, na, value_range = _check_scale(levels, ctx)
    benchmarks = data.get("benchmarks")
    if not isinstance(benchmarks, list):
        return
    if len(benchmarks) > MAX_BENCHMARKS:
        ctx.add("$.benchmarks", "limit", f"the framework has {len(benchmarks):,} benchmarks; "
                f"the limit is {MAX_BENCHMARKS:,}")
    n_chars = sum(len(b["characteristics"]) for b in benchmarks
                  if isinstance(b, dict) and isinstance(b.get("characteristics"), list))
    if n_chars > MAX_CHARACTERISTICS:
        ctx.add("$.benchmarks", "limit", f"the framework has {n_chars:,} characteristics; the "
                f"limit is {MAX_CHARACTERISTICS:,}")
    owner: dict[str, str] = {}
    bench_ids: dict[str, int] = {}
    for bi, bench in enumerate(benchmarks):
        if not isinstance(bench, dict):
            continue
        bid = bench.get("id")
        if isinstance(bid, str):
            if bid in bench_ids:
                ctx.add(f"$.benchmarks[{bi}].id", "duplicate-id",
                        f"benchmark id {bid!r} is already used by $.benchmarks[{bench_ids[bid]}]")
            bench_ids.setdefault(bid, bi)
        chars = bench.get("characteristics")
        for ci, char in enumerate(chars if isinstance(chars, list) else []):
            cid = char.get("id") if isinstance(char, dict) else None
            if not isinstance(cid, str):
                continue
            path = f"$.benchmarks[{bi}].characteristics[{ci}].id"
            if cid in owner:
                ctx.add(path, "duplicate-id",
                        f"characteristic id {cid!r} is already used in benchmark {owner[cid]}")
            else:
                owner[cid] = bid if isinstance(bid, str) else f"#{bi}"
    for bi, bench in enumerate(benchmarks):
        if not isinstance(bench, dict):
            continue
        bid = bench.get("id")
        if isinstance(bid, str) and bid in owner:
            ctx.add(f"$.benchmarks[{bi}].id", "duplicate-id",
                    f"benchmark id {bid!r} is also a characteristic id in benchmark "
                    f"{owner[bid]}; benchmark and characteristic ids must differ")
        chars = bench.get("characteristics")
        char_ids = [c["id"] for c in (chars if isinstance(chars, list) else [])
                    if isinstance(c, dict) and isinstance(c.get("id"), str)]
        weights = [c.get("weight", 1) for c in (chars if isinstance(chars, list) else [])
                   if isinstance(c, dict)]
        if weights and all(w == 0 for w in weights):
            ctx.add(f"$.benchmarks[{bi}].characteristics", "invalid-value",
                    f"every characteristic of benchmark "
                    f"{bid if isinstance(bid, str) else f'#{bi}'} weighs 0: give at least one "
                    "a positive weight (a weight-0 characteristic is rated and shown, but "
                    "scored by no weighted model)")
        if "rule" in bench:
            check_rule(bench["rule"], f"$.benchmarks[{bi}].rule", ctx,
                       characteristic_ids=char_ids, all_ids=owner, level_ids=level_ids,
                       not_applicable=na, value_range=value_range,
                       benchmark_id=bid if isinstance(bid, str) else f"#{bi}",
                       weightless=frozenset(
                           c["id"] for c in (chars if isinstance(chars, list) else [])
                           if isinstance(c, dict) and c.get("weight", 1) == 0
                           and isinstance(c.get("id"), str)))


def framework_from_data(data: Mapping[str, Any]) -> Framework:
    """Build the model from checked data (no issues were found)."""
    body = {k: v for k, v in data.items() if k != "schema"}
    return converter.structure(body, Framework)


def framework_to_data(framework: Framework) -> dict[str, Any]:
    """The file form of a framework, keys in the documented order."""
    raw = converter.unstructure(framework, Framework)
    raw["schema"] = FRAMEWORK_SCHEMA
    raw["version"] = Quoted(raw["version"])
    if not raw.get("extensions"):
        raw.pop("extensions", None)
    for bench in raw["benchmarks"]:
        if bench.get("rule") == "all":
            del bench["rule"]
    return {k: raw[k] for k in _ORDER if k in raw}


@functools.lru_cache(maxsize=32)
def framework_hash(framework: Framework) -> str:
    """The sha256 of a framework's content (its file form, as ``dumps_framework`` writes
    it): what workbooks, published data sets and reports record, so a figure can be traced
    to the exact content it came from.

    >>> import primary_benchmarks as pb
    >>> len(framework_hash(pb.load_framework("ne-primary")))
    64
    """
    import hashlib

    from .document import dump_yaml

    return hashlib.sha256(dump_yaml(framework_to_data(framework)).encode("utf-8")).hexdigest()
