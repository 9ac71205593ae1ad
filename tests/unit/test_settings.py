"""The Settings tab: defaults for everything, Japanese keys, precise problems."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from aibou.domain.sheet.settings import Settings, parse_settings


def test_empty_tab_gives_the_documented_defaults() -> None:
    settings, problems = parse_settings("Settings", [])
    assert problems == []
    assert settings == Settings()
    assert (settings.rotation_months, settings.meeting_weekday, settings.meeting_time) == (
        3,
        2,
        time(16),
    )
    assert (settings.duration_minutes, settings.timezone, settings.group_size) == (
        30,
        "Asia/Tokyo",
        3,
    )
    assert (settings.functions, settings.calendar_id, settings.language) == (
        ("sales", "cs", "dev"),
        "primary",
        "ja",
    )
    assert (settings.holidays, settings.closed_days, settings.meet, settings.send_updates) == (
        "JP",
        (),
        True,
        "all",
    )
    assert settings.working_hours == (time(10), time(18))


def test_japanese_keys_and_values() -> None:
    rows = [
        ["項目", "値"],
        ["ローテーション月数", "２"],
        ["初回開始日", "2027/01/04"],
        ["曜日", "金曜日"],
        ["開始時刻", "15時30分"],
        ["所要時間", "45"],
        ["タイムゾーン", "America/New_York"],
        ["勤務時間", "9:00〜17:30"],
        ["グループ人数", "4"],
        ["職能", "セールス, cs, dev, pm"],
        ["言語", "English"],
        ["祝日", "us"],
        ["休業日", "2027-12-29、2027-12-30"],
        ["Google Meet", "オフ"],
        ["通知", "なし"],
        ["端数の組", "大きく"],
    ]
    s, problems = parse_settings("設定", rows)
    assert problems == []
    assert s.rotation_months == 2 and s.first_period_start == date(2027, 1, 4)
    assert s.meeting_weekday == 4 and s.meeting_time == time(15, 30) and s.duration_minutes == 45
    assert s.timezone == "America/New_York" and s.working_hours == (time(9), time(17, 30))
    assert s.group_size == 4 and s.functions == ("sales", "cs", "dev", "pm")
    assert s.language == "en" and s.holidays == "US"
    assert s.closed_days == (date(2027, 12, 29), date(2027, 12, 30))
    assert s.meet is False and s.send_updates == "none" and s.uneven_groups == "larger"


def test_empty_holidays_means_none_and_empty_values_keep_defaults() -> None:
    s, problems = parse_settings("Settings", [["holidays", ""], ["meeting_time", ""]])
    assert problems == [] and s.holidays == "" and s.meeting_time == time(16)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("rotation_months", "13", "from 1 to 12"),
        ("first_period_start", "next monday", "2027-01-05 or 2027/1/5"),
        ("meeting_weekday", "someday", "weekday"),
        ("meeting_time", "25:00", "HH:MM"),
        ("duration_minutes", "-5", "from 5 to 480"),
        ("timezone", "Tokyo", "IANA"),
        ("timezone", "Asia/" + "x" * 300, "IANA"),  # zoneinfo raised OSError for this
        ("working_hours", "18:00-10:00", "HH:MM-HH:MM"),
        ("group_size", "1", "from 2 to 10"),
        ("functions", "sales", "two or more"),
        ("language", "fr", "ja, en"),
        ("holidays", "XX", "country code"),
        ("closed_days", "2027-02-30", "2027-01-05 or 2027/1/5"),
        ("closed_days", "2027/1/5, 1/6", "2027-01-05 or 2027/1/5"),
        ("meet", "maybe", "on, off"),
        ("send_updates", "some", "all, externalOnly, none"),
        ("agenda_template", "../secrets", "templates/"),
    ],
)
def test_bad_values_point_at_column_b(key: str, value: str, words: str) -> None:
    _, problems = parse_settings("Settings", [["key", "value"], [key, value]], language="en")
    assert [(p.tab, p.row, p.column) for p in problems] == [("Settings", 2, "B")]
    assert words in problems[0].message


def test_unknown_and_duplicate_keys_point_at_column_a() -> None:
    _, problems = parse_settings(
        "Settings",
        [
            ["language", "en"],
            ["colour", "blue"],
            ["曜日", "月"],
            ["weekday", "x"],
            ["meeting_weekday", "火"],
        ],
    )
    assert [(p.row, p.column) for p in problems] == [(2, "A"), (4, "A"), (5, "A")]
    assert "Unknown setting 'colour'" in problems[0].message
    assert all("appears twice (also in row 3)" in p.message for p in problems[1:])


@pytest.mark.parametrize("shown", ["16:00", "16:00:00", "16時00分", "１６：００"])
def test_times_as_sheets_and_people_show_them(shown: str) -> None:
    settings, problems = parse_settings("Settings", [["meeting_time", shown]])
    assert problems == [] and settings.meeting_time == time(16)


@pytest.mark.parametrize(
    "cell",
    [
        "2027-01-05",
        "2027/1/5",
        "2027/01/05",
        "２０２７／１／５",
        date(2027, 1, 5),
        datetime(2027, 1, 5),
    ],
)
def test_dates_as_people_type_them_and_date_cells(cell: object) -> None:
    rows = [["first_period_start", cell], ["closed_days", cell]]
    settings, problems = parse_settings("Settings", rows)
    assert problems == []
    assert settings.first_period_start == date(2027, 1, 5)
    assert settings.closed_days == (date(2027, 1, 5),)


def test_closed_days_mix_the_ways_to_write_a_date() -> None:
    settings, problems = parse_settings("設定", [["休業日", "2027/12/30、2027-12-29, 2028/1/4"]])
    assert problems == []
    assert settings.closed_days == (date(2027, 12, 29), date(2027, 12, 30), date(2028, 1, 4))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "設定!B2: 「曜日」の値「someday」が正しくありません。曜日を入力してください"),
        ("en", "設定!B2: The value 'someday' of 'meeting_weekday' is not valid. Use a weekday"),
    ],
)
def test_a_bad_value_names_the_key_as_the_sheet_writes_it_in_japanese(
    language: str, expected: str
) -> None:
    """Japanese messages say 曜日 as the sheet does; English ones the English key."""
    _, problems = parse_settings("設定", [["言語", language], ["曜日", "someday"]])
    assert str(problems[0]).startswith(expected)


def test_an_unknown_key_lists_the_keys_in_the_sheets_language() -> None:
    _, problems = parse_settings("設定", [["色", "青"]])
    assert problems[0].message.startswith(
        "「色」という設定項目はありません。使える項目：ローテーション月数、初回開始日、曜日、"
    )
    assert "rotation_months" not in problems[0].message
    _, problems = parse_settings("Settings", [["colour", "blue"]], language="en")
    assert "Known settings: rotation_months, first_period_start, meeting_weekday" in (
        problems[0].message
    )


# --- bounds: a sheet editor controls every value, and every run reads them ----------------------


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("functions", ",".join(f"f{i}" for i in range(20_000)), "at most 10)"),
        ("functions", ",".join(f"f{i}" for i in range(11)), "at most 10)"),
        ("closed_days", ", ".join(["2027-01-04"] * 367), "at most 366"),
        ("calendar_id", "x" * 50_000, "at most 254 characters"),
        ("calendar_id", "team calendar", "at most 254 characters"),
        ("agenda_template", "a" * 256, "template"),
        ("holidays", "ZZ" * 1_000, "country code"),
    ],
)
def test_oversized_values_are_refused_and_quoted_short(key: str, value: str, words: str) -> None:
    settings, problems = parse_settings("Settings", [[key, value]], "en")
    assert [(p.tab, p.row, p.column) for p in problems] == [("Settings", 1, "B")]
    assert words in problems[0].message
    assert len(problems[0].message) < 400  # the value is quoted, not copied whole
    assert getattr(settings, key) == getattr(Settings(), key)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("functions", ",".join(f"f{i}" for i in range(10)), tuple(f"f{i}" for i in range(10))),
        ("closed_days", ", ".join(["2027-01-04"] * 366), (date(2027, 1, 4),) * 366),
        ("calendar_id", "team@example.com", "team@example.com"),
        ("holidays", "us", "US"),
    ],
)
def test_values_at_the_bounds_are_accepted(key: str, value: str, expected: object) -> None:
    settings, problems = parse_settings("Settings", [[key, value]], "en")
    assert problems == []
    assert getattr(settings, key) == expected
