"""Commands that check and show files and frameworks: validate, describe, frameworks,
schema."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .._text import escape
from ..errors import Issue, LoadError, UsageError
from ..formats.any_file import check_file
from ..formats.audit_io import WORKBOOK_SUFFIXES
from ..formats.cohort_io import load_cohort
from ..formats.files import walk_folder
from ..formats.json_schema import json_schema
from ..formats.loading import load_framework
from ..formats.registry import (
    available_frameworks,
    bundled_frameworks,
    registry_problems,
    using_framework_path,
)
from ..model.audit import Audit
from ..model.framework import Framework
from ..model.plan import ActionPlan
from ..model.reference import ReferenceSet
from ..model.rules import describe_rule
from ._common import (
    EXIT_FOUND,
    EXIT_OK,
    _framework_option,
    _json,
    _not_over_the_source,
    _not_read_lines,
    _plural,
)


def _yaml_files(paths: Sequence[str]) -> tuple[list[Path], list[Issue], list[str], list[str]]:
    """The files to check (a folder's, found by :func:`walk_folder`), the problems of
    entries that cannot be read, the other files skipped and the hidden entries."""
    files: list[Path] = []
    issues: list[Issue] = []
    skipped: list[str] = []
    hidden: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            found = walk_folder(path, (".yaml", ".yml", *WORKBOOK_SUFFIXES))
            files.extend(found.files)
            issues.extend(found.problems)
            skipped.extend(found.skipped)
            hidden.extend(found.hidden)
        else:
            files.append(path)  # a missing or unreadable file is reported when read
    return files, issues, skipped, hidden


def _validate_one(path: Path, args: argparse.Namespace,
                  framework: Framework | None) -> tuple[str | None, list[Issue]]:
    """Check one file of any known kind; return a one-line summary if it is valid."""
    shown = escape(str(path))
    if path.suffix.lower() == ".csv":  # a cohort: every row checked as report reads it
        try:
            loaded = load_cohort(path, framework=framework)
        except LoadError as exc:
            return None, list(exc.issues)
        if loaded.problems:
            return None, list(loaded.problems)
        cohort = loaded.cohort
        return (f"{shown}: ok: cohort CSV of {_plural(len(cohort), 'audit')} of "
                f"{_plural(len(cohort.schools), 'school')} in "
                f"{_plural(len(cohort.round_labels), 'round')} against "
                f"{cohort.framework.ref}"
                + "".join(f"\n  note: {escape(n)}" for n in loaded.notes)), []
    model, issues = check_file(path, framework=framework, strict=args.strict, root=args.root)
    if isinstance(model, ActionPlan):
        return (f"{shown}: ok: action plan of school {model.school.id} against "
                f"{model.framework} ({_plural(len(model.targets), 'open target')})"), []
    if isinstance(model, Audit):
        n = len(model.ratings)
        return (f"{shown}: ok: audit of school {model.school.id} against {model.framework} "
                f"on {model.date.isoformat()} ({_plural(n, 'rating')})"), []
    if isinstance(model, Framework):
        return f"{shown}: ok: {_summary(model)}", []
    if isinstance(model, ReferenceSet):
        return (f"{shown}: ok: reference figures {model.ref} from {model.publisher} "
                f"({_plural(len(model.figures), 'figure')})"), []
    return None, list(issues)


def _summary(fw: Framework) -> str:
    return (f"framework {fw.ref} ({_plural(len(fw.benchmarks), 'benchmark')}, "
            f"{_plural(len(fw.characteristics), 'characteristic')}, "
            f"{_plural(len(fw.scale), 'level')})")


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    # The framework files in the folders being checked are found by reference too, so a
    # region's folder of overlays and audits validates as it stands.
    with using_framework_path(p for p in args.paths if Path(p).is_dir()):
        return _validate(args, out)


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    files, issues, skipped, hidden = _yaml_files(args.paths)
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
        _json({"valid": not issues, "files": results, "skipped": skipped, "hidden": hidden,
               "issues": [i.to_dict() for i in issues]}, out)
    else:
        for line in summaries:
            print(line, file=out)
        for line in _not_read_lines(skipped, hidden):
            print(line, file=out)
        for issue in issues:
            print(issue.format(), file=out)
        if issues:
            print(f"{len(issues)} problem{'s' if len(issues) != 1 else ''} in "
                  f"{len({i.file for i in issues})} file(s)", file=out)
    return EXIT_FOUND if issues else EXIT_OK


def _describe(fw: Framework, characteristics: bool = False) -> str:
    lines = [f"{fw.ref}  {fw.title}",
             f"  publisher: {fw.publisher}; phase: {fw.phase or '-'}; status: {fw.status.state}"
             + (f" ({fw.status.date.isoformat()})" if fw.status.date else "")
             + (f"; audits {fw.institutions}" if fw.institution != "school" else ""),
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
        if characteristics:
            cwidth = max(len(c.id) for c in b.characteristics)
            for c in b.characteristics:
                tags = f"  [{', '.join(c.tags)}]" if c.tags else ""
                weight = f"  (weight {c.weight:g})" if c.weight != 1 else ""
                lines.append(f"      {c.id:<{cwidth}}  {c.text}{tags}{weight}")
    return "\n".join(lines)


def _cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    refs = args.refs or [str(i.ref) for i in bundled_frameworks()]
    frameworks = [load_framework(r, root=args.root) for r in refs]
    if args.format == "json":
        from ..formats.framework_format import framework_to_data

        _json([framework_to_data(fw) for fw in frameworks], out)
    else:
        listed = args.characteristics if args.characteristics is not None else len(refs) == 1
        print("\n\n".join(_describe(fw, listed) for fw in frameworks), file=out)
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


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    _json(json_schema(args.kind), out)
    return EXIT_OK


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from ..formats.files import atomic_write
    from ..formats.template import audit_template

    if Path(args.ref).exists():  # a framework file: never replaced by its own template
        _not_over_the_source(args.ref, args.output)
    framework = load_framework(args.ref, root=args.root)
    if args.cohort and not args.schools:
        raise UsageError("--cohort needs --schools CSV: the schools to write a workbook for")
    if args.schools:
        return _cohort_templates(args, framework)
    if args.format == "xlsx":
        from ..formats.workbook import audit_workbook

        if not args.output:
            raise UsageError("an .xlsx workbook is written to a file: add --output FILE.xlsx")
        atomic_write(args.output, audit_workbook(framework))
        if not args.quiet:
            print(f"wrote a blank audit workbook to {escape(args.output)}", file=args.err)
        return EXIT_OK
    text = audit_template(framework, args.format)
    if args.output:
        atomic_write(args.output, text)
        if not args.quiet:
            print(f"wrote a blank {args.format.upper()} audit to {escape(args.output)}",
                  file=args.err)
    else:
        out.write(text)
    return EXIT_OK


def _cohort_templates(args: argparse.Namespace, framework: Framework) -> int:
    """One workbook per school of a schools CSV, its School sheet filled in, into the
    ``--output`` folder (named by school id), ready to send."""
    import re

    from ..formats.files import atomic_write
    from ..formats.school_list import school_list
    from ..formats.workbook import audit_workbook

    if args.format != "xlsx" or not args.output:
        raise UsageError("--schools writes one workbook per school: add --format xlsx and "
                         "--output FOLDER")
    folder = Path(args.output)
    schools, problems = school_list(args.schools)
    for issue in problems:
        print(issue.format(), file=args.err)
    if problems:
        return EXIT_FOUND
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the folder {escape(str(folder))}: {exc}") from None
    names: set[str] = set()
    for school in schools:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", school.id).strip("-.") or "school"
        while stem.casefold() in names:
            stem += "-1"
        names.add(stem.casefold())
        atomic_write(folder / f"{stem}.xlsx", audit_workbook(framework, school=school))
    if not args.quiet:
        print(f"wrote {_plural(len(schools), 'audit workbook')} to {escape(str(folder))}",
              file=args.err)
    return EXIT_OK
