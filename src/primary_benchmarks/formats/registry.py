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

>>> [str(info.ref) for info in bundled_frameworks()][:3]
['gatsby@1.0.0', 'gatsby@2.0.0', 'gatsby-colleges@1.0.0']
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from ..engine.evaluator import clear_cache
from ..errors import FrameworkNotFoundError, Issue
from ..model.version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN, FrameworkRef, Version

__all__ = ["ENTRY_POINT_GROUP", "FrameworkInfo", "available_frameworks", "bundled_frameworks",
           "clear_caches", "find_framework", "registry_problems"]

#: The entry point group through which installed packages publish frameworks.
ENTRY_POINT_GROUP = "primary_benchmarks.frameworks"
_PACKAGE = "primary_benchmarks"
_FOLDER = "frameworks"


@attrs.frozen(kw_only=True)
class FrameworkInfo:
    """A framework that can be loaded by reference, and where its file is.

    ``source`` is ``bundled`` or ``package <distribution> (<entry point>)``.

    >>> import primary_benchmarks as pb
    >>> pb.formats.find_framework(pb.FrameworkRef("ne-primary")).source
    'bundled'
    """

    ref: FrameworkRef
    source: str
    file: Traversable = attrs.field(eq=False, repr=False)


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


def available_frameworks() -> tuple[FrameworkInfo, ...]:
    """Bundled frameworks, then those published by installed packages.

    >>> "ne-primary@1.0.0" in [str(i.ref) for i in available_frameworks()]
    True
    """
    return _sorted((*bundled_frameworks(), *_published()[0]))


def registry_problems() -> tuple[Issue, ...]:
    """Problems met reading published frameworks (broken entry points, duplicates).

    >>> registry_problems()
    ()
    """
    return _published()[1]


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
        from .spec.core import did_you_mean

        known = ", ".join(str(i.ref) for i in everything) or "none"
        same_id = [str(i.ref) for i in everything if i.ref.id == ref.id]
        near = did_you_mean(str(ref), same_id) if same_id else did_you_mean(
            ref.id, sorted({i.ref.id for i in everything}))
        raise FrameworkNotFoundError([Issue(
            file=None, line=None, col=None, path="$", code="not-found",
            message=f"no framework {str(ref)!r} is available (available: {known}){near}")])
    return candidates[-1]


#: Functions to call when the caches are cleared (the loader adds its own).
_CLEARERS: list[Any] = [bundled_frameworks.cache_clear, _published.cache_clear]


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
