"""Streaming CSV reading with exact positions and an account of every physical line.

The file is read as a stream (never whole into memory): comment lines (``#``) before the
header, the header, then data rows, each with the physical lines it spans (a quoted cell
may hold line breaks, so a row can span several lines; it is placed at its *first*
line). Every physical line is accounted for: ``lines == comment + header + used +
refused + blank``, where the caller says which rows it used and which it refused.
A physical line ends at CR LF, LF or CR, as the ``csv`` module reads it.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from typing import Final

from .._text import identifier_problem
from ..errors import Issue, LoadError
from .files import file_problem
from .signatures import legacy_hint, not_text

__all__ = ["MAX_CELL", "MAX_CSV_BYTES", "CsvStream", "Row", "clean_header"]

#: The largest CSV file read by default (bytes); ``load_cohort(max_bytes=...)`` and
#: ``report --max-bytes`` raise it.
MAX_CSV_BYTES: Final = 4 * 1024 * 1024 * 1024
#: The longest cell (characters) the reader accepts; a row with a longer one is refused.
MAX_CELL: Final = 131_072


def _advance(text: str, line: int, col: int) -> tuple[int, int]:
    """The line and column after reading ``text`` from ``line``:``col`` (CR LF, CR, LF)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if not breaks:
        return line, col + len(text)
    last = max(text.rfind("\n"), text.rfind("\r"))
    return line + breaks, len(text) - last


class Row:
    """One data row: its cells and the physical lines it spans."""

    __slots__ = ("cells", "first", "last")

    def __init__(self, cells: list[str], first: int, last: int) -> None:
        self.cells = cells
        self.first = first
        self.last = last

    @property
    def lines(self) -> int:
        """How many physical lines the row spans."""
        return self.last - self.first + 1


#: The separators a CSV may use, chosen by its header row.
DELIMITERS = (",", ";", "\t")


