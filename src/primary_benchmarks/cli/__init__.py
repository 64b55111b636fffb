"""The ``primary-benchmarks`` command line (also ``python -m primary_benchmarks``).

Exit status: 0 when all is well, 1 when something was found (validation
errors, a missing framework), 2 for a usage error. Bad input never prints a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TextIO

from .. import __version__
from .._text import escape
from ..analysis.migration import SCALE_STRATEGIES
from ..errors import LoadError, LoadWarning, PrimaryBenchmarksError, SaveError, UsageError
from ..formats.csv_reader import MAX_CSV_BYTES
from ..formats.json_schema import SCHEMA_KINDS
from ..formats.registry import using_framework_path
from ..model.changes import MERGE_POLICIES
from ._common import (
    EXIT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    _date,
    _format_arg,
    _framework_arg,
    _Help,
    _model_arg,
    _Parser,
    _positive,
)
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
from .examples import EXAMPLES
from .hub import _cmd_grid, _cmd_plans, _cmd_references
from .publish import _cmd_publish

__all__ = ["EXAMPLES", "main"]

def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number such as 0.95") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1 (such as 0.95)")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="primary-benchmarks",
                     description="Careers benchmark frameworks, audits and reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--root", metavar="DIR",
                        help="the folder an overlay's stack may read files from (default: "
                             "the overlay's own folder)")
    chatter = common.add_mutually_exclusive_group()
    chatter.add_argument("-q", "--quiet", action="store_true",
                         help="print only results and problems (no progress, no 'wrote ...')")
    chatter.add_argument("-v", "--verbose", action="store_true",
                         help="also print what the library logs (files read, fast path taken)")
    common.add_argument("--framework-path", action="append", default=[], metavar="DIR",
                        help="also find framework and overlay files by id@version in this "
                             "folder (repeat for more; added to PRIMARY_BENCHMARKS_PATH)")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = sub.add_parser(
            name, parents=[common], help=help, description=help[0].upper() + help[1:] + ".",
            epilog="example:\n  " + "\n  ".join(EXAMPLES[name]), formatter_class=_Help)
        return made

    p = add("validate", help="check framework and audit files (and folders)")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="YAML files, audit workbooks, cohort CSVs or folders")
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help="check audits against this framework (for one that is not bundled)")
    p.add_argument("--strict", action="store_true",
                   help="an audit that leaves characteristics unrated is an error")
    _format_arg(p)
    p.set_defaults(run=_cmd_validate)

    p = add("score", help="score audits: benchmarks achieved and what blocks them")
    p.add_argument("audits", nargs="+", metavar="AUDIT", help="audit YAML files")
    _model_arg(p, "also score each audit with scoring model NAME")
    _framework_arg(p, "the audits' one")
    _format_arg(p)
    p.set_defaults(run=_cmd_score)

    p = add("progress", help="what changed between two audits of one school")
    p.add_argument("old", metavar="OLD", help="the earlier audit")
    p.add_argument("new", metavar="NEW", help="the later audit")
    _framework_arg(p, "the audits' one")
    _format_arg(p)
    p.set_defaults(run=_cmd_progress)

    p = add("describe", help="summarise frameworks (all bundled ones by default)")
    p.add_argument("refs", nargs="*", metavar="REF", help="id, id@version or a file path")
    p.add_argument("--characteristics", action=argparse.BooleanOptionalAction, default=None,
                   help="list every characteristic (id, text, tags) under its benchmark "
                        "(default: when one REF is given)")
    _format_arg(p)
    p.set_defaults(run=_cmd_describe)

    p = add("template", help="a blank audit to fill in: YAML, or a wide CSV header")
    p.add_argument("ref", metavar="REF", help="id, id@version or a framework file path")
    _format_arg(p, ("yaml", "csv", "xlsx"), "yaml")
    p.add_argument("--output", metavar="FILE", help="write it here instead of printing it "
                   "(with --schools: the folder to write the workbooks into)")
    p.add_argument("--cohort", action="store_true",
                   help="a workbook for each school of --schools (what --schools does; "
                        "named for clarity)")
    p.add_argument("--schools", metavar="CSV",
                   help="a CSV of schools (a school column; name, local_authority, type and "
                        "other attribute columns optional): one workbook per school, its "
                        "School sheet filled in, for a hub to send (with --format xlsx)")
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
                   help=f"the largest CSV file read (default: {MAX_CSV_BYTES:,} bytes)")
    p.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="read a folder's files in N processes (default: the cores "
                        "available; the result is the same)")
    _framework_arg(p, "the audits' one", named=True)
    _format_arg(p, ("text", "json", "csv", "markdown", "html", "xlsx"))
    p.add_argument("--plot", metavar="DIR", help="also write the charts as PNG and SVG here")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE (atomically) "
                   "instead of standard output")
    p.add_argument("--full-precision", action="store_true",
                   help="CSV: write shares and means in full (default: 6 decimal places)")
    _model_arg(p, "add each round's mean score under scoring model NAME")
    p.add_argument("--compare", metavar="REF",
                   help="set published reference figures beside the report's (a bundled set "
                        "such as cec-compass, see `references`, or a .yaml file); refused "
                        "across framework versions")
    p.add_argument("--to", metavar="REF",
                   help="report at this framework version, carrying audits of other "
                        "versions (a folder's, or a whole CSV's) to it through the change "
                        "tables (their rounds' figures marked estimated)")
    p.add_argument("--as-of", type=_date, action="append", default=[], metavar="DATE",
                   help="where every school stands on DATE: its latest audit on or before it, "
                        "whatever its round (repeat for a trend, one column per date)")
    p.add_argument("--ci", type=_level, default=None, metavar="LEVEL",
                   help="add cluster-bootstrap intervals at this confidence level, such as "
                        "0.95 (schools resampled; see docs/research.md)")
    p.add_argument("--seed", type=int, default=0, help="the bootstrap's seed (the same seed "
                   "gives the same intervals)")
    p.add_argument("--replicates", type=_positive, default=1_000, metavar="N",
                   help="bootstrap replicates")
    p.add_argument("--cluster-by", metavar="ATTRIBUTE",
                   help="resample clusters of schools sharing this attribute (such as "
                        "local_authority) instead of schools")
    p.add_argument("--min-schools", type=_positive, default=None, metavar="K",
                   help="disclosure control: leave out every figure from fewer than K "
                        "schools (shown as c), with secondary suppression across groups")
    p.add_argument("--at-least", type=_positive, default=None, metavar="K",
                   help="headline the share achieving at least K benchmarks (default 6 of 8, "
                        "in proportion otherwise)")
    p.set_defaults(run=_cmd_report)

    p = add("publish", help="write a cohort as a publishable data set: tidy CSVs with "
            "metadata, a data package, provenance")
    p.add_argument("source", metavar="SOURCE",
                   help="a folder of audit files, or a long or wide CSV file")
    p.add_argument("folder", metavar="DIR", help="the folder to write the data set into")
    p.add_argument("--min-schools", type=_positive, default=5, metavar="K",
                   help="disclosure control: leave out figures from fewer than K schools")
    p.add_argument("--no-suppression", action="store_true",
                   help="publish every figure, however few schools (recorded in "
                        "provenance.json)")
    p.add_argument("--attribute", action="append", default=[], metavar="NAME",
                   help="a CSV column that holds a school attribute (repeat for more)")
    p.add_argument("--title", help="the data set's title (default: from the framework)")
    p.add_argument("--licence", default="CC-BY-4.0", metavar="SPDX",
                   help="the data set's licence, as an SPDX identifier")
    p.add_argument("--keep-going", action="store_true",
                   help="publish what loaded even when the source has problems (the exit "
                        "status is still 1; provenance.json records what was refused); "
                        "without it, nothing is written")
    _framework_arg(p, "the audits' one", named=True)
    p.set_defaults(run=_cmd_publish)

    p = add("grid", help="every school against every benchmark: achieved, partially or not")
    p.add_argument("source", metavar="SOURCE",
                   help="a folder of audit files, or a long or wide CSV file")
    p.add_argument("--round", help="see each school through its audit of this round "
                   "(default: its latest audit)")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                   help="see each school through its latest audit on or before DATE")
    p.add_argument("--sort", metavar="BENCHMARK", help="sort by this benchmark, achieved first")
    p.add_argument("--attribute", action="append", default=[], metavar="NAME",
                   help="a CSV column that holds a school attribute (repeat for more)")
    p.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="read a folder's files in N processes (default: the cores available)")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the grid as a heatmap")
    _framework_arg(p, "the audits' one", named=True)
    _format_arg(p, ("text", "json", "csv", "markdown", "html"))
    p.set_defaults(run=_cmd_grid)

    p = add("frameworks", help="list the frameworks available by reference")
    _format_arg(p)
    p.set_defaults(run=_cmd_frameworks)

    p = add("references", help="list the bundled published reference figures, or show one "
                               "set's figures with their sources")
    p.add_argument("action", nargs="?", choices=("list", "show"), default="list",
                   help="list every set (default), or show one set's figures")
    p.add_argument("ref", nargs="?", metavar="REF",
                   help="for show: a set such as cec-compass, or a .yaml file")
    _format_arg(p, ("text", "json"))
    p.set_defaults(run=_cmd_references)

    p = add("plan", help="evaluate an action plan, optionally against an audit")
    p.add_argument("plan", metavar="PLAN", help="an action plan file")
    p.add_argument("--audit", metavar="AUDIT",
                   help="the audit to check the targets against: an audit file, or a folder "
                        "or CSV of audits (the school's latest on or before --today)")
    p.add_argument("--today", type=_date, metavar="DATE",
                   help="the evaluation date (default: today)")
    _framework_arg(p, "the plan's one")
    _format_arg(p)
    p.set_defaults(run=_cmd_plan)

    p = add("plans", help="every school's action plan in a folder, against its latest audit")
    p.add_argument("folder", metavar="FOLDER", help="a folder of action plan files")
    p.add_argument("--audits", required=True, metavar="SOURCE",
                   help="the audits: a folder of audit files, or a CSV")
    p.add_argument("--today", type=_date, default=None, metavar="DATE",
                   help="the evaluation date (default: today)")
    p.add_argument("--sort", choices=("overdue", "at-risk", "met", "school"),
                   default="overdue", help="the order of the schools")
    p.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="read a folder's files in N processes (default: the cores available)")
    _framework_arg(p, "the plans' one")
    _format_arg(p, ("text", "json", "csv", "html"))
    p.set_defaults(run=_cmd_plans)

    p = add("suggest", help="characteristics to work on next, from an audit")
    p.add_argument("audit", metavar="AUDIT", help="an audit file")
    p.add_argument("--max", type=_positive, metavar="N", help="at most N suggestions (N >= 1)")
    _framework_arg(p, "the audit's one")
    _format_arg(p)
    p.set_defaults(run=_cmd_suggest)

    p = add("resolve", help="print an overlay resolved, with each item's origin")
    p.add_argument("file", metavar="FILE", help="a framework or overlay file")
    p.set_defaults(run=_cmd_resolve)

    p = add("diff", help="what changed between two frameworks")
    p.add_argument("old", metavar="OLD", help="a reference or a file")
    p.add_argument("new", metavar="NEW", help="a reference or a file")
    _format_arg(p)
    p.set_defaults(run=_cmd_diff)

    p = add("migrate", help="carry an audit to another framework version")
    p.add_argument("audit", metavar="AUDIT", help="an audit file, a folder of them (then "
                   "--output names the folder to write the carried audits into) or a CSV of "
                   "audits (then --output names the CSV to write)")
    p.add_argument("--to", required=True, metavar="REF_OR_FILE",
                   help="the framework version to carry the audit to")
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help="the audit's own framework, when it is not bundled")
    p.add_argument("--scale", choices=SCALE_STRATEGIES,
                   help="how ratings move when the scales differ")
    p.add_argument("--merge", choices=MERGE_POLICIES,
                   help="how merged ratings combine (default: the change table's)")
    p.add_argument("--output", metavar="FILE", help="write the migrated audit here")
    p.add_argument("--attribute", action="append", default=[], metavar="NAME",
                   help="a CSV's school-attribute column to carry over (repeatable)")
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
    for stream, given in ((sys.stdout, out), (sys.stderr, err)):
        # The process's own streams: a character the terminal's encoding lacks (a school
        # name with a tick on a cp1252 console) is printed escaped, never a traceback.
        if given is None and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
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
    log = logging.getLogger("primary_benchmarks")
    handler = logging.StreamHandler(err) if args.verbose else None
    if handler is not None:  # -v: what the library logs, for this run only
        handler.setFormatter(logging.Formatter("primary-benchmarks: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    try:
        with using_framework_path(args.framework_path), warnings.catch_warnings():
            warnings.simplefilter("ignore", LoadWarning)  # every problem is printed instead
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
    finally:
        if handler is not None:
            log.removeHandler(handler)
            log.setLevel(logging.NOTSET)


def reference() -> str:
    """The command line's reference as Markdown, made from the parser itself (so
    ``docs/cli.md``, written from it, cannot drift from what the commands accept).

    >>> reference().splitlines()[0]
    '# Command line reference'
    """
    import functools

    parser = _parser()
    fixed = functools.partial(_Help, width=92)  # the same text whatever the terminal
    parts = ["# Command line reference", "",
             "Made from the parser by `python docs/make_cli_docs.py`; a test checks it is "
             "current. Every command also takes `--root`, `-q/--quiet`, `-v/--verbose` and "
             "`--framework-path` (and `PRIMARY_BENCHMARKS_PATH`); exit status 0 is all well, "
             "1 something found (problems, a missing framework), 2 a usage error.", ""]
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subs.choices.items():
        sub.formatter_class = fixed
        parts += [f"## {name}", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(parts)
