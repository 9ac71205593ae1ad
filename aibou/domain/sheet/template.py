"""The tabs ``aibou init`` creates: a roster ready to fill in and every setting with its default.

Pure: what the tabs hold (:class:`StarterTabs`), in Japanese or English; the adapters write it
(values RAW, drop-down lists, a frozen header row). Every label here is one the roster and settings
parsers accept, so a roster filled in from the drop-downs rotates as it is.

>>> tabs = starter_tabs("en")
>>> tabs.roster_title, tabs.roster_header[:3]
('Roster', ('name', 'email', 'function'))
>>> tabs.choices[2], tabs.choices[3], tabs.choices[4]
(('Sales', 'Customer Success', 'Dev'), ('office', 'remote'), ('active', 'leave', 'opt-out'))
>>> tabs.settings_rows[1]
('rotation_months', '3', 'Months per rotation: 3 gives calendar quarters (2027-Q1)')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aibou.domain.i18n import LANGUAGES, message
from aibou.domain.sheet.roster import function_label

__all__ = ["DEFAULT_FUNCTIONS", "StarterTabs", "starter_tabs"]

#: The functions a new roster offers in its drop-down list (the ``functions`` default).
DEFAULT_FUNCTIONS = ("sales", "cs", "dev")

_ROSTER = {
    "ja": ("名簿", ("名前", "メール", "職能", "勤務形態", "ステータス", "チーム")),
    "en": ("Roster", ("name", "email", "function", "location", "status", "team")),
}
_LOCATIONS = {"ja": ("オフィス", "リモート"), "en": ("office", "remote")}
_STATUSES = {"ja": ("参加", "休職", "不参加"), "en": ("active", "leave", "opt-out")}
_SETTINGS_TITLE = {"ja": "設定", "en": "Settings"}
_SETTINGS_HEADER = {"ja": ("項目", "値", "説明"), "en": ("key", "value", "note")}

#: Every setting, in the order of the tab: (key, its Japanese key, its default as written).
#: The notes are the catalogue's ``init.note.KEY``.
_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("rotation_months", "ローテーション月数", "3"),
    ("first_period_start", "初回開始日", ""),
    ("meeting_weekday", "曜日", "水"),
    ("meeting_time", "開始時刻", "16:00"),
    ("duration_minutes", "所要時間", "30"),
    ("timezone", "タイムゾーン", "Asia/Tokyo"),
    ("working_hours", "勤務時間", "10:00-18:00"),
    ("group_size", "グループ人数", "3"),
    ("uneven_groups", "端数の組", "smaller"),
    ("announce_days", "告知日数", "7"),
    ("functions", "職能", ",".join(DEFAULT_FUNCTIONS)),
    ("calendar_id", "カレンダーID", "primary"),
    ("language", "言語", ""),
    ("holidays", "祝日", "JP"),
    ("closed_days", "休業日", ""),
    ("meet", "Google Meet", "on"),
    ("send_updates", "通知", "all"),
    ("agenda_template", "アジェンダテンプレート", ""),
)


@dataclass(frozen=True)
class StarterTabs:
    """A new roster (header row, drop-down lists by 0-based column) and Settings tab.

    ``settings_title`` is empty when the spreadsheet has a Settings tab already: it is left alone.
    """

    language: str
    roster_title: str
    roster_header: tuple[str, ...]
    choices: Mapping[int, tuple[str, ...]]
    settings_title: str
    settings_rows: tuple[tuple[str, str, str], ...]

    @property
    def roster_rows(self) -> tuple[tuple[str, ...], ...]:
        return (self.roster_header,)


def starter_tabs(language: str, *, with_settings: bool = True) -> StarterTabs:
    """The tabs ``init`` creates, in ``language`` (``ja`` or ``en``; others read as ``ja``).

    >>> ja = starter_tabs("ja")
    >>> ja.roster_title, ja.choices[2], ja.settings_rows[3][:2]
    ('名簿', ('セールス', 'カスタマーサクセス', '開発'), ('曜日', '水'))
    >>> starter_tabs("ja", with_settings=False).settings_title
    ''
    """
    lang = language if language in LANGUAGES else "ja"
    title, header = _ROSTER[lang]
    ja = lang == "ja"
    rows = tuple(
        (
            ja_key if ja else key,
            lang if key == "language" else default,
            message(lang, f"init.note.{key}"),
        )
        for key, ja_key, default in _SETTINGS
    )
    return StarterTabs(
        language=lang,
        roster_title=title,
        roster_header=header,
        choices={
            2: tuple(function_label(f, lang) for f in DEFAULT_FUNCTIONS),
            3: _LOCATIONS[lang],
            4: _STATUSES[lang],
        },
        settings_title=_SETTINGS_TITLE[lang] if with_settings else "",
        settings_rows=(_SETTINGS_HEADER[lang], *rows) if with_settings else (),
    )
