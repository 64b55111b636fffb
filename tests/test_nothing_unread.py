"""What a command did not read, it says: hidden entries, files of another kind, refused
audits behind every command that loads a cohort, and outputs that are links or devices."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import threading
import warnings
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.errors import LoadError, SaveError
from primary_benchmarks.formats.files import atomic_write

ROOT = Path(__file__).parent.parent
AUDITS = ROOT / "src" / "primary_benchmarks" / "samples" / "audits"
PLANS = ROOT / "examples" / "pilot" / "plans"
PILOT = ROOT / "examples" / "pilot" / "audits.csv"


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(args, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def _plans(plans: Path, audits: Path) -> tuple[int, str, str]:
    """``plans PLANS --audits AUDITS`` on the first day of 2021."""
    return _run(["plans", str(plans), "--audits", str(audits), "--today", "2021-01-01"])


def _pilot_with_a_bad_level(tmp_path: Path, school: str = "SYN001") -> Path:
    """The pilot CSV with every audit of ``school`` refused (a capitalised level)."""
    lines = PILOT.read_text(encoding="utf-8").splitlines()
    bad = [line.replace(",fully,", ",Fully,") if line.split(",")[1:2] == [school] else line
           for line in lines]
    path = tmp_path / "audits.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    return path


# -- hidden entries -------------------------------------------------------------------------

def test_hidden_entries_are_left_unread_and_named(tmp_path: Path) -> None:
    shutil.copy(AUDITS / "baseline.yaml", tmp_path / "baseline.yaml")
    checkpoints = tmp_path / ".ipynb_checkpoints"
    checkpoints.mkdir()
    shutil.copy(AUDITS / "baseline.yaml", checkpoints / "baseline-checkpoint.yaml")
    (tmp_path / "._baseline.yaml").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (tmp_path / "~$book.xlsx").write_bytes(b"\x0bowner")
    loaded = pb.load_cohort(tmp_path)
    assert not loaded.problems
    assert len(loaded.cohort) == 1
    assert loaded.hidden == tuple(str(tmp_path / n) for n in
                                  ("._baseline.yaml", ".ipynb_checkpoints", "~$book.xlsx"))
    status, _, err = _run(["report", str(tmp_path), "-q"])
    assert status == 0
    assert err.splitlines() == [
        "skipped 3 hidden entries (names starting with '.' or '~$': notebook checkpoints, "
        "version control, system and lock files; name a file on its own to read it): "
        f"{tmp_path}/._baseline.yaml, {tmp_path}/.ipynb_checkpoints, {tmp_path}/~$book.xlsx"]
    status, out, _ = _run(["validate", str(tmp_path), "--format", "json"])
    assert status == 0
    assert len(json.loads(out)["hidden"]) == 3


def test_a_hidden_file_named_on_its_own_is_read(tmp_path: Path) -> None:
    shutil.copy(AUDITS / "baseline.yaml", tmp_path / ".baseline.yaml")
    status, out, _ = _run(["validate", str(tmp_path / ".baseline.yaml")])
    assert status == 0
    assert "ok: audit of school 100001" in out


# -- a file of another kind -----------------------------------------------------------------

def test_a_plan_where_an_audit_belongs_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        pb.load_audit(PLANS / "SYN001.yaml")
    assert [i.format() for i in info.value.issues] == [
        f"{PLANS / 'SYN001.yaml'}:1:9: $.schema: the file is an action plan "
        "(primary-benchmarks/action-plan/v1), not an audit; nothing else in it was read "
        "[wrong-kind]"]
    for name in ("baseline.yaml", "end-of-y1.yaml"):
        shutil.copy(AUDITS / name, tmp_path / name)
    shutil.copy(PLANS / "SYN001.yaml", tmp_path / "plan.yaml")
    loaded = pb.load_cohort(tmp_path)
    assert [p.code for p in loaded.problems] == ["wrong-kind"]
    assert len(loaded.cohort) == 2


def test_an_audit_where_a_framework_or_plan_belongs(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        pb.load_framework(str(AUDITS / "baseline.yaml"))
    assert info.value.issues[0].message == (
        "the file is an audit (primary-benchmarks/audit/v1), not a framework; nothing else "
        "in it was read")
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    shutil.copy(AUDITS / "baseline.yaml", plans / "audit.yaml")
    status, out, err = _plans(plans, PILOT)
    assert status == 1
    assert "3 schools" in out
    assert err.splitlines() == [
        f"{plans / 'audit.yaml'}:1:9: $.schema: the file is an audit "
        "(primary-benchmarks/audit/v1), not an action plan; nothing else in it was read "
        "[wrong-kind]"]


# -- refused audits behind every command that loads a cohort ---------------------------------

def test_plans_says_which_audits_were_refused(tmp_path: Path) -> None:
    audits = _pilot_with_a_bad_level(tmp_path)
    status, out, err = _plans(PLANS, audits)
    assert status == 1
    assert "SYN001       v1  audit -" in out
    assert "[unknown-level]" in err
    assert (f"3 of 198 audits in {audits} refused; each plan is set against its school's "
            "latest audit among the other 195") in err


def test_plans_against_audits_of_another_version_say_so(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (PLANS / "SYN001.yaml").read_text(encoding="utf-8")
    (plans / "SYN001.yaml").write_text(text, encoding="utf-8")
    audits = tmp_path / "audits"
    audits.mkdir()
    audit = pb.Audit(framework="gatsby@1.0.0", school=pb.School(id="SYN001"),
                     date=pb.load_audit(AUDITS / "baseline.yaml").date)
    pb.formats.dump_audit(audit, audits / "a.yaml")
    status, out, err = _plans(plans, audits)
    assert status == 1
    assert "1 without an audit" in out
    assert err.splitlines() == [
        f"{plans / 'SYN001.yaml'}: $.framework: the plan is against ne-primary@1.0.0 but the "
        "audits are against gatsby@1.0.0; it is shown without an audit (carry the audits "
        "with `migrate` first) [framework-mismatch]"]


def test_grid_says_how_many_audits_it_refused(tmp_path: Path) -> None:
    status, _, err = _run(["grid", str(_pilot_with_a_bad_level(tmp_path))])
    assert status == 1
    assert err.splitlines()[-1] == "3 of 198 audits refused; the grid shows the other 195"


def test_publish_writes_nothing_from_a_source_with_problems(tmp_path: Path) -> None:
    source = _pilot_with_a_bad_level(tmp_path)
    with pytest.raises(LoadError) as info:
        pb.publish(source, tmp_path / "lib")
    assert {i.code for i in info.value.issues} == {"unknown-level"}
    assert not (tmp_path / "lib").exists()
    status, _, err = _run(["publish", str(source), str(tmp_path / "cli")])
    assert status == 1
    assert not (tmp_path / "cli").exists()
    assert err.splitlines()[-1] == (
        "nothing written: 3 problems in the source (fix the source, or add --keep-going to "
        "publish what loaded; the provenance then records what was refused)")
    status, _, err = _run(["publish", str(source), str(tmp_path / "cli"), "--keep-going",
                           "-q"])
    assert status == 1
    assert err.splitlines()[-1] == "3 of 198 audits refused; the data set holds the other 195"
    provenance = json.loads((tmp_path / "cli" / "provenance.json").read_text())
    options = json.dumps(provenance)
    assert '"refused": 3' in options
    assert '"problems": 3' in options


# -- outputs that are links, devices and pipes ------------------------------------------------

def test_writing_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    atomic_write(link, "new")
    assert link.is_symlink()
    assert os.readlink(link) == "real.txt"
    assert real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_a_device_is_written_into_never_replaced() -> None:
    atomic_write("/dev/null", "a report")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.path.exists("/dev/full"):
        with pytest.raises(SaveError) as info:
            atomic_write("/dev/full", "a report")
        assert [i.format() for i in info.value.issues] == [
            "/dev/full: $: no space left on the disk [cannot-write]"]
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_named_pipe_is_written_into(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    atomic_write(pipe, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


# -- a school's attributes that differ between its audits -------------------------------------

def _pilot_with_a_move(tmp_path: Path) -> Path:
    """The pilot CSV with SYN001's later audits in another local authority."""
    lines = PILOT.read_text(encoding="utf-8").splitlines()
    moved = [line.replace(",Northumberland,", ",Gateshead,")
             if line.split(",")[1:2] == ["SYN001"] and ",baseline," not in line else line
             for line in lines]
    path = tmp_path / "moved.csv"
    path.write_text("\n".join(moved) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("arrow", [True, False])
def test_a_school_whose_attribute_changes_keeps_the_first_and_is_noted(
        tmp_path: Path, arrow: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from primary_benchmarks.formats import cohort_io

    monkeypatch.setattr(cohort_io, "_ARROW", arrow)
    path = _pilot_with_a_move(tmp_path)
    loaded = pb.load_cohort(path)
    assert not loaded.problems
    assert loaded.notes[-1] == (
        "1 school has an attribute that differs between its audits; each school keeps its "
        f"first value: SYN001 local_authority 'Northumberland', then 'Gateshead' ({path}:74)")
    schools = loaded.cohort.schools
    assert schools.attribute("local_authority")[schools.ids.index("SYN001")] == "Northumberland"
    unchanged = pb.load_cohort(PILOT)
    assert pb.report(loaded.cohort, by="local_authority") == pb.report(
        unchanged.cohort, by="local_authority")


def test_a_folder_notes_a_school_whose_files_disagree(tmp_path: Path) -> None:
    shutil.copy(AUDITS / "baseline.yaml", tmp_path / "a.yaml")
    text = (AUDITS / "end-of-y1.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("type: academy", "type: community"),
                                     encoding="utf-8")
    loaded = pb.load_cohort(tmp_path)
    assert loaded.notes == (
        "1 school has an attribute that differs between its audits; each school keeps its "
        f"first value: 100001 type 'academy', then 'community' ({tmp_path / 'b.yaml'})",)
    status, out, _ = _run(["report", str(tmp_path), "-q"])
    assert status == 0
    assert out.startswith("Note: 1 school has an attribute that differs")


def test_a_csv_whose_rows_cannot_be_read_says_so_not_that_the_framework_is_missing(
        tmp_path: Path) -> None:
    path = tmp_path / "long-cell.csv"
    path.write_text("school,date,framework,P1.1\nS1,2020-01-01,ne-primary@1.0.0,"
                    + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        pb.load_cohort(path)
    assert [i.format() for i in info.value.issues] == [
        f"{path}:2: $: not a valid CSV row: a cell is longer than 131,072 characters "
        "[csv-format]",
        f"{path}:2:3: $.framework: no row that could be read names a framework; pass the "
        "framework, or fix the rows above [csv-format]"]


@pytest.mark.parametrize("arrow", [True, False])
def test_audits_without_a_round_among_named_rounds_are_noted(
        tmp_path: Path, arrow: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from primary_benchmarks.formats import cohort_io

    monkeypatch.setattr(cohort_io, "_ARROW", arrow)
    lines = PILOT.read_text(encoding="utf-8").splitlines()
    blank = [line.replace(",baseline,", ",,") if line.split(",")[1:2] in (["SYN001"],
                                                                          ["SYN002"])
             else line for line in lines]
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(blank) + "\n", encoding="utf-8")
    loaded = pb.load_cohort(path)
    assert loaded.notes[-1] == (
        "2 rows name no round while the others do: each such audit is a round of its own, "
        "named by its date; give it the round it belongs to")
    assert loaded.cohort.round_labels[0] == "2019-07-15"
    everyone_blank = [line.replace(",baseline,", ",,").replace(",end of Y1,", ",,")
                      .replace(",end of Y2,", ",,") for line in lines]
    path.write_text("\n".join(everyone_blank) + "\n", encoding="utf-8")
    assert not any("name no round" in n for n in pb.load_cohort(path).notes)


def test_a_folder_notes_files_without_a_round(tmp_path: Path) -> None:
    shutil.copy(AUDITS / "baseline.yaml", tmp_path / "a.yaml")
    text = (AUDITS / "end-of-y1.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("round:")) + "\n",
        encoding="utf-8")
    assert pb.load_cohort(tmp_path).notes == (
        "1 file names no round while the others do: each such audit is a round of its own, "
        "named by its date; give it the round it belongs to",)


def test_a_folder_given_to_a_one_audit_command_says_which_command_reads_folders() -> None:
    status, _, err = _run(["score", str(AUDITS)])
    assert status == 2
    assert err.strip() == (
        f"primary-benchmarks score: error: {AUDITS} is a folder; this command reads audit "
        f"files (name them, such as {AUDITS}/*.yaml). For a folder of audits use: "
        f"primary-benchmarks report {AUDITS}")


def test_a_report_never_writes_over_the_file_it_reads(tmp_path: Path) -> None:
    source = tmp_path / "audits.csv"
    shutil.copy(PILOT, source)
    status, _, err = _run(["report", str(source), "--format", "csv", "--output", str(source)])
    assert status == 2
    assert err.strip() == (f"primary-benchmarks report: error: --output {source} is the file "
                           "being read; write the output elsewhere")
    assert source.read_bytes() == PILOT.read_bytes()


def test_a_template_never_writes_over_its_framework_file(tmp_path: Path) -> None:
    framework = tmp_path / "fw.yaml"
    framework.write_text(pb.formats.dumps_framework(pb.load_framework("ne-primary")),
                         encoding="utf-8")
    before = framework.read_bytes()
    status, _, err = _run(["template", str(framework), "--output", str(framework)])
    assert status == 2
    assert "is the file being read; write the output elsewhere" in err
    assert framework.read_bytes() == before


@pytest.mark.parametrize(("head", "message"), [
    (b"\x1f\x8b\x08\x00\x00", "the file is gzip-compressed: decompress it first"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00\xff", "the file is a zip archive (an .xlsx "
     "workbook, or zipped files): give a workbook its .xlsx name, or unzip the archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "the file is an old Excel workbook (.xls): save it "
     "as .xlsx or as 'CSV UTF-8'"),
    ("school,date\n".encode("utf-16"), "the file is UTF-16 text: save it as UTF-8 (Excel's "
     "'Unicode Text' is UTF-16: choose 'CSV UTF-8')"),
])
def test_a_csv_that_is_not_text_says_what_it_is(tmp_path: Path, head: bytes,
                                                message: str) -> None:
    path = tmp_path / "audits.csv"
    path.write_bytes(head + b"\x00" * 64)
    with pytest.raises(LoadError) as info:
        pb.load_cohort(path)
    assert [i.format() for i in info.value.issues] == [f"{path}:1:1: $: {message} [encoding]"]


def test_a_terminal_that_cannot_show_a_name_gets_it_escaped_not_a_traceback(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    lines = PILOT.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "a.csv"
    path.write_text("\n".join(line.replace(",Northumberland,", ",Ynys Môn ✓,")
                              for line in lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "primary_benchmarks", "report", str(path),
                          "--by", "local_authority", "-q"], capture_output=True,
                         env={**os.environ, "PYTHONIOENCODING": "ascii"}, check=False)
    assert run.returncode == 0, run.stderr
    assert b"Traceback" not in run.stderr
    assert b"local_authority: Ynys M\\xf4n \\u2713" in run.stdout


def test_group_values_that_differ_only_in_case_or_spacing_are_noted(tmp_path: Path) -> None:
    lines = PILOT.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "a.csv"
    path.write_text("\n".join(
        line.replace(",Northumberland,", ",northumberland,") if ",SYN001," in line else line
        for line in lines) + "\n", encoding="utf-8")
    loaded = pb.load_cohort(path)
    assert loaded.notes[-1] == (
        "local_authority has values that differ only in case or spacing, each a group of its "
        "own in a breakdown: 'Northumberland' (9 schools), 'northumberland' (1 school)")
    groups = {r.group for r in pb.report(loaded.cohort, by="local_authority").rounds}
    assert {"Northumberland", "northumberland"} <= groups  # the data is kept as given


@pytest.mark.parametrize("arrow", [True, False])
def test_a_wide_csv_without_a_characteristic_column_says_so(
        tmp_path: Path, arrow: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from primary_benchmarks.formats import cohort_io

    monkeypatch.setattr(cohort_io, "_ARROW", arrow)
    rows = [r for r in csv.reader(PILOT.read_text(encoding="utf-8").splitlines())
            if not r[0].startswith("#")]
    k = rows[0].index("P8.4")
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(r[:k] + r[k + 1:] for r in rows)
    loaded = pb.load_cohort(path)
    assert not loaded.problems
    assert loaded.notes == (
        "no column for 1 of the 40 characteristics of ne-primary@1.0.0 (P8.4): every audit "
        "leaves it unrated, which counts at the lowest level; add the column if it was lost "
        "(an empty cell is unrated)",)


def test_one_audit_file_or_workbook_is_a_cohort_of_one(tmp_path: Path) -> None:
    loaded = pb.load_cohort(AUDITS / "baseline.yaml")
    assert (len(loaded.cohort), loaded.read, loaded.problems) == (1, 1, ())
    status, out, _ = _run(["report", str(AUDITS / "baseline.yaml"), "-q"])
    assert status == 0
    assert out.startswith("baseline (2019-07-15), 1 school:")
    status, _, err = _run(["report", str(tmp_path / "missing.yaml")])
    assert status == 1
    assert err.splitlines() == [f"{tmp_path / 'missing.yaml'}: $: no such file or folder "
                                "[not-found]"]


def test_report_to_carries_a_whole_csv(tmp_path: Path) -> None:
    source = ROOT / "examples" / "secondary-pilot" / "audits.csv"
    status, out, err = _run(["report", str(source), "--to", "gatsby@2.0.0", "--format", "json"])
    assert status == 0, err
    doc = json.loads(out)
    assert doc["framework"] == "gatsby@2.0.0"
    assert sum(r["audits"] for r in doc["rounds"]) == 48
    assert all(r["estimated"] for r in doc["rounds"])
    assert [r["migrated_audits"] for r in doc["rounds"]] == [16, 16, 16]


def test_a_load_with_problems_warns_so_a_notebook_sees_it(tmp_path: Path) -> None:
    from primary_benchmarks.errors import LoadWarning

    source = _pilot_with_a_bad_level(tmp_path)
    with pytest.warns(LoadWarning) as caught:
        cohort = pb.load_cohort(source).cohort
    assert len(cohort) == 195
    assert str(caught[0].message).startswith(
        f"{source}: 3 problem(s); 3 of 198 audits refused; the first: {source}:")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pb.load_cohort(source, warn=False)  # off on request
        pb.load_cohort(PILOT)  # and never for a clean load
