"""The notes a load adds about its input: what it read in a way the user should know of,
though nothing was refused.

- A school's attributes given more than once (every row of a CSV, every audit file) and
  not agreeing: a typo in one file, or a real change (a community school becoming an
  academy). A cohort holds one value per school, so breakdowns group each school one way;
  the first is kept, and which way is never left unsaid.
- Attribute values that differ only in case or spacing (``North`` and ``north``): a
  breakdown would show them as two groups; the note names them, the data is kept as given.
- A wide CSV without a column for some characteristics: every audit leaves them unrated,
  which counts at the lowest level (a smaller example file may mean it; a lost column
  should not go unsaid).
- Audits that name no round among audits that do: each is a round of its own, named by its
  date (as documented), which a report shows as a round of a few schools; the note says why.
"""

from __future__ import annotations

from collections import Counter

from ..model.framework import Framework
from ..model.school_table import SchoolTable

__all__ = ["AttributeChanges", "absent_columns", "look_alike_values", "unlabelled_rounds"]

#: The most changes a note names one by one (the rest are counted).
_SHOWN = 5


class AttributeChanges:
    """Collects, per school and attribute, a later value that differs from the first.

    >>> changes = AttributeChanges()
    >>> changes.see("100001", "type", "community", "academy", "a.csv:80")
    >>> print(changes.note())
    1 school has an attribute that differs between its audits; each school keeps its first value: 100001 type 'community', then 'academy' (a.csv:80)
    """  # noqa: E501

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], str] = {}

    def see(self, school: str, name: str, first: str | None, later: str, where: str) -> None:
        """Record that ``school``'s ``name`` is ``later`` at ``where`` after ``first``
        (``None``: the first gave none); the first change per school and attribute."""
        key = (school, name)
        if key not in self.found:
            shown = "none" if first is None else repr(first)
            self.found[key] = f"{school} {name} {shown}, then {later!r} ({where})"

    def note(self) -> str | None:
        """The load's note, or ``None`` when every school's attributes agree."""
        if not self.found:
            return None
        schools = len({school for school, _ in self.found})
        listed = list(self.found.values())
        more = f"; and {len(listed) - _SHOWN} more" if len(listed) > _SHOWN else ""
        whose = ("1 school has an attribute that differs between its audits" if schools == 1
                 else f"{schools:,} schools have attributes that differ between their audits")
        return (f"{whose}; each school keeps its first value: "
                + "; ".join(listed[:_SHOWN]) + more)


def unlabelled_rounds(count: int, unit: str) -> str:
    """The note on ``count`` audits (counted in ``unit``: "row" or "file") that name no
    round in a cohort whose other audits do.

    >>> print(unlabelled_rounds(2, "row"))
    2 rows name no round while the others do: each such audit is a round of its own, named by its date; give it the round it belongs to
    """  # noqa: E501
    what = f"{count:,} {unit} names" if count == 1 else f"{count:,} {unit}s name"
    return (f"{what} no round while the others do: each such audit is a round of its own, "
            "named by its date; give it the round it belongs to")


def look_alike_values(schools: SchoolTable) -> str | None:
    """The note on attribute values that differ only in case or spacing (a breakdown shows
    each as a group of its own), or ``None``.

    >>> table = SchoolTable(ids=["1", "2", "3"],
    ...                     columns={"local_authority": ["North", "north", "South"]})
    >>> print(look_alike_values(table))
    local_authority has values that differ only in case or spacing, each a group of its own in a breakdown: 'North' (1 school), 'north' (1 school)
    """  # noqa: E501
    found = []
    for name in schools.attribute_names:
        if name in ("id", "name"):  # names are not groups
            continue
        counts = Counter(v for v in schools.attribute(name) if v is not None)
        alike: dict[str, list[str]] = {}
        for value in counts:
            alike.setdefault(" ".join(value.casefold().split()), []).append(value)
        for values in alike.values():
            if len(values) > 1:
                listed = ", ".join(f"{v!r} ({counts[v]} school{'s' if counts[v] != 1 else ''})"
                                   for v in sorted(values))
                found.append(f"{name} has values that differ only in case or spacing, each "
                             f"a group of its own in a breakdown: {listed}")
    return "; ".join(found[:_SHOWN]) or None


def absent_columns(absent: list[str], framework: Framework) -> str:
    """The note on a wide CSV with no column for the characteristics ``absent``.

    >>> from primary_benchmarks.formats.loading import load_framework
    >>> print(absent_columns(["P8.4"], load_framework("ne-primary")))
    no column for 1 of the 40 characteristics of ne-primary@1.0.0 (P8.4): every audit leaves it unrated, which counts at the lowest level; add the column if it was lost (an empty cell is unrated)
    """  # noqa: E501
    shown = ", ".join(absent[:10]) + (f" and {len(absent) - 10} more" if len(absent) > 10
                                      else "")
    one = len(absent) == 1
    return (f"no column for {len(absent)} of the {len(framework.characteristic_ids)} "
            f"characteristics of {framework.ref} ({shown}): every audit leaves "
            f"{'it' if one else 'them'} unrated, which counts at the lowest level; add the "
            f"column{'' if one else 's'} if {'it was' if one else 'they were'} lost (an empty "
            "cell is unrated)")
