"""The college variants of the Gatsby benchmarks, and what reports call institutions."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.cli import main


@pytest.mark.parametrize(("ref", "base", "left_out"), [
    ("gatsby-colleges@1.0.0", "gatsby@1.0.0", ["GB4"]),
    ("gatsby-colleges@2.0.0", "gatsby@2.0.0", ["GB3", "GB8"]),
])
def test_college_variants_are_bundled_overlays(ref: str, base: str,
                                               left_out: list[str]) -> None:
    fw = pb.load_framework(ref)
    assert fw.adapted_from == base
    assert (fw.institution, fw.institutions, fw.phase) == ("college", "colleges",
                                                            "further education")
    ids = [b.id for b in fw.benchmarks]
    assert all(b not in ids for b in left_out)
    assert len(ids) == 8 - len(left_out)
    # what cannot be sourced is said, not invented
    assert "left out" in fw.provenance
    assert "paraphrased" in fw.provenance
    school = pb.load_framework(base)
    for c in fw.characteristics:
        if c.id in school.characteristic_ids:  # every kept criterion is rewritten for colleges
            assert c.text != school.characteristic(c.id).text
        assert "pupil" not in c.text


def test_an_overlay_of_a_college_variant_keeps_its_noun(tmp_path: Path) -> None:
    path = tmp_path / "hub.yaml"
    path.write_text(
        "schema: primary-benchmarks/framework/v1\nid: hub-colleges\nversion: \"1.0.0\"\n"
        "title: A hub's college benchmarks\npublisher: A hub\nstatus: {state: draft}\n"
        "provenance: A test.\nextends: gatsby-colleges@2.0.0\n"
        "changes:\n  - add_characteristic: {id: H7.1, text: Learners visit a local university.}\n"
        "    benchmark: GB7\n")
    assert pb.load_framework(path).institution == "college"
    path.write_text(path.read_text().replace("status:", "institution: provider\nstatus:"))
    assert pb.load_framework(path).institutions == "providers"


@pytest.mark.parametrize(("noun", "plural"), [
    ("school", "schools"), ("college", "colleges"), ("academy", "academies"),
    ("class", "classes"), ("training provider", "training providers"), ("survey", "surveys"),
])
def test_plural_of_the_institution_noun(noun: str, plural: str) -> None:
    fw = pb.load_framework("ne-primary")
    import attrs

    assert attrs.evolve(fw, institution=noun).institutions == plural


def test_the_noun_must_be_a_lowercase_word(tmp_path: Path) -> None:
    text = pb.formats.dumps_framework(pb.load_framework("ne-primary")).replace(
        "phase: primary\n", "phase: primary\ninstitution: College!\n")
    with pytest.raises(pb.LoadError) as info:
        pb.formats.loads_framework(text, source="fw.yaml")
    issue = info.value.issues[0]
    assert (issue.path, issue.code) == ("$.institution", "invalid-value")
    assert "a lowercase noun such as 'school' or 'college'" in issue.message


def _college_cohort() -> pb.Cohort:
    fw = pb.load_framework("gatsby-colleges@2.0.0")
    audits = [pb.Audit(framework=fw.ref, school=pb.School(id=f"C{i}"), date=day,
                       round=label, ratings=dict.fromkeys(fw.characteristic_ids[: i + k],
                                                          "achieved"))
              for i in range(3) for k, (label, day) in enumerate(
                  [("autumn", dt.date(2025, 10, 1)), ("summer", dt.date(2026, 7, 1))])]
    return pb.Cohort.from_audits(audits, fw)


def test_reports_on_colleges_say_colleges(tmp_path: Path) -> None:
    cohort = _college_cohort()
    result = pb.report(cohort)
    assert result.to_dict()["institution"] == "college"
    from primary_benchmarks.output.page import report_html
    from primary_benchmarks.output.render import pilot_tables

    for text in (pilot_tables(result), pilot_tables(result, markdown=True),
                 report_html(result)):
        assert "colleges" in text
        assert "Colleges audited" in text
        assert "school" not in text.lower()
    school_report = pb.report(pb.load_cohort(pb.formats.sample("pilot-audits.csv")).cohort)
    assert "Schools audited" in pilot_tables(school_report)
    assert pb.report(pb.load_cohort(pb.formats.sample("pilot-audits.csv")).cohort).to_dict()[
        "institution"] == "school"


def test_describe_names_the_institutions() -> None:
    out = io.StringIO()
    assert main(["describe", "gatsby-colleges@2.0.0"], out=out) == 0
    assert "audits colleges" in out.getvalue()
    out = io.StringIO()
    assert main(["describe", "gatsby-colleges", "--format", "json"], out=out) == 0
    assert json.loads(out.getvalue())[0]["institution"] == "college"
