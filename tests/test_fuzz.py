"""Fuzzing: valid documents, mutated, through every loader. Only the library's own errors
may escape, and every document that is accepted round-trips (or, for a CSV, accounts for
every row). Bounded in CI by the hypothesis profile; a long run:
HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEEDS = {
    "framework": [DATA / "frameworks/valid/minimal.yaml", DATA / "frameworks/valid/rules.yaml",
                  ROOT / "frameworks/ne-primary/1.0.0.yaml",
                  ROOT / "frameworks/gatsby/2.0.0.yaml"],
    "overlay": [ROOT / "examples/adapted/frameworks/tees-valley.yaml"],
    "audit": [DATA / "audits/valid/baseline.yaml", DATA / "audits/valid/incomplete.yaml"],
    "plan": [ROOT / "examples/pilot/plans/SYN007.yaml", DATA / "plans/valid/minimal.yaml"],
}
TEXTS = {kind: [p.read_bytes() for p in paths] for kind, paths in SEEDS.items()}
CSV = (ROOT / "examples/pilot/audits.csv").read_bytes().split(b"\n")
CSV_TEXT = b"\n".join(CSV[:12]) + b"\n"
NASTY = [b":", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"<<: ", b"!!python/object ",
         b"\t", b"\n", b"\x00", b"\xff", b"'", b'"', b"#", b"---\n", b"~", b"yes", b"1.10",
         b"2019-02-30", b",", b"=cmd|' /C calc'!A0", b"\r\n", b"\xef\xbb\xbf", b"%YAML 1.1\n"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "dup-line",
                                   "flip"]))
        if op == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(NASTY) | st.binary(max_size=8))
        elif op == "replace":
            data[at:at + draw(st.integers(1, 10))] = draw(st.sampled_from(NASTY))
        elif op == "truncate":
            del data[at:]
        elif op == "dup-line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
        else:
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def _only_library_errors(load: Callable[[bytes], Any], data: bytes) -> Any:
    try:
        return load(data)
    except pb.PrimaryBenchmarksError:
        return None


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(mutated(TEXTS["framework"]))
def test_frameworks(data: bytes) -> None:
    fw = _only_library_errors(lambda d: pb.loads_framework(d, source="f.yaml"), data)
    if fw is not None:
        assert pb.loads_framework(pb.formats.dumps_framework(fw)) == fw


@FUZZ
@given(mutated(TEXTS["overlay"]))
def test_overlays(data: bytes) -> None:
    here = ROOT / "examples/adapted/tees-valley"
    fw = _only_library_errors(lambda d: pb.loads_framework(d, source="o.yaml", base_dir=here),
                              data)
    if fw is not None:
        assert pb.loads_framework(pb.formats.dumps_framework(fw)) == fw


@FUZZ
@given(mutated(TEXTS["audit"]))
def test_audits(data: bytes) -> None:
    audit = _only_library_errors(lambda d: pb.loads_audit(d, source="a.yaml"), data)
    if audit is not None:
        assert pb.loads_audit(pb.formats.dumps_audit(audit)) == audit
        pb.score(audit, pb.load_framework(str(audit.framework)))


@FUZZ
@given(mutated(TEXTS["plan"]))
def test_plans(data: bytes) -> None:
    plan = _only_library_errors(lambda d: pb.formats.loads_plan(d, source="p.yaml"), data)
    if plan is not None:
        assert pb.formats.loads_plan(pb.formats.dumps_plan(plan)) == plan


@FUZZ
@given(mutated([CSV_TEXT]))
def test_csv_accounts_for_every_row(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("csv") / "c.csv"
    path.write_bytes(data)
    loaded = _only_library_errors(lambda _: pb.load_cohort(path), data)
    if loaded is not None:
        assert loaded.read == loaded.accepted + loaded.refused
        assert all(p.file is not None for p in loaded.problems)
        pb.report(loaded.cohort)


@FUZZ
@given(st.sampled_from(["framework", "audit", "plan"]).flatmap(
    lambda kind: mutated(TEXTS[kind])))
def test_cli_never_shows_a_traceback(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("cli") / "x.yaml"
    path.write_bytes(data)
    status = main(["validate", str(path)], out=io.StringIO(), err=io.StringIO())
    assert status in (0, 1)
