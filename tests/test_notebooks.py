"""The example notebooks execute from start to end."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "examples" / "notebooks")
                   .glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs)


def test_there_are_two_notebooks_at_least() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_hold_their_outputs(path: Path) -> None:
    """Readers who only open a notebook see its tables and charts: every code cell that
    shows something was committed with its output (make_notebooks.py executes them)."""
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    code = [c for c in nb.cells if c.cell_type == "code"]
    shown = [c for c in code if not c.source.startswith("assert")]
    assert all(c.outputs for c in shown), [c.source for c in shown if not c.outputs]
    assert "matplotlib.use" not in "".join(c.source for c in code)  # charts are shown
    if path.stem == "pilot-analysis":
        assert sum("image/png" in o.get("data", {}) for c in code for o in c.outputs) >= 4
