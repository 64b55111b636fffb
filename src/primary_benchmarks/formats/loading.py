"""Loading and saving frameworks: the only place that reads or writes framework files.

>>> fw = load_framework("gatsby@1.0.0")
>>> fw.ref
FrameworkRef('gatsby@1.0.0')
>>> loads_framework(dumps_framework(fw)) == fw
True
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from ..errors import Issue, LoadError, UsageError
from ..model.framework import Framework
from ..model.version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN, FrameworkRef
from .change_table import check_change_table
from .document import FRAMEWORK_SCHEMA, build_model, check_document, dump_yaml
from .files import atomic_write, file_problem, read_capped
from .framework_format import (
    FRAMEWORK_SPEC,
    check_framework,
    framework_from_data,
    framework_to_data,
)
from .overlay import OVERLAY_SPEC, Touched, apply_changes
from .registry import _CLEARERS, find_framework, framework_path
from .spec import Check
from .yaml_reader import STR, Node, ParseResult, parse

__all__ = [
    "check_framework_text",
    "dump_framework",
    "dumps_framework",
    "load_framework",
    "load_migration_chain",
    "loads_framework",
]

_REF = re.compile(rf"{FRAMEWORK_ID_PATTERN}(?:@{SEMVER_PATTERN})?")


#: The most overlays one stack may hold (an overlay extending an overlay ...).
MAX_OVERLAY_DEPTH: Final = 32


def check_framework_text(data: bytes | str, source: str = "<string>", *,
                         base_dir: str | os.PathLike[str] | None = None,
                         root: str | os.PathLike[str] | None = None,
                         parsed: ParseResult | None = None,
                         ) -> tuple[Framework | None, tuple[Issue, ...]]:
    """Check a framework document; return the model (if valid) and every issue found.

    An overlay (a document with ``extends:``) is resolved against its base; a
    relative ``extends`` path is taken from ``base_dir`` (default: the folder of
    ``source`` when it is a file, else the working folder). Every file of a stack must
    lie within ``root`` (default: that same folder), so an overlay cannot reach files
    elsewhere on the machine; absolute paths are refused. A base must pass every check
    a framework file passes, and so must the framework the changes produce.

    >>> fw, issues = check_framework_text("schema: primary-benchmarks/framework/v1\\n", "x.yaml")
    >>> fw is None, issues[0].code
    (True, 'missing-key')
    """
    own = str(Path(source).resolve()) if not source.startswith("<") else source
    folder = Path(base_dir) if base_dir is not None else (
        Path(source).parent if not source.startswith("<") else Path.cwd())
    trust = Path(root).resolve() if root is not None else folder.resolve()
    plain, issues, _ = _check_any(data, source, base_dir, (own,), trust, parsed)
    if issues or plain is None:
        return None, tuple(issues)
    return build_model(framework_from_data, plain, source)


def _parsed(parsed: ParseResult | None) -> tuple[Node | None, list[Issue] | None]:
    """A parse already done (the root and its issues), for :func:`check_document`."""
    return (None, None) if parsed is None else (parsed.root, parsed.issues)


def _has_key(root: Node | None, key: str) -> bool:
    return root is not None and root.kind == "map" and any(
        k.tag == STR and k.value == key for k, _ in root.value)


def _check_any(data: bytes | str, source: str, base_dir: str | os.PathLike[str] | None,
               chain: tuple[str, ...], root: Path, parsed: ParseResult | None = None
               ) -> tuple[dict[str, Any] | None, list[Issue], Touched]:
    """Check a framework or an overlay (resolving its bases); return plain data (``None``
    when there is any problem), the issues, and what the overlays in the stack changed."""
    parsed = parsed or parse(data, source)
    if not _has_key(parsed.root, "extends"):
        plain, issues = check_document(data, source, FRAMEWORK_SPEC, _framework_checks,
                                       root=parsed.root, parse_issues=parsed.issues,
                                       expect=FRAMEWORK_SCHEMA)
        return (None if issues else plain), issues, {}
    ctx = Check(source=source, issues=list(parsed.issues))
    assert parsed.root is not None
    overlay = OVERLAY_SPEC.check(parsed.root, "$", ctx)
    if not isinstance(overlay, dict) or not isinstance(overlay.get("extends"), str):
        return None, ctx.finish(), {}
    if len(chain) > MAX_OVERLAY_DEPTH:
        ctx.add("$.extends", "limit", f"the stack of overlays is more than "
                f"{MAX_OVERLAY_DEPTH} deep; resolve part of it into a framework file "
                "(primary-benchmarks resolve) and extend that")
        return None, ctx.finish(), {}
    base_plain, base_issues, touched = _load_base(overlay["extends"], source, base_dir,
                                                  chain, ctx, root)
    if base_plain is None:
        return None, [*ctx.finish(), *base_issues], {}
    # The overlay's own problems: a change with one is not applied (so nothing is guessed
    # from it), but every other change still is, so that all their problems show at once.
    own = bool(ctx.issues)
    broken = {int(m.group(1)) for issue in ctx.issues
              if (m := re.match(r"\$\.changes\[(\d+)\]", issue.path))}
    resolved, touched, blame = apply_changes(base_plain, overlay, ctx, touched, broken)
    if own or ctx.issues:
        return None, ctx.finish(), {}
    _check_resolved(resolved, blame, ctx)
    return (None if ctx.issues else resolved), ctx.finish(), touched


def _check_resolved(resolved: dict[str, Any], blame: dict[str, str], ctx: Check) -> None:
    """Run every framework check on what the changes produce (as text, as a framework file
    is checked); place each problem at the change that caused it."""
    text = dump_yaml(resolved)
    _, issues = check_document(text, "<resolved>", FRAMEWORK_SPEC, _framework_checks)
    benchmarks = resolved.get("benchmarks") or []
    for issue in issues:
        cause = "$.changes"
        match = re.match(r"\$\.benchmarks\[(\d+)\]", issue.path)
        if match and int(match.group(1)) < len(benchmarks):
            bid = benchmarks[int(match.group(1))].get("id")
            cause = blame.get(bid, cause) if isinstance(bid, str) else cause
        elif issue.path.startswith("$.scale"):
            cause = blame.get("scale", cause)
        elif issue.path == "$.benchmarks":
            cause = blame.get("*", cause)
        ctx.add(cause, issue.code,
                f"the framework this change produces fails a check at {issue.path}: "
                f"{issue.message}")


def _load_base(extends: str, source: str, base_dir: str | os.PathLike[str] | None,
               chain: tuple[str, ...], ctx: Check, root: Path
               ) -> tuple[dict[str, Any] | None, list[Issue], Touched]:
    """The plain data of an overlay's base, resolved in turn if it is an overlay itself.

    ``chain`` holds the keys (resolved paths or references) of the files being resolved,
    the current one last, to find cycles. Problems of the base itself come back as the
    second result, placed in the base file.
    """
    if _REF.fullmatch(extends):
        try:
            info = find_framework(FrameworkRef.parse(extends))
        except LoadError as exc:
            ctx.add("$.extends", "not-found", exc.issues[0].message)
            return None, [], {}
        key = str(info.ref)
        if key in chain:
            _cycle(ctx, chain, key)
            return None, [], {}
        try:
            data = _read_registered(info.file)
        except LoadError as exc:
            ctx.add("$.extends", exc.issues[0].code,
                    f"the base {extends!r} cannot be read: {exc.issues[0].message}")
            return None, [], {}
        name, folder = f"<{info.source} {info.ref}>", None
    else:
        if "\0" in extends:
            ctx.add("$.extends", "bad-path", "the path holds a NUL byte")
            return None, [], {}
        if Path(extends).is_absolute() or extends.startswith("~") or "\\" in extends:
            ctx.add("$.extends", "path-escape",
                    f"{extends!r} is not allowed; give a framework reference such as "
                    "ne-primary@1.0.0 or a path relative to this file")
            return None, [], {}
        if not extends.endswith((".yaml", ".yml")):
            ctx.add("$.extends", "invalid-value",
                    f"{extends!r} is neither a framework reference such as ne-primary@1.0.0 "
                    "nor a path to a .yaml file")
            return None, [], {}
        folder = Path(base_dir) if base_dir is not None else (
            Path(source).parent if not source.startswith("<") else Path.cwd())
        try:
            path = (folder / extends).resolve()
        except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before 3.13)
            ctx.add("$.extends", "not-a-file" if isinstance(exc, RuntimeError) else
                    file_problem(extends, exc).code,
                    f"the base {extends!r} cannot be found: the path is a loop of links"
                    if isinstance(exc, RuntimeError) else
                    f"the base {extends!r} cannot be found: {file_problem(extends, exc).message}")
            return None, [], {}
        if not path.is_relative_to(root):
            ctx.add("$.extends", "path-escape",
                    f"the base {extends!r} lies outside the folder {_display(root)!r}, which "
                    "holds every file this stack may use (by default the overlay's own "
                    "folder; pass root= or --root to allow a wider one)")
            return None, [], {}
        key = str(path)
        if key in chain:
            _cycle(ctx, chain, key)
            return None, [], {}
        try:
            data = read_capped(path)
        except LoadError as exc:
            ctx.add("$.extends", exc.issues[0].code,
                    f"the base {_short(extends)!r} cannot be read: {exc.issues[0].message}")
            return None, [], {}
        name, folder = _display(path), path.parent
    plain, issues, touched = _check_any(data, name, folder, (*chain, key), root)
    if plain is None:
        ctx.add("$.extends", "invalid-value",
                f"the base {extends!r} has {len(issues)} problem"
                f"{'s' if len(issues) != 1 else ''} (listed with its own file name)")
        return None, issues, {}
    return plain, [], touched


def _read_registered(file: Any) -> bytes:
    """A registered framework's bytes: a file on disk is read capped and checked to be a
    regular file; package data (which may sit inside a zip) through its own reader."""
    if isinstance(file, os.PathLike):
        return read_capped(file)
    data: bytes = file.read_bytes()
    return data


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else f"{text[:limit]}...({len(text):,} characters)"


def _display(path: Path) -> str:
    """A path as people read it: relative to the working folder when it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _cycle(ctx: Check, chain: tuple[str, ...], key: str) -> None:
    loop = [*chain[chain.index(key):], key]
    shown = " -> ".join(k if k.startswith("<") or ("@" in k and os.path.sep not in k)
                        else _display(Path(k)) for k in loop)
    ctx.add("$.extends", "extends-cycle", f"the overlays extend each other in a cycle: {shown}")


