"""Write docs/cli.md from the command line's own parser. Run: python docs/make_cli_docs.py"""

from pathlib import Path

from primary_benchmarks.cli import reference

if __name__ == "__main__":
    (Path(__file__).parent / "cli.md").write_text(reference() + "\n", encoding="utf-8")
