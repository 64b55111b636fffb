"""Reading one YAML document against a file-format spec, collecting every issue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import yaml

from ..errors import Issue, ModelError
from . import spec as s
from .yaml_reader import STR, Node, parse

__all__ = ["Quoted", "build_model", "check_document", "dump_yaml", "schema_of"]

T = TypeVar("T")


def schema_of(root: Node | None) -> Node | None:
    """The node of a document's top-level ``schema:`` value, if it is text."""
    if root is None or root.kind != "map":
        return None
    for key, value in root.value:
        if key.tag == STR and key.value == "schema" and value.tag == STR:
            found: Node = value
            return found
    return None


def check_document(data: bytes | str, source: str, spec: s.Spec,
                   extra: Callable[[dict[str, Any], s.Check], None] | None = None,
                   root: Node | None = None, parse_issues: list[Issue] | None = None,
                   ) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Parse and check a document; return its plain data (``None`` if unusable) and issues.

    ``extra`` runs further checks on the plain data, also collecting issues; it
    runs even when the schema found problems, on whatever parts were valid.
    """
    if root is None and parse_issues is None:
        result = parse(data, source)
        root, parse_issues = result.root, result.issues
    ctx = s.Check(source=source, issues=list(parse_issues or [])[:s.MAX_PROBLEMS])
    ctx.dropped = max(0, len(parse_issues or []) - s.MAX_PROBLEMS)
    if root is None:
        return None, ctx.finish()
    value = spec.check(root, "$", ctx)
    if not isinstance(value, dict):
        return None, ctx.finish()
    if extra is not None:
        extra(value, ctx)
    return value, ctx.finish()


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, keys in the order given, and never an anchor or alias (the loader
    refuses them): a value used twice is written out twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block; the emitter falls back to a
    # quoted style whenever a block could not carry the text exactly.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class Quoted(str):
    """Text always written in double quotes (versions, ids that look like numbers)."""

    __slots__ = ()


def _quoted_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(Quoted, _quoted_representer)


def dump_yaml(data: Any) -> str:
    """Dump plain data as block-style YAML, preserving key order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)


def build_model(make: Callable[[dict[str, Any]], T], plain: dict[str, Any], source: str
                ) -> tuple[T | None, tuple[Issue, ...]]:
    """The model built from checked data, or the issues its own checks raise (placed in
    ``source``): a model never refuses what the format accepted without saying why.

    >>> build_model(lambda d: d["x"], {"x": 1}, "a.yaml")
    (1, ())
    """
    try:
        return make(plain), ()
    except ModelError as exc:
        return None, tuple(attrs.evolve(i, file=source) for i in exc.issues)
