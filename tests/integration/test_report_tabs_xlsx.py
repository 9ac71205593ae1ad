"""Report tabs in a real .xlsx through the workbook adapter: written RAW as zip parts, rewritten
whole, coloured by a colour scale, and every other part of the file left as it was."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from aibou.domain.model import Period, Person
from aibou.domain.report.coverage import coverage
from aibou.domain.report.tabs import coverage_tab
from aibou.errors import AibouError
from aibou.local.workbook import Workbook
from tests.rosters import write_workbook

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


def values(ws) -> list[tuple]:
    return [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "team.xlsx", {"名簿": [["名前"]], "メモ": [["keep me"]]})


def test_coverage_tab_with_its_colour_scale(book: Path) -> None:
    tab = tab_for(PEOPLE, ROTATIONS)
    Workbook(book).write_report_tab(tab)
    ws = openpyxl.load_workbook(book)["カバレッジ"]
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
    assert not ws.cell(15, 3).font.bold


def test_a_report_tab_is_rewritten_whole_and_nothing_else_changes(book: Path) -> None:
    workbook = Workbook(book)
    before = parts(book)
    workbook.write_report_tab(tab_for(PEOPLE, ROTATIONS))
    first = parts(book)
    added = set(first) - set(before)
    assert len(added) == 1 and added.pop().startswith("xl/worksheets/")
    changed = {n for n in before if before[n] != first[n]}
    assert changed <= {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                       "xl/styles.xml"}  # fmt: skip
    # a smaller roster, in English now: the old rows and rule are gone, the tab renamed
    smaller = tab_for(PEOPLE[:3], [], language="en")
    workbook.write_report_tab(smaller)
    second = parts(book)
    assert set(second) == set(first)
    rewritten = {n for n in first if first[n] != second[n]}
    assert rewritten <= {"xl/workbook.xml"} | {n for n in first if n.startswith("xl/worksheets/")}
    assert {n: second[n] for n in before if n.startswith("xl/worksheets/")} == {
        n: before[n] for n in before if n.startswith("xl/worksheets/")
    }  # the user's tabs, byte for byte
    assert first["xl/styles.xml"] == second["xl/styles.xml"]  # formats found again, not added
    reread = openpyxl.load_workbook(book)
    assert reread.sheetnames == ["名簿", "メモ", "Coverage"]
    ws = reread["Coverage"]
    for r, row in enumerate(smaller.rows, start=1):
        for c, value in enumerate(row, start=1):
            assert ws.cell(r, c).value == (None if value == "" else value)
        assert ws.cell(r, len(row) + 1).value is None  # nothing left over on the right
    assert ws.max_row == len(smaller.rows)
    (formatting,) = list(ws.conditional_formatting)
    assert str(formatting.sqref) == smaller.color_scales[0].a1
    assert reread["メモ"]["A1"].value == "keep me"


def test_a_renamed_report_tab_is_still_ours(book: Path) -> None:
    Workbook(book).write_report_tab(tab_for(PEOPLE, ROTATIONS))
    reread = openpyxl.load_workbook(book)
    reread["カバレッジ"].title = "my coverage"
    reread.save(book)
    Workbook(book).write_report_tab(tab_for(PEOPLE, ROTATIONS))
    assert openpyxl.load_workbook(book).sheetnames == ["名簿", "メモ", "カバレッジ"]


def test_a_tab_aibou_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "c.xlsx", {"カバレッジ": [["my own notes"]]})
    data = path.read_bytes()
    with pytest.raises(AibouError, match="カバレッジ"):
        Workbook(path).write_report_tab(tab_for(PEOPLE, ROTATIONS))
    assert path.read_bytes() == data
