"""The Settings tab: key/value rows (column A the key, column B the value), all optional.

Keys may be written in English or Japanese; every key has a default, so an empty or missing tab
works. Problems are reported with the tab, row and column B.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from aibou.domain.i18n import LANGUAGES, message
from aibou.domain.model import Problem
from aibou.domain.sheet.cells import fold, is_timezone, text
from aibou.domain.sheet.functions import canonical_function
from aibou.domain.time.dates import FIRST_YEAR, LAST_YEAR, DateError, parse_date

__all__ = ["SETTINGS_TABS", "Settings", "parse_settings"]

#: Titles the Settings tab may have.
SETTINGS_TABS = ("Settings", "設定")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Weekdays as Japanese write them, Monday first (月曜 ... 日曜).
JA_WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class Settings:
    """Every knob of a rotation, with the documented defaults (DESIGN.md §1)."""

    rotation_months: int = 3
    first_period_start: date | None = None
    meeting_weekday: int = 2  # Monday is 0: Wednesday
    meeting_time: time = time(16, 0)
    duration_minutes: int = 30
    timezone: str = "Asia/Tokyo"
    working_hours: tuple[time, time] = (time(10, 0), time(18, 0))
    group_size: int = 3
    functions: tuple[str, ...] = ("sales", "cs", "dev")
    calendar_id: str = "primary"
    language: str = "ja"
    holidays: str = "JP"
    closed_days: tuple[date, ...] = ()
    meet: bool = True
    send_updates: str = "all"
    agenda_template: str = ""
    uneven_groups: str = "smaller"
    announce_days: int = 7
    rows: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def largest_group(self) -> int:
        """The most people a group may have: one more than ``group_size`` when uneven head
        counts make larger groups.

        >>> Settings().largest_group, Settings(uneven_groups="larger").largest_group
        (3, 4)
        """
        return self.group_size + (1 if self.uneven_groups == "larger" else 0)


def _parse_int(low: int, high: int) -> Callable[[str], int | None]:
    def parse(value: str) -> int | None:
        return int(value) if re.fullmatch(r"\d+", value) and low <= int(value) <= high else None

    return parse


def _parse_date(value: str) -> date | None:
    try:
        day = parse_date(value)
    except DateError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


#: Bounds on what a sheet editor may write into Settings (every run reads them).
MAX_CLOSED_DAYS = 366
MAX_FUNCTIONS = 10  # a group holds at most 10 people, one per function
MAX_CALENDAR_ID_CHARS = 254
MAX_NAME_CHARS = 255  # a template's file name


def _parse_dates(value: str) -> tuple[date, ...] | None:
    parts = re.split(r"[,、\s]+", value, maxsplit=MAX_CLOSED_DAYS)
    if len(parts) > MAX_CLOSED_DAYS and any(parts[MAX_CLOSED_DAYS:]):
        return None
    days = [_parse_date(part) for part in parts if part]
    if any(d is None for d in days):
        return None
    return tuple(sorted(d for d in days if d is not None))


def _parse_weekday(value: str) -> int | None:
    folded = value.casefold()
    for i, name in enumerate(WEEKDAYS):
        if folded in (name, name[:3]):
            return i
    match = re.fullmatch(r"([月火水木金土日])(曜|曜日)?", value)
    return JA_WEEKDAYS.index(match.group(1)) if match else None


def _parse_time(value: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:時](\d{2})(?:分|:00)?", value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _parse_hours(value: str) -> tuple[time, time] | None:
    parts = re.split(r"\s*[-~〜–]\s*", value)
    if len(parts) != 2:
        return None
    start, end = (_parse_time(p) for p in parts)
    return (start, end) if start and end and start < end else None


def _parse_timezone(value: str) -> str | None:
    return value if is_timezone(value) else None


def _parse_functions(value: str) -> tuple[str, ...] | None:
    parts = re.split(r"[,、]", value, maxsplit=MAX_FUNCTIONS)
    names = tuple(canonical_function(v) for v in parts if fold(v))
    if not 2 <= len(names) <= MAX_FUNCTIONS:
        return None
    return names if len(set(names)) == len(names) else None


def _parse_calendar(value: str) -> str | None:
    return value if len(value) <= MAX_CALENDAR_ID_CHARS and not re.search(r"\s", value) else None


def _choice(table: dict[str, Any]) -> Callable[[str], Any]:
    folded = {fold(k): v for k, v in table.items()}
    return lambda value: folded.get(fold(value))


def _parse_country(value: str) -> str | None:
    import holidays  # lazy: pure data, needed only when the setting is given

    code = value.upper()
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        return None
    return code if code in holidays.list_supported_countries() else None


def _parse_template(value: str) -> str | None:
    if len(value) > MAX_NAME_CHARS or value.startswith("."):
        return None
    return value if re.fullmatch(r"[\w.\-]+", value) else None


_BOOLEANS = {
    "on": True, "true": True, "yes": True, "1": True, "はい": True, "オン": True, "有効": True,
    "off": False, "false": False, "no": False, "0": False, "いいえ": False, "オフ": False,
    "無効": False,
}  # fmt: skip
_LANGUAGES = {
    "ja": "ja",
    "日本語": "ja",
    "japanese": "ja",
    "en": "en",
    "english": "en",
    "英語": "en",
}


@dataclass(frozen=True)
class _Rule:
    """How one settings key is written: its aliases, its parser, what a valid value looks like."""

    aliases: tuple[str, ...]
    parse: Callable[[str], Any]
    expected: str
    params: dict[str, object] = field(default_factory=dict)


def _choices(*accepted: str) -> dict[str, object]:
    return {"accepted": ", ".join(accepted)}


#: Every settings key. Aliases are compared with :func:`~aibou.domain.sheet.cells.fold`.
_RULES: dict[str, _Rule] = {
    "rotation_months": _Rule(
        ("ローテーション月数", "ローテーション間隔", "期間(月)"), _parse_int(1, 12), "expected.int",
        {"low": 1, "high": 12},
    ),
    "first_period_start": _Rule(("初回開始日", "開始日"), _parse_date, "expected.date"),
    "meeting_weekday": _Rule(
        ("weekday", "曜日", "ミーティング曜日"), _parse_weekday, "expected.weekday"
    ),
    "meeting_time": _Rule(("開始時刻", "時刻", "ミーティング時刻"), _parse_time, "expected.time"),
    "duration_minutes": _Rule(
        ("所要時間", "所要時間(分)", "時間(分)"), _parse_int(5, 480), "expected.int",
        {"low": 5, "high": 480},
    ),
    "timezone": _Rule(("タイムゾーン", "time zone"), _parse_timezone, "expected.timezone"),
    "working_hours": _Rule(("勤務時間", "就業時間"), _parse_hours, "expected.hours"),
    "group_size": _Rule(
        ("グループ人数", "人数"), _parse_int(2, 10), "expected.int", {"low": 2, "high": 10}
    ),
    "functions": _Rule(
        ("職能", "職能一覧"), _parse_functions, "expected.functions", {"most": MAX_FUNCTIONS}
    ),
    "calendar_id": _Rule(
        ("カレンダーID", "カレンダー"), _parse_calendar, "expected.calendar",
        {"most": MAX_CALENDAR_ID_CHARS},
    ),
    "language": _Rule(("言語",), _choice(_LANGUAGES), "expected.choice", _choices(*LANGUAGES)),
    "holidays": _Rule(("祝日", "祝日の国"), _parse_country, "expected.country"),
    "closed_days": _Rule(
        ("休業日",), _parse_dates, "expected.dates", {"most": MAX_CLOSED_DAYS}
    ),
    "meet": _Rule(
        ("Google Meet", "Meet リンク"), _choice(_BOOLEANS), "expected.choice", _choices("on", "off")
    ),
    "send_updates": _Rule(
        ("通知", "招待メール"),
        _choice({"all": "all", "externalOnly": "externalOnly", "none": "none", "すべて": "all",
                 "なし": "none"}),
        "expected.choice", _choices("all", "externalOnly", "none"),
    ),
    "agenda_template": _Rule(
        ("アジェンダテンプレート", "アジェンダ"), _parse_template, "expected.template"
    ),
    "uneven_groups": _Rule(
        ("端数の組",),
        _choice({"smaller": "smaller", "larger": "larger", "小さく": "smaller",
                 "大きく": "larger"}),
        "expected.choice", _choices("smaller", "larger"),
    ),
    "announce_days": _Rule(
        ("告知日数",), _parse_int(0, 366), "expected.int", {"low": 0, "high": 366}
    ),
}  # fmt: skip
#: ``announce_days`` must be shorter than a period: fewer than this many days per month of it.
DAYS_PER_MONTH = 28
_ALIASES = {fold(alias): key for key, rule in _RULES.items() for alias in (key, *rule.aliases)}
_HEADER_KEYS = {fold(k) for k in ("key", "setting", "項目", "設定", "設定項目")}


def _known_keys(language: str) -> str:
    """The settings keys to suggest: in Japanese, each key's first Japanese name.

    >>> _known_keys("ja")[:23], _known_keys("en")[:35]
    ('ローテーション月数、初回開始日、曜日、開始時刻', 'rotation_months, first_period_start')
    """
    if language != "ja":
        return ", ".join(_RULES)
    return "、".join(
        next((a for a in rule.aliases if not a.isascii()), key) for key, rule in _RULES.items()
    )


def parse_settings(
    title: str, rows: Sequence[Sequence[object]], language: str | None = None
) -> tuple[Settings, list[Problem]]:
    """Read key/value ``rows`` of the Settings tab ``title``.

    Messages are in the sheet's own ``language`` setting unless ``language`` is given. The
    steps: find each key's row (:func:`_collect`), report unknown and repeated keys
    (:func:`_key_problems`), parse each value (:func:`_parse_values`).

    >>> s, problems = parse_settings("設定", [["曜日", "木"], ["開始時刻", "１５：３０"]])
    >>> s.meeting_weekday, s.meeting_time.isoformat(), problems
    (3, '15:30:00', [])
    >>> _, problems = parse_settings("Settings", [["group_size", "one"]])
    >>> print(problems[0])
    Settings!B1: 「group_size」の値「one」が正しくありません。2以上10以下の整数を入力してください。
    """
    found, unknown, duplicates, written = _collect(rows)
    lang = language or _LANGUAGES.get(fold(found.get("language", (0, ""))[1])) or "ja"
    problems = _key_problems(title, unknown, duplicates, lang)
    values, value_problems = _parse_values(title, found, written, lang)
    problems += value_problems
    rows_by_key = {key: row for key, (row, _) in found.items()}
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return replace(Settings(**values), rows=rows_by_key), problems


def _collect(
    rows: Sequence[Sequence[object]],
) -> tuple[
    dict[str, tuple[int, str]], list[tuple[int, str]], list[tuple[int, str, int]], dict[str, str]
]:
    """Each known key's (row, value); unknown keys (row, key); repeated keys (row, key, first);
    each known key as the sheet writes it (曜日), for Japanese messages.

    Blank rows, ``#`` comments and a header row (``key`` / ``項目`` in row 1) are skipped.
    """
    found: dict[str, tuple[int, str]] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str, int]] = []
    written: dict[str, str] = {}
    for index, row in enumerate(rows, start=1):
        key_cell = text(row[0]) if row else ""
        value = text(row[1]) if len(row) > 1 else ""
        if (
            not key_cell
            or key_cell.startswith("#")
            or (index == 1 and fold(key_cell) in _HEADER_KEYS)
        ):
            continue
        key = _ALIASES.get(fold(key_cell))
        if key is None:
            unknown.append((index, key_cell))
        elif key in found:
            duplicates.append((index, key_cell, found[key][0]))
        else:
            found[key] = (index, value)
            written[key] = key_cell
    return found, unknown, duplicates, written


def _key_problems(
    title: str,
    unknown: Sequence[tuple[int, str]],
    duplicates: Sequence[tuple[int, str, int]],
    lang: str,
) -> list[Problem]:
    accepted = _known_keys(lang)
    return [
        Problem(title, row, "A", message(lang, "settings.unknown_key", key=key, accepted=accepted))
        for row, key in unknown
    ] + [
        Problem(title, row, "A", message(lang, "settings.duplicate_key", key=key, first=first))
        for row, key, first in duplicates
    ]


def _parse_values(
    title: str, found: dict[str, tuple[int, str]], written: dict[str, str], lang: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Each given value parsed by its rule (an empty one keeps the default), and the bad ones."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, (row, value) in found.items():
        if not value:
            continue  # an empty value keeps the default
        rule = _RULES[key]
        parsed = rule.parse(value)
        if parsed is None:
            expected = message(lang, rule.expected, **rule.params)
            named = written[key] if lang == "ja" else key  # 曜日 as the sheet says; else the key
            problems.append(
                Problem(
                    title,
                    row,
                    "B",
                    message(lang, "settings.bad_value", key=named, value=value, expected=expected),
                )
            )
        else:
            values[key] = parsed
    months = values.get("rotation_months", Settings.rotation_months)
    if values.get("announce_days", 0) >= DAYS_PER_MONTH * months:
        row, value = found["announce_days"]
        expected = message(lang, "expected.announce", high=DAYS_PER_MONTH * months - 1)
        problems.append(
            Problem(
                title,
                row,
                "B",
                message(
                    lang, "settings.bad_value", key="announce_days", value=value, expected=expected
                ),
            )
        )
        del values["announce_days"]
    if "holidays" in found and not found["holidays"][1]:
        values["holidays"] = ""  # an explicitly empty holidays setting means none
    return values, problems
