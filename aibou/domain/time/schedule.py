"""When buddy groups meet: the weekly slot, its occurrences in a period, and the days skipped.

A meeting series is defined in the organiser's time zone; the recurrence ends (``UNTIL``) at the
end of the period's last day, expressed in UTC as RFC 5545 requires for a zoned start; public
holidays and the company's closed days become ``EXDATE`` entries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aibou.domain.i18n import message
from aibou.domain.model import Period
from aibou.domain.sheet.settings import JA_WEEKDAYS, Settings

__all__ = [
    "Series",
    "Slot",
    "closed_day_names",
    "closed_days",
    "default_slot",
    "event_id",
    "parse_slot",
    "series",
    "slot_note",
]

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EN_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
_HOLIDAY_LANGUAGES = {"ja": ("ja",), "en": ("en_US", "en_GB", "en")}
_LABEL = re.compile(
    r"(?:毎週(?P<ja>[月火水木金土日])曜|(?P<en>[A-Z][a-z]+days))\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*[–-]\s*(?P<end>\d{1,2}:\d{2})\s*\((?P<zone>[^()]+)\)"
)


@dataclass(frozen=True)
class Slot:
    """A weekly meeting slot in ``timezone``.

    ``note`` says how it was chosen (a message key of :mod:`aibou.domain.i18n`) and
    ``note_values`` fills its placeholders, e.g. ``(("free", 12), ("weeks", 13))``.
    """

    weekday: int
    start: time
    minutes: int
    timezone: str
    note: str = "slot.default"
    note_values: tuple[tuple[str, str | int], ...] = ()

    def label(self, language: str) -> str:
        """The slot as people read it.

        >>> Slot(2, time(16), 30, "Asia/Tokyo").label("ja")
        '毎週水曜 16:00–16:30 (Asia/Tokyo)'
        >>> Slot(2, time(16), 30, "Asia/Tokyo").label("en")
        'Wednesdays 16:00–16:30 (Asia/Tokyo)'
        """
        return _weekly(self.weekday, self.start, self.minutes, language) + f" ({self.timezone})"

    def explain(self, language: str) -> str:
        """How the slot was chosen, in words.

        >>> Slot(2, time(16), 30, "Asia/Tokyo", "slot.free", (("free", 12), ("weeks", 13))
        ...      ).explain("en")
        'Free for everyone in 12 of 13 weeks'
        """
        return message(language, self.note, **dict(self.note_values))


def _weekly(weekday: int, start: time, minutes: int, language: str) -> str:
    end = (datetime.combine(date.min, start) + timedelta(minutes=minutes)).time()
    hours = f"{start:%H:%M}–{end:%H:%M}"
    if language == "en":
        return f"{_EN_DAYS[weekday]} {hours}"
    return f"毎週{JA_WEEKDAYS[weekday]}曜 {hours}"


def parse_slot(label: str, note: str = "slot.recorded") -> Slot | None:
    """The slot a rotation tab's meeting cell records (what :meth:`Slot.label` wrote), or ``None``.

    A resumed run creates the remaining events at the recorded slot, not at a new one.

    >>> parse_slot("毎週木曜 10:30–11:15 (Asia/Tokyo)")
    Slot(weekday=3, start=datetime.time(10, 30), minutes=45, timezone='Asia/Tokyo', note='slot.recorded', note_values=())
    >>> parse_slot("Fridays 23:45–00:15 (Europe/London)").minutes
    30
    >>> parse_slot("someday"), parse_slot("Wednesdays 16:00–16:30 (Mars/Olympus)")
    (None, None)
    """  # noqa: E501
    match = _LABEL.search(label)
    if not match:
        return None
    if match.group("ja"):
        weekday = JA_WEEKDAYS.index(match.group("ja"))
    elif match.group("en") in _EN_DAYS:
        weekday = _EN_DAYS.index(match.group("en"))
    else:
        return None
    try:
        start, end = (time.fromisoformat(match.group(k).zfill(5)) for k in ("start", "end"))
        ZoneInfo(match.group("zone").strip())
    except (ValueError, ZoneInfoNotFoundError):
        return None
    minutes = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    return Slot(weekday, start, minutes or 24 * 60, match.group("zone").strip(), note)


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
    What is derived from them is made once (groups on one slot share a series).
    """

    slot: Slot
    dates: tuple[date, ...]
    skipped: tuple[date, ...]
    until: datetime

    @cached_property
    def start(self) -> datetime:
        return datetime.combine(self.dates[0], self.slot.start, ZoneInfo(self.slot.timezone))

    @cached_property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.slot.minutes)

    @cached_property
    def rrule(self) -> str:
        """The RFC 5545 rule.

        >>> s = series(Slot(2, time(16), 30, "Asia/Tokyo"),
        ...            Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)), date(2027, 1, 1))
        >>> s.rrule
        'FREQ=WEEKLY;WKST=MO;BYDAY=WE;UNTIL=20270331T145959Z'
        """
        day = _ICAL_DAYS[self.slot.weekday]
        return f"FREQ=WEEKLY;WKST=MO;BYDAY={day};UNTIL={self.until:%Y%m%dT%H%M%SZ}"

    @cached_property
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
    return set(closed_day_names(settings, start, end, settings.language))


