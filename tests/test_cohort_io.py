"""Loading cohorts: folders with broken files, long and wide CSV; nothing dropped silently."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from primary_benchmarks import LoadError, load_cohort, load_framework, report
from primary_benchmarks.cli import main

DATA = Path(__file__).parent / "data"
COHORT_FW = DATA / "frameworks" / "valid" / "cohort.yaml"


def test_folder_with_broken_files_keeps_every_good_audit(tmp_path: Path) -> None:
    for name in ("baseline.yaml", "end-of-y1.yaml", "incomplete.yaml"):
        shutil.copy(DATA / "audits" / "valid" / name, tmp_path / name)
    for name in ("unknown-level.yaml", "duplicate-key-rating.yaml", "wrong-type-date.yaml"):
        shutil.copy(DATA / "audits" / "broken" / name, tmp_path / f"broken-{name}")
    (tmp_path / "notes.txt").write_text("not an audit")
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "audits" / "valid" / "baseline.yaml", tmp_path / "sub" / "again.yaml")
    loaded = load_cohort(tmp_path)
    assert (loaded.unit, loaded.read, loaded.accepted, loaded.refused) == ("files", 7, 3, 4)
    assert len(loaded.cohort) == 3
    codes = sorted((Path(p.file or "").name, p.code) for p in loaded.problems)
    assert codes == [("again.yaml", "conflict"),
                     ("broken-duplicate-key-rating.yaml", "duplicate-key"),
                     ("broken-unknown-level.yaml", "unknown-level"),
                     ("broken-unknown-level.yaml", "unknown-level"),
                     ("broken-wrong-type-date.yaml", "wrong-type")]
    assert all(p.line is not None for p in loaded.problems if p.code != "conflict")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cohort.csv"
    path.write_text(text, encoding="utf-8")
    return path


LONG = """# a comment line before the header
school,date,round,characteristic,level,local_authority,framework
S1,2020-01-10,r1,X.1,full,North,test-cohort@1.0.0
S1,2020-01-10,r1,X.2,full,North,test-cohort@1.0.0
S1,2020-01-10,r1,Y.1,part,North,test-cohort@1.0.0

