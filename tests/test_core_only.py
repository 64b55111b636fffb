"""The core works with only the core dependencies, and every optional feature says which
extra to install.

CI runs this file in a fresh environment holding the built wheel, pytest and hypothesis
only (``PB_CORE_ONLY=1``): there, pandas, polars, pyarrow, matplotlib and openpyxl must be
absent and every test below runs as it stands. In the full environment the same checks run
with the extras hidden from import.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats import sample

EXTRAS = {"pandas": "pandas", "polars": "polars", "pyarrow": "arrow", "matplotlib": "plot"}
CORE_ONLY = os.environ.get("PB_CORE_ONLY") == "1"


@pytest.fixture
def without_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide the optional packages from import (a no-op where they are not installed)."""
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in (*EXTRAS, "openpyxl"):
            raise ImportError(f"No module named {name!r} (hidden by the test)")
        return real(name, *args, **kwargs)

    for name in list(sys.modules):
        if name.split(".")[0] in (*EXTRAS, "openpyxl"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", fake)


def test_the_environment_is_what_this_run_says() -> None:
    import importlib.util

    present = {m for m in (*EXTRAS, "openpyxl") if importlib.util.find_spec(m) is not None}
    if CORE_ONLY:
        assert present == set(), present
        assert pb.__file__ is not None
        assert "site-packages" in pb.__file__  # the installed wheel, not the source tree


def test_the_core_runs_end_to_end(without_extras: None, tmp_path: Path) -> None:
    fw = pb.load_framework("ne-primary")
    audit = pb.load_audit(sample("audits/baseline.yaml"))
    assert pb.score(audit, fw).benchmarks_achieved == 1
    loaded = pb.load_cohort(sample("pilot-audits.csv"))  # the streaming reader, no pyarrow
    assert (loaded.accepted, loaded.refused) == (198, 0)
    result = pb.report(loaded.cohort)
    assert result.round("end of Y2").audits == 58
    assert "Cohort report, ne-primary@1.0.0" in str(result)
    assert pb.pilot_tables(result).count("Benchmark") >= 3
    for fmt in ("text", "json", "csv", "markdown"):
        out = io.StringIO()
        assert main(["report", str(sample("pilot-audits.csv")), "--format", fmt],
                    out=out, err=io.StringIO()) == 0
    doc = json.loads(main_out("report", str(sample("pilot-audits.csv")), "--format", "json"))
    assert doc["produced_by"]["software"] == "primary-benchmarks"
    html = main_out("report", str(sample("pilot-audits.csv")), "--format", "html")
    assert "Charts need matplotlib: pip install 'primary-benchmarks[plot]'" in html
    assert pb.tidy_records(result)[0]["round"] == "baseline"


def main_out(*argv: str) -> str:
    out = io.StringIO()
    main(list(argv), out=out, err=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(("call", "extra"), [
    ("to_pandas", "pandas"), ("to_polars", "polars"), ("to_arrow", "arrow"),
    ("plot_levels", "plot"),
])
def test_each_optional_feature_names_its_extra(without_extras: None, call: str,
                                               extra: str) -> None:
    result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
    with pytest.raises(pb.output.MissingExtraError) as info:
        getattr(pb.output, call)(result)
    assert f"pip install 'primary-benchmarks[{extra}]'" in str(info.value)


def test_workbooks_name_the_excel_extra(without_extras: None, tmp_path: Path) -> None:
    err = io.StringIO()
    status = main(["template", "ne-primary", "--format", "xlsx", "--output",
                   str(tmp_path / "t.xlsx")], out=io.StringIO(), err=err)
    assert status == 1
    assert "pip install 'primary-benchmarks[excel]'" in err.getvalue()


def test_the_command_line_names_the_plot_extra(without_extras: None, tmp_path: Path) -> None:
    err = io.StringIO()
    status = main(["report", str(sample("pilot-audits.csv")), "--plot", str(tmp_path)],
                  out=io.StringIO(), err=err)
    assert status == 1
    assert "pip install 'primary-benchmarks[plot]'" in err.getvalue()
