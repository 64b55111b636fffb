"""Commands that score, report, plan and migrate."""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import os
import warnings
from pathlib import Path
from typing import TextIO

import attrs

from .._text import escape
from ..analysis.diff import diff_frameworks
from ..analysis.migration import migrate
from ..analysis.plans import evaluate_plan
from ..analysis.progress import progress
from ..analysis.report import report
from ..analysis.scoring import AuditScore, score
from ..analysis.scoring_models import check_model_names, score_model
from ..analysis.suggestions import suggest_targets
from ..engine.building import AuditEntry
from ..engine.cohort import Cohort
from ..errors import UsageError
from ..formats.audit_io import (
    dump_audit,
    dumps_audit,
    load_audit,
    load_plan,
)
from ..formats.cohort_io import AUDIT_SUFFIXES, load_cohort
from ..formats.files import atomic_write
from ..formats.loading import (
    dumps_framework,
    load_framework,
    load_migration_chain,
)
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.version import FrameworkRef
from ..output.evaluation_text import evaluation_text, snapshot_text
from ..output.page import produced_by, report_html
from ..output.render import model_number, pilot_tables, report_csv
from ._common import (
    _TABLE_SUFFIXES,
    EXIT_FOUND,
    EXIT_OK,
    _audit_and_framework,
    _framework_option,
    _json,
    _latest_audits,
    _not_over_the_source,
    _num,
    _pct,
    _plural,
    _print_load,
    _progress_line,
)


def _short_text(fw: Framework, item_id: str, limit: int = 70) -> str:
    """A characteristic's text (or a benchmark's title), cut to ``limit`` characters."""
    if item_id in fw.characteristic_ids:
        text = fw.characteristic(item_id).text
    else:
        text = fw.benchmark(item_id).title
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


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
        lines.append(f"  {label:<{width}}  {state:<8}  {_pct(b.characteristics_achieved):>4}")
        if b.blocking:
            moves = [f"{x.level}->{x.needs}" + ("*" if x.unrated else "") for x in b.blocking]
            move_width = max(len(m) for m in moves)
            id_width = max(len(x.characteristic) for x in b.blocking)
            for x, move in zip(b.blocking, moves, strict=True):
                lines.append(f"      needs {x.characteristic:<{id_width}}  {move:<{move_width}}  "
                             f"{_short_text(fw, x.characteristic)}")
    if any(x.unrated for b in result.benchmarks for x in b.blocking):
        lines.append("  (* not rated yet)")
    return "\n".join(lines)


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    models = check_model_names(args.model)
    framework = _framework_option(args)
    results = []
    for path in args.audits:
        audit, fw = _audit_and_framework(path, framework)
        results.append((score(audit, fw), fw, [score_model(audit, fw, m) for m in models]))
    if args.format == "json":
        _json([{**r.to_dict(), **({"models": {m.model: {"score": m.score, "maximum": m.maximum}
                                              for m in scored}} if models else {})}
               for r, _, scored in results], out)
    else:
        print("\n\n".join(_score_table(r, fw) + "".join(
            f"\n  {m.model}: {_model_number(m.score)} of {_model_number(m.maximum)}"
            for m in scored) for r, fw, scored in results), file=out)
    return EXIT_OK


def _model_number(x: float | None) -> str:
    return "- (nothing applicable)" if x is None else model_number(x)


def _cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    old, fw = _audit_and_framework(args.old, framework)
    new = load_audit(args.new, framework=fw)
    if old.date > new.date and not args.quiet:
        print(f"warning: the first audit ({old.date.isoformat()}) is later than the second "
              f"({new.date.isoformat()}); progress reads OLD then NEW: were they swapped?",
              file=args.err)
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


