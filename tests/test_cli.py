"""The command line: exit statuses, output formats, no tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from primary_benchmarks.cli import main

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "data" / "frameworks" / "broken"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_validate_bundled_frameworks_folder() -> None:
    status, out, _ = run("validate", str(ROOT / "frameworks"))
    assert status == 0
    assert len(out.splitlines()) == 5  # gatsby 1 and 2, their college overlays, ne-primary
    assert out.splitlines()[4].endswith(
        "ok: framework ne-primary@1.0.0 (8 benchmarks, 40 characteristics, 3 levels)")


def test_validate_reports_every_file() -> None:
    status, out, _ = run("validate", str(BROKEN / "bad-version.yaml"),
                         str(BROKEN / "duplicate-id.yaml"), str(ROOT / "frameworks"))
    assert status == 1
    assert "[bad-version]" in out
    assert "[duplicate-id]" in out
    assert out.rstrip().endswith("2 problems in 2 file(s)")


def test_validate_json() -> None:
    status, out, _ = run("validate", "--format", "json", str(BROKEN / "bad-version.yaml"))
    assert status == 1
    doc = json.loads(out)
    assert doc["valid"] is False
    assert doc["issues"][0] | {"file": None} == {
        "file": None, "line": 3, "col": 10, "path": "$.version", "code": "bad-version",
        "message": "'1.0' is not a semantic version such as '1.0.0'"}


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    assert run("validate")[0] == 2
    assert run("no-such-command")[0] == 2
    assert run("schema", "nothing")[0] == 2


def test_describe_and_frameworks() -> None:
    status, out, _ = run("describe", "ne-primary")
    assert status == 0
    assert out.splitlines()[0] == (
        "ne-primary@1.0.0  North East Career Benchmarks for primary schools")
    assert "P4  Linking curriculum learning to careers  [7 characteristics; achieved when all " \
           "characteristics achieved]" in out
    status, out, _ = run("describe", "--format", "json", str(ROOT / "frameworks" / "gatsby"
                                                            / "1.0.0.yaml"))
    assert status == 0
    assert json.loads(out)[0]["id"] == "gatsby"
    status, out, _ = run("frameworks", "--format", "json")
    assert [r["ref"] for r in json.loads(out)] == [
        "gatsby@1.0.0", "gatsby@2.0.0", "gatsby-colleges@1.0.0", "gatsby-colleges@2.0.0",
        "ne-primary@1.0.0"]


def test_describe_bad_file_reports_without_traceback() -> None:
    status, out, err = run("describe", str(BROKEN / "duplicate-key.yaml"))
    assert status == 1
    assert out == ""
    assert err.startswith(f"{BROKEN / 'duplicate-key.yaml'}:5:1: $.title: key 'title' appears")


@pytest.mark.parametrize("args", [["validate", str(BROKEN)], ["describe", "x@1"],
                                  ["frameworks"]])
def test_python_m_entry_point(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "primary_benchmarks", *args],
                          capture_output=True, text=True, check=False)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == (0 if args == ["frameworks"] else 1)
