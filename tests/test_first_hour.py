"""The first hour of a school, an LEP and a researcher: each step without guessing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- a school writing its first audit ---------------------------------------------------

def test_describe_one_framework_lists_what_to_rate() -> None:
    status, out, _ = _run("describe", "ne-primary")
    assert status == 0
    assert "      P1.3  The programme is published on the school website in a form pupils, " \
           "parents and carers can use.  [parents]" in out.splitlines()
    _, several, _ = _run("describe", "ne-primary", "gatsby")
    assert "P1.3" not in several  # several frameworks: benchmarks only, unless asked
    _, asked, _ = _run("describe", "ne-primary", "gatsby", "--characteristics")
    assert "GB8.2" in asked


def test_a_filled_yaml_template_validates(tmp_path: Path) -> None:
    path = tmp_path / "audit.yaml"
    status, _, err = _run("template", "ne-primary", "--output", str(path))
    assert status == 0
    assert "wrote a blank YAML audit" in err
    blank = path.read_text()
    assert _run("validate", str(path))[0] == 1  # blank: not yet an audit
    fw = pb.load_framework("ne-primary")
    for cid in fw.characteristic_ids:
        assert f"\n  {cid}:\n" in blank
    assert "The school has a written careers and personal development plan" in blank
    assert "Levels: not (Not achieved), partially (Partially achieved), fully" in blank
    filled = blank.replace('id: ""', 'id: "100001"').replace(
        "date:    ", "date: 2026-07-15    ")
    for cid in fw.characteristic_ids:
        filled = filled.replace(f"\n  {cid}:\n", f"\n  {cid}: partially\n")
    path.write_text(filled)
    status, out, _ = _run("validate", str(path), "--strict")
    assert status == 0, out
    assert pb.load_audit(path).level_of("P8.4") == "partially"


def test_a_filled_csv_template_loads(tmp_path: Path) -> None:
    status, text, _ = _run("template", "gatsby@2.0.0", "--format", "csv")
    assert status == 0
    header, row = text.splitlines()
    fw = pb.load_framework("gatsby@2.0.0")
    assert header.split(",")[5:] == list(fw.characteristic_ids)
    cells = row.split(",")
    cells[0], cells[2] = "S1", "2026-07-01"
    cells[5:] = ["achieved"] * len(fw.characteristic_ids)
    path = tmp_path / "wide.csv"
    path.write_text(header + "\n" + ",".join(cells) + "\n")
    loaded = pb.load_cohort(path)
    assert (loaded.accepted, loaded.refused) == (1, 0)
    assert pb.report(loaded.cohort).rounds[0].benchmarks_achieved == 8


def test_score_suggest_and_plan_show_what_each_id_means() -> None:
    _, out, _ = _run("score", str(sample("audits/baseline.yaml")))
    assert "needs P1.2  partially->fully  A named member of staff leads careers work" in out
    _, out, _ = _run("suggest", str(sample("audits/baseline.yaml")), "--max", "1")
    assert "Pupils learn about the routes after primary school" in out
    _, out, _ = _run("plan", str(sample("pilot-plan-SYN001.yaml")), "--today", "2020-01-01")
    assert "Pupils learn about the routes after primary school" in out


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_text(text)
    return _run("validate", str(path))[1].splitlines()[:-1]


HEAD = ("schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"
        "school: {id: \"1\"}\ndate: 2020-07-01\nratings:\n")


def test_errors_say_what_to_write(tmp_path: Path) -> None:
    lines = _problems(tmp_path, HEAD.replace("ne-primary@", "ne-primry@") + "  P1.1: fully\n")
    assert "; did you mean 'ne-primary'?; to use your own, put its file" in lines[0]
    lines = _problems(tmp_path, HEAD + "  P1.1: Fully\n  P1.2: full\n  P1.3: no\n")
    assert lines[0].endswith("did you mean 'fully'? [unknown-level]")
    assert lines[1].endswith("did you mean 'fully'? [unknown-level]")
    assert lines[2] == (f"{tmp_path / 'a.yaml'}:8:9: $.ratings[\"P1.3\"]: expected a level id, "
                        "got the boolean no; write one of the levels of ne-primary@1.0.0: "
                        "not, partially, fully; did you mean 'not'? [wrong-type]")
    lines = _problems(tmp_path, HEAD + "  P1.1: partially: yes\n")
    assert "a second colon on one line: put a value that holds ': ' in quotes" in lines[0]
    assert "(YAML: mapping values are not allowed in this context)" in lines[0]


def test_problems_come_in_line_order(tmp_path: Path) -> None:
    lines = _problems(tmp_path, HEAD + "  P1.2: nope\n  P1.1: Fully\n  P9.9: fully\n")
    assert [int(line.split(":")[1]) for line in lines] == [6, 7, 8]


def test_a_csv_given_as_an_audit_is_named_not_quoted(tmp_path: Path) -> None:
    csv = sample("pilot-audits.csv")
    status, out, err = _run("score", str(csv))
    assert status == 2
    assert "is a CSV file; this command reads one audit file (YAML)" in err
    assert len(err) < 400
    # anywhere else a file of text stands where a mapping should be: one line, cut short
    copy = tmp_path / "audit.yaml"
    copy.write_bytes(csv.read_bytes())
    status, out, _ = _run("validate", str(copy))
    assert status == 1
    assert len(out.splitlines()[0]) < 250
    assert out.splitlines()[0].endswith("...' [wrong-type]")


# --- an LEP adapting a framework --------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
ADAPTED = ROOT / "examples" / "adapted"
STOCKTON_AUDIT = ADAPTED / "stockton-hub" / "audits" / "ST001-autumn-2026.yaml"


def test_an_overlay_audit_names_the_way_to_its_framework() -> None:
    status, _, err = _run("score", str(STOCKTON_AUDIT))
    assert status == 1
    assert ("no framework 'stockton-hub-primary@0.1.0' is available" in err)
    assert "put its file in a folder on PRIMARY_BENCHMARKS_PATH (or --framework-path)" in err


def test_the_search_path_finds_frameworks_by_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    from primary_benchmarks.formats.registry import framework_path, using_framework_path

    with pytest.raises(pb.LoadError):
        pb.load_framework("stockton-hub-primary@0.1.0")
    monkeypatch.setenv("PRIMARY_BENCHMARKS_PATH", str(ADAPTED / "frameworks"))
    fw = pb.load_framework("stockton-hub-primary@0.1.0")  # an overlay of an overlay
    assert fw.adapted_from == "tees-valley-primary@1.0.0"
    assert pb.load_audit(STOCKTON_AUDIT).school.id == "ST001"
    monkeypatch.delenv("PRIMARY_BENCHMARKS_PATH")
    with using_framework_path([ADAPTED]):
        assert framework_path() == (str(ADAPTED),)
        assert pb.load_framework("tees-valley-primary").version == "1.0.0"
    assert framework_path() == ()
    with pytest.raises(pb.LoadError):  # not cached across search paths
        pb.load_framework("tees-valley-primary")


def test_framework_path_option_and_folder_validation() -> None:
    status, out, err = _run("score", str(STOCKTON_AUDIT), "--framework-path", str(ADAPTED))
    assert (status, err) == (0, "")
    assert out.startswith("School ST001: stockton-hub-primary@0.1.0")
    status, out, _ = _run("validate", str(ROOT / "examples"))
    assert status == 0, out


def test_copies_on_the_search_path_are_reported_not_used(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        (ROOT / "frameworks" / "ne-primary" / "1.0.0.yaml").read_text())
    (tmp_path / "notes.yaml").write_text("just: notes\n")
    (tmp_path / "broken.yaml").write_text("a: [\n")
    status, _, err = _run("frameworks", "--framework-path", str(tmp_path))
    assert status == 0
    assert f"{tmp_path / 'mine.yaml'}: $: ne-primary@1.0.0 is already available; this copy " \
           "is not used [duplicate-id]" in err
    assert "broken" not in err
    _, _, err = _run("frameworks", "--framework-path", str(tmp_path / "nope"))
    assert "a folder on the framework search path does not exist [not-found]" in err


# --- a researcher in a notebook ---------------------------------------------------------

def _pilot_report(by: str | None = None) -> pb.CohortReport:
    return pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort, by=by)


def test_the_daily_names_are_where_the_docs_say() -> None:
    assert pb.plot_levels is pb.output.plot_levels
    assert pb.pilot_tables is pb.output.pilot_tables
    for name in ("plot_rounds", "plot_histogram", "plot_change", "plot_wheel"):
        assert callable(getattr(pb.output, name))
    api = (ROOT / "docs" / "api.md").read_text()
    assert "| `plot_levels` | `primary_benchmarks.output`" in api
    listed = dir(pb)
    assert "annotations" not in listed
    assert "TYPE_CHECKING" not in listed
    assert "importlib" not in listed
    assert {"load_framework", "report", "output", "formats"} <= set(listed)


def test_print_a_report_and_ask_for_a_round_plainly() -> None:
    result = _pilot_report()
    assert str(result).splitlines()[0] == "Cohort report, ne-primary@1.0.0"
    assert "end of Y2  2021-07-12  58" in str(result)
    grouped = _pilot_report("type")
    assert "type" in grouped.to_text().splitlines()[1]
    with pytest.raises(KeyError, match="broken down by type: name the group too, as in "
                                       "round\\('baseline', 'academy'\\)"):
        grouped.round("baseline")
    with pytest.raises(KeyError, match="no round 'baseline Y1'; the rounds are 'baseline'"):
        result.round("baseline Y1")
    with pytest.raises(KeyError, match="has no groups"):
        result.round("baseline", "academy")


def test_every_result_and_a_list_of_them_has_a_tidy_form() -> None:
    grouped = _pilot_report("type")
    rows = pb.tidy_records(grouped)
    assert "type" in rows[0]
    assert "group" not in rows[0]
    later = next(r for r in rows if r["round"] == "end of Y1")
    assert (later["change_from"], later["paired"]) == ("baseline", 17)
    steps = pb.tidy_records(grouped.progress)
    assert {"before", "after", "benchmark", "moved_up"} <= set(steps[0])
    audit = pb.load_audit(sample("audits/baseline.yaml"))
    fw = pb.load_framework("ne-primary")
    scores = pb.tidy_records([pb.score(audit, fw), pb.score(audit, fw)])
    assert len(scores) == 16
    assert pb.tidy_records(pb.suggest_targets(audit, fw, max_targets=3))[0]["characteristic"]
    moved = pb.tidy_records(pb.progress(audit, pb.load_audit(sample("audits/end-of-y1.yaml")),
                                        fw))
    assert {"school", "characteristic", "before", "after"} <= set(moved[0])
    diff = pb.tidy_records(pb.diff_frameworks(pb.load_framework("gatsby@1.0.0"),
                                              pb.load_framework("gatsby@2.0.0")))
    assert len(diff) > 5
    with pytest.raises(TypeError, match="no tidy form for int; tidy forms exist for"):
        pb.tidy_records(3)


# --- everywhere ---------------------------------------------------------------------------

def _subparsers() -> dict[str, object]:
    import argparse

    from primary_benchmarks.cli import _parser

    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_a_description_an_example_and_one_format_vocabulary() -> None:
    for name, sub in _subparsers().items():
        text = sub.format_help()  # type: ignore[attr-defined]
        assert sub.description, name  # type: ignore[attr-defined]
        assert "example:\n  primary-benchmarks " + name in text, name
        if "--format" in text:
            assert "how to print:" in text, name
            import re

            assert all("table" not in choices
                       for choices in re.findall(r"--format \{([^}]*)\}", text)), name
    # the old name still works
    status, out, _ = _run("score", str(sample("audits/baseline.yaml")), "--format", "table")
    assert status == 0
    assert out.startswith("School 100001")


def test_the_cli_reference_is_made_from_the_parser() -> None:
    from primary_benchmarks.cli import EXAMPLES

    page = (ROOT / "docs" / "cli.md").read_text()
    for name, sub in _subparsers().items():
        section = page.split(f"\n## {name}\n")[1].split("\n## ")[0]
        for action in sub._actions:  # type: ignore[attr-defined]
            for option in action.option_strings:
                assert option in section, (name, option)
        for example in EXAMPLES[name]:
            assert example.split(" --")[0] in section.replace("\n", " ")


def test_report_output_file_precision_and_quiet(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    status, out, err = _run("report", str(sample("pilot-audits.csv")), "--format", "csv",
                            "--output", str(target))
    assert (status, out) == (0, "")
    assert f"wrote the csv report to {target}" in err
    row = target.read_text().splitlines()[1].split(",")
    assert row[4] == "0.131071"  # 6 decimal places by default
    _run("report", str(sample("pilot-audits.csv")), "--format", "csv", "--output",
         str(target), "--full-precision", "-q")
    assert len(target.read_text().splitlines()[1].split(",")[4]) > 10
    status, out, err = _run("report", str(sample("pilot-audits.csv")), "-q", "--output",
                            str(tmp_path / "r.txt"))
    assert (status, out, err) == (0, "", "")


def test_one_number_format_per_row_and_counted_nouns(tmp_path: Path) -> None:
    _, out, _ = _run("report", str(sample("pilot-audits.csv")))
    mean_row = next(line for line in out.splitlines() if line.startswith("Benchmarks achieved"))
    assert mean_row.split()[-3:] == ["0.0", "0.5", "2.4"]
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.yaml").write_bytes(sample("audits/baseline.yaml").read_bytes())
    _, out, _ = _run("report", str(one))
    assert "baseline (2019-07-15), 1 school: share" in out
    assert "1 schools" not in out


def test_the_synthetic_note_is_one_note() -> None:
    notes = pb.load_cohort(ROOT / "examples" / "pilot" / "audits.csv").notes
    assert len(notes) == 1
    assert notes[0].startswith("SYNTHETIC data: invented schools and ratings, built to "
                               "reproduce the published figures")


def test_warnings_for_swapped_arguments() -> None:
    base, later = sample("audits/baseline.yaml"), sample("audits/end-of-y1.yaml")
    status, _, err = _run("progress", str(later), str(base))
    assert status == 0
    assert "the first audit (2020-07-15) is later than the second (2019-07-15)" in err
    assert _run("progress", str(base), str(later))[2] == ""
    _, _, err = _run("plan", str(sample("pilot-plan-SYN001.yaml")), "--audit", str(base),
                     "--today", "2019-01-01")
    assert "--today (2019-01-01) is before the audit's date (2019-07-15)" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    import time as _time

    clock = iter(range(0, 10_000))
    monkeypatch.setattr(_time, "monotonic", lambda: float(next(clock)))
    for i in range(250):
        (tmp_path / f"a{i}.yaml").write_text(sample("audits/baseline.yaml").read_text()
                                             .replace('"100001"', f'"S{i}"'))
    err = _Terminal()
    assert main(["report", str(tmp_path), "--jobs", "1"], out=io.StringIO(), err=err) == 0
    assert "\rreading audit files: 100 of 250" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")
    piped = io.StringIO()
    assert main(["report", str(tmp_path), "--jobs", "1"], out=io.StringIO(), err=piped) == 0
    assert "reading audit files" not in piped.getvalue()
    quiet = _Terminal()
    main(["report", str(tmp_path), "-q", "--jobs", "1"], out=io.StringIO(), err=quiet)
    assert quiet.getvalue() == ""


def test_the_library_logs_and_never_prints(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    assert any(isinstance(h, logging.NullHandler)
               for h in logging.getLogger("primary_benchmarks").handlers)
    pb.load_cohort(sample("audits"))
    assert capsys.readouterr() == ("", "")
    _, _, err = _run("report", str(sample("audits")), "-v")
    assert "primary-benchmarks: " in err
    assert "reading 3 audit files" in err


# --- overlays: renaming, and what a removed id means -----------------------------------------

OVERLAY_HEAD = ("schema: primary-benchmarks/framework/v1\nid: my-region\nversion: \"1.0.0\"\n"
                "title: My region\npublisher: A region\nstatus: {state: draft}\n"
                "provenance: A test.\nextends: ne-primary@1.0.0\nchanges:\n")


def _overlay(tmp_path: Path, changes: str) -> Path:
    path = tmp_path / "region.yaml"
    path.write_text(OVERLAY_HEAD + changes)
    return path


def test_an_overlay_renames_benchmarks_and_characteristics(tmp_path: Path) -> None:
    path = _overlay(tmp_path, "  - rename_benchmark: P8\n    to: R8\n"
                              "  - rename_characteristic: P8.1\n    to: R8.1\n"
                              "  - change_characteristic: R8.1\n    text: Renamed and reworded.\n"
                              "  - change_benchmark: P6\n"
                              "    rule: {all_of: [{at_least: 1, of: [P6.1]}, {at_least: 2}]}\n"
                              "  - rename_characteristic: P6.1\n    to: R6.1\n")
    fw = pb.load_framework(path)
    assert [b.id for b in fw.benchmarks][-1] == "R8"
    r8 = fw.benchmark("R8")
    assert r8.characteristic_ids[0] == "R8.1"
    assert "renamed from P8.1 by my-region@1.0.0" in str(r8.characteristics[0].origin)
    assert "renamed from P8 by my-region@1.0.0" in str(r8.origin)
    assert "R6.1" in repr(fw.benchmark("P6").rule)  # the rule follows the new id
    assert "P6.1" not in repr(fw.benchmark("P6").rule)


def test_renames_that_collide_or_come_too_late_are_explained(tmp_path: Path) -> None:
    path = _overlay(tmp_path, "  - rename_characteristic: P1.1\n    to: P1.2\n")
    with pytest.raises(pb.LoadError) as info:
        pb.load_framework(path)
    assert info.value.issues[0].message == "'P1.2' is already an id in this framework"
    assert info.value.issues[0].code == "duplicate-id"
    path = _overlay(tmp_path, "  - rename_characteristic: P1.1\n    to: R1.1\n"
                              "  - change_characteristic: P1.1\n    text: Too late.\n"
                              "  - remove_characteristic: P1.2\n"
                              "  - change_characteristic: P1.2\n    text: Gone.\n")
    with pytest.raises(pb.LoadError) as info:
        pb.load_framework(path)
    messages = [i.message for i in info.value.issues]
    assert messages == [
        "'P1.1' is not a characteristic of ne-primary@1.0.0; this overlay renamed it to "
        "'R1.1' at $.changes[0]",
        "'P1.2' is not a characteristic of ne-primary@1.0.0; this overlay removed it at "
        "$.changes[2]"]


def test_an_audit_rating_what_an_adaptation_left_out_is_told_so(tmp_path: Path) -> None:
    from primary_benchmarks.formats.registry import using_framework_path

    _overlay(tmp_path, "  - remove_characteristic: P6.4\n")
    audit = tmp_path / "audit.yaml"
    audit.write_text("schema: primary-benchmarks/audit/v1\nframework: my-region@1.0.0\n"
                     "school: {id: \"1\"}\ndate: 2026-07-01\nratings:\n  P6.4: fully\n")
    with using_framework_path([tmp_path]), pytest.raises(pb.LoadError) as info:
        pb.load_audit(audit)
    assert info.value.issues[0].message == (
        "'P6.4' is not a characteristic of my-region@1.0.0: my-region@1.0.0 adapts "
        "ne-primary@1.0.0 and leaves this characteristic out; remove the rating, or rate the "
        "audit against the framework it was made for")


def test_adapting_docs_show_renames_and_set_scale() -> None:
    text = (ROOT / "docs" / "adapting.md").read_text()
    assert "rename_characteristic:" in text
    assert "rename_benchmark:" in text
    assert "set_scale:\n" in text
