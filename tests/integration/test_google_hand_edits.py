"""Hand edits of a rotation tab on Google (DESIGN.md §7): reported with their cell, never acted
on. The real gspread and Calendar clients over HTTP against the fake Google server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from gspread.utils import ValueInputOption

from aibou import service
from aibou.domain.sheet.history import CALENDAR_COLUMN, LAYOUT, read_rotation
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import wired

OPS = "ops@example.com"
DAY = date(2027, 1, 5)
TAB = "相棒 2027-Q1"
EMAIL = "C"
LINK = "H"
assert LAYOUT.index("email") == 2 and CALENDAR_COLUMN == 8


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake: FakeGoogle = google_env.fake
    fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return fake.create_spreadsheet(
        "相棒制度",
        {
            "名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5}),
            "設定": [["曜日", "水"], ["開始時刻", "16:00"]],
        },
        owner=OPS,
    )


def run(spreadsheet_id: str, day: date) -> service.Outcome:
    spreadsheet, calendar = wired().google(spreadsheet_id)
    return service.rotate(spreadsheet, calendar, day)


def type_into(env: GoogleEnv, sheet: str, cells: dict[str, str]) -> None:
    """A sheet editor types into the rotation tab (USER_ENTERED, as the Sheets UI does)."""
    worksheet = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet(TAB)
    for address, value in cells.items():
        worksheet.update([[value]], address, value_input_option=ValueInputOption.user_entered)


def attendees(fake: FakeGoogle, event_id: str) -> list[str]:
    event = fake.event(OPS, event_id)
    assert event is not None and event.get("status") != "cancelled"
    return sorted(a["email"] for a in event["attendees"])


def test_an_edited_email_and_a_cleared_link_never_change_the_event(
    google_env: GoogleEnv, fake_google: FakeGoogle, sheet: str
) -> None:
    first = run(sheet, DAY)
    assert first.status == "applied"
    rows = fake_google.values(sheet, TAB)
    tab = read_rotation("2027-Q1", TAB, rows, ours=True)
    assert tab is not None and tab.complete
    group = first.groups[0]
    event_id = first.event_ids[group.number]
    before = attendees(fake_google, event_id)
    row = next(i for i, r in enumerate(rows, start=1) if group.members[0].email in r)
    link_row = tab.link_cells[group.number][0]
    type_into(google_env, sheet, {f"{EMAIL}{row}": "intruder@example.com", f"{LINK}{link_row}": ""})
    fake_google.notifications.clear()

    for day in (DAY + timedelta(days=7), DAY + timedelta(days=14)):  # two scheduled runs
        outcome = run(sheet, day)
        assert outcome.status == "already-applied"
        assert attendees(fake_google, event_id) == before
        assert "intruder@example.com" not in str(fake_google.events(OPS))
        assert fake_google.notifications == []
        warnings = outcome.as_dict()["warnings"]
        cells = [(w["tab"], w["row"], w["column"]) for w in warnings]
        assert (TAB, row, EMAIL) in cells
        assert (TAB, None, None) in cells  # and says the tab waits until the edit is undone
    assert fake_google.cell(sheet, TAB, f"{EMAIL}{row}") == "intruder@example.com"


def test_undoing_the_edit_lets_the_next_run_carry_on(
    google_env: GoogleEnv, fake_google: FakeGoogle, sheet: str
) -> None:
    first = run(sheet, DAY)
    rows = fake_google.values(sheet, TAB)
    group = first.groups[0]
    row = next(i for i, r in enumerate(rows, start=1) if group.members[0].email in r)
    type_into(google_env, sheet, {f"{EMAIL}{row}": "intruder@example.com"})
    assert run(sheet, DAY + timedelta(days=7)).warnings
    type_into(google_env, sheet, {f"{EMAIL}{row}": group.members[0].email})
    again = run(sheet, DAY + timedelta(days=8))
    assert again.status == "already-applied" and again.warnings == ()


def test_a_long_record_is_kept_in_chunks_and_rows_go_below_the_grid(
    fake_google: FakeGoogle, sheet: str
) -> None:
    spreadsheet, _ = wired().google(sheet)
    record = "v1;" + "abcd" * 20_000 + ";;8"  # 80,000 characters, past one metadata value
    spreadsheet.add_rotation_tab(TAB, "2027-Q1", [["グループ"], [1]], written=record)
    values = [m["metadataValue"] for m in fake_google.developer_metadata(sheet)]
    assert max(len(v) for v in values) <= 30_000
    read_back = wired().google(sheet)[0].read().find(TAB)
    assert read_back is not None and read_back.written == record

    fresh, _ = wired().google(sheet)  # a later run: knows the grid only from reading it
    fresh.update_rotation_tab(TAB, {(60, 1): "変更履歴", (61, 2): 7}, written="v1;;;8")
    assert fake_google.values(sheet, TAB)[59:61] == [["変更履歴"], ["", 7]]
    assert fresh.read().find(TAB).written == "v1;;;8"  # type: ignore[union-attr]
    fresh.update_rotation_tab(TAB, {(200, 1): "x"})  # no record: cells only, grid grown
    assert fake_google.values(sheet, TAB)[199] == ["x"]
    assert fresh.read().find(TAB).written == "v1;;;8"  # type: ignore[union-attr]
