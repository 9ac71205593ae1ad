"""Report tabs in a real .xlsx: written RAW, rewritten whole, coloured by a colour scale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from aibou.domain.model import Period, Person
from aibou.domain.report.coverage import coverage
from aibou.domain.report.tabs import coverage_tab
from aibou.errors import AibouError
from aibou.local.report_tabs import find_report_tab, write_report_tab

PERIOD = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
FUNCTIONS = ("sales", "cs", "dev")
PEOPLE = [
    Person("s1@x.jp", '=HYPERLINK("x")', "sales"),
    Person("c1@x.jp", "鈴木", "cs"),
    Person("d1@x.jp", "田中", "dev"),
    Person("s2@x.jp", "高橋", "sales"),
]
ROTATIONS = [[frozenset({"s1@x.jp", "c1@x.jp", "d1@x.jp"}), frozenset({"s2@x.jp", "c1@x.jp"})]]


def tab_for(people, rotations, language="ja"):
    return coverage_tab(
        PERIOD, coverage(people, rotations, functions=FUNCTIONS), language, date(2027, 2, 10)
    )


def save_and_reload(book: openpyxl.Workbook, path: Path) -> openpyxl.Workbook:
    book.save(path)
    return openpyxl.load_workbook(path)


def values(ws) -> list[tuple]:
    return [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]


def test_coverage_tab_with_its_colour_scale_survives_a_save(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "名簿"
    tab = tab_for(PEOPLE, ROTATIONS)
    write_report_tab(book, tab)
    reread = save_and_reload(book, tmp_path / "report.xlsx")
    ws = reread["カバレッジ"]
    (scale,) = tab.color_scales
    (formatting,) = list(ws.conditional_formatting)
    assert str(formatting.sqref) == scale.a1 == "C15:F18"
    (rule,) = formatting.rules
    assert rule.type == "colorScale"
    assert [v.type for v in rule.colorScale.cfvo] == ["num", "max"]
    assert rule.colorScale.cfvo[0].val == 0
    assert [c.rgb for c in rule.colorScale.color] == [
        "FF" + scale.min_color[1:].upper(),
        "FF" + scale.max_color[1:].upper(),
    ]
    # the grid's cells hold the counts the rule colours, names on both axes
    grid = [row[2:6] for row in values(ws)[14:18]]
    assert grid == [
        (None, None, 1, 1),  # s1 (sales; "=HYPERLINK" sorts first)
        (None, None, 1, 0),  # s2 met c1, never d1; blank for the same function
        (1, 1, None, 1),
        (1, 0, 1, None),
    ]
    assert values(ws)[13][2:6] == ('=HYPERLINK("x")', "高橋", "鈴木", "田中")
    assert ws.cell(14, 3).data_type == "s"  # text, never a formula
    assert ws.cell(1, 1).font.bold
    assert ws.cell(14, 3).alignment.text_rotation == 90


def test_a_report_tab_is_rewritten_whole_and_keeps_the_other_tabs(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "メモ"
    book["メモ"]["A1"] = "keep me"
    write_report_tab(book, tab_for(PEOPLE, ROTATIONS))
    book = save_and_reload(book, tmp_path / "a.xlsx")
    # a smaller roster, in English now: the old rows and rule are gone, the tab renamed
    smaller = tab_for(PEOPLE[:3], [], language="en")
    write_report_tab(book, smaller)
    book = save_and_reload(book, tmp_path / "b.xlsx")
    assert book.sheetnames == ["メモ", "Coverage"]
    ws = book["Coverage"]
    for r, row in enumerate(smaller.rows, start=1):
        for c, value in enumerate(row, start=1):
            assert ws.cell(r, c).value == (None if value == "" else value)
        assert ws.cell(r, len(row) + 1).value is None  # nothing left over on the right
    assert ws.max_row == len(smaller.rows)
    (formatting,) = list(ws.conditional_formatting)
    assert str(formatting.sqref) == smaller.color_scales[0].a1
    assert book["メモ"]["A1"].value == "keep me"
    assert find_report_tab(book, "coverage") is ws


def test_a_tab_aibou_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "カバレッジ"
    book["カバレッジ"]["A1"] = "my own notes"
    with pytest.raises(AibouError, match="カバレッジ"):
        write_report_tab(book, tab_for(PEOPLE, ROTATIONS))
    book = save_and_reload(book, tmp_path / "c.xlsx")
    assert book.sheetnames == ["カバレッジ"]
    assert book["カバレッジ"]["A1"].value == "my own notes"
    assert list(book["カバレッジ"].conditional_formatting) == []
