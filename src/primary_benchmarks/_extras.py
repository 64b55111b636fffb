"""Optional dependencies, imported only when a function needs them."""

from __future__ import annotations

import importlib
from typing import Any

from .errors import PrimaryBenchmarksError

__all__ = ["MissingExtraError", "need"]


class MissingExtraError(PrimaryBenchmarksError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    >>> issubclass(MissingExtraError, ImportError)
    True
    """


def need(module: str, extra: str) -> Any:
    """Import ``module``, or raise :class:`MissingExtraError` naming the extra to install.

    >>> need("json", "none").dumps([1])
    '[1]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"this needs {module.split('.')[0]}, which is not installed; install it with "
            f"pip install 'primary-benchmarks[{extra}]'") from None
