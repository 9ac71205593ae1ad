"""When buddy groups meet: the weekly slot, its occurrences in a period, and the days skipped.

A meeting series is defined in the organiser's time zone; the recurrence ends (``UNTIL``) at the
end of the period's last day, expressed in UTC as RFC 5545 requires for a zoned start; public
holidays and the company's closed days become ``EXDATE`` entries.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aibou.domain.i18n import message
from aibou.domain.model import Period
from aibou.domain.settings import Settings

__all__ = [
    "Series",
    "Slot",
    "closed_days",
    "default_slot",
    "event_id",
    "series",
]

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_JA_DAYS = "月火水木金土日"
_EN_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@dataclass(frozen=True)
class Slot:
    """A weekly meeting slot in ``timezone``; ``note`` says how it was chosen (a message key)."""

    weekday: int
    start: time
    minutes: int
    timezone: str
    note: str = "slot.default"

    def label(self, language: str) -> str:
        """The slot as people read it.

        >>> Slot(2, time(16), 30, "Asia/Tokyo").label("ja")
        '毎週水曜 16:00–16:30 (Asia/Tokyo)'
        >>> Slot(2, time(16), 30, "Asia/Tokyo").label("en")
        'Wednesdays 16:00–16:30 (Asia/Tokyo)'
        """
        end = (datetime.combine(date.min, self.start) + timedelta(minutes=self.minutes)).time()
        hours = f"{self.start:%H:%M}–{end:%H:%M} ({self.timezone})"
        if language == "en":
            return f"{_EN_DAYS[self.weekday]} {hours}"
        return f"毎週{_JA_DAYS[self.weekday]}曜 {hours}"


def default_slot(settings: Settings) -> Slot:
    """The slot the settings ask for."""
    return Slot(
        settings.meeting_weekday,
        settings.meeting_time,
        settings.duration_minutes,
        settings.timezone,
    )


@dataclass(frozen=True)
class Series:
    """The occurrences of a weekly slot in one period.

    ``dates`` are the days meetings happen, ``skipped`` the days dropped as closed (both in the
    slot's zone); ``start``/``end`` bound the first meeting; ``until`` is the UTC end of the rule.
    """

    slot: Slot
    dates: tuple[date, ...]
    skipped: tuple[date, ...]
    until: datetime

    @property
    def start(self) -> datetime:
        return datetime.combine(self.dates[0], self.slot.start, ZoneInfo(self.slot.timezone))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.slot.minutes)

    @property
    def rrule(self) -> str:
        """The RFC 5545 rule.

        >>> s = series(Slot(2, time(16), 30, "Asia/Tokyo"),
        ...            Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)), date(2027, 1, 1))
        >>> s.rrule
        'FREQ=WEEKLY;WKST=MO;BYDAY=WE;UNTIL=20270331T145959Z'
        """
        day = _ICAL_DAYS[self.slot.weekday]
        return f"FREQ=WEEKLY;WKST=MO;BYDAY={day};UNTIL={self.until:%Y%m%dT%H%M%SZ}"

    @property
    def exdates(self) -> tuple[datetime, ...]:
        zone = ZoneInfo(self.slot.timezone)
        return tuple(
            datetime.combine(d, self.slot.start, zone) for d in self.skipped if d > self.dates[0]
        )


def series(slot: Slot, period: Period, not_before: date, closed: Collection[date] = ()) -> Series:
    """The weekly occurrences of ``slot`` within ``period``, from ``not_before`` on.

    Days in ``closed`` are skipped; the series starts on the first day that is not closed.

    >>> p = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> s = series(Slot(0, time(10), 30, "Asia/Tokyo"), p, p.start, closed={date(2027, 1, 11)})
    >>> s.dates[:2], s.skipped, len(s.dates)
    ((datetime.date(2027, 1, 4), datetime.date(2027, 1, 18)), (datetime.date(2027, 1, 11),), 12)
    """
    zone = ZoneInfo(slot.timezone)
    first = max(period.start, not_before)
    first += timedelta(days=(slot.weekday - first.weekday()) % 7)
    days = [first + timedelta(weeks=i) for i in range((period.end - first).days // 7 + 1)]
    days = [d for d in days if d <= period.end]
    dates = tuple(d for d in days if d not in closed)
    skipped = tuple(d for d in days if d in closed and dates and d > dates[0])
    until = datetime.combine(period.end, time(23, 59, 59), zone).astimezone(UTC)
    return Series(slot, dates, skipped, until)


def closed_days(settings: Settings, start: date, end: date) -> set[date]:
    """Public holidays of ``settings.holidays`` plus ``settings.closed_days`` within the dates.

    >>> sorted(closed_days(Settings(), date(2027, 1, 1), date(2027, 1, 31)))
    [datetime.date(2027, 1, 1), datetime.date(2027, 1, 11)]
    """
    days = {d for d in settings.closed_days if start <= d <= end}
    if settings.holidays:
        import holidays  # lazy: loading the country tables is not free

        table = holidays.country_holidays(settings.holidays, years=range(start.year, end.year + 1))
        days |= {d for d in table if start <= d <= end}
    return days


def event_id(spreadsheet_id: str, period_key: str, group: int) -> str:
    """A Calendar event id that is the same every time for one group of one period.

    Calendar accepts client-chosen ids of 5-1024 characters from base32hex (``a-v``, ``0-9``).

    >>> eid = event_id("sheet-1", "2027-Q1", 3)
    >>> eid == event_id("sheet-1", "2027-Q1", 3), eid.startswith("aibou"), len(eid)
    (True, True, 57)
    >>> set(eid) <= set("abcdefghijklmnopqrstuv0123456789")
    True
    """
    digest = hashlib.sha256(f"{spreadsheet_id}\x1f{period_key}\x1f{group}".encode()).digest()
    return "aibou" + base64.b32hexencode(digest).decode().rstrip("=").lower()


def slot_note(slot: Slot, language: str) -> str:
    """How the slot was chosen, in words."""
    return message(language, slot.note)
