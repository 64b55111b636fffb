"""Dates from spreadsheets: every refusal names the likely date, never guesses it in."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import primary_benchmarks as pb
from primary_benchmarks.cli import main
from primary_benchmarks.formats.date_text import date_problem

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(("text", "message"), [
    ("2019-07-15", None),
    ("2019-02-30", "'2019-02-30' is not a real date"),
    ("15/07/2019", "'15/07/2019' is not a date (YYYY-MM-DD); write 2019-07-15"),
    ("7/15/2019", "'7/15/2019' is not a date (YYYY-MM-DD); write 2019-07-15"),
    ("15.07.2019", "'15.07.2019' is not a date (YYYY-MM-DD); write 2019-07-15"),
    ("07/08/2019", "'07/08/2019' is not a date (YYYY-MM-DD); day/month (2019-08-07) or "
                   "month/day (2019-07-08)? write it as YYYY-MM-DD"),
    ("07/07/2019", "'07/07/2019' is not a date (YYYY-MM-DD); write 2019-07-07"),
    ("2019-7-5", "'2019-7-5' is not a date (YYYY-MM-DD); write 2019-07-05"),
    ("2019/07/15", "'2019/07/15' is not a date (YYYY-MM-DD); write 2019-07-15"),
    ("43661", "'43661' is not a date (YYYY-MM-DD); it looks like a spreadsheet's day number "
              "(43661 is 2019-07-15): format the column as a date written YYYY-MM-DD"),
    ("43661.0", "'43661.0' is not a date (YYYY-MM-DD); it looks like a spreadsheet's day "
                "number (43661 is 2019-07-15): format the column as a date written "
                "YYYY-MM-DD"),
    ("2019-07-15 00:00:00", "'2019-07-15 00:00:00' is not a date (YYYY-MM-DD); a date has "
                            "no time of day: write 2019-07-15"),
    ("2019-07-15T09:30", "'2019-07-15T09:30' is not a date (YYYY-MM-DD); a date has no time "
                         "of day: write 2019-07-15"),
    ("31/02/2019", "'31/02/2019' is not a date (YYYY-MM-DD)"),
    ("July 2019", "'July 2019' is not a date (YYYY-MM-DD)"),
])
def test_each_spreadsheet_date_gets_its_hint(text: str, message: str | None) -> None:
    assert date_problem(text) == message


@given(st.dates(min_value=dt.date(1000, 1, 1)),
       st.sampled_from(["{d}/{m}/{y}", "{m}/{d}/{y}", "{d:02}.{m:02}.{y}", "{y}-{m}-{d}",
                        "{y}/{m:02}/{d:02}", "{y}-{m:02}-{d:02} 00:00:00"]))
def test_a_suggested_date_is_real_and_one_of_the_readings(day: dt.date, shape: str) -> None:
    text = shape.format(d=day.day, m=day.month, y=day.year)
    assume(text != day.isoformat())
    problem = date_problem(text)
    assert problem is not None
    suggested = re.findall(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", problem.split(";", 1)[1])
    assert day.isoformat() in suggested
    assert all(date_problem(s) is None for s in suggested)


def test_a_csv_and_the_command_line_give_the_hint(tmp_path: Path) -> None:
    lines = (ROOT / "examples/pilot/audits.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2019-07-15", "15/07/2019", 1)
    path = tmp_path / "a.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(path), "-q"], out=out, err=err) == 1
    assert err.getvalue().splitlines()[0] == (
        f"{path}:4:7: $.date: '15/07/2019' is not a date (YYYY-MM-DD); write 2019-07-15 "
        "[invalid-value]")
    assert main(["report", str(path), "--as-of", "1/2/2020"], out=out, err=err) == 2
    assert ("argument --as-of: '1/2/2020' is not a date (YYYY-MM-DD); day/month (2020-02-01) "
            "or month/day (2020-01-02)? write it as YYYY-MM-DD") in err.getvalue()


def test_an_audit_file_gets_the_hint_too() -> None:
    from primary_benchmarks.errors import LoadError
    from primary_benchmarks.formats import sample

    text = sample("audits/baseline.yaml").read_text(encoding="utf-8").replace(
        "date: 2019-07-15", "date: 15/07/2019")
    with pytest.raises(LoadError) as info:
        pb.loads_audit(text, source="a.yaml")
    assert info.value.issues[0].format() == (
        "a.yaml:4:7: $.date: expected a date (YYYY-MM-DD), got the text '15/07/2019'; write "
        "2019-07-15 [wrong-type]")
