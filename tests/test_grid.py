"""A hub's grid: every school against every benchmark, through one audit each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.analysis.grid import school_grid
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample


def _cohort() -> pb.Cohort:
    return pb.load_cohort(sample("pilot-audits.csv")).cohort


def test_each_school_once_through_its_latest_audit_agreeing_with_its_score() -> None:
    cohort = _cohort()
    grid = school_grid(cohort)
    assert len(grid.rows) == 70
    fw = cohort.framework
    by_school: dict[str, pb.Audit] = {}
    for i in range(len(cohort)):
        audit = cohort.audit(i)
        if (audit.school.id not in by_school
                or audit.date > by_school[audit.school.id].date):
            by_school[audit.school.id] = audit
    for row in grid.rows:
        scored = pb.score(by_school[row.school], fw)
        for b, state in zip(scored.benchmarks, row.states, strict=True):
            if b.achieved:
                assert state == "achieved"
            elif (b.characteristics_achieved or 0) > 0:
                assert state == "partially"
            else:
                assert state in ("not", "n/a")
    counts = grid.counts()
    assert sum(counts["P1"].values()) == 70


def test_sorting_rounds_and_dates() -> None:
    cohort = _cohort()
    grid = school_grid(cohort, sort_by="P8")
    ranks = ["achieved", "partially", "not", "n/a"]
    order = [ranks.index(r.states[7]) for r in grid.rows]
    assert order == sorted(order)
    base = school_grid(cohort, round="baseline")
    assert {r.round for r in base.rows} == {"baseline"}
    early = school_grid(cohort, as_of=dt.date(2020, 1, 1))
    assert {r.round for r in early.rows} == {"baseline"}
    with pytest.raises(pb.UsageError, match="no benchmark 'P9' to sort by"):
        school_grid(cohort, sort_by="P9")
    with pytest.raises(pb.UsageError, match="no round 'Y9'"):
        school_grid(cohort, round="Y9")


def test_the_grid_on_the_command_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["grid", str(sample("pilot-audits.csv")), "--format", "json", "--sort", "P4",
                 "--plot", str(tmp_path / "grid.png")], out=out, err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    assert doc["schools"][0]["P4"] == "achieved"
    assert (tmp_path / "grid.png").read_bytes()[:4] == b"\x89PNG"
    out = io.StringIO()
    main(["grid", str(sample("pilot-audits.csv")), "--format", "csv"], out=out,
         err=io.StringIO())
    assert out.getvalue().splitlines()[0] == "school,name,date,round,P1,P2,P3,P4,P5,P6,P7,P8"
    out = io.StringIO()
    main(["grid", str(sample("pilot-audits.csv"))], out=out, err=io.StringIO())
    assert out.getvalue().splitlines()[-1].startswith("Achieved")


def test_plans_across_a_hub(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = io.StringIO()
    assert main(["plans", str(root / "examples" / "pilot" / "plans"), "--audits",
                 str(sample("pilot-audits.csv")), "--today", "2020-07-20", "--format",
                 "json"], out=out, err=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    assert [p["school"] for p in doc["plans"]] == ["SYN001", "SYN007", "SYN012"]
    assert all(p["audit_date"] == "2020-07-13" for p in doc["plans"])
    assert doc["totals"]["schools"] == 3
    assert doc["totals"]["overdue_actions"] == sum(p["overdue_actions"] for p in doc["plans"])
    # before any audit: each plan is judged with no target met, and said to have no audit
    out = io.StringIO()
    main(["plans", str(root / "examples" / "pilot" / "plans"), "--audits",
          str(sample("pilot-audits.csv")), "--today", "2019-01-01"], out=out,
         err=io.StringIO())
    assert "3 without an audit by then" in out.getvalue()
    out = io.StringIO()
    main(["plans", str(root / "examples" / "pilot" / "plans"), "--audits",
          str(sample("pilot-audits.csv")), "--today", "2020-07-20", "--format", "csv",
          "--sort", "met"], out=out, err=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("school,version,audit_date,targets,share_met")
    assert lines[1].startswith("SYN001,")  # the most targets met first


def test_migrate_a_whole_folder_with_one_loss_report(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    audit = (root / "examples" / "adapted" / "gatsby-2014-audit.yaml").read_bytes()
    (source / "a.yaml").write_bytes(audit)
    (source / "sub" / "b.yaml").write_bytes(audit)
    err = io.StringIO()
    assert main(["migrate", str(source), "--to", "gatsby@2.0.0", "--output",
                 str(tmp_path / "out")], out=io.StringIO(), err=err) == 0
    assert err.getvalue().startswith("2 audits carried to gatsby@2.0.0")
    assert "22 revised" in err.getvalue()
    carried = pb.load_audit(tmp_path / "out" / "sub" / "b.yaml")
    assert str(carried.framework) == "gatsby@2.0.0"
    assert main(["migrate", str(source), "--to", "gatsby@2.0.0"], out=io.StringIO(),
                err=io.StringIO()) == 2  # a folder needs --output


def test_nested_groups_with_totals_first() -> None:
    cohort = _cohort()
    nested = pb.report(cohort, by="local_authority,type")
    base = [r for r in nested.rounds if r.round == "baseline"]
    authorities = pb.report(cohort, by="local_authority")
    totals = {r.group: r for r in authorities.rounds if r.round == "baseline"}
    for r in base:
        if r.group is not None and " / " not in r.group:
            assert r == totals[r.group]  # a total row is the authority's own figures
    labels = [r.group for r in base]
    assert labels.index("County Durham") < labels.index("County Durham / academy")
    subtotal = sum(r.audits for r in base if str(r.group).startswith("County Durham / "))
    assert subtotal == totals["County Durham"].audits
    out = io.StringIO()
    assert main(["report", str(sample("pilot-audits.csv")), "--by", "local_authority,type",
                 "--format", "json"], out=out, err=io.StringIO()) == 0
    assert json.loads(out.getvalue())["by"] == "local_authority,type"
    with pytest.raises(pb.UsageError, match="two or more different attributes"):
        pb.report(cohort, by="type,type")


def _mixed_folder(tmp_path: Path) -> Path:
    """Two schools audited in 2024 against gatsby@1.0.0, one again in 2025 against 2.0.0."""
    root = Path(__file__).resolve().parents[1] / "examples" / "adapted"
    old = (root / "gatsby-2014-audit.yaml").read_text(encoding="utf-8")
    new = (root / "gatsby-2024-audit.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "hub"
    folder.mkdir()
    for school in ("100042", "100043"):
        (folder / f"{school}-2024.yaml").write_text(
            old.replace('"100042"', f'"{school}"').replace("2025-07-11", "2024-07-11")
            .replace("summer 2025", "summer 2024"), encoding="utf-8")
    (folder / "100042-2025.yaml").write_text(new, encoding="utf-8")
    return folder


def test_a_cohort_across_versions_is_refused_with_the_way_on_then_carried_with_to(
        tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    err = io.StringIO()
    main(["report", str(folder), "--format", "json"], out=io.StringIO(), err=err)
    assert ("100042-2025.yaml: $.framework: the audit is against gatsby@2.0.0, but the cohort "
            "is gatsby@1.0.0; to report both versions together, carry the audits to one version"
            " with report --to gatsby@2.0.0 [framework-mismatch]") in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(folder), "--to", "gatsby@2.0.0", "--format", "json"],
                out=out, err=err) == 0
    assert err.getvalue() == ""
    doc = json.loads(out.getvalue())
    rounds = {r["round"]: r for r in doc["rounds"]}
    assert rounds["summer 2024"]["audits"] == 2
    assert rounds["summer 2024"]["estimated"] is True
    assert rounds["summer 2024"]["migrated_audits"] == 2
    assert rounds["summer 2025"]["estimated"] is False
    assert doc["framework"] == "gatsby@2.0.0"
    assert ("Estimated: 2 audits of another framework version carried to gatsby@2.0.0 through "
            "the change tables (2 merged, 12 new, 22 revised, 2 split); in the rounds holding "
            "them (summer 2024: 2 from gatsby@1.0.0, benchmarks GB1, GB2, GB3, GB4, GB5, GB6, "
            "GB7, GB8 estimated), figures of a benchmark with a migrated, revised or new "
            "criterion are estimates.") in doc["notes"]
    text = io.StringIO()
    main(["report", str(folder), "--to", "gatsby@2.0.0"], out=text, err=io.StringIO())
    assert "Note: Estimated: 2 audits" in text.getvalue()
    assert all(b["estimated"] for b in rounds["summer 2024"]["benchmarks"])
    assert not any(b["estimated"] for b in rounds["summer 2025"]["benchmarks"])
    table = io.StringIO()
    main(["report", str(folder), "--to", "gatsby@2.0.0", "--format", "csv"], out=table,
         err=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert {r["estimated"] for r in rows if r["round"] == "summer 2024"} == {"1"}
    assert {r["estimated"] for r in rows if r["round"] == "summer 2025"} == {"0"}


def test_the_chart_across_rounds_draws_the_series_break(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from primary_benchmarks.analysis.cross_version import carry_over
    from primary_benchmarks.output.plot import plot_rounds

    loaded = pb.load_cohort(_mixed_folder(tmp_path), framework=pb.load_framework(
        "gatsby@2.0.0"), keep_other_versions=True)
    assert len(loaded.other_versions) == 2
    assert len(loaded.cohort) == 1
    carried = carry_over(loaded.cohort, loaded.other_versions, loaded.cohort.framework,
                         {"gatsby@1.0.0": [pb.load_framework("gatsby@1.0.0")]})
    result = carried.mark(pb.report(carried.cohort))
    ax = plot_rounds(result)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 1
    assert dashed[0].get_xdata()[0] == 0.5
    assert "estimated" in ax.get_title()
    unmarked = plot_rounds(pb.report(carried.cohort))
    assert not [line for line in unmarked.get_lines() if line.get_linestyle() == "--"]


def test_migrate_a_csv_into_a_csv_that_reads_back(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    source = root / "examples" / "secondary-pilot" / "audits.csv"
    out = tmp_path / "carried.csv"
    err = io.StringIO()
    assert main(["migrate", str(source), "--to", "gatsby@2.0.0", "--output", str(out)],
                out=io.StringIO(), err=err) == 0
    assert err.getvalue().startswith("48 audits carried to gatsby@2.0.0 into ")
    before = pb.load_cohort(source).cohort
    after = pb.load_cohort(out)
    assert after.notes == pb.load_cohort(source).notes  # the SYNTHETIC note is kept
    assert len(after.cohort) == len(before)
    assert str(after.cohort.framework.ref) == "gatsby@2.0.0"
    old_fw = pb.load_framework("gatsby@1.0.0")
    for i in range(len(before)):
        expected = pb.migrate(before.audit(i), after.cohort.framework, [old_fw]).audit
        got = after.cohort.audit(i)
        assert (got.school, got.date, got.round) == (expected.school, expected.date,
                                                     expected.round)
        assert {c: r.level for c, r in got.ratings.items()} == {
            c: r.level for c, r in expected.ratings.items()}
    assert main(["migrate", str(source), "--to", "gatsby@2.0.0"], out=io.StringIO(),
                err=io.StringIO()) == 2  # a CSV needs --output


def test_audits_csv_keeps_attributes_and_unrated_cells(tmp_path: Path) -> None:
    from primary_benchmarks.formats.cohort_csv import dumps_audits_csv

    fw = pb.load_framework("ne-primary")
    audits = [pb.Audit(framework=fw.ref, school=pb.School(id="-1", name="=Odd, \"quoted\"",
                                                          attributes={"hub": "North"}),
                       date=dt.date(2020, 7, 1), round="Y1",
                       ratings={"P1.1": "fully", "P2.1": "not"}),
              pb.Audit(framework=fw.ref, school=pb.School(id="2"), date=dt.date(2020, 7, 2),
                       ratings={"P1.1": "partially"})]
    path = tmp_path / "a.csv"
    path.write_text(dumps_audits_csv(audits, fw, ["made for a test"]), encoding="utf-8")
    loaded = pb.load_cohort(path, attributes=["hub"])
    assert loaded.problems == ()
    assert loaded.notes == ("made for a test", "1 row names no round while the others do: "
                            "each such audit is a round of its own, named by its date; give "
                            "it the round it belongs to")
    back = list(loaded.cohort.audits())
    assert back[0].school == audits[0].school
    assert {c: r.level for c, r in back[0].ratings.items()} == {"P1.1": "fully", "P2.1": "not"}
    assert back[1].round == "2020-07-02"  # a cohort labels a round-less audit by its date


def test_a_carried_audit_in_conflict_names_the_file_it_met(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "examples" / "adapted"
    folder = tmp_path / "same-round"
    folder.mkdir()
    (folder / "old.yaml").write_bytes((root / "gatsby-2014-audit.yaml").read_bytes())
    (folder / "new.yaml").write_bytes((root / "gatsby-2024-audit.yaml").read_bytes())
    err = io.StringIO()
    assert main(["report", str(folder), "--to", "gatsby@2.0.0"], out=io.StringIO(),
                err=err) == 1
    assert (f"{folder / 'old.yaml'}: $: a second audit of school '100042' in round "
            f"'summer 2025' (the first is {folder / 'new.yaml'}); it was not used "
            "[conflict]") in err.getvalue()
