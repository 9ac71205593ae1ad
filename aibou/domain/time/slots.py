"""Choosing each group's weekly slot from its members' free/busy and working hours.

A candidate slot is a weekday and a start time on a grid (:data:`SLOT_STEP_MINUTES`) inside the
organiser's ``working_hours``, plus the configured default (``meeting_weekday``,
``meeting_time``). For each group, every candidate is scored by the weeks of the period in which
some member could not come: busy according to their calendar, or, for a member whose roster
``timezone`` differs from the organiser's, outside *their* working hours (a working weekday,
``working_hours`` read in their zone). Holidays and closed days are not meetings, so they never
count against a slot. The candidate with the fewest such weeks wins; ties go to the default, then
to the nearest weekday, then to the nearest time of day, then to the earlier one.

Members whose calendar could not be read are taken as free and named in the note; when nobody's
can be read, only working hours decide (so the default, unless it is outside someone's hours);
when no candidate works in any week, the default is kept and the note says why.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aibou.domain.i18n import message
from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, default_slot, series

__all__ = [
    "SEARCH_WEEKDAYS",
    "SLOT_STEP_MINUTES",
    "Interval",
    "busy_window",
    "find_slot",
    "find_slots",
]

#: Start times are tried on this grid (minutes past midnight in the organiser's zone).
SLOT_STEP_MINUTES = 30
#: Weekdays searched (Monday is 0) besides the default weekday; also everyone's working days.
SEARCH_WEEKDAYS = (0, 1, 2, 3, 4)

#: A busy interval: aware start (inclusive) and end (exclusive).
Interval = tuple[datetime, datetime]

_ONE_DAY = timedelta(days=1)
_DAY_SECONDS = 24 * 60 * 60


def busy_window(settings: Settings, period: Period, not_before: date) -> tuple[datetime, datetime]:
    """The span whose free/busy slot finding needs: from ``not_before`` to the period's end.

    >>> from aibou.domain.model import Period
    >>> p = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> [t.isoformat() for t in busy_window(Settings(), p, date(2027, 1, 5))]
    ['2027-01-05T00:00:00+09:00', '2027-04-01T00:00:00+09:00']
    """
    zone = settings.zone
    start = max(not_before, period.start)
    return (
        datetime.combine(start, time(), zone),
        datetime.combine(period.end + _ONE_DAY, time(), zone),
    )


def find_slots(
    groups: Sequence[Group],
    busy: Mapping[str, Sequence[Interval]],
    settings: Settings,
    period: Period,
    not_before: date,
    closed: Collection[date] = (),
    *,
    step_minutes: int = SLOT_STEP_MINUTES,
    weekdays: Sequence[int] = SEARCH_WEEKDAYS,
) -> dict[int, Slot]:
    """The weekly slot of every group: ``{group number: Slot}``, each with its note.

    Parameters
    ----------
    groups : sequence of Group
        The groups of the rotation.
    busy : mapping of str to sequence of (datetime, datetime)
        Busy intervals per member e-mail (lower case), as :meth:`aibou.ports.Calendar.busy`
        answers; a member absent from it could not be read and is taken as free.
    settings : Settings
        ``timezone``, ``working_hours``, ``meeting_weekday``, ``meeting_time`` and
        ``duration_minutes`` are used.
    period : Period
        The rotation period; meetings run from ``not_before`` to its end.
    not_before : date
        The first day a meeting may take place (the day of the run, or the period's start).
    closed : collection of date
        Holidays and closed days: no meeting, so never a conflict.
    step_minutes : int
        The grid of start times.
    weekdays : sequence of int
        The weekdays to search besides the default one (Monday is 0); members in other time
        zones work on these days too.

    Returns
    -------
    dict of int to Slot
        ``note`` is ``slot.free`` / ``slot.free_unread`` (with ``free``, ``weeks`` and
        ``names``), ``slot.hours`` (nobody readable, the nearest slot in everyone's working
        hours), or a default slot with ``slot.unread``, ``slot.no_hours`` or ``slot.all_busy``.

    Notes
    -----
    Time is cut into cells of ``r`` minutes (the greatest common divisor of the grid step, the
    meeting length and the minutes in the settings, so nothing is rounded) on the organiser's
    wall clock. For each meeting day a member's unavailability is a bitmask of cells (Python
    integers); a group's is the OR of its members'. OR-ing that mask with itself shifted by up to
    ``L - 1`` cells (``L`` cells a meeting, ``log2 L`` doublings) leaves a bit clear exactly where
    a meeting may start, so every start of a day is tested at once.

    Cost: O(B) to place ``B`` busy intervals, then per group O(D log L + C W) integer operations
    for ``D`` meeting days, ``C`` candidates and ``W`` weeks; for 1,000 members over a quarter
    that is a small fraction of a second (``bench/slots.py``). The search is deterministic:
    the same inputs give the same slots.

    Examples
    --------
    >>> from aibou.domain.model import Person
    >>> q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> group = Group(1, (Person("a@x.jp", "A", "sales"), Person("b@x.jp", "B", "dev")))
    >>> tokyo = ZoneInfo("Asia/Tokyo")
    >>> busy = {"a@x.jp": [(datetime(2027, 1, 6, 15, tzinfo=tokyo),  # every Wednesday 15-17
    ...                     datetime(2027, 1, 6, 17, tzinfo=tokyo) ) ], "b@x.jp": []}
    >>> busy["a@x.jp"] = [(s + timedelta(weeks=w), e + timedelta(weeks=w))
    ...                   for s, e in busy["a@x.jp"] for w in range(13)]
    >>> slot = find_slots([group], busy, Settings(), q1, q1.start)[1]
    >>> slot.label("en"), slot.explain("en")
    ('Wednesdays 17:00–17:30 (Asia/Tokyo)', 'Free for everyone in 13 of 13 weeks')
    >>> find_slots([group], {}, Settings(), q1, q1.start)[1].note
    'slot.unread'
    """
    finder = _Finder(settings, period, not_before, closed, step_minutes, weekdays)
    return {group.number: finder.choose(group.members, busy) for group in groups}


def find_slot(
    members: Sequence[Person],
    busy: Mapping[str, Sequence[Interval]],
    settings: Settings,
    period: Period,
    not_before: date,
    closed: Collection[date] = (),
) -> Slot:
    """The weekly slot of one group of ``members`` (:func:`find_slots` for a single group)."""
    return find_slots([Group(1, tuple(members))], busy, settings, period, not_before, closed)[1]


@dataclass(frozen=True)
class _Best:
    weekday: int
    minute: int
    free: int
    weeks: int


class _Finder:
    """The grid, meeting days and caches shared by all the groups of one rotation."""

    def __init__(
        self,
        settings: Settings,
        period: Period,
        not_before: date,
        closed: Collection[date],
        step: int,
        weekdays: Sequence[int],
    ) -> None:
        self.settings = settings
        self.zone = settings.zone
        self.default = default_slot(settings)
        duration = settings.duration_minutes
        work_start, work_end = (t.hour * 60 + t.minute for t in settings.working_hours)
        self.default_minute = settings.meeting_time.hour * 60 + settings.meeting_time.minute
        self.resolution = math.gcd(
            step, duration, self.default_minute, work_start, work_end, 24 * 60
        )
        self.cells = 24 * 60 // self.resolution
        self.length = duration // self.resolution
        self.workdays = frozenset(weekdays) | {settings.meeting_weekday}
        self.days: dict[int, tuple[date, ...]] = {}
        for weekday in sorted(self.workdays):
            probe = Slot(weekday, settings.meeting_time, duration, settings.timezone)
            self.days[weekday] = series(probe, period, not_before, closed).dates
        self.all_days = frozenset(d for days in self.days.values() for d in days)
        self._sorted_days = sorted(self.all_days)
        self._day_starts = [
            datetime.combine(d, time(), self.zone).timestamp() for d in self._sorted_days
        ]
        self._day_ends = [
            datetime.combine(d + _ONE_DAY, time(), self.zone).timestamp() for d in self._sorted_days
        ]
        grid = range(work_start, work_end - duration + 1)
        self.candidates: dict[int, list[int]] = {
            weekday: [m for m in grid if m % step == 0] for weekday in self.days
        }
        if self.default_minute not in self.candidates[settings.meeting_weekday]:
            self.candidates[settings.meeting_weekday].append(self.default_minute)
        self._outside: dict[tuple[str, date], int] = {}

    # --- choosing --------------------------------------------------------------------------

    def choose(self, members: Sequence[Person], busy: Mapping[str, Sequence[Interval]]) -> Slot:
        read = [p for p in members if p.email in busy]
        unread = [p for p in members if p.email not in busy]
        zones = sorted(
            {p.timezone for p in members if p.timezone and p.timezone != self.settings.timezone}
        )
        if not read and not zones:
            return self._fallback("slot.unread")
        hours = {d: self._hours_mask(zones, d) for d in self.all_days}
        masks = dict(hours)
        for person in read:
            for day, mask in self._busy_masks(busy[person.email]).items():
                masks[day] |= mask
        best = self._best(masks)
        if best is None:  # no meeting day is left in the period: nothing to choose from
            return self._fallback("slot.default")
        if best.free == 0:
            in_hours = self._best(hours) if zones else best
            if zones and (in_hours is None or in_hours.free == 0):
                return self._fallback("slot.no_hours")
            return self._fallback("slot.all_busy")
        if not read:
            if self._is_default(best) and best.free == best.weeks:
                return self._fallback("slot.unread")
            return self._slot(best, "slot.hours")
        if unread:
            separator = message(self.settings.language, "slot.names_separator")
            return self._slot(
                best, "slot.free_unread", names=separator.join(p.name for p in unread)
            )
        return self._slot(best, "slot.free")

    def _best(self, masks: Mapping[date, int]) -> _Best | None:
        """The best candidate for the group whose unavailability per day is ``masks``."""
        best: _Best | None = None
        best_key: tuple[int, ...] | None = None
        default_weekday = self.settings.meeting_weekday
        for weekday, days in self.days.items():
            if not days:
                continue
            blocked = [self._spread(masks[d]) for d in days]
            for minute in self.candidates[weekday]:
                cell = minute // self.resolution
                free = sum(1 for b in blocked if not (b >> cell) & 1)
                key = (
                    len(days) - free,
                    abs(weekday - default_weekday),
                    abs(minute - self.default_minute),
                    weekday,
                    minute,
                )
                if best_key is None or key < best_key:
                    best_key, best = key, _Best(weekday, minute, free, len(days))
        return best

    def _spread(self, mask: int) -> int:
        """Bit ``s`` set where a meeting starting at cell ``s`` would touch a set cell."""
        covered = 1
        while mask and covered < self.length:
            shift = min(covered, self.length - covered)
            mask |= mask >> shift
            covered += shift
        return mask

    def _is_default(self, best: _Best) -> bool:
        return (best.weekday, best.minute) == (self.settings.meeting_weekday, self.default_minute)

    def _slot(self, best: _Best, note: str, **values: str | int) -> Slot:
        minute = best.minute
        values = {"free": best.free, "weeks": best.weeks, **values}
        return Slot(
            best.weekday,
            time(minute // 60, minute % 60),
            self.settings.duration_minutes,
            self.settings.timezone,
            note,
            tuple(values.items()),
        )

    def _fallback(self, note: str) -> Slot:
        default = self.default
        return Slot(default.weekday, default.start, default.minutes, default.timezone, note)

    # --- masks -----------------------------------------------------------------------------

    def _busy_masks(self, intervals: Sequence[Interval]) -> dict[date, int]:
        """Busy cells per meeting day: a cell is busy if any interval overlaps it.

        Days are found by bisecting their POSIX bounds; offsets within a 24-hour day are cells
        directly, and a day of 23 or 25 hours (a DST change) goes by the wall clock instead.
        """
        masks: dict[date, int] = {}
        starts, ends, days = self._day_starts, self._day_ends, self._sorted_days
        count, size, cells = len(days), self.resolution * 60, self.cells
        for start, end in intervals:
            low, high = start.timestamp(), end.timestamp()
            index = bisect_right(ends, low)
            while index < count:
                day_start = starts[index]
                if day_start >= high:
                    break
                day_end, day = ends[index], days[index]
                if day_end - day_start == _DAY_SECONDS:
                    first = int((low - day_start) // size) if low > day_start else 0
                    stop = int(-((day_start - high) // size)) if high < day_end else cells
                else:
                    first, stop = self._wall_cells(start, end, day)
                if stop > first:
                    masks[day] = masks.get(day, 0) | ((1 << stop) - (1 << first))
                index += 1
        return masks

    def _wall_cells(self, start: datetime, end: datetime, day: date) -> tuple[int, int]:
        """The cells of ``day`` that ``start``-``end`` overlaps, by the organiser's wall clock."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        first = self._cell(local_start, up=False) if local_start.date() == day else 0
        stop = self._cell(local_end, up=True) if local_end.date() == day else self.cells
        return first, stop

    def _hours_mask(self, zones: Sequence[str], day: date) -> int:
        """Cells of ``day`` outside the working hours of any of ``zones``."""
        mask = 0
        for zone in zones:
            key = (zone, day)
            if key not in self._outside:
                self._outside[key] = self._outside_hours(ZoneInfo(zone), day)
            mask |= self._outside[key]
        return mask

    def _outside_hours(self, zone: ZoneInfo, day: date) -> int:
        work_start, work_end = self.settings.working_hours
        allowed = 0
        for offset in (-1, 0, 1):
            local = day + timedelta(days=offset)
            if local.weekday() not in self.workdays:
                continue
            start = datetime.combine(local, work_start, zone).astimezone(self.zone)
            end = datetime.combine(local, work_end, zone).astimezone(self.zone)
            if start.date() > day or end.date() < day:
                continue
            first = self._cell(start, up=True) if start.date() == day else 0
            stop = self._cell(end, up=False) if end.date() == day else self.cells
            if stop > first:
                allowed |= (1 << stop) - (1 << first)
        return ((1 << self.cells) - 1) & ~allowed

    def _cell(self, moment: datetime, *, up: bool) -> int:
        """The cell boundary at or before (``up``: at or after) the wall-clock ``moment``."""
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        size = self.resolution * 60
        if up:
            return -(-(seconds + (moment.microsecond > 0)) // size)
        return seconds // size
