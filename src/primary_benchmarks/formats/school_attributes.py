"""A school's attributes given more than once (every row of a CSV, every audit file) and
not agreeing: the first is kept, and the load says so in a note.

A school's name, local authority, type or a declared attribute can differ between its
audits: a typo in one file, or a real change (a community school becoming an academy).
A cohort holds one value per school, so breakdowns group each school one way; which way is
never left unsaid.
"""

from __future__ import annotations

__all__ = ["AttributeChanges"]

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
        return (f"{schools} school{' has' if schools == 1 else 's have'} an attribute that "
                "differs between its audits; each school keeps its first value: "
                + "; ".join(listed[:_SHOWN]) + more)
