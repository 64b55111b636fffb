"""Reference figure files (``primary-benchmarks/reference/v1``): published averages as
versioned data, bundled under ``references/<id>/<version>.yaml`` like frameworks, or read
from a file.

>>> [r.ref for r in available_references()]
['cec-compass@1.0.0', 'ne-primary-pilot@1.0.0']
>>> load_reference("ne-primary-pilot").figures[0].value
0.13
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any, Final

from ..errors import Issue, LoadError
from ..model.reference import MEASURES, ReferenceSet
from ..model.version import SEMVER_PATTERN, FrameworkRef, Version
from . import spec as s
from .converter import converter
from .document import REFERENCE_SCHEMA, build_model, check_document
from .files import read_capped
from .framework_format import EXACT_REF, ITEM_ID
from .yaml_reader import ParseResult

__all__ = ["REFERENCE_SCHEMA", "REFERENCE_SPEC", "available_references",
           "check_reference_text", "load_reference"]

_TEXT = s.Text(max_length=2_000)

FIGURE_SPEC: Final = s.Record({
    "measure": s.Field(s.Text(choices=tuple(MEASURES)), required=True,
                       description="What the figure measures, as a report defines it."),
    "value": s.Field(s.Number(minimum=0), required=True,
                     description="The figure as published: a share 0..1, or a mean count."),
    "benchmark": s.Field(s.Text(pattern=ITEM_ID, what="an id", max_length=64),
                         description="For benchmark_achieved: the benchmark."),
    "period": s.Field(_TEXT, required=True, description="The period as published."),
    "start": s.Field(s.Date(), required=True, description="The first day of the period."),
    "end": s.Field(s.Date(), required=True, description="The last day of the period."),
    "population": s.Field(_TEXT, required=True, description="Whom the figure is about."),
    "institutions": s.Field(s.Number(integer=True, minimum=1),
                            description="How many institutions, where the source says so."),
    "framework": s.Field(EXACT_REF, required=True,
                         description="The exact framework version the figure is against."),
    "source": s.Field(_TEXT, required=True, description="The citation."),
    "url": s.Field(_TEXT, description="Where the source can be read."),
}, what="a figure mapping such as {measure: benchmarks_achieved, value: 5.96, ...}")

REFERENCE_SPEC: Final = s.Record({
    "schema": s.Field(s.Text(choices=(REFERENCE_SCHEMA,), code="unknown-schema"),
                      required=True),
    "id": s.Field(s.Text(pattern=ITEM_ID, what="an id", max_length=64), required=True),
    "version": s.Field(s.Text(pattern=SEMVER_PATTERN, code="bad-version",
                              what="a semantic version such as 1.0.0"), required=True),
    "title": s.Field(_TEXT, required=True),
    "publisher": s.Field(_TEXT, required=True),
    "provenance": s.Field(s.Text(max_length=20_000), required=True),
    "figures": s.Field(s.Seq(FIGURE_SPEC, min_items=1), required=True),
}, what="a reference mapping")


def _check(data: dict[str, Any], ctx: s.Check) -> None:
    for i, figure in enumerate(data.get("figures") or ()):
        if not isinstance(figure, dict):
            continue
        start, end = figure.get("start"), figure.get("end")
        if start is not None and end is not None and end < start:
            ctx.add(f"$.figures[{i}].end", "invalid-value", "the period ends before it starts")
        if (figure.get("measure") == "benchmark_achieved") != ("benchmark" in figure):
            ctx.add(f"$.figures[{i}]", "invalid-value", "benchmark_achieved names its "
                    "benchmark (benchmark: GB3); other measures do not")
        value = figure.get("value")
        if (figure.get("measure") not in (None, "benchmarks_achieved")
                and isinstance(value, int | float) and value > 1):
            ctx.add(f"$.figures[{i}].value", "invalid-value",
                    f"{figure['measure']} is a share: write 0.39 for 39%")


def _build(data: dict[str, Any]) -> ReferenceSet:
    return converter.structure({k: v for k, v in data.items() if k != "schema"}, ReferenceSet)


def check_reference_text(data: bytes | str, source: str = "<string>", *,
                         parsed: ParseResult | None = None
                         ) -> tuple[ReferenceSet | None, tuple[Issue, ...]]:
    """Check a reference file; return the model and every issue.

    >>> ref, issues = check_reference_text("schema: primary-benchmarks/reference/v1\\n", "r.yaml")
    >>> ref is None, issues[0].code
    (True, 'missing-key')
    """
    root, parse_issues = (None, None) if parsed is None else (parsed.root, parsed.issues)
    plain, issues = check_document(data, source, REFERENCE_SPEC, _check, root, parse_issues,
                                   expect=REFERENCE_SCHEMA)
    if issues or plain is None:
        return None, tuple(issues)
    return build_model(_build, plain, source)


def _bundled() -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    root = resources.files("primary_benchmarks").joinpath("references")
    for sub in root.iterdir():
        if not sub.is_dir():
            continue
        for item in sub.iterdir():
            if item.name.endswith(".yaml"):
                found[(sub.name, item.name.removesuffix(".yaml"))] = item
    return found


def available_references() -> tuple[ReferenceSet, ...]:
    """Every bundled reference set, by id then version."""
    sets = [_load_bundled(item, f"{i}@{v}") for (i, v), item in _bundled().items()]
    return tuple(sorted(sets, key=lambda r: (r.id, Version.parse(r.version))))


def _load_bundled(item: Any, ref: str) -> ReferenceSet:
    found, issues = check_reference_text(item.read_bytes(), f"<bundled {ref}>")
    if found is None:
        raise LoadError(issues)
    return found


def load_reference(ref: str | os.PathLike[str]) -> ReferenceSet:
    """A reference set by reference (``id``: the newest version; ``id@version``) or from a
    ``.yaml`` file; raise :class:`LoadError` naming the ones there are otherwise."""
    text = os.fspath(ref)
    if text.endswith((".yaml", ".yml")) or os.sep in text or Path(text).is_file():
        found, issues = check_reference_text(read_capped(text), text)
        if found is None:
            raise LoadError(issues)
        return found
    try:
        parsed = FrameworkRef.parse(text)
    except LoadError:
        parsed = None
    bundled = _bundled()
    choices = sorted((k for k in bundled if parsed is not None and k[0] == parsed.id),
                     key=lambda k: Version.parse(k[1]))
    if parsed is not None and parsed.version is not None:
        choices = [k for k in choices if k[1] == parsed.version]
    if not choices:
        known = ", ".join(f"{i}@{v}" for i, v in sorted(bundled))
        raise LoadError([Issue(file="<reference>", line=None, col=None, path="$",
                               code="not-found",
                               message=f"no reference set {text!r} (bundled: {known}; or "
                                       "give a .yaml file)")])
    key = choices[-1]
    return _load_bundled(bundled[key], f"{key[0]}@{key[1]}")
