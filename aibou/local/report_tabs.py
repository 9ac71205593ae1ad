"""Report tabs (§8) in an ``.xlsx`` workbook (openpyxl): created or rewritten whole.

A report tab is tagged with the sheet-scoped defined name :data:`REPORT_TAG` (its kind), so a
rename keeps it aibou's. Only a tagged tab is ever cleared; a tab of the same title that aibou
did not write is left alone and the write refused. The caller loads and saves the workbook
(atomically, under its lock); this module only edits the openpyxl object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aibou.domain.report.tabs import ColorScale, ReportTab
from aibou.errors import AibouError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["REPORT_TAG", "find_report_tab", "write_report_tab"]

#: The defined name that tags a tab as aibou's report of a kind (``participation``, ``coverage``).
REPORT_TAG = "aibou_report"
#: Characters from here on (CJK and beyond) take two columns' width in a spreadsheet.
WIDE_FROM = 0x2E80
#: Widest column aibou sets when sizing the columns of a report tab.
MAX_COLUMN_WIDTH = 40
#: Width of the grid's count columns.
GRID_COLUMN_WIDTH = 6


def find_report_tab(book: Workbook, kind: str) -> Worksheet | None:
    """The tab aibou tagged as its ``kind`` report, whatever it is called now."""
    for ws in book.worksheets:
        tag = ws.defined_names.get(REPORT_TAG)
        if tag is not None and (tag.attr_text or "").strip('"') == kind:
            return ws
    return None


def write_report_tab(book: Workbook, tab: ReportTab) -> Worksheet:
    """Create the report tab ``tab`` in ``book``, or rewrite aibou's tab of its kind whole.

    Every value is written RAW (text stays text, even ``=...``); rows in ``tab.bold_rows`` are
    bold; each of ``tab.color_scales`` becomes a ``ColorScaleRule`` (the lowest colour at
    ``min_value``, the highest at the range's maximum). A tagged tab under another title is
    renamed to ``tab.title`` when that title is free (the sheet's language changed).

    Raises
    ------
    AibouError
        If a tab titled ``tab.title`` exists that aibou did not tag as this report: aibou
        never changes a tab it did not write. Nothing is changed then.
    """
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.defined_name import DefinedName

    ws = find_report_tab(book, tab.kind)
    if ws is None:
        if tab.title in book.sheetnames:
            raise AibouError(
                f"The workbook has a tab named '{tab.title}' that aibou did not write; rename "
                "or delete it so aibou can write its report there."
            )
        ws = book.create_sheet(tab.title)
        ws.defined_names[REPORT_TAG] = DefinedName(REPORT_TAG, attr_text=f'"{tab.kind}"')
    else:
        if ws.title != tab.title and tab.title not in book.sheetnames:
            ws.title = tab.title
        if ws.max_row:
            ws.delete_rows(1, ws.max_row)
        for merged in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(merged))
        ws.conditional_formatting = ConditionalFormattingList()
    for r, row in enumerate(tab.rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # RAW: a string starting with "=" stays text
    bold = Font(bold=True)
    for r in tab.bold_rows:
        for cell in ws[r]:
            cell.font = bold
    vertical = Alignment(text_rotation=90)
    for r in tab.vertical_rows:
        for cell in ws[r]:
            cell.alignment = vertical
    for scale in tab.color_scales:
        ws.conditional_formatting.add(scale.a1, _rule(scale))
    _size_columns(ws, tab)
    return ws


def _rule(scale: ColorScale) -> object:
    from openpyxl.formatting.rule import ColorScaleRule

    return ColorScaleRule(
        start_type="num",
        start_value=scale.min_value,
        start_color=_argb(scale.min_color),
        end_type="max",
        end_color=_argb(scale.max_color),
    )


def _argb(color: str) -> str:
    """``#RRGGBB`` as openpyxl's ``FFRRGGBB``."""
    return "FF" + color.lstrip("#").upper()


def _size_columns(ws: Worksheet, tab: ReportTab) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for r, row in enumerate(tab.rows, start=1):
        if len(row) == 1 or r in tab.vertical_rows:
            continue  # a sentence across the tab overflows; vertical text needs no width
        for c, value in enumerate(row, start=1):
            widths[c] = max(widths.get(c, 0), _display_width(value))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(
            max(width, GRID_COLUMN_WIDTH) + 2, MAX_COLUMN_WIDTH
        )


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) >= WIDE_FROM else 1 for ch in text)
