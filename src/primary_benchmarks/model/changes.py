"""Change tables: how a framework version's characteristic ids relate to the previous one's.

A new version declares, under ``migration:``, every old id's fate and every new id's
source, so audits can be carried forward (:func:`primary_benchmarks.migrate`):

```yaml
migration:
  from: gatsby@1.0.0
  merge: lowest            # how merged ratings combine: lowest (default) or highest
  changes:
    - {unchanged: GB2.1}
    - {unchanged: GB8.1, editorial: true}   # worded anew, asks the same: carried exactly
    - {revised: GB2.2}     # same id, substance changed: carried, but needs review
    - {renamed: GB1.1, to: GB1.2}
    - {split: GB3.2, into: [GB3.2, GB3.3]}
    - {merged: [GB3.3, GB3.4], into: GB3.4}
    - {withdrawn: GB4.2}
    - {new: GB1.4}
```

>>> table = ChangeTable(from_ref="a@1.0.0", changes=(
...     Change(kind="split", old=("X.1",), new=("X.1", "X.2")), Change(kind="new", new=("Y.1",))))
>>> table.new_sources()["X.2"], table.old_targets()["X.1"]
(('X.1',), ('X.1', 'X.2'))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from ..errors import ModelError

__all__ = ["CHANGE_KINDS", "MERGE_POLICIES", "Change", "ChangeTable"]

#: The kinds of change, as the file format spells them.
CHANGE_KINDS: Final = ("unchanged", "revised", "renamed", "split", "merged", "withdrawn",
                       "new")
#: How the ratings of characteristics merged into one combine.
MERGE_POLICIES: Final = ("lowest", "highest")


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Change:
    """One row of a change table: old ids become new ids, by ``kind``.

    >>> Change(kind="renamed", old=("A.1",), new=("A.2",)).new
    ('A.2',)
    """

    kind: str
    old: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    new: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    #: For ``unchanged``: the text was edited, the substance was not (so the check that an
    #: unchanged characteristic keeps its text does not apply).
    editorial: bool = False

    def __attrs_post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise ModelError.of("Change.kind", "invalid-value", f"{self.kind!r} is not a "
                                f"kind of change ({', '.join(CHANGE_KINDS)})")
        if self.editorial and self.kind != "unchanged":
            raise ModelError.of("Change.editorial", "invalid-value",
                                "only an unchanged characteristic can be an editorial edit")


def _changes(value: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ChangeTable:
    """How this version's characteristics relate to those of ``from_ref``.

    >>> import primary_benchmarks as pb
    >>> table = pb.load_framework("gatsby@2.0.0").migration
    >>> table.from_ref, table.old_targets()["GB1.1"]
    ('gatsby@1.0.0', ('GB1.1', 'GB1.2'))
    """

    from_ref: str
    changes: tuple[Change, ...] = attrs.field(converter=_changes)
    merge: str = "lowest"

    def old_targets(self) -> dict[str, tuple[str, ...]]:
        """Each old id's new ids (empty when withdrawn)."""
        return {old: c.new for c in self.changes for old in c.old}

    def new_sources(self) -> dict[str, tuple[str, ...]]:
        """Each new id's old ids (empty when new)."""
        return {new: c.old for c in self.changes for new in c.new}
