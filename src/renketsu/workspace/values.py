"""The one reader of dates and counts for every workspace file and the command line.

Numbers are read by :func:`renketsu.model.money.parse_decimal` and
:func:`~renketsu.model.money.parse_ratio`; this module adds dates (``YYYY-MM-DD``
only, between :data:`MIN_DATE` and :data:`MAX_DATE`, so that the engine can add or
take a day and a year), fiscal year ends (``MM-DD`` that exist) and whole-number
counts (at most 18 digits).

>>> read_date("2010-03-31"), read_fiscal_year_end("03-31")
(datetime.date(2010, 3, 31), (3, 31))
>>> read_date("20100331")
Traceback (most recent call last):
...
renketsu.workspace.values.BadDate: '20100331' is not a date
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: The engine adds a day or a year to dates and DuckDB prints them as text: keep clear of both ends.
MIN_DATE = dt.date(1000, 1, 1)
MAX_DATE = dt.date(9998, 12, 31)
#: Digits a count (shares, years, decimals) may have.
MAX_COUNT_DIGITS = 18

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FYE = re.compile(r"([0-9]{2})-([0-9]{2})")


class BadDate(ValueError):
    """A value that is not a date the engine accepts; the message says why."""


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:20]}…"


def read_date(value: object) -> dt.date:
    """A date from ``YYYY-MM-DD`` text or a date; raises :class:`BadDate` saying why not."""
    if isinstance(value, dt.datetime):
        raise BadDate(f"'{value.isoformat(sep=' ')}' has a time of day: write the date alone, YYYY-MM-DD")
    if isinstance(value, dt.date):
        d = value
        text = d.isoformat()
    else:
        if not isinstance(value, str):
            raise BadDate(f"{_short(repr(value))} is not a date")
        text = value.strip()
        m = _ISO.fullmatch(text)
        if m is None:
            if re.fullmatch(r"[0-9]{5,}-[0-9]{2}-[0-9]{2}", text):
                raise BadDate(f"'{_short(text)}' is outside the dates the engine handles ({MIN_DATE} to {MAX_DATE})")
            raise BadDate(f"{_short(text)!r} is not a date")
        year, month, day = (int(x) for x in m.groups())
        if not 1 <= month <= 12:
            raise BadDate(f"'{text}' is not a date: month {month} is outside 1-12")
        last = calendar.monthrange(max(year, 1), month)[1]
        if not 1 <= day <= last:
            raise BadDate(f"'{text}' is not a date: day {day} is outside 1-{last}")
        if year < 1:
            raise BadDate(f"'{text}' is not a date: there is no year 0")
        d = dt.date(year, month, day)
    if not MIN_DATE <= d <= MAX_DATE:
        raise BadDate(f"'{text}' is outside the dates the engine handles ({MIN_DATE} to {MAX_DATE})")
    return d


def read_fiscal_year_end(value: object) -> tuple[int, int]:
    """``MM-DD`` as (month, day), a day that exists in that month (02-29 allowed: the last day of February)."""
    if isinstance(value, dt.date):
        raise BadDate(f"got the date {value.isoformat()}: fiscal_year_end is a month and day, "
                      f"write '{value.month:02d}-{value.day:02d}'")
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    m = _FYE.fullmatch(text) if text is not None else None
    if text is None or m is None:
        raise BadDate(f"{_short(repr(value))} is not a month and day: write MM-DD, e.g. 03-31")
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise BadDate(f"'{text}': month {month} is outside 1-12")
    last = calendar.monthrange(2000, month)[1]
    if not 1 <= day <= last:
        raise BadDate(f"'{text}': day {day} is outside 1-{last}")
    return month, day


def read_count(value: object) -> int:
    """A whole number written in plain digits (YAML int or text), at most 18 digits."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        if value.bit_length() > 63:
            raise ValueError(f"the number has more than {MAX_COUNT_DIGITS} digits")
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?[0-9]+", text):
            if len(text.lstrip("+-")) > MAX_COUNT_DIGITS:
                raise ValueError(f"'{_short(text)}' has more than {MAX_COUNT_DIGITS} digits")
            return int(text)
        from renketsu.model.money import _why_not_plain

        raise ValueError(f"{_short(text)!r} is not a whole number{_why_not_plain(text)}")
    from decimal import Decimal

    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value() and value.adjusted() < MAX_COUNT_DIGITS:
            return int(value)
        raise ValueError(f"'{_short(str(value))}' is not a whole number")
    raise ValueError(f"{_short(repr(value))} is not a whole number")
