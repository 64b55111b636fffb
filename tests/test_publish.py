"""A publishable data set: Frictionless-valid, DfE-style metadata, provenance, suppression
on by default."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import frictionless
import pyarrow.parquet as pq

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample

WHEN = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_publish_writes_a_valid_data_package(tmp_path: Path) -> None:
    names = pb.publish(sample("pilot-audits.csv"), tmp_path, made_at=WHEN)
    assert names == ["aggregates.csv", "aggregates.meta.csv", "aggregates.parquet",
                     "audits.csv", "audits.meta.csv", "audits.parquet", "datapackage.json",
                     "provenance.json"]
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in package["resources"]} >= {"audits.csv", "aggregates.csv"}


def test_the_data_set_follows_the_open_data_conventions(tmp_path: Path) -> None:
    pb.publish(sample("pilot-audits.csv"), tmp_path, made_at=WHEN)
    audits = _rows(tmp_path / "audits.csv")
    assert len(audits) == 198
    assert (audits[0]["time_period"], audits[0]["time_identifier"]) == ("201819",
                                                                        "Academic year")
    aggregates = _rows(tmp_path / "aggregates.csv")
    national = [r for r in aggregates if r["geographic_level"] == "National"]
    assert [r["characteristics_achieved"] for r in national] == ["13.1", "39.0", "65.0"]
    local = [r for r in aggregates if r["geographic_level"] == "Local authority"]
    assert local
    # suppression on by default (5 schools): the small authorities' rows are left out
    hidden = [r for r in local if r["suppressed"] == "1"]
    assert all(r["characteristics_achieved"] == "" for r in hidden)
    assert all(r in hidden for r in local if int(r["schools"]) < 5)
    meta = _rows(tmp_path / "aggregates.meta.csv")
    kinds = {m["col_name"]: (m["col_type"], m["indicator_unit"], m["indicator_dp"]) for m in meta}
    assert kinds["characteristics_achieved"] == ("Indicator", "%", "1")
    assert kinds["schools"] == ("Indicator", "", "0")
    assert kinds["la_name"][0] == "Filter"


def test_provenance_says_what_made_it(tmp_path: Path) -> None:
    pb.publish(sample("pilot-audits.csv"), tmp_path, made_at=WHEN, min_schools=None)
    provenance = json.loads((tmp_path / "provenance.json").read_text())
    assert provenance["software"] == {"name": "primary-benchmarks", "version": pb.__version__}
    assert provenance["framework"]["reference"] == "ne-primary@1.0.0"
    assert len(provenance["framework"]["content_sha256"]) == 64
    import hashlib

    digest = hashlib.sha256(sample("pilot-audits.csv").read_bytes()).hexdigest()
    assert provenance["inputs"] == {"pilot-audits.csv": digest}
    assert provenance["options"]["min_schools"] is None
    assert provenance["disclosure"] is None
    assert provenance["made_at"] == "2026-11-30T12:00:00+00:00"
    metadata = pq.read_schema(tmp_path / "aggregates.parquet").metadata
    assert metadata[b"primary_benchmarks.framework"] == b"ne-primary@1.0.0"
    assert metadata[b"primary_benchmarks.framework_sha256"].decode() == (
        provenance["framework"]["content_sha256"])


def test_publish_from_the_command_line(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["publish", str(sample("audits")), str(tmp_path / "out"), "--min-schools",
                 "2"], out=io.StringIO(), err=err) == 0
    assert "wrote 8 files to" in err.getvalue()
    provenance = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert set(provenance["inputs"]) == {"baseline.yaml", "end-of-y1.yaml", "incomplete.yaml"}
    assert provenance["disclosure"] == {"min_schools": 2}


def test_a_published_csv_runs_nothing_in_a_spreadsheet(tmp_path: Path) -> None:
    pilot = Path(__file__).parent.parent / "examples" / "pilot" / "audits.csv"
    lines = pilot.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "a.csv"
    source.write_text("\n".join(line.replace(",Northumberland,", ",=HYPERLINK(1),")
                                for line in lines) + "\n", encoding="utf-8")
    pb.publish(source, tmp_path / "out", made_at=WHEN, min_schools=None)
    rows = _rows(tmp_path / "out" / "audits.csv")
    authorities = {r["local_authority"] for r in rows}
    assert "'=HYPERLINK(1)" in authorities
    assert not any(v.startswith("=") for r in rows for v in r.values())
    table = pq.read_table(tmp_path / "out" / "audits.parquet")
    assert "=HYPERLINK(1)" in set(table.column("local_authority").to_pylist())