def closed_day_names(settings: Settings, start: date, end: date, language: str) -> dict[date, str]:
    """The days without meetings between ``start`` and ``end`` (inclusive), each with its name.

    Public holidays are named by the ``holidays`` tables (in ``language`` where the country has
    it); the company's own ``closed_days`` are called what :mod:`~aibou.domain.i18n` calls them.

    >>> names = closed_day_names(Settings(closed_days=(date(2027, 3, 31),)),
    ...                          date(2027, 3, 1), date(2027, 3, 31), "ja")
    >>> names
    {datetime.date(2027, 3, 21): '春分の日', datetime.date(2027, 3, 22): '振替休日', datetime.date(2027, 3, 31): '休業日'}
    >>> closed_day_names(Settings(), date(2027, 3, 22), date(2027, 3, 22), "en")
    {datetime.date(2027, 3, 22): 'Substitute Holiday'}
    """  # noqa: E501
    days: dict[date, str] = {}
    if settings.holidays:
        for day, name in _public_holidays(settings.holidays, start.year, end.year, language):
            if start <= day <= end:
                days[day] = name
    for day in settings.closed_days:
        if start <= day <= end:
            days.setdefault(day, message(language, "closed.day"))
    return dict(sorted(days.items()))


@cache
def _public_holidays(
    country: str, first_year: int, last_year: int, language: str
) -> tuple[tuple[date, str], ...]:
    """The ``holidays`` table of ``country`` for the years, named in ``language`` where the
    country has it; made once a process (building a table is not free)."""
    import holidays  # lazy: loading the country tables is not free

    years = range(first_year, last_year + 1)
    table = holidays.country_holidays(country, years=years)
    wanted = next(
        (c for c in _HOLIDAY_LANGUAGES.get(language, ()) if c in table.supported_languages),
        None,
    )
    if wanted:
        table = holidays.country_holidays(country, years=years, language=wanted)
    return tuple(table.items())


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
    # base64.b32hexencode(digest) without its padding, lowered, made two letters (10 bits) at a
    # time from one integer: the 256 bits and 4 zero bits, as base32 pads the last letter
    bits = int.from_bytes(digest) << 4
    return "aibou" + "".join([_B32HEX_PAIRS[bits >> shift & 0x3FF] for shift in _PAIR_SHIFTS])


_B32HEX = "0123456789abcdefghijklmnopqrstuv"
_B32HEX_PAIRS = [first + second for first in _B32HEX for second in _B32HEX]
_PAIR_SHIFTS = range(250, -1, -10)  # 26 pairs: the 52 letters of a SHA-256 digest


def slot_note(slot: Slot, language: str) -> str:
    """How the slot was chosen, in words (:meth:`Slot.explain`)."""
    return slot.explain(language)
