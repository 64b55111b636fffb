"""Every error code, pinned: exact message, line and column, for every file kind.

Each ``tests/data/<kind>/broken/NAME.yaml`` is validated and the output compared
with ``NAME.expected``. A first line ``# args: ...`` adds options to ``validate``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from primary_benchmarks import LoadError, loads_framework
from primary_benchmarks.cli import main
from primary_benchmarks.errors import CODES

DATA = Path(__file__).parent / "data"
BROKEN = DATA / "frameworks" / "broken"
CASES = sorted([*DATA.glob("*/broken/*.yaml"), *DATA.glob("*/broken/*.csv"),
                *DATA.glob("*/broken/*.xlsx"), *DATA.glob("*/broken/*.xlsm")])


def _validate(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    first = path.read_bytes().split(b"\n", 1)[0] if path.suffix in (".yaml", ".csv") else b""
    extra = first[len(b"# args:"):].decode().split() if first.startswith(b"# args:") else []
    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as m:
        m.chdir(path.parent)
        if path.suffix == ".csv":  # a cohort CSV: its problems, and what was still read
            status = main(["report", path.name, "--format", "json"], out=out, err=err)
            return status, f"exit {status}\n{err.getvalue()}"
        status = main(["validate", *extra, path.name], out=out, err=err)
    return status, out.getvalue() + err.getvalue()


# file:line:col: $.path: message [code], line and col optional; a workbook's place is
# file:Sheet!D14 (or file:Sheet)
_PROBLEM = re.compile(r"^(?P<where>[^:]*(?::\d+(?::\d+)?|:[^:!]+(?:![A-Z]+\d+)?)?): "
                      r"(?P<path>\$.*?): (?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$")


def _keys(output: str) -> list[str]:
    """Each line with a problem's message left out (its file, line, column, path and code
    stay), so rewording a message breaks only that code's one exact-message test."""
    return [f"{m['where']}: {m['path']} [{m['code']}]" if (m := _PROBLEM.match(line))
            else line for line in output.splitlines()]


def _first_line_of_each_code() -> dict[str, tuple[Path, str]]:
    found: dict[str, tuple[Path, str]] = {}
    for path in CASES:
        expected = path.with_suffix(".expected").read_text(encoding="utf-8")
        for line in expected.splitlines():
            m = _PROBLEM.match(line)
            if m and m["code"] not in found:
                found[m["code"]] = (path, line)
    return found


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_broken_file_gives_its_pinned_problems(path: Path, regen_golden: bool,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    status, output = _validate(path, monkeypatch)
    expected_file = path.with_suffix(".expected")
    if regen_golden:
        expected_file.write_text(output, encoding="utf-8")
    assert status == 1
    assert _keys(output) == _keys(expected_file.read_text(encoding="utf-8"))
    assert len(CASES) >= 60
    assert "Traceback" not in output


@pytest.mark.parametrize("code", sorted(_first_line_of_each_code()))
def test_one_exact_message_per_code(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first corpus line of each code, word for word."""
    path, line = _first_line_of_each_code()[code]
    assert line in _validate(path, monkeypatch)[1].splitlines()


def test_every_code_is_pinned_by_a_file_or_a_test() -> None:
    pinned = set()
    for expected in DATA.glob("*/broken/*.expected"):
        for line in expected.read_text(encoding="utf-8").splitlines():
            if line.endswith("]"):
                pinned.add(line.rsplit("[", 1)[1].rstrip("]"))
    pinned |= {"too-large"}  # pinned by the tests below
    # Pinned by tests/test_hostile.py: what files in a corpus cannot hold (a FIFO, a device,
    # a full disk, a file the user may not read).
    pinned |= {"not-a-file", "permission-denied", "cannot-write"}
    pinned |= {"text-changed"}  # tests/test_migration.py::test_a_changed_text_cannot_be_unchanged
    assert pinned == set(CODES)


def test_too_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"schema: x\nprovenance: '" + b"x" * (5 * 1024 * 1024) + b"'\n")
    out = io.StringIO()
    assert main(["validate", str(big)], out=out) == 1
    assert out.getvalue().splitlines()[0] == (
        f"{big}:1:1: $: the file is {big.stat().st_size:,} bytes; the limit is 4,194,304 "
        "[too-large]")


def test_too_large_text() -> None:
    with pytest.raises(LoadError) as info:
        loads_framework("a: '" + "x" * (4 * 1024 * 1024) + "'\n", source="big.yaml")
    assert info.value.codes == ("too-large",)


def test_missing_file_and_framework() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "no/such.yaml"], out=out) == 1
    assert out.getvalue().splitlines()[0] == "no/such.yaml: $: no such file or folder [not-found]"
    assert main(["describe", "nope@1.0.0"], out=out, err=err) == 1
    assert err.getvalue().startswith(
        "<input>: $: no framework 'nope@1.0.0' is available (available: gatsby@1.0.0, ")


def test_load_error_carries_every_issue() -> None:
    text = (BROKEN / "many-problems.yaml").read_text(encoding="utf-8")
    with pytest.raises(LoadError) as info:
        loads_framework(text, source="many.yaml")
    assert info.value.codes == ("wrong-type", "unknown-key", "wrong-type")
    assert isinstance(info.value, ValueError)
    assert str(info.value).splitlines()[0] == (
        "many.yaml:3:10: $.version: expected a semantic version such as '1.0.0', "
        "got the number 2; quote it to keep it as text: \"2\" [wrong-type]")
