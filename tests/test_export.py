"""Tidy data and round trips through pandas, polars, Arrow and Parquet."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import primary_benchmarks as pb
from primary_benchmarks.output import tidy as export

ROOT = Path(__file__).resolve().parents[1]
NE = pb.load_framework("ne-primary@1.0.0")


@pytest.fixture(scope="module")
def cohort() -> pb.Cohort:
    base = pb.load_cohort(ROOT / "examples" / "pilot" / "audits.csv").cohort
    audits = list(base.audits())
    # One incomplete audit with an extra school attribute, so unrated cells and attributes
    # travel too.
    audits[0] = pb.Audit(framework=NE.ref, school=pb.School(
        id="SYN001", name="Synthetic Primary 01", local_authority="Northumberland",
        type="community", attributes={"trust": "North"}), date=audits[0].date,
        round=audits[0].round, ratings={"P1.1": "fully", "P2.2": "partially"})
    return pb.Cohort.from_audits(audits, NE)


def _audits(c: pb.Cohort) -> set[tuple[Any, ...]]:
    return {(a.school.id, a.school.local_authority, a.school.attributes.get("trust"), a.date,
             a.round, tuple(sorted((k, r.level) for k, r in a.ratings.items())))
            for a in c.audits()}


def test_pandas_round_trip(cohort: pb.Cohort) -> None:
    df = pb.to_pandas(cohort)
    assert len(df) == 197 * 40 + 2
    assert list(df["level"].cat.categories) == ["not", "partially", "fully"]
    assert df["level"].cat.ordered
    assert _audits(pb.formats.cohort_from_pandas(df, NE)) == _audits(cohort)


def test_arrow_and_parquet_round_trip(cohort: pb.Cohort, tmp_path: Path) -> None:
    table = pb.output.to_arrow(cohort)
    assert table.schema.field("level").type.ordered
    assert _audits(pb.formats.cohort_from_arrow(table, NE)) == _audits(cohort)
    pb.output.write_parquet(cohort, tmp_path / "c.parquet")
    assert _audits(pb.formats.read_parquet(tmp_path / "c.parquet", NE)) == _audits(cohort)


def test_polars_round_trip(cohort: pb.Cohort) -> None:
    df = pb.to_polars(cohort)
    assert str(df.schema["level"]) == "Enum(categories=['not', 'partially', 'fully'])"
    assert _audits(pb.formats.cohort_from_polars(df, NE)) == _audits(cohort)


def test_tidy_records_of_every_kind(cohort: pb.Cohort) -> None:
    audit = cohort.audit(0)
    rows = pb.tidy_records(audit, NE)
    assert len(rows) == 40
    assert rows[0] | {"note": None} == {
        "school": "SYN001", "name": "Synthetic Primary 01", "local_authority": "Northumberland",
        "type": "community", "trust": "North", "date": audit.date, "round": "baseline",
        "framework": "ne-primary@1.0.0", "benchmark": "P1", "characteristic": "P1.1",
        "level": "fully", "note": None}
    assert rows[1]["level"] is None  # unrated
    score_rows = pb.tidy_records(pb.score(audit, NE))
    assert [r["benchmark"] for r in score_rows] == [b.id for b in NE.benchmarks]
    report_rows = pb.tidy_records(pb.report(cohort))
    assert len(report_rows) == 3 * 8
    plan = pb.load_plan(ROOT / "examples" / "pilot" / "plans" / "SYN001.yaml")
    plan_rows = pb.tidy_records(pb.evaluate_plan(plan, audit, NE, today=dt.date(2020, 1, 1)))
    assert plan_rows[0]["status"] == "not_yet"
    cohort_rows = pb.tidy_records(cohort)
    assert cohort_rows[0]["trust"] == "North"
    assert cohort_rows[2]["level"] == "not"
    with pytest.raises(ValueError, match="need its framework"):
        pb.tidy_records(audit)
    with pytest.raises(TypeError, match="no tidy form for int"):
        pb.tidy_records(3)


def test_other_results_to_pandas_have_ordered_levels(cohort: pb.Cohort) -> None:
    df = pb.to_pandas(cohort.audit(5), NE)
    assert df["level"].cat.ordered
    assert pb.to_pandas(pb.report(cohort))["share_fully"].iloc[0] == pytest.approx(25 / 350,
                                                                                  abs=0.01)
    assert pb.to_polars(pb.score(cohort.audit(5), NE)).height == 8
    assert pb.output.to_arrow(pb.report(cohort)).num_rows == 24


def test_a_missing_extra_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("polars"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    monkeypatch.delitem(__import__("sys").modules, "polars", raising=False)
    with pytest.raises(pb.output.MissingExtraError) as info:
        export.to_polars(pb.report(pb.Cohort.from_audits([], NE)))
    assert str(info.value) == ("this needs polars, which is not installed; install it with "
                               "pip install 'primary-benchmarks[polars]'")
    assert isinstance(info.value, ImportError)


def test_import_does_not_load_heavy_extras() -> None:
    import subprocess
    import sys

    code = ("import sys, primary_benchmarks; "
            "print(sorted(m for m in ('pandas', 'polars', 'pyarrow', 'matplotlib') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
