"""In-memory fakes of the two ports, for service tests: check their state, not call sequences."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime

from aibou.domain.sheet.tabs import is_settings_tab
from aibou.domain.sheet.template import StarterTabs
from aibou.errors import AibouError, Busy
from aibou.ports import Cell, EventSpec, Sheet, Snapshot
from aibou.service.progress import INVITE_CHUNK


class FakeSpreadsheet:
    """A spreadsheet held as ``{title: rows}``, remembering which tabs aibou tagged."""

    def __init__(self, tabs: Mapping[str, Sequence[Sequence[Cell]]], id: str = "sheet-1") -> None:
        self.id = id
        self.tabs: dict[str, list[list[Cell]]] = {
            t: [list(r) for r in rows] for t, rows in tabs.items()
        }
        self.tags: dict[str, str] = {}
        self.written: dict[str, str] = {}
        self.locked_by: str | None = None
        self.writes = 0

    def read(self) -> Snapshot:
        return Snapshot(
            self.id,
            [
                Sheet(t, [list(r) for r in rows], self.tags.get(t), written=self.written.get(t))
                for t, rows in self.tabs.items()
            ],
        )

    def add_rotation_tab(
        self,
        title: str,
        period_key: str,
        rows: Sequence[Sequence[Cell]],
        *,
        written: str | None = None,
    ) -> None:
        if title in self.tabs:
            raise AibouError(f"tab {title} exists")
        self.tabs[title] = [list(r) for r in rows]
        self.tags[title] = period_key
        if written is not None:
            self.written[title] = written
        self.writes += 1

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        if not is_settings_tab(title):
            raise AibouError(f"{title} is not the Settings tab")
        self.tabs.setdefault(title, [])
        self._set(title, cells)

    def add_starter_tabs(self, tabs: StarterTabs) -> None:
        """``init``: the roster's header row (its drop-down lists kept in ``choices``)."""
        for title in (tabs.roster_title, tabs.settings_title):
            if title in self.tabs:
                raise AibouError(f"tab {title} exists")
        self.tabs[tabs.roster_title] = [list(tabs.roster_header)]
        self.choices = dict(tabs.choices)
        if tabs.settings_title:
            self.tabs[tabs.settings_title] = [list(row) for row in tabs.settings_rows]
        self.writes += 1

    def update_rotation_tab(
        self, title: str, cells: Mapping[tuple[int, int], Cell], *, written: str | None = None
    ) -> None:
        if title not in self.tags:
            raise AibouError(f"tab {title} is not aibou's")
        self._set(title, cells)
        if written is not None:
            self.written[title] = written

    def _set(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        rows = self.tabs[title]
        for (r, c), value in cells.items():
            while len(rows) < r:
                rows.append([])
            row = rows[r - 1]
            while len(row) < c:
                row.append(None)
            row[c - 1] = value
        self.writes += 1

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        if self.locked_by is not None:
            raise Busy(f"locked by {self.locked_by}")
        self.locked_by = owner
        try:
            yield
        finally:
            self.locked_by = None


class FakeCalendar:
    """A calendar held as ``{event_id: EventSpec}``; ``fail_after`` simulates a crash.

    ``calendars`` holds the busy intervals of the people whose free/busy it can read (by
    e-mail); everyone else is unreadable, as with a file calendar.
    """

    #: Chunked like Google's, so a test sees the progress between chunks.
    invite_chunk = INVITE_CHUNK
    #: Nobody in particular (as a file): no organiser recorded, none checked.
    owner = ""

    def __init__(
        self,
        fail_after: int | None = None,
        calendars: Mapping[str, Sequence[tuple[datetime, datetime]]] | None = None,
    ) -> None:
        self.events: dict[str, EventSpec] = {}
        self.fail_after = fail_after
        self.calendars = dict(calendars or {})
        self.cancelled: set[str] = set()
        self.calls = 0
        #: Series an amendment may update or cancel before the calendar "goes away".
        self.fail_calls: int | None = None

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        for spec in specs:
            if self.fail_after is not None and len(self.events) >= self.fail_after:
                raise AibouError("calendar went away")
            self.events.setdefault(spec.event_id, spec)
        return {s.event_id: f"https://calendar.example/{s.event_id}" for s in specs}

    def amend_series(
        self,
        attendees: Mapping[str, Sequence[tuple[str, str]]],
        cancelled: Sequence[str],
        created: Sequence[EventSpec],
        *,
        calendar_id: str = "primary",
        send_updates: str = "all",
    ) -> dict[str, str]:
        """Each series changed in turn, each a step towards ``fail_calls`` (as batch parts
        land one by one), then the new ones."""
        from dataclasses import replace

        for event_id, people in attendees.items():
            self._step()
            self.events[event_id] = replace(self.events[event_id], attendees=tuple(people))
        for event_id in cancelled:
            self._step()
            self.events.pop(event_id, None)
            self.cancelled.add(event_id)
        links = {eid: f"https://calendar.example/{eid}" for eid in attendees}
        return links | self.ensure_events(created)

    def _step(self) -> None:
        """A call that counts towards ``fail_calls`` (the calendar goes away after that many)."""
        self.calls += 1
        if self.fail_calls is not None and self.calls > self.fail_calls:
            raise AibouError("calendar went away")

    def busy(self, emails: Sequence[str], start: datetime, end: datetime) -> dict[str, list]:
        return {
            e: [(a, b) for a, b in self.calendars[e] if b > start and a < end]
            for e in emails
            if e in self.calendars
        }
