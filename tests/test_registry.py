"""Frameworks published by installed packages through the entry point group."""

from __future__ import annotations

import importlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from primary_benchmarks import available_frameworks, load_framework
from primary_benchmarks.cli import main
from primary_benchmarks.formats import ENTRY_POINT_GROUP, registry_problems
from primary_benchmarks.formats import registry as registry_module

MINIMAL = Path(__file__).parent / "data" / "frameworks" / "valid" / "minimal.yaml"


@pytest.fixture
def published(tmp_path: Path) -> Iterator[Path]:
    """A fake installed distribution publishing one framework, and one duplicate."""
    pkg = tmp_path / "fake_region"
    (pkg / "frameworks" / "broken").mkdir(parents=True)
    (pkg / "frameworks" / "broken" / "1.0.0.yaml").write_text(MINIMAL.read_text())
    (pkg / "frameworks" / "gatsby").mkdir()
    (pkg / "frameworks" / "gatsby" / "1.0.0.yaml").write_text("not used")
    (pkg / "__init__.py").write_text(
        "from importlib import resources\n"
        "FRAMEWORKS = resources.files(__name__) / 'frameworks'\n")
    dist = tmp_path / "fake_region-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-region\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nregion = fake_region:FRAMEWORKS\n"
        "broken = fake_region_missing:NOTHING\n")
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    registry_module._published.cache_clear()
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("fake_region", None)
        registry_module._published.cache_clear()


def test_package_frameworks_are_available(published: Path) -> None:
    refs = {str(i.ref): i.source for i in available_frameworks()}
    assert refs["broken@1.0.0"] == "package fake-region (region)"
    assert refs["gatsby@1.0.0"] == "bundled"
    assert load_framework("broken@1.0.0").title == "Broken"
    problems = [p.message for p in registry_problems()]
    assert "gatsby@1.0.0 is already available; this copy is not used" in problems
    assert any(m.startswith("entry point 'fake_region_missing:NOTHING' could not be read")
               for m in problems)
    out, err = io.StringIO(), io.StringIO()
    assert main(["frameworks", "--format", "json"], out=out, err=err) == 0
    rows = {r["ref"]: r["source"] for r in json.loads(out.getvalue())}
    assert rows["broken@1.0.0"] == "package fake-region (region)"
    assert "already available" in err.getvalue()


def test_without_packages_only_bundled() -> None:
    assert all(i.source == "bundled" for i in available_frameworks())
