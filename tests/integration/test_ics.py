"""The .ics calendar adapter: parsed back with icalendar, expanded with dateutil."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, closed_days, event_id, series
from aibou.local.ics import IcsCalendar
from aibou.ports import EventSpec
from aibou.service.agenda import render_agenda
from tests.audit import file_access

Q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
NOW = datetime(2026, 12, 20, 9, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


def spec(number: int, slot: Slot, names: tuple[str, ...] = ("山田 太郎", "Ann")) -> EventSpec:
    group = Group(
        number,
        tuple(
            Person(f"p{number}{i}@x.jp", n, f)
            for i, (n, f) in enumerate(zip(names, ("sales", "cs", "dev"), strict=False))
        ),
    )
    s = series(slot, Q1, Q1.start, closed_days(Settings(), Q1.start, Q1.end))
    agenda = render_agenda(group, Q1, slot, s.dates, "ja")
    return EventSpec(
        event_id("sheet", "2027-Q1", number),
        agenda.summary,
        agenda.text,
        s.start,
        s.end,
        slot.timezone,
        s.rrule,
        s.exdates,
        tuple((p.email, p.name) for p in group.members),
        {"aibou_period": "2027-Q1"},
        render_html=agenda.render_html,
    )


def expand(event) -> list[datetime]:
    rules = rruleset()
    start = event.decoded("dtstart")
    rules.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
    for exdate in (
        event.get("exdate") if isinstance(event.get("exdate"), list) else [event.get("exdate")]
    ):
        for d in exdate.dts if exdate else []:
            rules.exdate(d.dt)
    return list(rules)


def test_weekly_events_expand_to_the_expected_dates_without_holidays(tmp_path: Path) -> None:
    path = tmp_path / "aibou.ics"
    monday = Slot(0, time(10), 30, "Asia/Tokyo")
    links = IcsCalendar(path, NOW).ensure_events(
        [spec(1, monday), spec(2, Slot(2, time(16), 30, "Asia/Tokyo"))]
    )
    assert set(links) == {event_id("sheet", "2027-Q1", 1), event_id("sheet", "2027-Q1", 2)}

    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["method"]) == "PUBLISH"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    first, second = calendar.walk("VEVENT")
    assert str(first["uid"]) == f"{event_id('sheet', '2027-Q1', 1)}@aibou"
    assert first["dtstart"].params["TZID"] == "Asia/Tokyo"
    assert first["rrule"]["UNTIL"][0] == datetime(2027, 3, 31, 14, 59, 59, tzinfo=UTC)

    mondays = [d.date() for d in expand(first)]
    assert mondays[0] == date(2027, 1, 4) and mondays[-1] == date(2027, 3, 29)
    for holiday in (date(2027, 1, 11), date(2027, 3, 22)):  # 成人の日, 春分の日 (振替)
        assert holiday not in mondays
    assert len(mondays) == 13 - 2
    assert all(d.astimezone(TOKYO).time() == time(10) for d in expand(first))
    wednesdays = [d.date() for d in expand(second)]
    assert date(2027, 2, 10) in wednesdays and date(2027, 2, 11) not in wednesdays

    attendees = [(str(a), a.params["CN"]) for a in first.get("attendee")]
    assert attendees == [("mailto:p10@x.jp", "山田 太郎"), ("mailto:p11@x.jp", "Ann")]
    assert "・山田 太郎さん（セールス・オフィス）" in str(first["description"])
    assert str(first["x-aibou-period"]) == "2027-Q1"


def test_adding_the_same_events_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "aibou.ics"
    events = [spec(1, Slot(2, time(16), 30, "Asia/Tokyo"))]
    IcsCalendar(path, NOW).ensure_events(events)
    data = path.read_bytes()
    IcsCalendar(path, datetime(2027, 1, 1, tzinfo=UTC)).ensure_events(events)
    assert path.read_bytes() == data


def test_hostile_names_stay_inert(tmp_path: Path) -> None:
    path = tmp_path / "aibou.ics"
    evil = 'Eve <script>alert(1)</script>"; ROLE=CHAIR\nBEGIN:VEVENT'
    IcsCalendar(path, NOW).ensure_events(
        [spec(1, Slot(2, time(16), 30, "Asia/Tokyo"), (evil, "Ann"))]
    )
    raw = path.read_text()
    lines = raw.replace("\r\n ", "").replace("\n ", "").splitlines()
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1  # the newline opened no component
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    attendee = event.get("attendee")[0]
    assert attendee.params["CN"] == evil
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_a_group_planned_again_replaces_its_event(tmp_path: Path) -> None:
    path = tmp_path / "aibou.ics"
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    IcsCalendar(path, NOW).ensure_events([spec(1, slot, ("山田 太郎", "Ann"))])
    first = spec(1, slot, ("山田 太郎", "Ann"))
    replanned = type(first)(
        **{**first.__dict__, "attendees": (("new@x.jp", "新人"), ("p10@x.jp", "山田 太郎"))}
    )
    IcsCalendar(path, NOW).ensure_events([replanned])
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(str(a) for a in event.get("attendee")) == ["mailto:new@x.jp", "mailto:p10@x.jp"]


def test_an_amendment_updates_cancels_and_adds_in_one_read_and_one_write(tmp_path: Path) -> None:
    path = tmp_path / "aibou.ics"
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    IcsCalendar(path, NOW).ensure_events([spec(n, slot) for n in range(1, 7)])
    later = datetime(2027, 2, 3, 9, tzinfo=UTC)
    moved = (("p10@x.jp", "山田 太郎"), ("new@x.jp", "新人"))
    updates = {spec(1, slot).event_id: moved, spec(2, slot).event_id: moved[:1]}
    cancelled = [spec(3, slot).event_id, spec(4, slot).event_id]
    created = [spec(7, slot), spec(8, slot)]
    with file_access(path) as seen:
        links = IcsCalendar(path, later).amend_series(updates, cancelled, created)
    assert dict(seen) == {"read": 1, "write": 1}
    assert set(links) == {*updates, *(s.event_id for s in created)}
    events = {str(e["uid"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert len(events) == 8  # same UIDs: changed in place, none doubled
    for number in range(1, 9):
        event = events[f"{spec(number, slot).event_id}@aibou"]
        changed = number <= 4
        assert int(event["sequence"]) == (1 if changed else 0)
        assert event.decoded("dtstamp") == (NOW if number in (5, 6) else later)
        assert str(event["status"]) == ("CANCELLED" if number in (3, 4) else "CONFIRMED")
    people = {
        uid: sorted(str(a).removeprefix("mailto:") for a in e.get("attendee", []))
        if isinstance(e.get("attendee"), list)
        else [str(e["attendee"]).removeprefix("mailto:")]
        for uid, e in events.items()
    }
    assert people[f"{spec(1, slot).event_id}@aibou"] == ["new@x.jp", "p10@x.jp"]
    assert people[f"{spec(2, slot).event_id}@aibou"] == ["p10@x.jp"]

    before = path.read_bytes()
    with file_access(path) as seen:
        again = IcsCalendar(path, later).amend_series(updates, cancelled, created)
    assert again == links and dict(seen) == {"read": 1}
    assert path.read_bytes() == before
