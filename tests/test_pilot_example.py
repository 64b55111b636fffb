"""The synthetic pilot example gives back every published figure, read from the JSON report."""

from __future__ import annotations

import io
import json
import runpy
from pathlib import Path
from typing import Any

import pytest

from primary_benchmarks.cli import main

PILOT = Path(__file__).resolve().parents[1] / "examples" / "pilot"
# The seed report's baseline table: benchmark -> (fully, partially, not), in percent.
BASELINE = {"P1": (7, 27, 66), "P2": (5, 33, 61), "P3": (8, 32, 60), "P4": (33, 39, 28),
            "P5": (10, 31, 58), "P6": (13, 34, 54), "P7": (14, 31, 55), "P8": (5, 21, 74)}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    out = io.StringIO()
    assert main(["report", str(PILOT / "audits.csv"), "--format", "json"], out=out,
                err=io.StringIO()) == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_labelled_synthetic(doc: dict[str, Any]) -> None:
    assert "SYNTHETIC" in doc["notes"][0]
    assert "SYNTHETIC" in (PILOT / "README.md").read_text(encoding="utf-8")


def test_baseline_table(doc: dict[str, Any]) -> None:
    baseline = doc["rounds"][0]
    assert (baseline["round"], baseline["date"], baseline["audits"]) == (
        "baseline", "2019-07-15", 70)
    for b in baseline["benchmarks"]:
        levels = b["levels"]
        got = tuple(round(levels[k] * 100) for k in ("fully", "partially", "not"))
        assert got == BASELINE[b["id"]], b["id"]


def test_regional_averages(doc: dict[str, Any]) -> None:
    rounds = doc["rounds"]
    assert [r["round"] for r in rounds] == ["baseline", "end of Y1", "end of Y2"]
    assert [r["date"][:7] for r in rounds] == ["2019-07", "2020-07", "2021-07"]
    assert [round(r["characteristics_achieved"] * 100) for r in rounds] == [13, 39, 65]
    assert [round(r["benchmarks_achieved"], 1) for r in rounds] == [0.0, 0.5, 2.4]


def test_leaders_and_missing_audits(doc: dict[str, Any]) -> None:
    baseline, y1, y2 = doc["rounds"]
    assert y1["benchmarks_achieved_histogram"][8] >= 1     # every characteristic achieved
    assert y2["benchmarks_achieved_histogram"][8] >= 3     # several schools with all eight
    assert (baseline["audits"], y1["audits"], y2["audits"]) == (70, 70, 58)
    strongest = [max(r["benchmarks"], key=lambda b: b["levels"]["fully"])["id"]
                 for r in doc["rounds"]]
    assert strongest == ["P4", "P4", "P4"]                 # benchmark 4 strongest throughout


def test_table_view_has_the_published_layout() -> None:
    out = io.StringIO()
    main(["report", str(PILOT / "audits.csv"), "--format", "markdown"], out=out,
         err=io.StringIO())
    text = out.getvalue()
    assert "| Benchmark | Fully | Partially | Not |\n|---|---|---|---|\n| P1 | 7% | 27% | 66% |" \
        in text
    assert ("| Characteristics fully achieved | 13% | 39% | 65% |\n"
            "| Benchmarks achieved (mean count per school) | 0.0 | 0.5 | 2.4 |") in text


def test_generator_reproduces_the_committed_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    module = runpy.run_path(str(PILOT / "generate.py"))
    target = tmp_path / "audits.csv"
    monkeypatch.setitem(module["main"].__globals__, "OUT", target)
    module["main"]()
    assert target.read_bytes() == (PILOT / "audits.csv").read_bytes()


def test_headline_figures_in_every_output() -> None:
    """The figures evaluations quote: none, at least K, all, the most (issue 14)."""
    import csv as csv_module

    def run(*args: str) -> str:
        out = io.StringIO()
        assert main(["report", str(PILOT / "audits.csv"), *args], out=out, err=io.StringIO()) == 0
        return out.getvalue()

    doc = json.loads(run("--format", "json"))
    y2 = doc["rounds"][2]
    hist = y2["benchmarks_achieved_histogram"]
    assert y2["benchmarks_achieved_at_least"] == [sum(hist[k:]) / sum(hist)
                                                  for k in range(len(hist))]
    assert y2["benchmarks_achieved_at_least"][0] == 1.0
    assert y2["benchmarks_achieved_max"] == 8
    assert doc["rounds"][0]["benchmarks_achieved_max"] == 0
    table = run()
    assert "Schools achieving no benchmark" in table
    assert "Schools achieving at least 6 benchmarks" in table
    assert "Schools achieving all 8 benchmarks" in table
    assert "Most benchmarks achieved by one school" in table
    assert "Schools achieving at least 3 benchmarks" in run("--at-least", "3")
    assert "achieving at least 6 benchmarks" in run("--format", "html")
    rows = list(csv_module.DictReader(io.StringIO(run("--format", "csv"))))
    assert rows[0]["share_at_least_0"] == "1.0"
    assert rows[-1]["benchmarks_achieved_max"] == "8"
    err = io.StringIO()
    assert main(["report", str(PILOT / "audits.csv"), "--at-least", "9"], out=io.StringIO(),
                err=err) == 2
    assert "has 8 benchmarks" in err.getvalue()
