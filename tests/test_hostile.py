"""Trust, round two: no silent wrong answer, nothing dropped, never a traceback.

Each class of failure found by hostile users has pinned files in ``tests/data/*/broken``
(written by ``tests/data/make_hostile.py``); this module adds what files cannot hold
(FIFOs, devices, links, deep stacks, full disks, umasks) and properties over generated
inputs for the open-ended classes: code widths (1), CSV columns (4), line accounting (5),
folder entries (6), one-line output (16) and invisible characters in ids (17).
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks import (
    Audit,
    Benchmark,
    Characteristic,
    Framework,
    Level,
    LoadError,
    Scale,
    School,
)
from primary_benchmarks._text import escape, identifier_problem
from primary_benchmarks.cli import main
from primary_benchmarks.errors import Issue, SaveError, UsageError
from primary_benchmarks.formats.files import atomic_write, read_capped
from primary_benchmarks.model import Status
from primary_benchmarks.model.scale import MAX_LEVELS

from .naive import naive_score
from .test_cohort_properties import _check

ROOT = Path(__file__).parent.parent
PILOT = ROOT / "examples" / "pilot" / "audits.csv"


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(args, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# -- 1. code widths: every scale up to the limit scores exactly ----------------------------

def _framework(n_levels: int, n_chars: int, rule: Any = None) -> Framework:
    levels = tuple(Level(id=f"l{i}", label=f"L{i}", value=float(i),
                         achieved=i == n_levels - 1 or (i == n_levels // 2 and n_levels > 3))
                   for i in range(n_levels))
    chars = tuple(Characteristic(id=f"C{i}", text="c") for i in range(n_chars))
    kwargs = {} if rule is None else {"rule": rule}
    return Framework(id="wide", version="1.0.0", title="t", publisher="p",
                     status=Status(state="draft"), provenance="p", scale=Scale(levels=levels),
                     benchmarks=(Benchmark(id="B", title="b", characteristics=chars, **kwargs),))


@st.composite
def big_scale_cohorts(draw: st.DrawFn) -> tuple[Framework, list[Audit]]:
    n = draw(st.sampled_from([2, 3, 64, 99, MAX_LEVELS]) | st.integers(2, MAX_LEVELS))
    fw = _framework(n, draw(st.integers(1, 6)))
    audits = []
    for s in range(draw(st.integers(1, 4))):
        ratings = {c: f"l{draw(st.integers(0, n - 1))}" for c in fw.characteristic_ids
                   if draw(st.integers(0, 5))}
        audits.append(Audit(framework=fw.ref, school=School(id=f"S{s}"),
                            date=dt.date(2020, 7, 1), round="r", ratings=ratings))
    return fw, audits


@given(big_scale_cohorts())
def test_scales_up_to_the_limit_score_exactly(pair: tuple[Framework, list[Audit]]) -> None:
    fw, audits = pair
    for audit in audits:
        got = pb.score(audit, fw)
        want = naive_score(audit, fw)
        assert got.benchmarks_achieved == want["benchmarks_achieved"]
        assert got.characteristics_achieved == pytest.approx(want["share"])
    _check(fw, audits)  # the cohort path agrees with scoring each audit


# -- 4. CSV columns: every column read or reported -----------------------------------------

_HEADER_NAMES = st.sampled_from(["P1.1", "P1.2", "P1.3a", "P1_3", "name", "type", "hub",
                                 "P1.1\u200b", "Cafe\u0301", "local_authority", " P1.2 ",
                                 "notes", "P1.4\x1b"]) | st.text(min_size=1, max_size=6)


@given(st.lists(_HEADER_NAMES, min_size=1, max_size=6, unique=True),
       st.lists(st.sampled_from(["hub", "notes", "Café"]), unique=True))
def test_every_csv_column_is_read_or_reported(names: list[str], declared: list[str]) -> None:
    import tempfile

    fw = pb.load_framework("ne-primary")
    header = ["school", "date", *names]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        row = ["S1", "2020-01-01", *["fully"] * len(names)]
        import csv

        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, row])
        try:
            loaded = pb.load_cohort(path, framework=fw, attributes=declared)
        except LoadError as exc:  # no characteristic column at all: the whole file refused
            codes = exc.codes
        else:
            codes = ()
    if codes:
        assert "csv-format" in codes
        return
    reported = {p.col for p in loaded.problems
                if p.code == "unknown-column" or (p.line == 1 and p.code == "csv-format")}
    known = {*pb.formats.cohort_io.KNOWN_COLUMNS, *declared, *fw.characteristic_ids}
    for k, name in enumerate(header, start=1):
        clean = unicodedata.normalize("NFC", name.strip())
        blank_reported = not clean  # an unnamed column is reported when it holds a value
        first = [unicodedata.normalize("NFC", h.strip()) for h in header].index(clean) == k - 1
        used = blank_reported or (clean in known and identifier_problem(clean) is None
                                  and first)
        assert used != (k in reported) or (blank_reported and k in reported), (
            name, loaded.problems)


# -- 5. every physical line of a CSV accounted for -----------------------------------------

_CELLS = st.sampled_from(["S1", "S2", "2020-01-01", "2020-07-01", "fully", "not", "", '"',
                          '"a\nb"', "x,y", "r1", "\u200b", "bogus", "ne-primary@1.0.0"])


@given(st.lists(st.lists(_CELLS, min_size=0, max_size=7), max_size=12),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_every_physical_line_is_accounted_for(rows: list[list[str]], end: str,
                                              comments: bool) -> None:
    import tempfile

    text = ("# a note" + end if comments else "") + "school,date,round,P1.1,P1.2" + end
    text += end.join(",".join(r) for r in rows) + (end if rows else "")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_bytes(text.encode())
        try:
            loaded = pb.load_cohort(path, framework=pb.load_framework("ne-primary"))
        except LoadError:
            return
    lines = loaded.lines
    physical = len(re.split(r"\r\n|\r|\n", text)) - (1 if text.endswith(("\n", "\r")) else 0)
    assert lines["lines"] == physical
    assert lines["lines"] == (lines["comments"] + lines["header"] + lines["blank"]
                              + lines["used"] + lines["refused"])
    assert lines["used"] == len(loaded.cohort)
    assert loaded.read == loaded.accepted + loaded.refused


def test_a_stray_quote_is_reported_with_every_line_it_swallowed() -> None:
    loaded = pb.load_cohort(ROOT / "tests/data/csv/broken/stray-quote.csv")
    assert [(p.line, p.code) for p in loaded.problems] == [(5, "csv-format")]
    assert "spans lines 5-24" in loaded.problems[0].message
    assert dict(loaded.lines) == {"lines": 24, "comments": 0, "header": 1, "blank": 0,
                                  "used": 3, "refused": 20}
    assert all("\n" not in s.id for s in loaded.cohort.schools)


# -- 6. folders: every entry loaded, skipped or reported -----------------------------------

_ENTRIES = ["audit.yaml", "AUDIT2.YAML", "audit3.Yml", "notes.txt", "fifo.yaml",
            "dangling.yaml", "loop.yaml", "zero.yaml", "linked-folder", "unreadable",
            "sub/deep.yaml", "link-to-audit.yaml", ".hidden.yaml", "._audit.yaml",
            "~$book.xlsx", ".ipynb_checkpoints/audit-checkpoint.yaml", ".git/x.yaml"]


@given(st.sets(st.sampled_from(_ENTRIES), min_size=1))
def test_every_folder_entry_is_loaded_skipped_or_reported(entries: set[str]) -> None:
    import tempfile

    audit = (ROOT / "tests/data/audits/valid/baseline.yaml").read_text()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "f"
        folder.mkdir()
        expected_loaded, expected_problems, expected_skipped = set(), set(), set()
        expected_hidden = set()
        for i, entry in enumerate(sorted(entries)):
            path = folder / entry
            path.parent.mkdir(exist_ok=True)
            text = audit.replace('"100001"', f'"S{i}"')
            if entry in ("audit.yaml", "AUDIT2.YAML", "audit3.Yml", "sub/deep.yaml"):
                path.write_text(text)
                expected_loaded.add(str(path))
            elif entry == "notes.txt":
                path.write_text("hello")
                expected_skipped.add(str(path))
            elif entry == "fifo.yaml":
                os.mkfifo(path)
                expected_problems.add(str(path))
            elif entry == "dangling.yaml":
                path.symlink_to(folder / "nowhere.yaml")
                expected_problems.add(str(path))
            elif entry == "loop.yaml":
                path.symlink_to(path)
                expected_problems.add(str(path))
            elif entry == "zero.yaml":
                path.symlink_to("/dev/zero")
                expected_problems.add(str(path))
            elif entry == "linked-folder":
                path.symlink_to(Path(name))
                expected_problems.add(str(path))
            elif entry == "unreadable":
                path.mkdir()
                (path / "x.yaml").write_text(text)
                expected_loaded.add(str(path / "x.yaml"))
            elif entry.startswith((".", "~$")):
                # Hidden: a copy of an audit, or the bytes macOS and Excel leave beside one.
                path.write_bytes(text.encode() if "audit" in entry else b"\x00\x05\x16")
                expected_hidden.add(str(folder / entry.split("/")[0]))
            elif entry == "link-to-audit.yaml":
                target = Path(name) / "outside.yaml"
                target.write_text(text.replace(f'"S{i}"', '"OUT"'))
                path.symlink_to(target)
                expected_loaded.add(str(path))
        try:
            loaded = pb.load_cohort(folder)
        except LoadError as exc:
            refused: set[str | None] = {i.file for i in exc.issues}
        else:
            refused = set()
        if refused:
            assert not expected_loaded
            assert refused >= expected_problems
            return
        assert {p.file for p in loaded.problems} == expected_problems
        assert set(loaded.skipped) == expected_skipped
        assert set(loaded.hidden) == expected_hidden
        assert len(loaded.cohort) == len(expected_loaded)
        assert loaded.read == len(expected_loaded) + len(expected_problems)


def test_a_fifo_or_device_given_directly_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    for path in (fifo, link):
        status, out, _ = _run(["validate", str(path)])
        assert status == 1
        assert "[not-a-file]" in out
        with pytest.raises(LoadError) as info:
            pb.load_cohort(path)
        assert info.value.codes == ("not-a-file",)


# -- 16. every printed problem is one printable line ----------------------------------------

@given(st.text(), st.text(), st.text())
def test_a_problem_always_prints_as_one_printable_line(file: str, path: str,
                                                       message: str) -> None:
    line = Issue(file=file, line=1, col=1, path=path, code="alias", message=message).format()
    assert line.isprintable()
    assert "\n" not in line
    assert "\r" not in line


def test_a_file_name_cannot_forge_an_ok_line(tmp_path: Path) -> None:
    name = tmp_path / "x\nother.yaml: ok: framework forged@1.0.0 (1 benchmark).yaml"
    name.write_text("schema: primary-benchmarks/framework/v1\n")
    status, out, _ = _run(["validate", str(tmp_path)])
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 9  # eight problems and the summary, each on one line
    assert all(line.endswith("[missing-key]") for line in lines[:8])
    assert not any(line.startswith("other.yaml") for line in lines)


# -- 17. ids: NFC-normalised, never invisible ----------------------------------------------

_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e",
                              "\u2066", "\u00ad", "\x00", "\x07", "\x1b", "\n", "\u2028",
                              "\u3164"])


@given(st.text(st.characters(categories=["L", "N"], max_codepoint=0xFFFF), min_size=1,
               max_size=8), _INVISIBLE,
       st.integers(0, 8))
def test_an_id_with_an_invisible_character_is_refused(base: str, bad: str, at: int) -> None:
    text = base[:at] + bad + base[at:]
    assert identifier_problem(text) is not None
    with pytest.raises(ValueError, match="holds"):
        School(id=text)
    doc = (f"schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"
           f"school: {{id: {json.dumps(text)}}}\ndate: 2020-01-01\nratings: {{}}\n")
    audit, issues = pb.formats.check_audit_text(doc, "a.yaml")
    assert audit is None
    assert issues[0].path == "$.school.id"


@given(st.text(st.characters(categories=["L", "M", "N"]), min_size=1, max_size=8))
def test_ids_that_print_alike_are_the_same_school(text: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    if identifier_problem(nfc) is not None or not nfc.strip() or nfc != nfc.strip():
        return
    assert School(id=nfd).id == School(id=nfc).id == nfc
    fw = pb.load_framework("ne-primary")
    cohort, problems = pb.engine.build_cohort(
        [Audit(framework=fw.ref, school=School(id=s), date=dt.date(2020, 1, 1), round="r",
               ratings={}) for s in (nfc, nfd)], fw)
    assert len(cohort.schools) == 1
    assert [p.code for p in problems] == ["conflict"]


# -- 13, 23, 25: writing and reading files -------------------------------------------------

def test_new_files_honour_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    (tmp_path / "kept.txt").write_text("old")
    os.chmod(tmp_path / "kept.txt", 0o604)
    atomic_write(tmp_path / "kept.txt", "new")
    assert (tmp_path / "kept.txt").stat().st_mode & 0o777 == 0o604


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "audit.yaml"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError) as info:
        atomic_write(target, "new")
    assert [i.code for i in info.value.issues] == ["cannot-write"]
    assert info.value.issues[0].message == "no space left on the disk"
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.yaml"]


def test_a_full_disk_through_the_cli_is_exit_1(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "full")))
    status, _, err = _run(["migrate", str(ROOT / "examples/adapted/gatsby-2014-audit.yaml"),
                           "--to", "gatsby@2.0.0", "--output", str(tmp_path / "m.yaml")])
    assert status == 1
    assert "no space left on the disk [cannot-write]" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("make", "code"), [
    (lambda p: p.mkdir(), "not-a-file"),
    (lambda p: None, None),
])
def test_migrate_output_onto_a_folder_or_into_a_missing_one(tmp_path: Path, make: Any,
                                                           code: str | None) -> None:
    target = tmp_path / "out"
    make(target)
    dest = target if code else target / "missing" / "m.yaml"
    status, _, err = _run(["migrate", str(ROOT / "examples/adapted/gatsby-2014-audit.yaml"),
                           "--to", "gatsby@2.0.0", "--output", str(dest)])
    assert status == 1
    assert f"[{code or 'cannot-write'}]" in err
    assert "Traceback" not in err


def test_permission_denied_has_its_own_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "denied")

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(LoadError) as info:
        read_capped("anything.yaml")
    assert info.value.codes == ("permission-denied",)
    assert escape(str(info.value)) == "anything.yaml: $: permission denied [permission-denied]"


def test_plot_onto_a_file_is_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "charts"
    target.write_text("a file")
    status, _, err = _run(["report", str(PILOT), "--plot", str(target)])
    assert status == 1
    assert "is a file, not a folder to write charts into [not-a-file]" in err


# -- 14, 15, 18, 24: charts, usage errors, dumps -------------------------------------------

def test_dollar_signs_in_labels_are_plain_text_in_charts_and_html(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    text = PILOT.read_text().replace("end of Y1", "$Summer 2020$").replace(
        "baseline", "cost $x^")
    path = tmp_path / "c.csv"
    path.write_text(text)
    status, out, err = _run(["report", str(path), "--format", "html", "--plot",
                             str(tmp_path / "p")])
    assert status == 0, err
    assert "$Summer 2020$" in out
    assert (tmp_path / "p" / "rounds.png").stat().st_size > 0


@pytest.mark.parametrize("args", [["suggest", "--max", "-1"], ["suggest", "--max", "0"],
                                  ["suggest", "--max", "x"]])
def test_suggest_max_must_be_positive(args: list[str]) -> None:
    status, _, err = _run([*args, str(ROOT / "examples/adapted/gatsby-2024-audit.yaml")])
    assert status == 2
    assert "--max" in err


def test_report_by_an_attribute_nobody_has_is_a_usage_error() -> None:
    status, _out, err = _run(["report", str(PILOT), "--by", "hub"])
    assert status == 2
    assert err == ("primary-benchmarks report: error: no school has the attribute 'hub' to "
                   "break the report down by; attributes present: local_authority, name, "
                   "type\n")
    with pytest.raises(UsageError):
        pb.report(pb.load_cohort(PILOT).cohort, by="hub")


def test_dump_never_writes_what_load_refuses() -> None:
    audit = Audit(framework="ne-primary@1.0.0", school=School(id="1"),
                  date=dt.date(2020, 1, 1), assessor="x" * 501, ratings={"P1.1": "fully"})
    with pytest.raises(UsageError, match=r"\$.assessor: is 501 characters long"):
        pb.formats.dumps_audit(audit)


# -- 9: strict JSON ------------------------------------------------------------------------

def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("args", [
    ["report", str(PILOT), "--format", "json"],
    ["report", str(ROOT / "tests/data/csv/broken/many-bad-rows.csv"), "--format", "json"],
    ["score", "--format", "json", str(ROOT / "tests/data/audits/valid/incomplete.yaml")],
    ["validate", "--format", "json", str(ROOT / "tests/data/frameworks/broken")],
    ["describe", "--format", "json", "ne-primary"],
])
def test_every_json_output_is_strict(args: list[str]) -> None:
    _, out, _ = _run(args)
    _strict(out)


def test_an_empty_round_writes_null_not_nan(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("school,date,framework,P1.1\nS1,2020-01-01,ne-primary@1.0.0,\n")
    status, out, _ = _run(["report", str(path), "--format", "json"])
    doc = _strict(out)
    assert status == 0
    assert doc["rounds"][0]["audits"] == 1
