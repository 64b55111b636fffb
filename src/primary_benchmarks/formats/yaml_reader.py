"""Strict YAML parsing: one pass over the parser's events into a small node tree.

The tree keeps the line and column of every node, and the pass rejects what
the file formats never need and what makes YAML dangerous or surprising:
anchors and aliases (the "billion laughs"), merge keys, tags other than the
standard scalar ones (``!!python/object`` and friends), duplicate keys,
documents nested deeper than a limit, and files over a size limit. Scalars
are typed by YAML's own resolver (so ``1.10`` is a float and ``no`` a
boolean) and the schema layer decides whether that type is allowed; nothing
is coerced here.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Final

import yaml
import yaml.constructor
import yaml.resolver

from ..errors import Issue
from .signatures import legacy_hint, not_text

__all__ = ["ALIAS", "MAX_BYTES", "MAX_DEPTH", "Node", "ParseResult", "child_path", "parse",
           "position", "untagged_scalar"]

MAX_BYTES: Final = 4 * 1024 * 1024
MAX_DEPTH: Final = 48

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp")
_SCALAR_TAGS: Final = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP})
_MERGE: Final = _T + "merge"
#: The tag of the placeholder node left where an alias was (already reported).
ALIAS: Final = "!primary-benchmarks/alias"
_SEQ, _MAP = _T + "seq", _T + "map"

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class Node:
    """One YAML node: a scalar, a sequence or a mapping, with its position.

    ``value`` is the constructed Python value for a scalar, a list of nodes
    for a sequence, and a list of ``(key, value)`` node pairs for a mapping
    (duplicate keys already removed and reported). ``raw`` is a scalar's text
    as written. ``line`` and ``col`` are 1-based.
    """

    __slots__ = ("col", "kind", "line", "quoted", "raw", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, raw: str, line: int, col: int,
                 quoted: bool = False) -> None:
        self.kind = kind
        self.tag = tag
        self.value = value
        self.raw = raw
        self.line = line
        self.col = col
        #: A scalar written in quotes (or as a block), so never a number or a boolean.
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.tag}, {self.raw!r}, {self.line}:{self.col})"


class ParseResult:
    """The root node (``None`` when the text could not be parsed) and the issues found."""

    __slots__ = ("issues", "root")

    def __init__(self, root: Node | None, issues: list[Issue]) -> None:
        self.root = root
        self.issues = issues


def decode(data: bytes | str, source: str, issues: list[Issue],
           max_bytes: int = MAX_BYTES) -> str | None:
    """Check the size and encoding of a file's bytes and return its text."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        issues.append(Issue(file=source, line=1, col=1, path="$", code="too-large",
                            message=f"the file is {size:,} bytes; the limit is {max_bytes:,}"))
        return None
    if isinstance(data, str):
        text = data
    else:
        kind = not_text(data[:8])
        if kind is not None:
            issues.append(Issue(file=source, line=1, col=1, path="$", code="encoding",
                                message=kind))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = position(data[: exc.start].decode("utf-8", "replace"), exc.start)
            issues.append(Issue(
                file=source, line=line, col=col, path="$", code="encoding",
                message=f"byte 0x{data[exc.start]:02x} is not UTF-8; "
                        f"{legacy_hint(data[exc.start])}"))
            return None
    return text.removeprefix("\ufeff")


def _construct(tag: str, raw: str, style: str | None) -> Any:
    node = yaml.ScalarNode(tag, raw, style=style)
    return _constructor.yaml_constructors[tag](_constructor, node)


