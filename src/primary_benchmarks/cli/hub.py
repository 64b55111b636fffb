"""Commands for hubs: the grid of schools against benchmarks, action plans across a hub,
carrying a whole folder of audits to a new framework version, and the reference figures."""

from __future__ import annotations

import argparse
import datetime as _dt
import io
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from attrs import asdict as attrs_dict

from .._text import escape
from ..analysis.migration import Migration, migrate
from ..analysis.plans import evaluate_plan
from ..errors import UsageError
from ..formats.audit_io import WORKBOOK_SUFFIXES, dump_audit
from ..formats.cohort_io import load_cohort
from ..formats.loading import load_framework, load_migration_chain
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.version import FrameworkRef
from ..output.render import safe_row
from ._common import (
    EXIT_FOUND,
    EXIT_OK,
    _framework_option,
    _json,
    _latest_audits,
    _not_read_lines,
    _pct,
    _plural,
    _print_load,
)
from .commands import _cores

__all__ = ["_chain_for", "_cmd_grid", "_cmd_plans", "_cmd_references", "_migrate_csv",
           "_migrate_folder"]


def _chain_for(to: Framework, start: FrameworkRef, source: Framework | None
               ) -> list[Framework]:
    """The versions ``migrate`` needs from ``start`` to ``to``, with ``--framework``'s."""
    chain = load_migration_chain(to, start)
    if source is not None:
        chain.append(source)
    return chain


class _Tally:
    """One loss report for many migrated audits."""

    def __init__(self) -> None:
        self.carried = self.exact = 0
        self.kinds: Counter[str] = Counter()

    def add(self, result: Migration) -> Audit:
        self.carried += 1
        self.exact += result.report.exact
        self.kinds.update(note.kind for note in result.report.notes)
        return result.audit

    def line(self, to: Framework, target: str) -> str:
        return (f"{self.carried} audits carried to {to.ref} into {escape(target)}: "
                f"{self.exact} exactly; "
                + (", ".join(f"{n} {kind}" for kind, n in sorted(self.kinds.items()))
                   or "no notes"))


def _migrate_csv(args: argparse.Namespace, to: Framework, source: Framework | None,
                 out: TextIO) -> int:
    """Every audit of a CSV carried to ``to``, written as one wide CSV at ``--output``,
    with one loss report for them all."""
    from ..formats.cohort_csv import dumps_audits_csv
    from ..formats.files import atomic_write

    if not args.output:
        raise UsageError("migrating a CSV writes a CSV: add --output FILE.csv")
    loaded = load_cohort(args.audit, framework=source, attributes=args.attribute)
    chain = _chain_for(to, loaded.cohort.framework.ref, source)
    tally = _Tally()
    carried = [tally.add(migrate(audit, to, chain, scale=args.scale, merge=args.merge))
               for audit in loaded.cohort.audits()]
    atomic_write(args.output, dumps_audits_csv(carried, to, loaded.notes).encode("utf-8"))
    print(tally.line(to, args.output), file=args.err)
    _print_load(loaded, args.err, "the output holds")
    del out
    return EXIT_FOUND if loaded.problems else EXIT_OK


def _migrate_folder(args: argparse.Namespace, to: Framework, source: Framework | None,
                    out: TextIO) -> int:
    """Every audit file of a folder carried to ``to``, written under ``--output`` with the
    same names, and one loss report for them all."""
    from ..formats.any_file import check_file
    from ..formats.files import walk_folder

    if not args.output:
        raise UsageError("migrating a folder writes a folder: add --output DIR")
    folder, target = Path(args.audit), Path(args.output)
    found = walk_folder(folder, (".yaml", ".yml", *WORKBOOK_SUFFIXES))
    problems = list(found.problems)
    tally = _Tally()
    for path in found.files:
        audit, issues = check_file(path, framework=source)
        if not isinstance(audit, Audit):
            problems.extend(issues)
            continue
        result = migrate(audit, to, _chain_for(to, audit.framework, source),
                         scale=args.scale, merge=args.merge)
        where = target / path.relative_to(folder)
        where.parent.mkdir(parents=True, exist_ok=True)
        dump_audit(tally.add(result), where, framework=to)
    print(tally.line(to, str(target)), file=args.err)
    for problem in problems:
        print(problem.format(), file=args.err)
    for line in _not_read_lines(found.skipped, found.hidden):
        print(line, file=args.err)
    del out
    return EXIT_FOUND if problems else EXIT_OK


