"""A small schema language for the file formats.

One description of each format serves three purposes: checking a parsed YAML
node tree strictly (every problem collected, with its position), turning it
into plain Python data, and exporting a JSON Schema for editors. Nothing is
coerced: a number where text belongs is an error with a hint to quote it.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from .._text import identifier_problem
from ..errors import Issue
from .yaml_reader import ALIAS, BOOL, FLOAT, INT, NULL, STR, TIMESTAMP, Node, child_path

__all__ = [
    "INVALID",
    "AnyData",
    "Boolean",
    "Check",
    "Choice",
    "Date",
    "Field",
    "Keyed",
    "MapOf",
    "Number",
    "Record",
    "Ref",
    "Seq",
    "Spec",
    "Text",
    "describe_node",
    "json_schema",
]


class _Invalid:
    """Marks a value that failed its check (an issue has been recorded)."""

    _instance: _Invalid | None = None

    def __new__(cls) -> _Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Final = _Invalid()


#: The most problems kept for one file; past it, one ``too-many-problems`` problem says
#: how many more there were (so a hostile file cannot make output or memory explode).
MAX_PROBLEMS: Final = 1_000
#: The most "did you mean" suggestions worked out for one file (each compares a name with
#: every known name, so they are bounded like the problems).
MAX_SUGGESTIONS: Final = 100
#: The largest magnitude a number in a file may have (weights, values, thresholds).
MAX_NUMBER: Final = 1e15


@attrs.define
class Check:
    """Where a check writes: the file name, the issues, and each path's position.

    At most :data:`MAX_PROBLEMS` issues are kept; ``dropped`` counts the rest.
    """

    source: str
    issues: list[Issue] = attrs.Factory(list)
    positions: dict[str, tuple[int, int]] = attrs.Factory(dict)
    key_positions: dict[str, tuple[int, int]] = attrs.Factory(dict)
    dropped: int = 0
    suggestions: int = 0

    @property
    def full(self) -> bool:
        """No more issues are kept (so a caller may skip working out a message)."""
        return len(self.issues) >= MAX_PROBLEMS

    def add(self, path: str, code: str, message: str, *, at_key: bool = False) -> None:
        """Record an issue at ``path`` (its key's position if ``at_key``)."""
        if len(self.issues) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        pos = self.where(path, at_key=at_key)
        self.issues.append(Issue(file=self.source, line=pos[0] if pos else None,
                                 col=pos[1] if pos else None, path=path, code=code,
                                 message=message))

    def where(self, path: str, *, at_key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest enclosing node that has one."""
        if at_key and path in self.key_positions:
            return self.key_positions[path]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None

    def near(self, key: str, options: Iterable[str]) -> str:
        """``"; did you mean 'x'?"`` for the closest of ``options``, or ``""``; bounded to
        :data:`MAX_SUGGESTIONS` per file."""
        if self.suggestions >= MAX_SUGGESTIONS:
            return ""
        self.suggestions += 1
        return did_you_mean(key, options)

    def finish(self) -> list[Issue]:
        """The issues in line order, with one ``too-many-problems`` issue for those dropped."""
        out = sorted(self.issues, key=lambda i: (i.line or 0, i.col or 0))
        if self.dropped:
            out.append(too_many(self.source, self.dropped))
        return out


def too_many(source: str | None, dropped: int) -> Issue:
    """The issue that stands for ``dropped`` problems past :data:`MAX_PROBLEMS`."""
    return Issue(file=source, line=None, col=None, path="$", code="too-many-problems",
                 message=f"and {dropped:,} more problem{'s' if dropped != 1 else ''} "
                         f"(only the first {MAX_PROBLEMS:,} are shown)")


def did_you_mean(key: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest option (case and spaces aside), or ``""``.

    >>> did_you_mean("Fully", ["not", "partially", "fully"])
    "; did you mean 'fully'?"
    """
    import difflib

    listed = list(options)
    folded = {o.casefold().strip(): o for o in listed}
    exact = folded.get(key.casefold().strip())
    if exact is not None:
        return f"; did you mean {exact!r}?"
    near = difflib.get_close_matches(key, listed, n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


def describe_node(node: Node) -> str:
    """Say what a node holds, for 'expected X, got Y' messages."""
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    tag = node.tag
    if tag == NULL:
        return "nothing (an empty value)"
    if tag == BOOL:
        return f"the boolean {node.raw}"
    if tag in (INT, FLOAT):
        return f"the number {node.raw}"
    if tag.startswith("yaml11:"):
        return (f"{node.raw}, which YAML 1.1 reads as the number {node.value} (octal, "
                "base-60 or another old form)")
    if tag == TIMESTAMP:
        return f"the date {node.raw}"
    if tag.startswith("invalid:"):
        return f"{node.raw!r}, which is not a valid {tag.rsplit(':', 1)[-1]}"
    return f"the text {node.raw!r}"


def _quote_hint(node: Node) -> str:
    if node.kind == "scalar" and (node.tag in (BOOL, INT, FLOAT, TIMESTAMP)
                                  or node.tag.startswith("yaml11:")):
        return f"; quote it to keep it as text: \"{node.raw}\""
    return ""


class Spec:
    """Base class of every schema element."""

    description: str = ""

    def check(self, node: Node, path: str, ctx: Check) -> Any:
        """Check ``node``; return its plain value, or ``INVALID`` after recording issues."""
        if node.tag == ALIAS:  # already reported by the parser
            ctx.positions[path] = (node.line, node.col)
            return INVALID
        return self._check(node, path, ctx)

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """This element as JSON Schema; named definitions go into ``defs``."""
        raise NotImplementedError

    def expected(self) -> str:
        """A few words for 'expected ...' messages."""
        raise NotImplementedError

    def _wrong(self, node: Node, path: str, ctx: Check, hint: str = "") -> Any:
        ctx.add(path, "wrong-type",
                f"expected {self.expected()}, got {describe_node(node)}{hint}")
        return INVALID

    def _doc(self, out: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            out["description"] = self.description
        return out


@attrs.frozen
class Text(Spec):
    """A string, optionally matching ``pattern`` or one of ``choices``."""

    pattern: str | None = None
    choices: tuple[str, ...] = ()
    code: str = "invalid-value"
    hint: str = ""
    nonempty: bool = True
    max_length: int | None = None
    description: str = ""
    what: str = "text"
    #: An identifier (a school id, a round label): NFC-normalised, no invisible characters.
    identifier: bool = False

    def expected(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return self.what

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "scalar" or node.tag != STR:
            return self._wrong(node, path, ctx, _quote_hint(node))
        return self.check_value(node.value, path, ctx)

    def check_value(self, value: str, path: str, ctx: Check) -> Any:
        """Check an already-typed string (also used for mapping keys and CSV cells)."""
        if self.identifier:
            problem = identifier_problem(value)
            if problem:
                ctx.add(path, "invalid-value", problem)
                return INVALID
            value = unicodedata.normalize("NFC", value)
        if self.nonempty and not value.strip():
            ctx.add(path, self.code, f"must not be empty; expected {self.expected()}")
            return INVALID
        if self.max_length is not None and len(value) > self.max_length:
            ctx.add(path, self.code,
                    f"is {len(value):,} characters long; the limit is {self.max_length:,}")
            return INVALID
        if self.choices and value not in self.choices:
            ctx.add(path, self.code,
                    f"{value!r} is not allowed; expected one of {', '.join(self.choices)}")
            return INVALID
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            ctx.add(path, self.code, f"{value!r} is not {self.what}{self.hint}")
            return INVALID
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.choices:
            out["enum"] = list(self.choices)
        if self.pattern is not None:
            out["pattern"] = f"^(?:{self.pattern})$"
        elif self.nonempty:
            out["pattern"] = r"\S"
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        return self._doc(out)


@attrs.frozen
class Number(Spec):
    """A number (an integer if ``integer``), within optional bounds."""

    integer: bool = False
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    def expected(self) -> str:
        return "a whole number" if self.integer else "a number"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        allowed = (INT,) if self.integer else (INT, FLOAT)
        if node.kind == "scalar" and node.tag.startswith("yaml11:"):
            ctx.add(path, "wrong-type",
                    f"expected {self.expected()} written in plain decimal, got "
                    f"{describe_node(node)}; write the number in decimal digits")
            return INVALID
        if node.kind != "scalar" or node.tag not in allowed:
            hint = ""
            if node.kind == "scalar" and node.tag == STR and _looks_numeric(node.value):
                finite = _decimal(node.value)
                hint = ("; remove the quotes to make it a number" if node.quoted else
                        "; YAML reads it as text: write the number with a decimal point, "
                        f"such as {finite}" if finite else
                        f"; numbers here are at most {MAX_NUMBER:,.0f} in size")
            return self._wrong(node, path, ctx, hint)
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            ctx.add(path, "invalid-value", f"{node.raw} is not a finite number")
            return INVALID
        if abs(value) > MAX_NUMBER:
            ctx.add(path, "limit", f"{_clip(node.raw)} is too large; numbers here are at most "
                    f"{MAX_NUMBER:,.0f} in size")
            return INVALID
        problems = []
        if self.minimum is not None and value < self.minimum:
            problems.append(f"at least {_num(self.minimum)}")
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            problems.append(f"greater than {_num(self.exclusive_minimum)}")
        if self.maximum is not None and value > self.maximum:
            problems.append(f"at most {_num(self.maximum)}")
        if problems:
            ctx.add(path, "invalid-value", f"{node.raw} is out of range; it must be "
                    + " and ".join(problems))
            return INVALID
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.exclusive_minimum is not None:
            out["exclusiveMinimum"] = self.exclusive_minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return self._doc(out)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _decimal(text: str) -> str | None:
    """``text`` as a decimal YAML reads as a number, or ``None`` when it is past the limit."""
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return repr(value) if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except (ValueError, OverflowError):
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity")


@attrs.frozen
class Boolean(Spec):
    """``true`` or ``false``."""

    description: str = ""

    def expected(self) -> str:
        return "true or false"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind != "scalar" or node.tag != BOOL:
            return self._wrong(node, path, ctx)
        return node.value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({"type": "boolean"})


@attrs.frozen
class Date(Spec):
    """A calendar date written ``YYYY-MM-DD`` (unquoted)."""

    description: str = ""

    def expected(self) -> str:
        return "a date (YYYY-MM-DD)"

    def _check(self, node: Node, path: str, ctx: Check) -> Any:
        ctx.positions[path] = (node.line, node.col)
        if node.kind == "scalar" and node.tag == "invalid:" + TIMESTAMP:
            ctx.add(path, "invalid-value", f"{node.raw!r} is not a real date")
            return INVALID
        if node.kind != "scalar" or node.tag != TIMESTAMP:
            hint = ""
            if node.kind == "scalar" and node.tag == STR and re.fullmatch(
                    r"[0-9]{4}-[0-9]{2}-[0-9]{2}", node.value):
                hint = "; remove the quotes to make it a date"
            return self._wrong(node, path, ctx, hint)
        value = node.value
        if isinstance(value, _dt.datetime):
            ctx.add(path, "invalid-value",
                    f"{node.raw!r} has a time of day; write the date alone (YYYY-MM-DD)")
            return INVALID
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({"type": "string", "format": "date"})


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
