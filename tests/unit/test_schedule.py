"""Weekly series: first meeting, UNTIL in UTC, EXDATE for holidays and closed days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from aibou.domain.model import Period
from aibou.domain.schedule import Slot, closed_days, event_id, series
from aibou.domain.settings import Settings

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
