"""Where frameworks come from: the bundled ones (package data), found by reference.

>>> [str(info.ref) for info in bundled_frameworks()]
['gatsby@1.0.0', 'gatsby@2.0.0', 'ne-primary@1.0.0']
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

import attrs

from .errors import FrameworkNotFoundError, Issue
from .version import FrameworkRef, Version

__all__ = ["FrameworkInfo", "bundled_frameworks", "find_framework"]

_PACKAGE = "primary_benchmarks"
_FOLDER = "frameworks"


@attrs.frozen(kw_only=True)
class FrameworkInfo:
    """A framework that can be loaded by reference, and where its file is."""

    ref: FrameworkRef
    source: str
    file: Traversable = attrs.field(eq=False, repr=False)


@functools.cache
def bundled_frameworks() -> tuple[FrameworkInfo, ...]:
    """Every bundled framework version, ordered by id and then version.

    Bundled files live in the package as ``frameworks/<id>/<version>.yaml``.
    """
    root = resources.files(_PACKAGE).joinpath(_FOLDER)
    found: list[FrameworkInfo] = []
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for item in folder.iterdir():
            if item.is_file() and item.name.endswith(".yaml"):
                ref = FrameworkRef(folder.name, item.name.removesuffix(".yaml"))
                found.append(FrameworkInfo(ref=ref, source="bundled", file=item))
    found.sort(key=lambda i: (i.ref.id, Version.parse(str(i.ref.version))))
    return tuple(found)


def find_framework(ref: FrameworkRef) -> FrameworkInfo:
    """The framework a reference names; ``id`` alone means its highest version.

    >>> find_framework(FrameworkRef("gatsby")).ref
    FrameworkRef('gatsby@2.0.0')
    """
    candidates = [i for i in bundled_frameworks() if i.ref.id == ref.id]
    if ref.version is not None:
        candidates = [i for i in candidates if i.ref.version == ref.version]
    if not candidates:
        known = ", ".join(str(i.ref) for i in bundled_frameworks()) or "none"
        raise FrameworkNotFoundError([Issue(
            file=None, line=None, col=None, path="$", code="not-found",
            message=f"no framework {str(ref)!r} is available (available: {known})")])
    return candidates[-1]
