"""The ``primary-benchmarks`` command line (also ``python -m primary_benchmarks``).

Exit status: 0 when all is well, 1 when something was found (validation
errors, a missing framework), 2 for a usage error. Bad input never prints a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from . import __version__
from ._text import escape
from .analysis.diff import diff_frameworks
from .analysis.migration import SCALE_STRATEGIES, migrate
from .analysis.plans import evaluate_plan, suggest_targets
from .analysis.progress import progress
from .analysis.report import report
from .analysis.scoring import AuditScore, score
from .errors import Issue, LoadError, PrimaryBenchmarksError, SaveError, UsageError
from .formats.audit_format import AUDIT_SCHEMA
from .formats.cohort_io import load_cohort
from .formats.csv_reader import MAX_CSV_BYTES
from .formats.document import schema_of
from .formats.files import read_capped, walk_folder
from .formats.json_schema import SCHEMA_KINDS, json_schema
from .formats.loading import (
    check_audit_text,
    check_framework_text,
    check_plan_text,
    dump_audit,
    dumps_audit,
    dumps_framework,
    load_audit,
    load_framework,
    load_migration_chain,
    load_plan,
)
from .formats.plan_format import PLAN_SCHEMA
from .formats.registry import available_frameworks, bundled_frameworks, registry_problems
from .formats.strict_json import strict_json
from .formats.yaml_reader import parse
from .model.audit import Audit
from .model.changes import MERGE_POLICIES
from .model.framework import Framework
from .model.rules import describe_rule
from .output.render import pilot_tables, report_csv, report_html

__all__ = ["main"]

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # exit 2, as argparse does, with our prefix
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _yaml_files(paths: Sequence[str]) -> tuple[list[Path], list[Issue], list[str]]:
    """The YAML files to check (a folder's, found by :func:`walk_folder`), the problems of
    entries that cannot be read, and the other files skipped."""
    files: list[Path] = []
    issues: list[Issue] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            found = walk_folder(path, (".yaml", ".yml"))
            files.extend(found.files)
            issues.extend(found.problems)
            skipped.extend(found.skipped)
        else:
            files.append(path)  # a missing or unreadable file is reported when read
    return files, issues, skipped


def _validate_one(path: Path, args: argparse.Namespace,
                  framework: Framework | None) -> tuple[str | None, list[Issue]]:
    """Check one file of any known kind; return a one-line summary if it is valid."""
    source = str(path)
    shown = escape(source)
    try:
        data = read_capped(path)
    except LoadError as exc:
        return None, list(exc.issues)
    result = parse(data, source)
    kind = schema_of(result.root)
    if kind is not None and kind.value not in SCHEMA_KINDS.values():
        known = ", ".join(dict.fromkeys(SCHEMA_KINDS.values()))
        return None, [*result.issues, Issue(
            file=source, line=kind.line, col=kind.col, path="$.schema", code="unknown-schema",
            message=f"{kind.value!r} is not a file format this library reads (known: {known})")]
    if kind is not None and kind.value == PLAN_SCHEMA:
        plan, issues = check_plan_text(data, source, framework=framework, parsed=result)
        if plan is None:
            return None, list(issues)
        return (f"{shown}: ok: action plan of school {plan.school.id} against "
                f"{plan.framework} ({_plural(len(plan.targets), 'open target')})"), []
    if kind is not None and kind.value == AUDIT_SCHEMA:
        audit, issues = check_audit_text(data, source, framework=framework,
                                         strict=args.strict, parsed=result)
        if audit is None:
            return None, list(issues)
        n = len(audit.ratings)
        return (f"{shown}: ok: audit of school {audit.school.id} against {audit.framework} "
                f"on {audit.date.isoformat()} ({_plural(n, 'rating')})"), []
    # A file with no schema line is checked as a framework (and told it needs one).
    fw, issues = check_framework_text(data, source, root=args.root, parsed=result)
    if fw is None:
        return None, list(issues)
    return f"{shown}: ok: {_summary(fw)}", []


def _framework_option(args: argparse.Namespace) -> Framework | None:
    ref = getattr(args, "framework", None)
    return None if ref is None else load_framework(ref, root=args.root)


def _audit_and_framework(path: str, framework: Framework | None) -> tuple[Audit, Framework]:
    audit = load_audit(path, framework=framework)
    return audit, framework or load_framework(str(audit.framework))


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _score_table(result: AuditScore, fw: Framework) -> str:
    head = (f"School {result.school}: {result.framework}, {result.date.isoformat()}"
            + (f" ({result.round})" if result.round else ""))
    lines = [head,
             f"  benchmarks achieved: {result.benchmarks_achieved} of "
             f"{result.benchmarks_assessed}; characteristics achieved: "
             f"{_pct(result.characteristics_achieved)}; score: {_num(result.score)}"]
    if not result.complete:
        lines.append(f"  incomplete: {_plural(len(result.unrated), 'characteristic')} not "
                     "rated (counted at the lowest level)")
    width = max(len(f"{b.id}  {fw.benchmark(b.id).title}") for b in result.benchmarks)
    for b in result.benchmarks:
        label = f"{b.id}  {fw.benchmark(b.id).title}"
        state = {True: "achieved", False: "not yet", None: "n/a"}[b.achieved]
        line = f"  {label:<{width}}  {state:<8}  {_pct(b.characteristics_achieved):>4}"
        if b.blocking:
            line += "  needs: " + ", ".join(
                f"{x.characteristic} {x.level}->{x.needs}" + ("*" if x.unrated else "")
                for x in b.blocking)
        lines.append(line)
    if any(x.unrated for b in result.benchmarks for x in b.blocking):
        lines.append("  (* not rated yet)")
    return "\n".join(lines)


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    results = []
    for path in args.audits:
        audit, fw = _audit_and_framework(path, framework)
        results.append((score(audit, fw), fw))
    if args.format == "json":
        _json([r.to_dict() for r, _ in results], out)
    else:
        print("\n\n".join(_score_table(r, fw) for r, fw in results), file=out)
    return EXIT_OK


def _cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    old, fw = _audit_and_framework(args.old, framework)
    new = load_audit(args.new, framework=fw)
    result = progress(old, new, fw)
    if args.format == "json":
        _json(result.to_dict(), out)
        return EXIT_OK
    b, a = result.before, result.after
    change = result.characteristics_achieved_change
    lines = [
        f"School {result.school}: {result.framework}, {result.before_date.isoformat()} -> "
        f"{result.after_date.isoformat()}",
        f"  benchmarks achieved: {b.benchmarks_achieved} -> {a.benchmarks_achieved} "
        f"({result.benchmarks_achieved_change:+d})",
        f"  characteristics achieved: {_pct(b.characteristics_achieved)} -> "
        f"{_pct(a.characteristics_achieved)}"
        + ("" if change is None else f" ({change * 100:+.0f} points)"),
        f"  score: {_num(b.score)} -> {_num(a.score)}",
        f"  newly achieved: {', '.join(result.newly_achieved) or '-'}",
        f"  lost: {', '.join(result.lost) or '-'}"]
    for name, moves in (("moved up", result.up), ("moved down", result.down),
                        ("in or out of not applicable", result.other)):
        if moves:
            lines.append(f"  {name} ({len(moves)}): " + ", ".join(
                f"{m.characteristic} {m.before}->{m.after}" for m in moves))
    print("\n".join(lines), file=out)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    loaded = load_cohort(args.source, framework=framework, attributes=args.attribute,
                         max_bytes=args.max_bytes)
    result = report(loaded.cohort, by=args.by)
    fw = loaded.cohort.framework
    if args.format == "json":
        doc = result.to_dict()
        doc["notes"] = list(loaded.notes)
        doc["load"] = {"unit": loaded.unit, "read": loaded.read, "accepted": loaded.accepted,
                       "refused": loaded.refused, "lines": dict(loaded.lines),
                       "skipped": list(loaded.skipped),
                       "problems": [p.to_dict() for p in loaded.problems]}
        _json(doc, out)
    elif args.format == "csv":
        out.write(report_csv(result))
    elif args.format == "html":
        out.write(report_html(result, notes=loaded.notes, framework=fw))
    else:
        if loaded.notes:
            print("Note: " + " ".join(loaded.notes) + "\n", file=out)
        print(pilot_tables(result, markdown=args.format == "markdown", framework=fw), file=out)
    err: TextIO = args.err
    if args.plot:
        from .output.plot import save_report_plots

        written = save_report_plots(result, args.plot)
        print(f"wrote {len(written)} chart files to {args.plot}", file=err)
    for problem in loaded.problems:
        print(problem.format(), file=err)
    if loaded.refused:
        print(f"{loaded.refused} of {loaded.read} {loaded.unit} refused; the report uses the "
              f"other {loaded.accepted}", file=err)
    if loaded.skipped:
        print(f"skipped {_plural(len(loaded.skipped), 'file')} not named .yaml or .yml: "
              + ", ".join(escape(x) for x in loaded.skipped[:10])
              + (f" and {len(loaded.skipped) - 10} more" if len(loaded.skipped) > 10 else ""),
              file=err)
    return EXIT_FOUND if loaded.problems else EXIT_OK


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
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    plan = load_plan(args.plan, framework=framework)
    fw = framework or load_framework(str(plan.framework))
    today = args.today or _dt.date.today()  # the command line's clock, passed in explicitly
    audit = (load_audit(args.audit, framework=fw) if args.audit
             else Audit(framework=fw.ref, school=plan.school, date=today))
    result = evaluate_plan(plan, audit, fw, today=today)
    if args.format == "json":
        _json(result.to_dict(), out)
        return EXIT_OK
    basis = (f"audit of {audit.date.isoformat()}" if args.audit
             else "no audit given, so no target counts as met")
    lines = [f"Action plan of school {plan.school.id} (version {plan.version}), "
             f"{plan.framework}, on {today.isoformat()} ({basis})",
             f"  targets met: {_pct(result.share_met)}; {result.count('overdue')} overdue, "
             f"{result.count('at_risk')} at risk, {result.count('not_yet')} not yet",
             "  if every target is met: "
             + (", ".join(result.projected_benchmarks) or "no benchmark") + " achieved"
             + (f" (new: {', '.join(result.newly_projected)})" if result.newly_projected
                else "")]
    for e in result.targets:
        t = e.target
        aim = f"{t.subject} -> {t.level or 'achieved'}"
        lines.append(f"  {t.id:<4} {aim:<22} due {t.due.isoformat()}  {e.status:<14} "
                     f"now: {e.current}")
        for a in e.actions:
            flag = "  OVERDUE" if a.overdue else ""
            due = a.action.due.isoformat() if a.action.due else "-"
            lines.append(f"         - {a.action.description} ({a.action.owner}, due {due}, "
                         f"{a.action.status}){flag}")
    print("\n".join(lines), file=out)
    return EXIT_OK


def _cmd_suggest(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    audit, fw = _audit_and_framework(args.audit, framework)
    suggestions = suggest_targets(audit, fw, max_targets=args.max)
    if args.format == "json":
        _json([attrs.asdict(x) for x in suggestions], out)
        return EXIT_OK
    for i, x in enumerate(suggestions, 1):
        print(f"{i:>3}. {x.characteristic} {x.current}->{x.needs}: {x.reason}", file=out)
    if not suggestions:
        print("nothing to suggest: every benchmark is achieved or not applicable", file=out)
    return EXIT_OK


def _summary(fw: Framework) -> str:
    return (f"framework {fw.ref} ({_plural(len(fw.benchmarks), 'benchmark')}, "
            f"{_plural(len(fw.characteristics), 'characteristic')}, "
            f"{_plural(len(fw.scale), 'level')})")


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    files, issues, skipped = _yaml_files(args.paths)
    summaries: list[str] = []
    results: list[dict[str, Any]] = []
    framework = _framework_option(args)
    for path in files:
        summary, found = _validate_one(path, args, framework)
        issues.extend(found)
        if summary:
            summaries.append(summary)
        results.append({"file": str(path), "valid": not found,
                        "issues": [i.to_dict() for i in found]})
    if not files and not issues:
        issues.append(Issue(file=None, line=None, col=None, path="$", code="not-found",
                            message="no YAML files found in the paths given"))
    if args.format == "json":
        _json({"valid": not issues, "files": results, "skipped": skipped,
               "issues": [i.to_dict() for i in issues]}, out)
    else:
        for line in summaries:
            print(line, file=out)
        if skipped:
            print(f"skipped {_plural(len(skipped), 'file')} not named .yaml or .yml: "
                  + ", ".join(escape(x) for x in skipped[:10])
                  + (f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""), file=out)
        for issue in issues:
            print(issue.format(), file=out)
        if issues:
            print(f"{len(issues)} problem{'s' if len(issues) != 1 else ''} in "
                  f"{len({i.file for i in issues})} file(s)", file=out)
    return EXIT_FOUND if issues else EXIT_OK


def _describe(fw: Framework) -> str:
    lines = [f"{fw.ref}  {fw.title}",
             f"  publisher: {fw.publisher}; phase: {fw.phase or '-'}; status: {fw.status.state}"
             + (f" ({fw.status.date.isoformat()})" if fw.status.date else ""),
             "  scale: " + " < ".join(
                 f"{lv.id}{'*' if fw.scale.is_achieved(lv.id) else ''}"
                 for lv in fw.scale.applicable)
             + (f"  (not applicable: {fw.scale.not_applicable.id})"
                if fw.scale.not_applicable else "") + "   (* counts as achieved)"]
    width = max(len(b.id) for b in fw.benchmarks)
    for b in fw.benchmarks:
        count = _plural(len(b.characteristics), "characteristic")
        lines.append(f"  {b.id:<{width}}  {b.title}  [{count}; achieved when "
                     f"{describe_rule(b.rule)}]")
    return "\n".join(lines)


def _cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    refs = args.refs or [str(i.ref) for i in bundled_frameworks()]
    frameworks = [load_framework(r, root=args.root) for r in refs]
    if args.format == "json":
        from .formats.framework_format import framework_to_data

        _json([framework_to_data(fw) for fw in frameworks], out)
    else:
        print("\n\n".join(_describe(fw) for fw in frameworks), file=out)
    return EXIT_OK


def _cmd_frameworks(args: argparse.Namespace, out: TextIO) -> int:
    rows = []
    for info in available_frameworks():
        fw = load_framework(str(info.ref))
        rows.append({"ref": str(info.ref), "id": fw.id, "version": fw.version,
                     "title": fw.title, "status": fw.status.state, "source": info.source})
    if args.format == "json":
        _json(rows, out)
    else:
        width = max(len(r["ref"]) for r in rows)
        source_width = max(len(r["source"]) for r in rows)
        for r in rows:
            print(f"{r['ref']:<{width}}  {r['status']:<10}  {r['source']:<{source_width}}  "
                  f"{r['title']}", file=out)
    err: TextIO = args.err
    for problem in registry_problems():
        print(problem.format(), file=err)
    return EXIT_OK


def _cmd_resolve(args: argparse.Namespace, out: TextIO) -> int:
    out.write(dumps_framework(load_framework(args.file, root=args.root)))
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    result = diff_frameworks(load_framework(args.old, root=args.root),
                             load_framework(args.new, root=args.root))
    if args.format == "json":
        _json(result.to_dict(), out)
    else:
        print("\n".join(result.lines()), file=out)
    return EXIT_OK


def _cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    to = load_framework(args.to, root=args.root)
    source = _framework_option(args)
    audit = load_audit(args.audit, framework=source)
    chain = load_migration_chain(to, audit.framework)
    if source is not None:
        chain.append(source)
    result = migrate(audit, to, chain, scale=args.scale, merge=args.merge)
    text = dumps_audit(result.audit)
    if args.output:
        dump_audit(result.audit, args.output)
    else:
        out.write(text)
    err: TextIO = args.err
    report = result.report
    print(f"{report.from_ref} -> {report.to_ref}: "
          + ("carried over exactly" if report.exact
             else f"{len(report.notes)} note{'s' if len(report.notes) != 1 else ''}"),
          file=err)
    for note in report.notes:
        print(f"  {note.kind}: {note.message}", file=err)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    _json(json_schema(args.kind), out)
    return EXIT_OK


def _framework_arg(p: argparse.ArgumentParser, whose: str, *, named: bool = False) -> None:
    """The --framework option: a framework file or reference for files that name another."""
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help=f"the framework, when {whose} is not bundled"
                        + (" or named" if named else ""))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="primary-benchmarks",
                     description="Careers benchmark frameworks, audits and reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--root", metavar="DIR",
                        help="the folder an overlay's stack may read files from (default: "
                             "the overlay's own folder)")

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
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=_cmd_describe)

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
    _framework_arg(p, "the audits' one", named=True)
    p.add_argument("--format", choices=("table", "json", "csv", "markdown", "html"),
                   default="table")
    p.add_argument("--plot", metavar="DIR", help="also write the charts as PNG and SVG here")
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


def _json(data: Any, out: TextIO) -> None:
    """Write strict JSON (RFC 8259): a float that is not finite is written as null."""
    out.write(json.dumps(strict_json(data), indent=2, allow_nan=False, default=str))
    out.write("\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
