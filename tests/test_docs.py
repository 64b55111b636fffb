"""The docs stay true: every error code is documented."""

from __future__ import annotations

from pathlib import Path

from primary_benchmarks.errors import CODES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"| `{code}` |" in text, code
