"""Blank audits to start from: a YAML file with every characteristic listed (its text as a
comment, the levels named), or a wide CSV header with one row to fill in.

A YAML template does not validate as it stands (its school id, date and ratings are empty);
once they are filled in, it does. Ratings left empty must be filled or deleted (a deleted
rating is unrated).

>>> import primary_benchmarks as pb
>>> text = audit_template(pb.load_framework("ne-primary"))
>>> [line for line in text.splitlines() if not line.startswith("#")][0]
'schema: primary-benchmarks/audit/v1'
>>> print(audit_template(pb.load_framework("ne-primary"), "csv").splitlines()[0][:42])
school,name,date,round,framework,P1.1,P1.2
"""

from __future__ import annotations

import csv
import io
import textwrap

from ..model.framework import Framework
from .audit_format import AUDIT_SCHEMA
from .document import dump_yaml

__all__ = ["TEMPLATE_FORMATS", "audit_template"]

#: The forms a template can take.
TEMPLATE_FORMATS = ("yaml", "csv")


def _scalar(text: str) -> str:
    """``text`` as a one-line YAML scalar, quoted when YAML would read it otherwise."""
    return dump_yaml(text).removesuffix("\n...\n").strip()


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(" ".join(text.split()), 88)]


def audit_template(framework: Framework, format: str = "yaml") -> str:
    """A blank audit of ``framework`` as YAML (``"yaml"``) or a wide CSV (``"csv"``)."""
    if format == "csv":
        return _csv(framework)
    if format != "yaml":
        raise ValueError(f"no template format {format!r}; expected one of "
                         f"{', '.join(TEMPLATE_FORMATS)}")
    scale = framework.scale
    levels = ", ".join(f"{lv.id} ({lv.label})" for lv in scale.levels)
    noun = framework.institution
    title = " ".join(framework.title.split())
    lines = [
        *_comment(f"A blank audit of {framework.ref}: {title}. Fill in the {noun}'s id, the "
                  "date of the audit and a level for each characteristic, then check it "
                  "with: primary-benchmarks validate FILE", ""),
        *_comment(f"Levels: {levels}. Delete a rating you cannot give yet: it counts as "
                  "unrated.", ""),
        f"schema: {AUDIT_SCHEMA}",
        f"framework: {_scalar(str(framework.ref))}",
        "school:",
        f'  id: ""                 # the {noun}\'s id, such as its URN, in quotes',
        f"  # name: {_scalar('Example ' + noun.title())}",
        "  # local_authority: Durham",
        "date:                    # the date of the audit, such as 2026-07-15",
        "# round: baseline        # optional: the label a cohort shares",
        "# assessor: Careers Leader",
        "ratings:",
    ]
    for b in framework.benchmarks:
        lines.append(f"  # {b.id} {b.title}")
        for c in b.characteristics:
            lines += _comment(c.text, "  ")
            lines.append(f"  {_scalar(c.id)}:")
    return "\n".join(lines) + "\n"


def _csv(framework: Framework) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = list(framework.characteristic_ids)
    writer.writerow(["school", "name", "date", "round", "framework", *ids])
    writer.writerow(["", "", "", "", str(framework.ref), *([""] * len(ids))])
    return out.getvalue()
