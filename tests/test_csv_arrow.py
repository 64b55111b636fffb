"""A CSV (wide or long) read by pyarrow gives exactly what the streaming reader gives: the same
cohort, counts, notes and problems, for clean files and for every kind of messy one
(which the fast reader hands back to the streaming reader)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.formats import cohort_io

pytest.importorskip("pyarrow")

FW = pb.load_framework("ne-primary")
LEVELS = ["fully", "partially", "not", "", " fully", "Fully", "fully "]


def _load(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(cohort_io, "_ARROW", fast)
        calls: list[object] = []
        real = cohort_io.read_csv_arrow  # type: ignore[attr-defined]

        def spy(*args: Any) -> Any:
            out = real(*args)
            calls.append(out)
            return out

        m.setattr(cohort_io, "read_csv_arrow", spy)
        try:
            return pb.load_cohort(path, attributes=("hub",)), calls
        except pb.LoadError as exc:
            return str(exc), calls


def _same(a: Any, b: Any) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert (a.problems, a.read, a.accepted, a.refused, a.notes, dict(a.lines)) == (
        b.problems, b.read, b.accepted, b.refused, b.notes, dict(b.lines))
    ca, cb = a.cohort, b.cohort
    assert ca.schools == cb.schools
    assert ca.round_labels == cb.round_labels
    assert np.array_equal(ca.codes, cb.codes)
    assert np.array_equal(ca.school_index, cb.school_index)
    assert np.array_equal(ca.round_index, cb.round_index)
    assert np.array_equal(ca.dates, cb.dates)


# Values a clean file may hold (spaces, accents, empty cells, conflicts), then messy ones.
_CLEAN = {
    "school": ["S1", "S2", " S3", "S\u00e9", "Se\u0301", "S 4", "#S5"],
    "date": ["2020-07-01", "2021-07-01", " 2020-07-01"],
    "round": ["baseline", "end of Y1", "", " baseline"],
    "attr": ["North", "", "South ", "Nord-\u00c9st"],
    "framework": ["ne-primary@1.0.0", ""],
    "cell": ["fully", "partially", "not", "", " fully", "fully "],
}
_CLEAN["characteristic"] = ["P1.1", "P1.2", " P2.1", "P2.1"]
_CLEAN["level"] = ["fully", "partially", "not", " fully"]
_MESSY = {"school": ["", "S\u200b1"], "date": ["2020-02-30", "soon"], "round": ["r\u200b"],
          "attr": ["La\tX"], "framework": ["gatsby@1.0.0"], "cell": ["Fully", "great"],
          "characteristic": ["P9.9", "p1.1"], "level": ["", "great"]}


@st.composite
def wide_csvs(draw: st.DrawFn) -> bytes:
    cols = ["school", "date", "round", "local_authority", "hub", "framework"]
    kinds = ["school", "date", "round", "attr", "attr", "framework"]
    if draw(st.booleans()):  # a long table: one rating a row
        cols, kinds = [*cols, "characteristic", "level"], [*kinds, "characteristic", "level"]
    else:
        cols, kinds = [*cols, "P1.1", "P1.2", "P2.1"], [*kinds, "cell", "cell", "cell"]
    messy = draw(st.integers(0, 3)) == 0  # a quarter of the files hold some mess

    def value(kind: str) -> str:
        pool = _CLEAN[kind] + (_MESSY[kind] if messy else [])
        return draw(st.sampled_from(pool))

    lines = [",".join(cols)]
    if draw(st.booleans()):
        lines.insert(0, "# exported from a spreadsheet")
    for _ in range(draw(st.integers(0, 8))):
        row = [value(k) for k in kinds]
        shape = draw(st.sampled_from(["ok"] * 6 + (["short", "blank", "quoted", "spaces"]
                                                    if messy else [])))
        if shape == "short":
            row = row[:-1]
        elif shape == "blank":
            row = [""] * len(row) if draw(st.booleans()) else []
        elif shape == "quoted":
            row[3] = '"a,\nb"'
        elif shape == "spaces":
            row = ["   "]
        lines.append(",".join(row))
    end = draw(st.sampled_from(["\n", "\r\n"] + (["\r"] if messy else [])))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    tail = draw(st.sampled_from(["", end] + ([end * 2, end + " "] if messy else [])))
    return bom + (end.join(lines) + tail).encode()


@given(data=wide_csvs())
def test_the_fast_reader_agrees_with_the_streaming_reader(data: bytes, tmp_path_factory: Any
                                                          ) -> None:
    path = tmp_path_factory.mktemp("csv") / "wide.csv"
    path.write_bytes(data)
    mp = pytest.MonkeyPatch()
    try:
        fast, _ = _load(path, True, mp)
        slow, _ = _load(path, False, mp)
    finally:
        mp.undo()
    _same(fast, slow)


def test_a_clean_file_takes_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    path = tmp_path / "clean.csv"
    path.write_text("# a note\nschool,date,round,local_authority,framework,P1.1,P1.2\n"
                    "S1,2020-07-01,baseline,North,ne-primary@1.0.0,fully,not\n"
                    "S1,2021-07-01,end of Y1,,ne-primary@1.0.0,fully,fully\n"
                    "S2,2020-07-01,baseline,,,partially,\n")
    fast, calls = _load(path, True, monkeypatch)
    assert calls
    assert calls[0] is not None
    slow, _ = _load(path, False, monkeypatch)
    _same(fast, slow)
    assert fast.cohort.schools[0].local_authority == "North"  # a later empty cell: no change
    assert fast.notes[0] == "a note"
    assert fast.notes[1].startswith("no column for 38 of the 40 characteristics")


def test_a_messy_file_is_left_to_the_streaming_reader(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "messy.csv"
    path.write_text("school,date,framework,P1.1\nS1,2020-07-01,ne-primary@1.0.0,great\n")
    result, calls = _load(path, True, monkeypatch)
    assert calls == [None]
    assert [p.code for p in result.problems] == ["unknown-level"]
    assert result.problems[0].line == 2


def test_the_pilot_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).parent.parent / "examples" / "pilot" / "audits.csv"
    fast, calls = _load(path, True, monkeypatch)
    assert calls[0] is not None
    _same(fast, _load(path, False, monkeypatch)[0])
