"""The side panel's service over in-memory fakes: overview, propose, apply, settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aibou import panel
from aibou.errors import AibouError
from aibou.local.workbook import Workbook
from aibou.panel.pins import APART, TOGETHER, PinChange, Pins
from aibou.panel.target import DUE, NOT_STARTED, PARTIAL, UPCOMING
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows, write_workbook

D = date(2027, 1, 5)


def sheet(**tabs: list) -> FakeSpreadsheet:
    return FakeSpreadsheet({"名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5}), **tabs})


def applied(spreadsheet: FakeSpreadsheet, calendar: FakeCalendar) -> panel.Applied:
    shown = panel.propose(spreadsheet, D, language="en")
    assert shown.target is not None
    return panel.apply(
        spreadsheet,
        calendar,
        D,
        language="en",
        pins=shown.pins,
        variant=shown.variant,
        period_key=shown.target.period.key,
        expect=shown.fingerprint,
        owner="test",
    )


def test_overview_follows_the_periods() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    due = panel.overview(spreadsheet, D, language="en")
    assert (due.next.state, due.next.period.key, due.complete) == (DUE, "2027-Q1", False)
    assert due.counts == {"sales": 4, "cs": 4, "dev": 5} and due.absent == 0
    applied(spreadsheet, calendar)
    done = panel.overview(spreadsheet, D, language="en")
    assert done.complete and len(done.groups) == 5 and all(done.links.values())
    assert (done.next.state, done.next.period.key, done.next.days_until(D)) == (
        UPCOMING,
        "2027-Q2",
        86,
    )


def test_overview_before_the_first_period_and_after_a_crash() -> None:
    early = sheet(設定=[["初回開始日", "2027-04-01"]])
    view = panel.overview(early, D, language="en")
    assert view.period is None and view.next.state == NOT_STARTED
    assert view.next.period.key == "2027-Q2"
    crashed = sheet()
    with pytest.raises(AibouError):
        applied(crashed, FakeCalendar(fail_after=2))
    assert panel.overview(crashed, D, language="en").next.state == PARTIAL
    resume = panel.propose(crashed, D, language="en")
    assert resume.status == "resume" and len(resume.groups) == 5


def test_problems_are_listed_and_nothing_is_proposed() -> None:
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[3][1] = "not-an-email"
    spreadsheet = FakeSpreadsheet({"名簿": rows})
    view = panel.overview(spreadsheet, D, language="en")
    assert [(p.tab, p.row, p.column) for p in view.problems] == [("名簿", 4, "B")]
    assert "email" in view.problems[0].message
    shown = panel.propose(spreadsheet, D, language="ja")
    assert shown.status == "invalid" and not shown.groups
    refused = panel.apply(
        spreadsheet,
        FakeCalendar(),
        D,
        language="en",
        pins=Pins(),
        variant=0,
        period_key="2027-Q1",
        expect="whatever",
        owner="t",
    )
    assert refused.outcome.status == "invalid" and spreadsheet.writes == 0


def test_a_pin_that_cannot_be_honoured_is_refused_and_the_plan_kept() -> None:
    spreadsheet = sheet()
    first = panel.propose(spreadsheet, D, language="en")
    change = PinChange(TOGETHER, ("sales01@example.jp", "sales02@example.jp", "cs01 太郎"))
    pinned = panel.propose(
        spreadsheet, D, language="en", period_key="2027-Q1", change=change, pins=first.pins
    )
    assert pinned.pin_problems == () and len(pinned.pins.together) == 1
    assert any(pinned.pins.together[0] <= g.emails for g in pinned.groups)
    too_many = PinChange(
        TOGETHER, ("sales03@example.jp", "sales04@example.jp", "cs02 太郎", "dev01 太郎")
    )
    again = panel.propose(
        spreadsheet, D, language="ja", pins=pinned.pins, period_key="2027-Q1", change=too_many
    )
    assert again.pins == pinned.pins and again.fingerprint == pinned.fingerprint
    unknown = PinChange(APART, ("nobody", "sales01@example.jp"))
    refused = panel.propose(
        spreadsheet, D, language="en", pins=pinned.pins, period_key="2027-Q1", change=unknown
    )
    assert refused.pins == pinned.pins and "nobody" in refused.pin_problems[0]


def test_another_arrangement_is_applied_as_shown() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    other = panel.propose(spreadsheet, D, language="en", variant=1, period_key="2027-Q1")
    assert other.variant == 1
    assert other.fingerprint != panel.propose(spreadsheet, D, language="en").fingerprint
    done = panel.apply(
        spreadsheet,
        calendar,
        D,
        language="en",
        pins=other.pins,
        variant=1,
        period_key="2027-Q1",
        expect=other.fingerprint,
        owner="t",
    )
    assert done.outcome.status == "applied"
    assert [g.emails for g in done.outcome.groups] == [g.emails for g in other.groups]


def test_apply_after_the_sheet_changed_returns_the_new_proposal() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    shown = panel.propose(spreadsheet, D, language="en")
    spreadsheet.tabs["名簿"].append(["新人 花子", "new@example.jp", "CS", "", ""])
    result = panel.apply(
        spreadsheet,
        calendar,
        D,
        language="en",
        pins=shown.pins,
        variant=0,
        period_key="2027-Q1",
        expect=shown.fingerprint,
        owner="t",
    )
    assert result.outcome.status == "changed" and spreadsheet.writes == 0
    assert result.proposal is not None and result.proposal.changed
    assert "new@example.jp" in {e for g in result.proposal.groups for e in g.emails}


def test_apply_twice_is_already_applied_and_a_past_period_is_changed() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    shown = panel.propose(spreadsheet, D, language="en")

    def click(day: date = D) -> panel.Applied:
        return panel.apply(
            spreadsheet,
            calendar,
            day,
            language="en",
            pins=shown.pins,
            variant=0,
            period_key="2027-Q1",
            expect=shown.fingerprint,
            owner="t",
        )

    assert click().outcome.status == "applied"
    second = click()  # the same card, clicked again
    assert second.outcome.status == "already-applied" and second.proposal is None
    assert list(spreadsheet.tabs) == ["名簿", "相棒 2027-Q1"] and len(calendar.events) == 5
    ahead = panel.propose(spreadsheet, D, language="en", period_key="2027-Q1")
    assert ahead.target is not None and ahead.target.period.key == "2027-Q2"
    for key in ("2027-Q3", "2026-Q4", "spring"):  # only the current or the next period
        proposed = panel.propose(spreadsheet, D, language="en", period_key=key).target
        assert proposed is not None and proposed.period.key == "2027-Q2"
    late = click(date(2027, 4, 2))  # the card outlived its period
    assert late.outcome.status == "changed" and late.proposal is not None
    assert late.proposal.target is not None and late.proposal.target.period.key == "2027-Q2"
    assert list(spreadsheet.tabs) == ["名簿", "相棒 2027-Q1"]


def test_a_crafted_far_period_is_not_applied() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    crafted = panel.apply(
        spreadsheet,
        calendar,
        D,
        language="en",
        pins=Pins(),
        variant=0,
        period_key="2030-Q1",
        expect="0" * 16,
        owner="t",
    )
    assert crafted.outcome.status == "changed" and spreadsheet.writes == 0


def test_saving_settings_writes_only_what_changed() -> None:
    spreadsheet = sheet(設定=[["項目", "値"], ["曜日", "水曜日"], ["group_size", "3"]])
    unchanged = panel.save_settings(spreadsheet, {"meeting_weekday": "2"}, language="en")
    assert unchanged.edit.cells == {} and spreadsheet.writes == 0
    saved = panel.save_settings(
        spreadsheet,
        {"meeting_weekday": "4", "meeting_time": "１０：３０", "language": "ja", "meet": "on"},
        language="en",
    )
    assert saved.edit.saved and saved.edit.changed == ("meeting_weekday", "meeting_time")
    assert spreadsheet.tabs["設定"] == [
        ["項目", "値"],
        ["曜日", "金"],
        ["group_size", "3"],
        ["開始時刻", "10:30"],
    ]
    assert saved.view.values["meeting_weekday"] == "4" and saved.view.problems == ()
    assert list(spreadsheet.tabs) == ["名簿", "設定"]


def test_invalid_settings_are_not_saved_and_other_problems_are_reported() -> None:
    spreadsheet = sheet(Settings=[["color", "blue"]])
    refused = panel.save_settings(
        spreadsheet, {"timezone": "Mars/Olympus", "meeting_time": "09:00"}, language="ja"
    )
    assert not refused.edit.saved and spreadsheet.writes == 0
    assert [(p.tab, p.row, p.column) for p in refused.edit.problems] == [("Settings", 3, "B")]
    assert "タイムゾーン" in refused.edit.problems[0].message
    assert [(p.row, p.column) for p in refused.edit.others] == [(1, "A")]


def test_a_new_settings_tab_is_named_in_the_sheets_language() -> None:
    spreadsheet = sheet()
    panel.save_settings(spreadsheet, {"language": "en", "duration_minutes": "45"}, language="ja")
    assert spreadsheet.tabs["Settings"] == [["duration_minutes", 45], ["language", "en"]]


def test_the_workbook_edits_no_tab_but_settings(tmp_path: Path) -> None:
    book = Workbook(write_workbook(tmp_path / "b.xlsx", {"名簿": roster_rows({"sales": 1})}))
    with pytest.raises(AibouError):
        book.write_settings("名簿", {(1, 1): "x"})
    book.write_settings("設定", {(1, 1): "曜日", (1, 2): "=SUM(1)"})
    tab = book.read().find("設定")
    assert tab is not None and [list(r) for r in tab.rows] == [["曜日", "=SUM(1)"]]
