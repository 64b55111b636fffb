"""Why a piece of text is not a ``YYYY-MM-DD`` date, with the date it most likely meant.

Spreadsheets are where dates go wrong: a day number (``43661``) where a date was formatted
as a number, ``15/07/2019`` from a British locale, ``2019-7-15`` without its zeros, a time
of day added on export. The library never guesses a date into the data; it names the likely
one in the problem, so the fix is one edit away.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Final

__all__ = ["date_hint", "date_problem", "read_date", "serial_date"]

_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SERIAL: Final = re.compile(r"[0-9]{5}(\.0+)?")
_DMY: Final = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_YMD: Final = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
_WITH_TIME: Final = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9:.]+Z?")
#: A spreadsheet's day 0 (Excel and LibreOffice, 1900 date system, after 1900-03-01).
_EPOCH: Final = _dt.date(1899, 12, 30)


def _real(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def serial_date(number: float) -> _dt.date | None:
    """The date a spreadsheet's day number stands for (1900 date system), for five-digit
    day numbers (the years 1954 to 2173), else ``None``.

    >>> serial_date(43661), serial_date(7)
    (datetime.date(2019, 7, 15), None)
    """
    if float(number).is_integer() and 20_000 <= number <= 99_999:
        return _EPOCH + _dt.timedelta(days=int(number))
    return None


def date_hint(text: str) -> str:
    """``"; write 2019-07-15"`` (or the two readings, or a spreadsheet's day number) for
    text that most likely means a date, else ``""``.

    >>> date_hint("15/07/2019"), date_hint("July")
    ('; write 2019-07-15', '')
    """
    if _SERIAL.fullmatch(text) and (day := serial_date(float(text))) is not None:
        return (f"; it looks like a spreadsheet's day number ({int(float(text))} is "
                f"{day.isoformat()}): format the column as a date written YYYY-MM-DD")
    if (m := _WITH_TIME.fullmatch(text)) is not None:
        return f"; a date has no time of day: write {m.group(1)}"
    if (m := _YMD.fullmatch(text)) is not None:
        found = _real(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return f"; write {found.isoformat()}" if found else ""
    if (m := _DMY.fullmatch(text)) is not None:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day_first, month_first = _real(year, b, a), _real(year, a, b)
        if day_first and month_first and a != b:
            return (f"; day/month ({day_first.isoformat()}) or month/day "
                    f"({month_first.isoformat()})? write it as YYYY-MM-DD")
        found = day_first or month_first
        return f"; write {found.isoformat()}" if found else ""
    return ""


def read_date(text: str) -> _dt.date | str:
    """The date ``text`` writes as ``YYYY-MM-DD``, or why it is not one (see
    :func:`date_problem`), parsing it once.

    >>> read_date("2019-07-15"), read_date("2019-02-30")
    (datetime.date(2019, 7, 15), "'2019-02-30' is not a real date")
    """
    if _ISO.fullmatch(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return f"{text!r} is not a real date"
    return f"{text!r} is not a date (YYYY-MM-DD){date_hint(text)}"


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date written ``YYYY-MM-DD``, or ``None`` when it is one.

    >>> date_problem("2019-07-15") is None
    True
    >>> print(date_problem("15/07/2019"))
    '15/07/2019' is not a date (YYYY-MM-DD); write 2019-07-15
    >>> print(date_problem("07/08/2019"))
    '07/08/2019' is not a date (YYYY-MM-DD); day/month (2019-08-07) or month/day (2019-07-08)? write it as YYYY-MM-DD
    >>> print(date_problem("43661"))
    '43661' is not a date (YYYY-MM-DD); it looks like a spreadsheet's day number (43661 is 2019-07-15): format the column as a date written YYYY-MM-DD
    >>> print(date_problem("2019-02-30"))
    '2019-02-30' is not a real date
    """  # noqa: E501
    found = read_date(text)
    return found if isinstance(found, str) else None
