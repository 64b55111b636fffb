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
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ..errors import ModelError
from .changes import ChangeTable
from .checks import check_finite, check_id, check_text
from .rules import All, MinScore, Rule, walk_rule
from .scale import MAX_LEVELS, Scale
from .version import FRAMEWORK_ID_PATTERN, FrameworkRef, Version

__all__ = [
    "MAX_BENCHMARKS",
    "MAX_CHARACTERISTICS",
    "MAX_LEVELS",
    "STATES",
    "Benchmark",
    "Characteristic",
    "Framework",
    "Status",
]

_FRAMEWORK_ID: Final = re.compile(FRAMEWORK_ID_PATTERN)

#: The life-cycle states of a framework version.
STATES = ("draft", "interim", "accepted", "deprecated")

#: The most characteristics a framework may have (their codes are stored in 16 bits).
MAX_CHARACTERISTICS: Final = 10_000
#: The most benchmarks a framework may have.
MAX_BENCHMARKS: Final = 1_000


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


def _characteristics(value: Iterable[Characteristic]) -> tuple[Characteristic, ...]:
    return tuple(value)


def _benchmarks(value: Iterable[Benchmark]) -> tuple[Benchmark, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return _freeze(dict(value or {}))  # type: ignore[no-any-return]


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

    def __attrs_post_init__(self) -> None:
        check_id("Characteristic", "id", self.id)
        check_text("Characteristic", "text", self.text)
        check_text("Characteristic", "guidance", self.guidance, optional=True)
        check_finite("Characteristic", "weight", self.weight, non_negative=True)
        for tag in self.tags:
            check_text("Characteristic", "tags", tag)


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
    #: The benchmark's weight beside the others, as XCCDF weighs groups (used by the
    #: ``xccdf-default`` scoring model; see docs/scoring.md). Positive; default 1.
    weight: float = 1.0
    rule: Rule = attrs.field(factory=All)
    characteristics: tuple[Characteristic, ...] = attrs.field(converter=_characteristics)
    #: Where the benchmark comes from in an adapted framework (see ``Characteristic.origin``).
    origin: str | None = None

    def __attrs_post_init__(self) -> None:
        check_id("Benchmark", "id", self.id)
        check_text("Benchmark", "title", self.title)
        check_finite("Benchmark", "weight", self.weight, positive=True)
        if not self.characteristics:
            raise ModelError.of("Benchmark.characteristics", "invalid-value",
                                f"benchmark {self.id!r} needs at least one characteristic")
        seen: set[str] = set()
        for c in self.characteristics:
            if not isinstance(c, Characteristic):
                raise ModelError.of("Benchmark.characteristics", "wrong-type",
                                    f"expected a Characteristic, got {type(c).__name__}")
            if c.id in seen:
                raise ModelError.of("Benchmark.characteristics", "duplicate-id",
                                    f"{c.id!r} is defined twice in benchmark {self.id!r}")
            seen.add(c.id)
        if all(c.weight == 0 for c in self.characteristics):
            raise ModelError.of("Benchmark.characteristics", "invalid-value",
                                f"every characteristic of benchmark {self.id!r} weighs 0: "
                                "give at least one a positive weight (a weight-0 "
                                "characteristic is rated and shown, but scored by no "
                                "weighted model)")
        weightless = {c.id for c in self.characteristics if c.weight == 0}
        for part in walk_rule(self.rule):
            for cid in getattr(part, "of", None) or ():
                if cid not in seen:
                    raise ModelError.of("Benchmark.rule", "unknown-characteristic",
                                        f"{cid!r} is not a characteristic of benchmark "
                                        f"{self.id!r}")
            if isinstance(part, MinScore) and set(part.of or seen) <= weightless:
                raise ModelError.of("Benchmark.rule", "impossible-rule",
                                    f"a min_score rule of benchmark {self.id!r} scores only "
                                    "characteristics of weight 0, so it can never be met")

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

    def __attrs_post_init__(self) -> None:
        if self.state not in STATES:
            raise ModelError.of("Status.state", "invalid-value",
                                f"{self.state!r} is not a state (states: {', '.join(STATES)})")
        if self.date is not None and (not isinstance(self.date, _dt.date)
                                      or isinstance(self.date, _dt.datetime)):
            raise ModelError.of("Status.date", "wrong-type", f"expected a date, got "
                                f"{type(self.date).__name__} {self.date!r}")


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
    #: What the framework calls the institutions it audits ("school", "college",
    #: "provider"): reports use it (and its plural, :attr:`institutions`).
    institution: str = "school"
    adapted_from: str | None = None
    description: str | None = None
    migration: ChangeTable | None = None
    extensions: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze_mapping,
                                                hash=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not _FRAMEWORK_ID.fullmatch(self.id):
            raise ModelError.of("Framework.id", "invalid-value", f"{self.id!r} is not a "
                                "framework id such as 'ne-primary'")
        Version(self.version)
        for name in ("title", "publisher", "provenance", "institution"):
            check_text("Framework", name, getattr(self, name))
        if not isinstance(self.status, Status):
            raise ModelError.of("Framework.status", "wrong-type", "expected a Status")
        if not isinstance(self.scale, Scale):
            raise ModelError.of("Framework.scale", "wrong-type", "expected a Scale")
        if not self.benchmarks:
            raise ModelError.of("Framework.benchmarks", "invalid-value",
                                "a framework needs at least one benchmark")
        seen: dict[str, str] = {}
        levels = set(self.scale.ids)
        na = self.scale.not_applicable
        for b in self.benchmarks:
            if not isinstance(b, Benchmark):
                raise ModelError.of("Framework.benchmarks", "wrong-type",
                                    f"expected a Benchmark, got {type(b).__name__}")
            pairs = [(b.id, "benchmark"), *((c.id, "characteristic")
                                            for c in b.characteristics)]
            for item_id, what in pairs:
                if item_id in seen:
                    raise ModelError.of("Framework.benchmarks", "duplicate-id",
                                        f"{item_id!r} is both a {seen[item_id]} and a {what}"
                                        if seen[item_id] != what else
                                        f"{what} {item_id!r} is defined twice")
                seen[item_id] = what
            for part in walk_rule(b.rule):
                level = getattr(part, "level", None)
                if level is not None and (level not in levels
                                          or (na is not None and level == na.id)):
                    raise ModelError.of("Framework.benchmarks", "unknown-level",
                                        f"the rule of {b.id!r} counts at {level!r}, which is "
                                        "not an applicable level of the scale")

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

    def institution_count(self, n: int) -> str:
        """``n`` institutions in words: "1 school", "70 schools".

        >>> import primary_benchmarks as pb
        >>> fw = pb.load_framework("ne-primary")
        >>> fw.institution_count(1), fw.institution_count(70)
        ('1 school', '70 schools')
        """
        return f"{n:,} {self.institution if n == 1 else self.institutions}"

    @property
    def institutions(self) -> str:
        """The plural of :attr:`institution` ("schools", "colleges", "academies").

        >>> import primary_benchmarks as pb
        >>> pb.load_framework("ne-primary").institutions
        'schools'
        """
        noun = self.institution
        if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
            return noun[:-1] + "ies"
        return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")

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