def _cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    _not_over_the_source(args.source, args.output)
    framework = _framework_option(args)
    to = load_framework(args.to, root=args.root) if args.to else None
    # A CSV holds one version: with --to it is read at its own and every audit carried.
    whole_file = to is not None and Path(args.source).is_file() and not (
        Path(args.source).name.lower().endswith(AUDIT_SUFFIXES))
    loaded = load_cohort(args.source, framework=framework if whole_file else to or framework,
                         attributes=args.attribute, max_bytes=args.max_bytes,
                         jobs=args.jobs or _cores(),
                         progress=_progress_line(args, "reading audit files"),
                         keep_other_versions=to is not None and not whole_file)
    if whole_file and to is not None and loaded.cohort.framework.ref != to.ref:
        own = loaded.cohort
        loaded = attrs.evolve(
            loaded, cohort=Cohort.from_audits([], to),
            other_versions=tuple((f"{args.source} audit {i + 1}", AuditEntry.of(own.audit(i)))
                                 for i in range(len(own))))
    carried = None
    if to is not None and loaded.other_versions:
        from ..analysis.cross_version import carry_over

        chains = {ref: load_migration_chain(to, FrameworkRef.parse(ref))
                  for ref in {e.framework for _, e in loaded.other_versions}}
        carried = carry_over(loaded.cohort, loaded.other_versions, to, chains,
                             loaded.sources)
        loaded = attrs.evolve(loaded, cohort=carried.cohort,
                              problems=(*loaded.problems, *carried.problems))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = report(loaded.cohort, by=args.by, ci=args.ci, seed=args.seed,
                        cluster_by=args.cluster_by, replicates=args.replicates,
                        min_schools=args.min_schools, as_of=args.as_of or None,
                        models=args.model)
    if carried is not None:
        result = carried.mark(result)
    if args.compare:
        from ..analysis.references import compare_report
        from ..formats.references import load_reference

        result = compare_report(result, load_reference(args.compare))
    for warning in caught:
        print(f"warning: {warning.message}", file=args.err)
    fw = loaded.cohort.framework
    if args.at_least is not None and args.at_least > len(fw.benchmarks):
        raise UsageError(f"--at-least {args.at_least}: {fw.ref} has "
                         f"{len(fw.benchmarks)} benchmarks")
    buffer = io.StringIO()
    target: TextIO = buffer if args.output else out
    notes = [*loaded.notes, *([carried.note()] if carried is not None else [])]
    if args.format == "json":
        doc = result.to_dict()
        doc["notes"] = [*notes, produced_by(fw)]
        doc["load"] = {"unit": loaded.unit, "read": loaded.read, "accepted": loaded.accepted,
                       "refused": loaded.refused, "lines": dict(loaded.lines),
                       "skipped": list(loaded.skipped), "hidden": list(loaded.hidden),
                       "problems": [p.to_dict() for p in loaded.problems]}
        _json(doc, target)
    elif args.format == "csv":
        target.write(report_csv(result, digits=None if args.full_precision else 6))
    elif args.format == "xlsx":
        from ..output.workbook_report import report_workbook

        if not args.output:
            raise UsageError("an .xlsx report is written to a file: add --output FILE.xlsx")
        atomic_write(args.output, report_workbook(
            result, notes=notes, framework=fw, at_least=args.at_least,
            load={"unit": loaded.unit, "read": loaded.read, "accepted": loaded.accepted,
                  "refused": loaded.refused, "problems": len(loaded.problems)}))
        if not args.quiet:
            print(f"wrote the xlsx report to {escape(args.output)}", file=args.err)
        args.output = None  # written already
    elif args.format == "html":
        target.write(report_html(result, notes=notes, framework=fw,
                                 at_least=args.at_least))
    else:
        for note in notes:
            print(f"Note: {note}\n", file=target)
        print(pilot_tables(result, markdown=args.format == "markdown", framework=fw,
                           at_least=args.at_least), file=target)
        from ..output.reference_text import comparison_text

        for extra in (snapshot_text(result), comparison_text(result), evaluation_text(result)):
            if extra:
                print(f"\n{extra}", file=target)
        if result.disclosure:
            print(f"\nc: {result.disclosure['rule']}.", file=target)
        print(f"\n{produced_by(fw)}", file=target)
    err: TextIO = args.err
    if args.output:
        atomic_write(args.output, buffer.getvalue())
        if not args.quiet:
            print(f"wrote the {args.format} report to {escape(args.output)}", file=err)
    if args.plot:
        from ..output.plot import save_report_plots

        written = save_report_plots(result, args.plot)
        if not args.quiet:
            print(f"wrote {len(written)} chart files to {escape(args.plot)}", file=err)
    _print_load(loaded, err, "the report uses")
    return EXIT_FOUND if loaded.problems else EXIT_OK


def _latest_audit_in(args: argparse.Namespace, school: str, fw: Framework,
                     today: _dt.date) -> Audit:
    """``--audit``: one audit file, or a school's latest audit on or before ``today`` in a
    folder or CSV of audits (whose problems are printed)."""
    source = Path(args.audit)
    if not (source.is_dir() or source.name.lower().endswith(_TABLE_SUFFIXES)):
        return load_audit(args.audit, framework=fw)
    loaded = load_cohort(source, framework=fw)
    _print_load(loaded, args.err, "the plan is set against the latest of")
    row = _latest_audits(loaded.cohort, today).get(school)
    if row is None:
        raise UsageError(f"no audit of school {school} in {args.audit} on or before "
                         f"{today.isoformat()}")
    return loaded.cohort.audit(row)


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_option(args)
    plan = load_plan(args.plan, framework=framework)
    fw = framework or load_framework(str(plan.framework))
    today = args.today or _dt.date.today()  # the command line's clock, passed in explicitly
    audit = (_latest_audit_in(args, plan.school.id, fw, today) if args.audit
             else Audit(framework=fw.ref, school=plan.school, date=today))
    if args.audit and today < audit.date and not args.quiet:
        print(f"warning: --today ({today.isoformat()}) is before the audit's date "
              f"({audit.date.isoformat()}): the audit is judged as if made in the future",
              file=args.err)
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
        lines.append(f"       {_short_text(fw, t.subject)}")
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
        print(f"{i:>3}. {x.characteristic} {x.current}->{x.needs}: "
              f"{_short_text(fw, x.characteristic)}\n     {x.reason}", file=out)
    if not suggestions:
        print("nothing to suggest: every benchmark is achieved or not applicable", file=out)
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
    from .hub import _chain_for, _migrate_csv, _migrate_folder

    _not_over_the_source(args.audit, args.output, carried=True)
    if Path(args.audit).is_dir():
        return _migrate_folder(args, to, source, out)
    if Path(args.audit).suffix.lower() in (".csv", ".tsv", ".txt"):
        return _migrate_csv(args, to, source, out)
    audit = load_audit(args.audit, framework=source)
    result = migrate(audit, to, _chain_for(to, audit.framework, source), scale=args.scale,
                     merge=args.merge)
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
