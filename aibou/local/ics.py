"""A local ``.ics`` file as the calendar port (icalendar): the offline, embedded default.

The file is a calendar store: each event is a VEVENT whose UID is derived from the event id, so
adding the same events again changes nothing, and several periods can share one file. The output
imports into Google Calendar, Outlook and Apple Calendar: ``METHOD:PUBLISH``, a VTIMEZONE for
every zone used, ``DTSTART;TZID=...``, a weekly ``RRULE`` ending at ``UNTIL`` in UTC, ``EXDATE``
for holidays, one ``ATTENDEE`` per member, the agenda as ``DESCRIPTION``.

icalendar reads the file back and writes what was there; the events added by a run are written
by :func:`event_ical` instead, byte for byte what icalendar would write for them (the tests
compare the two), about fifty times faster: the lines every event of a run shares (start, end,
``RRULE``, ``EXDATE``, stamps) are made once by icalendar and reused, and :func:`fold` folds a
line with a few slices instead of one character at a time.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from aibou.errors import AibouError
from aibou.local.files import atomic_write
from aibou.local.messages import text
from aibou.ports import EventSpec

if TYPE_CHECKING:
    import icalendar

__all__ = ["IcsCalendar", "event_ical", "fold", "uid"]

PRODID = "-//aibou//aibou buddy rotations//EN"
#: RFC 5545 section 3.1: content lines are folded to at most 75 octets (a folded line's first
#: character is the space that marks it as a continuation).
LINE_OCTETS = 75
_END = b"END:VCALENDAR\r\n"


def uid(event_id: str) -> str:
    """The iCalendar UID of an event id.

    >>> uid("aibouabc12")
    'aibouabc12@aibou'
    """
    return f"{event_id}@aibou"


class IcsCalendar:
    """The calendar port over the ``.ics`` file at ``path``; ``now`` stamps new events."""

    #: A file has no quota: every invitation in one step, so the file and the tab are each
    #: written once.
    invite_chunk = sys.maxsize
    #: A file is nobody's calendar: no organiser to act as.
    owner = ""

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
        return self.amend_series({}, (), specs)

    def amend_series(
        self,
        attendees: Mapping[str, Sequence[tuple[str, str]]],
        cancelled: Sequence[str],
        created: Sequence[EventSpec],
        *,
        calendar_id: str = "primary",
        send_updates: str = "all",
    ) -> dict[str, str]:
        """One read and at most one write of the file, however many series change.

        An updated or cancelled series keeps its UID with ``SEQUENCE`` + 1 (cancelled:
        ``STATUS:CANCELLED``), so a calendar that imported it updates or drops it.
        """
        calendar = self._load()
        events: dict[str, list[icalendar.Event]] = {}  # a series, then its moved occurrences
        for event in calendar.walk("VEVENT"):
            events.setdefault(str(event.get("uid")), []).append(event)
        changed = False
        for event_id, people in attendees.items():
            found = events.get(uid(event_id))
            if not found:
                raise AibouError(text("ics_event_gone", file=self.path.name))
            for event in found:  # the series and every occurrence moved by hand
                if _attendees(event) != {email.lower() for email, _ in people}:
                    event.pop("attendee", None)
                    for email, name in people:
                        event.add("attendee", _attendee(email, name), encode=False)
                    _bump(event, self.now)
                    changed = True
        for event_id in cancelled:
            for event in events.get(uid(event_id), []):
                if str(event.get("status", "")).upper() != "CANCELLED":
                    event.pop("status", None)
                    event.add("status", "CANCELLED")
                    _bump(event, self.now)
                    changed = True
        added: list[EventSpec] = []
        for spec in created:
            found = events.get(uid(spec.event_id), [])
            if found and all(
                _attendees(e) == {a.lower() for a, _ in spec.attendees} for e in found
            ):
                continue  # there already, for these people
            for event in found:  # the period was planned again: this group's people changed
                calendar.subcomponents.remove(event)
            added.append(spec)
        if added:
            self._add_timezones(calendar, added)
        if changed or added:
            head = calendar.to_ical()  # what was there, and the zones; new events go at the end
            assert head.endswith(_END)
            shared = _shared_lines(self.now)
            tail = b"".join(event_ical(spec, shared) for spec in added)
            self._save(head[: -len(_END)] + tail + _END)
        return {
            event_id: f"{self.path.name}#{uid(event_id)}"
            for event_id in [*attendees, *(spec.event_id for spec in created)]
        }

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        """A file knows nobody's calendar: nobody is readable, so the default slot is used."""
        return {}

    def read_series(
        self,
        event_ids: Sequence[str],
        tags: Mapping[str, str],
        until: datetime,
        *,
        calendar_id: str = "primary",
    ) -> None:
        """A file keeps no replies and no record of meetings: there is nothing to read."""

    @staticmethod
    def _add_timezones(calendar: icalendar.Calendar, specs: Sequence[EventSpec]) -> None:
        """Add a VTIMEZONE for every zone the events use, as icalendar places them."""
        from icalendar import Event

        probes = {}
        for spec in specs:
            zones = (spec.start.tzinfo, spec.end.tzinfo, *(d.tzinfo for d in spec.exdates[:1]))
            if zones not in probes:
                probe = probes[zones] = Event()
                probe.add("dtstart", spec.start)
                probe.add("dtend", spec.end)
                if spec.exdates:
                    probe.add("exdate", list(spec.exdates))
        calendar.subcomponents.extend(probes.values())
        calendar.add_missing_timezones()
        del calendar.subcomponents[-len(probes) :]

    def _event(self, spec: EventSpec) -> icalendar.Event:
        """The event as an icalendar component: what :func:`event_ical` writes, made slowly."""
        from icalendar import Event, vRecur

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
            event.add("attendee", _attendee(email, name), encode=False)
        for key, value in sorted(spec.tags.items()):
            event.add(f"X-{key.upper().replace('_', '-')}", value)
        return event

    def _save(self, data: bytes) -> None:
        atomic_write(self.path, lambda temp: temp.write_bytes(data))


