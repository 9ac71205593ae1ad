"""Roster changes applied to an open rotation through the service, over the fakes (§7)."""

from __future__ import annotations

from datetime import date

import pytest

from aibou.domain.sheet.changes import read_changes
from aibou.errors import AibouError
from aibou.service import load, rotate
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

START, LATER = date(2027, 1, 10), date(2027, 2, 3)
TAB = "相棒 2027-Q1"


def applied() -> tuple[FakeSpreadsheet, FakeCalendar]:
    spreadsheet = FakeSpreadsheet({"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})})
    calendar = FakeCalendar()
    assert rotate(spreadsheet, calendar, START).status == "applied"
    return spreadsheet, calendar


def join(spreadsheet: FakeSpreadsheet, email: str, function: str = "CS") -> None:
    spreadsheet.tabs["名簿"].append(["新人 花子", email, function, "オフィス", ""])


def leave(spreadsheet: FakeSpreadsheet, email: str) -> None:
    for row in spreadsheet.tabs["名簿"]:
        if row[1] == email:
            row[4] = "休職"


def members(calendar: FakeCalendar) -> dict[str, set[str]]:
    return {eid: {e for e, _ in spec.attendees} for eid, spec in calendar.events.items()}


def test_a_joiner_is_placed_and_invited_and_the_tab_rows_stay() -> None:
    spreadsheet, calendar = applied()
    rows_before = [list(r) for r in spreadsheet.tabs[TAB]]
    join(spreadsheet, "new@example.jp")
    outcome = rotate(spreadsheet, calendar, LATER)
    assert outcome.status == "amended"
    assert [c.as_dict()["kind"] for c in outcome.changes] == ["joined"]
    [change] = outcome.changes
    assert change.email == "new@example.jp" and change.from_group is None
    assert spreadsheet.tabs[TAB][: len(rows_before)] == rows_before
    [row] = read_changes(spreadsheet.tabs[TAB])
    assert (row.kind, row.group, row.on) == ("joined", change.group, LATER) and row.calendar
    invited = [eid for eid, people in members(calendar).items() if "new@example.jp" in people]
    assert len(invited) == 1 and len(calendar.events) == 3
    group = next(g for g in outcome.groups if g.number == change.group)
    assert members(calendar)[invited[0]] == group.emails


def test_a_second_run_with_nothing_new_writes_nothing() -> None:
    spreadsheet, calendar = applied()
    join(spreadsheet, "new@example.jp")
    rotate(spreadsheet, calendar, LATER)
    writes, events = spreadsheet.writes, dict(calendar.events)
    again = rotate(spreadsheet, calendar, LATER)
    assert again.status == "already-applied" and again.changes == ()
    assert spreadsheet.writes == writes and calendar.events == events


def test_leavers_who_empty_a_group_move_its_last_member_and_cancel_its_series() -> None:
    spreadsheet, calendar = applied()
    tab = load(spreadsheet.read()).rotation("2027-Q1")
    assert tab is not None
    first, second, _ = tab.groups[1]
    leave(spreadsheet, first.email)
    leave(spreadsheet, second.email)
    outcome = rotate(spreadsheet, calendar, LATER)
    kinds = sorted(c.kind for c in outcome.changes)
    assert outcome.status == "amended" and kinds == ["left", "left", "moved"]
    assert len(calendar.cancelled) == 1 and len(calendar.events) == 2
    assert 1 not in {g.number for g in outcome.groups}
    everyone = set().union(*members(calendar).values())
    assert first.email not in everyone and second.email not in everyone
    assert len(everyone) == 7


@pytest.mark.parametrize("calls", [0, 1])
def test_a_run_that_dies_half_way_finishes_on_the_next_run(calls: int) -> None:
    spreadsheet, calendar = applied()
    tab = load(spreadsheet.read()).rotation("2027-Q1")
    assert tab is not None
    join(spreadsheet, "new@example.jp")
    leave(spreadsheet, tab.groups[1][0].email)
    leave(spreadsheet, tab.groups[2][0].email)  # two series to patch: the run may die between
    calendar.fail_calls = calls
    with pytest.raises(AibouError):
        rotate(spreadsheet, calendar, LATER)
    calendar.fail_calls = None
    done = rotate(spreadsheet, calendar, LATER)
    assert done.status == "amended"
    rows = read_changes(spreadsheet.tabs[TAB])
    assert len(rows) == 3 and all(r.calendar for r in rows)  # one block, nothing doubled
    recorded = load(spreadsheet.read()).rotation("2027-Q1")
    assert recorded is not None
    expected = sorted((frozenset(m.email for m in g) for g in recorded.groups.values()), key=sorted)
    assert sorted(map(frozenset, members(calendar).values()), key=sorted) == expected
    assert rotate(spreadsheet, calendar, LATER).status == "already-applied"


def test_later_plans_count_a_joiner_as_having_met_their_group() -> None:
    spreadsheet, calendar = applied()
    join(spreadsheet, "new@example.jp")
    outcome = rotate(spreadsheet, calendar, LATER)
    [change] = outcome.changes
    group = next(g for g in outcome.groups if g.number == change.group)
    [past] = load(spreadsheet.read()).history()
    assert any({"new@example.jp", *group.emails} <= met for met in past.groups)


def test_dry_run_shows_pending_changes_and_writes_nothing() -> None:
    spreadsheet, calendar = applied()
    join(spreadsheet, "new@example.jp")
    writes = spreadsheet.writes
    preview = rotate(spreadsheet, calendar, LATER, dry_run=True)
    assert preview.status == "dry-run" and [c.email for c in preview.changes] == ["new@example.jp"]
    assert preview.as_dict()["changes"][0]["kind"] == "joined"
    assert spreadsheet.writes == writes
