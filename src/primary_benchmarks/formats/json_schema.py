"""JSON Schema exports of the file formats, for editors that check YAML as people type.

>>> schema = json_schema("framework")
>>> schema["title"], schema["required"][:3]
('primary-benchmarks framework file', ['schema', 'id', 'version'])
"""

from __future__ import annotations

from typing import Any

from . import spec as _schema
from .audit_format import AUDIT_SCHEMA, AUDIT_SPEC
from .framework_format import FRAMEWORK_SCHEMA, FRAMEWORK_SPEC
from .overlay import OVERLAY_SPEC
from .plan_format import PLAN_SCHEMA, PLAN_SPEC
from .references import REFERENCE_SCHEMA, REFERENCE_SPEC

__all__ = ["SCHEMA_KINDS", "json_schema"]

#: The file kinds that have a JSON Schema, and the ``schema:`` line each one carries.
SCHEMA_KINDS: dict[str, str] = {"framework": FRAMEWORK_SCHEMA, "overlay": FRAMEWORK_SCHEMA,
                                "audit": AUDIT_SCHEMA, "action-plan": PLAN_SCHEMA,
                                "reference": REFERENCE_SCHEMA}
_SPECS = {"framework": FRAMEWORK_SPEC, "overlay": OVERLAY_SPEC, "audit": AUDIT_SPEC,
          "action-plan": PLAN_SPEC, "reference": REFERENCE_SPEC}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind (see :data:`SCHEMA_KINDS`).

    An overlay (a framework file with ``extends:``) has its own kind, ``overlay``. The
    schema checks structure and types; cross-references (unique ids, rule targets, the
    scale's order) are checked by the library's own loader.

    >>> json_schema("audit")["required"]
    ['schema', 'framework', 'school', 'date', 'ratings']
    """
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"no schema for {kind!r}; choose one of {', '.join(SCHEMA_KINDS)}")
    return _schema.json_schema(
        _SPECS[kind], title=f"primary-benchmarks {kind} file",
        schema_id=f"https://primary-benchmarks.invalid/schema/{SCHEMA_KINDS[kind]}.json")
