"""Report tabs (§8) in Google Sheets: one ``batchUpdate`` that creates or rewrites a tab whole.

A report tab carries the developer metadata :data:`REPORT_KEY` (value: its kind), so a rename
keeps it aibou's. Rewriting it clears its cells (values and formats), deletes its conditional
formats, resizes its grid, writes the rows RAW, sets bold and vertical rows and adds each
colour scale as an ``addConditionalFormatRule`` with a ``gradientRule`` (min: the number
``min_value``; max: the range's maximum). Everything happens in that one request, so the tab
is never seen half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aibou.domain.report.tabs import ColorScale, ReportTab

__all__ = ["REPORT_KEY", "report_requests"]

#: Developer-metadata key tagging a tab as aibou's report of a kind.
REPORT_KEY = "aibou.report"
#: Rows and columns of headroom beyond a report's data.
SPARE_ROWS, SPARE_COLUMNS = 5, 1


def _color(hex_color: str) -> dict[str, float]:
    """``#RRGGBB`` as a Sheets ``Color``.

    >>> _color("#FF8000")
    {'red': 1.0, 'green': 0.502, 'blue': 0.0}
    """
    value = hex_color.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 3), "green": round(green, 3), "blue": round(blue, 3)}


def _gradient(sheet_id: int, scale: ColorScale) -> dict[str, Any]:
    return {
        "addConditionalFormatRule": {
            "index": 0,
            "rule": {
                "ranges": [
                    {
                        "sheetId": sheet_id,
                        "startRowIndex": scale.first_row - 1,
                        "endRowIndex": scale.last_row,
                        "startColumnIndex": scale.first_column - 1,
                        "endColumnIndex": scale.last_column,
                    }
                ],
                "gradientRule": {
                    "minpoint": {
                        "type": "NUMBER",
                        "value": str(scale.min_value),
                        "color": _color(scale.min_color),
                    },
                    "maxpoint": {"type": "MAX", "color": _color(scale.max_color)},
                },
            },
        }
    }


def _row_format(sheet_id: int, row: int, fmt: dict[str, Any], fields: str) -> dict[str, Any]:
    return {
        "repeatCell": {
            "range": {"sheetId": sheet_id, "startRowIndex": row - 1, "endRowIndex": row},
            "cell": {"userEnteredFormat": fmt},
            "fields": fields,
        }
    }


def report_requests(
    tab: ReportTab,
    sheet_id: int,
    *,
    existing: Mapping[str, Any] | None,
    cell: Callable[[Any], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The ``batchUpdate`` requests that make tab ``sheet_id`` hold ``tab`` and nothing else.

    ``existing`` is the tab's ``sheets[]`` resource (properties and ``conditionalFormats``)
    when it is aibou's already, else ``None`` (the tab is added and tagged). ``cell`` turns a
    value into ``CellData`` (RAW, cut to the cell limit).
    """
    height = max(len(tab.rows), 1) + SPARE_ROWS
    width = max((len(r) for r in tab.rows), default=1) + SPARE_COLUMNS
    if existing is None:
        requests = _new_tab(tab, sheet_id, height, width)
    else:
        requests = _cleared_tab(tab, sheet_id, existing, height, width)
    requests.append(
        {
            "updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [cell(v) for v in row]} for row in tab.rows],
                "fields": "userEnteredValue",
            }
        }
    )
    bold = "userEnteredFormat.textFormat.bold"
    requests += [_row_format(sheet_id, r, {"textFormat": {"bold": True}}, bold)
                 for r in tab.bold_rows]  # fmt: skip
    requests += [
        _row_format(sheet_id, r, {"textRotation": {"angle": 90}}, "userEnteredFormat.textRotation")
        for r in tab.vertical_rows
    ]
    requests += [_gradient(sheet_id, scale) for scale in tab.color_scales]
    requests.append(
        {
            "autoResizeDimensions": {
                "dimensions": {
                    "sheetId": sheet_id,
                    "dimension": "COLUMNS",
                    "startIndex": 0,
                    "endIndex": 2,
                }
            }
        }
    )
    return requests


def _new_tab(tab: ReportTab, sheet_id: int, height: int, width: int) -> list[dict[str, Any]]:
    """A new report tab of ``height`` × ``width``, tagged as aibou's."""
    grid = {"rowCount": height, "columnCount": width, "frozenRowCount": 0}
    return [
        {"addSheet": {"properties": {"sheetId": sheet_id, "title": tab.title,
                                     "gridProperties": grid}}},
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": REPORT_KEY, "metadataValue": tab.kind,
            "location": {"sheetId": sheet_id}, "visibility": "DOCUMENT",
        }}},
    ]  # fmt: skip


def _cleared_tab(
    tab: ReportTab, sheet_id: int, existing: Mapping[str, Any], height: int, width: int
) -> list[dict[str, Any]]:
    """aibou's report tab emptied (values, formats, rules), grown to fit, renamed if need be."""
    old = existing.get("properties", {}).get("gridProperties", {})
    grown = {
        "rowCount": max(height, old.get("rowCount", 0)),
        "columnCount": max(width, old.get("columnCount", 0)),
    }
    rules = existing.get("conditionalFormats", [])
    requests: list[dict[str, Any]] = [
        {"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": i}}
        for i in reversed(range(len(rules)))
    ]
    requests += [
        {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": grown},
                                   "fields": "gridProperties(rowCount,columnCount)"}},
        {"updateCells": {"range": {"sheetId": sheet_id},
                         "fields": "userEnteredValue,userEnteredFormat"}},
    ]  # fmt: skip
    if existing.get("properties", {}).get("title") != tab.title:
        requests.append(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "title": tab.title},
                    "fields": "title",
                }
            }
        )
    return requests


def find_report(sheets: Sequence[Mapping[str, Any]], kind: str) -> Mapping[str, Any] | None:
    """The ``sheets[]`` resource tagged as aibou's ``kind`` report, whatever its title."""
    for sheet in sheets:
        for meta in sheet.get("developerMetadata", []):
            if meta.get("metadataKey") == REPORT_KEY and meta.get("metadataValue") == kind:
                return sheet
    return None
