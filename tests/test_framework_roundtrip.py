"""Dump then load gives back an equal framework, for generated and bundled frameworks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from primary_benchmarks import Framework, dump_framework, load_framework, loads_framework
from primary_benchmarks.formats import bundled_frameworks, dumps_framework

from .strategies import frameworks


@given(frameworks())
def test_generated_frameworks_round_trip(fw: Framework) -> None:
    text = dumps_framework(fw)
    assert loads_framework(text) == fw
    assert dumps_framework(loads_framework(text)) == text


@pytest.mark.parametrize("ref", [str(i.ref) for i in bundled_frameworks()])
def test_bundled_frameworks_round_trip(ref: str, tmp_path: Path) -> None:
    fw = load_framework(ref)
    path = tmp_path / "fw.yaml"
    dump_framework(fw, path)
    assert load_framework(path) == fw
    assert load_framework(str(path)) == fw
    assert [p.name for p in tmp_path.iterdir()] == ["fw.yaml"]  # no temporary file left


def test_dump_quotes_the_version() -> None:
    text = dumps_framework(load_framework("ne-primary"))
    assert 'version: "1.0.0"' in text.splitlines()[2]
