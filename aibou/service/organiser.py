"""Who a rotation's events belong to, and acting as them (DESIGN.md §7, "The organiser").

A rotation's events belong to the calendar it was applied to. aibou records that calendar and
the e-mail of the user the events were made as in its record of the tab
(:class:`~aibou.domain.sheet.digest.Written`) and, visibly, in a header cell (``主催 ...``).
Amendments and reports then use the recorded calendar, not the settings' current one, and act
as the recorded owner: a door that can act as another user (the scheduled run, the command
line: domain-wide delegation) passes ``calendar_as``, and any other calendar that is not the
owner's is refused before anything is written (:func:`refusal`). Tabs without a record keep
today's behaviour: the settings' calendar, whoever runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aibou.domain.i18n import message
from aibou.domain.model import Problem
from aibou.domain.sheet.cells import column_letter
from aibou.domain.sheet.digest import Written
from aibou.domain.sheet.history import CALENDAR_COLUMN
from aibou.ports import Calendar

__all__ = ["ORGANISER_COLUMN", "CalendarAs", "Organiser", "acting", "refusal"]

#: Row 1's cell right of the progress cell: who organises the tab's events (never rewritten).
ORGANISER_COLUMN = CALENDAR_COLUMN + 2
#: Builds the calendar port acting as a user (by e-mail), or ``None`` if the door may not.
CalendarAs = Callable[[str], Calendar | None]


@dataclass(frozen=True)
class Organiser:
    """The calendar a rotation's events are in and the e-mail of the user who made them.

    >>> Organiser.of(Written().organised("team@x.jp", "Hanako@x.jp"), "primary")
    Organiser(calendar_id='team@x.jp', owner='hanako@x.jp')
    >>> Organiser.of(None, "primary")  # an older tab: the settings' calendar, anyone
    Organiser(calendar_id='primary', owner='')
    """

    calendar_id: str
    owner: str = ""

    @classmethod
    def of(cls, written: Written | None, calendar_id: str) -> Organiser:
        """The organiser ``written`` records, else ``calendar_id`` (the settings') and nobody."""
        if written is None or not written.calendar:
            return cls(calendar_id)
        return cls(written.calendar, written.owner.lower())

    def text(self, language: str) -> str:
        """The tab's header cell, in the sheet's language; empty without an owner.

        >>> Organiser("primary", "hanako@x.jp").text("ja")
        '主催 hanako@x.jp（カレンダー primary）'
        """
        if not self.owner:
            return ""
        return message(language, "tab.organiser", owner=self.owner, calendar=self.calendar_id)


def acting(calendar: Calendar, organiser: Organiser, calendar_as: CalendarAs | None) -> Calendar:
    """``calendar``, or the recorded owner's own when ``calendar`` acts as someone else and the
    door can act as them (``calendar_as``)."""
    if not organiser.owner or _same(calendar.owner, organiser.owner) or calendar_as is None:
        return calendar
    return calendar_as(organiser.owner) or calendar


def refusal(
    tab: str, organiser: Organiser, calendar: Calendar, language: str, *, delegating: bool = False
) -> Problem | None:
    """Why ``calendar`` may not change ``organiser``'s events, or ``None`` when it may.

    It may when no owner is recorded or it acts as the owner. The message names the owner for
    whoever sees it in the side panel or on the command line; for the scheduled run
    (``delegating``) it names nobody, as its answer may be logged.
    """
    if not organiser.owner or _same(calendar.owner, organiser.owner):
        return None
    code = "organiser.not_allowed" if delegating else "organiser.not_you"
    text = message(language, code, owner=organiser.owner, calendar=organiser.calendar_id)
    return Problem(tab, 1, column_letter(ORGANISER_COLUMN), text)


def _same(a: str, b: str) -> bool:
    return bool(a) and a.strip().lower() == b.strip().lower()
