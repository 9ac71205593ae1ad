"""Dates and times as people write them: read from a sheet or a command line, written in prose.

:func:`parse_date` reads the dates people type (``2027-01-05``, ``2027/1/5``, ``2027/01/05``,
``2027年1月5日``, full-width digits too) and date cells. The ``*_label`` functions write dates,
weekly slots and time zones the way an invite's reader expects them: ``1月6日（水）`` and
``日本時間`` in Japanese, ``Wed, January 6`` and ``Japan time`` in English.

A date carries its year only where the reader could not tell it: :func:`day_label` omits the year
when it is ``year`` (the year the text is about, e.g. the start of the period an invite is for),
and writes it otherwise (``2027年1月6日（水）``), so a period that crosses New Year reads right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aibou.domain.errors import AibouError

__all__ = [
    "DateError",
    "day_label",
    "local_slot_label",
    "parse_date",
    "slot_label",
    "weekly_label",
    "zone_label",
]

_JA_WEEKDAYS = "月火水木金土日"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_WEEKLY = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
#: Zones with a name people say instead of the IANA name.
_ZONE_NAMES = {"Asia/Tokyo": {"ja": "日本時間", "en": "Japan time"}}
_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


class DateError(AibouError, ValueError):
    """A text that is not a date :func:`parse_date` reads; the message quotes it.

    Also a ``ValueError``, so argparse takes :func:`parse_date` as a ``type=``.
    """


#: The years aibou plans in (Settings dates, ``--date``). A rotation is planned for a team
#: working now, so a day outside them is a typo (9999 for 2027); and bounding them keeps every
#: period, weekly event and recurrence computed from it far inside what a date holds (years 1
#: to 9999), where adding a period or a week to 9999-12-31 would raise.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_date(value: object) -> date:
    """The date a cell or an argument holds.

    Accepts ``2027-01-05``, ``2027/1/5``, ``2027/01/05``, ``2027.1.5`` and ``2027年1月5日``
    (full-width digits too), and date cells: a :class:`~datetime.date`, or a
    :class:`~datetime.datetime` (its date; spreadsheets store dates as midnight).

    Raises
    ------
    DateError
        (a :class:`ValueError`) when ``value`` is none of these or not a real day
        (``2027/2/30``). ``argparse`` accepts it as a ``type=``.

    Examples
    --------
    >>> parse_date("2027/1/5"), parse_date("２０２７－０１－０５"), parse_date("2027年1月5日")
    (datetime.date(2027, 1, 5), datetime.date(2027, 1, 5), datetime.date(2027, 1, 5))
    >>> parse_date(datetime(2027, 1, 5))
    datetime.date(2027, 1, 5)
    >>> parse_date("2027/2/30")
    Traceback (most recent call last):
    ...
    aibou.domain.time.dates.DateError: '2027/2/30' is not a date: use 2027-01-05 or 2027/1/5
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    written = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    match = _DATE.fullmatch(written)
    try:
        if match:
            return date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    raise DateError(f"{written[:40]!r} is not a date: use 2027-01-05 or 2027/1/5")


def day_label(day: date, language: str, year: int | None = None) -> str:
    """``day`` as a sentence writes it; the year only when it is not ``year``.

    >>> day_label(date(2027, 1, 6), "ja", 2027), day_label(date(2027, 1, 6), "ja", 2026)
    ('1月6日（水）', '2027年1月6日（水）')
    >>> day_label(date(2027, 1, 6), "en", 2027), day_label(date(2027, 1, 6), "en")
    ('Wed, January 6', 'Wed, January 6, 2027')
    """
    if language == "en":
        words = f"{_EN_WEEKDAYS[day.weekday()]}, {_EN_MONTHS[day.month - 1]} {day.day}"
        return words if day.year == year else f"{words}, {day.year}"
    words = f"{day.month}月{day.day}日（{_JA_WEEKDAYS[day.weekday()]}）"
    return words if day.year == year else f"{day.year}年{words}"


def zone_label(timezone: str, language: str) -> str:
    """What people call a time zone: ``日本時間`` / ``Japan time`` for Tokyo, else its IANA name.

    >>> zone_label("Asia/Tokyo", "ja"), zone_label("Asia/Tokyo", "en")
    ('日本時間', 'Japan time')
    >>> zone_label("America/New_York", "ja")
    'America/New_York'
    """
    names = _ZONE_NAMES.get(timezone)
    return names.get(language, names["ja"]) if names else timezone


def weekly_label(weekday: int, start: time, minutes: int, language: str) -> str:
    """A weekly time without its zone.

    >>> weekly_label(2, time(9), 30, "ja"), weekly_label(2, time(23, 45), 30, "en")
    ('毎週水曜 9:00〜9:30', 'Wednesdays 23:45–0:15')
    """
    end = (datetime.combine(date.min, start) + timedelta(minutes=minutes)).time()
    if language == "en":
        return f"{_EN_WEEKLY[weekday]} {_clock(start)}–{_clock(end)}"
    return f"毎週{_JA_WEEKDAYS[weekday]}曜 {_clock(start)}〜{_clock(end)}"


def slot_label(weekday: int, start: time, minutes: int, timezone: str, language: str) -> str:
    """A weekly slot with its zone, for prose (a rotation tab keeps the parseable ``Slot.label``).

    >>> slot_label(0, time(9), 30, "Asia/Tokyo", "ja")
    '毎週月曜 9:00〜9:30（日本時間）'
    >>> slot_label(0, time(9), 30, "Europe/London", "en")
    'Mondays 9:00–9:30 (Europe/London)'
    """
    zone = zone_label(timezone, language)
    weekly = weekly_label(weekday, start, minutes, language)
    return f"{weekly} ({zone})" if language == "en" else f"{weekly}（{zone}）"


def local_slot_label(
    dates: Sequence[date],
    start: time,
    minutes: int,
    timezone: str,
    local_zone: str,
    language: str,
    year: int | None = None,
) -> str:
    """When meetings on ``dates`` at ``start`` in ``timezone`` happen in ``local_zone``.

    A change of the local time (daylight saving time) is said with the day it starts.

    >>> wed = [date(2027, 3, 3), date(2027, 3, 10), date(2027, 3, 17)]
    >>> local_slot_label(wed, time(9), 30, "Asia/Tokyo", "America/New_York", "ja", 2027)
    '毎週火曜 19:00〜19:30、3月16日（火）からは毎週火曜 20:00〜20:30（America/New_York）'
    >>> local_slot_label(wed, time(9), 30, "Asia/Tokyo", "America/New_York", "en", 2027)
    'Tuesdays 19:00–19:30, then Tuesdays 20:00–20:30 from Tue, March 16 (America/New_York)'
    """
    zone, here = ZoneInfo(timezone), ZoneInfo(local_zone)
    parts: list[str] = []
    previous = None
    for day in dates:
        local = datetime.combine(day, start, zone).astimezone(here)
        weekly = weekly_label(local.weekday(), local.time(), minutes, language)
        if weekly != previous:
            since = day_label(local.date(), language, year)
            if not parts:
                parts.append(weekly)
            elif language == "en":
                parts.append(f"then {weekly} from {since}")
            else:
                parts.append(f"{since}からは{weekly}")
            previous = weekly
    where = zone_label(local_zone, language)
    if language == "en":
        return ", ".join(parts) + f" ({where})"
    return "、".join(parts) + f"（{where}）"


def _clock(moment: time) -> str:
    """``9:00``, ``16:30``: hours without a leading zero, as people write them."""
    return f"{moment.hour}:{moment.minute:02d}"
