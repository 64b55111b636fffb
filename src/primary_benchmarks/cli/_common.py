"""Helpers shared by the commands: exit statuses, option parsing, JSON output."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from typing import Any, TextIO

from ..errors import UsageError
from ..formats.audit_io import (
    load_audit,
)
from ..formats.loading import (
    load_framework,
)
from ..formats.strict_json import strict_json
from ..model.audit import Audit
from ..model.framework import Framework

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


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


def _audit_and_framework(path: str, framework: Framework | None) -> tuple[Audit, Framework]:
    if path.lower().endswith((".csv", ".tsv")):
        raise UsageError(f"{path} is a CSV file; this command reads one audit file (YAML). "
                         f"For a CSV of audits use: primary-benchmarks report {path}")
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
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _framework_arg(p: argparse.ArgumentParser, whose: str, *, named: bool = False) -> None:
    """The --framework option: a framework file or reference for files that name another."""
    p.add_argument("--framework", metavar="FILE_OR_REF",
                   help=f"the framework, when {whose} is not bundled"
                        + (" or named" if named else ""))
