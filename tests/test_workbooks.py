"""Audit workbooks: templates for every framework, filled as a person would, read back
equal; hostile workbooks are refused with located problems (the corpus pins each one)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample
from primary_benchmarks.formats.workbook import (
    RATING_COLUMNS,
    SCHOOL_FIELDS,
    audit_workbook,
    check_audit_workbook,
)

BUNDLED = [str(i.ref) for i in pb.formats.bundled_frameworks()]


def _fill(template: bytes, audit: pb.Audit, fw: pb.Framework, *, typed_ids: bool = False
          ) -> bytes:
    """Fill a template through openpyxl, as a person would in a spreadsheet: labels from
    the drop-down, the date as a date, the school id as typed."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    ratings, school, evidence = book["Ratings"], book["School"], book["Evidence"]
    labels = {lv.id: lv.label for lv in fw.scale.levels}
    for row in ratings.iter_rows(min_row=2):
        rating = audit.ratings.get(row[0].value)
        if rating is not None:
            row[3].value = labels[rating.level] if not typed_ids else f" {rating.level.upper()} "
            row[5].value = rating.note
            for item in rating.evidence:
                evidence.append([row[0].value, item.description, item.date, item.url])
    fields = {"school.id": audit.school.id, "school.name": audit.school.name,
              "school.local_authority": audit.school.local_authority,
              "school.type": audit.school.type,
              "date": dt.datetime.combine(audit.date, dt.time()), "round": audit.round,
              "assessor": audit.assessor}
    for row in school.iter_rows(min_row=2):
        if row[0].value in fields:
            row[1].value = fields[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def audits(draw: st.DrawFn) -> tuple[pb.Framework, pb.Audit]:
    fw = pb.load_framework(draw(st.sampled_from(BUNDLED)))
    words = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF,
                                  exclude_characters="=\x7f"), min_size=1, max_size=30)
    ratings = {}
    for cid in fw.characteristic_ids:
        if draw(st.integers(0, 3)):
            note = draw(st.none() | words.filter(lambda t: t.strip() == t and t.strip()))
            evidence = draw(st.lists(st.builds(
                pb.model.Evidence, description=words.filter(lambda t: t.strip() == t),
                date=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
                url=st.none() | st.just("https://example.org/x")), max_size=2))
            ratings[cid] = pb.Rating(level=draw(st.sampled_from(fw.scale.ids)), note=note,
                                     evidence=evidence)
    school = pb.School(id=draw(st.sampled_from(["100001", "SYN-7", "Ysgol 3"])),
                       name=draw(st.none() | st.just("Example Primary")))
    audit = pb.Audit(framework=fw.ref, school=school, date=draw(st.dates(
        dt.date(2015, 1, 1), dt.date(2035, 1, 1))), round=draw(st.none() | st.just("Y1")),
        ratings=ratings)
    return fw, audit


@settings(max_examples=25, deadline=None)
@given(audits())
def test_a_template_filled_as_a_person_would_loads_back_equal(
        pair: tuple[pb.Framework, pb.Audit]) -> None:
    fw, audit = pair
    filled = _fill(audit_workbook(fw), audit, fw)
    back, issues = check_audit_workbook(filled, "a.xlsx")
    assert issues == ()
    assert back == audit
    written, issues = check_audit_workbook(audit_workbook(fw, audit), "b.xlsx")
    assert (written, issues) == (audit, ())


@pytest.mark.parametrize("ref", BUNDLED)
def test_every_bundled_framework_has_a_template(ref: str, tmp_path: Path) -> None:
    fw = pb.load_framework(ref)
    path = tmp_path / "t.xlsx"
    assert main(["template", ref, "--format", "xlsx", "--output", str(path)],
                out=io.StringIO(), err=io.StringIO()) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Ratings", "School", "Evidence", "How to fill this in",
                               "_framework"]
    assert book["_framework"].sheet_state == "hidden"
    ratings = book["Ratings"]
    assert [c.value for c in ratings[1]] == list(RATING_COLUMNS)
    assert [row[0].value for row in ratings.iter_rows(min_row=2)] == list(fw.characteristic_ids)
    assert ratings.protection.sheet
    assert ratings["A2"].protection.locked
    assert not ratings["D2"].protection.locked
    (pick,) = ratings.data_validations.dataValidation
    assert pick.type == "list"
    assert str(pick.sqref) == f"D2:D{len(fw.characteristic_ids) + 1}"
    assert [row[0].value for row in book["School"].iter_rows(min_row=2)] == list(SCHOOL_FIELDS)


def test_a_person_typing_ids_and_spaces_is_understood() -> None:
    fw = pb.load_framework("ne-primary")
    audit = pb.load_audit(sample("audits/baseline.yaml"))
    audit = pb.Audit(framework=audit.framework, school=audit.school, date=audit.date,
                     ratings={k: pb.Rating(level=r.level) for k, r in audit.ratings.items()})
    back, issues = check_audit_workbook(_fill(audit_workbook(fw), audit, fw, typed_ids=True),
                                        "a.xlsx")
    assert issues == ()
    assert back == audit