def _attendee(email: str, name: str) -> icalendar.vCalAddress:
    from icalendar import vCalAddress, vText

    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["CN"] = vText(name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
    attendee.params["RSVP"] = vText("TRUE")
    return attendee


def _bump(event: icalendar.Event, now: datetime) -> None:
    """A new version of the same event: ``SEQUENCE`` + 1, stamped ``now``."""
    sequence = int(event.get("sequence", 0)) + 1
    for key in ("sequence", "dtstamp"):
        event.pop(key, None)
    event.add("sequence", sequence)
    event.add("dtstamp", now)


def fold(line: str) -> str:
    r"""Fold one content line (RFC 5545 section 3.1) as icalendar does, with slices.

    Every physical line is at most 75 octets of UTF-8 (the first 74 plus the line break's
    space on the next), a multi-byte character is never split, and no fold comes right after ``\``
    or ``^`` (an escape stays whole). Unfolding (deleting every CRLF and the space after it) gives
    ``line`` back.

    >>> fold("DESCRIPTION:" + "あ" * 30).split("\r\n ")
    ['DESCRIPTION:ああああああああああああああああああああ', 'ああああああああああ']
    >>> [len(part) for part in fold("X:" + "a\\" * 40).split("\r\n ")]
    [73, 9]
    >>> [len(part) for part in fold("X:" + "a" * 71 + "\\n" + "あ" * 3).split("\r\n ")]
    [73, 5]
    """
    return _fold(line.encode()).decode()


def _fold(data: bytes) -> bytes:
    """:func:`fold` of a line's UTF-8: its physical lines are :data:`_PHYSICAL` matches."""
    if len(data) < LINE_OCTETS:
        return data
    return b"\r\n ".join(_PHYSICAL.findall(data))


# One physical line of a folded line, from where the last one ended: the most whole characters
# that fit in 74 octets (the last alternative), or one octet fewer when they end with an escape
# (``\`` or ``^``) and 75 octets or more are left. Such an escape sits right before the
# character holding the 75th octet, which is its first, second, third or fourth octet: the four
# escape alternatives, tried first. With fewer than 75 octets left only the last one matches:
# the rest, whole.
_CONT = rb"[\x80-\xbf]"  # a UTF-8 continuation byte: never the start of a character
_ESCAPE_THEN = rb"[\\^][^\x80-\xbf]"  # an escape, then the first byte of a character
_PHYSICAL = re.compile(
    rb"(?s).{70}(?:"
    rb"...(?=" + _ESCAPE_THEN + rb")"
    rb"|..(?=" + _ESCAPE_THEN + _CONT + rb")"
    rb"|.(?=" + _ESCAPE_THEN + _CONT + rb"{2})"
    rb"|(?=" + _ESCAPE_THEN + _CONT + rb"{3}))"
    rb"|.{1,74}(?!" + _CONT + rb")"
)


def event_ical(spec: EventSpec, shared: Callable[[str, object], bytes]) -> bytes:
    """The VEVENT of ``spec`` as icalendar writes :meth:`IcsCalendar._event` of it, fast.

    ``shared(name, value)`` gives the folded line of a property whose value many events share
    (dates, rules, stamps), made once by icalendar. The rest (summary, attendees, description)
    is escaped by icalendar's own text escape (what its ``vText`` writes) and parameter
    function, and folded by :func:`fold`.
    """
    escape, param_value, quoted = _icalendar_text()
    lines = [
        b"BEGIN:VEVENT",
        _fold(b"SUMMARY:" + escape(spec.summary).encode()),
        shared("dtstart", spec.start),
        shared("dtend", spec.end),
        shared("dtstamp", None),
        _fold(b"UID:" + escape(uid(spec.event_id)).encode()),
        shared("sequence", 0),
        shared("rrule", spec.rrule),
    ]
    if spec.exdates:
        lines.append(shared("exdate", spec.exdates))
    for email, name in spec.attendees:
        cn = param_value(name, always_quote=not quoted.isdisjoint(name))
        lines.append(
            _fold(
                f"ATTENDEE;CN={cn};PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE"
                f":mailto:{email}".encode()
            )
        )
    lines.append(_fold(b"DESCRIPTION:" + escape(spec.description).encode()))
    lines.append(shared("status", "CONFIRMED"))
    for key, value in sorted(spec.tags.items()):  # written as they are, as icalendar does
        if "\n" in value or "\r" in value:
            raise ValueError(f"an event tag holds a line break: {key}")
        lines.append(_fold(f"X-{key.upper().replace('_', '-')}:{value}".encode()))
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)