def parse(data: bytes | str, source: str, *, max_bytes: int = MAX_BYTES,
          max_depth: int = MAX_DEPTH) -> ParseResult:
    """Parse one YAML document strictly; never raises for bad input.

    >>> result = parse("a: 1\\nb: [x, 'y']\\n", "t.yaml")
    >>> [(k.value, v.kind) for k, v in result.root.value]
    [('a', 'scalar'), ('b', 'seq')]
    >>> print(parse("a: 1\\na: 2\\n", "t.yaml").issues[0])
    t.yaml:2:1: $.a: key 'a' appears twice (first on line 1) [duplicate-key]
    """
    issues: list[Issue] = []
    text = decode(data, source, issues, max_bytes)
    if text is None:
        return ParseResult(None, issues)

    def report(line: int, col: int, code: str, message: str, path: str = "$") -> None:
        issues.append(Issue(file=source, line=line, col=col, path=path, code=code,
                            message=message))

    root: Node | None = None
    documents = 0
    # Each frame: [container node, pending key node or None, {key: line} for maps, path]
    stack: list[list[Any]] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark: Any = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    report(line, col, "multiple-documents",
                           "the file holds more than one YAML document (a second '---'); "
                           "put one document in each file")
                    break
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor is None:
                node = _scalar(event, line, col, report, stack)  # the common case, fast
            elif isinstance(event, yaml.AliasEvent):
                here = _here(stack)
                report(line, col, "alias",
                       f"alias '*{event.anchor}' is not allowed; write the value out in full",
                       here)
                node = Node("scalar", ALIAS, None, "", line, col)
            elif isinstance(event, yaml.ScalarEvent | yaml.SequenceStartEvent
                            | yaml.MappingStartEvent):
                here = _here(stack)
                if event.anchor is not None:
                    report(line, col, "alias",
                           f"anchor '&{event.anchor}' is not allowed; write each value out "
                           "in full", here)
                if isinstance(event, yaml.ScalarEvent):
                    node = _scalar(event, line, col, report, stack)
                else:
                    kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                    tag = _SEQ if kind == "seq" else _MAP
                    if event.tag not in (None, "!", tag):
                        report(line, col, "unsupported-tag",
                               f"tag '{_short(event.tag)}' is not allowed; remove it", here)
                    node = Node(kind, tag, [], "", line, col)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                frame = stack.pop()
                if frame[1] is not None:  # pragma: no cover - the parser forbids it
                    frame[0].value.append((frame[1], Node("scalar", NULL, None, "", line, col)))
                continue
            else:
                continue

            if not stack:
                root = node
            else:
                frame = stack[-1]
                parent = frame[0]
                if parent.kind == "seq":
                    parent.value.append(node)
                elif frame[1] is None:
                    frame[1] = node
                    if node.kind != "scalar":
                        report(line, col, "wrong-type",
                               "a mapping key must be plain text, not a list or mapping",
                               frame[3])
                    elif node.tag == _MERGE:
                        report(line, col, "merge-key",
                               "merge keys ('<<') are not allowed; write the keys out in full",
                               frame[3])
                else:
                    key = frame[1]
                    frame[1] = None
                    seen: dict[Any, int] = frame[2]
                    ident = (key.tag, key.raw) if key.kind != "scalar" else _key_ident(key)
                    if ident in seen:
                        report(key.line, key.col, "duplicate-key",
                               f"key {key.raw!r} appears twice (first on line {seen[ident]})",
                               child_path(frame[3], key.raw))
                    elif key.kind == "scalar" and key.tag != _MERGE:
                        seen[ident] = key.line
                        parent.value.append((key, node))
            if node.kind != "scalar":
                if len(stack) >= max_depth:
                    report(line, col, "too-deep",
                           f"the document nests more than {max_depth} levels deep", here)
                    return ParseResult(None, issues)
                stack.append([node, None, {}, here])
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        if "\t" in problem or ("cannot start any token" in problem and _tab_at(text, m)):
            problem += "; indent with spaces, not tabs"
        else:
            problem = _plain_words(problem)
        lines = text.splitlines()
        line_text = lines[m.line] if m and m.line < len(lines) else ""
        if any(q in line_text for q in "\u201c\u201d\u2018\u2019"):
            problem += ("; the line holds typographic quotes (\u201c \u201d \u2018 \u2019), "
                        "which YAML reads as text: quote with straight \" or '")
        report(m.line + 1 if m else 1, m.column + 1 if m else 1, "yaml-syntax", problem)
        return ParseResult(None, issues)
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        line, col = position(text, getattr(exc, "position", 0))
        char = getattr(exc, "character", None)
        if isinstance(char, int):
            char = chr(char)
        what = f"character {char!r}" if isinstance(char, str) else "a character"
        report(line, col, "yaml-syntax", f"{what} is not allowed in YAML text")
        return ParseResult(None, issues)
    if root is None and not issues:
        report(1, 1, "empty-document", "the file is empty; expected a YAML mapping")
    return ParseResult(root, issues)


#: What PyYAML's commonest complaints mean, in words a person can act on (its own words
#: follow in parentheses, for anyone searching for them).
_MEANINGS: Final = (
    ("mapping values are not allowed", "a second colon on one line: put a value that holds "
     "': ' in quotes, or start the nested mapping on a new, further-indented line"),
    ("could not find expected ':'", "a line is missing the colon after its key, or a "
     "value runs over several lines without quotes"),
    ("did not find expected key", "this line is indented differently from the keys "
     "around it: line it up with them"),
    ("did not find expected '-' indicator", "a list item is indented differently from "
     "the items before it: line it up with them"),
    ("expected <block end>", "this line is indented differently from the lines before "
     "it: line it up with the keys or list items it belongs with"),
    ("found unexpected end of stream", "the file ends inside a quoted value: close the "
     "quote"),
    ("found unknown escape character", "a backslash in double quotes starts an escape: "
     "write \\\\ for a backslash, or use single quotes"),
    ("did not find expected node content", "a value is missing (after a '-' or a ','): "
     "write it, or remove the empty item"),
    ("did not find expected ',' or ']'", "a list in [brackets] is not closed, or an item "
     "in it holds a bracket or comma: close the list, or quote the item"),
    ("did not find expected ',' or '}'", "a mapping in {braces} is not closed, or a value "
     "in it holds a brace or comma: close the mapping, or quote the value"),
)


