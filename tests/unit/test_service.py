"""The rotation service over in-memory fakes: statuses, idempotency, resumption, the lock."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from aibou.domain.sheet.history import read_rotation
from aibou.errors import AibouError
from aibou.service import Inputs, RotationPlan, load, plan_rotation, rotate, target_period, validate
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

D = date(2027, 1, 10)


def plan(inputs: Inputs, day: date) -> RotationPlan:
    return plan_rotation(inputs, target_period(inputs, day), day)


def sheet(counts: dict[str, int] | None = None, **extra: list) -> FakeSpreadsheet:
    return FakeSpreadsheet(
        {"名簿": roster_rows(counts or {"sales": 4, "cs": 4, "dev": 4}), **extra}
    )


def test_applied_writes_one_tab_and_one_event_per_group() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "applied"
    assert outcome.tab == "相棒 2027-Q1" and list(spreadsheet.tabs)[-1] == "相棒 2027-Q1"
    assert spreadsheet.tags["相棒 2027-Q1"] == "2027-Q1"
    assert len(outcome.groups) == 4 and len(calendar.events) == 4
    assert sorted(len(g.members) for g in outcome.groups) == [3, 3, 3, 3]
    everyone = [p.email for g in outcome.groups for p in g.members]
    assert len(everyone) == len(set(everyone)) == 12
    tab = read_rotation("2027-Q1", outcome.tab, spreadsheet.tabs[outcome.tab], ours=True)
    assert tab is not None and tab.complete
    event = calendar.events[outcome.event_ids[1]]
    assert {email for email, _ in event.attendees} == {p.email for p in outcome.groups[0].members}
    assert event.tags == {"aibou_period": "2027-Q1", "aibou_group": "1", "aibou_sheet": "sheet-1"}


def test_second_run_is_already_applied_and_writes_nothing() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    first = rotate(spreadsheet, calendar, D)
    writes, tabs = (
        spreadsheet.writes,
        {t: [list(r) for r in rows] for t, rows in spreadsheet.tabs.items()},
    )
    again = rotate(spreadsheet, calendar, date(2027, 2, 1))
    assert again.status == "already-applied"
    assert spreadsheet.writes == writes and spreadsheet.tabs == tabs
    assert [g.emails for g in again.groups] == [g.emails for g in first.groups]


def test_a_run_that_died_after_the_tab_resumes_from_the_tab() -> None:
    spreadsheet = sheet()
    with pytest.raises(AibouError):
        rotate(spreadsheet, FakeCalendar(fail_after=2), D)
    recorded = read_rotation("2027-Q1", "相棒 2027-Q1", spreadsheet.tabs["相棒 2027-Q1"], ours=True)
    assert recorded is not None and not recorded.complete
    # someone joins before the retry: the recorded groups are kept, not re-planned
    spreadsheet.tabs["名簿"].append(["新人 花子", "new@example.jp", "CS", "オフィス", ""])
    calendar = FakeCalendar()
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "applied"
    assert [g.emails for g in outcome.groups] == [
        frozenset(m.email for m in ms) for _, ms in sorted(recorded.groups.items())
    ]
    assert len(calendar.events) == 4
    assert read_rotation("2027-Q1", outcome.tab, spreadsheet.tabs[outcome.tab], ours=True).complete


def test_invalid_roster_writes_nothing() -> None:
    spreadsheet = sheet()
    spreadsheet.tabs["名簿"][2][1] = "not-an-email"
    before = {t: [list(r) for r in rows] for t, rows in spreadsheet.tabs.items()}
    calendar = FakeCalendar()
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "invalid"
    assert [(p.tab, p.row, p.column) for p in outcome.problems] == [("名簿", 3, "B")]
    assert spreadsheet.tabs == before and calendar.events == {} and spreadsheet.writes == 0


def test_busy_when_another_run_holds_the_lock() -> None:
    spreadsheet = sheet()
    spreadsheet.locked_by = "someone else"
    assert rotate(spreadsheet, FakeCalendar(), D).status == "busy"
    assert spreadsheet.writes == 0


def test_dry_run_plans_without_writing_and_matches_the_applied_groups() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    preview = rotate(spreadsheet, calendar, D, dry_run=True)
    assert preview.status == "dry-run" and spreadsheet.writes == 0 and calendar.events == {}
    applied = rotate(spreadsheet, calendar, D)
    assert [g.members for g in applied.groups] == [g.members for g in preview.groups]
    assert applied.event_ids == preview.event_ids


def test_not_due_before_the_first_period() -> None:
    spreadsheet = sheet(設定=[["初回開始日", "2027-04-01"]])
    outcome = rotate(spreadsheet, FakeCalendar(), D)
    assert (
        outcome.status == "not-due"
        and outcome.period is not None
        and outcome.period.key == "2027-Q2"
    )


def test_today_is_read_in_the_organisers_time_zone() -> None:
    # 15:30 UTC on 31 March is already 1 April in Tokyo: the Q2 rotation is due
    outcome = rotate(sheet(), FakeCalendar(), datetime(2027, 3, 31, 15, 30, tzinfo=UTC))
    assert outcome.period is not None and outcome.period.key == "2027-Q2"


def test_english_settings_give_an_english_tab() -> None:
    outcome = rotate(sheet(Settings=[["language", "en"]]), FakeCalendar(), D)
    assert outcome.tab == "Rotation 2027-Q1"


def test_validate_reports_settings_and_roster_problems_together() -> None:
    spreadsheet = sheet(設定=[["曜日", "someday"]])
    spreadsheet.tabs["名簿"][3][2] = "営業部"
    outcome = validate(spreadsheet, D)
    assert outcome.status == "invalid"
    assert [(p.tab, p.row, p.column) for p in outcome.problems] == [
        ("設定", 1, "B"),
        ("名簿", 4, "C"),
    ]


def test_missing_roster_tab() -> None:
    outcome = validate(FakeSpreadsheet({"Sheet1": []}), D)
    assert [(p.tab, p.row, p.column) for p in outcome.problems] == [("Roster", None, None)]


def test_history_from_every_rotation_tab_feeds_the_plan() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    seen: set[frozenset[str]] = set()
    for day in (date(2027, 1, 5), date(2027, 4, 5), date(2027, 7, 5)):
        outcome = rotate(spreadsheet, calendar, day)
        pairs = {
            frozenset((a.email, b.email))
            for g in outcome.groups
            for a in g.members
            for b in g.members
            if a.email < b.email
        }
        assert outcome.stats is not None and outcome.stats.repeat_pairs == len(pairs & seen)
        seen |= pairs
    inputs = load(spreadsheet.read())
    assert [r.key for r in inputs.history()] == ["2027-Q1", "2027-Q2", "2027-Q3"]


def test_plan_is_reproducible_and_independent_of_roster_order() -> None:
    spreadsheet = sheet({"sales": 5, "cs": 4, "dev": 7})
    first = plan(load(spreadsheet.read()), D)
    header, *rows = spreadsheet.tabs["名簿"]
    random.Random(1).shuffle(rows)
    spreadsheet.tabs["名簿"] = [header, *rows]
    again = plan(load(spreadsheet.read()), D)
    assert [g.emails for g in again.groups] == [g.emails for g in first.groups]


def test_a_pasted_tab_does_not_move_the_periods() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    rotate(spreadsheet, calendar, date(2027, 1, 5))
    spreadsheet.tabs["Rotation 2026-11-16"] = [
        ["group", "email"],
        [1, "sales01@example.jp"],
        [1, "cs01@example.jp"],
    ]
    outcome = rotate(spreadsheet, calendar, date(2027, 2, 20))
    assert (outcome.status, outcome.period.key) == ("already-applied", "2027-Q1")
    assert [t for t in spreadsheet.tabs if t.startswith("相棒")] == ["相棒 2027-Q1"]


def test_a_hand_made_tab_for_this_period_is_left_alone() -> None:
    made_by_hand = [
        ["グループ", "メール", "カレンダー"],
        [1, "sales01@example.jp", ""],
        [1, "cs01@example.jp", ""],
        [2, "dev01@example.jp", ""],
        [2, "sales02@example.jp", ""],
    ]
    spreadsheet, calendar = sheet(**{"相棒 2027-Q1": made_by_hand}), FakeCalendar()
    outcome = rotate(spreadsheet, calendar, D)
    assert outcome.status == "already-applied"
    assert [g.emails for g in outcome.groups] == [
        frozenset({"sales01@example.jp", "cs01@example.jp"}),
        frozenset({"dev01@example.jp", "sales02@example.jp"}),
    ]
    assert spreadsheet.writes == 0 and calendar.events == {}
    assert spreadsheet.tabs["相棒 2027-Q1"] == made_by_hand


def test_repeats_count_only_earlier_rotations() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    first = rotate(spreadsheet, calendar, date(2027, 1, 5))
    rotate(spreadsheet, calendar, date(2027, 4, 5))
    again = rotate(spreadsheet, calendar, date(2027, 1, 6))
    assert again.status == "already-applied"
    assert again.stats is not None and first.stats is not None
    assert again.stats.repeat_pairs == first.stats.repeat_pairs == 0


def test_a_late_first_run_prepares_the_next_quarter_and_never_meets_in_the_past() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    # Thursday 31 December 2026: Q4's last Wednesday has passed (§7's half-rule)
    outcome = rotate(spreadsheet, calendar, date(2026, 12, 31))
    assert (outcome.status, outcome.period.key) == ("applied", "2027-Q1")
    assert {spec.start.date() for spec in calendar.events.values()} == {date(2027, 1, 6)}


@pytest.mark.parametrize(("uneven", "sizes"), [("smaller", {3: 2, 2: 2}), ("larger", {4: 1, 3: 2})])
def test_uneven_groups_setting(uneven: str, sizes: dict[int, int]) -> None:
    spreadsheet = sheet({"sales": 4, "cs": 3, "dev": 3}, 設定=[["端数の組", uneven]])
    outcome = rotate(spreadsheet, FakeCalendar(), D)
    assert outcome.stats is not None and outcome.stats.group_sizes == sizes


def test_nobody_is_ever_alone_in_pairs_mode() -> None:
    spreadsheet = sheet({"sales": 3, "cs": 3, "dev": 3}, 設定=[["グループ人数", "2"]])
    outcome = rotate(spreadsheet, FakeCalendar(), D)
    assert min(len(g.members) for g in outcome.groups) >= 2
    assert sum(len(g.members) for g in outcome.groups) == 9
