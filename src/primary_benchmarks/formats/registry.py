"""Where frameworks come from: the bundled ones, and those installed packages publish.

A package publishes frameworks through the ``primary_benchmarks.frameworks`` entry
point group. The entry point names a folder laid out like the bundled one,
``<id>/<version>.yaml`` (a path, an ``importlib.resources`` traversable, or a function
returning either). In ``pyproject.toml``:

```toml
[project.entry-points."primary_benchmarks.frameworks"]
tees-valley = "tees_valley_benchmarks:FRAMEWORKS"
```

where ``FRAMEWORKS = importlib.resources.files(__name__) / "frameworks"``. Bundled
frameworks come first; a package framework whose ``id@version`` is already available
is skipped and reported by :func:`registry_problems`.

**The framework search path.** Framework and overlay files a region keeps in its own folders
are found by their ``id@version`` too, from the folders (and the folders below them) named in
the environment variable ``PRIMARY_BENCHMARKS_PATH`` (separated by ``os.pathsep``) and those
given to :func:`using_framework_path` (the command line's ``--framework-path``). Whatever
file names they have, their ``id`` and ``version`` keys say what they are; an overlay's
stack may read files anywhere inside the search-path folder it was found in. They come after
bundled and packaged frameworks; a copy of an ``id@version`` already available is skipped and
reported.

>>> [str(info.ref) for info in bundled_frameworks()][:3]
['gatsby@1.0.0', 'gatsby@2.0.0', 'gatsby-colleges@1.0.0']
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

import attrs

from ..engine.evaluator import clear_cache
from ..errors import FrameworkNotFoundError, Issue
from ..model.version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN, FrameworkRef, Version

__all__ = ["ENTRY_POINT_GROUP", "FRAMEWORK_PATH_ENV", "FrameworkInfo", "available_frameworks",
           "bundled_frameworks", "clear_caches", "find_framework", "framework_path",
           "registry_problems", "using_framework_path"]

#: The entry point group through which installed packages publish frameworks.
ENTRY_POINT_GROUP = "primary_benchmarks.frameworks"
_PACKAGE = "primary_benchmarks"
_FOLDER = "frameworks"


@attrs.frozen(kw_only=True)
class FrameworkInfo:
    """A framework that can be loaded by reference, and where its file is.

    ``source`` is ``bundled``, ``package <distribution> (<entry point>)`` or
    ``path <folder>`` (found on the search path).

    >>> import primary_benchmarks as pb
    >>> pb.formats.find_framework(pb.FrameworkRef("ne-primary")).source
    'bundled'
    """

    ref: FrameworkRef
    source: str
    file: Traversable = attrs.field(eq=False, repr=False)
    #: For a file found on the search path: the folder its overlay stack may read from.
    root: str | None = attrs.field(default=None, eq=False, repr=False)


def _scan(folder: Traversable, source: str) -> list[FrameworkInfo]:
    import re

    found = []
    for sub in folder.iterdir():
        if not sub.is_dir() or not re.fullmatch(FRAMEWORK_ID_PATTERN, sub.name):
            continue
        for item in sub.iterdir():
            version = item.name.removesuffix(".yaml")
            if (item.is_file() and item.name.endswith(".yaml")
                    and re.fullmatch(SEMVER_PATTERN, version)):
                found.append(FrameworkInfo(ref=FrameworkRef(sub.name, version), source=source,
                                           file=item))
    return found


def _sorted(infos: Iterable[FrameworkInfo]) -> tuple[FrameworkInfo, ...]:
    return tuple(sorted(infos, key=lambda i: (i.ref.id, Version.parse(str(i.ref.version)))))


@functools.cache
def bundled_frameworks() -> tuple[FrameworkInfo, ...]:
    """Every bundled framework version, ordered by id and then version.

    >>> bundled_frameworks()[0].source
    'bundled'
    """
    return _sorted(_scan(resources.files(_PACKAGE).joinpath(_FOLDER), "bundled"))


@functools.cache
def _published() -> tuple[tuple[FrameworkInfo, ...], tuple[Issue, ...]]:
    from importlib import metadata  # only when a reference is looked up

    infos: list[FrameworkInfo] = []
    problems: list[Issue] = []
    taken = {i.ref for i in bundled_frameworks()}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else "?"
        source = f"package {dist} ({ep.name})"
        try:
            target = ep.load()
            if callable(target):
                target = target()
            folder: Traversable = (Path(target) if isinstance(target, str | os.PathLike)
                                   else target)
            found = _scan(folder, source)
        except Exception as exc:  # a broken package must not break the library
            problems.append(Issue(file=source, line=None, col=None, path="$",
                                  code="not-found",
                                  message=f"entry point {ep.value!r} could not be read: {exc}"))
            continue
        for info in found:
            if info.ref in taken:
                problems.append(Issue(file=source, line=None, col=None, path="$",
                                      code="duplicate-id",
                                      message=f"{info.ref} is already available; this copy is "
                                              "not used"))
                continue
            taken.add(info.ref)
            infos.append(info)
    return _sorted(infos), tuple(problems)


#: The environment variable naming the folders searched for framework files.
FRAMEWORK_PATH_ENV: Final = "PRIMARY_BENCHMARKS_PATH"
_EXTRA_PATH: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "primary_benchmarks_framework_path", default=())


def framework_path() -> tuple[str, ...]:
    """The folders searched for framework files: those given to
    :func:`using_framework_path` (innermost first), then ``PRIMARY_BENCHMARKS_PATH``.

    >>> with using_framework_path(["regions"]):
    ...     framework_path()[0]
    'regions'
    """
    from_env = os.environ.get(FRAMEWORK_PATH_ENV, "")
    return (*_EXTRA_PATH.get(), *(f for f in from_env.split(os.pathsep) if f))


@contextlib.contextmanager
def using_framework_path(folders: Iterable[str | os.PathLike[str]]) -> Iterator[None]:
    """Search ``folders`` for framework files too, within the ``with`` block.

    >>> with using_framework_path([]):
    ...     "ne-primary@1.0.0" in [str(i.ref) for i in available_frameworks()]
    True
    """
    token = _EXTRA_PATH.set((*(os.fspath(f) for f in folders), *_EXTRA_PATH.get()))
    try:
        yield
    finally:
        _EXTRA_PATH.reset(token)


def _header(path: Path) -> FrameworkRef | None:
    """The ``id@version`` a framework or overlay file declares, or ``None`` for any file
    that is not one (read strictly and bounded, like every file)."""
    from .files import read_capped
    from .yaml_reader import parse

    try:
        root = parse(read_capped(path), str(path)).root
    except Exception:  # unreadable: not a framework file for the search path
        return None
    if root is None or root.kind != "map":
        return None
    top = {k.value: v.value for k, v in root.value if v.kind == "scalar"}
    if top.get("schema") != "primary-benchmarks/framework/v1":
        return None
    ident, version = top.get("id"), top.get("version")
    try:
        return FrameworkRef(ident, version) if isinstance(ident, str) and isinstance(
            version, str) else None
    except Exception:
        return None


@functools.lru_cache(maxsize=16)
def _on_path(folders: tuple[str, ...]) -> tuple[tuple[FrameworkInfo, ...], tuple[Issue, ...]]:
    from .files import walk_folder

    taken = {i.ref for i in (*bundled_frameworks(), *_published()[0])}
    infos: list[FrameworkInfo] = []
    problems: list[Issue] = []
    for folder in folders:
        if not Path(folder).is_dir():
            problems.append(Issue(file=folder, line=None, col=None, path="$",
                                  code="not-found", message="a folder on the framework "
                                  "search path does not exist"))
            continue
        for path in walk_folder(folder, (".yaml", ".yml")).files:
            ref = _header(path)
            if ref is None:
                continue
            if ref in taken:
                problems.append(Issue(file=str(path), line=None, col=None, path="$",
                                      code="duplicate-id", message=f"{ref} is already "
                                      "available; this copy is not used"))
                continue
            taken.add(ref)
            infos.append(FrameworkInfo(ref=ref, source=f"path {folder}", file=path,
                                       root=folder))
    return _sorted(infos), tuple(problems)


def available_frameworks() -> tuple[FrameworkInfo, ...]:
    """Bundled frameworks, then those published by installed packages, then those found on
    the search path.

    >>> "ne-primary@1.0.0" in [str(i.ref) for i in available_frameworks()]
    True
    """
    return _sorted((*bundled_frameworks(), *_published()[0], *_on_path(framework_path())[0]))


def registry_problems() -> tuple[Issue, ...]:
    """Problems met reading published frameworks (broken entry points, duplicates).

    >>> registry_problems()
    ()
    """
    return (*_published()[1], *_on_path(framework_path())[1])


def find_framework(ref: FrameworkRef) -> FrameworkInfo:
    """The framework a reference names; ``id`` alone means its highest version.

    >>> find_framework(FrameworkRef("gatsby")).ref
    FrameworkRef('gatsby@2.0.0')
    """
    everything = available_frameworks()
    candidates = [i for i in everything if i.ref.id == ref.id]
    if ref.version is not None:
        candidates = [i for i in candidates if i.ref.version == ref.version]
    if not candidates:
        import difflib

        known = ", ".join(str(i.ref) for i in everything) or "none"
        same_id = [str(i.ref) for i in everything if i.ref.id == ref.id]
        close = same_id[-1:] or difflib.get_close_matches(  # a typo, not another name
            ref.id, sorted({i.ref.id for i in everything}), n=1, cutoff=0.8)
        near = f"; did you mean {close[0]!r}?" if close else ""
        raise FrameworkNotFoundError([Issue(
            file=None, line=None, col=None, path="$", code="not-found",
            message=f"no framework {str(ref)!r} is available (available: {known}){near}; "
                    f"to use your own, put its file in a folder on {FRAMEWORK_PATH_ENV} "
                    "(or --framework-path), or give the file with --framework")])
    return candidates[-1]


#: Functions to call when the caches are cleared (the loader adds its own).
_CLEARERS: list[Any] = [bundled_frameworks.cache_clear, _published.cache_clear,
                        _on_path.cache_clear]


def clear_caches() -> None:
    """Forget every found and loaded framework and every compiled one, so frameworks
    installed or changed since (a new package, an edited bundled file) are seen.

    >>> clear_caches()
    >>> bundled_frameworks()[0].source
    'bundled'
    """
    for clear in _CLEARERS:
        clear()
    clear_cache()
