"""Rating scales: ordered levels, the first level that counts as achieved, and an optional
not-applicable level. Nothing assumes three levels."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import Any, Final

import attrs

from ..errors import ModelError
from .checks import check_finite, check_id, check_text

__all__ = ["MAX_LEVELS", 'Level', 'Scale']

#: The most levels a scale may have (level codes are stored in 8 bits).
MAX_LEVELS: Final = 100


def _check_levels(instance: Any, attribute: Any, value: tuple[Level, ...]) -> None:
    if len(value) > MAX_LEVELS:
        raise ValueError(f"a scale has at most {MAX_LEVELS} levels, not {len(value)}")


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Level:
    """One level of a rating scale.

    ``value`` feeds scores (the mean of level values); ``achieved`` marks the
    first level that counts as achieved (every level above it counts too);
    a ``not_applicable`` level is left out of every count.

    >>> Level(id="fully", label="Fully achieved", value=1.0, achieved=True).id
    'fully'
    """

    id: str
    label: str
    value: float = 0.0
    achieved: bool = False
    not_applicable: bool = False
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        check_id("Level", "id", self.id)
        check_text("Level", "label", self.label)
        check_finite("Level", "value", self.value)
        for name in ("achieved", "not_applicable"):
            if not isinstance(getattr(self, name), bool):
                raise ModelError.of(f"Level.{name}", "wrong-type", "expected true or false")
        if self.achieved and self.not_applicable:
            raise ModelError.of("Level.achieved", "bad-scale",
                                "a not-applicable level cannot also count as achieved")


@attrs.frozen(kw_only=True)
class Scale:
    """An ordered rating scale, lowest level first.

    >>> scale = Scale(levels=(Level(id="no", label="No", value=0),
    ...                       Level(id="yes", label="Yes", value=1, achieved=True),
    ...                       Level(id="na", label="N/A", not_applicable=True)))
    >>> scale.lowest.id, scale.achieved_ids, scale.not_applicable.id
    ('no', ('yes',), 'na')
    >>> scale.rank("yes") > scale.rank("no")
    True
    """

    levels: tuple[Level, ...] = attrs.field(converter=_levels, validator=_check_levels)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i, level in enumerate(self.levels):
            if not isinstance(level, Level):
                raise ModelError.of(f"Scale.levels[{i}]", "wrong-type",
                                    f"expected a Level, got {type(level).__name__}")
            if level.id in seen:
                raise ModelError.of(f"Scale.levels[{i}].id", "duplicate-id",
                                    f"level {level.id!r} is defined twice")
            seen.add(level.id)
        if sum(lv.not_applicable for lv in self.levels) > 1:
            raise ModelError.of("Scale.levels", "bad-scale",
                                "a scale has at most one not-applicable level")
        applicable = [lv for lv in self.levels if not lv.not_applicable]
        if len(applicable) < 2:
            raise ModelError.of("Scale.levels", "bad-scale",
                                "the scale needs at least two applicable levels")
        if not any(lv.achieved for lv in applicable):
            raise ModelError.of("Scale.levels", "bad-scale", "no level has achieved=True; "
                                "mark the first level that counts as achieved")
        for below, above in itertools.pairwise(applicable):
            if above.value <= below.value:
                raise ModelError.of("Scale.levels", "bad-scale",
                                    f"level {above.id!r} (value {above.value:g}) must be "
                                    f"higher than the level below it ({below.value:g})")

    @functools.cached_property
    def ids(self) -> tuple[str, ...]:
        """Level ids in scale order."""
        return tuple(level.id for level in self.levels)

    @functools.cached_property
    def applicable(self) -> tuple[Level, ...]:
        """The levels that are not the not-applicable level, lowest first."""
        return tuple(level for level in self.levels if not level.not_applicable)

    @functools.cached_property
    def not_applicable(self) -> Level | None:
        """The not-applicable level, if the scale has one."""
        return next((level for level in self.levels if level.not_applicable), None)

    @property
    def lowest(self) -> Level:
        """The lowest applicable level: what an unrated characteristic counts as."""
        return self.applicable[0]

    @property
    def highest(self) -> Level:
        """The highest applicable level."""
        return self.applicable[-1]

    @functools.cached_property
    def achieved_ids(self) -> tuple[str, ...]:
        """Ids of the levels that count as achieved: the first ``achieved`` one and above."""
        first = next(i for i, lv in enumerate(self.applicable) if lv.achieved)
        return tuple(lv.id for lv in self.applicable[first:])

    def level(self, level_id: str) -> Level:
        """The level with this id; ``KeyError`` if there is none."""
        return self.levels[self._index[level_id]]

    def rank(self, level_id: str) -> int:
        """Position among the applicable levels (0 = lowest); -1 for not applicable."""
        return self._rank[level_id]

    def is_achieved(self, level_id: str) -> bool:
        """Whether a rating at ``level_id`` counts as achieved."""
        return level_id in self.achieved_ids

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {lv.id: i for i, lv in enumerate(self.levels)}

    @functools.cached_property
    def _rank(self) -> dict[str, int]:
        ranks = {lv.id: i for i, lv in enumerate(self.applicable)}
        if self.not_applicable is not None:
            ranks[self.not_applicable.id] = -1
        return ranks

    def __len__(self) -> int:
        return len(self.levels)
