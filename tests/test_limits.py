"""Every documented limit (docs/errors.md), checked at the limit and one past it.

Input at a limit loads and scores exactly; input one past it is refused with the limit's
own problem, never a wrong answer, a crash or a hang.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import primary_benchmarks as pb
from primary_benchmarks import Audit, Benchmark, Characteristic, Framework, LoadError, School
from primary_benchmarks.formats.yaml_reader import MAX_BYTES, MAX_DEPTH
from primary_benchmarks.model.framework import MAX_BENCHMARKS, MAX_CHARACTERISTICS
from primary_benchmarks.model.scale import MAX_LEVELS

from .naive import naive_score
from .test_hostile import _framework

ROOT = Path(__file__).parent.parent
MINIMAL = (ROOT / "tests/data/frameworks/valid/minimal.yaml").read_text()
HEAD = MINIMAL.split("scale:")[0]


def _codes(text: str) -> tuple[str, ...]:
    try:
        pb.loads_framework(text, source="f.yaml")
    except LoadError as error:
        return error.codes
    return ()


def _levels_file(n: int) -> str:
    levels = "".join(f"  - {{id: l{i}, label: L{i}, value: {i}"
                     + (", achieved: true}\n" if i == n - 1 else "}\n") for i in range(n))
    return HEAD + "scale:\n" + levels + MINIMAL.split("achieved: true}\n")[1]


def _chars_file(n_bench: int, n_chars: int) -> str:
    scale = MINIMAL.split("benchmarks:")[0]
    per, extra = divmod(n_chars, n_bench)
    parts = ["benchmarks:\n"]
    for b in range(n_bench):
        parts.append(f"  - id: B{b}\n    title: b\n    characteristics:\n")
        parts.extend(f"      - {{id: C{b}.{c}, text: c}}\n"
                     for c in range(per + (1 if b < extra else 0)))
    return scale + "".join(parts)


def test_levels_in_a_scale() -> None:
    _framework(MAX_LEVELS, 1)
    with pytest.raises(ValueError, match="at most 100 levels"):
        _framework(MAX_LEVELS + 1, 1)
    assert _codes(_levels_file(MAX_LEVELS)) == ()
    assert _codes(_levels_file(MAX_LEVELS + 1)) == ("limit",)


def test_characteristics_in_a_framework() -> None:
    fw = _framework(3, MAX_CHARACTERISTICS)
    assert len(fw.characteristics) == MAX_CHARACTERISTICS
    with pytest.raises(ValueError, match="at most 10,000 characteristics"):
        _framework(3, MAX_CHARACTERISTICS + 1)
    assert _codes(_chars_file(8, MAX_CHARACTERISTICS)) == ()
    assert _codes(_chars_file(8, MAX_CHARACTERISTICS + 1)) == ("limit",)


def test_benchmarks_in_a_framework() -> None:
    fw = _framework(2, 1)
    chars = (Characteristic(id="X", text="x"),)

    def with_benchmarks(n: int) -> Framework:
        benchmarks = tuple(Benchmark(id=f"B{i}", title="b",
                                     characteristics=(Characteristic(id=f"C{i}", text="c"),))
                           for i in range(n - 1))
        return attrs.evolve(fw, benchmarks=(*benchmarks, Benchmark(id="L", title="l",
                                                                characteristics=chars)))

    assert len(with_benchmarks(MAX_BENCHMARKS).benchmarks) == MAX_BENCHMARKS
    with pytest.raises(ValueError, match="at most 1,000 benchmarks"):
        with_benchmarks(MAX_BENCHMARKS + 1)
    assert _codes(_chars_file(MAX_BENCHMARKS, MAX_BENCHMARKS)) == ()
    assert _codes(_chars_file(MAX_BENCHMARKS + 1, MAX_BENCHMARKS + 1)) == ("limit",)


def test_the_largest_framework_loads_from_a_long_csv(tmp_path: Path) -> None:
    fw = _framework(MAX_LEVELS, MAX_CHARACTERISTICS)
    path = tmp_path / "long.csv"
    rows = ["school,date,characteristic,level"] + [
        f"S1,2020-07-01,C{i},l{i % MAX_LEVELS}" for i in range(MAX_CHARACTERISTICS)]
    path.write_text("\n".join(rows) + "\n")
    loaded = pb.load_cohort(path, framework=fw)
    assert loaded.problems == ()
    audit = loaded.cohort.audit(0)
    assert audit.ratings[f"C{MAX_CHARACTERISTICS - 1}"].level == "l99"
    assert pb.score(audit, fw).characteristics_achieved == pytest.approx(
        naive_score(audit, fw)["share"])


def test_yaml_file_size() -> None:
    def sized(n: int) -> str:
        text = MINIMAL.replace("provenance: Tests.", "provenance: 'P'")
        return text.replace("'P'", "'" + "P" * (n - len(text) + 1) + "'")

    at = sized(MAX_BYTES)
    assert len(at.encode()) == MAX_BYTES
    assert _codes(at) == ("invalid-value",)  # read in full: only the text's own limit
    assert _codes(sized(MAX_BYTES + 1)) == ("too-large",)


def test_yaml_nesting_depth() -> None:
    def nested(levels: int) -> str:  # the root mapping is the first level
        return HEAD + "extensions: {x: " + "[" * (levels - 2) + "]" * (levels - 2) + "}\n"

    assert "too-deep" not in _codes(nested(MAX_DEPTH))
    assert _codes(nested(MAX_DEPTH + 1)) == ("too-deep",)


def test_id_length() -> None:
    assert _codes(MINIMAL.replace("B1.1", "B" + "x" * 63)) == ()
    assert _codes(MINIMAL.replace("B1.1", "B" + "x" * 64)) == ("invalid-value",)
    audit = Audit(framework="x@1.0.0", school=School(id="s" * 64), date=dt.date(2020, 1, 1))
    assert len(audit.school.id) == 64
    with pytest.raises(ValueError, match="the limit is 64"):
        School(id="s" * 65)
    with pytest.raises(ValueError, match="the limit is 500"):
        attrs.evolve(audit, round="r" * 501)


def test_numbers_at_and_past_the_limit() -> None:
    base = (ROOT / "tests/data/frameworks/valid/minimal.yaml").read_text()
    ok = base.replace("{id: B1.1, text: First}",
                      "{id: B1.1, text: First, weight: 1000000000000000}")
    assert pb.loads_framework(ok).characteristic("B1.1").weight == 1e15
    with pytest.raises(LoadError) as info:
        pb.loads_framework(ok.replace("1000000000000000}", "1000000000000001}"))
    assert info.value.codes == ("limit",)


def test_overlay_depth_at_and_past_the_limit(tmp_path: Path) -> None:
    head = (ROOT / "tests/data/overlays/broken/base-empty.yaml").read_text().split("extends")[0]

    def stack(depth: int) -> Path:
        folder = tmp_path / str(depth)
        folder.mkdir()
        for i in range(depth):
            base = f"d{i + 1}.yaml" if i + 1 < depth else "ne-primary@1.0.0"
            (folder / f"d{i}.yaml").write_text(
                head.replace("hostile-overlay", f"d{i}") + f"extends: {base}\nchanges: []\n")
        return folder / "d0.yaml"

    assert pb.load_framework(stack(32)).id == "d0"
    with pytest.raises(LoadError) as info:
        pb.load_framework(stack(33))
    assert "limit" in info.value.codes
    assert "more than 32 deep" in str(info.value)


def test_problems_and_suggestions_are_capped() -> None:
    text = ("schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"
            "school: {id: '1'}\ndate: 2020-01-01\nratings:\n"
            + "".join(f"  Q{i}.{j}: fully\n" for i in range(1, 60) for j in range(1, 30)))
    _audit, issues = pb.formats.check_audit_text(text, "a.yaml")
    assert len(issues) == 1_001
    assert issues[-1].code == "too-many-problems"
    assert issues[-1].message == "and 711 more problems (only the first 1,000 are shown)"
    unknown = [i for i in issues if i.code == "unknown-characteristic"]
    assert 50 < sum("did you mean" in i.message for i in unknown[:100]) <= 100
    assert not any("did you mean" in i.message for i in unknown[100:])


def test_csv_cell_and_file_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    head = "school,date,framework,P1.1\n"
    path.write_text(head + "x" * 131_072 + ",2020-01-01,ne-primary@1.0.0,fully\n"
                    + "y" * 131_073 + ",2020-01-01,ne-primary@1.0.0,fully\n")
    loaded = pb.load_cohort(path)
    assert [p.code for p in loaded.problems] == ["invalid-value", "csv-format"]
    assert "longer than 131,072" in loaded.problems[1].message
    size = path.stat().st_size
    assert pb.load_cohort(path, max_bytes=size).read == 2
    with pytest.raises(LoadError) as info:
        pb.load_cohort(path, max_bytes=size - 1)
    assert info.value.codes == ("too-large",)


