"""The exported JSON Schema agrees with the loader on structure."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from primary_benchmarks.cli import main
from primary_benchmarks.formats import json_schema

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "frameworks"


def _load(path: Path) -> object:
    # JSON Schema sees JSON types: dates as ISO text.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema("framework")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _is_overlay(path: Path) -> bool:
    return "\nextends:" in path.read_text(encoding="utf-8")


BUNDLED = sorted((ROOT / "frameworks").glob("*/*.yaml"))


@pytest.mark.parametrize("path", [p for p in BUNDLED if not _is_overlay(p)]
                         + sorted((DATA / "valid").glob("*.yaml")), ids=str)
def test_valid_files_pass_the_schema(path: Path, validator: jsonschema.Validator) -> None:
    assert list(validator.iter_errors(_load(path))) == []


@pytest.mark.parametrize("name", ["unknown-key", "unknown-key-nested", "wrong-type-version",
                                  "missing-key", "bad-version", "invalid-value-state",
                                  "bad-rule", "bad-rule-word", "bad-rule-percent",
                                  "invalid-value-weight"])
def test_structural_errors_fail_the_schema(name: str,
                                           validator: jsonschema.Validator) -> None:
    assert list(validator.iter_errors(_load(DATA / "broken" / f"{name}.yaml")))


def test_cli_prints_the_schema() -> None:
    out = io.StringIO()
    assert main(["schema", "framework"], out=out) == 0
    assert json.loads(out.getvalue()) == json_schema("framework")


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="no schema for 'plan'"):
        json_schema("plan")


@pytest.mark.parametrize(("kind", "paths"), [
    ("audit", sorted((DATA.parent / "audits" / "valid").glob("*.yaml"))),
    ("action-plan", sorted((ROOT / "examples" / "pilot" / "plans").glob("*.yaml"))),
    ("reference", sorted((ROOT / "src" / "primary_benchmarks" / "references").glob("*/*.yaml"))),
    ("overlay", sorted((ROOT / "examples" / "adapted").glob("frameworks/*.yaml"))
     + [p for p in BUNDLED if _is_overlay(p)]),
])
def test_other_kinds_validate_their_examples(kind: str, paths: list[Path]) -> None:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert paths
    for path in paths:
        assert list(validator.iter_errors(_load(path))) == [], path
