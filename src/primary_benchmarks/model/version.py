"""Semantic versions of framework content, and ``id@version`` references.

>>> Version.parse("1.10.0") > Version.parse("1.9.3")
True
>>> FrameworkRef.parse("ne-primary@1.0.0")
FrameworkRef('ne-primary@1.0.0')
>>> str(FrameworkRef.parse("gatsby"))
'gatsby'
"""

from __future__ import annotations

import functools
import re
from typing import Final

import attrs

from ..errors import Issue, LoadError, ModelError

__all__ = ["FRAMEWORK_ID_PATTERN", "SEMVER_PATTERN", "FrameworkRef", "Version"]

_NUM = r"0|[1-9][0-9]*"
_PRE_PART = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
#: A semantic version (https://semver.org): MAJOR.MINOR.PATCH[-pre][+build].
SEMVER_PATTERN: Final = (rf"(?:{_NUM})\.(?:{_NUM})\.(?:{_NUM})"
                         rf"(?:-{_PRE_PART}(?:\.{_PRE_PART})*)?"
                         r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")
#: A framework id: a lowercase slug such as ``ne-primary``.
FRAMEWORK_ID_PATTERN: Final = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
_SEMVER_RE = re.compile(SEMVER_PATTERN)
_REF_RE = re.compile(rf"({FRAMEWORK_ID_PATTERN})(?:@({SEMVER_PATTERN}))?")


def _bad(code: str, message: str) -> LoadError:
    return LoadError([Issue(file=None, line=None, col=None, path="$", code=code,
                            message=message)])


@functools.total_ordering
@attrs.frozen(eq=True, order=False)
class Version:
    """A parsed semantic version, ordered by semver precedence (build metadata ignored).

    >>> sorted(Version.parse(v) for v in ["2.0.0", "1.0.0-rc.1", "1.0.0"])
    [Version('1.0.0-rc.1'), Version('1.0.0'), Version('2.0.0')]
    >>> Version.parse("1.10")
    Traceback (most recent call last):
    ...
    primary_benchmarks.errors.LoadError: <input>: $: '1.10' is not a semantic version ...
    """

    text: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.text, str) or not _SEMVER_RE.fullmatch(self.text):
            raise ModelError.of("Version.text", "bad-version",
                                f"{self.text!r} is not a semantic version such as '1.0.0'")

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse ``MAJOR.MINOR.PATCH[-pre][+build]``; raise :class:`LoadError` otherwise."""
        if not isinstance(text, str) or not _SEMVER_RE.fullmatch(text):
            raise _bad("bad-version",
                       f"{text!r} is not a semantic version such as '1.0.0'")
        return cls(text)

    @property
    def _key(self) -> tuple[object, ...]:
        core, _, _build = self.text.partition("+")
        main, dash, pre = core.partition("-")
        nums = tuple(int(p) for p in main.split("."))
        if not dash:
            return (nums, 1, ())
        parts = tuple((0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p)
                      for p in pre.split("."))
        return (nums, 0, parts)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key < other._key

    def __repr__(self) -> str:
        return f"Version({self.text!r})"

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class FrameworkRef:
    """A reference to a framework: ``id`` (the newest version) or ``id@version``.

    >>> ref = FrameworkRef.parse("gatsby@2.0.0")
    >>> ref.id, ref.version
    ('gatsby', '2.0.0')
    """

    id: str
    version: str | None = None

    @classmethod
    def parse(cls, text: str) -> FrameworkRef:
        """Parse ``id`` or ``id@version``; raise :class:`LoadError` otherwise."""
        match = _REF_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise _bad("bad-reference",
                       f"{text!r} is not a framework reference such as 'ne-primary@1.0.0'")
        return cls(match.group(1), match.group(2))

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}@{self.version}"

    def __repr__(self) -> str:
        return f"FrameworkRef({str(self)!r})"
