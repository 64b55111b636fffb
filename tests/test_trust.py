"""Nothing lost, and exports that are safe to open: atomic saves survive a kill, every bundled
and example file loads, dumps and loads back unchanged, CSV output carries no formulas, and
HTML output escapes every user-supplied string."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.output.page import report_html
from primary_benchmarks.output.render import report_csv

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = [*sorted((ROOT / "frameworks").glob("*/*.yaml")),
              *sorted((ROOT / "tests/data/frameworks/valid").glob("*.yaml")),
              *sorted((ROOT / "examples/adapted").glob("frameworks/*.yaml"))]
AUDITS = [*sorted((ROOT / "tests/data/audits/valid").glob("*.yaml")),
          *sorted((ROOT / "examples/adapted").glob("*/audits/*.yaml")),
          *sorted((ROOT / "examples/adapted").glob("gatsby-*.yaml"))]
PLANS = [*sorted((ROOT / "examples/pilot/plans").glob("*.yaml")),
         *sorted((ROOT / "tests/data/plans/valid").glob("*.yaml"))]


def _framework_for(path: Path) -> pb.Framework | None:
    for folder in ("tees-valley", "stockton-hub"):
        if folder in path.parts:
            return pb.load_framework(ROOT / "examples/adapted/frameworks" / f"{folder}.yaml")
    return None


@pytest.mark.parametrize("path", FRAMEWORKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_framework_load_dump_load(path: Path) -> None:
    fw = pb.load_framework(path)
    text = pb.formats.dumps_framework(fw)
    assert pb.loads_framework(text) == fw
    assert pb.formats.dumps_framework(pb.loads_framework(text)) == text


@pytest.mark.parametrize("path", AUDITS, ids=lambda p: str(p.relative_to(ROOT)))
def test_audit_load_dump_load(path: Path) -> None:
    fw = _framework_for(path)
    audit = pb.load_audit(path, framework=fw)
    text = pb.formats.dumps_audit(audit)
    assert pb.loads_audit(text, framework=fw) == audit
    assert pb.formats.dumps_audit(pb.loads_audit(text, framework=fw)) == text


@pytest.mark.parametrize("path", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plan_load_dump_load(path: Path) -> None:
    plan = pb.load_plan(path)
    text = pb.formats.dumps_plan(plan)
    assert pb.formats.loads_plan(text) == plan
    assert pb.formats.dumps_plan(pb.formats.loads_plan(text)) == text


# The child writes 8 MB, then stalls at the fsync before the rename: killed there, mid-save.
CHILD = """
import os, sys, time
from primary_benchmarks.formats.files import atomic_write
os.fsync = lambda fd: time.sleep(60)
atomic_write(sys.argv[1], "x" * 8_000_000)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_save_killed_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.yaml"
    old = (ROOT / "tests/data/audits/valid/baseline.yaml").read_text(encoding="utf-8")
    target.write_text(old, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)])
    deadline = time.monotonic() + 30
    while not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]:
        assert time.monotonic() < deadline, "the save never started"
        time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert target.read_text(encoding="utf-8") == old
    assert pb.load_audit(target).school.id == "100001"


def _hostile_cohort() -> pb.Cohort:
    fw = pb.load_framework("ne-primary")
    school = pb.School(id="<img src=x onerror=alert(1)>", name="=HYPERLINK(\"http://x\")",
                       local_authority="<b>LA</b>")
    audit = pb.Audit(framework=fw.ref, school=school, date=pb.load_audit(
        ROOT / "tests/data/audits/valid/baseline.yaml").date, round="=cmd|' /C calc'!A0",
        ratings={"P1.1": "fully"})
    return pb.Cohort.from_audits([audit], fw)


def test_csv_output_carries_no_formula() -> None:
    text = report_csv(pb.report(_hostile_cohort(), by="local_authority"))
    cells = [c for line in text.splitlines()[1:] for c in line.split(",")]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    assert "'=cmd|' /C calc'!A0" in text


def test_html_output_escapes_user_strings() -> None:
    cohort = _hostile_cohort()
    result = pb.report(cohort, by="local_authority")
    for page in (report_html(result, notes=["<script>alert(1)</script>"]),
                 result._repr_html_(),
                 pb.score(cohort.audit(0), cohort.framework)._repr_html_()):
        assert "<script>" not in page
        assert "<img" not in page
        assert "<b>LA</b>" not in page


def test_cli_csv_report_is_safe(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("framework,school,date,round,characteristic,level\n"
                      "ne-primary@1.0.0,S1,2020-01-01,=1+1,P1.1,fully\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["report", str(source), "--format", "csv"], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines()[1].startswith("'=1+1,2020-01-01,")