S2,2020-01-10,r1,X.1,part,North,test-cohort@1.0.0
S2,2020-01-10,r1,X.9,part,North,test-cohort@1.0.0
S2,2020-01-10,r1,Y.1,,North,test-cohort@1.0.0
S2,2020-13-10,r1,Y.1,na,North,test-cohort@1.0.0
S2,2020-01-10,r1,Y.1,na,North,other@1.0.0
S3,2020-01-10,r1,X.1,na,South
S1,2020-07-10,r2,X.1,full,North,test-cohort@1.0.0
=cmd|' /C calc'!A0,2020-07-10,r2,X.1,full,North,test-cohort@1.0.0
"""


def test_long_csv(tmp_path: Path) -> None:
    fw = load_framework(COHORT_FW)
    loaded = load_cohort(_write(tmp_path, LONG), framework=fw)
    assert loaded.notes == ("a comment line before the header",)
    assert (loaded.unit, loaded.read, loaded.accepted, loaded.refused) == ("ratings", 11, 6, 5)
    assert [(p.line, p.code) for p in loaded.problems] == [
        (8, "unknown-characteristic"), (9, "missing-key"), (10, "invalid-value"),
        (11, "framework-mismatch"), (12, "csv-format")]
    cohort = loaded.cohort
    assert [s.id for s in cohort.schools] == ["S1", "S2", "=cmd|' /C calc'!A0"]
    assert [r.label for r in cohort.rounds] == ["r1", "r2"]
    assert cohort.schools[0].local_authority == "North"


def test_wide_csv(tmp_path: Path) -> None:
    text = ("school,date,round,type,X.1,X.2,Y.1,X.9\n"
            "S1,2020-01-10,r1,academy,full,full,part,\n"
            "S2,2020-01-10,r1,academy,part,,na,\n"
            "S2,2020-01-11,r1,academy,full,full,full,\n"
            "S3,2020-01-10,r1,community,na,bad,na,\n"
            "S4,2020-01-10\n")
    fw = load_framework(COHORT_FW)
    loaded = load_cohort(_write(tmp_path, text), framework=fw)
    assert (loaded.unit, loaded.read, loaded.accepted, loaded.refused) == ("audits", 5, 2, 3)
    assert [(p.line, p.code) for p in loaded.problems] == [
        (1, "unknown-column"), (4, "conflict"), (5, "unknown-level"), (6, "csv-format")]
    assert loaded.problems[0].col == 8
    assert loaded.cohort.schools[0].type == "academy"
    audit = loaded.cohort.audit(1)
    assert "X.2" not in audit.ratings  # an empty cell is unrated


@pytest.mark.parametrize(("text", "message"), [
    ("school,round\nS1,r1\n", "missing column date; a cohort CSV needs school and date columns"),
    ("school,date,date\n", "column 'date' appears twice; a cohort CSV needs school and date "
                           "columns"),
    ("date,school,X.1\n", "no framework column; add one (such as ne-primary@1.0.0) or pass "
                          "the framework"),
    ("school,date,X.1\nS1,2020-01-01,full\n", "no framework column; add one (such as "
                                              "ne-primary@1.0.0) or pass the framework"),
    ("", "the CSV file is empty")])
def test_unusable_csv(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LoadError) as info:
        load_cohort(_write(tmp_path, text))
    assert info.value.issues[0].message == message


def test_report_cli_formats(tmp_path: Path) -> None:
    path = _write(tmp_path, LONG)
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(path), "--framework", str(COHORT_FW), "--format", "json"],
                out=out, err=err) == 1  # problems were found, the report is still written
    doc = json.loads(out.getvalue())
    assert doc["load"]["refused"] == 5
    assert [r["round"] for r in doc["rounds"]] == ["r1", "r2"]
    for fmt in ("table", "markdown", "csv"):
        out = io.StringIO()
        main(["report", str(path), "--framework", str(COHORT_FW), "--format", fmt,
              "--by", "local_authority"], out=out, err=io.StringIO())
        assert "North" in out.getvalue()
    csv_text = io.StringIO()
    main(["report", str(path), "--framework", str(COHORT_FW), "--format", "csv"], out=csv_text,
         err=io.StringIO())
    assert csv_text.getvalue().splitlines()[0] == (
        "round,date,group,audits,characteristics_achieved,benchmarks_achieved,"
        "share_at_least_0,share_at_least_1,share_at_least_2,benchmarks_achieved_max,benchmark,"
        "share_not,share_part,share_full,share_na,achieved_share,assessed,change_from,paired,"
        "paired_achieved_before,paired_achieved_after,ratings_up,ratings_stayed,ratings_down,"
        "framework,framework_sha256,software_version,estimated")
    rows = csv_text.getvalue().splitlines()
    assert ",,,,,,,test-cohort@1.0.0," in rows[1]  # the first round: no change into it
    assert rows[-1].split(",")[-11] == "r1"


def test_report_folder_through_cli() -> None:
    out = io.StringIO()
    assert main(["report", str(DATA / "audits" / "valid"), "--format", "json"], out=out,
                err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    assert doc["load"] == {"unit": "files", "read": 3, "accepted": 3, "refused": 0,
                           "lines": {}, "skipped": [], "hidden": [], "problems": []}
    assert [r["audits"] for r in doc["rounds"]] == [1, 1, 1]


def test_report_of_missing_source() -> None:
    err = io.StringIO()
    assert main(["report", "no/such/dir"], out=io.StringIO(), err=err) == 1
    assert err.getvalue() == "no/such/dir: $: no such file or folder [not-found]\n"


def test_report_is_pure() -> None:
    loaded = load_cohort(DATA / "audits" / "valid")
    assert report(loaded.cohort) == report(loaded.cohort)


def test_validate_checks_a_cohort_csv_as_report_reads_it(tmp_path: Path) -> None:
    from primary_benchmarks.cli import main

    pilot = Path(__file__).parent.parent / "examples" / "pilot" / "audits.csv"
    out = io.StringIO()
    assert main(["validate", str(pilot)], out=out) == 0
    assert out.getvalue().splitlines()[0] == (
        f"{pilot}: ok: cohort CSV of 198 audits of 70 schools in 3 rounds against "
        "ne-primary@1.0.0")
    bad = tmp_path / "bad.csv"
    bad.write_text(pilot.read_text(encoding="utf-8").replace(",fully,", ",Fully,", 1),
                   encoding="utf-8")
    out = io.StringIO()
    assert main(["validate", str(bad)], out=out) == 1
    assert "[unknown-level]" in out.getvalue()
    assert "expected a framework mapping" not in out.getvalue()