@cache
def _icalendar_text() -> tuple[Callable[[str], str], Callable[..., str], frozenset[str]]:
    """icalendar's text escape, parameter value function and the characters that quote a CN.

    The escape is what ``vText(value).to_ical()`` applies (before encoding to UTF-8), called
    without making a ``vText`` and its parameters for every value.
    """
    from icalendar import Parameters
    from icalendar.parser import param_value
    from icalendar.parser.string import _escape_char

    return _escape_char, param_value, frozenset(Parameters.quote_also["CN"])


def _shared_lines(now: datetime) -> Callable[[str, object], bytes]:
    """``shared(name, value)`` for :func:`event_ical`: icalendar's line, made once per value."""
    from icalendar import Event, vRecur

    made: dict[tuple[str, str], bytes] = {}
    # the events of one slot hold the same objects (a series' start, end, rule, skipped days):
    # found by identity before their repr is made; each is kept, so its id is not reused
    by_id: dict[tuple[str, int], tuple[object, bytes]] = {}

    def shared(name: str, value: object) -> bytes:
        found = by_id.get((name, id(value)))
        if found is not None:
            return found[1]
        key = (name, repr(value))  # repr, not ==: equal instants in two zones are two lines
        line = made.get(key)
        if line is None:
            event = Event()
            if name == "dtstamp":
                value = now
            elif name == "rrule":
                value = vRecur.from_ical(value)
            elif name == "exdate":
                value = list(value)  # type: ignore[call-overload]
            event.add(name, value)
            lines = event.to_ical().split(b"\r\n")
            line = made[key] = b"\r\n".join(lines[1:-2])  # between BEGIN, END and the last break
        by_id[name, id(value)] = (value, line)
        return line

    return shared


def _attendees(event: icalendar.Event) -> set[str]:
    found = event.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:").lower() for a in found}
