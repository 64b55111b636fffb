"""A small schema language for the file formats.

One description of each format serves three purposes: checking a parsed YAML node tree
strictly (every problem collected, with its position), turning it into plain Python data,
and exporting a JSON Schema for editors. Nothing is coerced: a number where text belongs is
an error with a hint to quote it. :mod:`.core` holds the check context and the base spec,
:mod:`.scalars` text, numbers, booleans and dates, :mod:`.compound` the rest.
"""

from ..._text import did_you_mean
from .compound import AnyData, Choice, Field, Keyed, MapOf, Record, Ref, Seq, json_schema
from .core import (
    INVALID,
    MAX_NUMBER,
    MAX_PROBLEMS,
    MAX_SUGGESTIONS,
    Check,
    Spec,
    describe_node,
    too_many,
)
from .scalars import Boolean, Date, Number, Text

__all__ = [
    "INVALID", "MAX_NUMBER", "MAX_PROBLEMS", "MAX_SUGGESTIONS", "AnyData", "Boolean", "Check",
    "Choice", "Date", "Field", "Keyed", "MapOf", "Number", "Record", "Ref", "Seq", "Spec",
    "Text", "describe_node", "did_you_mean", "json_schema", "too_many",
]