def _plain_words(problem: str) -> str:
    for start, meaning in _MEANINGS:
        if problem.startswith(start):
            return f"{meaning} (YAML: {problem})"
    return problem


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def position(text: str, index: int) -> tuple[int, int]:
    r"""The 1-based line and column of ``text[index]``, counting line breaks as YAML does
    (CR LF, CR, LF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR), as the parser's marks do.

    >>> position("a\rb\rcd", 5), position("a\r\nb", 3)
    ((3, 2), (2, 1))
    """
    index = min(index, len(text))
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def child_path(parent: str, key: object) -> str:
    """The path of ``key`` (a mapping key or a list index) below ``parent``.

    >>> child_path("$", "benchmarks"), child_path("$.ratings", "P1.1"), child_path("$.b", 2)
    ('$.benchmarks', '$.ratings["P1.1"]', '$.b[2]')
    """
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{parent}[{key}]"
    text = str(key)
    if text.isidentifier():
        return f"{parent}.{text}"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'{parent}["{escaped}"]'


def _here(stack: list[list[Any]]) -> str:
    """The path of the node about to be attached to the top of ``stack``."""
    if not stack:
        return "$"
    node, key, _, path = stack[-1]
    if node.kind == "seq":
        return child_path(path, len(node.value))
    return path if key is None else child_path(path, key.raw)


def _short(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.split("\n")
    return mark.line < len(lines) and "\t" in lines[mark.line]


def _key_ident(key: Node) -> Any:
    value = key.value
    # 1 and 1.0 and True hash alike in Python; keep them apart by tag.
    return (key.tag, value) if not isinstance(value, _dt.date) else (key.tag, value.isoformat())


_FIRST_CHARS: Final = frozenset(k for k in _resolver.yaml_implicit_resolvers if k)
_BOOLS: Final = _constructor.bool_values


def untagged_scalar(raw: str, quoted: bool, line: int = 0, col: int = 0) -> Node:
    """The node of a scalar written without a tag: text when quoted, else typed as YAML's
    resolver reads it (and checked as :func:`parse` checks it)."""
    if quoted or not raw or raw[0] not in _FIRST_CHARS:  # text: no resolver applies
        return Node("scalar", STR, raw, raw, line, col, quoted) if raw or quoted else (
            Node("scalar", NULL, None, raw, line, col))
    tag = _resolver.resolve(yaml.ScalarNode, raw, (True, False))  # type: ignore[no-untyped-call]
    return _typed(tag, raw, None, line, col, quoted)


def _scalar(event: Any, line: int, col: int, report: Any, stack: list[list[Any]]) -> Node:
    raw: str = event.value
    tag = event.tag
    quoted = event.style not in (None, "")
    if tag is None:
        return untagged_scalar(raw, quoted, line, col)
    if tag == "!":  # the non-specific tag: what the resolver makes of it
        if quoted or not raw:
            return untagged_scalar(raw, quoted, line, col)
        tag = _resolver.resolve(yaml.ScalarNode, raw, event.implicit)  # type: ignore[no-untyped-call]
    elif tag not in _SCALAR_TAGS:
        report(line, col, "unsupported-tag", f"tag '{_short(tag)}' is not allowed; remove it",
               _here(stack))
        return Node("scalar", STR, raw, raw, line, col, True)
    return _typed(tag, raw, event.style, line, col, quoted)


def _typed(tag: str, raw: str, style: str | None, line: int, col: int, quoted: bool) -> Node:
    if tag == _MERGE:
        return Node("scalar", _MERGE, raw, raw, line, col)
    if tag not in _SCALAR_TAGS:  # YAML 1.1's odd implicit types (a lone "=") read as text
        return Node("scalar", STR, raw, raw, line, col)
    try:
        value = (raw if tag == STR else None if tag == NULL else
                 int(raw) if tag == INT and _PLAIN_INT.fullmatch(raw) else
                 _construct(tag, raw, style))
    except Exception:
        # e.g. a date-like value that is not a real date (2019-02-30), or an explicit
        # standard tag on text it cannot read (!!bool maybe, !!int "")
        return Node("scalar", "invalid:" + tag, raw, raw, line, col, quoted)
    if tag in (INT, FLOAT) and not quoted and not _plain_number(tag, raw):
        # YAML 1.1's other number forms: 010 (octal 8), 1:30 (sexagesimal 90), 0x1f, 1_000
        return Node("scalar", "yaml11:" + tag, value, raw, line, col, quoted)
    return Node("scalar", tag, value, raw, line, col, quoted)


_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
                          r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _plain_number(tag: str, raw: str) -> bool:
    """A number written as YAML 1.2 and every reader read it: plain decimal."""
    return bool((_PLAIN_INT if tag == INT else _PLAIN_FLOAT).fullmatch(raw))