def _framework_checks(plain: dict[str, Any], ctx: Check) -> None:
    check_framework(plain, ctx)
    migration = plain.get("migration")
    if isinstance(migration, dict) and isinstance(migration.get("from"), str):
        try:
            previous = load_framework(migration["from"])
        except LoadError as exc:
            ctx.add("$.migration.from", "not-found", exc.issues[0].message)
            return
        check_change_table(migration, plain, previous, ctx)


def loads_framework(data: bytes | str, *, source: str = "<string>",
                    base_dir: str | os.PathLike[str] | None = None,
                    root: str | os.PathLike[str] | None = None) -> Framework:
    """Load a framework (or an overlay, resolved) from YAML; raise :class:`LoadError`
    listing every issue (see :func:`check_framework_text` for ``base_dir`` and ``root``).

    >>> fw = loads_framework(dumps_framework(load_framework("ne-primary")))
    >>> fw.id, len(fw.characteristics)
    ('ne-primary', 40)
    """
    framework, issues = check_framework_text(data, source, base_dir=base_dir, root=root)
    if framework is None:
        raise LoadError(issues)
    return framework


def _load_file(path: str | os.PathLike[str],
               root: str | os.PathLike[str] | None = None) -> Framework:
    return loads_framework(read_capped(path), source=os.fsdecode(path), root=root)


