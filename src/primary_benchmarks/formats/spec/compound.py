"""Compound specs of the schema language: sequences, records, maps, choices and
references, and the JSON Schema of a whole format."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ..yaml_reader import STR, Node, child_path
from .core import INVALID, Check, Spec, _quote_hint, describe_node
from .scalars import Text

__all__ = ["AnyData", "Choice", "Field", "Keyed", "MapOf", "Record", "Ref", "Seq", "json_schema"]


@attrs.frozen
class Seq(Spec):
    """A list of ``item``."""

    item: Spec
    min_items: int = 0
    description: str = ""

    def expected(self) -> str:
        return "a list"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "seq":
            return self._wrong(node, path, ctx)
        if len(node.value) < self.min_items:
            ctx.add(path, "invalid-value",
                    f"must hold at least {self.min_items} item"
                    + ("s" if self.min_items != 1 else ""))
        return [self.item.check(child, child_path(path, i), ctx)
                for i, child in enumerate(node.value)]

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema(defs)}
        if self.min_items:
            out["minItems"] = self.min_items
        return self._doc(out)


@attrs.frozen
class Field:
    """One key of a :class:`Record`."""

    spec: Spec
    required: bool = False
    description: str = ""


@attrs.frozen
class Record(Spec):
    """A mapping with known keys; any other key is an ``unknown-key`` error."""

    fields: Mapping[str, Field]
    name: str | None = None
    description: str = ""
    what: str = "a mapping"

    def expected(self) -> str:
        return self.what

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "map":
            return self._wrong(node, path, ctx)
        out: dict[str, Any] = {}
        for key, value in node.value:
            sub = child_path(path, key.raw)
            ctx.key_positions[sub] = (key.line, key.col)
            ctx.positions.setdefault(sub, (value.line, value.col))
            name = key.value if key.tag == STR else key.raw
            field = self.fields.get(name) if key.tag == STR else None
            if field is None:
                if ctx.full:
                    ctx.dropped += 1
                    continue
                allowed = ", ".join(self.fields)
                ctx.add(sub, "unknown-key", f"unknown key {key.raw!r}"
                        f"{ctx.near(key.raw, self.fields)} (allowed here: {allowed})",
                        at_key=True)
                continue
            out[name] = field.spec.check(value, sub, ctx)
        for name, field in self.fields.items():
            if field.required and name not in out:
                ctx.add(path, "missing-key", f"required key {name!r} is missing")
        return out

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {k: _with_doc(f.spec.schema(defs), f.description)
                           for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        return self._doc(out)


def _with_doc(out: dict[str, Any], description: str) -> dict[str, Any]:
    if description and "description" not in out:
        out = {**out, "description": description}
    return out


@attrs.frozen
class MapOf(Spec):
    """A mapping from keys checked by ``key`` to values checked by ``value``."""

    key: Text
    value: Spec
    description: str = ""

    def expected(self) -> str:
        return "a mapping"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "map":
            return self._wrong(node, path, ctx)
        out: dict[str, Any] = {}
        for key, value in node.value:
            sub = child_path(path, key.raw)
            ctx.key_positions[sub] = (key.line, key.col)
            ctx.positions[sub] = (value.line, value.col)
            if key.tag != STR:
                ctx.add(sub, "wrong-type", f"expected {self.key.expected()} as the key, got "
                        f"{describe_node(key)}{_quote_hint(key)}", at_key=True)
                continue
            if self.key.check_value(key.value, sub, ctx) is INVALID:
                continue
            out[key.value] = self.value.check(value, sub, ctx)
        return out

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object",
                               "additionalProperties": self.value.schema(defs)}
        key_schema = self.key.schema(defs)
        if "pattern" in key_schema:
            out["propertyNames"] = {"pattern": key_schema["pattern"]}
        return self._doc(out)


@attrs.frozen
class AnyData(Spec):
    """Any YAML data (text, numbers, booleans, dates, lists, mappings)."""

    description: str = ""

    def expected(self) -> str:
        return "any data"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind == "seq":
            return [self.check(c, child_path(path, i), ctx) for i, c in enumerate(node.value)]
        if node.kind == "map":
            out: dict[str, Any] = {}
            for key, value in node.value:
                sub = child_path(path, key.raw)
                if key.tag != STR:
                    ctx.positions[sub] = (key.line, key.col)
                    ctx.add(sub, "wrong-type", "keys must be text, got "
                            f"{describe_node(key)}{_quote_hint(key)}")
                    continue
                out[key.value] = self.check(value, sub, ctx)
            return out
        if node.tag.startswith("invalid:"):
            ctx.add(path, "invalid-value", f"{node.raw!r} is not a valid value")
            return INVALID
        return node.value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({})


@attrs.frozen
class Choice(Spec):
    """One spec per node kind: e.g. a level id as text, or a mapping with details."""

    scalar: Spec | None = None
    mapping: Spec | None = None
    sequence: Spec | None = None
    description: str = ""
    what: str = ""

    def expected(self) -> str:
        return self.what or " or ".join(
            s.expected() for s in (self.scalar, self.mapping, self.sequence) if s)

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        spec = {"scalar": self.scalar, "map": self.mapping, "seq": self.sequence}[node.kind]
        if spec is None:
            ctx.positions[path] = (node.line, node.col)
            return self._wrong(node, path, ctx)
        return spec.check(node, path, ctx)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({"oneOf": [s.schema(defs) for s in
                                    (self.scalar, self.mapping, self.sequence) if s]})


@attrs.frozen
class Keyed(Spec):
    """A mapping whose form is chosen by which one of ``variants``' keys it holds."""

    variants: Mapping[str, Record]
    code: str = "invalid-value"
    description: str = ""
    what: str = "a mapping"

    def expected(self) -> str:
        return self.what

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "map":
            return self._wrong(node, path, ctx)
        keys = [k.value for k, _ in node.value if k.tag == STR and k.value in self.variants]
        if len(keys) != 1:
            names = ", ".join(self.variants)
            found = "none of them" if not keys else "several: " + ", ".join(keys)
            ctx.add(path, self.code, f"expected exactly one of {names}; found {found}")
            return INVALID
        return self.variants[keys[0]].check(node, path, ctx)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({"oneOf": [v.schema(defs) for v in self.variants.values()]})


@attrs.frozen
class Ref(Spec):
    """A named spec defined later (for recursion, such as rules made of rules)."""

    name: str
    resolve: Callable[[], Spec] = attrs.field(eq=False, repr=False)

    def expected(self) -> str:
        return self.resolve().expected()

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        return self.resolve().check(node, path, ctx)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        if self.name not in defs:
            defs[self.name] = {}
            defs[self.name] = self.resolve().schema(defs)
        return {"$ref": f"#/$defs/{self.name}"}


def json_schema(spec: Spec, *, title: str, schema_id: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) document for ``spec``."""
    defs: dict[str, Any] = {}
    body = spec.schema(defs)
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        **body,
    }
    if defs:
        out["$defs"] = defs
    return out
