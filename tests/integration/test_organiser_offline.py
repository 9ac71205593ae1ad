"""An offline rotation records its organiser in the ``.xlsx`` (aibou's custom part): the calendar
the settings named when it was applied, and nobody (a file has no owner). The record survives the
workbook being written again and read, and an amendment keeps to it after the settings change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aibou import service
from aibou.domain.sheet.digest import Written
from aibou.local.workbook import Workbook
from aibou.service.target import target_period
from tests.rosters import roster_rows, write_workbook
from tests.wiring import wired

DAY, LATER = date(2027, 1, 5), date(2027, 2, 3)
TAB = "相棒 2027-Q1"


def record_of(path: Path) -> Written:
    tab = Workbook(path).read().find(TAB)
    assert tab is not None and tab.written is not None
    record = Written.decode(tab.written)
    assert record is not None
    return record


def test_the_workbook_keeps_the_organiser_when_the_settings_change(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "相棒.xlsx",
        {
            "名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}),
            "設定": [["曜日", "水"], ["calendar_id", "team@example.com"]],
        },
    )
    spreadsheet, calendar = wired().local(book)
    assert service.rotate(spreadsheet, calendar, DAY).status == "applied"
    assert (record_of(book).calendar, record_of(book).owner) == ("team@example.com", "")

    Workbook(book).write_settings("設定", {(2, 2): "primary"})  # the settings change
    assert record_of(book).calendar == "team@example.com"
    inputs = service.read(Workbook(book))
    plan = service.plan_amendment(inputs, target_period(inputs, LATER), LATER)
    assert plan.settings.calendar_id == "team@example.com"  # where the events went


def test_a_record_with_an_owner_reads_back_as_written(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", {"名簿": roster_rows({"sales": 1})})
    rows = [["グループ", "メール"], [1, "a@example.jp"]]
    record = Written.of(rows).organised("c_team@group.calendar.google.com", "hanako@example.jp")
    Workbook(book).add_rotation_tab(TAB, "2027-Q1", rows, written=record.encode())
    assert record_of(book) == record
