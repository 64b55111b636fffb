"""Audits: loading, saving, copying forward, checking against frameworks, progress."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from primary_benchmarks import (
    Audit,
    LoadError,
    Rating,
    School,
    dump_audit,
    load_audit,
    load_framework,
    loads_audit,
    progress,
    score,
)
from primary_benchmarks._text import identifier_problem
from primary_benchmarks.analysis import IncomparableAuditsError
from primary_benchmarks.cli import main
from primary_benchmarks.errors import AuditMismatchError
from primary_benchmarks.formats import dumps_audit
from primary_benchmarks.model import Evidence, copy_forward

AUDITS = Path(__file__).parent / "data" / "audits" / "valid"
NE = load_framework("ne-primary@1.0.0")


def test_load_valid_audit() -> None:
    audit = load_audit(AUDITS / "baseline.yaml")
    assert audit.framework == NE.ref
    assert audit.school == School(id="100001", name="Example Primary", local_authority="Durham",
                                  type="academy")
    assert audit.round == "baseline"
    assert len(audit.ratings) == 40
    assert audit.ratings["P1.2"] == Rating(
        level="partially", note="Named lead, training booked.",
        evidence=(Evidence(description="Staff list", date=dt.date(2019, 6, 30),
                           url="https://example.org/staff"),))


def test_incomplete_audit_loads_and_scores_unrated_at_lowest() -> None:
    audit = load_audit(AUDITS / "incomplete.yaml")
    result = score(audit, NE)
    assert not result.complete
    assert len(result.unrated) == 38
    assert result.benchmark("P1").levels["not"] == 4


def test_round_trip_of_example_audits(tmp_path: Path) -> None:
    for path in AUDITS.glob("*.yaml"):
        audit = load_audit(path)
        assert loads_audit(dumps_audit(audit)) == audit
        dump_audit(audit, tmp_path / path.name)
        assert load_audit(tmp_path / path.name) == audit


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"),
                              blacklist_characters="\u2028\u2029\ufeff\x85"),
                min_size=1, max_size=30).filter(lambda t: t.strip() != "")
_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1))
#: Round labels are identifiers: NFC, no invisible characters or odd spaces.
_labels = _text.filter(lambda t: identifier_problem(t) is None).map(
    lambda t: unicodedata.normalize("NFC", t))


@st.composite
def audits(draw: st.DrawFn) -> Audit:
    ratings = {}
    for cid in draw(st.lists(st.sampled_from(NE.characteristic_ids), unique=True)):
        evidence = tuple(Evidence(description=draw(_text), date=draw(st.none() | _dates),
                                  url=draw(st.none() | st.just("https://example.org/x")))
                         for _ in range(draw(st.integers(0, 2))))
        ratings[cid] = Rating(level=draw(st.sampled_from(NE.scale.ids)),
                              note=draw(st.none() | _text), evidence=evidence)
    return Audit(
        framework=NE.ref,
        school=School(id=draw(st.from_regex(r"[0-9A-Za-z]{1,8}", fullmatch=True)),
                      name=draw(st.none() | _text), local_authority=draw(st.none() | _text),
                      attributes=draw(st.dictionaries(st.sampled_from(["trust", "size"]),
                                                      _text, max_size=2))),
        date=draw(_dates), round=draw(st.none() | _labels), assessor=draw(st.none() | _text),
        site=draw(st.none() | _text), ratings=ratings)


@given(audits())
def test_generated_audits_round_trip(audit: Audit) -> None:
    assert loads_audit(dumps_audit(audit)) == audit


def test_copy_forward() -> None:
    audit = load_audit(AUDITS / "baseline.yaml")
    nxt = copy_forward(audit, date=dt.date(2019, 12, 31), round="autumn", assessor="New lead")
    assert nxt.ratings == audit.ratings
    assert (nxt.date, nxt.round, nxt.assessor) == (dt.date(2019, 12, 31), "autumn", "New lead")
    assert audit.round == "baseline"  # the old audit is untouched
    assert copy_forward(audit, date=dt.date(2020, 1, 1)).round is None
    with pytest.raises(ValueError, match="must be after 2019-07-15"):
        copy_forward(audit, date=dt.date(2019, 7, 15))


def test_audit_needs_an_exact_version() -> None:
    with pytest.raises(ValueError, match="exact framework version"):
        Audit(framework="ne-primary", school=School(id="1"), date=dt.date(2020, 1, 1))


def test_scoring_rejects_foreign_ids_and_versions() -> None:
    audit = Audit(framework=NE.ref, school=School(id="1"), date=dt.date(2020, 1, 1),
                  ratings={"P1.1": "fully", "X.1": "fully", "P1.2": "great"})
    with pytest.raises(AuditMismatchError) as info:  # a ValueError, not a file's LoadError
        score(audit, NE)
    assert not isinstance(info.value, LoadError)
    assert str(info.value).splitlines() == [
        "$.ratings[\"X.1\"]: 'X.1' is not a characteristic of ne-primary@1.0.0 "
        "[unknown-characteristic]",
        "$.ratings[\"P1.2\"]: 'great' is not a level of ne-primary@1.0.0 [unknown-level]"]
    other = attrs.evolve(audit, framework="gatsby@1.0.0", ratings={})
    with pytest.raises(AuditMismatchError) as info:
        score(other, NE)
    assert info.value.codes == ("framework-mismatch",)


def test_progress_between_two_audits() -> None:
    old = load_audit(AUDITS / "baseline.yaml")
    new = load_audit(AUDITS / "end-of-y1.yaml")
    p = progress(old, new, NE)
    assert [(m.characteristic, m.before, m.after) for m in p.up] == [
        ("P1.2", "partially", "fully"), ("P1.3", "not", "fully"), ("P1.4", "partially", "fully"),
        ("P1.5", "not", "fully"), ("P5.1", "partially", "fully")]
    assert [(m.characteristic, m.before, m.after) for m in p.down] == [
        ("P4.7", "fully", "partially")]
    assert p.newly_achieved == ("P1",)
    assert p.lost == ("P4",)
    assert p.benchmarks_achieved_change == 0
    assert p.characteristics_achieved_change == pytest.approx(4 / 40)
    # +0.5 (P1.2) +1 (P1.3) +0.5 (P1.4) +1 (P1.5) +0.5 (P5.1) -0.5 (P4.7)
    assert p.score_change == pytest.approx(3 / 40)


def test_progress_not_applicable_moves_are_other() -> None:
    fw = load_framework(Path(__file__).parent / "data" / "frameworks" / "valid" / "rules.yaml")
    a = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 1, 1),
              ratings={"A.1": "na", "A.2": "some"})
    b = attrs.evolve(a, date=dt.date(2020, 7, 1), ratings={"A.1": "most", "A.2": "none"})
    p = progress(a, b, fw)
    assert [m.characteristic for m in p.other] == ["A.1"]
    assert [m.characteristic for m in p.down] == ["A.2"]
    assert p.up == ()


def test_progress_refuses_incomparable_audits() -> None:
    old = load_audit(AUDITS / "baseline.yaml")
    gatsby = load_framework("gatsby@1.0.0")
    other = Audit(framework=gatsby.ref, school=old.school, date=dt.date(2020, 1, 1))
    with pytest.raises(IncomparableAuditsError, match="different framework versions"):
        progress(old, other, NE)
    with pytest.raises(IncomparableAuditsError, match="different schools"):
        progress(old, attrs.evolve(old, school=School(id="9")), NE)
    assert isinstance(IncomparableAuditsError("x"), ValueError)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_cli_score_json_keys_and_order() -> None:
    status, out, _ = _run("score", "--format", "json", str(AUDITS / "end-of-y1.yaml"),
                          str(AUDITS / "baseline.yaml"))
    assert status == 0
    doc = json.loads(out)
    assert [d["date"] for d in doc] == ["2020-07-15", "2019-07-15"]
    first = doc[1]
    assert {"school", "framework", "date", "round", "complete", "unrated",
            "benchmarks_achieved", "benchmarks_assessed", "characteristics_achieved", "score",
            "benchmarks"} <= set(first)
    assert first["benchmarks_achieved"] == 1
    assert first["characteristics_achieved"] == pytest.approx(11 / 40)
    p1 = first["benchmarks"][0]
    assert set(p1) >= {"id", "achieved", "levels", "characteristics_achieved", "score",
                       "blocking"}
    assert p1["levels"] == {"not": 2, "partially": 2, "fully": 1}
    assert p1["blocking"][0] == {"characteristic": "P1.2", "level": "partially",
                                 "needs": "fully", "unrated": False}


def test_cli_score_table_reads_like_a_report() -> None:
    status, out, _ = _run("score", str(AUDITS / "baseline.yaml"))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "School 100001: ne-primary@1.0.0, 2019-07-15 (baseline)"
    assert lines[1] == ("  benchmarks achieved: 1 of 8; characteristics achieved: 28%; "
                        "score: 0.41")
    assert "  P4  Linking curriculum learning to careers        achieved  100%" in lines
    assert lines[2].startswith("  P1  Careers and personal development")
    assert lines[2].endswith("not yet    20%")
    # each missing step on its own line, with the characteristic's text (cut to fit)
    assert lines[3] == ("      needs P1.2  partially->fully  A named member of staff leads "
                        "careers work and has the time and tra...")
    assert lines[4].startswith("      needs P1.3  not->fully        The programme is published")


def test_cli_progress() -> None:
    status, out, _ = _run("progress", str(AUDITS / "baseline.yaml"),
                          str(AUDITS / "end-of-y1.yaml"))
    assert status == 0
    assert "  benchmarks achieved: 1 -> 1 (+0)" in out
    assert "  newly achieved: P1" in out
    assert "  lost: P4" in out
    status, out, _ = _run("progress", "--format", "json", str(AUDITS / "baseline.yaml"),
                          str(AUDITS / "end-of-y1.yaml"))
    assert json.loads(out)["lost"] == ["P4"]


def test_cli_progress_of_different_versions_is_a_clear_error(tmp_path: Path) -> None:
    gatsby = tmp_path / "g.yaml"
    gatsby.write_text("schema: primary-benchmarks/audit/v1\nframework: gatsby@1.0.0\n"
                      "school: {id: '100001'}\ndate: 2020-07-01\nratings: {}\n")
    status, _, err = _run("progress", str(AUDITS / "baseline.yaml"), str(gatsby))
    assert status == 1
    assert err == ("g.yaml:2:12: $.framework: the audit is against gatsby@1.0.0, but the "
                   "framework given is ne-primary@1.0.0 [framework-mismatch]\n").join(
        [str(tmp_path) + "/", ""])


def test_cli_validate_audits_and_strict() -> None:
    status, out, _ = _run("validate", str(AUDITS))
    assert status == 0
    assert out.splitlines()[2].endswith(
        "incomplete.yaml: ok: audit of school 100002 against ne-primary@1.0.0 on 2019-11-01 "
        "(2 ratings)")
    status, out, _ = _run("validate", "--strict", str(AUDITS / "incomplete.yaml"))
    assert status == 1
    assert "[unrated]" in out


def test_cli_score_with_framework_file() -> None:
    rules = Path(__file__).parent / "data" / "frameworks" / "valid" / "rules.yaml"
    audit = Path(__file__).parent / "data" / "audits" / "rules-audit.yaml"
    status, out, err = _run("score", "--framework", str(rules), "--format", "json", str(audit))
    assert (status, err) == (0, "")
    assert json.loads(out)[0]["benchmarks_achieved"] == 2
    status, _, err = _run("score", str(audit))
    assert status == 1
    assert "no framework 'test-rules@0.1.0-draft.1' is available" in err


def test_shared_values_are_written_out_not_aliased() -> None:
    day = dt.date(2019, 6, 30)
    evidence = (Evidence(description="One", date=day), Evidence(description="Two", date=day))
    audit = Audit(framework=NE.ref, school=School(id="1"), date=day,
                  ratings={"P1.1": Rating(level="fully", evidence=evidence)})
    text = dumps_audit(audit)
    assert "&" not in text
    assert "*" not in text
    assert loads_audit(text) == audit
