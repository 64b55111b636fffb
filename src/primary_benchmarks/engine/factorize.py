"""Columns of a long table as integer codes and categories: categoricals used as they are,
text hashed in linear time, dates as whole days."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["factorize", "raw_column", "stamps_of", "to_days"]


def _as_text(codes: npt.NDArray[np.intp], uniques: list[Any]
             ) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Codes into ``uniques`` (-1 for a missing value) as codes into the sorted distinct
    texts of the values (a missing value is the text ""), as ``np.unique`` would give."""
    texts = ["" if u is None else str(u) for u in uniques]
    if codes.size and int(codes.min()) < 0:
        texts.append("")
        codes = np.where(codes < 0, len(texts) - 1, codes)
    cats, inverse = np.unique(np.array(texts or [""], dtype=str), return_inverse=True)
    return inverse.astype(np.intp)[codes], cats.tolist()


def _hashed(values: Any) -> tuple[npt.NDArray[np.intp], list[Any]] | None:
    """A text column factorised by hashing, in time linear in its length: with the column's
    own ``factorize`` (pandas), or a dictionary for plain Python values; ``None`` for a
    numeric column."""
    if hasattr(values, "factorize") and getattr(values, "dtype", None) is not None and (
            getattr(values.dtype, "kind", "O") not in "iufcmMb"):
        codes, uniques = values.factorize()
        return _as_text(np.asarray(codes, dtype=np.intp), list(uniques))
    if isinstance(values, list | tuple) or (isinstance(values, np.ndarray)
                                            and values.dtype == object):
        seen: dict[Any, int] = {}
        listed = values.tolist() if isinstance(values, np.ndarray) else list(values)
        if listed and set(map(type, listed)) <= {int}:
            return None  # whole numbers: factorised as numbers (numeric order)
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in listed), dtype=np.intp,
                            count=len(listed))
        return _as_text(codes, list(seen))
    return None


def factorize(values: Any) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    """Integer codes and categories of a column (pandas categoricals used as they are; text
    columns hashed, never sorted).

    >>> codes, cats = factorize(["fully", "not", "fully", None])
    >>> codes.tolist(), cats
    ([1, 2, 1, 0], ['', 'fully', 'not'])
    """
    if hasattr(values, "cat"):  # a pandas Series of dtype category
        values = values.cat
    if hasattr(values, "codes") and hasattr(values, "categories"):
        codes = np.asarray(values.codes)  # kept small (int8 for few categories)
        return codes, list(values.categories)
    hashed = _hashed(values)
    if hashed is not None:
        return hashed
    array = _plain_array(values)
    if array.dtype.kind in "iu" and array.size:
        lo, hi = int(array.min()), int(array.max())
        if hi - lo <= 4 * array.size + 1_000_000:  # dense enough: no sort needed
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[array - lo] = True
            remap = np.cumsum(present, dtype=np.intp) - 1
            return remap[array - lo], (np.flatnonzero(present) + lo).tolist()
    cats, inverse = np.unique(array, return_inverse=True)
    return inverse.astype(np.intp), cats.tolist()


def _is_codes(values: Any) -> bool:
    return hasattr(values, "cat") or (hasattr(values, "codes") and hasattr(values,
                                                                           "categories"))


def raw_column(values: Any) -> tuple[npt.NDArray[Any], list[Any] | None]:
    """A column as an array to compare: codes with categories (categoricals, text) or raw
    values (numbers).

    >>> raw_column([3, 1, 3])[0].tolist()
    [3, 1, 3]
    >>> raw_column(["b", "a", "b"])
    (array([1, 0, 1]), ['a', 'b'])
    """
    if _is_codes(values):
        codes, cats = factorize(values)
        return codes, cats
    hashed = _hashed(values)
    return (hashed if hashed is not None else (_plain_array(values), None))


def _plain_array(values: Any) -> npt.NDArray[Any]:
    """A numeric column (or what is left) as a numpy array; objects as their texts."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    array = np.asarray(values)
    if array.dtype == object:
        array = np.array(["" if v is None else str(v) for v in array.tolist()])
    return array


def stamps_of(values: Any) -> tuple[npt.NDArray[np.int64], str]:
    """Dates as comparable integers in their own unit (see :func:`to_days`), and the unit.

    >>> import numpy as np
    >>> stamps_of(np.array(["1970-01-03"], dtype="datetime64[D]"))[0].tolist()
    [2]
    """
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    array = np.asarray(values)
    if array.dtype.kind != "M" or np.datetime_data(array.dtype)[0] in ("Y", "M", "W"):
        array = array.astype("datetime64[D]")
    unit = np.datetime_data(array.dtype)[0]
    return array.view(np.int64), unit


def to_days(stamps: npt.NDArray[np.int64], unit: str) -> npt.NDArray[np.int64]:
    """Whole days since 1970-01-01 (a time of day is dropped).

    >>> import numpy as np
    >>> to_days(np.array([36 * 3600], dtype=np.int64), "s").tolist()
    [1]
    """
    if unit == "D":
        return stamps.astype(np.int64)
    days: npt.NDArray[np.int64] = stamps.view(f"datetime64[{unit}]").astype(
        "datetime64[D]").view(np.int64)
    return days
