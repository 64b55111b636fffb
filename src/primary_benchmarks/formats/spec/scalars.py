"""Scalar specs of the schema language: text, numbers, booleans and dates, each read
strictly (no coercion), with a hint when YAML read the value as another type."""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from typing import Any

import attrs

from ..._text import identifier_problem
from ..date_text import date_hint
from ..yaml_reader import BOOL, FLOAT, INT, STR, TIMESTAMP, Node
from .core import INVALID, MAX_NUMBER, Check, Spec, _quote_hint, describe_node

__all__ = ["Boolean", "Date", "Number", "Text"]


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
            elif node.kind == "scalar" and node.tag == STR:
                hint = date_hint(node.value.strip())  # 15/07/2019: "; write 2019-07-15"
            return self._wrong(node, path, ctx, hint)
        value = node.value
        if isinstance(value, _dt.datetime):
            ctx.add(path, "invalid-value",
                    f"{node.raw!r} has a time of day; write the date alone (YYYY-MM-DD)")
            return INVALID
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return self._doc({"type": "string", "format": "date"})
