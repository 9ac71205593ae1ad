"""Invitations sent a chunk of groups at a time, with the progress in the tab (DESIGN.md §9)."""

from __future__ import annotations

from datetime import date

import pytest

from aibou.errors import AibouError
from aibou.service import rotate
from aibou.service.progress import INVITE_CHUNK, PROGRESS_CELL, observe
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

D = date(2027, 1, 5)
TAB = "相棒 2027-Q1"
GROUPS = 2 * INVITE_CHUNK + 50  # three chunks


def sheet() -> FakeSpreadsheet:
    n = GROUPS
    return FakeSpreadsheet({"名簿": roster_rows({"sales": n, "cs": n, "dev": n})})


def progress_cell(spreadsheet: FakeSpreadsheet) -> object:
    row, column = PROGRESS_CELL
    header = spreadsheet.tabs[TAB][row - 1]
    return header[column - 1] if len(header) >= column else None


def test_a_run_that_stops_half_way_shows_how_far_the_invites_are() -> None:
    spreadsheet = sheet()
    with pytest.raises(AibouError):
        rotate(spreadsheet, FakeCalendar(fail_after=INVITE_CHUNK + 10), D)
    assert progress_cell(spreadsheet) == f"招待 {INVITE_CHUNK} / {GROUPS}"


def test_the_run_that_finishes_clears_the_progress_and_sends_each_group_once() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar(fail_after=INVITE_CHUNK + 10)
    with pytest.raises(AibouError):
        rotate(spreadsheet, calendar, D)
    calendar.fail_after = None
    seen: list[tuple[int, int]] = []
    with observe(lambda done, total: seen.append((done, total))):
        outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "applied"
    assert progress_cell(spreadsheet) == ""
    assert len(calendar.events) == GROUPS and len(set(outcome.links.values())) == GROUPS
    assert seen == [(2 * INVITE_CHUNK, GROUPS), (GROUPS, GROUPS)]  # the first chunk was kept
    assert rotate(spreadsheet, calendar, D).status == "already-applied"


def test_a_stale_count_left_by_two_tasks_finishing_at_once_is_cleared_by_the_next_run() -> None:
    """Two invite tasks finishing at once each write the count they saw; the last may be short
    though every group has its link. The home shows no progress for a complete tab, and the
    next scheduled run empties the cell (once: the run after writes nothing)."""
    from aibou.panel.overview import overview

    spreadsheet, calendar = sheet(), FakeCalendar()
    assert rotate(spreadsheet, calendar, D).status == "applied"
    spreadsheet.update_rotation_tab(TAB, {PROGRESS_CELL: f"招待 {INVITE_CHUNK} / {GROUPS}"})
    assert overview(spreadsheet, D, language="ja").progress is None

    again = rotate(spreadsheet, calendar, D)

    assert again.status == "already-applied" and not again.warnings
    assert progress_cell(spreadsheet) == ""
    writes = spreadsheet.writes
    assert rotate(spreadsheet, calendar, D).status == "already-applied"
    assert spreadsheet.writes == writes and len(calendar.events) == GROUPS
