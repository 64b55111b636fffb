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
from pathlib import Path

from ._document import check_document, dump_yaml
from ._files import atomic_write, read_capped
from ._framework_format import (
    FRAMEWORK_SPEC,
    check_framework,
    framework_from_data,
    framework_to_data,
)
from .errors import Issue, LoadError
from .framework import Framework
from .registry import find_framework
from .version import FRAMEWORK_ID_PATTERN, SEMVER_PATTERN, FrameworkRef

__all__ = [
    "check_framework_text",
    "dump_framework",
    "dumps_framework",
    "load_framework",
    "loads_framework",
]

_REF = re.compile(rf"{FRAMEWORK_ID_PATTERN}(?:@{SEMVER_PATTERN})?")


def check_framework_text(data: bytes | str, source: str = "<string>"
                         ) -> tuple[Framework | None, tuple[Issue, ...]]:
    """Check a framework document; return the model (if valid) and every issue found.

    >>> fw, issues = check_framework_text("schema: primary-benchmarks/framework/v1\\n", "x.yaml")
    >>> fw is None, issues[0].code
    (True, 'missing-key')
    """
    data_, issues = check_document(data, source, FRAMEWORK_SPEC, check_framework)
    if issues or data_ is None:
        return None, tuple(issues)
    return framework_from_data(data_), ()


def loads_framework(data: bytes | str, *, source: str = "<string>") -> Framework:
    """Load a framework from YAML text or bytes; raise :class:`LoadError` listing every issue."""
    framework, issues = check_framework_text(data, source)
    if framework is None:
        raise LoadError(issues)
    return framework


def _load_file(path: str | os.PathLike[str]) -> Framework:
    return loads_framework(read_capped(path), source=str(path))


@functools.lru_cache(maxsize=64)
def _load_bundled(ref: FrameworkRef) -> Framework:
    info = find_framework(ref)
    framework = loads_framework(info.file.read_bytes(), source=f"<bundled {info.ref}>")
    if framework.ref != info.ref:
        raise LoadError([Issue(file=f"<bundled {info.ref}>", line=None, col=None, path="$",
                               code="invalid-value",
                               message=f"the file declares {framework.ref}, not {info.ref}")])
    return framework


def load_framework(ref_or_path: str | os.PathLike[str]) -> Framework:
    """Load a framework by reference (``ne-primary``, ``gatsby@2.0.0``) or from a file path.

    A string that is a valid reference is looked up among the available
    frameworks (``id`` alone gives the highest version); anything else, and
    any :class:`os.PathLike`, is read as a file.
    """
    if isinstance(ref_or_path, str) and _REF.fullmatch(ref_or_path):
        return _load_bundled(FrameworkRef.parse(ref_or_path))
    return _load_file(ref_or_path)


def dumps_framework(framework: Framework) -> str:
    """The framework as YAML text in the file format; loading it gives an equal model."""
    return dump_yaml(framework_to_data(framework))


def dump_framework(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write the framework to ``path`` atomically (a temporary file renamed into place)."""
    atomic_write(Path(path), dumps_framework(framework))
