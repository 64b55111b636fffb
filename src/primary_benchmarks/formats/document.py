"""Reading one YAML document against a file-format spec, collecting every issue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

import attrs
import yaml

from ..errors import Issue, ModelError
from . import spec as s
from .yaml_reader import STR, Node, parse

__all__ = ["AUDIT_SCHEMA", "FILE_KINDS", "FRAMEWORK_SCHEMA", "PLAN_SCHEMA", "REFERENCE_SCHEMA",
           "Quoted", "build_model", "check_document", "dump_yaml", "schema_of", "wrong_kind"]

T = TypeVar("T")

FRAMEWORK_SCHEMA: Final = "primary-benchmarks/framework/v1"
AUDIT_SCHEMA: Final = "primary-benchmarks/audit/v1"
PLAN_SCHEMA: Final = "primary-benchmarks/action-plan/v1"
REFERENCE_SCHEMA: Final = "primary-benchmarks/reference/v1"

#: Every file kind's ``schema:`` line, and what a person calls a file of that kind.
FILE_KINDS: Final = {FRAMEWORK_SCHEMA: "a framework", AUDIT_SCHEMA: "an audit",
                     PLAN_SCHEMA: "an action plan", REFERENCE_SCHEMA: "a set of reference figures"}


def schema_of(root: Node | None) -> Node | None:
    """The node of a document's top-level ``schema:`` value, if it is text."""
    if root is None or root.kind != "map":
        return None
    for key, value in root.value:
        if key.tag == STR and key.value == "schema" and value.tag == STR:
            found: Node = value
            return found
    return None


def wrong_kind(root: Node | None, source: str, expect: str) -> Issue | None:
    """The one problem of a document whose ``schema:`` line names another of the library's
    file kinds than ``expect`` (an action plan where an audit belongs), else ``None``.

    >>> from .yaml_reader import parse
    >>> text = "schema: primary-benchmarks/action-plan/v1\\nschool: {id: '1'}\\n"
    >>> issue = wrong_kind(parse(text, "p.yaml").root, "p.yaml", AUDIT_SCHEMA)
    >>> issue.code, issue.line, issue.col, issue.path
    ('wrong-kind', 1, 9, '$.schema')
    >>> print(issue.message.replace("; ", ";\\n"))
    the file is an action plan (primary-benchmarks/action-plan/v1), not an audit;
    nothing else in it was read
    """
    found = schema_of(root)
    if found is None or found.value == expect or found.value not in FILE_KINDS:
        return None
    return Issue(file=source, line=found.line, col=found.col, path="$.schema",
                 code="wrong-kind", message=f"the file is {FILE_KINDS[found.value]} "
                 f"({found.value}), not {FILE_KINDS[expect]}; nothing else in it was read")


def check_document(data: bytes | str, source: str, spec: s.Spec,
                   extra: Callable[[dict[str, Any], s.Check], None] | None = None,
                   root: Node | None = None, parse_issues: list[Issue] | None = None,
                   expect: str | None = None,
                   ) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Parse and check a document; return its plain data (``None`` if unusable) and issues.

    ``extra`` runs further checks on the plain data, also collecting issues; it
    runs even when the schema found problems, on whatever parts were valid. A document
    of another kind than ``expect`` (a ``schema:`` line) has one problem,
    :func:`wrong_kind`'s, rather than one for each key the other kind has.
    """
    if root is None and parse_issues is None:
        result = parse(data, source)
        root, parse_issues = result.root, result.issues
    if expect is not None and (other := wrong_kind(root, source, expect)) is not None:
        return None, [*list(parse_issues or [])[:s.MAX_PROBLEMS - 1], other]
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
