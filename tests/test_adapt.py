"""Overlays: every change, stacking and precedence, conflicts, cycles, unknown ids, and
where each resolved item came from."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from primary_benchmarks import LoadError, load_framework, loads_framework
from primary_benchmarks.cli import main
from primary_benchmarks.formats import dumps_framework
from primary_benchmarks.model import AtLeast

ROOT = Path(__file__).resolve().parents[1]
ADAPTED = ROOT / "examples" / "adapted"
HEAD = """schema: primary-benchmarks/framework/v1
id: test-overlay
version: "1.0.0"
title: An overlay
publisher: Tests
status: {state: draft}
provenance: Tests.
extends: ne-primary@1.0.0
changes:
"""


def _overlay(changes: str) -> str:
    return HEAD + changes


def test_every_change_kind() -> None:
    fw = load_framework(ADAPTED / "frameworks" / "tees-valley.yaml")
    base = load_framework("ne-primary@1.0.0")
    assert fw.adapted_from == "ne-primary@1.0.0"
    assert fw.characteristic("P2.3").text.endswith("in the Tees Valley.")
    assert fw.benchmark("P5").characteristic_ids == ("P5.1", "P5.2", "P5.6", "P5.3", "P5.4",
                                                     "P5.5")
    assert "P6.4" not in fw.characteristic_ids
    assert fw.benchmark("P6").rule == AtLeast(percent=Decimal(75))
    assert fw.characteristic("P4.3").weight == 2
    assert [b.id for b in fw.benchmarks] == [*(b.id for b in base.benchmarks), "TV9"]
    assert fw.characteristic("P1.1").text == base.characteristic("P1.1").text
    assert fw.characteristic("P1.1").origin == "ne-primary@1.0.0"


def test_origins_say_where_each_item_came_from() -> None:
    fw = load_framework(ADAPTED / "frameworks" / "stockton-hub.yaml")
    assert fw.characteristic("P1.1").origin == "ne-primary@1.0.0"
    assert fw.characteristic("P2.3").origin == (
        "ne-primary@1.0.0; changed text by tees-valley-primary@1.0.0; "
        "changed text by stockton-hub-primary@0.1.0")
    assert fw.characteristic("P5.6").origin == "added by tees-valley-primary@1.0.0"
    assert fw.benchmark("TV9").origin == ("added by tees-valley-primary@1.0.0; changed rule by "
                                          "stockton-hub-primary@0.1.0")
    assert fw.benchmark("P1").origin == "ne-primary@1.0.0"
    assert fw.characteristic("P2.3").text.endswith("in Stockton.")  # the outer overlay wins
    assert "P8.4" not in fw.characteristic_ids


def test_resolved_framework_is_ordinary(tmp_path: Path) -> None:
    fw = load_framework(ADAPTED / "frameworks" / "stockton-hub.yaml")
    text = dumps_framework(fw)
    assert "extends" not in text
    assert loads_framework(text) == fw
    out = io.StringIO()
    assert main(["resolve", str(ADAPTED / "frameworks" / "stockton-hub.yaml")], out=out) == 0
    assert out.getvalue() == text


def test_insert_after_and_set_scale() -> None:
    fw = loads_framework(_overlay(
        "  - add_benchmark: {id: N1, title: New, characteristics: [{id: N1.1, text: One}]}\n"
        "    after: P1\n"
        "  - remove_benchmark: P7\n"
        "  - set_scale:\n"
        "      - {id: never, label: Never, value: 0}\n"
        "      - {id: sometimes, label: Sometimes, value: 1}\n"
        "      - {id: always, label: Always, value: 2, achieved: true}\n"
        "      - {id: na, label: Not applicable, not_applicable: true}\n"))
    assert [b.id for b in fw.benchmarks] == ["P1", "N1", "P2", "P3", "P4", "P5", "P6", "P8"]
    assert fw.benchmark("N1").origin == "added by test-overlay@1.0.0"
    assert fw.scale.ids == ("never", "sometimes", "always", "na")


def _issues(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        loads_framework(text, source="o.yaml")
    return [str(i) for i in info.value.issues]


def test_unknown_ids_are_errors_with_positions() -> None:
    assert _issues(_overlay("  - change_characteristic: P1.99\n    text: x\n")) == [
        "o.yaml:10:28: $.changes[0].change_characteristic: 'P1.99' is not a characteristic of "
        "ne-primary@1.0.0 [unknown-characteristic]"]
    assert _issues(_overlay("  - change_benchmark: Q1\n    title: x\n")) == [
        "o.yaml:10:23: $.changes[0].change_benchmark: 'Q1' is not a benchmark of "
        "ne-primary@1.0.0 [unknown-benchmark]"]


def test_a_removed_item_cannot_be_changed_later() -> None:
    assert _issues(_overlay("  - remove_characteristic: P1.1\n"
                            "  - change_characteristic: P1.1\n    text: x\n")) == [
        "o.yaml:11:28: $.changes[1].change_characteristic: 'P1.1' is not a characteristic of "
        "ne-primary@1.0.0; this overlay removed it at $.changes[0] [unknown-characteristic]"]


def test_override_allows_replacing_an_inner_change() -> None:
    text = HEAD.replace("extends: ne-primary@1.0.0", "extends: tees-valley.yaml") + (
        "  - change_characteristic: P2.3\n    text: Mine.\n")
    here = ADAPTED / "frameworks"
    with pytest.raises(LoadError) as info:
        loads_framework(text, source="o.yaml", base_dir=here)
    assert info.value.codes == ("conflict",)
    fw = loads_framework(text + "    override: true\n", base_dir=here)
    assert fw.characteristic("P2.3").text == "Mine."


def test_extends_paths_stay_inside_the_root(tmp_path: Path) -> None:
    text = HEAD.replace("extends: ne-primary@1.0.0", "extends: ../frameworks/tees-valley.yaml")
    with pytest.raises(LoadError) as info:  # by default the root is the overlay's own folder
        loads_framework(text + "  []\n", base_dir=ADAPTED / "stockton-hub")
    assert info.value.codes == ("path-escape",)
    fw = loads_framework(text + "  []\n", base_dir=ADAPTED / "stockton-hub", root=ADAPTED)
    assert fw.adapted_from == "tees-valley-primary@1.0.0"


def test_a_changed_rule_must_still_be_valid() -> None:
    issues = _issues(_overlay("  - change_benchmark: P1\n    rule: {at_least: 9}\n"))
    assert issues == ["o.yaml:10:5: $.changes[0]: the framework this change produces fails a "
                      "check at $.benchmarks[0].rule.at_least: asks for 9 characteristics but "
                      "only 5 belong to benchmark P1 [impossible-rule]"]


def test_relative_extends_with_base_dir(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        (ROOT / "tests" / "data" / "frameworks" / "valid" / "minimal.yaml").read_text())
    text = HEAD.replace("extends: ne-primary@1.0.0", "extends: base.yaml") + (
        "  - remove_characteristic: B1.2\n")
    fw = loads_framework(text, base_dir=tmp_path)  # the default root is tmp_path itself
    assert fw.characteristic_ids == ("B1.1",)
    assert fw.adapted_from == "broken@1.0.0"


def test_example_audits_validate_and_report() -> None:
    for folder in ("tees-valley", "stockton-hub"):
        framework = str(ADAPTED / "frameworks" / f"{folder}.yaml")
        out = io.StringIO()
        assert main(["validate", "--strict", "--framework", framework,
                     str(ADAPTED / folder / "audits")], out=out) == 0, out.getvalue()
        out = io.StringIO()
        assert main(["report", str(ADAPTED / folder / "audits"), "--framework", framework,
                     "--format", "json"], out=out, err=io.StringIO()) == 0
