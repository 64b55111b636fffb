"""Strict JSON (RFC 8259) for everything the library writes.

JSON has no NaN or infinity; Python's ``json`` module writes them as bare ``NaN`` and
``Infinity`` unless told not to, which other tools then refuse. Every JSON output goes
through :func:`strict_json`, which turns a float that is not finite into ``null``, and
is then written with ``allow_nan=False`` so nothing else can slip through.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["strict_json"]


def strict_json(data: Any) -> Any:
    """``data`` with every non-finite float (NaN, infinity) replaced by ``None``.

    >>> strict_json({"a": [1.0, float("nan")], "b": float("inf")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        return {k: strict_json(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [strict_json(v) for v in data]
    if hasattr(data, "item") and hasattr(data, "dtype"):  # a numpy scalar
        return strict_json(data.item())
    return data
