"""The checks every model makes on construction, written once.

Each raises :class:`~primary_benchmarks.errors.ModelError` (a ``ValueError``) naming the
class and field (``Level.id``) and a stable code; the file formats run the same rules and
add where in the file the problem is.

>>> check_id("Level", "id", "fully")
>>> check_id("Level", "id", "a b")
Traceback (most recent call last):
...
primary_benchmarks.errors.ModelError: Level.id: 'a b' is not an id: use letters, ...
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any, Final

from .._text import identifier_problem
from ..errors import ModelError

__all__ = ["ITEM_ID_PATTERN", "LOAD_HINTS", "MAX_ID_LENGTH", "check_argument", "check_date",
           "check_finite", "check_id", "check_text"]

#: The shape of a benchmark, characteristic or level id.
ITEM_ID_PATTERN: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*"
#: The longest id (framework items, school ids).
MAX_ID_LENGTH: Final = 64
_ITEM_ID: Final = re.compile(ITEM_ID_PATTERN)


#: Ids already found good (ids repeat: every rating of a cohort names one of a few levels).
_GOOD: set[str] = set()


def check_id(cls: str, field: str, value: object) -> None:
    """``value`` is an item id: text of letters, digits, '.', '_' and '-', at most 64 long."""
    if type(value) is str and value in _GOOD:  # only ever holds valid ids
        return
    where = f"{cls}.{field}"
    if not isinstance(value, str):
        raise ModelError.of(where, "wrong-type", f"expected an id (text), got "
                            f"{type(value).__name__} {value!r}")
    if not _ITEM_ID.fullmatch(value):
        raise ModelError.of(where, "invalid-value", f"{value!r} is not an id: use letters, "
                            "digits, '.', '_' and '-', starting with a letter or digit")
    if len(value) > MAX_ID_LENGTH:
        raise ModelError.of(where, "invalid-value", f"the id is {len(value):,} characters "
                            f"long; the limit is {MAX_ID_LENGTH}")
    if len(_GOOD) < 65_536:
        _GOOD.add(value)


def check_text(cls: str, field: str, value: object, *, optional: bool = False,
               identifier: bool = False) -> None:
    """``value`` is text (or ``None`` when ``optional``); an ``identifier`` holds nothing
    invisible."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise ModelError.of(f"{cls}.{field}", "wrong-type",
                            f"expected text, got {type(value).__name__} {value!r}")
    problem = identifier_problem(value) if identifier else None
    if problem:
        raise ModelError.of(f"{cls}.{field}", "invalid-value", problem)


def check_finite(cls: str, field: str, value: Any, *, positive: bool = False,
                 non_negative: bool = False) -> None:
    """``value`` is a finite real number (not a bool), above 0 when ``positive``, 0 or
    above when ``non_negative``."""
    where = f"{cls}.{field}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelError.of(where, "wrong-type",
                            f"expected a number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ModelError.of(where, "invalid-value", f"{value!r} is not a finite number")
    if positive and value <= 0:
        raise ModelError.of(where, "invalid-value", f"must be greater than 0, got {value!r}")
    if non_negative and value < 0:
        raise ModelError.of(where, "invalid-value", f"must be 0 or more, got {value!r}")


def check_date(where: str, value: object, *, optional: bool = False) -> None:
    """``value`` is a ``datetime.date`` (not a datetime, not text), or ``None`` if
    ``optional``."""
    if value is None and optional:
        return
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise ModelError.of(where, "wrong-type", f"expected a date such as "
                            f"datetime.date(2020, 7, 1), got {type(value).__name__} {value!r}")


#: The way on when a public function is given something to load instead of what it takes.
LOAD_HINTS: Final = {
    "Framework": "load it first, such as pb.load_framework('ne-primary')",
    "Audit": "load it first, such as pb.load_audit('audit.yaml')",
    "ActionPlan": "load it first, such as pb.load_plan('plan.yaml')",
    "Cohort": "load it first, such as pb.load_cohort('audits.csv').cohort",
    "CohortReport": "make it first, such as pb.report(cohort)",
}


def check_argument(function: str, name: str, value: object, kind: type) -> None:
    """Refuse an argument of the wrong type where a public function begins, with a
    ``TypeError`` that names the function, the argument, what it got and the way on
    (:data:`LOAD_HINTS`), rather than an ``AttributeError`` from deep inside.

    >>> from primary_benchmarks.model import Framework
    >>> check_argument("score", "framework", "ne-primary", Framework)
    Traceback (most recent call last):
    ...
    TypeError: score(): framework must be a Framework, not str 'ne-primary'; load it first, ...
    """
    if isinstance(value, kind):
        return
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    hint = LOAD_HINTS.get(kind.__name__)
    if type(value).__name__ == "CohortLoad" and kind.__name__ == "Cohort":
        hint = "give load_cohort(...).cohort: the load also holds its problems and counts"
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    raise TypeError(f"{function}(): {name} must be {article} {kind.__name__}, not "
                    f"{type(value).__name__} {shown}" + (f"; {hint}" if hint else ""))
