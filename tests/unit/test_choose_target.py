"""Which period a run works on (DESIGN.md §7): announce ahead, the half-rule, the date rule."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibou.domain.model import Period
from aibou.domain.sheet.settings import Settings, parse_settings
from aibou.domain.time.dates import DateError, parse_date
from aibou.domain.time.periods import period_at
from aibou.domain.time.schedule import Slot
from aibou.domain.time.target import (
    AMEND,
    CLOSED,
    NEW,
    NOT_DUE,
    REFUSED,
    choose_target,
    first_meeting,
    is_open,
    meeting_days,
    period_anchor,
)

Q_ANCHOR = date(2027, 1, 1)
Q1 = {"2027-Q1": date(2027, 1, 1)}


@pytest.mark.parametrize(
    ("today", "rotations", "action", "key"),
    [
        # a week before a quarter, its rotation and invites go out
        (date(2027, 3, 25), {}, NEW, "2027-Q2"),
        (date(2027, 3, 25), Q1, NEW, "2027-Q2"),
        # eight days before, the current quarter is still the target
        (date(2027, 3, 24), Q1, AMEND, "2027-Q1"),
        # a first run early in a quarter starts it
        (date(2027, 1, 10), {}, NEW, "2027-Q1"),
        # a first run late in a quarter prepares the next one (half-rule)
        (date(2026, 12, 1), {}, NEW, "2027-Q1"),
        (date(2027, 2, 20), {}, NEW, "2027-Q2"),
        # the half-rule never skips a period that already has a rotation
        (date(2027, 2, 20), Q1, AMEND, "2027-Q1"),
        # a past date, once a later period has a rotation, is refused
        (date(1999, 3, 15), Q1, REFUSED, "1999-Q2"),
        (date(2026, 11, 1), Q1, REFUSED, "2026-Q4"),
    ],
)
def test_choose_target(today: date, rotations: dict, action: str, key: str) -> None:
    target = choose_target(today, Settings(), Q_ANCHOR, rotations)
    assert (target.action, target.period.key) == (action, key)


def test_refusal_names_the_latest_rotation() -> None:
    rotations = {
        "2027-Q4": date(2027, 10, 1),
        "2027-Q1": date(2027, 1, 1),
        "2027-Q3": date(2027, 7, 1),
        "spring": None,
    }
    target = choose_target(date(2027, 4, 10), Settings(), Q_ANCHOR, rotations)
    assert (target.action, target.period.key, target.latest) == (REFUSED, "2027-Q2", "2027-Q4")


def test_the_half_rule_counts_meeting_days_on_or_after_today() -> None:
    quarter = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    days = meeting_days(Settings(), quarter)
    assert len(days) == 13  # Wednesdays of 2027-Q1, none a holiday
    no_notice = Settings(announce_days=0)
    # on the 7th Wednesday, 7 of 13 lie ahead (itself included): more than half
    assert choose_target(days[6], no_notice, Q_ANCHOR, {}).period.key == "2027-Q1"
    # the day after it, 6 of 13: fewer than half, so the next quarter is prepared instead
    target = choose_target(days[6] + timedelta(days=1), no_notice, Q_ANCHOR, {})
    assert (target.period.key, target.deferred) == ("2027-Q2", quarter)


def test_closed_days_are_not_meeting_days() -> None:
    quarter = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    wednesdays = list(meeting_days(Settings(holidays=""), quarter))
    closed = Settings(holidays="", closed_days=tuple(wednesdays[:7]))
    # with seven Wednesdays closed, a run on 24 February still has all meetings ahead
    assert choose_target(date(2027, 2, 24), closed, Q_ANCHOR, {}).period.key == "2027-Q1"
    assert choose_target(date(2027, 2, 24), Settings(), Q_ANCHOR, {}).period.key == "2027-Q2"


def test_before_the_first_period_runs_are_not_due_until_its_announcement() -> None:
    s = Settings(first_period_start=date(2027, 4, 1))
    early = choose_target(date(2027, 3, 24), s, s.first_period_start, {})
    assert (early.action, early.period.key) == (NOT_DUE, "2027-Q2")
    assert choose_target(date(2027, 3, 25), s, s.first_period_start, {}).action == NEW
    none = Settings(first_period_start=date(2027, 4, 1), announce_days=0)
    assert choose_target(date(2027, 3, 31), none, date(2027, 4, 1), {}).action == NOT_DUE


def test_a_rotation_closes_when_a_later_one_has_begun_or_its_period_ended() -> None:
    q1 = period_at(date(2027, 2, 1))
    starts = [date(2027, 1, 1), date(2027, 4, 1)]
    assert is_open(q1, date(2027, 3, 25), starts)  # the next one applied ahead: still open
    assert not is_open(q1, date(2027, 4, 1), starts)
    assert not is_open(q1, date(2027, 4, 1), starts[:1])  # its period has ended
    # a target whose rotation is no longer open is left as it is
    two_months = Settings(rotation_months=2, announce_days=0)
    rotations = {"2027-01-01": date(2027, 1, 1), "2027-01-15": date(2027, 1, 15)}
    target = choose_target(date(2027, 1, 20), two_months, date(2027, 1, 1), rotations)
    assert (target.action, target.period.key) == (CLOSED, "2027-01-01")


def test_anchor_follows_the_setting_then_our_oldest_tab_then_the_quarter() -> None:
    assert period_anchor(Settings(first_period_start=date(2027, 2, 3)), [date(2026, 1, 1)],
                         date(2027, 5, 5)) == date(2027, 2, 3)  # fmt: skip
    assert period_anchor(Settings(), [date(2027, 1, 16)], date(2027, 5, 5)) == date(2027, 1, 16)
    assert period_anchor(Settings(), [], date(2027, 5, 5)) == date(2027, 4, 1)


@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.integers(0, 60), st.integers(1, 6))
def test_the_target_never_lies_before_the_announcement_day(
    today: date, announce: int, months: int
) -> None:
    s = Settings(rotation_months=months, announce_days=announce, holidays="")
    target = choose_target(today, s, date(2027, 1, 1), {})
    assert target.action == NEW
    assert target.period.start <= today + timedelta(days=announce + 31 * months)
    assert target.period.end >= today + timedelta(days=announce)


@pytest.mark.parametrize(
    ("now", "first"),
    [
        (datetime(2027, 1, 6, 0, 0), date(2027, 1, 6)),  # --date D: the start of D
        (datetime(2027, 1, 6, 15, 59), date(2027, 1, 6)),
        (datetime(2027, 1, 6, 16, 0), date(2027, 1, 13)),
        (datetime(2026, 12, 1, 9, 0), date(2027, 1, 6)),  # announced ahead: from the start
    ],
)
def test_a_series_never_starts_in_the_past(now: datetime, first: date) -> None:
    quarter = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    found = first_meeting(slot, quarter, now.replace(tzinfo=ZoneInfo("Asia/Tokyo")))
    assert found.dates[0] == first
    assert found.start > now.replace(tzinfo=ZoneInfo("Asia/Tokyo"))


def test_first_meeting_reads_now_in_the_slots_zone() -> None:
    quarter = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    # 07:30 UTC on Wednesday 6 January is 16:30 in Tokyo: that meeting has started
    now = datetime(2027, 1, 6, 7, 30, tzinfo=ZoneInfo("UTC"))
    assert first_meeting(slot, quarter, now).dates[0] == date(2027, 1, 13)
    with pytest.raises(ValueError, match="aware"):
        first_meeting(slot, quarter, datetime(2027, 1, 6))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-01-05", date(2027, 1, 5)),
        ("2027/1/5", date(2027, 1, 5)),
        (date(2027, 1, 5), date(2027, 1, 5)),
        (datetime(2027, 1, 5, 0, 0), date(2027, 1, 5)),
        ("yesterday", None),
        ("1/5/2027", None),
        ("2027-02-30", None),
    ],
)
def test_joined_dates_read_with_parse_date(value: object, expected: date | None) -> None:
    """The roster's joined column is read by the one date parser (empty cells are no date)."""
    if expected is None:
        with pytest.raises(DateError):
            parse_date(value)
    else:
        assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("rows", "days", "problem"),
    [
        ([], 7, None),
        ([["告知日数", "0"]], 0, None),
        ([["announce_days", "14"]], 14, None),
        ([["announce_days", "84"]], 7, "0以上83以下"),
        ([["rotation_months", "1"], ["告知日数", "28"]], 7, "0以上27以下"),
        ([["announce_days", "-1"]], 7, "0以上366以下"),
        ([["announce_days", "a week"]], 7, "0以上366以下"),
    ],
)
def test_announce_days_setting(rows: list, days: int, problem: str | None) -> None:
    settings, problems = parse_settings("設定", rows)
    assert settings.announce_days == days
    if problem is None:
        assert problems == []
    else:
        [found] = problems
        assert (found.tab, found.row, found.column) == ("設定", len(rows), "B")
        assert problem in found.message and "announce_days" in found.message
