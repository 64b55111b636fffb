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

import types
from collections.abc import Iterable, Mapping

import attrs

from ._text import escape

__all__ = [
    "CODES",
    "AuditMismatchError",
    "FrameworkNotFoundError",
    "Issue",
    "LoadError",
    "LoadWarning",
    "ModelError",
    "PrimaryBenchmarksError",
    "SaveError",
    "UsageError",
]

#: Every stable issue code, with what it means. Codes never change meaning;
#: new ones may be added.
CODES: Mapping[str, str] = types.MappingProxyType({
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
    "wrong-kind": "a file of another kind than the one expected (an action plan where an "
                  "audit belongs, ...)",
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
    "text-changed": "a characteristic marked unchanged whose text changed (mark it revised, "
                    "or editorial: true)",
    "bad-scale": "a rating scale that cannot be used (order, achieved level, ...)",
    "bad-rule": "an achievement rule that does not follow the rule grammar",
    "impossible-rule": "an achievement rule that no audit could ever meet",
    "not-found": "a file or framework reference that does not exist",
    "framework-mismatch": "an audit checked against a framework version it does not name",
    "unrated": "an audit leaves characteristics unrated (an error only when strict)",
    "conflict": "two audits of one school in one round, or one characteristic rated twice",
    "workbook-format": "a workbook is not an audit workbook this library reads (a missing "
                       "sheet or column, a merged cell, a macro workbook, a broken file)",
    "csv-format": "a CSV file without the columns its kind needs, or with a malformed row",
    "unknown-column": "a CSV column that is neither a known attribute, a declared one, nor "
                      "a characteristic",
    "limit": "past one of the library's documented limits (levels, characteristics, overlay "
             "depth, number size, ...)",
    "too-many-problems": "a file with more problems than are shown; the rest are counted",
    "permission-denied": "a file or folder the library may not read or write",
    "not-a-file": "a path that is not a regular file (a FIFO, a device, a socket, a folder "
                  "where a file belongs, a broken or looping link)",
    "bad-path": "a path that cannot name a file (a NUL byte, too long, through a file)",
    "cannot-write": "a file could not be written (disk full, read-only, missing folder); "
                    "nothing was left behind",
})


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
    #: For a workbook: the sheet; ``line`` and ``col`` are then the cell's row and column,
    #: shown as ``Sheet!D14``.
    sheet: str | None = None

    def format(self) -> str:
        r"""Render compiler style: ``file:line:col: $.path: message [code]``, always on one
        line: characters that do not print (line breaks, escape codes) are shown escaped.

        >>> print(Issue(file="a\nb.yaml", line=1, col=2, path="$.x", code="alias",
        ...             message="bad\x1b[2J"))
        a\nb.yaml:1:2: $.x: bad\x1b[2J [alias]
        """
        where = escape(self.file or "<input>")
        if self.sheet is not None:
            where += f":{escape(self.sheet)}" + (
                f"!{column_letters(self.col or 1)}{self.line}" if self.line is not None else "")
        elif self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {escape(self.path)}: {escape(self.message)} [{self.code}]"

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping of every field.

        >>> Issue(file="a.yaml", line=1, col=1, path="$", code="too-large",
        ...       message="too big").to_dict()["code"]
        'too-large'
        """
        out = attrs.asdict(self)
        if self.sheet is None:  # a text file's problem: no sheet key
            del out["sheet"]
        return out


def column_letters(col: int) -> str:
    """A spreadsheet column's letters: 1 is A, 27 is AA.

    >>> column_letters(4), column_letters(28)
    ('D', 'AB')
    """
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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


class ModelError(PrimaryBenchmarksError, ValueError):
    """A model built in Python is invalid: the same checks a file gets, raised on
    construction (a mistake in the calling code, not in a file, so not a
    :class:`LoadError`). ``issues`` holds each problem with the field's path and its code.

    >>> from primary_benchmarks.model import Version
    >>> Version("banana")
    Traceback (most recent call last):
    ...
    primary_benchmarks.errors.ModelError: Version.text: 'banana' is not a semantic version ...
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(f"{escape(i.path)}: {escape(i.message)} [{i.code}]"
                                   for i in self.issues))

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the problems, in order."""
        return tuple(i.code for i in self.issues)

    @classmethod
    def of(cls, path: str, code: str, message: str) -> ModelError:
        """The error of one problem at ``path`` (``Class.field``).

        >>> print(ModelError.of("Level.id", "invalid-value", "'a b' is not an id"))
        Level.id: 'a b' is not an id [invalid-value]
        """
        return cls([Issue(file=None, line=None, col=None, path=path, code=code,
                          message=message)])


class AuditMismatchError(ModelError):
    """An audit built in Python does not fit the framework it is scored against (another
    version, an unknown characteristic or level). A mistake in the calling code, not in a
    file, so not a :class:`LoadError`; ``issues`` holds each mismatch by its path.

    >>> err = AuditMismatchError([Issue(file=None, line=None, col=None,
    ...     path='$.ratings["P1.1"]', code="unknown-level",
    ...     message="'Fully' is not a level of ne-primary@1.0.0")])
    >>> print(err)
    $.ratings["P1.1"]: 'Fully' is not a level of ne-primary@1.0.0 [unknown-level]
    >>> isinstance(err, LoadError), isinstance(err, ValueError)
    (False, True)
    """


class SaveError(PrimaryBenchmarksError, OSError):
    """A file could not be written; ``issues`` says which and why. Nothing half-written
    and no temporary file is left behind.

    >>> err = SaveError([Issue(file="out.yaml", line=None, col=None, path="$",
    ...                        code="cannot-write", message="no space left on the disk")])
    >>> print(err)
    out.yaml: $: no space left on the disk [cannot-write]
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(i.format() for i in self.issues))

    def __str__(self) -> str:
        return "\n".join(i.format() for i in self.issues)


class LoadWarning(UserWarning):
    """A load kept going past problems (refused rows or files): the figures stand on what
    loaded, and the load's ``problems`` say what did not. Emitted by ``load_cohort`` so a
    notebook that takes ``.cohort`` straight away still sees it; turn it off with
    ``warnings.simplefilter("ignore", LoadWarning)`` or ``load_cohort(..., warn=False)``.

    >>> issubclass(LoadWarning, UserWarning)
    True
    """


class UsageError(PrimaryBenchmarksError, ValueError):
    """An argument that cannot be used with this input (the command line exits 2).

    >>> issubclass(UsageError, ValueError)
    True
    """


class FrameworkNotFoundError(LoadError, LookupError):
    """A framework reference names no bundled, installed or on-disk framework.

    >>> issubclass(FrameworkNotFoundError, LookupError)
    True
    """
