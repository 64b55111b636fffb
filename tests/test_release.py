"""What a release carries: one version everywhere, a licence, a citation, a changelog entry,
and reports that say what produced them."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_one_version_everywhere() -> None:
    version = PROJECT["version"]
    assert pb.__version__ == version  # read from the installed metadata
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["version"] == version
    assert citation["cff-version"] == "1.2.0"
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog,
                     flags=re.M)
    assert "## [Unreleased]" in changelog


def test_the_command_line_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"primary-benchmarks {pb.__version__}"


def test_the_licence_is_the_one_declared() -> None:
    assert PROJECT["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "LICENSE" in PROJECT["license-files"]
    for info in pb.formats.bundled_frameworks():
        assert "Terms:" in pb.load_framework(str(info.ref)).provenance, info.ref


def test_every_supported_python_has_a_classifier() -> None:
    classifiers = PROJECT["classifiers"]
    for minor in (11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert PROJECT["requires-python"] == ">=3.11"


def test_reports_say_what_produced_them(tmp_path: Path) -> None:
    line = f"Produced by primary-benchmarks {pb.__version__} from the framework ne-primary@1.0.0"
    for fmt in ("text", "markdown", "html"):
        out = io.StringIO()
        main(["report", str(sample("pilot-audits.csv")), "--format", fmt], out=out,
             err=io.StringIO())
        assert line in out.getvalue(), fmt
    out = io.StringIO()
    main(["report", str(sample("pilot-audits.csv")), "--format", "json"], out=out,
         err=io.StringIO())
    doc = json.loads(out.getvalue())
    digest = pb.formats.framework_format.framework_hash(pb.load_framework("ne-primary"))
    assert doc["produced_by"] == {"software": "primary-benchmarks", "version": pb.__version__,
                                  "framework_sha256": digest}
    assert doc["framework"] == "ne-primary@1.0.0"
    assert any(note.startswith(line) for note in doc["notes"])


def test_how_to_cite_is_on_the_first_pages() -> None:
    assert "## How to cite" in (ROOT / "README.md").read_text()
    assert "## How to cite" in (ROOT / "docs" / "index.md").read_text()
    assert (ROOT / "docs" / "releasing.md").is_file()


def test_tables_and_files_record_what_made_them(tmp_path: Path) -> None:
    cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    digest = pb.formats.framework_format.framework_hash(cohort.framework)
    expected = {"primary_benchmarks.version": pb.__version__,
                "primary_benchmarks.framework": "ne-primary@1.0.0",
                "primary_benchmarks.framework_sha256": digest}
    assert pb.to_pandas(cohort).attrs == expected
    assert pb.to_pandas(pb.report(cohort)).attrs == expected
    pb.output.write_parquet(cohort, tmp_path / "c.parquet")
    import pyarrow.parquet as pq

    metadata = pq.read_schema(tmp_path / "c.parquet").metadata
    assert {k.decode(): v.decode() for k, v in metadata.items()
            if k.startswith(b"primary_benchmarks.")} == expected