def _cmd_grid(args: argparse.Namespace, out: TextIO) -> int:
    from ..analysis.grid import school_grid
    from ..output.render import grid_csv, grid_rows

    loaded = load_cohort(args.source, framework=_framework_option(args),
                         attributes=args.attribute, jobs=args.jobs or _cores())
    grid = school_grid(loaded.cohort, round=args.round, as_of=args.as_of, sort_by=args.sort)
    if args.format == "json":
        _json(grid.to_dict(), out)
    elif args.format == "csv":
        out.write(grid_csv(grid))
    elif args.format == "html":
        from ..output.page import produced_by, table_page

        header, *body = grid_rows(grid)
        fw = loaded.cohort.framework
        out.write(table_page(
            f"Every {fw.institution} against every benchmark: {fw.title} ({fw.ref})",
            [f"{fw.institution_count(len(grid.rows)).capitalize()}, each through one audit; "
             "yes: achieved, part: some characteristics achieved, -: none, n/a: nothing "
             "applicable."],
            [(f"{fw.institutions.capitalize()} by benchmark", header, body)],
            footer=produced_by(fw)))
    else:
        from ..output.render import _table

        print(_table(grid_rows(grid), args.format == "markdown"), file=out)
    if args.plot:
        from ..formats.files import atomic_write
        from ..output.plot import plot_grid

        plt = _pyplot()
        fig = plt.figure(figsize=(8, max(3.0, min(40.0, 0.18 * len(grid.rows) + 1.5))))
        plot_grid(grid, ax=fig.add_subplot(111))
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        atomic_write(args.plot, buffer.getvalue())
    _print_load(loaded, args.err, "the grid shows")
    return EXIT_FOUND if loaded.problems else EXIT_OK


def _pyplot() -> Any:
    from .._extras import need

    return need("matplotlib.pyplot", "plot")


