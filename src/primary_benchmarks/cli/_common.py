"""Helpers shared by the commands: exit statuses, option parsing, JSON output."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from .._text import escape
from ..engine.cohort import Cohort
from ..errors import UsageError
from ..formats.audit_io import (
    load_audit,
)
from ..formats.cohort_io import CohortLoad
from ..formats.date_text import date_problem
from ..formats.loading import (
    load_framework,
)
from ..formats.strict_json import strict_json
from ..model.audit import Audit
from ..model.framework import Framework

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help that keeps the examples' lines and shows each default that says something
    (not an empty one, and not one the help text already names)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (default in (None, False, [], argparse.SUPPRESS) or "default" in text
                or not action.option_strings):
            return text
        return f"{text} (default: {default})"


#: What each output format is, for ``--format``'s help.
_FORMATS = {"text": "aligned text for people", "json": "JSON for programs",
            "csv": "one row per round, group and benchmark",
            "markdown": "the text tables in Markdown", "html": "one self-contained page",
            "yaml": "an audit file to fill in",
            "xlsx": "a workbook (with --output FILE.xlsx)"}


def _format_name(text: str) -> str:
    """A ``--format`` value; ``table``, the old name of ``text``, still works."""
    return "text" if text == "table" else text


def _format_arg(p: argparse.ArgumentParser, kinds: tuple[str, ...] = ("text", "json"),
                default: str = "text") -> None:
    """The ``--format`` option, named alike in every command."""
    p.add_argument("--format", type=_format_name, choices=kinds, default=default,
                   help="how to print: " + "; ".join(f"{k}, {_FORMATS[k]}" for k in kinds))


def _model_arg(p: argparse.ArgumentParser, what: str) -> None:
    """The ``--model`` option (repeatable; ``all`` for every scoring model)."""
    p.add_argument("--model", action="append", default=[], metavar="NAME",
                   help=f"{what} (repeat for several, or all): share-achieved, "
                        "mean-level-value, xccdf-default, xccdf-flat, xccdf-flat-unweighted, "
                        "xccdf-absolute; see docs/scoring.md")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # exit 2, as argparse does, with our prefix
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _json(data: Any, out: TextIO) -> None:
    """Write strict JSON (RFC 8259): a float that is not finite is written as null."""
    out.write(json.dumps(strict_json(data), indent=2, allow_nan=False, default=str))
    out.write("\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _framework_option(args: argparse.Namespace) -> Framework | None:
    ref = getattr(args, "framework", None)
    return None if ref is None else load_framework(ref, root=args.root)


#: The files a one-audit argument takes as a table of many audits.
_TABLE_SUFFIXES = (".csv", ".tsv")


def _audit_and_framework(path: str, framework: Framework | None) -> tuple[Audit, Framework]:
    if path.lower().endswith(_TABLE_SUFFIXES):
        raise UsageError(f"{path} is a CSV file; this command reads one audit file (YAML). "
                         f"For a CSV of audits use: primary-benchmarks report {path}")
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder; this command reads audit files (name them, "
                         f"such as {os.path.join(path, '*.yaml')}). For a folder of audits "
                         f"use: primary-benchmarks report {path}")
    audit = load_audit(path, framework=framework)
    return audit, framework or load_framework(str(audit.framework))


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(date_problem(text) or repr(text)) from None


def _framework_arg(p: argparse.ArgumentParser, whose: str, *, named: bool = False) -> None:
    """The --framework option: a framework file or reference for files that name another."""
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help=f"the framework, when {whose} is not bundled"
                        + (" or named" if named else ""))


def _progress_line(args: argparse.Namespace, what: str) -> Callable[[int, int], None] | None:
    """A progress line on standard error for long work, only when it is a terminal (never
    in pipes or files) and ``--quiet`` is not given; shown after half a second."""
    err: TextIO = args.err
    if args.quiet or not getattr(err, "isatty", lambda: False)():
        return None
    start = time.monotonic()
    shown = [0.0]

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total:
            if shown[0]:
                err.write("\r\033[K")  # clear the line once the work is done
                err.flush()
            return
        if now - start < 0.5 or now - shown[0] < 0.1:
            return
        shown[0] = now
        err.write(f"\r{what}: {done:,} of {total:,}")
        err.flush()

    return update


def _not_read_lines(skipped: list[str] | tuple[str, ...], hidden: list[str] | tuple[str, ...],
                    suffixes: str = ".yaml, .yml, .xlsx or .xlsm") -> list[str]:
    """The lines that name what a folder walk left unread: files of other suffixes and
    hidden entries, ten of each at most."""
    def listed(paths: list[str] | tuple[str, ...]) -> str:
        more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
        return ", ".join(escape(x) for x in paths[:10]) + more

    lines = []
    if skipped:
        lines.append(f"skipped {_plural(len(skipped), 'file')} not named {suffixes}: "
                     + listed(skipped))
    if hidden:
        n = len(hidden)
        lines.append(f"skipped {n} hidden {'entry' if n == 1 else 'entries'} (names starting with "
                     f"'.' or '~$': notebook checkpoints, version control, system and lock "
                     f"files; name a file on its own to read it): " + listed(hidden))
    return lines


def _print_load(loaded: CohortLoad, err: TextIO, uses: str) -> None:
    """Print a cohort load's problems, what it refused (``uses`` says what the other
    audits went into: "the report uses") and what a folder walk left unread."""
    for problem in loaded.problems:
        print(problem.format(), file=err)
    if loaded.refused:
        print(f"{loaded.refused} of {loaded.read} {loaded.unit} refused; {uses} the other "
              f"{loaded.accepted}", file=err)
    for line in _not_read_lines(loaded.skipped, loaded.hidden):
        print(line, file=err)


def _not_over_the_source(source: str, output: str | None, *, carried: bool = False) -> None:
    """Refuse an ``--output`` that would overwrite the input: the same file, and for a
    migration (``carried``) the same folder or a folder inside it too, since a migration
    can merge and split and the originals are the only record of what was rated."""
    if output is None:
        return
    src, dst = Path(source).resolve(), Path(output).resolve()
    what = "carried" if carried else "read"
    where = (f"is the file being {what}" if dst == src and not src.is_dir() else
             f"is the folder being {what}" if dst == src else
             f"is inside the folder being {what}" if carried and src.is_dir()
             and src in dst.parents else None)
    if where is not None:
        raise UsageError(f"--output {output} {where}; write "
                         + ("the carried audits elsewhere (the originals are the record of "
                            "what was rated)" if carried else "the output elsewhere"))


def _latest_audits(cohort: Cohort, today: _dt.date) -> dict[str, int]:
    """Each school's latest audit on or before ``today`` (its row in ``cohort``; of two on
    one date, the first), by school id: what a plan is set against."""
    ids = cohort.schools.ids
    latest: dict[str, int] = {}
    latest_day: dict[str, _dt.date] = {}
    days: list[_dt.date] = cohort.dates.astype("datetime64[D]").tolist()
    for row, (school, day) in enumerate(zip(cohort.school_index.tolist(), days, strict=True)):
        sid = ids[school]
        if day <= today and (sid not in latest or day > latest_day[sid]):
            latest[sid], latest_day[sid] = row, day
    return latest
