"""The target-period step: which period a run works on, and how far its rotation is."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from aibou import panel
from aibou.errors import AibouError
from aibou.service import load, rotate, target_period, validate
from aibou.service.target import DUE, NOT_STARTED, OPEN, PARTIAL, REFUSED, following
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

FIRST = [["first_period_start", "2027-04-01"]]


def sheet(settings: list[list[str]] | None = None) -> FakeSpreadsheet:
    tabs = {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})}
    return FakeSpreadsheet({**tabs, "設定": settings} if settings else tabs)


@pytest.mark.parametrize(
    ("today", "key", "day", "state"),
    [
        (date(2027, 1, 10), "2027-Q2", date(2027, 4, 1), NOT_STARTED),  # well before
        (date(2027, 3, 24), "2027-Q2", date(2027, 4, 1), NOT_STARTED),  # eight days before
        (date(2027, 3, 25), "2027-Q2", date(2027, 4, 1), DUE),  # announced a week ahead
        (date(2027, 4, 1), "2027-Q2", date(2027, 4, 1), DUE),  # the first day
        (date(2027, 5, 5), "2027-Q2", date(2027, 5, 5), DUE),  # half its meetings ahead
        (date(2027, 5, 27), "2027-Q3", date(2027, 7, 1), DUE),  # most behind: the next one
        (date(2027, 7, 1), "2027-Q3", date(2027, 7, 1), DUE),  # the next period
    ],
    ids=[
        "before",
        "eight-days-before",
        "week-before",
        "first-day",
        "half-left",
        "half-rule",
        "after",
    ],
)
def test_before_the_first_period_the_target_is_the_first_period_not_started(
    today: date, key: str, day: date, state: str
) -> None:
    target = target_period(load(sheet(FIRST).read()), today)
    assert (target.period.key, target.day, target.state) == (key, day, state)


def test_without_a_first_period_the_target_is_the_period_holding_the_day() -> None:
    target = target_period(load(sheet().read()), date(2027, 2, 14))
    assert (target.period.key, target.day, target.state) == ("2027-Q1", date(2027, 2, 14), DUE)


def test_the_state_follows_the_rotation_tab() -> None:
    spreadsheet, day = sheet(), date(2027, 1, 10)
    crashed = FakeCalendar(fail_after=1)
    with pytest.raises(AibouError, match="calendar went away"):
        rotate(spreadsheet, crashed, day)  # the tab is written, the events are not
    assert target_period(load(spreadsheet.read()), day).state == PARTIAL
    rotate(spreadsheet, FakeCalendar(), day)
    done = target_period(load(spreadsheet.read()), day)
    assert done.state == OPEN  # complete, and its period still runs: it may be amended
    assert target_period(load(spreadsheet.read()), date(2027, 4, 5)).state == DUE
    assert following(load(spreadsheet.read()), done).state == DUE
    after = following(load(spreadsheet.read()), done)
    assert (after.period.key, after.day, after.state) == ("2027-Q2", date(2027, 4, 1), DUE)


def test_every_door_agrees_on_the_first_period() -> None:
    """The rule is written once: the CLI's rotate and validate and the panel all follow it."""
    spreadsheet, day = sheet(FIRST), date(2027, 3, 20)
    assert rotate(spreadsheet, FakeCalendar(), day).status == "not-due"
    assert validate(spreadsheet, day).period.key == "2027-Q2"  # type: ignore[union-attr]
    shown = panel.overview(spreadsheet, day, language="en")
    assert shown.period is None and shown.next.state == NOT_STARTED
    assert shown.next.period.key == "2027-Q2" and shown.next.days_until(day) == 12


def test_a_rotation_for_an_earlier_period_is_refused_naming_the_latest_tab() -> None:
    spreadsheet = sheet()
    assert rotate(spreadsheet, FakeCalendar(), date(2027, 1, 10)).status == "applied"
    before = {title: [list(r) for r in rows] for title, rows in spreadsheet.tabs.items()}
    writes, calendar = spreadsheet.writes, FakeCalendar()
    outcome = rotate(spreadsheet, calendar, date(1999, 3, 15))
    assert outcome.status == "invalid" and outcome.period.key == "1999-Q2"  # type: ignore[union-attr]
    [problem] = outcome.problems
    assert problem.tab == "相棒 2027-Q1" and "1999-Q2" in problem.message
    assert spreadsheet.writes == writes and spreadsheet.tabs == before and calendar.events == {}
    assert target_period(load(spreadsheet.read()), date(1999, 3, 15)).state == REFUSED
    assert validate(spreadsheet, date(1999, 3, 15)).status == "invalid"


def test_joined_dates_decide_who_is_active() -> None:
    rows = [[*row, ""] for row in roster_rows({"sales": 3, "cs": 3, "dev": 3})]
    rows[0][-1] = "入社日"
    rows[1][-1], rows[2][-1] = "2027/2/1", "2026-12-01"
    spreadsheet = FakeSpreadsheet({"名簿": rows})
    outcome = rotate(spreadsheet, FakeCalendar(), date(2027, 1, 10))
    emails = {p.email for g in outcome.groups for p in g.members}
    assert "sales01@example.jp" not in emails and "sales02@example.jp" in emails
    assert len(emails) == 8


def test_a_joined_date_that_is_not_a_date_is_an_invalid_cell() -> None:
    rows = [[*row, ""] for row in roster_rows({"sales": 3, "cs": 3, "dev": 3})]
    rows[0][-1], rows[3][-1] = "入社日", "yesterday"
    spreadsheet = FakeSpreadsheet({"名簿": rows})
    outcome = rotate(spreadsheet, FakeCalendar(), date(2027, 1, 10))
    assert outcome.status == "invalid" and spreadsheet.writes == 0
    [problem] = outcome.problems
    assert (problem.tab, problem.row, problem.column) == ("名簿", 4, "F")
    assert "yesterday" in problem.message


def test_a_series_never_starts_in_the_past() -> None:
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    # Wednesday 6 January 2027: at the start of the day the 16:00 meeting is still ahead
    calendar = FakeCalendar()
    rotate(sheet(), calendar, date(2027, 1, 6))
    assert {spec.start.date() for spec in calendar.events.values()} == {date(2027, 1, 6)}
    # at 17:00 that day, it has passed: every series starts a week later
    calendar = FakeCalendar()
    rotate(sheet(), calendar, datetime(2027, 1, 6, 17, 0, tzinfo=tokyo))
    assert {spec.start.date() for spec in calendar.events.values()} == {date(2027, 1, 13)}
