"""``python -m primary_benchmarks``: the command line."""

from primary_benchmarks.cli import main

raise SystemExit(main())
