"""The examples each command shows under its ``--help``, and docs/cli.md beside it."""

from __future__ import annotations

__all__ = ["EXAMPLES"]

#: An example of each command, shown under its ``--help`` (and in docs/cli.md).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "validate": ("primary-benchmarks validate audits/ --strict",),
    "score": ("primary-benchmarks score audit.yaml",
              "primary-benchmarks score audit.yaml --model xccdf-default --model xccdf-flat"),
    "progress": ("primary-benchmarks progress baseline.yaml end-of-y1.yaml",),
    "describe": ("primary-benchmarks describe ne-primary",),
    "template": ("primary-benchmarks template ne-primary --output my-audit.yaml",
                 "primary-benchmarks template ne-primary --format xlsx --output audit.xlsx",
                 "primary-benchmarks template ne-primary --format xlsx --cohort --schools "
                 "schools.csv --output to-send/",
                 "primary-benchmarks template gatsby --format csv > audits.csv"),
    "report": ("primary-benchmarks report examples/pilot/audits.csv",
               "primary-benchmarks report audits/ --as-of 2026-07-01 --as-of 2027-07-01",
               "primary-benchmarks report audits/ --by local_authority --format html "
               "--output report.html --plot charts/",
               "primary-benchmarks report examples/pilot/audits.csv --compare ne-primary-pilot",
               "primary-benchmarks report hub-audits/ --to gatsby@2.0.0 --model xccdf-default"),
    "frameworks": ("primary-benchmarks frameworks",),
    "references": ("primary-benchmarks references",
                   "primary-benchmarks references show cec-compass"),
    "grid": ("primary-benchmarks grid audits/ --sort GB8 --plot grid.png",),
    "plan": ("primary-benchmarks plan plan.yaml --audit end-of-y1.yaml",),
    "suggest": ("primary-benchmarks suggest audit.yaml --max 5",),
    "plans": ("primary-benchmarks plans plans/ --audits audits/ --today 2026-03-31",),
    "resolve": ("primary-benchmarks resolve examples/adapted/frameworks/stockton-hub.yaml",),
    "diff": ("primary-benchmarks diff gatsby@1.0.0 gatsby@2.0.0",),
    "migrate": ("primary-benchmarks migrate audit-2014.yaml --to gatsby@2.0.0 "
                "--output audit-2024.yaml",
                "primary-benchmarks migrate audits-2014/ --to gatsby@2.0.0 --output audits-2024/",
                "primary-benchmarks migrate audits-2014.csv --to gatsby@2.0.0 "
                "--output audits-2024.csv"),
    "schema": ("primary-benchmarks schema audit > audit.schema.json",),
    "publish": ("primary-benchmarks publish examples/pilot/audits.csv pilot-data/",
                "primary-benchmarks publish returned/ hub-data/ --min-schools 10"),
}
