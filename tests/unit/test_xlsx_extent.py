"""The grid a worksheet part lays out: the fast scan agrees with the streaming parse.

A hostile workbook is refused by the size of the grid python-calamine would lay its cells out
in, before it is laid out (tests/integration/test_hostile_workbooks.py). That size is found by
a few scans (``_plain_extent``) when the part is written the plain way every spreadsheet
program writes it, and otherwise by a streaming parse (``_parsed_extent``). The scans must
never vouch for a grid the parse would not give: for any part they agree or step aside.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aibou.local.xlsx import _parsed_extent, _plain_extent

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
END = "</row></sheetData></worksheet>"

letters = st.sampled_from(["A", "b", "Z", "AA", "cz", "XFD"])
numbers = st.integers(1, 1_200_000).map(str)
spaces = st.sampled_from([" ", " ", " ", "\n", "\t", "  "])
quotes = st.sampled_from(['"', '"', '"', "'"])


@st.composite
def reference(draw: st.DrawFn, *, row: bool) -> str:
    """An ``r`` attribute as some writer (or an attacker) might write it, or none."""
    if draw(st.integers(0, 9)) == 0:
        return ""
    value = draw(numbers) if row else draw(letters) + draw(numbers)
    quote = draw(quotes)
    name = draw(st.sampled_from(["r", "r", "r", "x:r"]))
    equals = draw(st.sampled_from(["=", "=", " = "]))
    before = draw(st.sampled_from(["", "", ' s="1"', ' t="n"']))
    seconds = [f'{space}{name}="XFD9"' for space in " \t\n" for name in ("r", "x:r")]
    after = draw(st.sampled_from(["", "", ' s="2"', ' t="n"', ' x="r=&quot;"', *seconds]))
    first = before.strip() + " " if before else ""
    return f"{draw(spaces)}{first}{name}{equals}{quote}{value}{quote}{after}"


@st.composite
def cell(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["c", "c", "c", "x:c"]))
    attributes = draw(reference(row=False))
    if draw(st.booleans()):
        return f"<{tag}{attributes}/>"
    text = draw(st.sampled_from(["1", "a > b", ' r="ZZ9"', "x"]))
    return f"<{tag}{attributes}><v>{text}</v></{tag}>"


@st.composite
def worksheet(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(st.sampled_from(["row", "row", "row", "x:row"]))
        cells = "".join(draw(st.lists(cell(), max_size=4)))
        rows.append(f"<{tag}{draw(reference(row=True))}>{cells}</{tag}>")
    extra = draw(st.sampled_from(["", "", "<!-- <c r='XFD1'/> -->", "<?pi x?>"]))
    body = f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">{extra}<sheetData>{"".join(rows)}'
    return f'<?xml version="1.0"?>{body}</sheetData></worksheet>'.encode()


@settings(max_examples=400, deadline=None)
@given(worksheet())
@example(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"/><c/>{END}'.encode())
@example(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"\tr="XFD1"/>{END}'.encode())
@example(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"\nr="XFD1"/>{END}'.encode())
@example(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" r= "XFD1"/>{END}'.encode())
@example(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" r=\t"XFD1"/>{END}'.encode())
def test_the_plain_scan_agrees_with_the_parse_or_steps_aside(xml: bytes) -> None:
    try:
        parsed = _parsed_extent(xml, "team.xlsx", "xl/worksheets/sheet1.xml")
    except Exception:  # a part the parse refuses as broken: the scan must not vouch for it
        parsed = None
    plain = _plain_extent(xml)
    assert plain is None or plain == parsed


def test_a_part_as_spreadsheet_programs_write_it_takes_the_plain_scan() -> None:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        '<dimension ref="A1:D3"/><sheetData><row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c>'
        '<c r="D1" s="1"/></row><row r="3"><c r="B3" t="inlineStr"><is><t>a&amp;b</t></is></c>'
        "</row></sheetData></worksheet>"
    ).encode()

    assert _plain_extent(xml) == (3, 4) == _parsed_extent(xml, "team.xlsx", "sheet1.xml")


def test_a_tab_aibou_wrote_takes_the_plain_scan() -> None:
    """aibou's own tabs declare ``xmlns:r`` (a namespace, not an ``r`` attribute)."""
    from aibou.local.sheetxml import new_sheet

    xml = new_sheet([["グループ", "メール"], [1, "a@x.jp"], [1, "b@x.jp", ""]], header_style=1,
                    frozen=True)  # fmt: skip

    assert _plain_extent(xml) == (3, 3) == _parsed_extent(xml, "team.xlsx", "sheet2.xml")
