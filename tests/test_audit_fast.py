"""The fast path for clean audit files never disagrees with the strict reader.

Whatever :func:`read_clean_audit` accepts, the strict reader accepts with the same
values; it gives up on anything else (the strict reader then reports it). And a folder
read in several processes gives the same load as one read in one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.engine import AuditEntry
from primary_benchmarks.formats import cohort_io
from primary_benchmarks.formats.audit_fast import read_clean_audit
from primary_benchmarks.formats.audit_io import check_audit_text

DATA = Path(__file__).parent / "data"
FW = pb.load_framework("ne-primary")
IDS = FW.characteristic_ids


def _slow(data: bytes, framework: pb.Framework | None = None) -> AuditEntry | None:
    audit, _ = check_audit_text(data, "t.yaml", framework=framework)
    return None if audit is None else AuditEntry.of(audit)


def _fast(data: bytes, framework: pb.Framework | None = None) -> AuditEntry | None:
    found = read_clean_audit(data, framework=framework, load=pb.load_framework)
    return None if found is None else found[0]


def _agree(data: bytes, framework: pb.Framework | None = None) -> AuditEntry | None:
    fast = _fast(data, framework)
    if fast is not None:
        assert _slow(data, framework) == fast
    return fast


CLEAN = (b"schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"
         b"school:\n  id: \"100001\"\n  name: Example Primary\n  local_authority: Durham\n"
         b"date: 2019-07-15\nround: baseline\nassessor: Careers Leader\nratings:\n"
         + b"".join(f"  {c}: fully\n".encode() for c in IDS if c.startswith("P1."))
         + b"  P2.1: {level: partially, note: Booked for June.}\n")


def test_a_clean_file_takes_the_fast_path_with_the_strict_values() -> None:
    entry = _agree(CLEAN)
    assert entry is not None
    assert entry.school.id == "100001"
    assert entry.round == "baseline"
    assert entry.date == dt.date(2019, 7, 15)
    assert entry.levels["P2.1"] == "partially"
    assert _agree(CLEAN, FW) == entry


@pytest.mark.parametrize("change", [
    (b"id: \"100001\"", b"id: 100001"),                   # a number where text is wanted
    (b"date: 2019-07-15", b"date: \"2019-07-15\""),       # quoted date
    (b"date: 2019-07-15", b"date: 2019-02-30"),           # not a real date
    (b"date: 2019-07-15", b"date: 2019-07-15 10:00:00"),  # a time of day
    (b"P1.1: fully", b"P1.1: Fully"),                     # not a level id
    (b"P1.1: fully", b"P1.1: no"),                        # YAML 1.1 boolean
    (b"P1.1: fully", b"P9.9: fully"),                     # unknown characteristic
    (b"P1.2: fully", b"P1.1: fully"),                     # duplicate key
    (b"round: baseline", b"round: &r baseline"),          # anchor
    (b"round: baseline", b"round: !!str baseline"),       # tag
    (b"round: baseline", b"round: baseline\nextra: 1"),   # unknown key
    (b"name: Example Primary", b"name: [a, b]"),          # wrong shape
    (b"framework: ne-primary@1.0.0", b"framework: gatsby@1.0.0"),  # the other framework
    (b"schema: primary-benchmarks/audit/v1", b"schema: x"),
    (b"assessor: Careers Leader", b"assessor: \"\""),
    (b"  id: \"100001\"\n", b""),                         # no school id
])
def test_anything_not_plainly_clean_takes_the_strict_path(change: tuple[bytes, bytes]) -> None:
    data = CLEAN.replace(*change, 1)
    assert data != CLEAN
    assert _agree(data, FW) is None


def test_bytes_the_fast_path_leaves_alone() -> None:
    assert _fast(b"\xff\xfe" + CLEAN) is None
    assert _fast(b"[" * 30_000 + b"]" * 30_000) is None  # deep: never composed here
    assert _fast(CLEAN + b"---\n" + CLEAN) is None        # two documents
    assert _fast(CLEAN.replace(b"fully", b"fully\t", 1)) == _slow(
        CLEAN.replace(b"fully", b"fully\t", 1))


def test_every_corpus_audit_agrees() -> None:
    taken = 0
    for path in sorted(DATA.rglob("*.y*ml")):
        data = path.read_bytes()
        for framework in (None, FW):
            try:
                if _agree(data, framework) is not None:
                    taken += 1
            except pb.LoadError:
                pass
    assert taken > 0


_CLEAN_TEXT = st.sampled_from(["x", "Ysgol Gymraeg Caerdydd", "St Mary's", "S1", "Y1 end"])
_ODD_TEXT = st.sampled_from(["  padded ", "yes", "no", "null", "~", "1.0", "0x1f", "010",
                             "2019-07-15", "", "a: b", "# not", "\u00e9cole", "e\u0301",
                             "\u200b", "a\u202eb", "x" * 600, "a\tb", "line\nbreak"])
_TEXT = st.one_of(_CLEAN_TEXT, _CLEAN_TEXT, _ODD_TEXT, st.text(max_size=12))
_LEVEL = st.one_of(st.sampled_from(["fully", "partially", "not"]),
                   st.sampled_from(["Fully", "no", "full", "fully ", "", "n"]),
                   st.text(max_size=6))


def _scalar(text: str, style: int) -> str:
    if style == 0:
        return text
    if style == 1:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + text.replace("'", "''") + "'"


@given(school_id=_TEXT, name=_TEXT, round_label=_TEXT, date=st.sampled_from(
           ["2019-07-15", "2020-07-01", "2019-7-15", "2020-02-30", "'2019-07-15'",
            "2019-07-15T10:00:00", "20190715", "null"]),
       styles=st.lists(st.integers(0, 2), min_size=3, max_size=3),
       ratings=st.lists(st.tuples(st.sampled_from([*IDS[:6], "P9.9", "p1.1"]), _LEVEL,
                                  st.integers(0, 2), st.sampled_from(["", " # c", "x"])),
                        max_size=6))
def test_generated_audits_agree(school_id: str, name: str, round_label: str, date: str,
                                styles: list[int], ratings: list[tuple[str, str, int, str]]
                                ) -> None:
    lines = ["schema: primary-benchmarks/audit/v1", "framework: ne-primary@1.0.0",
             "school:", f"  id: {_scalar(school_id, styles[0])}",
             f"  name: {_scalar(name, styles[1])}", f"date: {date}",
             f"round: {_scalar(round_label, styles[2])}", "ratings:"]
    lines += [f"  {cid}: {_scalar(level, style)}{tail if tail != 'x' else ''}"
              if tail != "x" else f"  {cid}: {{level: {_scalar(level, style)}}}"
              for cid, level, style, tail in ratings]
    if not ratings:
        lines[-1] = "ratings: {}"
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    _agree(data)
    _agree(data, FW)


def _write_folder(folder: Path, count: int) -> None:
    for i in range(count):
        text = CLEAN.replace(b'"100001"', f'"S{i // 2}"'.encode())
        if i % 2:
            text = text.replace(b"baseline", b"end of Y1").replace(b"2019-07-15", b"2020-07-15")
        if i % 7 == 0:
            text = text.replace(b"P1.1: fully", b"P1.1: Fully")  # refused, reported
        if i % 11 == 0:
            text = text.replace(b"Durham", b"Durham & Sunderland")  # strict path, accepted
        (folder / f"a{i:03}.yaml").write_bytes(text)


def test_a_folder_read_in_several_processes_loads_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_folder(tmp_path, 40)
    one = pb.load_cohort(tmp_path)
    monkeypatch.setattr(cohort_io, "_PARALLEL_FROM", 2)
    two = pb.load_cohort(tmp_path, jobs=2)
    assert (one.read, one.accepted, one.refused) == (two.read, two.accepted, two.refused)
    assert (one.read, one.refused) == (40, 6)
    assert one.problems == two.problems
    assert one.cohort.schools == two.cohort.schools
    assert (one.cohort.codes == two.cohort.codes).all()
    assert one.cohort.round_labels == two.cohort.round_labels


def test_a_folder_loads_the_same_with_and_without_the_fast_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_folder(tmp_path, 30)
    fast = pb.load_cohort(tmp_path)
    monkeypatch.setattr(cohort_io, "_FAST", False)
    slow = pb.load_cohort(tmp_path)
    assert fast.problems == slow.problems
    assert fast.cohort.schools == slow.cohort.schools
    assert (fast.cohort.codes == slow.cohort.codes).all()


@given(school_id=_CLEAN_TEXT, name=_CLEAN_TEXT, round_label=_CLEAN_TEXT,
       styles=st.lists(st.integers(0, 2), min_size=3, max_size=3),
       ratings=st.dictionaries(st.sampled_from(IDS), st.tuples(
           st.sampled_from(["fully", "partially", "not"]), st.integers(0, 2),
           st.booleans()), max_size=40))
def test_clean_generated_audits_take_the_fast_path(
        school_id: str, name: str, round_label: str, styles: list[int],
        ratings: dict[str, tuple[str, int, bool]]) -> None:
    lines = ["schema: primary-benchmarks/audit/v1", "framework: ne-primary@1.0.0",
             "school:", f"  id: {_scalar(school_id, max(styles[0], 1))}",
             f"  name: {_scalar(name, styles[1])}", "date: 2020-07-01",
             f"round: {_scalar(round_label, styles[2])}", "ratings:" if ratings else
             "ratings: {}"]
    lines += [f"  {cid}: {{level: {_scalar(level, style)}, note: ok}}" if as_map else
              f"  {cid}: {_scalar(level, style)}"
              for cid, (level, style, as_map) in ratings.items()]
    data = ("\n".join(lines) + "\n").encode()
    entry = _agree(data)
    assert entry is not None
    assert dict(entry.levels) == {cid: level for cid, (level, _, _) in ratings.items()}
