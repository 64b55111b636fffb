"""Many schools as columns: the schools of a cohort, each :class:`School` made on demand.

A national cohort has hundreds of thousands of schools; holding their ids and attributes
as columns (one tuple each) costs a fraction of one object per school, and a report
that never looks at a school never makes one. Indexing or iterating gives ordinary,
equal :class:`School` objects.

>>> table = SchoolTable(ids=("1", "2"), columns={"local_authority": ("Durham", None)})
>>> table[0]
School(id='1', name=None, local_authority='Durham', type=None, attributes=mappingproxy({}))
>>> table.attribute("local_authority"), len(table)
(('Durham', None), 2)
>>> table == SchoolTable.from_schools(list(table))
True
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

import attrs

from .._text import identifier
from ..errors import ModelError
from .audit import School

__all__ = ["SchoolTable"]

_FIELDS = ("name", "local_authority", "type")


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    ids = tuple(value)
    # ASCII text that prints is already a valid, NFC-normal id: check the rest one by one
    if not ids:
        return ids
    if set(map(type, ids)) == {str}:  # checked in C: one joined string, one length pass
        joined = "".join(ids)
        if joined.isascii() and joined.isprintable() and max(map(len, ids)) <= 64:
            return ids
    return tuple(identifier(i, "a school id", 64) for i in ids)


def _columns(value: Mapping[str, Sequence[str | None]]) -> Mapping[str, tuple[str | None, ...]]:
    # a column with no value at all says nothing: leave it out, so equal tables are equal
    return types.MappingProxyType({k: tuple(v) for k, v in value.items()
                                   if any(x is not None for x in v)})


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SchoolTable(Sequence[School]):
    """Schools as columns: ``ids`` and, per attribute (``name``, ``local_authority``,
    ``type`` or any other), one value or ``None`` per school."""

    ids: tuple[str, ...] = attrs.field(converter=_ids)
    columns: Mapping[str, tuple[str | None, ...]] = attrs.field(factory=dict,
                                                                 converter=_columns)
    _made: dict[int, School] = attrs.field(factory=dict, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(set(self.ids)) != len(self.ids):
            seen: set[str] = set()
            for school in self.ids:
                if school in seen:
                    raise ModelError.of("SchoolTable.ids", "duplicate-id",
                                        f"school {school!r} is listed twice")
                seen.add(school)
        for name, column in self.columns.items():
            if len(column) != len(self.ids):
                raise ModelError.of(f"SchoolTable.columns[{name!r}]", "invalid-value",
                                    f"has {len(column)} values for {len(self.ids)} schools")
            if name == "id":
                raise ModelError.of("SchoolTable.columns", "invalid-value",
                                    "'id' is not an attribute: schools' ids are in ids")

    @classmethod
    def from_schools(cls, schools: Iterable[School]) -> SchoolTable:
        """The table of ``schools``, in order.

        >>> SchoolTable.from_schools([School(id="9", type="academy")]).attribute("type")
        ('academy',)
        """
        listed = list(schools)
        names = list(dict.fromkeys([*_FIELDS, *(k for s in listed for k in s.attributes)]))
        table = cls(ids=[s.id for s in listed],
                    columns={n: [s.attribute(n) for s in listed] for n in names})
        table._made.update(enumerate(listed))
        return table

    def attribute(self, name: str) -> tuple[str | None, ...]:
        """Each school's value of ``name`` (``id``, ``name``, ``local_authority``, ``type``
        or any other attribute), ``None`` where it has none."""
        if name == "id":
            return self.ids
        found = self.columns.get(name)
        return found if found is not None else (None,) * len(self.ids)

    @property
    def attribute_names(self) -> tuple[str, ...]:
        """The attributes some school has, in column order."""
        return tuple(self.columns)

    def take(self, positions: Iterable[int]) -> SchoolTable:
        """The schools at ``positions``, in that order (their ids are not checked again).

        >>> SchoolTable(ids=("1", "2", "3")).take([2, 0]).ids
        ('3', '1')
        """
        at = list(positions)
        out = object.__new__(SchoolTable)
        ids = self.ids
        for name, value in (("ids", tuple([ids[i] for i in at])),
                            ("columns", _columns({k: [v[i] for i in at]
                                                  for k, v in self.columns.items()})),
                            ("_made", {})):
            object.__setattr__(out, name, value)
        return out

    def _school(self, i: int) -> School:
        found = self._made.get(i)
        if found is None:
            values: dict[str, str] = {k: x for k, v in self.columns.items()
                                      if (x := v[i]) is not None}
            found = self._made[i] = School(
                id=self.ids[i], name=values.pop("name", None),
                local_authority=values.pop("local_authority", None),
                type=values.pop("type", None), attributes=values)
        return found

    @overload
    def __getitem__(self, i: int) -> School: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[School, ...]: ...

    def __getitem__(self, i: int | slice) -> School | tuple[School, ...]:
        if isinstance(i, slice):
            return tuple(self._school(k) for k in range(len(self.ids))[i])
        return self._school(range(len(self.ids))[i])

    def __iter__(self) -> Iterator[School]:
        return (self._school(i) for i in range(len(self.ids)))

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SchoolTable):
            return self.ids == other.ids and dict(self.columns) == dict(other.columns)
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SchoolTable({len(self.ids)} schools; attributes: " + (
            ", ".join(self.columns) or "none") + ")"
