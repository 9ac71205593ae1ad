"""Editing the Settings tab from a form: what the form shows, and which cells a save writes.

Only the keys in :data:`EDITABLE` are edited. A key already in the tab gets its column-B cell
rewritten; a missing key gets a new row under the last one (its Japanese name in a Japanese
sheet). Nothing is written for a value that means the same as what is there (``水`` for
``水曜日``, a default for a missing key), and nothing at all while an edited value is invalid:
:func:`edit_settings` re-reads the tab as it would be with :func:`parse_settings` first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aibou.domain.model import Problem
from aibou.domain.sheet.cells import text
from aibou.domain.sheet.settings import (
    JA_WEEKDAYS,
    SETTINGS_TABS,
    WEEKDAYS,
    Settings,
    parse_settings,
)

__all__ = ["EDITABLE", "SettingsEdit", "edit_settings", "form_values"]

#: The settings the side panel edits, in the order the form shows them.
EDITABLE = (
    "meeting_weekday",
    "meeting_time",
    "duration_minutes",
    "timezone",
    "language",
    "meet",
    "holidays",
)
#: What a new row's key cell says, per sheet language (each is an alias parse_settings knows).
KEY_LABELS: dict[str, dict[str, str]] = {
    "meeting_weekday": {"ja": "曜日"},
    "meeting_time": {"ja": "開始時刻"},
    "duration_minutes": {"ja": "所要時間"},
    "timezone": {"ja": "タイムゾーン"},
    "language": {"ja": "言語"},
    "meet": {"ja": "Google Meet"},
    "holidays": {"ja": "祝日"},
}


def form_values(settings: Settings) -> dict[str, str]:
    """The editable settings as the form shows them (the weekday as ``"0"``-``"6"``).

    >>> form_values(Settings())["meeting_weekday"], form_values(Settings())["meet"]
    ('2', 'on')
    """
    return {
        "meeting_weekday": str(settings.meeting_weekday),
        "meeting_time": settings.meeting_time.strftime("%H:%M"),
        "duration_minutes": str(settings.duration_minutes),
        "timezone": settings.timezone,
        "language": settings.language,
        "meet": "on" if settings.meet else "off",
        "holidays": settings.holidays,
    }


@dataclass(frozen=True)
class SettingsEdit:
    """The cells a save writes (none while ``problems``), and what else is wrong in the tab.

    ``problems`` concern the edited values (the save is refused); ``others`` are problems of
    other rows, reported but not in the way. ``changed`` names the keys written; ``rows`` are the
    tab's rows as they are after the save (as they were, when it is refused); ``fields`` maps
    each edited key to its row, to tell which field a problem belongs to.
    """

    title: str
    cells: Mapping[tuple[int, int], str | int]
    changed: tuple[str, ...]
    problems: tuple[Problem, ...]
    others: tuple[Problem, ...]
    rows: tuple[tuple[object, ...], ...] = ()
    fields: Mapping[str, int] = field(default_factory=dict)

    def field_problems(self) -> dict[str, str]:
        """The message of each edited key's problem."""
        at = {row: key for key, row in self.fields.items()}
        return {at[p.row]: p.message for p in self.problems if p.row in at}

    @property
    def saved(self) -> bool:
        return bool(self.cells) and not self.problems


def _cell_value(key: str, value: str, language: str) -> str | int:
    """What to write in column B for the form's ``value`` of ``key``."""
    value = text(value)
    if key == "meeting_weekday" and value.isdigit() and int(value) < len(WEEKDAYS):
        day = int(value)
        return JA_WEEKDAYS[day] if language == "ja" else WEEKDAYS[day].capitalize()
    if key == "duration_minutes" and value.isdigit():
        return int(value)
    if key == "holidays":
        return value.upper()
    return value


def _meaning(key: str, value: object) -> object:
    """What ``value`` means for ``key`` (``None`` when invalid)."""
    settings, problems = parse_settings("", [[key, value]])
    return None if problems else getattr(settings, key)


def edit_settings(
    tab_title: str | None,
    rows: Sequence[Sequence[object]],
    values: Mapping[str, str],
    language: str,
) -> SettingsEdit:
    """The cells to write for the form ``values`` into the Settings tab (``None``: no tab yet).

    Problems are worded in ``language``.

    >>> edit = edit_settings("設定", [["曜日", "水曜日"]], {"meeting_weekday": "2"}, "en")
    >>> edit.cells, edit.changed
    ({}, ())
    >>> form = {"meeting_weekday": "3", "meet": "off"}
    >>> edit = edit_settings("設定", [["曜日", "水"]], form, "en")
    >>> edit.cells, edit.changed
    ({(1, 2): '木', (2, 1): 'Google Meet', (2, 2): 'off'}, ('meeting_weekday', 'meet'))
    >>> edit = edit_settings(None, [], {"meeting_time": "25:00"}, "en")
    >>> edit.saved, [(p.tab, p.row, p.column) for p in edit.problems]
    (False, [('設定', 1, 'B')])
    """
    current, _ = parse_settings(tab_title or "", rows)
    sheet_language = text(values.get("language", "")) or current.language
    if sheet_language not in ("ja", "en"):
        sheet_language = current.language
    title = tab_title or (SETTINGS_TABS[1] if sheet_language == "ja" else SETTINGS_TABS[0])
    new_rows = [list(r) for r in rows]
    next_row = len(new_rows) + 1
    cells: dict[tuple[int, int], str | int] = {}
    changed: list[str] = []
    fields: dict[str, int] = {}
    defaults = Settings()
    for key in EDITABLE:
        if key not in values:
            continue
        value = _cell_value(key, values[key], sheet_language)
        row = current.rows.get(key)
        if row is None:
            if _meaning(key, value) == getattr(defaults, key):
                continue  # a missing key already means its default
            row = next_row
            next_row += 1
            label = KEY_LABELS[key].get(sheet_language, key)
            cells[(row, 1)] = label
            new_rows.append([label, ""])
        else:
            old = new_rows[row - 1][1] if len(new_rows[row - 1]) > 1 else ""
            meant = _meaning(key, value)
            if text(old) == text(value) or (
                text(old) and meant is not None and _meaning(key, old) == meant
            ):
                continue  # the same, or written another way (水 for 水曜日)
        while len(new_rows[row - 1]) < 2:
            new_rows[row - 1].append("")
        new_rows[row - 1][1] = value
        cells[(row, 2)] = value
        changed.append(key)
        fields[key] = row
    _, problems = parse_settings(title, new_rows, language)
    edited_rows = {r for r, _ in cells}
    mine = tuple(p for p in problems if p.row in edited_rows)
    others = tuple(p for p in problems if p.row not in edited_rows)
    kept = rows if mine else new_rows
    return SettingsEdit(
        title, {} if mine else cells, tuple(changed), mine, others, tuple(map(tuple, kept)), fields
    )