def _delimiter_of(header: str) -> str:
    r"""The separator of a CSV file, from its header line (quoted text aside): a comma, unless
    the header has no comma but a semicolon or a tab.

    >>> _delimiter_of("school;date;P1.1"), _delimiter_of("school,date"), _delimiter_of("a\tb")
    (';', ',', '\t')
    """
    outside = "".join(part for k, part in enumerate(header.split('"')) if k % 2 == 0)
    if "," in outside:
        return ","
    counts = {d: outside.count(d) for d in DELIMITERS[1:]}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvStream:
    """A CSV file opened for streaming: ``notes`` (comment lines), ``header``, then
    :meth:`rows`. ``blank_lines``, ``bad_rows`` (rows the CSV reader itself refused, with
    their problems) and ``lines`` are complete once :meth:`rows` is exhausted.
    """

    def __init__(self, path: str | os.PathLike[str], max_bytes: int = MAX_CSV_BYTES) -> None:
        self.path = os.fsdecode(path)
        self.notes: list[str] = []
        self._new_note = True
        #: The separator: a comma, or a semicolon or a tab when the header uses one of those
        #: and no comma (as spreadsheets save CSV in locales with a decimal comma).
        self.delimiter = ","
        self.comment_lines = 0
        self.blank_lines = 0
        self.lines = 0
        self.problems: list[Issue] = []
        self.dropped = 0  # problems past MAX_PROBLEMS, counted only
        self._buffer: list[Row | Issue] = []
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except (OSError, ValueError) as exc:
            raise LoadError([file_problem(path, exc)]) from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise LoadError([Issue(file=self.path, line=None, col=None, path="$",
                                   code="not-a-file", message="is not a regular file")])
        if info.st_size > max_bytes:
            os.close(fd)
            raise LoadError([Issue(
                file=self.path, line=1, col=1, path="$", code="too-large",
                message=f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,} "
                        "(raise it with max_bytes= or --max-bytes)")])
        self._raw = io.open(fd, "rb", closefd=True)  # noqa: UP020, SIM115 - closed by close()
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        self._lines = self._counted()
        self._pending: str | None = None
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the file."""
        self._text.close()

    def _counted(self) -> Iterator[str]:
        try:
            for line in self._text:
                self.lines += 1
                yield line
        except UnicodeDecodeError:
            raise LoadError([self._encoding_problem()]) from None

    def _encoding_problem(self) -> Issue:
        """Find the first byte that is not UTF-8, and its line and column (or, for a file
        that is not text at all, say what it is)."""
        self._raw.seek(0)
        kind = not_text(self._raw.read(8), spreadsheet=True)
        if kind is not None:
            return Issue(file=self.path, line=1, col=1, path="$", code="encoding",
                         message=kind)
        self._raw.seek(0)
        carry, offset, line, col = b"", 0, 1, 1
        while chunk := self._raw.read(1 << 20):
            data = carry + chunk
            try:
                text, carry = data.decode("utf-8"), b""
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and exc.end == len(data):
                    text, carry = data[:exc.start].decode("utf-8"), data[exc.start:]
                else:
                    line, col = _advance(data[:exc.start].decode("utf-8"), line, col)
                    return Issue(file=self.path, line=line, col=col, path="$", code="encoding",
                                 message=f"byte 0x{data[exc.start]:02x} (byte "
                                         f"{offset + exc.start + 1:,} of the file) is not "
                                         f"UTF-8; {legacy_hint(data[exc.start], spreadsheet=True)}")
            if text.endswith("\r"):  # its LF may start the next chunk: count CR LF once
                text, carry = text[:-1], b"\r" + carry
            line, col = _advance(text, line, col)
            offset += len(data) - len(carry)
        return Issue(file=self.path, line=line, col=col, path="$", code="encoding",
                     message="the file ends inside a character; save it as UTF-8")

    def _read_header(self) -> list[str]:
        for line in self._lines:
            if line.startswith("#"):
                # Comment lines run on into one note (a paragraph); an empty comment line
                # starts the next note.
                text = line.lstrip("#").strip()
                if not text:
                    self._new_note = True
                elif self.notes and not self._new_note:
                    self.notes[-1] = f"{self.notes[-1]} {text}"
                else:
                    self.notes.append(text)
                    self._new_note = False
                self.comment_lines += 1
                continue
            self._pending = line
            break
        if self._pending is None:
            raise LoadError([Issue(file=self.path, line=1, col=None, path="$",
                                   code="empty-document", message="the CSV file is empty")])
        self.delimiter = _delimiter_of(self._pending)
        rows = self._parse()
        first = next(rows, None)
        self._rest = rows
        if first is None or isinstance(first, Issue):
            problem = first.message if isinstance(first, Issue) else "no header row"
            raise LoadError([Issue(file=self.path, line=self.comment_lines + 1, col=None,
                                   path="$", code="csv-format",
                                   message=f"the header row is not valid CSV: {problem}")])
        self.header_lines = first.lines
        return first.cells

    def _source(self) -> Iterator[str]:
        if self._pending is not None:
            line, self._pending = self._pending, None
            yield line
        yield from self._lines

    def _parse(self) -> Iterator[Row | Issue]:
        reader = csv.reader(self._source(), delimiter=self.delimiter)
        done = self.comment_lines
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                first = done + 1
                done = self.comment_lines + reader.line_num
                message = str(exc)
                if "field larger than field limit" in message:
                    message = f"a cell is longer than {MAX_CELL:,} characters"
                yield Issue(file=self.path, line=first, col=None, path="$",
                            code="csv-format", message=f"not a valid CSV row: {message}")
                continue
            first, done = done + 1, self.comment_lines + reader.line_num
            yield Row(cells, first, done)

    def peek(self, n: int) -> list[Row]:
        """Up to ``n`` of the first data rows, without consuming them."""
        while len(self._buffer) < n:
            item = next(self._rest, None)
            if item is None:
                break
            self._buffer.append(item)
        return [r for r in self._buffer if isinstance(r, Row)]

    def peeked_problems(self) -> list[Issue]:
        """The problems of the rows :meth:`peek` looked at (rows that could not be read)."""
        return [r for r in self._buffer if isinstance(r, Issue)]

    def _items(self) -> Iterator[Row | Issue]:
        while self._buffer:  # reversed by rows(), so pop() gives them in order
            yield self._buffer.pop()
        yield from self._rest

    def rows(self) -> Iterator[Row]:
        """The data rows; blank rows are counted (``blank_lines``), unparsable ones become
        problems (``problems``, at most ``MAX_PROBLEMS`` kept, the rest ``dropped``)."""
        from .spec import MAX_PROBLEMS

        self._buffer.reverse()
        try:
            for item in self._items():
                if isinstance(item, Issue):
                    if len(self.problems) < MAX_PROBLEMS:
                        self.problems.append(item)
                    else:
                        self.dropped += 1
                    continue
                if not item.cells or not any(c.strip() for c in item.cells):
                    self.blank_lines += item.lines
                    continue
                yield item
        finally:
            self.close()


def clean_header(path: str, header: list[str], line: int = 1
                 ) -> tuple[list[str], list[Issue]]:
    """Header names NFC-normalised and stripped; a name with an invisible or control
    character, or one that appears twice, is a problem (and becomes ``""``, unread)."""
    import unicodedata

    names: list[str] = []
    problems: list[Issue] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = unicodedata.normalize("NFC", raw.strip())
        problem = identifier_problem(name)
        if problem:
            problems.append(Issue(file=path, line=line, col=i + 1, path=f"$.header[{i}]",
                                  code="unknown-column", message=f"column name {problem}; "
                                  "its cells were not read"))
            name = ""
        elif name in seen:
            problems.append(Issue(file=path, line=line, col=i + 1, path=f"$.header[{i}]",
                                  code="csv-format", message=f"column {name!r} appears twice "
                                  f"(first as column {seen[name] + 1}); the second was not "
                                  "read"))
            name = ""
        elif name:
            seen[name] = i
        names.append(name)
    return names, problems
