"""Rotation periods: ``rotation_months`` long, counted from an anchor date.

With the default three months anchored on a quarter start, periods are calendar quarters with
keys such as ``2027-Q1``; any other length or anchor uses the start date as the key.
"""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, MINYEAR, date, timedelta

from aibou.domain.model import Period

__all__ = ["add_months", "key_start", "period_at", "quarter_start"]

_QUARTER_KEY = re.compile(r"(\d{4})-Q([1-4])")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole ``months``, clamped to the end of a shorter month.

    Past year 9999 (or before year 1) it is the last (or first) day a date holds, so period
    arithmetic near the ends never raises.

    >>> add_months(date(2027, 1, 31), 1), add_months(date(2027, 3, 1), -3)
    (datetime.date(2027, 2, 28), datetime.date(2026, 12, 1))
    >>> add_months(date(9999, 12, 1), 1)
    datetime.date(9999, 12, 31)
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not MINYEAR <= year <= MAXYEAR:  # past what a date holds: the first or last day there is
        return date.min if year < MINYEAR else date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter holding ``day``.

    >>> quarter_start(date(2026, 11, 28))
    datetime.date(2026, 10, 1)
    """
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _key(start: date, months: int) -> str:
    if months == 3 and start.day == 1 and start.month in (1, 4, 7, 10):
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.isoformat()


def period_at(day: date, months: int = 3, anchor: date | None = None) -> Period:
    """The period that holds ``day``.

    Periods are ``[anchor + k * months, anchor + (k + 1) * months)`` for every whole ``k``,
    before or after the anchor. The anchor defaults to the quarter start of ``day``.

    >>> period_at(date(2026, 11, 28))
    Period(key='2026-Q4', start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31))
    >>> period_at(date(2027, 2, 10), months=2, anchor=date(2026, 11, 15)).key
    '2027-01-15'
    >>> period_at(date(9999, 12, 31)).end
    datetime.date(9999, 12, 31)
    """
    if months < 1:
        raise ValueError("a period is at least one month long")
    anchor = anchor or quarter_start(day)
    k = ((day.year - anchor.year) * 12 + day.month - anchor.month) // months
    while add_months(anchor, k * months) > day:
        k -= 1
    while date.max != add_months(anchor, (k + 1) * months) <= day:
        k += 1
    start = add_months(anchor, k * months)
    after = add_months(anchor, (k + 1) * months)
    end = after if after == date.max else after - timedelta(days=1)
    return Period(_key(start, months), start, end)


def key_start(key: str) -> date | None:
    """The first day of the period a key names, if the key tells it.

    >>> key_start("2027-Q2"), key_start("2027-01-04"), key_start("spring")
    (datetime.date(2027, 4, 1), datetime.date(2027, 1, 4), None)
    """
    match = _QUARTER_KEY.fullmatch(key)
    if match:
        return date(int(match.group(1)), (int(match.group(2)) - 1) * 3 + 1, 1)
    try:
        return date.fromisoformat(key)
    except ValueError:
        return None
