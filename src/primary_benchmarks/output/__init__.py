"""The output layer: tidy data, rendered tables and pages, and charts.

Everything here takes results (which carry their framework) and returns rows, data
frames, text or drawn axes. It loads no file and touches no global state: charts draw on
the ``ax`` they are given and never switch the user's matplotlib backend.

>>> import datetime as dt
>>> from primary_benchmarks import Audit, School, load_framework, score
>>> from primary_benchmarks.output import tidy_records
>>> fw = load_framework("ne-primary")
>>> audit = Audit(framework=fw.ref, school=School(id="1"), date=dt.date(2020, 7, 1))
>>> tidy_records(score(audit, fw))[0]["benchmark"]
'P1'
"""

from .page import report_html, table_page
from .plot import (
    plot_change,
    plot_histogram,
    plot_levels,
    plot_rounds,
    plot_wheel,
    save_report_plots,
)
from .reference_text import comparison_rows, comparison_text
from .render import change_rows, model_rows, pilot_tables, report_csv, safe_cell, safe_row
from .tidy import (
    LONG_COLUMNS,
    MissingExtraError,
    tidy_records,
    to_arrow,
    to_pandas,
    to_polars,
    write_parquet,
)

__all__ = [
    "LONG_COLUMNS", "MissingExtraError", "change_rows", "comparison_rows", "comparison_text",
    "model_rows", "pilot_tables", "plot_change", "plot_histogram", "plot_levels",
    "plot_rounds", "plot_wheel", "report_csv", "report_html", "safe_cell", "safe_row",
    "save_report_plots", "table_page", "tidy_records", "to_arrow", "to_pandas", "to_polars",
    "write_parquet",
]
