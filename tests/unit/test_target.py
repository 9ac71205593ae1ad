"""The target-period step: which period a run works on, and how far its rotation is."""

from __future__ import annotations

from datetime import date

import pytest

from aibou import panel
from aibou.errors import AibouError
from aibou.service import load, rotate, target_period, validate
from aibou.service.target import DONE, DUE, NOT_STARTED, PARTIAL, following
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
        (date(2027, 3, 31), "2027-Q2", date(2027, 4, 1), NOT_STARTED),  # the day before
        (date(2027, 4, 1), "2027-Q2", date(2027, 4, 1), DUE),  # the first day
        (date(2027, 5, 20), "2027-Q2", date(2027, 5, 20), DUE),
        (date(2027, 7, 1), "2027-Q3", date(2027, 7, 1), DUE),  # the next period
    ],
    ids=["before", "day-before", "first-day", "inside", "after"],
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
    assert done.state == DONE
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
