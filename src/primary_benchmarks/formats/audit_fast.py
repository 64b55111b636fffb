"""A fast path for clean audit files: read with libyaml's composer, no positions kept.

Loading a folder of audit files spends most of its time keeping positions for problems
that, in almost every file, are not there. :func:`read_clean_audit` reads a file with the
C composer and the same typing rules and text checks as the strict reader, and gives the
parts a cohort keeps (an :class:`~primary_benchmarks.engine.AuditEntry`), or ``None``
whenever the file is anything but plainly clean: then the caller reads it the strict way,
which finds and places every problem. So the fast path never decides that a file is bad,
and a file it accepts is one the strict path accepts with the same values (a property
tested on generated and hostile files).

It gives up (returns ``None``) on: anything YAML cannot compose as one document, a
byte-order mark other than UTF-8's, any ``&``, ``*`` or ``!`` in the file (anchors,
aliases, tags: the strict reader reports them), nesting that could be deep, a duplicate
or unknown key, a value of an unexpected type or failing its check, a rating with
evidence, a framework other than the one given or one that cannot be loaded.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import yaml

from .._text import identifier
from ..engine.building import AuditEntry
from ..engine.evaluator import compiled_for
from ..errors import LoadError, ModelError
from ..model.audit import School
from ..model.checks import check_text
from ..model.framework import Framework
from . import spec as s
from .audit_format import AUDIT_SCHEMA, AUDIT_SPEC, RATING_SPEC, SCHOOL_SPEC
from .yaml_reader import STR, TIMESTAMP, untagged_scalar

__all__ = ["read_clean_audit"]

class _Composer(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """libyaml's composer with no tag resolution: scalars are typed here, as the strict
    reader types them (a file with an explicit tag never gets this far)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""


#: Nesting is at most one level per indicator character; below this many, the C
#: composer's recursion is safely bounded.
_MAX_INDICATORS = 20_000
_UNSAFE = (b"&", b"*", b"!")


class _GiveUpError(Exception):
    """The file is not plainly clean: read it the strict way."""


class _Quiet(s.Check):
    """A check context that gives up at the first problem instead of recording it."""

    def add(self, *args: Any, **kwargs: Any) -> None:
        raise _GiveUpError


_CTX = _Quiet(source="<fast>")


def _fields(record: s.Spec | None) -> dict[str, s.Spec]:
    assert isinstance(record, s.Record)
    return {name: field.spec for name, field in record.fields.items()}


def _text_spec(spec: s.Spec | None) -> s.Text:
    assert isinstance(spec, s.Text)
    return spec


_TOP = _fields(AUDIT_SPEC)
_SCHOOL = _fields(SCHOOL_SPEC)
assert isinstance(RATING_SPEC, s.Choice)
_RATING = _fields(RATING_SPEC.mapping)
_REQUIRED = frozenset(n for n, f in AUDIT_SPEC.fields.items() if f.required)
_ATTRIBUTES = _SCHOOL["attributes"]
_RATINGS = _TOP["ratings"]
assert isinstance(_ATTRIBUTES, s.MapOf)
assert isinstance(_RATINGS, s.MapOf)
#: The text check of each text field, by its place: "schema", "school.id", "rating.note".
_TEXT: dict[str, s.Text] = {
    name: spec for name, spec in [*_TOP.items(), *(("school." + k, v) for k, v in _SCHOOL.items()),
                                  *(("rating." + k, v) for k, v in _RATING.items())]
    if isinstance(spec, s.Text)} | {
    "school.attribute": _text_spec(_ATTRIBUTES.value), "attribute": _ATTRIBUTES.key,
    "characteristic": _RATINGS.key, "level": _text_spec(RATING_SPEC.scalar)}


def _typed(node: Any, cache: dict[Any, Any]) -> Any:
    """A scalar node's value as the strict reader types it; give up on anything else."""
    if not isinstance(node, yaml.ScalarNode):
        raise _GiveUpError
    key = (node.value, node.style not in (None, ""))
    found = cache.get(key)
    if found is None:
        typed = untagged_scalar(node.value, key[1])
        found = cache[key] = (typed.tag, typed.value)
    return found


