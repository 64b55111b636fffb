"""The framework model: benchmarks, characteristics, the rating scale and rules.

Models are frozen; change them with :func:`attrs.evolve`. Nothing here
assumes eight benchmarks, three levels or one country.

>>> from primary_benchmarks import load_framework
>>> fw = load_framework("ne-primary@1.0.0")
>>> fw
Framework('ne-primary@1.0.0': 8 benchmarks, 40 characteristics, 3 levels)
>>> fw.benchmark("P4").title
'Linking curriculum learning to careers'
>>> fw.scale.achieved_ids
('fully',)
"""

from __future__ import annotations

import datetime as _dt
import functools
import types
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from .changes import ChangeTable
from .rules import All, Rule
from .version import FrameworkRef, Version

__all__ = [
    "MAX_BENCHMARKS",
    "MAX_CHARACTERISTICS",
    "MAX_LEVELS",
    "STATES",
    "Benchmark",
    "Characteristic",
    "Framework",
    "Level",
    "Scale",
    "Status",
]

#: The life-cycle states of a framework version.
STATES = ("draft", "interim", "accepted", "deprecated")

#: The most levels a scale may have (level codes are stored in 8 bits).
MAX_LEVELS: Final = 100
#: The most characteristics a framework may have (their codes are stored in 16 bits).
MAX_CHARACTERISTICS: Final = 10_000
#: The most benchmarks a framework may have.
MAX_BENCHMARKS: Final = 1_000


def _check_levels(instance: Any, attribute: Any, value: tuple[Level, ...]) -> None:
    if len(value) > MAX_LEVELS:
        raise ValueError(f"a scale has at most {MAX_LEVELS} levels, not {len(value)}")


def _check_size(instance: Any, attribute: Any, value: tuple[Benchmark, ...]) -> None:
    if len(value) > MAX_BENCHMARKS:
        raise ValueError(f"a framework has at most {MAX_BENCHMARKS:,} benchmarks, "
                         f"not {len(value):,}")
    n = sum(len(b.characteristics) for b in value)
    if n > MAX_CHARACTERISTICS:
        raise ValueError(f"a framework has at most {MAX_CHARACTERISTICS:,} characteristics, "
                         f"not {n:,}")


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return types.MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(value)


def _characteristics(value: Iterable[Characteristic]) -> tuple[Characteristic, ...]:
    return tuple(value)


def _benchmarks(value: Iterable[Benchmark]) -> tuple[Benchmark, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return _freeze(dict(value or {}))  # type: ignore[no-any-return]


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


@attrs.frozen(kw_only=True)
class Characteristic:
    """A checkable statement under a benchmark; the unit an audit rates.

    >>> Characteristic(id="P1.1", text="There is a careers plan.", tags=("KS2",)).weight
    1.0
    """

    id: str
    text: str
    guidance: str | None = None
    weight: float = 1.0
    tags: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    #: Where the item comes from in an adapted framework: the base's ``id@version``,
    #: or the overlay that added or changed it (``None`` in a framework written whole).
    origin: str | None = None


@attrs.frozen(kw_only=True)
class Benchmark:
    """A top-level standard: its characteristics and the rule that says when it is achieved.

    >>> b = Benchmark(id="B1", title="A plan",
    ...               characteristics=(Characteristic(id="B1.1", text="..."),))
    >>> b.rule, b.characteristic_ids
    (All(), ('B1.1',))
    """

    id: str
    title: str
    summary: str | None = None
    rule: Rule = attrs.field(factory=All)
    characteristics: tuple[Characteristic, ...] = attrs.field(converter=_characteristics)
    #: Where the benchmark comes from in an adapted framework (see ``Characteristic.origin``).
    origin: str | None = None

    @property
    def characteristic_ids(self) -> tuple[str, ...]:
        """The ids of this benchmark's characteristics, in order."""
        return tuple(c.id for c in self.characteristics)


@attrs.frozen(kw_only=True)
class Status:
    """Where a framework version is in its life: draft, interim, accepted or deprecated.

    >>> Status(state="accepted", date=_dt.date(2019, 9, 1)).state
    'accepted'
    """

    state: str
    date: _dt.date | None = None


@attrs.frozen(kw_only=True, repr=False)
class Framework:
    """A versioned careers framework. Refer to it as ``id@version``.

    ``extensions`` holds tool-specific data the library carries but does not
    interpret (a read-only mapping).

    >>> import primary_benchmarks as pb
    >>> pb.load_framework("ne-primary").benchmark_of("P5.3").title
    'Encounters with employers and employees'
    """

    id: str
    version: str
    title: str
    publisher: str
    status: Status
    provenance: str
    scale: Scale
    benchmarks: tuple[Benchmark, ...] = attrs.field(converter=_benchmarks,
                                                    validator=_check_size)
    phase: str | None = None
    adapted_from: str | None = None
    description: str | None = None
    migration: ChangeTable | None = None
    extensions: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze_mapping,
                                                hash=False)

    @functools.cached_property
    def ref(self) -> FrameworkRef:
        """This framework's exact reference, ``id@version``."""
        return FrameworkRef(self.id, self.version)

    @property
    def parsed_version(self) -> Version:
        """The version, parsed for ordering."""
        return Version(self.version)

    @functools.cached_property
    def characteristics(self) -> tuple[Characteristic, ...]:
        """Every characteristic of every benchmark, in file order."""
        return tuple(c for b in self.benchmarks for c in b.characteristics)

    @functools.cached_property
    def characteristic_ids(self) -> tuple[str, ...]:
        """Every characteristic id, in file order."""
        return tuple(c.id for c in self.characteristics)

    @functools.cached_property
    def _by_id(self) -> dict[str, tuple[Benchmark, Characteristic | None]]:
        out: dict[str, tuple[Benchmark, Characteristic | None]] = {}
        for b in self.benchmarks:
            out[b.id] = (b, None)
            for c in b.characteristics:
                out[c.id] = (b, c)
        return out

    def benchmark(self, benchmark_id: str) -> Benchmark:
        """The benchmark with this id; ``KeyError`` if there is none."""
        bench, char = self._by_id[benchmark_id]
        if char is not None:
            raise KeyError(benchmark_id)
        return bench

    def characteristic(self, characteristic_id: str) -> Characteristic:
        """The characteristic with this id; ``KeyError`` if there is none.

        >>> from primary_benchmarks import load_framework
        >>> load_framework("ne-primary").characteristic("P1.1").id
        'P1.1'
        """
        char = self._by_id[characteristic_id][1]
        if char is None:
            raise KeyError(characteristic_id)
        return char

    def benchmark_of(self, characteristic_id: str) -> Benchmark:
        """The benchmark a characteristic belongs to."""
        self.characteristic(characteristic_id)
        return self._by_id[characteristic_id][0]

    def _repr_html_(self) -> str:
        from .._html import html_table

        rows = [[b.id, b.title, len(b.characteristics)] for b in self.benchmarks]
        return html_table(["Benchmark", "Title", "Characteristics"], rows,
                          caption=f"{self.ref}: {self.title}")

    def __repr__(self) -> str:
        return (f"Framework('{self.ref}': {len(self.benchmarks)} benchmarks, "
                f"{len(self.characteristics)} characteristics, {len(self.scale)} levels)")
