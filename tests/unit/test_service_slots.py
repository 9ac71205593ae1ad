"""The service chooses each group's slot from the calendar's free/busy and records it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from aibou.domain.sheet.history import read_rotation
from aibou.errors import AibouError
from aibou.service.rotate import rotate
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

D = date(2027, 1, 5)  # a Tuesday: Wednesday meetings from 6 January, 13 of them
TOKYO = ZoneInfo("Asia/Tokyo")
ROSTER = roster_rows({"sales": 2, "cs": 2, "dev": 2})
EMAILS = [row[1] for row in ROSTER[1:]]


def wednesdays(start: time, end: time) -> list[tuple[datetime, datetime]]:
    days = [date(2027, 1, 6) + timedelta(weeks=w) for w in range(13)]
    return [
        (
            datetime.combine(d, start, TOKYO).astimezone(UTC),
            datetime.combine(d, end, TOKYO).astimezone(UTC),
        )
        for d in days
    ]


def meeting_cells(spreadsheet: FakeSpreadsheet, title: str) -> list[tuple[str, str]]:
    header, *rows = spreadsheet.tabs[title]
    meeting, note = header.index("ミーティング"), header.index("時間の決め方")
    return [(str(r[meeting]), str(r[note])) for r in rows if len(r) > note and r[meeting]]


def test_the_slot_found_free_is_in_the_tab_and_the_events() -> None:
    busy = {email: [] for email in EMAILS}
    busy[EMAILS[0]] = wednesdays(time(15), time(17))  # sales01 is busy around the default
    spreadsheet, calendar = FakeSpreadsheet({"名簿": ROSTER}), FakeCalendar(calendars=busy)
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "applied"
    with_sales01 = next(g for g in outcome.groups if EMAILS[0] in g.emails)
    others = [g for g in outcome.groups if g is not with_sales01]
    event = calendar.events[outcome.event_ids[with_sales01.number]]
    assert event.start == datetime(2027, 1, 6, 17, tzinfo=TOKYO)
    for group in others:
        assert calendar.events[outcome.event_ids[group.number]].start.time() == time(16)
    cells = dict(
        zip(
            [g.number for g in outcome.groups], meeting_cells(spreadsheet, outcome.tab), strict=True
        )
    )
    assert cells[with_sales01.number] == (
        "毎週水曜 17:00–17:30 (Asia/Tokyo)",
        "全員の空き時間から選択（13週中13週）",
    )
    assert (
        "17:00〜17:30" in event.description and "空いている時間から選びました" in event.description
    )


def test_without_free_busy_the_tab_says_the_default_was_kept_and_why() -> None:
    spreadsheet = FakeSpreadsheet({"名簿": ROSTER, "Settings": [["language", "en"]]})
    outcome = rotate(spreadsheet, FakeCalendar(), D)
    header, *rows = spreadsheet.tabs[outcome.tab]
    assert header[5:7] == ["Meeting", "How the slot was chosen"]
    firsts = [r for r in rows if len(r) > 6 and r[5]]
    assert len(firsts) == len(outcome.groups) == 2
    for row in firsts:
        assert row[5] == "Wednesdays 16:00–16:30 (Asia/Tokyo)"
        assert row[6].startswith("Default slot: no calendar's free/busy could be read")


def test_a_resumed_run_keeps_the_slots_the_tab_recorded() -> None:
    busy = {email: wednesdays(time(10), time(17)) for email in EMAILS}  # free from 17:00
    spreadsheet = FakeSpreadsheet({"名簿": ROSTER})
    with pytest.raises(AibouError):
        rotate(spreadsheet, FakeCalendar(fail_after=1, calendars=busy), D)
    recorded = read_rotation("2027-Q1", "相棒 2027-Q1", spreadsheet.tabs["相棒 2027-Q1"], ours=True)
    assert recorded is not None and set(recorded.meetings.values()) == {
        "毎週水曜 17:00–17:30 (Asia/Tokyo)"
    }
    # by the retry everyone's calendar has cleared: the recorded slot still holds
    calendar = FakeCalendar(calendars={email: [] for email in EMAILS})
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "applied"
    assert {e.start for e in calendar.events.values()} == {datetime(2027, 1, 6, 17, tzinfo=TOKYO)}


def test_the_preview_shows_the_slots_the_run_will_use() -> None:
    busy = {email: wednesdays(time(16), time(16, 30)) for email in EMAILS}
    spreadsheet = FakeSpreadsheet({"名簿": ROSTER})
    preview = rotate(spreadsheet, FakeCalendar(calendars=busy), D, dry_run=True)
    applied = rotate(spreadsheet, FakeCalendar(calendars=busy), D)
    assert preview.slots == applied.slots
    assert {s.start for s in applied.slots.values()} == {time(15, 30)}
