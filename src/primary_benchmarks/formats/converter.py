"""The one cattrs converter: checked plain data <-> frozen models, for every file format
(frameworks, change tables, audits, action plans).

Structuring here runs only on data the schema layer has already checked, so
its hooks are strict (no coercion) and exist to build the models' own types:
rules from their grammar, the scale from its list, tuples from lists.
Unstructuring produces the canonical file form (defaults left out).
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Mapping
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..model.audit import Audit, Evidence, Rating, School
from ..model.changes import CHANGE_KINDS, Change, ChangeTable
from ..model.framework import Benchmark, Characteristic, Framework, Status
from ..model.plan import Action, ActionPlan, Target
from ..model.rules import Rule, rule_from_data, rule_to_data
from ..model.scale import Level, Scale
from ..model.version import FrameworkRef

__all__ = ["converter"]

converter = cattrs.Converter(forbid_extra_keys=True)

converter.register_structure_hook(_dt.date, lambda v, _: _ensure(v, _dt.date))
converter.register_unstructure_hook(_dt.date, lambda v: v)
converter.register_structure_hook_func(lambda t: t == Rule, lambda v, _: rule_from_data(v))
converter.register_unstructure_hook_func(lambda t: t == Rule, rule_to_data)
converter.register_structure_hook(
    Scale, lambda v, _: Scale(levels=tuple(converter.structure(x, Level) for x in v)))
converter.register_unstructure_hook(
    Scale, lambda scale: [converter.unstructure(x, Level) for x in scale.levels])


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping | types.MappingProxyType):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _ensure(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


converter.register_structure_hook_func(lambda t: t == Mapping[str, Any],
                                       lambda v, _: dict(v))
converter.register_unstructure_hook_func(lambda t: t == Mapping[str, Any], _plain)

def _structure_table(data: Any, _: Any) -> ChangeTable:
    """The file form (``from``, ``merge``, ``changes`` as single-kind mappings) to the model."""
    changes = []
    for row in data["changes"]:
        kind = next(k for k in row if k in CHANGE_KINDS)
        value = row[kind]
        if kind in ("unchanged", "revised"):
            changes.append(Change(kind=kind, old=(value,), new=(value,),
                                  editorial=row.get("editorial", False)))
        elif kind == "renamed":
            changes.append(Change(kind=kind, old=(value,), new=(row["to"],)))
        elif kind == "split":
            changes.append(Change(kind=kind, old=(value,), new=tuple(row["into"])))
        elif kind == "merged":
            changes.append(Change(kind=kind, old=tuple(value), new=(row["into"],)))
        elif kind == "withdrawn":
            changes.append(Change(kind=kind, old=(value,)))
        else:
            changes.append(Change(kind=kind, new=(value,)))
    return ChangeTable(from_ref=data["from"], changes=tuple(changes),
                       merge=data.get("merge", "lowest"))


def _unstructure_table(table: ChangeTable) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for c in table.changes:
        if c.kind in ("unchanged", "revised"):
            rows.append({c.kind: c.old[0], **({"editorial": True} if c.editorial else {})})
        elif c.kind == "renamed":
            rows.append({"renamed": c.old[0], "to": c.new[0]})
        elif c.kind == "split":
            rows.append({"split": c.old[0], "into": list(c.new)})
        elif c.kind == "merged":
            rows.append({"merged": list(c.old), "into": c.new[0]})
        elif c.kind == "withdrawn":
            rows.append({"withdrawn": c.old[0]})
        else:
            rows.append({"new": c.new[0]})
    out: dict[str, Any] = {"from": table.from_ref}
    if table.merge != "lowest":
        out["merge"] = table.merge
    out["changes"] = rows
    return out


converter.register_structure_hook(ChangeTable, _structure_table)
converter.register_unstructure_hook(ChangeTable, _unstructure_table)


for _cls in (Characteristic, Benchmark, Status):
    converter.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, converter, _cattrs_omit_if_default=True))
_level_fn = make_dict_unstructure_fn(Level, converter, _cattrs_omit_if_default=True,
                                     value=override(omit_if_default=False))


def _unstructure_level(level: Level) -> dict[str, Any]:
    out = _level_fn(level)
    if level.not_applicable and level.value == 0:
        del out["value"]  # a not-applicable level's value is never used
    return out


converter.register_unstructure_hook(Level, _unstructure_level)
converter.register_unstructure_hook(
    Framework,
    make_dict_unstructure_fn(Framework, converter, _cattrs_omit_if_default=True,
                             extensions=override(omit_if_default=True)))
converter.register_structure_hook(
    Framework, make_dict_structure_fn(Framework, converter, _cattrs_forbid_extra_keys=True))


# -- audits and action plans -------------------------------------------------------------

converter.register_structure_hook(FrameworkRef, lambda v, _: FrameworkRef.parse(v))
converter.register_unstructure_hook(FrameworkRef, str)
converter.register_structure_hook_func(lambda t: t == Mapping[str, str], lambda v, _: dict(v))
converter.register_unstructure_hook_func(lambda t: t == Mapping[str, str], dict)


for _part in (School, Evidence):
    converter.register_structure_hook(
        _part, make_dict_structure_fn(_part, converter, _cattrs_forbid_extra_keys=True))
    converter.register_unstructure_hook(
        _part, make_dict_unstructure_fn(_part, converter, _cattrs_omit_if_default=True))


def _structure_rating(data: Any, _: Any) -> Rating:
    """A bare level id, or the mapping form with a note and evidence."""
    if isinstance(data, str):
        return Rating(level=data)
    return _rating_fn(data, Rating)


def _unstructure_rating(rating: Rating) -> Any:
    """A bare level id when there is nothing else to say."""
    if rating.note is None and not rating.evidence:
        return rating.level
    return _rating_out(rating)


_rating_fn = make_dict_structure_fn(Rating, converter, _cattrs_forbid_extra_keys=True)
_rating_out = make_dict_unstructure_fn(Rating, converter, _cattrs_omit_if_default=True)
converter.register_structure_hook(Rating, _structure_rating)
converter.register_unstructure_hook(Rating, _unstructure_rating)
# A plan always says its version and each action its status, default or not.
converter.register_structure_hook(
    Action, make_dict_structure_fn(Action, converter, _cattrs_forbid_extra_keys=True))
converter.register_unstructure_hook(
    Action, make_dict_unstructure_fn(Action, converter, _cattrs_omit_if_default=True,
                                     status=override(omit_if_default=False)))
for _model in (Audit, Target):  # after the hooks their generated functions use
    converter.register_structure_hook(
        _model, make_dict_structure_fn(_model, converter, _cattrs_forbid_extra_keys=True))
    converter.register_unstructure_hook(
        _model, make_dict_unstructure_fn(_model, converter, _cattrs_omit_if_default=True))
converter.register_structure_hook(
    ActionPlan, make_dict_structure_fn(ActionPlan, converter, _cattrs_forbid_extra_keys=True))
converter.register_unstructure_hook(
    ActionPlan, make_dict_unstructure_fn(ActionPlan, converter, _cattrs_omit_if_default=True,
                                         version=override(omit_if_default=False)))
