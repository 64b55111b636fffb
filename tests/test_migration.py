"""Change tables and audit migration: the bundled gatsby table, scale strategies, and the
guarantees (identity, nothing lost unreported, renames keep every score) as properties."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks import (
    Audit,
    Framework,
    Level,
    Scale,
    School,
    diff_frameworks,
    load_audit,
    load_framework,
    loads_framework,
    migrate,
    score,
)
from primary_benchmarks.analysis import MigrationError
from primary_benchmarks.cli import main
from primary_benchmarks.formats import dumps_framework
from primary_benchmarks.model import Change, ChangeTable

from .strategies import frameworks

ADAPTED = Path(__file__).resolve().parents[1] / "examples" / "adapted"
G1, G2 = load_framework("gatsby@1.0.0"), load_framework("gatsby@2.0.0")


def test_gatsby_example_migration_is_reproduced() -> None:
    audit = load_audit(ADAPTED / "gatsby-2014-audit.yaml")
    result = migrate(audit, G2, [G1])
    assert result.audit == load_audit(ADAPTED / "gatsby-2024-audit.yaml")
    kinds = [n.kind for n in result.report.notes]
    assert kinds.count("new") == 6
    assert kinds.count("split") == 1
    assert kinds.count("merged") == 1
    merged = next(n for n in result.report.notes if n.kind == "merged")
    assert merged.message == ("GB3.2 (achieved), GB3.3 (in_progress) were merged into GB3.3: "
                              "'in_progress' (lowest)")
    assert result.audit.ratings["GB1.3"] == audit.ratings["GB1.2"]  # renamed
    assert "GB1.4" not in result.audit.ratings                       # new: unrated


def test_merge_policy_highest() -> None:
    audit = Audit(framework=G1.ref, school=School(id="1"), date=dt.date(2025, 1, 1),
                  ratings={"GB3.2": "achieved", "GB3.3": "not_started"})
    assert migrate(audit, G2, [G1]).audit.ratings["GB3.3"].level == "not_started"
    assert migrate(audit, G2, [G1], merge="highest").audit.ratings["GB3.3"].level == "achieved"


def test_same_version_is_unchanged() -> None:
    audit = load_audit(ADAPTED / "gatsby-2024-audit.yaml")
    result = migrate(audit, G2)
    assert result.audit == audit
    assert result.report.exact


def test_no_path_is_a_clear_error() -> None:
    audit = Audit(framework="ne-primary@1.0.0", school=School(id="1"), date=dt.date(2025, 1, 1))
    with pytest.raises(MigrationError, match=r"no change table leads from ne-primary@1\.0\.0"):
        migrate(audit, G2, [G1])
    gatsby1 = Audit(framework=G1.ref, school=School(id="1"), date=dt.date(2025, 1, 1))
    with pytest.raises(MigrationError, match="which was not given"):
        migrate(gatsby1, G2)


def _with_scale(fw: Framework, levels: tuple[Level, ...]) -> Framework:
    return attrs.evolve(fw, version="9.0.0", scale=Scale(levels=levels),
                        migration=ChangeTable(from_ref=str(fw.ref), changes=tuple(
                            Change(kind="unchanged", old=(c,), new=(c,))
                            for c in fw.characteristic_ids)))


FIVE = (Level(id="l0", label="0", value=0), Level(id="l1", label="1", value=1),
        Level(id="l2", label="2", value=2), Level(id="l3", label="3", value=3, achieved=True),
        Level(id="l4", label="4", value=4, achieved=True))


@pytest.mark.parametrize(("strategy", "expected"), [
    ("clamp", {"not": "l0", "partially": "l1", "fully": "l2"}),
    ("proportional", {"not": "l0", "partially": "l2", "fully": "l4"}),
    ("reset", {}),
])
def test_scale_strategies(strategy: str, expected: dict[str, str]) -> None:
    ne = load_framework("ne-primary")
    new = _with_scale(ne, FIVE)
    audit = Audit(framework=ne.ref, school=School(id="1"), date=dt.date(2025, 1, 1),
                  ratings={"P1.1": "not", "P1.2": "partially", "P1.3": "fully"})
    result = migrate(audit, new, [ne], scale=strategy)
    got = {audit.ratings[c].level: r.level for c, r in result.audit.ratings.items()}
    assert got == expected
    assert result.report.notes[0].kind == "scale"


def test_a_scale_change_needs_a_strategy() -> None:
    ne = load_framework("ne-primary")
    audit = Audit(framework=ne.ref, school=School(id="1"), date=dt.date(2025, 1, 1))
    with pytest.raises(MigrationError, match="choose a scale strategy: clamp, proportional, reset"):
        migrate(audit, _with_scale(ne, FIVE), [ne])


@st.composite
def rated(draw: st.DrawFn, fw: Framework) -> Audit:
    ratings = {c: draw(st.sampled_from(fw.scale.ids)) for c in fw.characteristic_ids
               if draw(st.booleans())}
    return Audit(framework=fw.ref, school=School(id="s"), date=dt.date(2025, 1, 1),
                 ratings=ratings)


@given(st.data())
def test_identity_table_changes_nothing(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    audit = data.draw(rated(fw))
    identity = attrs.evolve(fw, version="99.0.0", migration=ChangeTable(
        from_ref=str(fw.ref), changes=tuple(Change(kind="unchanged", old=(c,), new=(c,))
                                            for c in fw.characteristic_ids)))
    result = migrate(audit, identity, [fw])
    assert result.report.exact
    assert result.audit == attrs.evolve(audit, framework=identity.ref)


@given(st.data())
def test_no_rating_is_lost_without_a_note(data: st.DataObject) -> None:
    audit = data.draw(rated(G1))
    result = migrate(audit, G2, [G1], merge=data.draw(st.sampled_from(["lowest", "highest"])))
    table = G2.migration
    assert table is not None
    noted = {cid for n in result.report.notes for cid in n.old}
    for old_id, rating in audit.ratings.items():
        targets = table.old_targets()[old_id]
        exact = all(t in result.audit.ratings and result.audit.ratings[t].level == rating.level
                    for t in targets) and targets
        assert exact or old_id in noted, old_id


@given(st.data())
def test_a_rename_only_table_keeps_every_score(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    audit = data.draw(rated(fw))
    new_id = {c: f"N{c}" for c in fw.characteristic_ids}
    text = dumps_framework(fw)
    for old, new in sorted(new_id.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"id: {old}\n", f"id: {new}\n").replace(f"- {old}\n", f"- {new}\n")
    renamed = attrs.evolve(loads_framework(text), version="50.0.0", migration=ChangeTable(
        from_ref=str(fw.ref), changes=tuple(Change(kind="renamed", old=(c,), new=(n,))
                                            for c, n in new_id.items())))
    result = migrate(audit, renamed, [fw])
    assert result.report.exact
    before, after = score(audit, fw), score(result.audit, renamed)
    assert (before.benchmarks_achieved, before.characteristics_achieved, before.score) == (
        after.benchmarks_achieved, after.characteristics_achieved, after.score)
    assert [b.achieved for b in before.benchmarks] == [b.achieved for b in after.benchmarks]


def test_diff_with_and_without_table() -> None:
    d = diff_frameworks(G1, G2)
    assert d.table_summary == {"unchanged": 2, "revised": 11, "renamed": 2, "split": 1, "merged": 1,
                               "withdrawn": 0, "new": 6}
    plain = diff_frameworks(load_framework("ne-primary"),
                            load_framework(ADAPTED / "frameworks" / "tees-valley.yaml"))
    assert plain.table_summary is None
    assert plain.added_benchmarks == ("TV9",)
    assert plain.removed_characteristics == ("P6.4",)
    assert diff_frameworks(G1, G1).empty


def test_cli_migrate_and_diff(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["migrate", str(ADAPTED / "gatsby-2014-audit.yaml"), "--to", "gatsby@2.0.0"],
                out=out, err=err) == 0
    assert out.getvalue() == (ADAPTED / "gatsby-2024-audit.yaml").read_text(encoding="utf-8")
    assert err.getvalue().splitlines()[0] == "gatsby@1.0.0 -> gatsby@2.0.0: 19 notes"
    target = tmp_path / "m.yaml"
    assert main(["migrate", str(ADAPTED / "gatsby-2014-audit.yaml"), "--to", "gatsby@2.0.0",
                 "--output", str(target)], out=io.StringIO(), err=io.StringIO()) == 0
    assert load_audit(target).framework == G2.ref
    out = io.StringIO()
    assert main(["diff", "gatsby@1.0.0", "gatsby@2.0.0"], out=out) == 0
    assert out.getvalue().splitlines()[-1] == ("change table: 2 unchanged, 11 revised, "
                                               "2 renamed, 1 split, 1 merged, 0 withdrawn, "
                                               "6 new")


def test_a_cohort_spanning_two_versions_reports_together() -> None:
    from primary_benchmarks import Cohort, report

    old = load_audit(ADAPTED / "gatsby-2014-audit.yaml")
    newer = attrs.evolve(load_audit(ADAPTED / "gatsby-2024-audit.yaml"),
                         date=dt.date(2026, 7, 10), round="summer 2026")
    audits = [migrate(a, G2, [G1]).audit for a in (old, newer)]
    result = report(Cohort.from_audits(audits, G2))
    assert [r.round for r in result.rounds] == ["summer 2025", "summer 2026"]


def test_a_changed_text_cannot_be_unchanged() -> None:
    from importlib import resources

    text = (resources.files("primary_benchmarks") / "frameworks" / "gatsby" / "2.0.0.yaml"
            ).read_text(encoding="utf-8")
    line = 1 + text.split("\n").index("    - {revised: GB2.1}")
    with pytest.raises(pb.LoadError) as info:
        pb.loads_framework(text.replace("{revised: GB2.1}", "{unchanged: GB2.1}"),
                           source="g.yaml")
    assert [str(i) for i in info.value.issues] == [
        f"g.yaml:{line}:19: $.migration.changes[4].unchanged: 'GB2.1' is marked unchanged, "
        "but its text differs from gatsby@1.0.0's; mark it revised (its rating is carried and "
        "flagged for review), or add editorial: true if only the wording changed "
        "[text-changed]"]
    editorial = text.replace("{revised: GB2.1}", "{unchanged: GB2.1, editorial: true}")
    assert pb.loads_framework(editorial).migration is not None


def test_revised_criteria_are_carried_and_flagged_for_review() -> None:
    from primary_benchmarks.formats import sample

    old, new = pb.load_framework("gatsby@1.0.0"), pb.load_framework("gatsby@2.0.0")
    audit = pb.load_audit(sample("gatsby-2014-audit.yaml"))
    result = pb.migrate(audit, new, [old])
    revised = {n.new[0]: n.message for n in result.report.notes if n.kind == "revised"}
    rated = {c for c in audit.ratings}
    expected = {"GB2.1", "GB2.2", "GB3.4", "GB4.1", "GB4.2", "GB5.1", "GB6.1", "GB6.2",
                "GB7.1", "GB7.2", "GB8.1"} & rated
    assert set(revised) == expected
    assert not result.report.exact
    for cid in expected:
        assert result.audit.ratings[cid].level == audit.ratings[cid].level
        assert revised[cid].endswith("was carried, review needed")
    assert new.benchmark("GB3").title == "Addressing the needs of each young person"


def test_an_id_or_level_the_audits_own_framework_lacks_is_refused_not_dropped() -> None:
    import datetime as dt

    import primary_benchmarks as pb
    from primary_benchmarks.errors import AuditMismatchError

    old, new = pb.load_framework("gatsby@1.0.0"), pb.load_framework("gatsby@2.0.0")
    for ratings, code in (({"ZZ.9": "achieved"}, "unknown-characteristic"),
                          ({"GB1.1": "excellent"}, "unknown-level")):
        audit = pb.Audit(framework=old.ref, school=pb.School(id="1"), date=dt.date(2024, 1, 1),
                         ratings=ratings)
        with pytest.raises(AuditMismatchError) as caught:
            pb.migrate(audit, new, [old])
        assert caught.value.issues[0].code == code


@pytest.mark.parametrize(("output", "where"), [
    ("audits", "is the folder being carried"),
    ("audits/carried", "is inside the folder being carried"),
    ("audits/a.yaml", "is the file being carried"),
])
def test_migrate_never_writes_over_the_audits_it_carries(tmp_path: Path, output: str,
                                                         where: str) -> None:
    import io

    from primary_benchmarks.cli import main

    folder = tmp_path / "audits"
    folder.mkdir()
    original = (Path(__file__).parent.parent / "examples/adapted/gatsby-2014-audit.yaml"
                ).read_bytes()
    (folder / "a.yaml").write_bytes(original)
    source = str(folder / "a.yaml") if output.endswith(".yaml") else str(folder)
    err = io.StringIO()
    assert main(["migrate", source, "--to", "gatsby@2.0.0", "--output",
                 str(tmp_path / output)], out=io.StringIO(), err=err) == 2
    assert err.getvalue().strip() == (
        f"primary-benchmarks migrate: error: --output {tmp_path / output} {where}; write the "
        "carried audits elsewhere (the originals are the record of what was rated)")
    assert (folder / "a.yaml").read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml"]
