"""The worksheet XML aibou writes: every cell holds its own value, RAW, however often it repeats."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibou.domain.sheet.cells import column_letter
from aibou.local.sheetxml import new_sheet, set_cells

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def cells(xml: bytes) -> dict[str, tuple[str | None, str | None, str]]:
    """{reference: (type, style, text)} as a spreadsheet reads the part."""
    found = {}
    for c in ET.fromstring(xml).iterfind(".//m:sheetData/m:row/m:c", NS):
        text = "".join(t.text or "" for t in c.iter() if t.tag.endswith(("}t", "}v")))
        found[c.get("r")] = (c.get("t"), c.get("s"), text)
    return found


def test_a_repeated_value_is_in_every_cell_and_styled_only_in_the_header() -> None:
    rows = [["職能", "x"], ["職能", "x"], ["職能", " x "], ["<b>", "x"]]
    got = cells(new_sheet(rows, header_style=3, frozen=True))
    assert got["A1"] == ("inlineStr", "3", "職能") and got["B1"] == ("inlineStr", "3", "x")
    assert got["A2"] == got["A3"] == ("inlineStr", None, "職能")
    assert got["B3"] == ("inlineStr", None, " x ") and got["A4"] == ("inlineStr", None, "<b>")


def test_values_that_compare_equal_keep_their_own_cells() -> None:
    instant = datetime(2027, 1, 4, 9, tzinfo=UTC)
    tokyo = instant.astimezone(timezone(timedelta(hours=9)))
    rows = [["h"] * 4, [1, 0.0, True, instant], [1.0, -0.0, 1, tokyo]]
    got = cells(new_sheet(rows, header_style=None, frozen=False))
    assert [got[r][2] for r in ("A2", "A3", "B2", "B3", "C2", "C3")] == [
        "1", "1.0", "0.0", "-0.0", "1", "1",
    ]  # fmt: skip
    assert got["C2"][0] == "b" and got["C3"][0] is None  # a boolean, then a number
    assert got["D2"][2] == "2027-01-04T09:00:00+00:00"
    assert got["D3"][2] == "2027-01-04T18:00:00+09:00"


def test_set_cells_keeps_styles_order_and_the_cells_around() -> None:
    sheet = new_sheet([["a", "b", "c"], [1, "x", "y"], [2, "z"]], header_style=5, frozen=True)
    updated = set_cells(sheet, {(1, 3): "C!", (2, 2): "=HYPERLINK(1)", (3, 4): "new", (5, 1): 7})
    assert updated is not None
    got = cells(updated)
    assert got["C1"] == ("inlineStr", "5", "C!") and got["A1"] == ("inlineStr", "5", "a")
    assert got["B2"] == ("inlineStr", None, "=HYPERLINK(1)") and got["C2"][2] == "y"
    assert got["D3"][2] == "new" and got["A5"] == (None, None, "7")
    assert list(got) == ["A1", "B1", "C1", "A2", "B2", "C2", "A3", "B3", "D3", "A5"]


_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
)


def _prefixed(xml: bytes) -> bytes:
    """The same part with every element in the ``x:`` prefix, as some programs write it."""
    text = re.sub(r"<(/?)(?!\?)(\w+)", r"<\1x:\2", xml.decode())
    return text.replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="', 1).encode()


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(_VALUES, max_size=5), min_size=1, max_size=6),
    updates=st.dictionaries(
        st.tuples(st.integers(1, 9), st.integers(1, 7)), _VALUES, min_size=1, max_size=8
    ),
    prefixed=st.booleans(),
)
def test_set_cells_reads_back_as_the_rows_with_the_cells_set(
    rows: list[list[object]], updates: dict[tuple[int, int], object], prefixed: bool
) -> None:
    """Every cell set reads back as its value, every other cell as it was, rows in order."""
    sheet = new_sheet(rows, header_style=2, frozen=True)  # type: ignore[arg-type]
    updated = set_cells(_prefixed(sheet) if prefixed else sheet, updates)  # type: ignore[arg-type]
    assert updated is not None
    expected = {
        (r, c): value for r, row in enumerate(rows, start=1) for c, value in enumerate(row, start=1)
    }
    expected |= updates
    plain = updated.replace(b"xmlns:x=", b"xmlns=").replace(b"<x:", b"<").replace(b"</x:", b"</")
    got = cells(plain)
    for (r, c), value in expected.items():
        _, style, text = got[f"{column_letter(c)}{r}"]
        assert text == cells(new_sheet([[value]], header_style=None, frozen=False))["A1"][2]
        assert style == ("2" if r == 1 and c <= len(rows[0]) else None)
    numbers = [int(n) for n in re.findall(rb'<(?:x:)?row r="(\d+)"', updated)]
    assert numbers == sorted(set(numbers))


@pytest.mark.parametrize(
    "data",
    [
        '<row r="1"><c r="A1"><v>1</v></c></row><!-- <c r="C1"/> --><row r="2"/>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<row r="5"><c r="B5"/></row>]]>'
        "</t></is></c></row>",
        '<row r="1"><extLst><ext uri="u"><y:z xmlns:y="q"/></ext></extLst></row ><row r="2"/>',
        '<row r="1"></row ><row r="2"/>',
        '<?x <row r="2"> ?><row r="1"/>',
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row>',
    ],
    ids=[
        "comment",
        "cdata",
        "end-tag-space-after-child",
        "end-tag-space",
        "instruction",
        "one-number-twice",
    ],
)
def test_set_cells_refuses_sheet_data_it_cannot_place_cells_in_for_sure(data: str) -> None:
    """A shape spreadsheet programs do not write is refused (the user is told, nothing is
    written), never written half-right or broken."""
    sheet = f'<worksheet xmlns="{NS["m"]}"><sheetData>{data}</sheetData></worksheet>'.encode()
    assert set_cells(sheet, {(1, 3): "x", (2, 2): "y", (5, 2): "z"}) is None
