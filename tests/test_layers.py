"""The package's layers import only downward, read from every module's imports with ``ast``.

base (errors, private text helpers) < model < engine < formats < analysis < output < the
command line and the top-level package. Within a layer any import is allowed. Besides:
models import no numpy and no YAML; outputs never import the loaders; no module is over
~400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "primary_benchmarks"
LAYERS = ("model", "engine", "formats", "analysis", "output")
BASE = ("errors", "_text", "_html", "_extras", "_version")
TOP = ("cli", "__init__", "__main__")
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module: str) -> int:
    """The layer of a module of the package (0 = base, 6 = top)."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head in BASE:
        return 0
    if head in LAYERS:
        return LAYERS.index(head) + 1
    assert head in TOP, f"{module} is in no layer: add it to one"
    return len(LAYERS) + 1


def _exists(module: str) -> bool:
    where = PACKAGE.parent.joinpath(*module.split("."))
    return where.with_suffix(".py").exists() or (where / "__init__.py").exists()


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file, function bodies included."""
    package = _name(path) if path.name == "__init__.py" else _name(path).rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import x: x may be a module, or a name
                    found += [(node.lineno, f"{target}.{a.name}" if _exists(
                        f"{target}.{a.name}") else target) for a in node.names]
                    continue
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_imports_run_only_downward(path: Path) -> None:
    me = _name(path)
    upward = [f"line {line}: {target}" for line, target in _imports(path)
              if target.startswith("primary_benchmarks") and _rank(target) > _rank(me)]
    assert not upward, f"{me} imports from a layer above it: {upward}"


@pytest.mark.parametrize("path", [p for p in MODULES if _name(p).startswith(
    "primary_benchmarks.model")], ids=lambda p: _name(p))
def test_models_use_no_numpy_and_no_yaml(path: Path) -> None:
    bad = [t for _, t in _imports(path) if t.split(".")[0] in ("numpy", "yaml", "cattrs")]
    assert not bad, bad


@pytest.mark.parametrize("path", [p for p in MODULES if _name(p).startswith(
    "primary_benchmarks.output")], ids=lambda p: _name(p))
def test_outputs_load_nothing_and_switch_no_backend(path: Path) -> None:
    loaders = ("primary_benchmarks.formats.loading", "primary_benchmarks.formats.registry",
               "primary_benchmarks.formats.cohort_io", "matplotlib.pyplot")
    bad = [t for _, t in _imports(path) if t.startswith(loaders)]
    assert not bad, bad
    assert "matplotlib.use(" not in path.read_text().split('"""', 2)[-1]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 420, _name(path)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "primary_benchmarks" / "model"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from ..analysis.scoring import score\n")
    global PACKAGE
    old, PACKAGE = PACKAGE, tmp_path / "primary_benchmarks"
    try:
        with pytest.raises(AssertionError, match="imports from a layer above"):
            test_imports_run_only_downward(fake / "bad.py")
    finally:
        PACKAGE = old
