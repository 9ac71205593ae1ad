"""An unchanged rotation tab is read from aibou's copy of its rows, and reads as its cells do.

aibou keeps a copy of the rows of each rotation tab it writes (:mod:`aibou.local.copies`), so a
tab nobody changed since is not laid out again cell by cell. These tests read the same workbook
with and without the copy and compare; they edit a tab outside aibou and check the edit is
seen; they hand aibou forged copies and check none is used.
"""

from __future__ import annotations

import math
import re
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aibou.domain.sheet.cells import text
from aibou.domain.sheet.digest import Written
from aibou.errors import InvalidInput
from aibou.local import workbook as workbook_module
from aibou.local import xlsx
from aibou.local.workbook import Workbook
from aibou.ports import Sheet
from aibou.service.inputs import as_recorded, load
from tests.integration.test_hostile_workbooks import entries, rezip, sheet_part

TITLE = "相棒 2027-Q1"
KEY = "2027-Q1"
ROWS = [
    ["グループ", "名前", "メール", "職能", "勤務形態", "曜日・時刻", "理由", "カレンダー"],
    [1, "山田 太郎", "taro@example.com", "セールス", "出社", "毎週水曜 16:00", "", ""],
    [1, "佐藤 花子", "hanako@example.com", "CS", "リモート", "", "", ""],
    [2, "鈴木 一郎", "ichiro@example.com", "エンジニア", "出社", "毎週水曜 16:00", "", ""],
]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "名簿"
    book.active.append(["名前", "メール", "職能"])
    book.save(path)
    return path


def written(blank: Path, folder: Path, rows: list[list[object]]) -> Path:
    path = folder / "book.xlsx"
    shutil.copyfile(blank, path)
    record = Written.of(as_recorded(rows)).encode()
    Workbook(path).add_rotation_tab(TITLE, KEY, rows, written=record)  # type: ignore[arg-type]
    return path


def tab(path: Path) -> Sheet:
    found = Workbook(path).read().find(TITLE)
    assert found is not None
    return found


def without_copy(path: Path) -> Path:
    return rezip(path, {n: None for n in entries(path) if n.startswith("customXml/aibou-rows")})


def as_seen(rows: object) -> list[list[str]]:
    """Rows as a user reads them: each cell's text, no empty cells or rows at the end."""
    out = [[text(v) for v in row] for row in rows]  # type: ignore[union-attr]
    for row in out:
        while row and not row[-1]:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["_x0041_", "_x005F_x0041_", "a\r\nb", "  lead", "=SUM(A1)", "&<>"]),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cells, max_size=6), max_size=6))
def test_a_tab_read_from_its_copy_reads_as_its_cells_do(
    blank: Path, tmp_path: Path, rows: list[list[object]]
) -> None:
    path = written(blank, tmp_path, [ROWS[0], *rows])
    fast = tab(path)
    slow = tab(without_copy(path))

    assert (fast.intact, slow.intact) == (True, False)
    assert as_seen(fast.rows) == as_seen(slow.rows)
    for got, cell in zip(fast.rows[1:], rows, strict=False):  # numbers are the numbers written
        for value, wrote in zip(got, cell, strict=False):
            if isinstance(wrote, float) and not isinstance(wrote, bool):
                assert math.isclose(float(value), wrote)  # type: ignore[arg-type]


def test_cells_aibou_sets_later_keep_the_copy_true(blank: Path, tmp_path: Path) -> None:
    path = written(blank, tmp_path, ROWS)
    links = {(2, 8): "https://calendar/1", (4, 8): "https://calendar/2", (6, 1): "2027-02-01"}
    Workbook(path).update_rotation_tab(TITLE, links)

    links_read_from_a_true_copy(path)


def links_read_from_a_true_copy(path: Path) -> None:
    fast = tab(path)
    assert fast.intact
    assert [r[7] for r in fast.rows[1:4]] == ["https://calendar/1", "", "https://calendar/2"]
    assert as_seen(fast.rows) == as_seen(tab(without_copy(path)).rows)


def added(blank: Path, tmp_path: Path) -> tuple[Path, Workbook]:
    """A workbook and one run's port on it, which has just added the tab."""
    path = tmp_path / "book.xlsx"
    shutil.copyfile(blank, path)
    book = Workbook(path)
    book.add_rotation_tab(TITLE, KEY, ROWS, written=Written.of(as_recorded(ROWS)).encode())
    return path, book


def test_one_run_that_adds_a_tab_then_sets_its_cells_twice_keeps_the_copy_true(
    blank: Path, tmp_path: Path
) -> None:
    path, book = added(blank, tmp_path)  # then it fills in links and progress
    book.update_rotation_tab(TITLE, {(2, 8): "https://calendar/1", (1, 9): "招待 1 / 2"})
    book.update_rotation_tab(TITLE, {(4, 8): "https://calendar/2", (1, 9): "招待 2 / 2"})

    links_read_from_a_true_copy(path)


def test_a_tab_changed_by_someone_else_between_two_writes_of_one_run_is_not_vouched_for(
    blank: Path, tmp_path: Path
) -> None:
    path, book = added(blank, tmp_path)
    part = sheet_part(path, TITLE)
    xml = entries(path)[part].replace(b"hanako@example.com", b"jiro@example.com")
    rezip(path, {part: xml})  # another program saved the tab while the run made its events
    book.update_rotation_tab(TITLE, {(2, 8): "https://calendar/1"})

    read = tab(path)
    assert not read.intact  # read from its cells: the edit shows, and is warned
    assert read.rows[2][2] == "jiro@example.com" and read.rows[1][7] == "https://calendar/1"


