"""Worksheet XML that aibou writes: a new tab, cells set in a tab, and the entries that list it.

Every value is written RAW: strings as inline strings (a leading ``=`` stays text, never a
formula), numbers as numbers, booleans as booleans, dates as ISO text. Edits to existing parts
(the workbook, its relationships, the content types, the styles, a worksheet) are insertions
into their text, so every namespace, extension and byte aibou does not touch stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from xml.sax.saxutils import escape, quoteattr

from aibou.domain.sheet.cells import column_letter
from aibou.ports import Cell

__all__ = [
    "add_bold_style",
    "add_content_type",
    "add_relationship",
    "add_sheet_entry",
    "new_sheet",
    "set_cells",
]

#: Characters from here on (CJK and beyond) take two columns' width in a spreadsheet.
WIDE_FROM = 0x2E80
#: Widest column aibou sets when sizing the columns of its tab.
MAX_COLUMN_WIDTH = 60
_WIDE = re.compile(f"[{chr(WIDE_FROM)}-{chr(0x10FFFF)}]")
#: Characters XML 1.0 cannot carry (control characters other than tab and newlines): a
#: string cell is written without them.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Where a reader of a string cell decodes one character (``_x0041_`` is ``A``): escaped as
#: ``_x005F_`` (the underscore).
_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell_xml(ref: str, value: Cell, style: int | None = None) -> str:
    """One ``<c>`` element holding ``value`` RAW.

    >>> cell_xml("B2", '=HYPERLINK("x")')
    '<c r="B2" t="inlineStr"><is><t>=HYPERLINK("x")</t></is></c>'
    >>> cell_xml("A1", 3, style=1), cell_xml("C1", None)
    ('<c r="A1" s="1"><v>3</v></c>', '<c r="C1"/>')
    >>> cell_xml("D1", "a_x0041_")  # read back as written, not as "aA"
    '<c r="D1" t="inlineStr"><is><t>a_x005F_x0041_</t></is></c>'
    """
    return f'<c r="{ref}{_after_ref(value, style)}'


def _after_ref(value: Cell, style: int | None) -> str:
    """What follows the reference in :func:`cell_xml`: the same for every cell of one value."""
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'"{s}/>'
    if isinstance(value, bool):
        return f'"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'"{s}><v>{value!r}</v></c>'
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    content = ILLEGAL.sub("", str(value))
    if "_x" in content:  # readers decode _xHHHH_ (ECMA-376 ST_Xstring): keep it as written
        content = _ESCAPED.sub("_x005F_", content)
    space = ' xml:space="preserve"' if content != content.strip() else ""
    return f'"{s} t="inlineStr"><is><t{space}>{escape(content)}</t></is></c>'


def new_sheet(rows: Sequence[Sequence[Cell]], *, header_style: int | None, frozen: bool) -> bytes:
    """A worksheet part holding ``rows`` (row 1 first), columns sized to fit, row 1 frozen."""
    letters = [column_letter(c) for c in range(1, max(map(len, rows), default=0) + 1)]
    widths = [8] * len(letters)
    # a tab repeats many texts (labels, slots, notes): each one's XML and width made once (only
    # texts: 0.0 and -0.0, or one instant in two zones, are equal keys but not equal cells)
    header: dict[str, tuple[str, int]] = {}
    body: dict[str, tuple[str, int]] = {}
    lines = []
    for r, row in enumerate(rows, start=1):
        style, made = (header_style, header) if r == 1 else (None, body)
        cells = []
        for c, value in enumerate(row):
            if type(value) is str:
                found = made.get(value)
                if found is None:
                    found = made[value] = (_after_ref(value, style), _display_width(value))
                after, width = found
            else:
                after, width = _after_ref(value, style), _display_width(value)
            if width > widths[c]:
                widths[c] = width
            cells.append(f'<c r="{letters[c]}{r}{after}')
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    pane = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
        "</sheetViews>"
        if frozen
        else ""
    )
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{min(w + 2, MAX_COLUMN_WIDTH)}" customWidth="1"/>'
        for c, w in enumerate(widths, start=1)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">{pane}'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )
    return xml.encode()


def _display_width(value: object) -> int:
    content = "" if value is None else str(value)
    if content.isascii():
        return len(content)
    return len(content) + len(_WIDE.findall(content))


def display_width(value: object) -> int:
    """Columns ``value`` takes in a spreadsheet (CJK and beyond count two).

    >>> display_width("相棒 ab"), display_width(None)
    (7, 0)
    """
    return _display_width(value)


def prefix(xml: str, element: str) -> str:
    """The namespace prefix (``x:`` or empty) the part uses for ``element``."""
    return _prefix(xml, element)


def _prefix(xml: str, element: str) -> str:
    """The namespace prefix (``x:`` or empty) the part uses for ``element``."""
    match = re.search(rf"<(\w+:)?{element}[\s>/]", xml)
    return match.group(1) or "" if match else ""


def add_sheet_entry(workbook: bytes, title: str, rel_id: str, tag: tuple[str, str] | None) -> bytes:
    """``workbook.xml`` with one more ``<sheet>`` last, and ``tag`` as a hidden defined name
    (name, value) scoped to it."""
    xml = workbook.decode("utf-8")
    p = _prefix(xml, "sheets")
    r = re.search(r'xmlns:(\w+)="' + re.escape(_RELS) + '"', xml)
    r_prefix = r.group(1) if r else "r"
    declare = "" if r else f' xmlns:r="{_RELS}"'
    index = len(re.findall(rf"<{p}sheet[\s/>]", xml))
    ids = [int(i) for i in re.findall(rf'<{p}sheet\b[^>]*\bsheetId="(\d+)"', xml)]
    sheet = (
        f'<{p}sheet name={quoteattr(title)} sheetId="{max(ids, default=0) + 1}" '
        f'{r_prefix}:id="{rel_id}"{declare}/>'
    )
    xml = _insert_before(xml, f"</{p}sheets>", sheet)
    if tag is not None:
        name, value = tag
        defined = (
            f'<{p}definedName name="{name}" localSheetId="{index}" hidden="1">'
            f'"{escape(value)}"</{p}definedName>'
        )
        empty = f"<{p}definedNames></{p}definedNames>"
        xml = re.sub(rf"<{p}definedNames\s*/>", empty, xml, count=1)
        if f"</{p}definedNames>" not in xml:  # schema order: sheets, externalReferences, names
            last = f"</{p}externalReferences>" if f"</{p}externalReferences>" in xml else None
            xml = _insert_before(xml, last or f"</{p}sheets>", "", after=empty)
        xml = _insert_before(xml, f"</{p}definedNames>", defined)
    return xml.encode("utf-8")


def _insert_before(xml: str, marker: str, text: str, *, after: str = "") -> str:
    """``text`` put just before the first ``marker``, ``after`` just after it."""
    at = xml.index(marker)
    return xml[:at] + text + marker + after + xml[at + len(marker) :]


def add_relationship(rels: bytes, target: str, kind: str) -> tuple[bytes, str]:
    """The relationships part with one more relationship; and its new id."""
    xml = rels.decode("utf-8")
    taken = set(re.findall(r'\bId="([^"]+)"', xml))
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rel_id = f"rId{number}"
    p = _prefix(xml, "Relationships")
    entry = f'<{p}Relationship Id="{rel_id}" Type="{kind}" Target={quoteattr(target)}/>'
    return _insert_before(xml, f"</{p}Relationships>", entry).encode("utf-8"), rel_id


def add_content_type(types: bytes, part: str, content_type: str) -> bytes:
    """``[Content_Types].xml`` with an override for ``part`` (a zip entry name)."""
    xml = types.decode("utf-8")
    p = _prefix(xml, "Types")
    entry = f'<{p}Override PartName={quoteattr("/" + part)} ContentType="{content_type}"/>'
    return _insert_before(xml, f"</{p}Types>", entry).encode("utf-8")


def add_bold_style(styles: bytes) -> tuple[bytes, int] | None:
    """``styles.xml`` with a bold cell format added last; and its index (``None``: not found)."""
    xml = styles.decode("utf-8")
    p = _prefix(xml, "fonts")
    fonts = re.search(rf'<{p}fonts\b[^>]*?count="(\d+)"[^>]*>', xml)
    xfs = re.search(rf'<{p}cellXfs\b[^>]*?count="(\d+)"[^>]*>', xml)
    if not fonts or not xfs or f"</{p}fonts>" not in xml or f"</{p}cellXfs>" not in xml:
        return None
    font_id, xf_id = int(fonts.group(1)), int(xfs.group(1))
    xml = _insert_before(xml, f"</{p}fonts>", f"<{p}font><{p}b/></{p}font>")
    xml = re.sub(rf'(<{p}fonts\b[^>]*?count=")\d+', rf"\g<1>{font_id + 1}", xml, count=1)
    xf = f'<{p}xf numFmtId="0" fontId="{font_id}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    xml = _insert_before(xml, f"</{p}cellXfs>", xf)
    xml = re.sub(rf'(<{p}cellXfs\b[^>]*?count=")\d+', rf"\g<1>{xf_id + 1}", xml, count=1)
    return xml.encode("utf-8"), xf_id


_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_CELL_RE = r'(<{p}c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</{p}c>))'


def set_cells(sheet: bytes, cells: Mapping[tuple[int, int], Cell]) -> bytes | None:
    """The worksheet part with ``cells`` ({(row, column): value}, 1-based) set RAW.

    A cell keeps its style; rows and cells stay in order, and the rows not set stay byte for
    byte. ``None`` if the part's rows or cells carry no references (``r``), which aibou needs
    to find its place.
    """
    xml = sheet.decode("utf-8")
    p = _prefix(xml, "sheetData")
    if f"<{p}sheetData/>" in xml:
        xml = xml.replace(f"<{p}sheetData/>", f"<{p}sheetData></{p}sheetData>", 1)
    start = xml.find(f"<{p}sheetData>")
    end = xml.find(f"</{p}sheetData>")
    if start < 0 or end < 0:
        return None
    start += len(f"<{p}sheetData>")
    rows = _rows(xml[start:end], p)
    if rows is None:
        return None
    by_row: dict[int, dict[int, Cell]] = {}
    for (r, c), value in cells.items():
        by_row.setdefault(r, {})[c] = value
    cell_re = re.compile(_CELL_RE.format(p=re.escape(p)), re.DOTALL)
    columns: dict[str, int] = {}  # column letters to index, once a call: rows share columns
    at = {r: i for i, (r, _) in enumerate(rows) if r in by_row}
    new: list[tuple[int, str]] = []
    for r, values in by_row.items():
        i = at.get(r)
        updated = _set_in_row(
            rows[i][1] if i is not None else f'<{p}row r="{r}"></{p}row>', r, values, p, cell_re,
            columns,
        )  # fmt: skip
        if updated is None:
            return None
        if i is None:
            new.append((r, updated))
        else:
            rows[i] = (r, updated)
    if new:  # rows the part did not have, each put before the first row after it
        rows = sorted(rows + new, key=lambda row: row[0])
    body = "".join(row for _, row in rows)
    return (xml[:start] + body + xml[end:]).encode("utf-8")


def _rows(data: str, p: str) -> list[tuple[int, str]] | None:
    """The ``<row>`` elements of the sheet data ``data``, each with its number, in order (the
    text between two rows goes with the row before it); ``None`` if a row has no number or the
    data holds something before its first row."""
    tag, end = f"<{p}row", f"</{p}row"
    if "<!" in data or "<?" in data or data.count(end) != data.count(end + ">"):
        return None  # a comment, CDATA, an instruction or "</row >": not split here
    head, *pieces = data.split(tag)  # text has no "<" (it is escaped): each is a row
    if head.strip():
        return None
    rows = []
    for piece in pieces:
        opened = piece.find(">")
        if opened < 0 or (end + ">" not in piece and not piece[:opened].endswith("/")):
            return None
        if piece.startswith(' r="'):  # as aibou and most programs write it
            digits = piece[4 : piece.find('"', 4)]
        else:
            found = _ROW_NUMBER.search(piece, 0, opened)
            digits = found.group(1) if found and piece[:1].isspace() else ""
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 7):
            return None
        rows.append((int(digits), tag + piece))
    if len({number for number, _ in rows}) != len(rows):
        return None  # two rows with one number
    return rows


def _set_in_row(
    row: str,
    r: int,
    values: Mapping[int, Cell],
    p: str,
    cell_re: re.Pattern[str],
    columns: dict[str, int],
) -> str | None:
    """``row`` (a ``<row>`` element, then maybe the text up to the next row) with ``values``
    ({column: value}) set in it."""
    if not p:  # the usual case: each cell to set is there, empty and unstyled, once
        fast = row
        for c, value in values.items():
            ref = f"{column_letter(c)}{r}"
            empty = f'<c r="{ref}"/>'
            if fast.count(empty) != 1:
                break
            fast = fast.replace(empty, cell_xml(ref, value))
        else:
            return fast
    closed = f"</{p}row>"
    close = row.rfind(closed)
    if close < 0:  # <row .../>
        close = row.index("/>")
        row = row[:close] + ">" + closed + row[close + 2 :]
        close += 1
    open_end = row.index(">") + 1
    inner = row[open_end:close]
    found = cell_re.findall(inner)
    if inner.count(f"<{p}c ") + inner.count(f"<{p}c>") != len(found):
        return None
    cells: dict[int, str] = {}
    for cell, letters, _ in found:
        column = columns.get(letters)
        if column is None:
            column = 0
            for letter in letters:
                column = column * 26 + ord(letter) - 64
            columns[letters] = column
        cells[column] = cell
    for c, value in values.items():
        style = re.search(r'\bs="(\d+)"', cells.get(c, "").split(">", 1)[0])
        cell = cell_xml(f"{column_letter(c)}{r}", value, int(style.group(1)) if style else None)
        cells[c] = re.sub(r"<(/?)(c|is|t|v)\b", rf"<\1{p}\2", cell) if p else cell
    body = "".join(cells[c] for c in sorted(cells))
    return row[:open_end] + body + row[close:]
