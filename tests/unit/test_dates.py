"""Dates and times as people write them: reading typed dates and date cells, writing prose."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

import pytest

from aibou.domain.time.dates import (
    DateError,
    day_label,
    local_slot_label,
    parse_date,
    slot_label,
    zone_label,
)


@pytest.mark.parametrize(
    "written",
    [
        "2027-01-05",
        "2027/1/5",
        "2027/01/05",
        "2027-1-5",
        " 2027/1/5 ",
        "２０２７／１／５",  # full-width, as an IME types it
        "2027年1月5日",
        date(2027, 1, 5),  # a date cell (openpyxl)
        datetime(2027, 1, 5),  # a date cell as openpyxl often returns it
    ],
)
def test_parse_date_reads_every_way_people_write_the_day(written: object) -> None:
    assert parse_date(written) == date(2027, 1, 5)


@pytest.mark.parametrize(
    "written", ["", None, "2027/2/30", "1/5", "2027-13-01", "next monday", "20270105", 45000]
)
def test_parse_date_refuses_anything_else_with_a_value_error_quoting_it(written: object) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(written)
    assert isinstance(caught.value, ValueError)
    assert "2027-01-05 or 2027/1/5" in str(caught.value)


def test_parse_date_is_an_argparse_type() -> None:
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--date", type=parse_date)
    assert parser.parse_args(["--date", "2027/1/5"]).date == date(2027, 1, 5)
    with pytest.raises(argparse.ArgumentError):
        parser.parse_args(["--date", "tomorrow"])


@pytest.mark.parametrize(
    ("day", "language", "year", "expected"),
    [
        (date(2027, 1, 6), "ja", 2027, "1月6日（水）"),
        (date(2027, 1, 6), "ja", 2026, "2027年1月6日（水）"),  # a period that crosses New Year
        (date(2027, 12, 31), "ja", None, "2027年12月31日（金）"),  # no year to go by: say it
        (date(2027, 3, 22), "en", 2027, "Mon, March 22"),
        (date(2027, 3, 22), "en", 2026, "Mon, March 22, 2027"),
    ],
)
def test_day_label_writes_the_year_only_where_it_is_not_the_one_read_about(
    day: date, language: str, year: int | None, expected: str
) -> None:
    assert day_label(day, language, year) == expected


def test_tokyo_is_called_japan_time_and_other_zones_by_their_name() -> None:
    assert slot_label(2, time(16), 30, "Asia/Tokyo", "ja") == "毎週水曜 16:00〜16:30（日本時間）"
    assert slot_label(2, time(16), 30, "Asia/Tokyo", "en") == "Wednesdays 16:00–16:30 (Japan time)"
    assert zone_label("Europe/London", "ja") == "Europe/London"


def test_a_local_time_that_changes_says_from_which_day_in_words() -> None:
    mondays = [date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15)]  # New York DST: 14 March
    ja = local_slot_label(mondays, time(9), 30, "Asia/Tokyo", "America/New_York", "ja", 2027)
    assert (
        ja == "毎週日曜 19:00〜19:30、3月14日（日）からは毎週日曜 20:00〜20:30（America/New_York）"
    )
    assert "2027-" not in ja and "(" not in ja and ")" not in ja  # ISO dates, ASCII parens
    en = local_slot_label(mondays, time(9), 30, "Asia/Tokyo", "America/New_York", "en", 2027)
    assert en == (
        "Sundays 19:00–19:30, then Sundays 20:00–20:30 from Sun, March 14 (America/New_York)"
    )
