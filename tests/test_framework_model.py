"""The framework model, references, versions and the bundled registry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from primary_benchmarks import FrameworkRef, LoadError, load_framework
from primary_benchmarks.errors import FrameworkNotFoundError
from primary_benchmarks.formats import bundled_frameworks
from primary_benchmarks.model import AllOf, AnyOf, AtLeast, MinScore, Version

VALID = Path(__file__).parent / "data" / "frameworks" / "valid"


def test_bundled_frameworks_are_listed_in_order() -> None:
    assert [str(i.ref) for i in bundled_frameworks()] == [
        "gatsby@1.0.0", "gatsby@2.0.0", "gatsby-colleges@1.0.0", "gatsby-colleges@2.0.0",
        "ne-primary@1.0.0"]


def test_id_alone_means_highest_version() -> None:
    assert load_framework("gatsby").version == "2.0.0"
    assert load_framework("gatsby@1.0.0").version == "1.0.0"


def test_unknown_reference() -> None:
    with pytest.raises(FrameworkNotFoundError) as info:
        load_framework("gatsby@9.0.0")
    assert info.value.codes == ("not-found",)
    assert isinstance(info.value, LookupError)


def test_ne_primary_shape_and_provenance() -> None:
    fw = load_framework("ne-primary")
    assert [len(b.characteristics) for b in fw.benchmarks] == [5, 5, 5, 7, 5, 5, 4, 4]
    assert len(fw.characteristics) == 40
    assert "reconstruction" in fw.provenance
    assert fw.scale.ids == ("not", "partially", "fully")
    assert fw.adapted_from == "gatsby@1.0.0"
    assert fw.benchmark_of("P4.3").id == "P4"
    with pytest.raises(KeyError):
        fw.benchmark("P4.3")
    with pytest.raises(KeyError):
        fw.characteristic("P4")


def test_gatsby_versions_differ() -> None:
    old, new = load_framework("gatsby@1.0.0"), load_framework("gatsby@2.0.0")
    renamed = [(a.title, b.title) for a, b in zip(old.benchmarks, new.benchmarks, strict=True)
               if a.title != b.title]
    assert renamed == [("Addressing the needs of each pupil",
                        "Addressing the needs of each young person")]  # the 2024 refresh
    assert old.characteristic_ids != new.characteristic_ids
    assert "2024" in new.provenance
    assert old.status.state == "deprecated"


def test_models_are_frozen() -> None:
    fw = load_framework("ne-primary")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fw.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        fw.extensions["x"] = 1  # type: ignore[index]
    changed = attrs.evolve(fw, title="Adapted")
    assert changed.title == "Adapted"
    assert fw.title != "Adapted"


def test_every_rule_form_loads() -> None:
    fw = load_framework(VALID / "rules.yaml")
    assert fw.benchmark("B").rule == AtLeast(count=2, level="some", of=("B.1", "B.3"))
    assert fw.benchmark("C").rule == AnyOf(rules=(
        AtLeast(percent=Decimal(75)),
        AllOf(rules=(MinScore(score=2.5), AtLeast(count=1, of=("C.1",))))))
    assert fw.scale.achieved_ids == ("most", "all")
    assert fw.scale.not_applicable is not None
    assert fw.scale.not_applicable.id == "na"
    assert fw.scale.rank("na") == -1
    assert fw.scale.rank("all") == 3
    assert fw.extensions["x-tool"]["order"] == (1, 2)
    assert fw.characteristic("A.2").weight == 2.0


def test_scale_nothing_assumes_three_levels() -> None:
    fw = load_framework(VALID / "minimal.yaml")
    assert len(fw.scale) == 2
    assert fw.scale.lowest.id == "not"
    assert fw.scale.highest.id == "fully"


@pytest.mark.parametrize(("text", "ok"), [
    ("1.0.0", True), ("0.1.0-draft.1", True), ("2.10.3+build.5", True),
    ("1.0", False), ("01.0.0", False), ("1.0.0-", False), ("v1.0.0", False)])
def test_versions(text: str, ok: bool) -> None:
    if ok:
        assert str(Version.parse(text)) == text
    else:
        with pytest.raises(LoadError) as info:
            Version.parse(text)
        assert info.value.codes == ("bad-version",)


def test_version_order() -> None:
    texts = ["1.0.0", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0-alpha", "0.9.9", "1.10.0", "1.2.0"]
    ordered = [str(v) for v in sorted(Version.parse(t) for t in texts)]
    assert ordered == ["0.9.9", "1.0.0-alpha", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0", "1.2.0",
                       "1.10.0"]


@pytest.mark.parametrize("text", ["NE-primary", "ne_primary@1.0.0", "ne-primary@1", "x@"])
def test_bad_references(text: str) -> None:
    with pytest.raises(LoadError) as info:
        FrameworkRef.parse(text)
    assert info.value.codes == ("bad-reference",)


@pytest.mark.parametrize("module", ["primary_benchmarks", "primary_benchmarks.model",
                                    "primary_benchmarks.engine", "primary_benchmarks.formats",
                                    "primary_benchmarks.analysis", "primary_benchmarks.output",
                                    "primary_benchmarks.errors"])
def test_every_public_name_resolves_and_is_documented(module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    assert mod.__doc__
    for name in mod.__all__:
        value = getattr(mod, name)
        if callable(value) and not name.startswith("__"):
            assert value.__doc__, name
    assert not hasattr(mod, "nothing")


def test_the_top_level_holds_the_daily_names_only() -> None:
    import primary_benchmarks as pb

    assert len(pb.__all__) <= 45  # ~40 daily names: tables, a chart, a template, publish
    assert len(set(pb.__all__)) == len(pb.__all__)


def test_public_functions_are_not_shadowed_by_modules() -> None:
    import types

    import primary_benchmarks as pb
    import primary_benchmarks.cli  # imports every submodule
    import primary_benchmarks.output.tidy

    for name in pb.__all__:
        assert not isinstance(getattr(pb, name), types.ModuleType), name
