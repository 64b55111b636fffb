"""The schema language's core: the check context (every problem collected, capped), the base
spec and the hints shared by every spec."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from ..._text import did_you_mean
from ...errors import Issue
from ..yaml_reader import ALIAS, BOOL, FLOAT, INT, NULL, TIMESTAMP, Node

__all__ = [
    "INVALID",
    "Check",
    "Spec",
    "describe_node",
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
        return f"{_first_line(node.raw)!r}, which is not a valid {tag.rsplit(':', 1)[-1]}"
    return f"the text {_first_line(node.raw)!r}"


def _first_line(text: str, limit: int = 60) -> str:
    """At most the first line of ``text`` and ``limit`` characters of it, marked when cut
    (a CSV read as YAML is one long text: its message must not quote the whole file)."""
    first = text.split("\n", 1)[0]
    if len(first) > limit:
        return first[:limit] + "..."
    return first + ("..." if first != text else "")


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


