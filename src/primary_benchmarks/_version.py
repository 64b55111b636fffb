"""The library's version, read from the installed distribution's metadata (the version in
``pyproject.toml`` is the one source of it)."""

from __future__ import annotations

from importlib import metadata

__all__ = ["VERSION"]


def _installed() -> str:
    try:
        return metadata.version("primary-benchmarks")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"


#: The version of primary_benchmarks that is running, such as ``"0.1.0"``.
VERSION: str = _installed()