def _cmd_plans(args: argparse.Namespace, out: TextIO) -> int:
    """Every school's action plan in a folder, evaluated against its latest audit."""
    from ..errors import Issue, LoadError
    from ..formats.audit_io import check_plan_text
    from ..formats.files import read_capped, walk_folder

    today = args.today or _dt.date.today()  # the command line's clock, passed in explicitly
    framework = _framework_option(args)
    found = walk_folder(args.folder, (".yaml", ".yml"))
    problems = list(found.problems)
    plans = []
    for path in found.files:
        try:
            plan, issues = check_plan_text(read_capped(path), str(path), framework=framework)
        except LoadError as exc:
            plan, issues = None, exc.issues
        problems.extend(issues)
        if plan is not None:
            plans.append((str(path), plan))
    loaded = load_cohort(args.audits, framework=framework, jobs=args.jobs or _cores())
    cohort = loaded.cohort
    problems.extend(loaded.problems)
    latest = _latest_audits(cohort, today)
    rows: list[dict[str, Any]] = []
    for source, plan in plans:
        fw = framework or load_framework(str(plan.framework))
        at = latest.get(plan.school.id)
        if at is not None and str(plan.framework) != str(cohort.framework.ref):
            problems.append(Issue(
                file=source, line=None, col=None, path="$.framework",
                code="framework-mismatch", message=f"the plan is against {plan.framework} "
                f"but the audits are against {cohort.framework.ref}; it is shown without "
                "an audit (carry the audits with `migrate` first)"))
            at = None
        audit = (cohort.audit(at) if at is not None
                 else Audit(framework=fw.ref, school=plan.school, date=today))
        result = evaluate_plan(plan, audit, fw, today=today)
        rows.append({"school": plan.school.id, "version": plan.version,
                     "audit_date": audit.date.isoformat() if at is not None else None,
                     "targets": len(result.targets), "share_met": result.share_met,
                     "overdue_targets": result.count("overdue"),
                     "at_risk": result.count("at_risk"),
                     "overdue_actions": sum(1 for t in result.targets for a in t.actions
                                            if a.overdue)})
    key = {"overdue": lambda r: (-r["overdue_actions"], r["school"]),
           "at-risk": lambda r: (-r["at_risk"], r["school"]),
           "met": lambda r: (-(r["share_met"] or 0), r["school"]),
           "school": lambda r: r["school"]}[args.sort]
    rows.sort(key=key)
    totals = {"schools": len(rows), "targets": sum(r["targets"] for r in rows),
              "overdue_targets": sum(r["overdue_targets"] for r in rows),
              "at_risk": sum(r["at_risk"] for r in rows),
              "overdue_actions": sum(r["overdue_actions"] for r in rows),
              "without_audit": sum(1 for r in rows if r["audit_date"] is None)}
    if args.format == "json":
        _json({"today": today.isoformat(), "plans": rows, "totals": totals}, out)
    elif args.format == "html":
        from ..output.page import table_page

        columns = ["School", "Plan version", "Audit", "Targets", "Targets met",
                   "Overdue targets", "At risk", "Overdue actions"]
        out.write(table_page(
            f"Action plans on {today.isoformat()}",
            [f"{_plural(len(rows), 'school')}, {totals['overdue_actions']} overdue actions, "
             f"{totals['at_risk']} targets at risk, {totals['without_audit']} without an "
             "audit by then; each plan against the school's latest audit on or before the "
             "date."],
            [("Plans, per school", columns,
              [[r["school"], r["version"], r["audit_date"] or "-", r["targets"],
                _pct(r["share_met"]), r["overdue_targets"], r["at_risk"],
                r["overdue_actions"]] for r in rows]),
             ("Totals", ["Schools", "Targets", "Overdue targets", "At risk",
                         "Overdue actions", "Without an audit"],
              [[totals[k] for k in ("schools", "targets", "overdue_targets", "at_risk",
                                    "overdue_actions", "without_audit")]])]))
    elif args.format == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(rows[0]) if rows else ["school"])
        for r in rows:
            writer.writerow(safe_row(list(r.values())))
    else:
        print(f"Action plans on {today.isoformat()}: {_plural(len(rows), 'school')}, "
              f"{totals['overdue_actions']} overdue actions, {totals['at_risk']} targets at "
              f"risk, {totals['without_audit']} without an audit by then", file=out)
        for r in rows:
            print(f"  {r['school']:<12} v{r['version']}  audit {r['audit_date'] or '-':<10}  "
                  f"targets met {_pct(r['share_met']):>4}  overdue actions "
                  f"{r['overdue_actions']:>2}  at risk {r['at_risk']:>2}", file=out)
    for problem in problems:
        print(problem.format(), file=args.err)
    if loaded.refused:
        print(f"{loaded.refused} of {loaded.read} {loaded.unit} in {escape(args.audits)} "
              "refused; each plan is set against its school's latest audit among the other "
              f"{loaded.accepted}", file=args.err)
    for line in [*_not_read_lines(found.skipped, found.hidden, ".yaml or .yml"),
                 *_not_read_lines(loaded.skipped, loaded.hidden)]:
        print(line, file=args.err)
    return EXIT_FOUND if problems else EXIT_OK


def _cmd_references(args: argparse.Namespace, out: TextIO) -> int:
    from ..formats.references import available_references, load_reference

    sets = (available_references() if args.action == "list"
            else (load_reference(args.ref),) if args.ref else None)
    if sets is None:
        raise UsageError("references show needs a reference, such as cec-compass")
    if args.format == "json":
        _json([{"ref": r.ref, "id": r.id, "version": r.version, "title": r.title,
                "publisher": r.publisher, "provenance": r.provenance,
                "figures": [{k: (v.isoformat() if isinstance(v, _dt.date) else v)
                             for k, v in attrs_dict(f).items()} for f in r.figures]}
               for r in sets], out)
        return EXIT_OK
    for r in sets:
        frameworks = ", ".join(sorted({f.framework for f in r.figures}))
        print(f"{r.ref}  {r.title} ({r.publisher}; {len(r.figures)} figures against "
              f"{frameworks})", file=out)
        if args.action == "show":
            print(f"\n{r.provenance}\n", file=out)
            for f in r.figures:
                what = f.measure + (f" {f.benchmark}" if f.benchmark else "")
                count = "" if f.institutions is None else f", {f.institutions:,} institutions"
                print(f"- {f.period}: {what} = {f.value} ({f.population}{count}); "
                      f"{f.source}" + (f" {f.url}" if f.url else ""), file=out)
    return EXIT_OK
