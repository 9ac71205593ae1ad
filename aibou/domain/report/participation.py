"""Participation: did each group of the current rotation meet? (§8, Google only.)

The adapters read, per group's series, each member's reply, the occurrences' start times (the
cancelled ones left out) and, where Google Meet can be read, the conference records of the
series' Meet space. :func:`participation` turns them into one row per member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "ATTENTION",
    "MIN_PARTICIPANTS",
    "NO_MEETING_DAYS",
    "RESPONSES",
    "Conference",
    "Member",
    "ParticipationRow",
    "Series",
    "attention",
    "participation",
]

#: A conference counts as a meeting held when at least this many people took part.
MIN_PARTICIPANTS = 2
#: A group that has held no meeting for this many days gets ``no-meeting-3-weeks``.
NO_MEETING_DAYS = 21
#: A member's reply to the series, as Google Calendar words it.
RESPONSES = ("accepted", "declined", "tentative", "needsAction")
#: Attention codes, in the order a row lists them.
ATTENTION = ("declined", "no-meeting-3-weeks")


@dataclass(frozen=True)
class Conference:
    """One Google Meet conference record of a series' Meet space (aware datetimes)."""

    start: datetime
    end: datetime | None
    participants: int


@dataclass(frozen=True)
class Member:
    """A member of a group's series: their reply, and the day they joined the group if they
    joined it during the period (a joiner, §7), else ``None``."""

    email: str
    name: str = ""
    response: str = "needsAction"
    joined: date | None = None


@dataclass(frozen=True)
class Series:
    """A group's recurring meeting as read from the calendar.

    ``occurrences`` are the start times (aware) of the series' instances, cancelled ones left
    out; ``conferences`` are its Meet conference records, or ``None`` when Meet data cannot be
    read (no Meet link, no access, the API unavailable).
    """

    group: int
    members: tuple[Member, ...]
    occurrences: tuple[datetime, ...] = ()
    conferences: tuple[Conference, ...] | None = None


@dataclass(frozen=True)
class ParticipationRow:
    """One member's line of the participation report (``meetings_held`` and ``last_held``
    are ``None`` when Meet data cannot be read)."""

    group: int
    email: str
    name: str
    response: str
    meetings_so_far: int
    meetings_held: int | None
    last_held: date | None
    attention: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The row as ``report --json`` prints it (§8)."""
        return {
            "group": self.group,
            "email": self.email,
            "response": self.response,
            "meetings_so_far": self.meetings_so_far,
            "meetings_held": self.meetings_held,
            "last_held": self.last_held.isoformat() if self.last_held else None,
            "attention": list(self.attention),
        }


def _held(series: Series, now: datetime) -> list[Conference] | None:
    """The series' meetings held before ``now`` (at least two people), oldest first."""
    if series.conferences is None:
        return None
    return sorted(
        (c for c in series.conferences if c.participants >= MIN_PARTICIPANTS and c.start < now),
        key=lambda c: c.start,
    )


def attention(series: Series, now: datetime) -> tuple[str, ...]:
    """The attention codes of a group at ``now``.

    ``declined``: a member declined the series. ``no-meeting-3-weeks`` (only with Meet data):
    the group's last meeting held, or its first occurrence if it never met, started
    :data:`NO_MEETING_DAYS` days or more before ``now``; a series that started more recently
    is not flagged yet.

    >>> from datetime import timezone
    >>> now = datetime(2027, 2, 1, tzinfo=timezone.utc)
    >>> weekly = tuple(datetime(2027, 1, 6, tzinfo=timezone.utc) + timedelta(weeks=w) for w in range(4))
    >>> attention(Series(1, (Member("a@x", response="declined"),), weekly, ()), now)
    ('declined', 'no-meeting-3-weeks')
    >>> attention(Series(1, (Member("a@x", response="accepted"),), weekly, None), now)
    ()
    """  # noqa: E501
    codes = []
    if any(m.response == "declined" for m in series.members):
        codes.append("declined")
    held = _held(series, now)
    if held is not None:
        started = [t for t in series.occurrences if t < now]
        since = held[-1].start if held else min(started, default=None)
        if since is not None and now - since >= timedelta(days=NO_MEETING_DAYS):
            codes.append("no-meeting-3-weeks")
    return tuple(codes)


def participation(series: Iterable[Series], now: datetime) -> list[ParticipationRow]:
    """One row per member of every group, groups in number order, members as given.

    Parameters
    ----------
    series : iterable of Series
        Every group's series of the reported rotation.
    now : datetime
        The run's time, aware (``--date D``: the start of D in the organiser's zone). Dates
        (a joiner's first day, ``last_held``) are read in its time zone.

    Returns
    -------
    list of ParticipationRow
        ``meetings_so_far``: occurrences that start before ``now`` (for a joiner, on or after
        the day they joined). ``meetings_held``: the Meet conferences before ``now`` with at
        least :data:`MIN_PARTICIPANTS` participants (for a joiner, from the day they joined),
        ``None`` without Meet data; ``last_held`` the day of the latest. ``attention``: the
        group's codes (:func:`attention`), the same on each member's row.

    Raises
    ------
    ValueError
        If ``now`` is naive.

    Examples
    --------
    >>> from datetime import timezone
    >>> utc = timezone.utc
    >>> now = datetime(2027, 1, 20, tzinfo=utc)
    >>> weekly = tuple(datetime(2027, 1, 6, 7, tzinfo=utc) + timedelta(weeks=w) for w in range(4))
    >>> met = (Conference(weekly[0], None, 3), Conference(weekly[1], None, 1))
    >>> members = (Member("a@x", response="accepted"), Member("b@x", joined=date(2027, 1, 12)))
    >>> rows = participation([Series(1, members, weekly, met)], now)
    >>> [(r.email, r.meetings_so_far, r.meetings_held, r.last_held) for r in rows]
    [('a@x', 2, 1, datetime.date(2027, 1, 6)), ('b@x', 1, 0, None)]
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    zone = now.tzinfo

    def day(t: datetime) -> date:
        return t.astimezone(zone).date()

    rows = []
    for one in sorted(series, key=lambda s: s.group):
        held = _held(one, now)
        codes = attention(one, now)
        for member in one.members:
            since = member.joined or date.min
            so_far = sum(1 for t in one.occurrences if t < now and day(t) >= since)
            mine = None if held is None else [c for c in held if day(c.start) >= since]
            rows.append(
                ParticipationRow(
                    group=one.group,
                    email=member.email,
                    name=member.name,
                    response=member.response,
                    meetings_so_far=so_far,
                    meetings_held=None if mine is None else len(mine),
                    last_held=day(mine[-1].start) if mine else None,
                    attention=codes,
                )
            )
    return rows