def test_a_tab_edited_outside_aibou_is_read_from_its_cells_and_the_edit_is_warned(
    blank: Path, tmp_path: Path
) -> None:
    path = written(blank, tmp_path, ROWS)
    part = sheet_part(path, TITLE)
    xml = entries(path)[part].replace(b"hanako@example.com", b"jiro@example.com")
    rezip(path, {part: xml})  # the copy stays, the part differs

    edited = tab(path)
    assert not edited.intact
    assert edited.rows[2][2] == "jiro@example.com"
    warnings = load(Workbook(path).read()).edits
    assert [(w.tab, w.row, w.column) for w in warnings] == [(TITLE, 3, "C")]


def forged(path: Path, body: str) -> Path:
    """The copy's JSON replaced by ``body``, its stamp left matching the part."""
    name = next(n for n in entries(path) if n.startswith("customXml/aibou-rows"))
    copy = entries(path)[name].decode()
    copy = re.sub(r"(<rows [^>]*>).*(</rows>)$", rf"\g<1>{body}\g<2>", copy, flags=re.DOTALL)
    return rezip(path, {name: copy.encode()})


@pytest.mark.parametrize(
    "body",
    [
        "[" + ",".join(["[1]"] * (xlsx.MAX_ROWS + 1)) + "]",  # too many rows
        "[[" + ",".join(["1"] * (xlsx.MAX_COLUMNS + 1)) + "]]",  # too wide
        '[["' + "x" * (xlsx.MAX_CELL_CHARS + 1) + '"]]',  # a string too long
        "[[NaN]]",
        '[[{"a": 1}]]',
        '[["a", ["b"]]]',
        '{"rows": []}',
        "[[1]",
    ],
    ids=["rows", "columns", "chars", "nan", "object", "nested", "not-a-list", "broken"],
)
def test_a_forged_copy_is_not_used(blank: Path, tmp_path: Path, body: str) -> None:
    path = written(blank, tmp_path, ROWS)
    assert tab(forged(path, '[["forged"]]')).rows == [["forged"]]  # a copy as forged is read
    path = forged(path, body)

    read = tab(path)
    assert not read.intact
    assert as_seen(read.rows) == as_seen(ROWS)


def test_a_forged_copy_is_refused_before_its_few_bytes_become_many_objects(
    blank: Path, tmp_path: Path
) -> None:
    body = "[" + "[]," * 1_000_000 + "[]]"  # a million rows, a list for every three bytes
    path = forged(written(blank, tmp_path, ROWS), body)  # a few kilobytes zipped
    tracemalloc.start()
    try:
        read = tab(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert not read.intact
    assert as_seen(read.rows) == as_seen(ROWS)
    assert peak < 6 * len(body)  # the copy's text, not a list for every three bytes of it


def test_a_copy_of_another_part_is_not_used(blank: Path, tmp_path: Path) -> None:
    path = written(blank, tmp_path, ROWS)
    name = next(n for n in entries(path) if n.startswith("customXml/aibou-rows"))
    crc = re.search(rb'crc32="([0-9a-f]{8})"', entries(path)[name])
    assert crc is not None
    other = b"%08x" % (int(crc.group(1), 16) ^ 1)  # another part's CRC-32, the same size
    rezip(path, {name: entries(path)[name].replace(crc.group(1), other)})

    assert not tab(path).intact


def test_cells_from_copies_count_against_the_bound_on_cells(
    blank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written(blank, tmp_path, ROWS)  # 4 × 8 cells in the copy, 1 × 3 in the roster
    monkeypatch.setattr(workbook_module, "MAX_CELLS", 35)
    monkeypatch.setattr(xlsx, "MAX_CELLS", 35)
    assert tab(path).intact
    monkeypatch.setattr(workbook_module, "MAX_CELLS", 34)
    monkeypatch.setattr(xlsx, "MAX_CELLS", 34)

    with pytest.raises(InvalidInput):
        Workbook(path).read()


def test_a_workbook_saved_by_a_spreadsheet_program_reads_its_cells(
    blank: Path, tmp_path: Path
) -> None:
    path = written(blank, tmp_path, ROWS)
    openpyxl.load_workbook(path).save(path)  # every part written again

    read = tab(path)
    assert not read.intact
    assert as_seen(read.rows) == as_seen(ROWS)
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if "aibou-rows" in n]


def test_bytes_of_copies_count_against_the_bound_on_bytes_read(
    blank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written(blank, tmp_path, [*ROWS, *ROWS[1:] * 100])
    with zipfile.ZipFile(path) as z:
        sizes = {i.filename: i.file_size for i in z.infolist()}
    copy = next(n for n in sizes if n.startswith("customXml/aibou-rows"))
    parsed = ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml")
    parts = sum(sizes.get(n, 0) for n in parsed) + sum(
        s for n, s in sizes.items() if n.lower().endswith("sharedstrings.xml")
    )
    assert sizes[copy] > parts  # the copy alone decides which way the bound goes
    from aibou.local import copies

    for module in (xlsx, copies):
        monkeypatch.setattr(module, "MAX_READ_BYTES", sizes[copy] + parts)
    assert tab(path).intact
    for module in (xlsx, copies):
        monkeypatch.setattr(module, "MAX_READ_BYTES", sizes[copy] + parts - 1)

    with pytest.raises(InvalidInput):
        Workbook(path).read()
