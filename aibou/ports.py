"""What the rotation service talks to: a spreadsheet, a calendar, a task queue and the agenda
templates.

These are ``typing.Protocol`` classes: the Google adapters (``aibou.google``), the local adapters
(``aibou.local``) and the in-memory fakes in the tests all satisfy them structurally. Never
``isinstance``-check a port.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from aibou.domain.report.participation import Conference
    from aibou.domain.report.tabs import ReportTab
    from aibou.domain.sheet.template import StarterTabs

__all__ = [
    "Calendar",
    "Cell",
    "EventSpec",
    "Meetings",
    "SeriesRecord",
    "Sheet",
    "Snapshot",
    "Spreadsheet",
    "TaskQueue",
    "Templates",
]

#: A cell value as an adapter reads it (strings from Google, typed values from openpyxl).
Cell = str | int | float | bool | datetime | None


@dataclass(frozen=True)
class Sheet:
    """One tab: its title, its cell values row by row, and the period key if aibou wrote it.

    ``gid`` is the tab's id where the spreadsheet has one (Google Sheets' ``sheetId``, which a
    link ``#gid=`` opens), else ``None``. ``written`` is aibou's record of what it wrote to the
    tab (:meth:`aibou.domain.sheet.digest.Written.encode`), as it was stored beside the tab.
    ``intact``: the adapter vouches that ``rows`` are the cells aibou last wrote to the tab, as
    it wrote them (an ``.xlsx`` tab whose part is byte for byte as aibou left it), so there is
    no hand edit to look for.
    """

    title: str
    rows: Sequence[Sequence[Cell]]
    period_key: str | None = None
    gid: int | None = None
    written: str | None = None
    intact: bool = False


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
        self,
        title: str,
        period_key: str,
        rows: Sequence[Sequence[Cell]],
        *,
        written: str | None = None,
    ) -> int | None:
        """Create a new tab ``title`` holding ``rows``, written RAW, tagged with ``period_key``,
        with aibou's record of them (``written``, see :attr:`Sheet.written`) stored beside it.

        Returns the new tab's id where the spreadsheet has one (see :attr:`Sheet.gid`), so the
        caller need not read the spreadsheet again to link to it. Raises ``AibouError`` if a tab
        with that title exists already. Touches no other tab.
        """
        ...

    def update_rotation_tab(
        self,
        title: str,
        cells: Mapping[tuple[int, int], Cell],
        *,
        written: str | None = None,
    ) -> None:
        """Set cells of a tab aibou wrote, ``{(row, column): value}`` 1-based, written RAW, in
        one write with its new record ``written`` (kept as it was when ``None``). Rows below
        the tab's current end are added."""
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

    def write_report_tab(self, tab: ReportTab) -> int | None:
        """Create the report tab ``tab`` (§8), or rewrite aibou's tab of its kind whole: its rows
        RAW, bold rows, vertical rows and colour scales. Returns the tab's id where the
        spreadsheet has one. Raises ``AibouError`` if a tab titled ``tab.title`` exists that aibou
        did not write. Touches no other tab.
        """
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
    with every user-supplied value escaped, made by ``render_html`` when first read: only Google
    Calendar shows it, so a ``.ics`` file never pays for it.
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
    render_html: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def html_description(self) -> str:
        """The agenda as HTML (empty without ``render_html``), rendered once, when first read."""
        return self.render_html() if self.render_html else ""


class Calendar(Protocol):
    """Google Calendar, or a local ``.ics`` file."""

    #: Groups whose invitations one step sends, their links then written to the tab with the
    #: progress (DESIGN.md §9): small where a quota paces the calls, everything at once where
    #: nothing does (a file is rewritten once).
    invite_chunk: int
    #: The e-mail of the user this calendar's calls act as, who organises what it makes (§7);
    #: empty where there is no such user (a file) or it is not known.
    owner: str

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        """Create the events that do not exist yet; return ``{event_id: link}`` for all of them.

        An event that exists already (same id) is left as it is and counts as created.
        ``calendar_id`` and ``send_updates`` come from the settings; a file calendar ignores them.
        """
        ...

    def amend_series(
        self,
        attendees: Mapping[str, Sequence[tuple[str, str]]],
        cancelled: Sequence[str],
        created: Sequence[EventSpec],
        *,
        calendar_id: str = "primary",
        send_updates: str = "all",
    ) -> dict[str, str]:
        """Bring aibou's series in line with an amendment (§7), all at once; ``{event_id:
        link}`` of the series in ``attendees`` and ``created``.

        Each series ``attendees`` names gets those (email, display name) as its attendees and
        keeps everything else (Google patches it, ``sendUpdates``; a file keeps the UID,
        ``SEQUENCE`` + 1); each in ``cancelled`` is cancelled (Google deletes it; a file marks
        it ``STATUS:CANCELLED``, ``SEQUENCE`` + 1; one already gone is fine); ``created`` are
        made as :meth:`ensure_events` makes them. Every part sets a state, so calling it again
        changes nothing; a file is read and written once, Google gets its calls in batches.
        """
        ...

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        """Busy intervals per e-mail between ``start`` and ``end``; emails it cannot read are
        absent from the answer."""
        ...

    def read_series(
        self,
        event_ids: Sequence[str],
        tags: Mapping[str, str],
        until: datetime,
        *,
        calendar_id: str = "primary",
    ) -> Mapping[str, SeriesRecord] | None:
        """The series ``event_ids`` as they are now, by id (missing or deleted ones absent),
        with their occurrences before ``until`` (found by their private ``tags``).

        ``None`` when the calendar keeps no replies (an ``.ics`` file).
        """
        ...


@dataclass(frozen=True)
class SeriesRecord:
    """A group's weekly series as the calendar holds it now (§8).

    ``replies`` maps each attendee's e-mail (lower case) to their ``responseStatus``;
    ``occurrences`` are the start times of its instances before the time asked, cancelled ones
    left out; ``meeting_code`` is its Google Meet code (``abc-defg-hij``), if it has one.
    """

    event_id: str
    replies: Mapping[str, str]
    occurrences: tuple[datetime, ...] = ()
    meeting_code: str | None = None


class Meetings(Protocol):
    """Google Meet's conference records (Meet REST API v2)."""

    def conferences(
        self, meeting_codes: Sequence[str], until: datetime
    ) -> Mapping[str, Sequence[Conference]]:
        """The conference records of each Meet code's space that started before ``until``.

        Raises ``MeetUnreadable`` (with its reason) when Meet data cannot be read at all.
        """
        ...


class Templates(Protocol):
    """Where the agenda templates are read from (the ``templates/`` folder, a workbook's own)."""

    def source(self, name: str) -> str | None:
        """The text of template ``name`` (a plain file name), or ``None`` if there is none."""
        ...


class TaskQueue(Protocol):
    """Where the invitations of a large rotation fan out (Cloud Tasks), DESIGN.md §9."""

    def enqueue(self, name: str, payload: Mapping[str, object]) -> bool:
        """Queue one task named ``name`` (letters, digits, ``-``, ``_``) delivering ``payload``
        as JSON to ``POST /tasks/invite``; ``False`` when a task of that name was queued
        already (the same run again), which is no error."""
        ...