def test_workbooks_load_wherever_audits_load(tmp_path: Path) -> None:
    audit = pb.load_audit(sample("audits/baseline.yaml"))
    pb.dump_audit(audit, tmp_path / "a.xlsx")
    assert pb.load_audit(tmp_path / "a.xlsx") == audit
    for command in (["validate"], ["score"], ["suggest"]):
        assert main([*command, str(tmp_path / "a.xlsx")], out=io.StringIO(),
                    err=io.StringIO()) == 0, command
    later = pb.load_audit(sample("audits/end-of-y1.yaml"))
    pb.dump_audit(later, tmp_path / "b.yaml")
    out = io.StringIO()
    assert main(["progress", str(tmp_path / "a.xlsx"), str(tmp_path / "b.yaml")], out=out,
                err=io.StringIO()) == 0
    loaded = pb.load_cohort(tmp_path)  # a folder mixing .xlsx and .yaml
    assert (loaded.read, loaded.accepted) == (2, 2)
    assert loaded.cohort.round_labels == ("baseline", "end of Y1")


def test_a_workbook_with_macros_is_refused_by_its_content(tmp_path: Path) -> None:
    data = io.BytesIO(audit_workbook(pb.load_framework("ne-primary")))
    with zipfile.ZipFile(data, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\0" * 10)
    _, issues = check_audit_workbook(data.getvalue(), "m.xlsx")
    assert [i.code for i in issues] == ["workbook-format"]
    assert "holds macros" in issues[0].message


def test_a_strict_check_names_what_is_unrated(tmp_path: Path) -> None:
    audit = pb.load_audit(sample("audits/incomplete.yaml"))
    pb.dump_audit(audit, tmp_path / "i.xlsx")
    out = io.StringIO()
    assert main(["validate", "--strict", str(tmp_path / "i.xlsx")], out=out) == 1
    assert ":Ratings: $.ratings:" in out.getvalue()
    assert "[unrated]" in out.getvalue()


def test_without_openpyxl_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for name in [n for n in sys.modules if n.startswith("openpyxl")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # not importable
    with pytest.raises(pb.output.MissingExtraError, match=r"primary-benchmarks\[excel\]"):
        audit_workbook(pb.load_framework("ne-primary"))


def test_the_forgiving_corpus_workbook_loads() -> None:
    path = Path(__file__).parent / "data" / "workbooks" / "valid" / "forgiving.xlsx"
    audit = pb.load_audit(path)
    assert audit.school.id == "100001"  # Excel made it a number; read back as the id
    assert (audit.level_of("P1.1"), audit.level_of("P1.2")) == ("fully", "not")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("arrow", [True, False])
def test_a_csv_saved_by_a_spreadsheet_loads(tmp_path: Path, delimiter: str, arrow: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from primary_benchmarks.formats import cohort_io

    monkeypatch.setattr(cohort_io, "_ARROW", arrow)
    text = sample("pilot-audits.csv").read_text(encoding="utf-8")
    path = tmp_path / "export.csv"
    path.write_text(text.replace(",", delimiter), encoding="utf-8-sig")  # with Excel's BOM
    loaded = pb.load_cohort(path)
    assert (loaded.accepted, loaded.refused, len(loaded.cohort)) == (198, 0, 198)
    assert pb.report(loaded.cohort).to_dict()["rounds"] == pb.report(
        pb.load_cohort(sample("pilot-audits.csv")).cohort).to_dict()["rounds"]


def test_report_as_a_workbook(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    err = io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--format", "xlsx", "--output",
                 str(target)], out=io.StringIO(), err=err) == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Notes", "baseline", "end of Y1", "end of Y2", "Averages",
                               "baseline to end of Y1", "end of Y1 to end of Y2", "Tidy"]
    averages = book["Averages"]
    assert averages["A2"].value == "Characteristics fully achieved"
    assert isinstance(averages["D2"].value, float)  # a number, shown as a percentage
    assert averages["D2"].number_format == "0%"
    assert round(averages["D2"].value, 2) == 0.65
    assert book["baseline"]["B2"].number_format == "0%"
    notes = [row[0].value for row in book["Notes"].iter_rows()]
    assert any(str(n).startswith("SYNTHETIC") for n in notes)
    assert any(str(n).startswith("Produced by primary-benchmarks") for n in notes)
    assert book["Tidy"].max_row == 3 * 8 + 1
    assert main(["report", str(sample("pilot-audits.csv")), "--format", "xlsx"],
                out=io.StringIO(), err=io.StringIO()) == 2  # a workbook needs --output
    grouped = tmp_path / "grouped.xlsx"
    assert main(["report", str(sample("pilot-audits.csv")), "--by", "type", "--format", "xlsx",
                 "--output", str(grouped)], out=io.StringIO(), err=io.StringIO()) == 0
    names = openpyxl.load_workbook(grouped).sheetnames
    assert all(len(n) <= 31 for n in names)
    assert len(set(names)) == len(names)


def test_a_hub_writes_one_workbook_per_school(tmp_path: Path) -> None:
    schools = tmp_path / "schools.csv"
    schools.write_text("school,name,local_authority,hub\n100001,Example Primary,Durham,North\n"
                       "10/2,Slash School,Gateshead,North\n")
    out = tmp_path / "to-send"
    err = io.StringIO()
    assert main(["template", "ne-primary", "--format", "xlsx", "--cohort", "--schools",
                 str(schools), "--output", str(out)], out=io.StringIO(), err=err) == 0
    assert sorted(p.name for p in out.iterdir()) == ["10-2.xlsx", "100001.xlsx"]
    assert "wrote 2 audit workbooks" in err.getvalue()
    # a school fills in its date and ratings; its own details came filled in
    book = openpyxl.load_workbook(out / "100001.xlsx")
    for row in book["School"].iter_rows(min_row=2):
        if row[0].value == "date":
            row[1].value = dt.datetime(2026, 7, 1)
    book["Ratings"]["D2"] = "Fully achieved"
    book.save(out / "100001.xlsx")
    audit = pb.load_audit(out / "100001.xlsx")
    assert (audit.school.name, audit.school.attribute("hub")) == ("Example Primary", "North")
    assert audit.level_of("P1.1") == "fully"


def test_a_schools_list_with_problems_is_refused_with_each_one(tmp_path: Path) -> None:
    schools = tmp_path / "schools.csv"
    schools.write_text("school,name\n100001,A\n,B\n100001,C\n")
    err = io.StringIO()
    assert main(["template", "ne-primary", "--format", "xlsx", "--schools", str(schools),
                 "--output", str(tmp_path / "out")], out=io.StringIO(), err=err) == 1
    lines = err.getvalue().splitlines()
    assert lines[0].endswith("schools.csv:3:1: $.school: this row has no school id "
                             "[missing-key]")
    assert lines[1].endswith("schools.csv:4:1: $.school: school '100001' is listed twice "
                             "(first on line 2) [duplicate-key]")
    assert not (tmp_path / "out").exists()
    assert main(["template", "ne-primary", "--schools", str(schools)], out=io.StringIO(),
                err=io.StringIO()) == 2  # needs --format xlsx and --output


def test_a_school_list_row_with_a_line_break_or_the_wrong_cell_count_is_refused(
        tmp_path: Path) -> None:
    from primary_benchmarks.formats.school_list import school_list

    path = tmp_path / "schools.csv"
    path.write_text('school,name,hub\n100001,A,North\n100003,"Line\nbreak",South\n'
                    "100004,D,\n100005,E,North,extra\n", encoding="utf-8")
    schools, problems = school_list(path)
    assert [s.id for s in schools] == ["100001", "100004"]
    assert [p.format() for p in problems] == [
        f"{path}:3: $: a cell holds a line break [csv-format]",
        f"{path}:6: $: the row has 4 cells; the header has 3 [csv-format]"]


def _formula_cells(path: Path) -> list[str]:
    """The formula cells anywhere in a workbook (as Excel would see them: ``<f>``)."""
    with zipfile.ZipFile(path) as z:
        return [name for name in z.namelist() if name.startswith("xl/worksheets/")
                and b"<f>" in z.read(name)]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:

    evil = '=HYPERLINK("http://example.org/x","click")'
    pilot = Path(__file__).parent.parent / "examples" / "pilot" / "audits.csv"
    lines = pilot.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",Northumberland,", ',"=HYPERLINK(""http://example.org/x"",'
                          '""click"")",').replace(",baseline,", ",=1+1,") for line in lines]
    source = tmp_path / "a.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "r.xlsx"
    assert main(["report", str(source), "--by", "local_authority", "--format", "xlsx",
                 "--output", str(report), "-q"], out=io.StringIO(), err=io.StringIO()) == 0
    assert _formula_cells(report) == []
    values = {c.value for ws in openpyxl.load_workbook(report).worksheets
              for row in ws.iter_rows() for c in row}
    assert evil in values
    schools = tmp_path / "schools.csv"
    schools.write_text('school,name\n100001,"=HYPERLINK(""http://example.org/x"",""click"")"\n',
                       encoding="utf-8")
    assert main(["template", "ne-primary", "--cohort", "--schools", str(schools), "--format",
                 "xlsx", "--output", str(tmp_path / "books"), "-q"],
                out=io.StringIO(), err=io.StringIO()) == 0
    book = tmp_path / "books" / "100001.xlsx"
    assert _formula_cells(book) == []
    assert openpyxl.load_workbook(book)["School"]["B3"].value == evil
