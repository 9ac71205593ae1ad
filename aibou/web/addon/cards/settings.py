"""The settings card: the meeting slot, language, Meet and holidays, saved into the Settings tab.

A save posts the form to ``/addon/save-settings``; values that do not parse are shown in red
under their field and nothing is written until they do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aibou.domain.model import Problem
from aibou.panel import SettingsView
from aibou.panel.settings_form import EDITABLE
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.common import View, problems_section

__all__ = ["TIME_ZONES", "settings_card"]

Json = dict[str, Any]
#: Suggested in the time-zone field (any IANA name is accepted).
TIME_ZONES = (
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
)


def settings_card(
    form: SettingsView,
    view: View,
    *,
    status: str = "",
    errors: Mapping[str, str] | None = None,
    entered: Mapping[str, str] | None = None,
) -> Json:
    """The form with the tab's values, or with what the user ``entered`` when a save failed."""
    errors = errors or {}
    fields = _fields({**form.values, **(entered or {})}, view)
    widgets: list[Json] = []
    for key in EDITABLE:
        widgets.append(fields[key])
        if key in errors:
            widgets.append(w.paragraph(w.colored(errors[key])))
    return w.card(
        "settings",
        view.header(view.t("form.title"), view.t("form.subtitle", tab=form.title)),
        [
            w.section([w.paragraph(w.bold(status))]) if status else None,
            w.section(widgets),
            w.section([w.paragraph(w.colored(view.t("form.next_rotation"), w.MUTED_COLOR))]),
            _others(form.problems, errors, view),
        ],
        w.footer(
            w.button(view.t("form.save"), on_click=view.act("save-settings"), filled=True),
            view.home_button(),
        ),
    )


def _fields(values: Mapping[str, str], view: View) -> dict[str, Json]:
    """One input per editable setting, holding ``values``."""
    return {
        "meeting_weekday": w.selection(
            "meeting_weekday",
            view.t("form.meeting_weekday"),
            (
                (view.t(f"weekday.{d}"), str(d), values["meeting_weekday"] == str(d))
                for d in range(7)
            ),
        ),
        "meeting_time": w.text_input(
            "meeting_time",
            view.t("form.meeting_time"),
            values["meeting_time"],
            hint=view.t("form.meeting_time_hint"),
        ),
        "duration_minutes": w.text_input(
            "duration_minutes",
            view.t("form.duration_minutes"),
            values["duration_minutes"],
            hint=view.t("form.duration_minutes_hint"),
            integer=True,
        ),
        "timezone": w.text_input(
            "timezone",
            view.t("form.timezone"),
            values["timezone"],
            hint=view.t("form.timezone_hint"),
            suggestions=TIME_ZONES,
        ),
        "language": w.selection(
            "language",
            view.t("form.language"),
            ((view.t(f"language.{c}"), c, values["language"] == c) for c in ("ja", "en")),
            kind="RADIO_BUTTON",
        ),
        "meet": w.switch("meet", view.t("form.meet"), on=values["meet"] == "on"),
        "holidays": w.text_input(
            "holidays",
            view.t("form.holidays"),
            values["holidays"],
            hint=view.t("form.holidays_hint"),
        ),
    }


def _others(problems: Sequence[Problem], errors: Mapping[str, str], view: View) -> Json | None:
    shown = set(errors.values())
    rest = [p for p in problems if p.message not in shown]
    return problems_section(rest, view, view.t("form.other_problems")) if rest else None