def _text(node: Any, check: str, cache: dict[Any, Any]) -> str:
    tag, value = _typed(node, cache)
    if tag != STR:
        raise _GiveUpError
    return _checked(check, value, cache)


def _checked(check: str, value: str, cache: dict[Any, Any]) -> str:
    """``value`` through the text check named ``check`` (results kept in ``cache``)."""
    key = (check, value)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _TEXT[check].check_value(value, "$", _CTX)
    assert isinstance(found, str)
    return found


def _mapping(node: Any, allowed: Any, cache: dict[Any, Any]
             ) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise _GiveUpError
    out: dict[str, Any] = {}
    for key_node, value in node.value:
        tag, key = _typed(key_node, cache)
        if tag != STR or key in out or (allowed is not None and key not in allowed):
            raise _GiveUpError
        out[key] = value
    return out


def _school(node: Any, cache: dict[Any, Any]) -> School:
    fields = _mapping(node, _SCHOOL, cache)
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "attributes":
            values[name] = {_checked("attribute", k, cache):
                            _text(v, "school.attribute", cache)
                            for k, v in _mapping(value, None, cache).items()}
        else:
            values[name] = _text(value, "school." + name, cache)
    if "id" not in values:
        raise _GiveUpError
    return School(**values)


def _levels(node: Any, framework: Framework, cache: dict[Any, Any]
            ) -> dict[str, str]:
    compiled = compiled_for(framework)
    known, levels = compiled.index, compiled.level_code
    out: dict[str, str] = {}
    for cid, value in _mapping(node, None, cache).items():
        if cid not in known:
            raise _GiveUpError
        _checked("characteristic", cid, cache)
        if isinstance(value, yaml.MappingNode):
            parts = _mapping(value, ("level", "note"), cache)
            if "level" not in parts:
                raise _GiveUpError
            if "note" in parts:
                _text(parts["note"], "rating.note", cache)
            value = parts["level"]
        tag, level = _typed(value, cache)
        if tag != STR or level not in levels:
            raise _GiveUpError
        out[cid] = _checked("level", level, cache)
    return out


def read_clean_audit(data: bytes, *, framework: Framework | None,
                     load: Callable[[str], Framework],
                     cache: dict[Any, Any] | None = None,
                     ) -> tuple[AuditEntry, Framework] | None:
    """The entry of a plainly clean audit file and its framework, or ``None``.

    ``framework`` is the framework every audit must be against (``None``: the one each
    file names, found with ``load``); ``cache`` may be shared across files (typed
    scalars repeat from file to file).
    """
    if any(mark in data for mark in _UNSAFE) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    indicators = sum(data.count(c) for c in (b"[", b"{", b"-", b"?", b":"))
    if indicators > _MAX_INDICATORS:
        return None
    cache = {} if cache is None else cache
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        root = yaml.compose(text, Loader=_Composer)
        top = _mapping(root, _TOP, cache)
        if not top.keys() >= _REQUIRED:
            return None
        if _text(top["schema"], "schema", cache) != AUDIT_SCHEMA:
            return None
        ref = _text(top["framework"], "framework", cache)
        if framework is not None and ref != str(framework.ref):
            return None
        fw = framework if framework is not None else load(ref)
        school = _school(top["school"], cache)
        date_tag, date = _typed(top["date"], cache)
        if date_tag != TIMESTAMP or isinstance(date, _dt.datetime):
            return None
        round_label = None
        if "round" in top:
            round_label = identifier(_text(top["round"], "round", cache), "a round label", 500)
        for name in ("assessor", "site"):
            if name in top:
                check_text("Audit", name, _text(top[name], name, cache))
        levels = _levels(top["ratings"], fw, cache)
    except (_GiveUpError, yaml.YAMLError, UnicodeDecodeError, ModelError, LoadError,
            RecursionError):
        return None
    return AuditEntry(framework=ref, school=school, date=date, round=round_label,
                      levels=levels), fw
