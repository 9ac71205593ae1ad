"""Slot finding: the weekly time each group can make, from busy blocks and working hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import closed_days
from aibou.domain.time.slots import busy_window, find_slot, find_slots

Q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
Q2 = Period("2027-Q2", date(2027, 4, 1), date(2027, 6, 30))
TOKYO = ZoneInfo("Asia/Tokyo")
SALES = Person("sales@example.com", "営業 花子", "sales")
CS = Person("cs@example.com", "CS 太郎", "cs")
DEV = Person("dev@example.com", "Dev Ann", "dev")
TRIO = (SALES, CS, DEV)
HOLIDAYS = closed_days(Settings(), Q1.start, Q1.end)


def weekly(weekday: int, start: time, end: time, period: Period = Q1) -> list[tuple]:
    """A block every ``weekday`` of the period, in Tokyo, as fixed-offset UTC like freeBusy."""
    first = period.start + timedelta(days=(weekday - period.start.weekday()) % 7)
    days = [first + timedelta(weeks=w) for w in range(14)]
    return [
        (
            datetime.combine(d, start, TOKYO).astimezone(UTC),
            datetime.combine(d, end, TOKYO).astimezone(UTC),
        )
        for d in days
        if d <= period.end
    ]


def whole_weekdays(weekdays: Iterable[int], period: Period = Q1) -> list[tuple]:
    return [b for w in weekdays for b in weekly(w, time(0), time(23, 59))]


def choose(busy: dict, members=TRIO, settings: Settings | None = None, period=Q1, **kw):
    settings = settings or Settings()
    closed = closed_days(settings, period.start, period.end)
    return find_slot(members, busy, settings, period, kw.pop("not_before", period.start), closed)


def test_the_only_time_free_for_all_three_all_quarter_is_chosen() -> None:
    # Monday, Tuesday, Wednesday and Friday are full; on Thursdays each one is busy
    # except 14:00-14:30, in a different pattern per person
    busy = {
        SALES.email: whole_weekdays((0, 1, 2, 4)) + weekly(3, time(10), time(14)),
        CS.email: whole_weekdays((0, 1, 2, 4))
        + weekly(3, time(14, 30), time(18))
        + weekly(3, time(10), time(12)),
        DEV.email: whole_weekdays((0, 1, 2, 4)) + weekly(3, time(12), time(14)),
    }
    busy[DEV.email] += weekly(3, time(14, 30), time(18))
    slot = choose(busy)
    assert (slot.weekday, slot.start) == (3, time(14))
    # 12 Thursdays, one of them 建国記念の日 (11 February)
    assert slot.explain("ja") == "全員の空き時間から選択（11週中11週）"
    assert slot.explain("en") == "Free for everyone in 11 of 11 weeks"


def test_the_default_wins_when_it_is_as_good() -> None:
    slot = choose({p.email: [] for p in TRIO})
    assert (slot.weekday, slot.start, slot.minutes) == (2, time(16), 30)
    assert slot.note == "slot.free"


@pytest.mark.parametrize(
    ("blocked", "expected"),
    [
        # the default is taken: the same day and the nearest time, earlier first
        ([(2, time(16), time(16, 30))], (2, time(15, 30))),
        # the default day is full: the nearest weekday (Tuesday before Thursday), at the default
        # time
        ([(2, time(0), time(23, 59))], (1, time(16))),
        # Tuesday too: Thursday
        ([(2, time(0), time(23, 59)), (1, time(0), time(23, 59))], (3, time(16))),
        # a block ending when the meeting starts does not overlap it (ends are exclusive)
        ([(2, time(15), time(16))], (2, time(16))),
        # ten minutes in the middle are enough to block a slot
        ([(2, time(15, 50), time(16, 40))], (2, time(15))),
    ],
)
def test_ties_go_to_the_nearest_then_the_earlier(blocked: list, expected: tuple) -> None:
    busy = {p.email: [] for p in TRIO}
    for weekday, start, end in blocked:
        busy[CS.email] += weekly(weekday, start, end)
    slot = choose(busy)
    assert (slot.weekday, slot.start) == expected


def test_fewest_missed_weeks_beats_closeness_to_the_default() -> None:
    busy = {p.email: [] for p in TRIO}
    busy[SALES.email] = weekly(2, time(16), time(17))[:1]  # the default clashes once
    slot = choose(busy)
    assert (slot.weekday, slot.start) == (2, time(15, 30))
    # when every time clashes once (a week off, 18-22 January), the default is as good as any
    week_off = datetime(2027, 1, 18, tzinfo=TOKYO)
    busy[SALES.email] = [(week_off, week_off + timedelta(days=5))]
    slot = choose(busy)
    assert (slot.weekday, slot.start) == (2, time(16))
    assert slot.explain("en") == "Free for everyone in 12 of 13 weeks"


def test_holidays_do_not_count_against_a_slot() -> None:
    # Monday 10:00 is the default; someone is busy then only on 成人の日 and the 振替休日
    settings = Settings(meeting_weekday=0, meeting_time=time(10))
    mondays = weekly(0, time(10), time(11))
    on_holidays = [b for b in mondays if b[0].astimezone(TOKYO).date() in HOLIDAYS]
    assert [b[0].astimezone(TOKYO).date() for b in on_holidays] == [
        date(2027, 1, 11),
        date(2027, 3, 22),
    ]
    slot = choose({SALES.email: on_holidays, CS.email: [], DEV.email: []}, settings=settings)
    assert (slot.weekday, slot.start) == (0, time(10))
    assert slot.explain("ja") == "全員の空き時間から選択（11週中11週）"


def test_a_member_who_cannot_be_read_is_taken_as_free_and_named() -> None:
    busy = {SALES.email: weekly(2, time(16), time(17)), CS.email: []}  # Dev is absent
    slot = choose(busy)
    assert (slot.weekday, slot.start) == (2, time(15, 30))
    assert slot.explain("ja") == (
        "空き時間から選択（13週中13週）。"
        "Dev Annさんの予定は読めなかったため、空いているものとして扱いました"
    )
    assert "Dev Ann" in slot.explain("en")


def test_nobody_readable_falls_back_to_the_default_and_says_so() -> None:
    slot = choose({})
    assert (slot.weekday, slot.start) == (2, time(16))
    assert slot.note == "slot.unread"
    assert "既定の時間" in slot.explain("ja") and ".ics" in slot.explain("ja")
    assert slot.explain("en").startswith("Default slot: no calendar's free/busy could be read")


def test_everyone_always_busy_keeps_the_default_and_says_why() -> None:
    busy = {p.email: whole_weekdays(range(5)) for p in TRIO}
    slot = choose(busy)
    assert (slot.weekday, slot.start, slot.note) == (2, time(16), "slot.all_busy")
    assert slot.explain("en") == "Default slot: no time is free for everyone"


@pytest.mark.parametrize(
    ("zone", "period", "default", "expected", "note"),
    [
        # Singapore is an hour behind: 10:00 in Tokyo is 09:00 there, so 11:00 is the nearest
        ("Asia/Singapore", Q1, time(10), (2, time(11)), "slot.hours"),
        # 16:00 in Tokyo is within Singapore's hours: the default, and nothing could be read
        ("Asia/Singapore", Q1, time(16), (2, time(16)), "slot.unread"),
        # London in winter: 16:00 Tokyo is 07:00 GMT; 17:00 is 08:00 GMT, 09:00 BST (hours 8-18)
        ("Europe/London", Q1, time(16), (2, time(17)), "slot.hours"),
        # London in summer (BST all quarter): 16:00 Tokyo is 08:00 BST, the default works
        ("Europe/London", Q2, time(16), (2, time(16)), "slot.unread"),
        # New York and Tokyo share no working hour
        ("America/New_York", Q1, time(16), (2, time(16)), "slot.no_hours"),
    ],
)
def test_working_hours_are_intersected_across_time_zones(
    zone: str, period: Period, default: time, expected: tuple, note: str
) -> None:
    settings = Settings(meeting_time=default, working_hours=(time(8), time(18)))
    if zone == "Asia/Singapore":
        settings = Settings(meeting_time=default)  # 10:00-18:00
    abroad = Person("abroad@example.com", "Abroad", "dev", timezone=zone)
    slot = choose({}, members=(SALES, CS, abroad), settings=settings, period=period)
    assert ((slot.weekday, slot.start), slot.note) == (expected, note)


def test_a_dst_change_inside_the_quarter_counts_week_by_week() -> None:
    # London hours 09:00-18:00: 17:00 Tokyo is 08:00 GMT (too early) until 28 March, then
    # 09:00 BST; 18:00 Tokyo would be outside Tokyo's own hours. Wednesdays only, to see it.
    settings = Settings(working_hours=(time(9), time(18)))
    abroad = Person("abroad@example.com", "Abroad", "dev", timezone="Europe/London")
    readable = {SALES.email: [], CS.email: [], abroad.email: []}
    group = Group(1, (SALES, CS, abroad))
    slot = find_slots([group], readable, settings, Q1, Q1.start, HOLIDAYS, weekdays=(2,))[1]
    assert (slot.weekday, slot.start) == (2, time(17))
    assert slot.explain("en") == "Free for everyone in 1 of 13 weeks"  # only 31 March is in BST


def test_longer_meetings_need_the_whole_span_free() -> None:
    settings = Settings(duration_minutes=45)
    busy = {p.email: [] for p in TRIO}
    busy[DEV.email] = weekly(2, time(16, 30), time(16, 45))
    slot = choose(busy, settings=settings)
    assert (slot.start, slot.minutes) == (time(15, 30), 45)  # 15:30-16:15; 16:00 would clash


def test_a_default_off_the_grid_is_still_the_default() -> None:
    slot = choose({p.email: [] for p in TRIO}, settings=Settings(meeting_time=time(16, 15)))
    assert (slot.weekday, slot.start) == (2, time(16, 15))


def test_a_run_late_in_the_period_counts_only_the_weeks_left() -> None:
    slot = choose({p.email: [] for p in TRIO}, not_before=date(2027, 3, 18))
    assert slot.explain("en") == "Free for everyone in 2 of 2 weeks"


def test_a_busy_block_over_several_days_blocks_each_of_them() -> None:
    start = datetime(2027, 2, 1, 0, tzinfo=TOKYO)  # a week away, Monday to Sunday
    busy = {SALES.email: [(start, start + timedelta(days=7))], CS.email: [], DEV.email: []}
    slot = choose(busy)
    assert slot.explain("en") == "Free for everyone in 12 of 13 weeks"


def test_every_group_gets_its_own_slot_in_one_call() -> None:
    other = tuple(Person(f"x{i}@example.com", f"X{i}", f) for i, f in enumerate(("sales", "cs")))
    busy = {p.email: [] for p in (*TRIO, *other)}
    busy[other[0].email] = weekly(2, time(16), time(16, 30))
    slots = find_slots([Group(1, TRIO), Group(2, other)], busy, Settings(), Q1, Q1.start, HOLIDAYS)
    assert [(s.weekday, s.start) for s in slots.values()] == [(2, time(16)), (2, time(15, 30))]


def test_the_answer_does_not_depend_on_member_order() -> None:
    busy = {SALES.email: weekly(2, time(15), time(17)), CS.email: weekly(1, time(10), time(18))}
    assert choose(busy) == choose(busy, members=tuple(reversed(TRIO)))


def test_the_window_asked_of_the_calendar_covers_the_meetings_left() -> None:
    start, end = busy_window(Settings(), Q1, date(2027, 2, 10))
    assert (start, end) == (
        datetime(2027, 2, 10, tzinfo=TOKYO),
        datetime(2027, 4, 1, tzinfo=TOKYO),
    )
