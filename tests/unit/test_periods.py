"""Periods: calendar quarters by default, any length from an anchor, keys per DESIGN.md §3."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibou.domain.time.periods import add_months, key_start, period_at


@pytest.mark.parametrize(
    ("day", "key", "start", "end"),
    [
        (date(2027, 1, 1), "2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), "2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), "2027-Q2", date(2027, 4, 1), date(2027, 6, 30)),
        (date(2026, 12, 31), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), "2028-Q1", date(2028, 1, 1), date(2028, 3, 31)),
    ],
)
def test_quarters(day: date, key: str, start: date, end: date) -> None:
    period = period_at(day)
    assert (period.key, period.start, period.end) == (key, start, end)


def test_other_lengths_use_the_start_date_as_key() -> None:
    anchor = date(2027, 1, 4)
    assert period_at(date(2027, 1, 3), 2, anchor).key == "2026-11-04"
    assert period_at(date(2027, 3, 4), 2, anchor).key == "2027-03-04"
    assert period_at(date(2027, 3, 3), 2, anchor).end == date(2027, 3, 3)
    # three months from an anchor that is not a quarter start: dates, not quarters
    assert period_at(date(2027, 2, 1), 3, date(2027, 1, 15)).key == "2027-01-15"


def test_anchor_on_the_31st_clamps_to_short_months() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert period_at(date(2027, 3, 1), 1, date(2027, 1, 31)).start == date(2027, 2, 28)


@given(
    st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    st.integers(1, 12),
    st.dates(date(2000, 1, 1), date(2100, 1, 1)),
)
def test_periods_tile_the_calendar(day: date, months: int, anchor: date) -> None:
    period = period_at(day, months, anchor)
    assert period.start <= day <= period.end
    assert period_at(
        period.end + timedelta(days=1), months, anchor
    ).start == period.end + timedelta(days=1)
    assert period_at(period.start, months, anchor) == period


def test_key_start_reads_back_keys() -> None:
    assert key_start("2027-Q3") == date(2027, 7, 1)
    assert key_start("2027-01-04") == date(2027, 1, 4)
    assert key_start("2027-Q5") is None
