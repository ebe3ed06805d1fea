"""Periods written as text: a year, a half, a quarter, a month, a day, or a span START/END.

One grammar for the raw records and for the user's arguments: ``2019``, ``2019-S1``,
``2019-Q4``, ``2019-03``, ``2016-12-31``, and ``START/END`` of any two of them
(``2001/2016``, ``2021-01-01/2021-06-30``). A period ends on or after its start and lies
within 1900-2100. The build reports a bad period of a record as a located problem;
:func:`period_bounds` refuses a bad argument with a :class:`~silkroad_data.errors.DataError`.

Example
-------
>>> from silkroad_data.period import parse_period
>>> parse_period("2021-01-01/2021-06-30")
(datetime.date(2021, 1, 1), datetime.date(2021, 6, 30))
>>> parse_period("2019-Q4")
(datetime.date(2019, 10, 1), datetime.date(2019, 12, 31))
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .errors import DataError

_FORM = re.compile(r"(\d{4})(?:-(?:([SQ])(\d)|(\d{2})(?:-(\d{2}))?))?")
_PARTS = {"S": (2, 6), "Q": (4, 3)}  # parts in a year, months in a part


class PeriodError(ValueError):
    """A period that is not one: ``kind`` says why ('form', 'order' or 'range')."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def _bounds(part: str) -> tuple[date, date]:
    m = _FORM.fullmatch(part.strip())
    if not m:
        raise ValueError(part)
    y = int(m[1])
    if m[2]:
        count, months = _PARTS[m[2]]
        n = int(m[3])
        if not 1 <= n <= count:
            raise ValueError(part)
        first, last = (n - 1) * months + 1, n * months
        return date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])
    if m[4] is None:
        return date(y, 1, 1), date(y, 12, 31)
    mo = int(m[4])
    if m[5] is None:
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])  # a month past 12 raises ValueError
    d = date(y, mo, int(m[5]))
    return d, d


def parse_period(text) -> tuple[date | None, date | None]:
    """Start and end dates of a period (see the module's grammar); ``(None, None)`` for no period.

    Raises :class:`PeriodError` (a ``ValueError``) with the accepted forms when the text is none of them.

    >>> parse_period("2016")
    (datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
    """
    if text is None or text == "":
        return None, None
    s = str(text).strip()
    try:
        if "/" in s:
            a, b = s.split("/", 1)
            start, end = _bounds(a)[0], _bounds(b)[1]
        else:
            start, end = _bounds(s)
    except ValueError:
        raise PeriodError(
            f"'{s}' is not a period; write YYYY, YYYY-MM, YYYY-MM-DD or START/END (e.g. 2021-01-01/2021-06-30)", "form"
        ) from None
    if start > end:
        raise PeriodError(f"'{s}' ends before it starts", "order")
    if not (1900 <= start.year <= 2100 and 1900 <= end.year <= 2100):
        raise PeriodError(f"'{s}' lies outside 1900-2100", "range")
    return start, end


_ACCEPTED = "2019, '2019-S1', '2019-Q4', '2019-03', '2016-12-31' or START/END such as '2001/2016'"


def period_bounds(value, argument: str = "period") -> tuple[date, date]:
    """The start and end of a period given as an argument; a :class:`DataError` naming ``argument`` if it is none.

    >>> period_bounds(2019)
    (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    >>> period_bounds("2019/2018")
    Traceback (most recent call last):
    ...
    silkroad_data.errors.DataError: period='2019/2018' ends before it starts; write the earlier period first, such as '2018/2019'.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DataError(f"{argument}={value!r} is not a period (a {type(value).__name__}); write {_ACCEPTED}.")
    text = str(value)
    if len(text) > 40 or not text.strip():
        raise DataError(f"{argument}={text[:40]!r} is not a period; write {_ACCEPTED}.")
    try:
        start, end = parse_period(text)
    except PeriodError as exc:
        if exc.kind == "order":
            raise DataError(f"{argument}={value!r} ends before it starts; write the earlier period first, such as "
                            "'2018/2019'.") from None
        if exc.kind == "range":
            raise DataError(f"{argument}={value!r} lies outside 1900-2100, where every figure's period lies; write "
                            f"{_ACCEPTED}.") from None
        raise DataError(f"{argument}={value!r} is not a period; write {_ACCEPTED}.") from None
    return start, end
