"""The settings form: what the Settings tab says now, and saving the form into it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aibou.domain.model import Problem
from aibou.domain.sheet.settings import SETTINGS_TABS, parse_settings
from aibou.panel.settings_form import SettingsEdit, edit_settings, form_values
from aibou.ports import Spreadsheet

__all__ = ["SettingsSaved", "SettingsView", "save_settings", "settings_view"]


@dataclass(frozen=True)
class SettingsView:
    """The form's values (see :func:`~aibou.panel.settings_form.form_values`), the tab it
    saves to (``exists`` false when a save will create it) and the tab's problems."""

    title: str
    exists: bool
    values: Mapping[str, str]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class SettingsSaved:
    """A save: ``edit`` says what was written (nothing when refused); ``view`` is the form now."""

    edit: SettingsEdit
    view: SettingsView


def settings_view(spreadsheet: Spreadsheet, *, language: str) -> SettingsView:
    """Read the Settings tab for the form (writes nothing)."""
    tab = spreadsheet.read().find(*SETTINGS_TABS)
    return _view(tab.title if tab else None, tab.rows if tab else [], language)


def save_settings(
    spreadsheet: Spreadsheet, values: Mapping[str, str], *, language: str
) -> SettingsSaved:
    """Write the form ``values`` into the Settings tab, RAW, if every edited value is valid.

    Only cells whose meaning changes are written; no other tab is touched.
    """
    tab = spreadsheet.read().find(*SETTINGS_TABS)
    edit = edit_settings(tab.title if tab else None, tab.rows if tab else [], values, language)
    if edit.saved:
        spreadsheet.write_settings(edit.title, edit.cells)
    exists = tab is not None or edit.saved
    view = _view(edit.title if exists else None, edit.rows, language)
    return SettingsSaved(edit, view)


def _view(title: str | None, rows: Sequence[Sequence[object]], language: str) -> SettingsView:
    settings, problems = parse_settings(title or "", rows, language)
    shown = title or (SETTINGS_TABS[1] if settings.language == "ja" else SETTINGS_TABS[0])
    return SettingsView(shown, title is not None, form_values(settings), tuple(problems))
