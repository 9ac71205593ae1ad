"""Report tabs (§8) in an ``.xlsx`` workbook, as zip parts: created, or rewritten whole.

A report tab is tagged with the hidden, sheet-scoped defined name :data:`REPORT_TAG` (its
kind), so a rename keeps it aibou's. Only a tagged tab is ever rewritten; a tab of the same
title that aibou did not write is left alone and the write refused. :func:`report_parts` gives
the parts to add or change (the tab's worksheet part; the workbook part, relationships and
content types for a new tab; the styles when a bold or vertical cell format is missing); the
workbook adapter copies every other part unchanged. The colour scale is a ``colorScale``
conditional format (ECMA-376 §18.3.1.16), what openpyxl's ``ColorScaleRule`` writes.
"""

from __future__ import annotations

import re
import zipfile
from xml.sax.saxutils import quoteattr

from aibou.domain.report.tabs import ColorScale, ReportTab
from aibou.domain.sheet.cells import column_letter
from aibou.errors import AibouError
from aibou.local import sheetxml
from aibou.local.messages import text
from aibou.local.xlsx import (
    CONTENT_TYPES,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    Package,
    Tab,
    tagged_tabs,
)

__all__ = ["REPORT_TAG", "find_report_tab", "report_parts", "report_sheet"]

#: The defined name that tags a tab as aibou's report of a kind (``participation``, ``coverage``).
REPORT_TAG = "aibou_report"
#: Widest column aibou sets when sizing the columns of a report tab.
MAX_COLUMN_WIDTH = 40
#: Width of the grid's count columns.
GRID_COLUMN_WIDTH = 6
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BOLD_FONT = "<{p}font><{p}b/></{p}font>"


def find_report_tab(archive: zipfile.ZipFile, package: Package, kind: str) -> Tab | None:
    """The tab aibou tagged as its ``kind`` report, whatever it is called now."""
    return next((t for t in tagged_tabs(archive, package, REPORT_TAG) if t.tag == kind), None)


def report_parts(archive: zipfile.ZipFile, package: Package, tab: ReportTab) -> dict[str, bytes]:
    """The parts to set so the workbook holds ``tab``: aibou's tab of its kind rewritten whole,
    or a new tab last. A tagged tab under another title takes ``tab.title`` when it is free
    (the sheet's language changed).

    Raises
    ------
    AibouError
        If a tab titled ``tab.title`` exists that aibou did not tag as this report.
    """
    changed: dict[str, bytes] = {}
    folder = package.workbook_part.rpartition("/")[0]
    styles_part = f"{folder}/styles.xml"
    bold = vertical = None
    if styles_part in package.names:
        styles = archive.read(styles_part)
        found = _ensure_styles(styles)
        if found is not None:
            updated, bold, vertical = found
            if updated != styles:
                changed[styles_part] = updated
    sheet = report_sheet(tab, bold, vertical)
    ours = find_report_tab(archive, package, tab.kind)
    if ours is not None:
        changed[ours.part] = sheet
        if ours.title != tab.title and package.tab(tab.title) is None:
            workbook = archive.read(package.workbook_part)
            changed[package.workbook_part] = _rename(workbook, ours.index, tab.title)
        return changed
    if package.tab(tab.title) is not None:
        raise AibouError(text("report_not_ours", title=tab.title))
    number = len(package.tabs) + 1
    while f"{folder}/worksheets/sheet{number}.xml" in package.names:
        number += 1
    part = f"{folder}/worksheets/sheet{number}.xml"
    changed[part] = sheet
    changed[package.rels_part], rel_id = sheetxml.add_relationship(
        archive.read(package.rels_part), f"worksheets/sheet{number}.xml", WORKSHEET_TYPE
    )
    changed[package.workbook_part] = sheetxml.add_sheet_entry(
        archive.read(package.workbook_part), tab.title, rel_id, (REPORT_TAG, tab.kind)
    )
    changed[CONTENT_TYPES] = sheetxml.add_content_type(
        archive.read(CONTENT_TYPES), part, WORKSHEET_CONTENT
    )
    return changed


def report_sheet(tab: ReportTab, bold: int | None, vertical: int | None) -> bytes:
    """The worksheet part of ``tab``: its rows RAW, bold and vertical rows in those cell
    formats (``None``: plain), columns sized to fit, and its colour scales.

    >>> from aibou.domain.report.tabs import ColorScale, ReportTab
    >>> xml = report_sheet(ReportTab("coverage", "C", (("a", 1),), (1,), (ColorScale(1, 2, 1, 2),)), 5, None)
    >>> b'<c r="A1" s="5" t="inlineStr">' in xml, b'<conditionalFormatting sqref="B1:B1">' in xml
    (True, True)
    """  # noqa: E501
    styles = {r: bold for r in tab.bold_rows if bold}
    styles |= {r: vertical for r in tab.vertical_rows if vertical}
    lines = []
    for r, row in enumerate(tab.rows, start=1):
        style = styles.get(r)
        cells = "".join(
            sheetxml.cell_xml(f"{column_letter(c)}{r}", value, style)
            for c, value in enumerate(row, start=1)
        )
        lines.append(f'<row r="{r}">{cells}</row>' if cells else f'<row r="{r}"/>')
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
        for c, w in sorted(_widths(tab).items())
    )
    formats = "".join(_color_scale(scale, priority) for priority, scale in
                      enumerate(tab.color_scales, start=1))  # fmt: skip
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>{''.join(lines)}</sheetData>"
        f"{formats}</worksheet>"
    )
    return xml.encode()