def _load_registered(ref: FrameworkRef) -> Framework:
    return _load_registered_on(ref, framework_path())


@functools.lru_cache(maxsize=64)
def _load_registered_on(ref: FrameworkRef, search: tuple[str, ...]) -> Framework:
    """A framework by reference, with the search path it was looked up on (so a cached
    framework is never one found on another search path)."""
    info = find_framework(ref)
    name = f"<{info.source} {info.ref}>"
    if info.root is not None and isinstance(info.file, os.PathLike):
        framework = _load_file(info.file, info.root)  # relative extends from its folder
    else:
        framework = loads_framework(_read_registered(info.file), source=name)
    if framework.ref != info.ref:
        raise LoadError([Issue(file=name, line=None, col=None, path="$",
                               code="invalid-value",
                               message=f"the file declares {framework.ref}, not {info.ref}")])
    return framework


_CLEARERS.append(_load_registered_on.cache_clear)


def load_framework(ref_or_path: str | os.PathLike[str], *,
                   root: str | os.PathLike[str] | None = None) -> Framework:
    """Load a framework by reference (``ne-primary``, ``gatsby@2.0.0``) or from a file path.

    A string that is a valid reference is looked up among the available
    frameworks (``id`` alone gives the highest version); anything else, and
    any :class:`os.PathLike`, is read as a file. An overlay file's stack may read files
    only inside ``root`` (default: the overlay's own folder).

    >>> load_framework("gatsby@1.0.0").ref
    FrameworkRef('gatsby@1.0.0')
    """
    if isinstance(ref_or_path, str) and _REF.fullmatch(ref_or_path):
        return _load_registered(FrameworkRef.parse(ref_or_path))
    return _load_file(ref_or_path, root)


