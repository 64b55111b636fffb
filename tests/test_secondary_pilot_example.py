"""The SYNTHETIC secondary pilot example gives back the evaluation's headline figures."""

from __future__ import annotations

import io
import json
import runpy
from pathlib import Path

from primary_benchmarks.cli import main

FOLDER = Path(__file__).resolve().parents[1] / "examples" / "secondary-pilot"


def _report() -> dict[str, object]:
    out = io.StringIO()
    assert main(["report", str(FOLDER / "audits.csv"), "--format", "json"], out=out,
                err=io.StringIO()) == 0
    doc: dict[str, object] = json.loads(out.getvalue())
    return doc


def test_the_headline_figures() -> None:
    rounds = _report()["rounds"]
    assert isinstance(rounds, list)
    start, _, end = rounds
    assert start["audits"] == end["audits"] == 16
    assert 1 - start["benchmarks_achieved_at_least"][1] == 0.5  # half achieved none
    assert start["benchmarks_achieved_max"] == 3                 # none more than three
    assert end["benchmarks_achieved_at_least"][6] == 14 / 16     # "85%": 14 of 16
    assert end["benchmarks_achieved_histogram"][8] == 3          # three achieved all eight
    assert "SYNTHETIC" in _report()["notes"][0]  # type: ignore[index]


def test_the_generator_reproduces_the_file(tmp_path: Path) -> None:
    module = runpy.run_path(str(FOLDER / "generate.py"))
    module["write"](tmp_path / "audits.csv")
    assert (tmp_path / "audits.csv").read_bytes() == (FOLDER / "audits.csv").read_bytes()
