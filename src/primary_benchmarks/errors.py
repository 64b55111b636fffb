"""Errors and the :class:`Issue` record.

Every problem found in a file is an :class:`Issue`: where it is (file, line,
column, and the JSON-path-like ``path`` inside the document), a stable
``code`` that tools can match on, and a message that says what was expected.
Loading collects every issue in a file before raising one :class:`LoadError`.

>>> issue = Issue(file="fw.yaml", line=3, col=5, path="$.version",
...               code="wrong-type", message="expected a string")
>>> str(issue)
'fw.yaml:3:5: $.version: expected a string [wrong-type]'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CODES",
    "FrameworkNotFoundError",
    "Issue",
    "LoadError",
    "PrimaryBenchmarksError",
]

#: Every stable issue code, with what it means. Codes never change meaning;
#: new ones may be added.
CODES: dict[str, str] = {
    "too-large": "the file is larger than the size limit",
    "encoding": "the file is not UTF-8 text",
    "yaml-syntax": "the text is not well-formed YAML",
    "too-deep": "the document nests deeper than the limit",
    "empty-document": "the file holds no YAML document",
    "multiple-documents": "the file holds more than one YAML document",
    "duplicate-key": "a mapping names the same key twice",
    "alias": "YAML anchors and aliases are not allowed",
    "merge-key": "YAML merge keys (<<) are not allowed",
    "unsupported-tag": "an explicit YAML tag other than the standard scalar ones",
    "unknown-schema": "the schema line names no file format this library reads",
    "missing-key": "a required key is absent",
    "unknown-key": "a key the format does not define (often a typo)",
    "wrong-type": "a value of the wrong type (a number where text belongs, ...)",
    "invalid-value": "a value of the right type that the format does not allow",
    "bad-version": "a version that is not a semantic version such as 1.0.0",
    "bad-reference": "a framework reference that is not id or id@version",
    "duplicate-id": "an id used twice where ids must be unique",
    "unknown-characteristic": "a characteristic id the framework does not define",
    "unknown-level": "a level id the framework's scale does not define",
    "unknown-benchmark": "a benchmark id the framework does not define",
    "extends-cycle": "overlays that extend each other in a cycle",
    "path-escape": "an overlay's extends path that is absolute or leaves the allowed folder",
    "incomplete-table": "a change table that does not account for every characteristic",
    "bad-scale": "a rating scale that cannot be used (order, achieved level, ...)",
    "bad-rule": "an achievement rule that does not follow the rule grammar",
    "impossible-rule": "an achievement rule that no audit could ever meet",
    "not-found": "a file or framework reference that does not exist",
    "framework-mismatch": "an audit checked against a framework version it does not name",
    "unrated": "an audit leaves characteristics unrated (an error only when strict)",
    "conflict": "two audits of one school in one round, or one characteristic rated twice",
    "csv-format": "a CSV file without the columns its kind needs, or with a malformed row",
}


@attrs.frozen(kw_only=True)
class Issue:
    """One problem in one file, located as precisely as the input allows.

    ``line`` and ``col`` are 1-based; they are ``None`` when there is no
    text position (for example a model built in Python).

    >>> print(Issue(file=None, line=None, col=None, path="$", code="not-found",
    ...             message="no framework named 'x'"))
    <input>: $: no framework named 'x' [not-found]
    """

    file: str | None
    line: int | None
    col: int | None
    path: str
    code: str
    message: str

    def format(self) -> str:
        """Render compiler style: ``file:line:col: $.path: message [code]``."""
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.path}: {self.message} [{self.code}]"

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping of every field.

        >>> Issue(file="a.yaml", line=1, col=1, path="$", code="too-large",
        ...       message="too big").to_dict()["code"]
        'too-large'
        """
        return attrs.asdict(self)


class PrimaryBenchmarksError(Exception):
    """Base class of every error this library raises on purpose.

    >>> issubclass(LoadError, PrimaryBenchmarksError)
    True
    """


class LoadError(PrimaryBenchmarksError, ValueError):
    """A document could not be loaded; ``issues`` holds every problem found.

    ``str(error)`` lists one issue per line, compiler style.

    >>> err = LoadError([Issue(file="a.yaml", line=2, col=1, path="$.id",
    ...                        code="missing-key", message="'id' is required")])
    >>> print(err)
    a.yaml:2:1: $.id: 'id' is required [missing-key]
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(i.format() for i in self.issues))

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the issues, in order.

        >>> LoadError([]).codes
        ()
        """
        return tuple(i.code for i in self.issues)


class FrameworkNotFoundError(LoadError, LookupError):
    """A framework reference names no bundled, installed or on-disk framework.

    >>> issubclass(FrameworkNotFoundError, LookupError)
    True
    """
