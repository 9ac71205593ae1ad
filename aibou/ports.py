"""What the rotation service talks to: a spreadsheet, a calendar and the agenda templates.

These are ``typing.Protocol`` classes: the Google adapters (``aibou.google``), the local adapters
(``aibou.local``) and the in-memory fakes in the tests all satisfy them structurally. Never
``isinstance``-check a port.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from aibou.domain.sheet.template import StarterTabs

__all__ = [
    "Calendar",
    "Cell",
    "EventSpec",
    "Sheet",
    "Snapshot",
    "Spreadsheet",
    "Templates",
]

#: A cell value as an adapter reads it (strings from Google, typed values from openpyxl).
Cell = str | int | float | bool | datetime | None


@dataclass(frozen=True)
class Sheet:
    """One tab: its title, its cell values row by row, and the period key if aibou wrote it.

    ``gid`` is the tab's id where the spreadsheet has one (Google Sheets' ``sheetId``, which a
    link ``#gid=`` opens), else ``None``.
    """

    title: str
    rows: Sequence[Sequence[Cell]]
    period_key: str | None = None
    gid: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything aibou reads from a spreadsheet, read in one go.

    ``id`` identifies the spreadsheet (the Sheets ID, or the workbook's file name) and seeds the
    deterministic event ids. Tabs that are not the roster, the settings or a rotation may be
    returned without rows.
    """

    id: str
    sheets: Sequence[Sheet]

    def find(self, *titles: str) -> Sheet | None:
        """The first tab whose title matches one of ``titles`` (as :func:`fold` compares them)."""
        from aibou.domain.sheet.cells import fold

        wanted = {fold(t) for t in titles}
        return next((sheet for sheet in self.sheets if fold(sheet.title) in wanted), None)


class Spreadsheet(Protocol):
    """The Google Sheet, or a local ``.xlsx`` workbook."""

    def read(self) -> Snapshot:
        """Read every tab aibou needs (titles of all tabs, rows of the relevant ones)."""
        ...

    def add_rotation_tab(
        self, title: str, period_key: str, rows: Sequence[Sequence[Cell]]
    ) -> int | None:
        """Create a new tab ``title`` holding ``rows``, written RAW, tagged with ``period_key``.

        Returns the new tab's id where the spreadsheet has one (see :attr:`Sheet.gid`), so the
        caller need not read the spreadsheet again to link to it. Raises ``AibouError`` if a tab
        with that title exists already. Touches no other tab.
        """
        ...

    def update_rotation_tab(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        """Set cells of a tab aibou wrote, ``{(row, column): value}`` 1-based, written RAW."""
        ...

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        """Set cells of the Settings tab ``title``, ``{(row, column): value}`` 1-based, RAW.

        Creates the tab first if it does not exist. Raises ``AibouError`` if ``title`` is not a
        Settings tab title: this is the only write aibou makes outside its own tabs.
        """
        ...

    def lock(self, owner: str) -> AbstractContextManager[None]:
        """Hold the per-spreadsheet write lock, or raise ``Busy`` at once if another run has it."""
        ...

    def add_starter_tabs(self, tabs: StarterTabs) -> None:
        """``init``: add the roster tab (values RAW, drop-down lists, a frozen header row) and,
        if ``tabs.settings_title``, the Settings tab. The service has checked that there is no
        roster; an adapter that cannot add them without changing what is there refuses
        (``InvalidInput``). Touches no other tab.
        """
        ...


@dataclass(frozen=True)
class EventSpec:
    """One recurring weekly event, as the service wants it to exist in the calendar.

    ``start`` and ``end`` are aware datetimes of the first occurrence in ``timezone``; ``rrule``
    is the RFC 5545 rule value (``FREQ=WEEKLY;BYDAY=WE;UNTIL=...Z``) and ``exdates`` the aware
    start times of skipped occurrences (holidays). ``event_id`` is deterministic (base32hex), so
    creating the same spec twice is harmless. ``html_description`` is the same agenda as HTML
    with every user-supplied value escaped.
    """

    event_id: str
    summary: str
    description: str
    start: datetime
    end: datetime
    timezone: str
    rrule: str
    exdates: tuple[datetime, ...]
    attendees: tuple[tuple[str, str], ...]  # (email, display name)
    tags: Mapping[str, str] = field(default_factory=dict)
    meet: bool = True
    html_description: str = ""


class Calendar(Protocol):
    """Google Calendar, or a local ``.ics`` file."""

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        """Create the events that do not exist yet; return ``{event_id: link}`` for all of them.

        An event that exists already (same id) is left as it is and counts as created.
        ``calendar_id`` and ``send_updates`` come from the settings; a file calendar ignores them.
        """
        ...

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        """Busy intervals per e-mail between ``start`` and ``end``; emails it cannot read are
        absent from the answer."""
        ...


class Templates(Protocol):
    """Where the agenda templates are read from (the ``templates/`` folder, a workbook's own)."""

    def source(self, name: str) -> str | None:
        """The text of template ``name`` (a plain file name), or ``None`` if there is none."""
        ...
