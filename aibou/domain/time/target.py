"""Which period a run works on, and whether it may create or amend that period's rotation.

DESIGN.md §7: on day ``D`` the target is the period holding ``D + announce_days``; a target
without a rotation whose meeting days mostly lie behind ``D`` gives way to the next period (the
half-rule); a new rotation is never made for a period earlier than one that already has a
rotation; an existing rotation is amended only while it is open. Everything here is pure: the
day (or the moment) is an argument.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aibou.domain.model import Period
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.periods import period_at, quarter_start
from aibou.domain.time.schedule import Series, Slot, closed_days, default_slot, series

__all__ = [
    "AMEND",
    "CLOSED",
    "NEW",
    "NOT_DUE",
    "REFUSED",
    "Choice",
    "choose_target",
    "first_meeting",
    "is_open",
    "meeting_days",
    "period_anchor",
    "run_start",
]

#: The target has no rotation yet: plan and apply a new one.
NEW = "new"
#: The target has a rotation that is still open: apply roster changes to it (§7).
AMEND = "amend"
#: The target has a rotation that is no longer open: leave it as it is (``already-applied``).
CLOSED = "closed"
#: Before the first period (and its announcement): nothing to do.
NOT_DUE = "not-due"
#: The target is earlier than a period that already has a rotation: nothing may be written.
REFUSED = "refused"


@dataclass(frozen=True)
class Choice:
    """What a run on one day should do, and to which period (the service's
    :class:`~aibou.service.target.Target` adds the state of the period's tab).

    ``action`` is one of :data:`NEW`, :data:`AMEND`, :data:`CLOSED`, :data:`NOT_DUE`,
    :data:`REFUSED`. ``period`` is the target (for ``not-due``, the first period). ``latest`` is
    the key of the latest period that has a rotation, set when ``refused`` (the error names its
    tab). ``deferred`` is the period the half-rule skipped, if it did.
    """

    action: str
    period: Period
    latest: str | None = None
    deferred: Period | None = None


def period_anchor(settings: Settings, our_starts: Collection[date], today: date) -> date:
    """The anchor periods are counted from: the setting, else aibou's oldest rotation, else the
    quarter of ``today`` (as :meth:`aibou.inputs.Inputs.period` anchors today).

    Tabs made by hand do not move the anchor, so pass the starts of aibou's own tabs only.

    >>> period_anchor(Settings(), [], date(2027, 2, 10))
    datetime.date(2027, 1, 1)
    >>> period_anchor(Settings(rotation_months=2), [date(2026, 11, 16), date(2027, 1, 16)],
    ...               date(2027, 2, 10))
    datetime.date(2026, 11, 16)
    """
    if settings.first_period_start:
        return settings.first_period_start
    return min(our_starts) if our_starts else quarter_start(today)


def meeting_days(settings: Settings, period: Period) -> tuple[date, ...]:
    """The period's days on ``meeting_weekday`` that are neither holidays nor closed days.

    >>> p = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> days = meeting_days(Settings(), p)
    >>> len(days), days[0], date(2027, 3, 31) in days
    (13, datetime.date(2027, 1, 6), True)
    >>> len(meeting_days(Settings(closed_days=(date(2027, 1, 6),)), p))
    12
    """
    closed = closed_days(settings, period.start, period.end)
    return series(default_slot(settings), period, period.start, closed).dates


def is_open(period: Period, today: date, rotation_starts: Collection[date]) -> bool:
    """Whether the rotation of ``period`` may still be amended on ``today`` (§7).

    It is open while its period has not ended and no later period's rotation has begun.
    Applying the next period ahead of time leaves the current one open.

    >>> q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> is_open(q1, date(2027, 3, 31), [date(2027, 1, 1), date(2027, 4, 1)])
    True
    >>> is_open(q1, date(2027, 4, 1), [date(2027, 1, 1)])
    False
    >>> is_open(q1, date(2027, 2, 1), [date(2027, 1, 1), date(2027, 2, 1)])
    False
    """
    if today > period.end:
        return False
    return not any(period.start < start <= today for start in rotation_starts)


def choose_target(
    today: date,
    settings: Settings,
    anchor: date,
    rotations: Mapping[str, date | None],
) -> Choice:
    """The period a run on ``today`` works on, and what it may do to it (DESIGN.md §7).

    Parameters
    ----------
    today : date
        The run's day in the organiser's time zone (``--date D``, or today).
    settings : Settings
        ``rotation_months``, ``first_period_start``, ``announce_days``, the meeting weekday,
        ``holidays`` and ``closed_days`` are used.
    anchor : date
        Where periods are counted from (:func:`period_anchor`).
    rotations : mapping of str to date or None
        The periods that already have a rotation: key to the period's start (``None`` when the
        key tells no date, as for a pasted tab; such tabs never block or close anything).

    Returns
    -------
    Choice
        ``not-due`` while ``today + announce_days`` is before ``first_period_start``;
        ``refused`` (with ``latest``) when the target has no rotation but a later period has
        one; ``amend`` or ``closed`` when the target has a rotation (open or not, see
        :func:`is_open`); else ``new``.

    Notes
    -----
    The rules apply in this order. (1) The target is the period holding ``today +
    announce_days``. (2) The half-rule: if the target has no rotation and fewer than half of its
    meeting days (:func:`meeting_days`) fall on or after ``today``, the period after it is the
    target instead, so a first run late in a quarter prepares the next quarter. A period
    without any meeting day is never skipped this way. (3) The date rule looks at the resulting
    target. Cost: one holiday table per period looked at.

    Examples
    --------
    A first run on 1 December prepares the next quarter; a run a week before a quarter
    announces it; a run for a past quarter is refused once a later one exists.

    >>> s, anchor = Settings(), date(2026, 10, 1)
    >>> t = choose_target(date(2026, 12, 1), s, anchor, {})
    >>> t.action, t.period.key, t.deferred.key
    ('new', '2027-Q1', '2026-Q4')
    >>> choose_target(date(2027, 3, 25), s, anchor, {"2027-Q1": date(2027, 1, 1)}).period.key
    '2027-Q2'
    >>> choose_target(date(2027, 2, 1), s, anchor, {"2027-Q1": date(2027, 1, 1)}).action
    'amend'
    >>> t = choose_target(date(1999, 3, 15), s, anchor, {"2027-Q1": date(2027, 1, 1)})
    >>> t.action, t.period.key, t.latest
    ('refused', '1999-Q2', '2027-Q1')
    >>> s = Settings(first_period_start=date(2027, 4, 1))
    >>> [choose_target(d, s, s.first_period_start, {}).action
    ...  for d in (date(2027, 3, 24), date(2027, 3, 25))]
    ['not-due', 'new']
    """
    months = settings.rotation_months
    ahead = today + timedelta(days=settings.announce_days)
    first = settings.first_period_start
    if first is not None and ahead < first:
        return Choice(NOT_DUE, period_at(first, months, anchor))
    target = period_at(ahead, months, anchor)
    deferred = None
    if target.key not in rotations:
        days = meeting_days(settings, target)
        if 2 * sum(1 for d in days if d >= today) < len(days):
            deferred, target = target, period_at(target.end + timedelta(days=1), months, anchor)
    starts = {key: start for key, start in rotations.items() if start is not None}
    if target.key in rotations:
        action = AMEND if is_open(target, today, starts.values()) else CLOSED
        return Choice(action, target, deferred=deferred)
    later = [key for key, start in starts.items() if start > target.start]
    if later:
        latest = max(later, key=lambda key: starts[key])
        return Choice(REFUSED, target, latest=latest, deferred=deferred)
    return Choice(NEW, target, deferred=deferred)


def run_start(day: date, timezone: str) -> datetime:
    """``--date D`` as a moment: the start of ``D`` in the organiser's time zone.

    >>> run_start(date(2027, 1, 6), "Asia/Tokyo").isoformat()
    '2027-01-06T00:00:00+09:00'
    """
    return datetime.combine(day, datetime.min.time(), ZoneInfo(timezone))


def first_meeting(
    slot: Slot, period: Period, now: datetime, closed: Collection[date] = ()
) -> Series:
    """The occurrences of ``slot`` in ``period`` that start after ``now``: a series never
    starts in the past.

    ``now`` must be aware. The meeting on today's date is kept if it has not started yet.

    Examples
    --------
    >>> from datetime import time
    >>> p = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> slot = Slot(2, time(16), 30, "Asia/Tokyo")  # Wednesdays 16:00
    >>> tokyo = ZoneInfo("Asia/Tokyo")
    >>> first_meeting(slot, p, datetime(2027, 1, 6, 15, 59, tzinfo=tokyo)).dates[0]
    datetime.date(2027, 1, 6)
    >>> first_meeting(slot, p, datetime(2027, 1, 6, 16, 0, tzinfo=tokyo)).dates[0]
    datetime.date(2027, 1, 13)
    >>> first_meeting(slot, p, datetime(2027, 3, 31, 17, 0, tzinfo=tokyo)).dates
    ()
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    local = now.astimezone(ZoneInfo(slot.timezone))
    found = series(slot, period, local.date(), closed)
    if found.dates and found.start <= now:
        found = series(slot, period, local.date() + timedelta(days=1), closed)
    return found
