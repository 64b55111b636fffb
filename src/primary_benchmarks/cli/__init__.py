"""The ``primary-benchmarks`` command line (also ``python -m primary_benchmarks``).

Exit status: 0 when all is well, 1 when something was found (validation
errors, a missing framework), 2 for a usage error. Bad input never prints a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .. import __version__
from .._text import escape
from ..analysis.migration import SCALE_STRATEGIES
from ..errors import LoadError, PrimaryBenchmarksError, SaveError, UsageError
from ..formats.csv_reader import MAX_CSV_BYTES
from ..formats.json_schema import SCHEMA_KINDS
from ..formats.registry import using_framework_path
from ..model.changes import MERGE_POLICIES
from ._common import EXIT_FOUND, EXIT_OK, EXIT_USAGE, _date, _framework_arg, _Parser, _positive
from .checking import (
    _cmd_describe,
    _cmd_frameworks,
    _cmd_schema,
    _cmd_template,
    _cmd_validate,
)
from .commands import (
    _cmd_diff,
    _cmd_migrate,
    _cmd_plan,
    _cmd_progress,
    _cmd_report,
    _cmd_resolve,
    _cmd_score,
    _cmd_suggest,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="primary-benchmarks",
                     description="Careers benchmark frameworks, audits and reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--root", metavar="DIR",
                        help="the folder an overlay's stack may read files from (default: "
                             "the overlay's own folder)")
    common.add_argument("--framework-path", action="append", default=[], metavar="DIR",
                        help="also find framework and overlay files by id@version in this "
                             "folder (repeat for more; added to PRIMARY_BENCHMARKS_PATH)")

    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = sub.add_parser(name, parents=[common], **kwargs)
        return made

    p = add("validate", help="check framework and audit files (and folders)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders")
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help="check audits against this framework (for one that is not bundled)")
    p.add_argument("--strict", action="store_true",
                   help="an audit that leaves characteristics unrated is an error")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=_cmd_validate)

    p = add("score", help="score audits: benchmarks achieved and what blocks them")
    p.add_argument("audits", nargs="+", metavar="AUDIT", help="audit YAML files")
    _framework_arg(p, "the audits' one")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_score)

    p = add("progress", help="what changed between two audits of one school")
    p.add_argument("old", metavar="OLD", help="the earlier audit")
    p.add_argument("new", metavar="NEW", help="the later audit")
    _framework_arg(p, "the audits' one")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_progress)

    p = add("describe", help="summarise frameworks (all bundled ones by default)")
    p.add_argument("refs", nargs="*", metavar="REF", help="id, id@version or a file path")
    p.add_argument("--characteristics", action=argparse.BooleanOptionalAction, default=None,
                   help="list every characteristic (id, text, tags) under its benchmark "
                        "(default: when one REF is given)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=_cmd_describe)

    p = add("template", help="a blank audit to fill in: YAML, or a wide CSV header")
    p.add_argument("ref", metavar="REF", help="id, id@version or a framework file path")
    p.add_argument("--format", choices=("yaml", "csv"), default="yaml",
                   help="yaml: every characteristic listed with its text (default); csv: a "
                        "wide CSV header and one row to fill in")
    p.add_argument("--output", metavar="FILE", help="write it here instead of printing it")
    p.set_defaults(run=_cmd_template)

    p = add("report", help="cohort tables per round: the pilot's tables")
    p.add_argument("source", metavar="SOURCE",
                   help="a folder of audit files, or a long or wide CSV file")
    p.add_argument("--by", metavar="ATTRIBUTE",
                   help="break down by a school attribute (local_authority, type, ...)")
    p.add_argument("--attribute", action="append", default=[], metavar="NAME",
                   help="a CSV column that holds a school attribute (repeat for more); "
                        "school, date, round, framework, name, local_authority and type "
                        "are known already")
    p.add_argument("--max-bytes", type=_positive, default=MAX_CSV_BYTES, metavar="N",
                   help=f"the largest CSV file read (default {MAX_CSV_BYTES:,})")
    p.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="read a folder's files in N processes (default: the cores "
                        "available; the result is the same)")
    _framework_arg(p, "the audits' one", named=True)
    p.add_argument("--format", choices=("table", "json", "csv", "markdown", "html"),
                   default="table")
    p.add_argument("--plot", metavar="DIR", help="also write the charts as PNG and SVG here")
    p.add_argument("--at-least", type=_positive, default=None, metavar="K",
                   help="headline the share achieving at least K benchmarks (default 6 of 8, "
                        "in proportion otherwise)")
    p.set_defaults(run=_cmd_report)

    p = add("frameworks", help="list the frameworks available by reference")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_frameworks)

    p = add("plan", help="evaluate an action plan, optionally against an audit")
    p.add_argument("plan", metavar="PLAN", help="an action plan file")
    p.add_argument("--audit", metavar="AUDIT", help="the audit to check the targets against")
    p.add_argument("--today", type=_date, metavar="DATE",
                   help="the evaluation date (default: today)")
    _framework_arg(p, "the plan's one")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_plan)

    p = add("suggest", help="characteristics to work on next, from an audit")
    p.add_argument("audit", metavar="AUDIT", help="an audit file")
    p.add_argument("--max", type=_positive, metavar="N", help="at most N suggestions (N >= 1)")
    _framework_arg(p, "the audit's one")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_suggest)

    p = add("resolve", help="print an overlay resolved, with each item's origin")
    p.add_argument("file", metavar="FILE", help="a framework or overlay file")
    p.set_defaults(run=_cmd_resolve)

    p = add("diff", help="what changed between two frameworks")
    p.add_argument("old", metavar="OLD", help="a reference or a file")
    p.add_argument("new", metavar="NEW", help="a reference or a file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=_cmd_diff)

    p = add("migrate", help="carry an audit to another framework version")
    p.add_argument("audit", metavar="AUDIT", help="an audit file")
    p.add_argument("--to", required=True, metavar="REF_OR_FILE",
                   help="the framework version to carry the audit to")
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help="the audit's own framework, when it is not bundled")
    p.add_argument("--scale", choices=SCALE_STRATEGIES,
                   help="how ratings move when the scales differ")
    p.add_argument("--merge", choices=MERGE_POLICIES,
                   help="how merged ratings combine (default: the change table's)")
    p.add_argument("--output", metavar="FILE", help="write the migrated audit here")
    p.set_defaults(run=_cmd_migrate)

    p = add("schema", help="print the JSON Schema of a file format")
    p.add_argument("kind", choices=sorted(SCHEMA_KINDS))
    p.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the command line; return the exit status instead of exiting.

    >>> import io
    >>> buf = io.StringIO()
    >>> main(["validate", "no/such/file.yaml"], out=buf)
    1
    >>> print(buf.getvalue().splitlines()[0])
    no/such/file.yaml: $: no such file or folder [not-found]
    """
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        with contextlib.redirect_stderr(err):  # usage errors go where the caller asked
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    args.err = err
    try:
        with using_framework_path(args.framework_path):
            return run(args, out)
    except (LoadError, SaveError) as exc:
        for issue in exc.issues:
            print(issue.format(), file=err)
        return EXIT_FOUND
    except UsageError as exc:
        print(f"primary-benchmarks {args.command}: error: {escape(str(exc))}", file=err)
        return EXIT_USAGE
    except PrimaryBenchmarksError as exc:
        print(f"primary-benchmarks: error: {escape(str(exc))}", file=err)
        return EXIT_FOUND
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
