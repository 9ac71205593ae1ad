"""Weekly series: first meeting, UNTIL in UTC, EXDATE for holidays and closed days."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from aibou.domain.model import Period
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import (
    Slot,
    closed_day_names,
    closed_days,
    event_id,
    parse_slot,
    series,
)

Q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
WEDNESDAY_4PM = Slot(2, time(16), 30, "Asia/Tokyo")


def test_series_runs_weekly_to_the_end_of_the_period() -> None:
    s = series(WEDNESDAY_4PM, Q1, Q1.start)
    assert s.dates[0] == date(2027, 1, 6) and s.dates[-1] == date(2027, 3, 31)
    assert len(s.dates) == 13
    assert s.start == datetime(2027, 1, 6, 16, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert s.end - s.start == (datetime(2000, 1, 1, 0, 30) - datetime(2000, 1, 1))
    # the end of 31 March in Tokyo is 14:59:59 UTC
    assert s.until == datetime(2027, 3, 31, 14, 59, 59, tzinfo=UTC)
    assert s.rrule.endswith("UNTIL=20270331T145959Z")


def test_japanese_holidays_and_closed_days_are_skipped() -> None:
    monday = Slot(0, time(10), 30, "Asia/Tokyo")
    closed = closed_days(Settings(closed_days=(date(2027, 2, 1),)), Q1.start, Q1.end)
    assert {date(2027, 1, 11), date(2027, 2, 11), date(2027, 3, 22), date(2027, 2, 1)} <= closed
    s = series(monday, Q1, Q1.start, closed)
    assert date(2027, 1, 11) not in s.dates  # 成人の日
    assert date(2027, 3, 22) not in s.dates  # 春分の日 (振替休日)
    assert date(2027, 2, 1) not in s.dates  # a company closed day
    assert [e.date() for e in s.exdates] == [date(2027, 1, 11), date(2027, 2, 1), date(2027, 3, 22)]
    assert all(e.tzinfo == ZoneInfo("Asia/Tokyo") and e.time() == time(10) for e in s.exdates)


def test_a_holiday_on_the_first_day_moves_the_start_instead_of_an_exdate() -> None:
    friday = Slot(4, time(10), 30, "Asia/Tokyo")
    closed = closed_days(Settings(), Q1.start, Q1.end)  # 1 January 2027 is a Friday and 元日
    s = series(friday, Q1, Q1.start, closed)
    assert s.dates[0] == date(2027, 1, 8) and date(2027, 1, 1) not in [e.date() for e in s.exdates]


def test_a_run_in_the_middle_of_the_period_starts_from_that_day() -> None:
    s = series(WEDNESDAY_4PM, Q1, date(2027, 3, 18))
    assert s.dates == (date(2027, 3, 24), date(2027, 3, 31))


def test_no_holidays_when_the_setting_is_empty() -> None:
    assert closed_days(Settings(holidays=""), Q1.start, Q1.end) == set()


def test_event_ids_are_distinct_per_sheet_period_and_group() -> None:
    ids = {event_id(s, p, g) for s in ("a", "b") for p in ("2027-Q1", "2027-Q2") for g in (1, 2)}
    assert len(ids) == 8


@pytest.mark.parametrize(
    ("sheet", "period", "group"),
    [("sheet-1", "2027-Q1", 3), ("1AbC-xyz_09", "2027-H2", 3334), ("シート", "2028-01", 1)],
)
def test_event_id_is_the_base32hex_of_the_keys_sha256(sheet: str, period: str, group: int) -> None:
    # ids already in calendars must stay what they were: "aibou" and the SHA-256 of the key in
    # base32hex (lower case, no padding), as the standard library writes it
    digest = hashlib.sha256(f"{sheet}\x1f{period}\x1f{group}".encode()).digest()
    expected = "aibou" + base64.b32hexencode(digest).decode().rstrip("=").lower()
    assert event_id(sheet, period, group) == expected


def test_event_id_is_pinned() -> None:
    # made by the first release's encoder (base64.b32hexencode): an id never changes
    assert (
        event_id("sheet-1", "2027-Q1", 3)
        == "aibouqpk70pngrv4tfb0ceip4t15hbklh8d9m1c83rjecfj121aelcqr0"
    )


# Holidays across the year: every Japanese public holiday of 2026 that falls on a weekday,
# substitute holidays (振替休日) and the citizens' holiday (国民の休日) included, is skipped.
@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "元日"),
        (date(2026, 1, 12), "成人の日"),
        (date(2026, 2, 11), "建国記念の日"),
        (date(2026, 2, 23), "天皇誕生日"),
        (date(2026, 3, 20), "春分の日"),
        (date(2026, 4, 29), "昭和の日"),
        (date(2026, 5, 4), "みどりの日"),
        (date(2026, 5, 5), "こどもの日"),
        (date(2026, 5, 6), "振替休日"),  # 憲法記念日 (3 May) was a Sunday
        (date(2026, 7, 20), "海の日"),
        (date(2026, 8, 11), "山の日"),
        (date(2026, 9, 21), "敬老の日"),
        (date(2026, 9, 22), "国民の休日"),  # between two holidays
        (date(2026, 9, 23), "秋分の日"),
        (date(2026, 10, 12), "スポーツの日"),
        (date(2026, 11, 3), "文化の日"),
        (date(2026, 11, 23), "勤労感謝の日"),
    ],
)
def test_every_weekday_holiday_of_the_year_is_an_exdate(day: date, name: str) -> None:
    first_month = (day.month - 1) // 3 * 3 + 1
    after = date(2026, first_month + 3, 1) if first_month < 10 else date(2027, 1, 1)
    quarter = Period("q", date(2026, first_month, 1), after - timedelta(days=1))
    names = closed_day_names(Settings(), quarter.start, quarter.end, "ja")
    assert names[day] == name
    slot = Slot(day.weekday(), time(16), 30, "Asia/Tokyo")
    s = series(slot, quarter, quarter.start, names)
    assert day not in s.dates
    first = s.dates[0]
    if day > first:
        assert datetime.combine(day, time(16), ZoneInfo("Asia/Tokyo")) in s.exdates
    else:  # a holiday on the first meeting day moves the start instead
        assert first == day + timedelta(weeks=1)


def test_year_end_closed_days_and_new_year_across_a_period_boundary() -> None:
    # a two-month period from December to January: the company's year-end days, 元日 of the
    # next year and 成人の日 are all skipped
    settings = Settings(
        closed_days=(date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 4))
    )
    period = Period("2026-12-01", date(2026, 12, 1), date(2027, 1, 31))
    names = closed_day_names(settings, period.start, period.end, "en")
    assert names[date(2026, 12, 30)] == "Company closed day"
    assert names[date(2027, 1, 1)] == "New Year's Day"
    for weekday, skipped in [
        (0, [date(2027, 1, 4), date(2027, 1, 11)]),  # a closed day, Coming of Age Day
        (1, [date(2026, 12, 29)]),
        (2, [date(2026, 12, 30)]),
        (3, [date(2026, 12, 31)]),
        (4, [date(2027, 1, 1)]),
    ]:
        s = series(Slot(weekday, time(16), 30, "Asia/Tokyo"), period, period.start, names)
        assert list(s.skipped) == skipped
        assert not set(skipped) & set(s.dates)
    assert s.until == datetime(2027, 1, 31, 14, 59, 59, tzinfo=UTC)


def test_holiday_names_follow_the_language_and_other_countries() -> None:
    assert closed_day_names(Settings(), date(2027, 3, 22), date(2027, 3, 22), "ja") == {
        date(2027, 3, 22): "振替休日"
    }
    us = closed_day_names(Settings(holidays="US"), date(2027, 7, 1), date(2027, 7, 31), "ja")
    # 4 July 2027 is a Sunday: observed on Monday 5 July; no Japanese names: English ones
    assert "Independence Day" in us[date(2027, 7, 5)]


def test_a_recorded_slot_is_read_back_from_its_label() -> None:
    for language in ("ja", "en"):
        slot = Slot(4, time(9, 30), 45, "Europe/London")
        again = parse_slot(slot.label(language))
        assert again is not None
        assert (again.weekday, again.start, again.minutes, again.timezone) == (
            4,
            time(9, 30),
            45,
            "Europe/London",
        )
