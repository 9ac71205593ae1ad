"""A local ``.ics`` file as the calendar port (icalendar): the offline, embedded default.

The file is a calendar store: each event is a VEVENT whose UID is derived from the event id, so
adding the same events again changes nothing, and several periods can share one file. The output
imports into Google Calendar, Outlook and Apple Calendar: ``METHOD:PUBLISH``, a VTIMEZONE for
every zone used, ``DTSTART;TZID=...``, a weekly ``RRULE`` ending at ``UNTIL`` in UTC, ``EXDATE``
for holidays, one ``ATTENDEE`` per member, the agenda as ``DESCRIPTION``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aibou.errors import AibouError
from aibou.local.files import atomic_write
from aibou.ports import EventSpec

if TYPE_CHECKING:
    import icalendar

__all__ = ["IcsCalendar", "uid"]

PRODID = "-//aibou//aibou buddy rotations//EN"


def uid(event_id: str) -> str:
    """The iCalendar UID of an event id.

    >>> uid("aibouabc12")
    'aibouabc12@aibou'
    """
    return f"{event_id}@aibou"


class IcsCalendar:
    """The calendar port over the ``.ics`` file at ``path``; ``now`` stamps new events."""

    def __init__(self, path: str | os.PathLike[str], now: datetime) -> None:
        self.path = Path(path)
        self.now = now

    def _load(self) -> icalendar.Calendar:
        from icalendar import Calendar

        if not self.path.exists():
            calendar = Calendar()
            calendar.add("prodid", PRODID)
            calendar.add("version", "2.0")
            calendar.add("calscale", "GREGORIAN")
            calendar.add("method", "PUBLISH")
            return calendar
        try:
            data = self.path.read_bytes()
        except OSError as exc:  # a folder, a file we may not read
            raise AibouError(
                f"{self.path} を .ics ファイルとして読めません({exc.strerror})。 / "
                f"{self.path} cannot be read as an .ics file ({exc.strerror})."
            ) from exc
        try:
            return Calendar.from_ical(data)
        except ValueError as exc:
            raise AibouError(
                f"{self.path} is not a valid .ics file ({exc}). Move it away or fix it."
            ) from exc

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        calendar = self._load()
        existing = {str(e.get("uid")): e for e in calendar.walk("VEVENT")}
        changed = False
        for spec in specs:
            event = existing.get(uid(spec.event_id))
            if event is not None and _attendees(event) == {e.lower() for e, _ in spec.attendees}:
                continue  # there already, for these people
            if event is not None:  # the period was planned again: this group's people changed
                calendar.subcomponents.remove(event)
            calendar.add_component(self._event(spec))
            changed = True
        if changed:
            calendar.add_missing_timezones()
            self._save(calendar.to_ical())
        return {spec.event_id: f"{self.path.name}#{uid(spec.event_id)}" for spec in specs}

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        """A file knows nobody's calendar: nobody is readable, so the default slot is used."""
        return {}

    def _event(self, spec: EventSpec) -> icalendar.Event:
        from icalendar import Event, vCalAddress, vRecur, vText

        event = Event()
        event.add("uid", uid(spec.event_id))
        event.add("dtstamp", self.now)
        event.add("sequence", 0)
        event.add("status", "CONFIRMED")
        event.add("summary", spec.summary)
        event.add("description", spec.description)
        event.add("dtstart", spec.start)
        event.add("dtend", spec.end)
        event.add("rrule", vRecur.from_ical(spec.rrule))
        if spec.exdates:
            event.add("exdate", list(spec.exdates))
        for email, name in spec.attendees:
            attendee = vCalAddress(f"mailto:{email}")
            attendee.params["CN"] = vText(name)
            attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
            attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
            attendee.params["RSVP"] = vText("TRUE")
            event.add("attendee", attendee, encode=False)
        for key, value in sorted(spec.tags.items()):
            event.add(f"X-{key.upper().replace('_', '-')}", value)
        return event

    def _save(self, data: bytes) -> None:
        atomic_write(self.path, lambda temp: temp.write_bytes(data))


def _attendees(event: icalendar.Event) -> set[str]:
    found = event.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:").lower() for a in found}