def _color_scale(scale: ColorScale, priority: int) -> str:
    return (
        f'<conditionalFormatting sqref="{scale.a1}"><cfRule type="colorScale" '
        f'priority="{priority}"><colorScale><cfvo type="num" val="{scale.min_value}"/>'
        f'<cfvo type="max"/><color rgb="{_argb(scale.min_color)}"/>'
        f'<color rgb="{_argb(scale.max_color)}"/></colorScale></cfRule></conditionalFormatting>'
    )


def _argb(color: str) -> str:
    """``#RRGGBB`` as ``FFRRGGBB``.

    >>> _argb("#57bb8a")
    'FF57BB8A'
    """
    return "FF" + color.lstrip("#").upper()


def _widths(tab: ReportTab) -> dict[int, int]:
    widths: dict[int, int] = {}
    for r, row in enumerate(tab.rows, start=1):
        if len(row) == 1 or r in tab.vertical_rows:
            continue  # a sentence across the tab overflows; vertical text needs no width
        for c, value in enumerate(row, start=1):
            widths[c] = max(widths.get(c, 0), sheetxml.display_width(value))
    return {c: min(max(w, GRID_COLUMN_WIDTH) + 2, MAX_COLUMN_WIDTH) for c, w in widths.items()}


def _ensure_styles(styles: bytes) -> tuple[bytes, int, int] | None:
    """``styles.xml`` holding a bold and a bold vertical cell format, and their indexes.

    Formats aibou added before are found again, so rewriting a report adds nothing.
    ``None`` when the part has no font or cell format list to add to.
    """
    xml = styles.decode("utf-8")
    p = sheetxml.prefix(xml, "fonts")
    fonts = re.search(rf"<{p}fonts\b[^>]*>(.*?)</{p}fonts>", xml, re.DOTALL)
    xfs = re.search(rf"<{p}cellXfs\b[^>]*>(.*?)</{p}cellXfs>", xml, re.DOTALL)
    if not fonts or not xfs:
        return None
    font_list = re.findall(rf"<{p}font\b(?:[^>]*/>|.*?</{p}font>)", fonts.group(1), re.DOTALL)
    bold_font = _BOLD_FONT.format(p=p)
    if bold_font in font_list:
        font_id = font_list.index(bold_font)
    else:
        font_id = len(font_list)
        xml = _append(xml, p, "fonts", bold_font, font_id + 1)
    indexes = []
    xf_list: list[str] = []
    for alignment in ("", f'<{p}alignment textRotation="90"/>'):
        attrs = f'numFmtId="0" fontId="{font_id}" fillId="0" borderId="0" xfId="0" applyFont="1"'
        xf = (
            f'<{p}xf {attrs} applyAlignment="1">{alignment}</{p}xf>'
            if alignment
            else f"<{p}xf {attrs}/>"
        )
        block = re.search(rf"<{p}cellXfs\b[^>]*>(.*?)</{p}cellXfs>", xml, re.DOTALL)
        if block is not None:  # found above, and only appended to since
            xf_list = re.findall(rf"<{p}xf\b(?:[^>]*/>|.*?</{p}xf>)", block.group(1), re.DOTALL)
        if xf in xf_list:
            indexes.append(xf_list.index(xf))
        else:
            indexes.append(len(xf_list))
            xml = _append(xml, p, "cellXfs", xf, len(xf_list) + 1)
    return xml.encode("utf-8"), indexes[0], indexes[1]


def _append(xml: str, p: str, element: str, entry: str, count: int) -> str:
    """``entry`` added last in ``<element>``, its ``count`` attribute set to ``count``."""
    at = xml.index(f"</{p}{element}>")
    xml = xml[:at] + entry + xml[at:]
    return re.sub(rf'(<{p}{element}\b[^>]*?count=")\d+', rf"\g<1>{count}", xml, count=1)


def _rename(workbook: bytes, index: int, title: str) -> bytes:
    """The workbook part with its ``index``-th ``<sheet>`` called ``title``."""
    xml = workbook.decode("utf-8")
    p = sheetxml.prefix(xml, "sheets")
    found = list(re.finditer(rf"<{p}sheet\b[^>]*>", xml))
    element = found[index].group(0)
    renamed = re.sub(r'\bname=("[^"]*"|\'[^\']*\')', lambda _: f"name={quoteattr(title)}",
                     element, count=1)  # fmt: skip
    start, end = found[index].span()
    return (xml[:start] + renamed + xml[end:]).encode("utf-8")