def load_migration_chain(to: Framework, start: FrameworkRef) -> list[Framework]:
    """The earlier versions ``migrate`` needs to carry an audit of ``start`` to ``to``,
    loaded by following each version's ``migration.from`` reference.

    >>> [str(f.ref) for f in load_migration_chain(load_framework("gatsby@2.0.0"),
    ...                                          FrameworkRef.parse("gatsby@1.0.0"))]
    ['gatsby@1.0.0']
    """
    chain: list[Framework] = []
    current = to
    seen = {to.ref}
    while current.ref != start and current.migration is not None:
        ref = FrameworkRef.parse(current.migration.from_ref)
        if ref in seen:
            break
        seen.add(ref)
        current = load_framework(str(ref))
        chain.append(current)
    return chain


def dumps_framework(framework: Framework) -> str:
    """The framework as YAML text in the file format; loading it gives an equal model.

    >>> dumps_framework(load_framework("ne-primary")).splitlines()[0]
    'schema: primary-benchmarks/framework/v1'
    """
    return _checked("framework", dump_yaml(framework_to_data(framework)),
                    lambda text: check_document(text, "<dump>", FRAMEWORK_SPEC,
                                                check_framework)[1])


def dump_framework(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write the framework to ``path`` atomically (a temporary file renamed into place).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "fw.yaml"
    >>> dump_framework(load_framework("ne-primary"), path)
    >>> load_framework(path).ref
    FrameworkRef('ne-primary@1.0.0')
    """
    atomic_write(Path(path), dumps_framework(framework))


def _checked(what: str, text: str, check: Callable[[str], list[Issue]]) -> str:
    """``text`` if it passes the file format's checks; else a :class:`UsageError` listing
    why (so a dump never writes a file its own loader refuses). Checks against another
    file (the framework an audit names) are left to loading."""
    issues = check(text)
    if issues:
        raise UsageError(f"this {what} cannot be written: the file would not load back:\n"
                         + "\n".join(f"  {i.path}: {i.message} [{i.code}]" for i in issues))
    return text


