"""An ``.ics`` amended after someone edited it by hand (attack review of issue 11).

A calendar program that moves one meeting of a series writes it as a second VEVENT with the
same UID and a RECURRENCE-ID (RFC 5545 3.8.4.4). Someone who moves one buddy meeting for a
holiday and saves the file has such a file; the next amendment must still take a leaver out of
the series itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from icalendar import Calendar

from aibou.domain.time.schedule import Slot
from aibou.local.ics import IcsCalendar
from tests.integration.test_ics import NOW, spec


def _moved_occurrence(raw: bytes, event_uid: str) -> bytes:
    """``raw`` with one occurrence of ``event_uid``'s series moved an hour, written after it as
    calendar programs write an exception (same UID, RECURRENCE-ID, its own attendees)."""
    calendar = Calendar.from_ical(raw)
    master = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == event_uid)
    start = master.decoded("dtstart")
    moved = Calendar.from_ical(master.to_ical()).walk("VEVENT")[0]
    moved.pop("rrule", None)
    moved.pop("exdate", None)
    moved.add("recurrence-id", start)
    moved["dtstart"].dt = start.replace(hour=start.hour + 1)
    moved["dtend"].dt = master.decoded("dtend").replace(hour=start.hour + 2)
    calendar.add_component(moved)
    return calendar.to_ical()


def _people(event) -> set[str]:
    found = event.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:").lower() for a in found}


def test_a_leaver_is_taken_out_of_a_series_with_one_occurrence_moved_by_hand(
    tmp_path,
) -> None:
    path = tmp_path / "aibou.ics"
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    first = spec(1, slot, ("山田 太郎", "Ann", "Bob"))
    IcsCalendar(path, NOW).ensure_events([first])
    event_uid = f"{first.event_id}@aibou"
    path.write_bytes(_moved_occurrence(path.read_bytes(), event_uid))
    leaver = first.attendees[2][0]
    staying = first.attendees[:2]

    later = datetime(2027, 2, 3, 9, tzinfo=UTC)
    IcsCalendar(path, later).amend_series({first.event_id: staying}, [], [])

    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    series = [e for e in events if str(e["uid"]) == event_uid and "recurrence-id" not in e]
    assert len(series) == 1
    assert leaver not in _people(series[0])  # the weekly invite no longer has them
    assert all(leaver not in _people(e) for e in events if str(e["uid"]) == event_uid)
