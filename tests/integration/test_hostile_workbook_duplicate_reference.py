"""A worksheet part with a second ``r`` written as ``r= "..."`` (space after ``=``).

Found by the attack review of the xlsx bound's fast path: ``_plain_extent`` only counts
``r="`` (no space), so a cell ``<c r="A1" r= "DA1">`` is vouched for as column A, while
python-calamine (quick-xml) reads the duplicate attribute and lays the cell out at DA1. The
streaming parse refuses the part as broken (expat rejects a duplicate attribute), so before the
fast path this was a clear error; now the bound is passed and calamine lays out whatever grid
the second reference names (``XFD1048576`` is 17 billion cells).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine

from aibou.local.xlsx import _extent
from tests.integration.test_hostile_workbooks import _bomb_rows, cli, messages, rezip, sheet_part
from tests.rosters import roster_rows, write_workbook

REASON = (
    '_plain_extent vouches for a part with a duplicate r attribute written r= "...": '
    "python-calamine lays the cell out at the second reference (aibou/local/xlsx.py:205)"
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    roster = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    return write_workbook(tmp_path / "team.xlsx", {"名簿": roster})


CELLS = '<row r="1"><c r="A1" r= "DA1"><v>1</v></c></row>'


def _calamine_grid(path: Path) -> tuple[int, int]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    laid = rows.to_python(skip_empty_area=False)
    return len(laid), max((len(r) for r in laid), default=0)


def test_the_bound_is_never_smaller_than_the_grid_calamine_lays_out(book: Path) -> None:
    rezip(book, {sheet_part(book): _bomb_rows(CELLS)})
    xml = _bomb_rows(CELLS)
    laid_out = _calamine_grid(book)  # (1, 105): python-calamine reads the second reference

    try:
        rows, columns = _extent(xml, "team.xlsx", "xl/worksheets/sheet1.xml")
    except Exception:  # refused as broken: as safe as a bound at least as large
        return
    assert rows >= laid_out[0] and columns >= laid_out[1]


def test_a_bomb_behind_a_duplicate_reference_is_refused_before_it_is_laid_out(book: Path) -> None:
    rezip(book, {sheet_part(book): _bomb_rows(CELLS)})
    data = book.read_bytes()

    code, result = cli(book)

    # refused before it is laid out: past the bound (exit 2), or damaged (exit 1, a duplicate
    # attribute is not XML), as test_malformed_sheet_xml_is_a_clear_error has it
    assert (code, result["status"]) in {(2, "invalid"), (1, "error")}
    assert "team.xlsx" in messages(result)
    assert "too many columns" in messages(result) or "damaged" in messages(result)
    assert book.read_bytes() == data and not book.with_suffix(".ics").exists()
