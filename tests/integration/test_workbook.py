"""The openpyxl workbook adapter against real .xlsx files."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest

from aibou.errors import AibouError, Busy, NotFound
from aibou.local.workbook import Workbook
from tests.rosters import write_workbook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "buddies.xlsx",
        {
            "名簿": [["名前", "メール"], ["山田", "taro@x.jp"]],
            "設定": [["開始時刻", time(15, 30)], ["初回開始日", datetime(2027, 1, 4)]],
            "メモ": [["=SUM(1,2)", "keep me"]],
        },
    )


def test_read_returns_every_tab_with_its_values(book: Path) -> None:
    snapshot = Workbook(book).read()
    assert snapshot.id == "buddies.xlsx"
    assert [s.title for s in snapshot.sheets] == ["名簿", "設定", "メモ"]
    assert snapshot.sheets[1].rows[0] == ["開始時刻", time(15, 30)]
    assert all(s.period_key is None for s in snapshot.sheets)


def test_new_tab_is_raw_tagged_and_leaves_other_tabs_alone(book: Path) -> None:
    before = {
        ws.title: [[c.value for c in row] for row in ws.iter_rows()]
        for ws in openpyxl.load_workbook(book)
    }
    Workbook(book).add_rotation_tab(
        "相棒 2027-Q1", "2027-Q1", [["グループ", "名前"], [1, '=HYPERLINK("http://x","y")']]
    )
    loaded = openpyxl.load_workbook(book)
    assert loaded.sheetnames == ["名簿", "設定", "メモ", "相棒 2027-Q1"]
    for title, rows in before.items():
        assert [[c.value for c in row] for row in loaded[title].iter_rows()] == rows
    cell = loaded["相棒 2027-Q1"]["B2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    with zipfile.ZipFile(book) as z:
        sheet_xml = z.read("xl/worksheets/sheet4.xml").decode()
    assert "<f>" not in sheet_xml  # stored as text, never as a formula
    assert (
        loaded["メモ"]["A1"].value == "=SUM(1,2)" and loaded["メモ"]["A1"].data_type == "f"
    )  # theirs stays


def test_the_tag_survives_a_rename(book: Path) -> None:
    Workbook(book).add_rotation_tab("相棒 2027-Q1", "2027-Q1", [["グループ"]])
    loaded = openpyxl.load_workbook(book)
    loaded["相棒 2027-Q1"].title = "Q1 buddies (do not edit)"
    loaded.save(book)
    sheets = Workbook(book).read().sheets
    assert [(s.title, s.period_key) for s in sheets][-1] == ("Q1 buddies (do not edit)", "2027-Q1")


def test_an_existing_title_is_never_overwritten(book: Path) -> None:
    data = book.read_bytes()
    with pytest.raises(AibouError, match="already has a tab"):
        Workbook(book).add_rotation_tab("メモ", "2027-Q1", [["x"]])
    assert book.read_bytes() == data


def test_update_sets_cells_of_our_tab(book: Path) -> None:
    workbook = Workbook(book)
    workbook.add_rotation_tab("相棒 2027-Q1", "2027-Q1", [["グループ", "カレンダー"], [1, ""]])
    workbook.update_rotation_tab("相棒 2027-Q1", {(2, 2): "=link"})
    cell = openpyxl.load_workbook(book)["相棒 2027-Q1"]["B2"]
    assert (cell.value, cell.data_type) == ("=link", "s")


HOLD_LOCK = """
import sys, time
from aibou.local.workbook import Workbook
with Workbook(sys.argv[1]).lock("other process"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_lock_is_exclusive_across_processes_and_dies_with_its_holder(book: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(book)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(Busy), Workbook(book).lock("me"):
            pass
    finally:
        holder.kill()  # a run that dies without cleaning up
        holder.wait()
    with Workbook(book).lock("me"):  # its lock went with it
        pass
    assert sorted(p.name for p in book.parent.iterdir()) == ["buddies.xlsx"]


def test_the_same_process_cannot_take_the_lock_twice(book: Path) -> None:
    with Workbook(book).lock("first"), pytest.raises(Busy), Workbook(book).lock("second"):
        pass


def test_a_wrong_size_header_does_not_hide_rows(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", {"Roster": [["name", "email"], ["A", "a@x.jp"]]})
    replaced = 0
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb'<dimension ref="A1:B2"\s*/>', b'<dimension ref="A1" />', data)
                replaced += n
            dst.writestr(item, data)
    assert replaced == 1  # the file now claims a single cell, as some exporters write
    assert Workbook(tmp_path / "bad.xlsx").read().sheets[0].rows == [
        ["name", "email"],
        ["A", "a@x.jp"],
    ]


@pytest.mark.parametrize(("content", "error"), [(None, NotFound), (b"not a zip", AibouError)])
def test_missing_or_broken_files_give_clear_errors(
    tmp_path: Path, content: bytes | None, error: type
) -> None:
    path = tmp_path / "w.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=r"w\.xlsx"):
        Workbook(path).read()


def test_a_tab_aibou_did_not_write_is_never_updated(book: Path) -> None:
    data = book.read_bytes()
    with pytest.raises(AibouError, match="not written by aibou"):
        Workbook(book).update_rotation_tab("メモ", {(1, 2): "x"})
    assert book.read_bytes() == data


def test_settings_are_written_into_the_tab_or_a_new_one(book: Path, tmp_path: Path) -> None:
    Workbook(book).write_settings("設定", {(1, 2): "16:30", (3, 1): "言語", (3, 2): "en"})
    ws = openpyxl.load_workbook(book)["設定"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["開始時刻", "16:30"],
        ["初回開始日", datetime(2027, 1, 4)],
        ["言語", "en"],
    ]
    fresh = write_workbook(tmp_path / "fresh.xlsx", {"名簿": [["名前", "メール"]]})
    Workbook(fresh).write_settings("Settings", {(1, 1): "language", (1, 2): "en"})
    loaded = openpyxl.load_workbook(fresh)
    assert loaded.sheetnames == ["名簿", "Settings"]
    assert [c.value for c in loaded["Settings"][1]] == ["language", "en"]
    assert Workbook(fresh).read().sheets[1].period_key is None  # not tagged as a rotation


def test_updates_keep_the_cells_around_them(book: Path) -> None:
    workbook = Workbook(book)
    rows = [["グループ", "名前", "カレンダー"], [1, "山田", ""], [2, "佐藤", ""]]
    workbook.add_rotation_tab("相棒 2027-Q1", "2027-Q1", rows)
    workbook.update_rotation_tab("相棒 2027-Q1", {(3, 3): "link-2", (2, 3): "link-1", (9, 1): 7})
    ws = openpyxl.load_workbook(book)["相棒 2027-Q1"]
    assert [[c.value for c in row] for row in ws.iter_rows(max_row=3)] == [
        ["グループ", "名前", "カレンダー"],
        [1, "山田", "link-1"],
        [2, "佐藤", "link-2"],
    ]
    assert ws["A9"].value == 7 and ws["A1"].font.b and ws.freeze_panes == "A2"
