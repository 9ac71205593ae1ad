"""Hand edits of aibou's rotation tab through the service, over the fakes (DESIGN.md §3, §7):
aibou keeps a record of what it wrote, reports edits with their cell and never acts on them."""

from __future__ import annotations

from datetime import date

from aibou.domain.sheet.digest import Written
from aibou.service import rotate
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

START, LATER, LATEST = date(2027, 1, 10), date(2027, 2, 3), date(2027, 2, 10)
TAB = "相棒 2027-Q1"


def applied() -> tuple[FakeSpreadsheet, FakeCalendar]:
    spreadsheet = FakeSpreadsheet({"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})})
    calendar = FakeCalendar()
    assert rotate(spreadsheet, calendar, START).status == "applied"
    return spreadsheet, calendar


def join(spreadsheet: FakeSpreadsheet, email: str) -> None:
    spreadsheet.tabs["名簿"].append(["新人 花子", email, "CS", "オフィス", ""])


def attendees(calendar: FakeCalendar) -> dict[str, set[str]]:
    return {eid: {e for e, _ in spec.attendees} for eid, spec in calendar.events.items()}


def cells(outcome: object) -> list[tuple[object, ...]]:
    return [(w["tab"], w["row"], w["column"]) for w in outcome.as_dict()["warnings"]]  # type: ignore[attr-defined]


def test_the_tab_is_recorded_and_its_links_and_progress_are_no_edit() -> None:
    spreadsheet, calendar = applied()
    record = Written.decode(spreadsheet.written[TAB])
    assert record is not None and len(record.rows) == len(spreadsheet.tabs[TAB])
    again = rotate(spreadsheet, calendar, START)
    assert (again.status, again.warnings) == ("already-applied", ())


def test_a_change_block_extends_the_record() -> None:
    spreadsheet, calendar = applied()
    join(spreadsheet, "new@example.jp")
    assert rotate(spreadsheet, calendar, LATER).status == "amended"
    record = Written.decode(spreadsheet.written[TAB])
    assert record is not None and len(record.rows) == len(spreadsheet.tabs[TAB])
    again = rotate(spreadsheet, calendar, LATER)
    assert (again.status, again.warnings) == ("already-applied", ())


def test_an_edited_member_row_is_named_and_roster_changes_wait_until_it_is_undone() -> None:
    spreadsheet, calendar = applied()
    rows = spreadsheet.tabs[TAB]
    row = next(i for i, r in enumerate(rows) if len(r) > 2 and "@" in str(r[2]))
    original = rows[row][2]
    rows[row][2] = "intruder@example.jp"
    join(spreadsheet, "new@example.jp")
    before = attendees(calendar)

    held = rotate(spreadsheet, calendar, LATER)
    assert held.status == "already-applied" and held.changes == ()
    assert (TAB, row + 1, "C") in cells(held) and (TAB, None, None) in cells(held)
    assert attendees(calendar) == before and "intruder@example.jp" not in str(before)

    rows[row][2] = original
    undone = rotate(spreadsheet, calendar, LATER)
    assert (undone.status, undone.warnings) == ("amended", ())
    assert any("new@example.jp" in people for people in attendees(calendar).values())


def test_a_change_row_added_by_hand_is_never_applied() -> None:
    spreadsheet, calendar = applied()
    join(spreadsheet, "new@example.jp")
    assert rotate(spreadsheet, calendar, LATER).status == "amended"
    rows = spreadsheet.tabs[TAB]
    group, name, email, function, location = rows[1][:5]
    rows.append(["2027-02-03", "離脱", name, email, function, location, "", "x", group])
    forged = [list(r) for r in rows]
    before = attendees(calendar)
    outcome = rotate(spreadsheet, calendar, LATEST)
    assert (outcome.status, outcome.changes) == ("already-applied", ())
    assert (TAB, len(rows), "D") in cells(outcome)
    assert spreadsheet.tabs[TAB] == forged and attendees(calendar) == before


def test_a_dry_run_reports_the_edit_too() -> None:
    spreadsheet, calendar = applied()
    spreadsheet.tabs[TAB][1][1] = "別人"
    outcome = rotate(spreadsheet, calendar, LATER, dry_run=True)
    assert outcome.status == "dry-run" and (TAB, 2, "B") in cells(outcome)


class _Queue:
    def __init__(self) -> None:
        self.tasks: dict[str, dict] = {}

    def enqueue(self, name: str, payload: dict) -> bool:
        fresh = name not in self.tasks
        self.tasks[name] = dict(payload)
        return fresh


def test_a_task_delivered_after_a_hand_edit_invites_nobody() -> None:
    from aibou.service.fanout import invite_chunk

    spreadsheet = FakeSpreadsheet({"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})})
    calendar, queue = FakeCalendar(), _Queue()
    assert rotate(spreadsheet, calendar, START, queue=queue).status == "applied"
    [payload] = queue.tasks.values()
    rows = spreadsheet.tabs[TAB]
    row = next(i for i, r in enumerate(rows) if len(r) > 2 and "@" in str(r[2]))
    rows[row][2] = "intruder@example.jp"
    outcome = invite_chunk(spreadsheet, calendar, "2027-Q1", payload["groups"], START)
    assert outcome.status == "already-applied" and (TAB, row + 1, "C") in cells(outcome)
    assert calendar.events == {}
