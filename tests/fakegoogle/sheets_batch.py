"""spreadsheets.batchUpdate: the request kinds aibou and gspread use, applied atomically."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import a1, fieldmask, sheets_formats, sheets_metadata
from .cells import from_extended
from .errors import bad_request, not_implemented
from .sheets_model import DEFAULT_COLS, DEFAULT_ROWS, Sheet, Spreadsheet

Apply = Callable[[Spreadsheet, dict[str, Any], str, str], dict[str, Any] | None]
FORMAT_ONLY_FIELDS = ("userEnteredFormat", "note", "textFormatRuns", "dataValidation", "hyperlink")


def apply_all(
    ss: Spreadsheet, requests: list[dict[str, Any]], email: str
) -> tuple[Spreadsheet, list[dict[str, Any]]]:
    """Apply every request to a copy; the first failure raises and nothing is kept."""
    work = copy.deepcopy(ss)
    replies = []
    for i, request in enumerate(requests):
        kinds = [k for k, v in request.items() if v is not None]
        if not kinds:
            raise bad_request(f"Invalid requests[{i}]: No request set.")
        if len(kinds) > 1:
            raise bad_request(
                f"Invalid JSON payload received. Oneof field 'kind' is already set. Cannot "
                f"set '{kinds[1]}'"
            )
        kind = kinds[0]
        handler = APPLY.get(kind)
        if handler is None:
            raise not_implemented(f"batchUpdate request '{kind}'")
        reply = handler(work, request[kind], f"Invalid requests[{i}].{kind}", email)
        replies.append(reply or {})
    return work, replies


def _sheet(ss: Spreadsheet, sheet_id: int | None, where: str) -> Sheet:
    sheet = ss.by_id(sheet_id or 0)
    if sheet is None:
        raise bad_request(f"{where}: No grid with id: {sheet_id or 0}")
    return sheet


def grid_box(ss: Spreadsheet, rng: dict[str, Any] | None, where: str) -> tuple[Sheet, a1.Box]:
    """A GridRange to its sheet and a bounded box, checked against the grid."""
    rng = rng or {}
    sheet = _sheet(ss, rng.get("sheetId"), where)
    r0, c0 = rng.get("startRowIndex") or 0, rng.get("startColumnIndex") or 0
    r1 = rng.get("endRowIndex")
    c1 = rng.get("endColumnIndex")
    r1 = sheet.rows if r1 is None else r1
    c1 = sheet.cols if c1 is None else c1
    if min(r0, c0, r1, c1) < 0 or r0 > r1 or c0 > c1:
        raise bad_request(f"{where}: Invalid grid range (start index after end index or negative)")
    box = a1.Box(r0, r1, c0, c1)
    if r1 > sheet.rows or c1 > sheet.cols:
        raise bad_request(f"{where}: {sheet.grid_error(box).message}")
    return sheet, box


def _require_fields(req: dict[str, Any], where: str, schema: str | None) -> fieldmask.Tree:
    if not req.get("fields"):
        raise bad_request(f"{where}: At least one field must be specified in 'fields'")
    tree = fieldmask.parse(req["fields"])
    fieldmask.validate("sheets", schema, tree, where)
    return tree


# ------------------------------------------------------------------ sheets


def add_sheet(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> dict[str, Any]:
    props = copy.deepcopy(req.get("properties") or {})
    props = {k: v for k, v in props.items() if v is not None}
    if props.get("sheetType", "GRID") != "GRID":
        raise not_implemented(f"{where}: sheetType {props['sheetType']}")
    title = props.get("title")
    if not title:
        n = len(ss.sheets) + 1
        while ss.title_taken(f"Sheet{n}"):
            n += 1
        title = f"Sheet{n}"
    if ss.title_taken(title):
        raise bad_request(
            f'{where}: A sheet with the name "{title}" already exists. Please enter another name.'
        )
    if "sheetId" in props:
        if props["sheetId"] < 0:
            raise bad_request(f"{where}: sheetId must be non-negative")
        if ss.by_id(props["sheetId"]) is not None:
            raise bad_request(f"{where}: Sheet with ID {props['sheetId']} already exists.")
    else:
        props["sheetId"] = ss.new_sheet_id()
    index = props.pop("index", len(ss.sheets))
    if not 0 <= index <= len(ss.sheets):
        raise bad_request(f"{where}: index ({index}) must be within 0..{len(ss.sheets)}")
    grid = {k: v for k, v in (props.get("gridProperties") or {}).items() if v is not None}
    grid.setdefault("rowCount", DEFAULT_ROWS)
    grid.setdefault("columnCount", DEFAULT_COLS)
    if grid["rowCount"] < 1 or grid["columnCount"] < 1:
        raise bad_request(f"{where}: rowCount and columnCount must be positive")
    props.update(title=title, sheetType="GRID", gridProperties=grid)
    ss.sheets.insert(index, Sheet(props))
    return {"addSheet": {"properties": {**copy.deepcopy(props), "index": index}}}


def delete_sheet(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet_id = req.get("sheetId") or 0
    sheet = ss.by_id(sheet_id)
    if sheet is None:
        raise bad_request(f"{where}: No sheet with id: {sheet_id}")
    if len(ss.sheets) == 1:
        raise bad_request(f"{where}: You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    sheets_metadata.drop_sheet(ss, sheet_id)


def update_sheet_properties(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    tree = _require_fields(req, where, "SheetProperties")
    source = copy.deepcopy(req.get("properties") or {})
    sheet = _sheet(ss, source.get("sheetId"), where)
    old_index = ss.sheets.index(sheet)
    merged = {**copy.deepcopy(sheet.properties), "index": old_index}
    fieldmask.update(merged, source, tree)
    if merged.get("sheetId", 0) != sheet.sheet_id:
        raise bad_request(f"{where}: sheetId cannot be changed")
    title = merged.get("title") or ""
    if not title:
        raise bad_request(f"{where}: title must not be empty")
    if ss.title_taken(title, except_id=sheet.sheet_id):
        raise bad_request(
            f'{where}: A sheet with the name "{title}" already exists. Please enter another name.'
        )
    grid = merged.setdefault("gridProperties", {})
    for key, default in (("rowCount", sheet.rows), ("columnCount", sheet.cols)):
        if grid.get(key) is None:
            grid[key] = default
        if grid[key] < 1:
            raise bad_request(f"{where}: {key} must be positive")
    index = merged.pop("index", None)
    index = old_index if index is None else index
    if not 0 <= index <= len(ss.sheets):
        raise bad_request(f"{where}: index ({index}) must be within 0..{len(ss.sheets)}")
    sheet.properties = {k: v for k, v in merged.items() if v is not None}
    sheet.cells = {
        k: v
        for k, v in sheet.cells.items()
        if k[0] < grid["rowCount"] and k[1] < grid["columnCount"]
    }
    if index != old_index:
        ss.sheets.remove(sheet)
        ss.sheets.insert(index if index < old_index else index - 1, sheet)


def update_spreadsheet_properties(
    ss: Spreadsheet, req: dict[str, Any], where: str, email: str
) -> None:
    tree = _require_fields(req, where, "SpreadsheetProperties")
    fieldmask.update(ss.properties, copy.deepcopy(req.get("properties") or {}), tree)


def _dimension(req: dict[str, Any], where: str) -> str:
    dimension = req.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise bad_request(f"{where}: dimension must be ROWS or COLUMNS")
    return str(dimension)


def append_dimension(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet = _sheet(ss, req.get("sheetId"), where)
    dimension = _dimension(req, where)
    if (req.get("length") or 0) < 1:
        raise bad_request(f"{where}: length must be positive")
    key = "rowCount" if dimension == "ROWS" else "columnCount"
    sheet.properties["gridProperties"][key] += req["length"]


def _dimension_range(
    ss: Spreadsheet, rng: dict[str, Any] | None, where: str
) -> tuple[Sheet, str, int, int]:
    rng = rng or {}
    sheet = _sheet(ss, rng.get("sheetId"), where)
    dimension = _dimension(rng, where)
    size = sheet.rows if dimension == "ROWS" else sheet.cols
    start = rng.get("startIndex") or 0
    end = rng.get("endIndex")
    end = size if end is None else end
    if not 0 <= start <= end <= size:
        raise bad_request(f"{where}: Invalid dimension range {start}..{end} (size {size})")
    return sheet, dimension, start, end


def insert_dimension(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet, dimension, start, end = _dimension_range(ss, req.get("range"), where)
    n, axis = end - start, 0 if dimension == "ROWS" else 1
    key = "rowCount" if axis == 0 else "columnCount"
    sheet.properties["gridProperties"][key] += n
    sheet.cells = {_shift(k, axis, start, n): v for k, v in sheet.cells.items()}


def delete_dimension(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet, dimension, start, end = _dimension_range(ss, req.get("range"), where)
    n, axis = end - start, 0 if dimension == "ROWS" else 1
    key = "rowCount" if axis == 0 else "columnCount"
    if sheet.properties["gridProperties"][key] - n < 1:
        raise bad_request(f"{where}: You can't delete all the rows/columns on the sheet.")
    sheet.properties["gridProperties"][key] -= n
    sheet.cells = {
        _shift(k, axis, end, -n): v for k, v in sheet.cells.items() if not start <= k[axis] < end
    }


def _shift(key: tuple[int, int], axis: int, at: int, by: int) -> tuple[int, int]:
    if key[axis] < at:
        return key
    return (key[0] + by, key[1]) if axis == 0 else (key[0], key[1] + by)


# ------------------------------------------------------------------ cells


def _writes_values(tree: fieldmask.Tree) -> bool:
    return "*" in tree or "userEnteredValue" in tree


def update_cells(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    tree = _require_fields(req, where, "CellData")
    if req.get("start") is None and req.get("range") is None:
        raise bad_request(f"{where}: one of start or range must be set")
    rows = req.get("rows") or []
    if req.get("range") is not None:
        sheet, box = grid_box(ss, req["range"], where)
    else:
        start = req["start"]
        sheet = _sheet(ss, start.get("sheetId"), where)
        r0, c0 = start.get("rowIndex") or 0, start.get("columnIndex") or 0
        width = max((len(r.get("values") or []) for r in rows), default=0)
        box = a1.Box(r0, r0 + max(len(rows), 1), c0, c0 + max(width, 1))
        if (box.r1 or 0) > sheet.rows or (box.c1 or 0) > sheet.cols:
            raise bad_request(f"{where}: {sheet.grid_error(box).message}")
    ss.check_protection(sheet, box, email)
    if not _writes_values(tree):
        return
    assert box.r1 is not None
    assert box.c1 is not None
    for r in range(box.r0, box.r1):
        row = (rows[r - box.r0].get("values") or []) if r - box.r0 < len(rows) else []
        for c in range(box.c0, box.c1):
            data = row[c - box.c0] if c - box.c0 < len(row) else {}
            cell = from_extended((data or {}).get("userEnteredValue") or {})
            if cell is None:
                sheet.cells.pop((r, c), None)
            else:
                sheet.cells[(r, c)] = cell


def repeat_cell(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    tree = _require_fields(req, where, "CellData")
    sheet, box = grid_box(ss, req.get("range"), where)
    ss.check_protection(sheet, box, email)
    if not _writes_values(tree):
        return
    cell = from_extended((req.get("cell") or {}).get("userEnteredValue") or {})
    assert box.r1 is not None
    assert box.c1 is not None
    for r in range(box.r0, box.r1):
        for c in range(box.c0, box.c1):
            if cell is None:
                sheet.cells.pop((r, c), None)
            else:
                sheet.cells[(r, c)] = cell


def merge_cells(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet, box = grid_box(ss, req.get("range"), where)
    if req.get("mergeType") is None:
        raise bad_request(f"{where}: mergeType is required")
    assert box.r1 is not None
    assert box.c1 is not None
    sheet.merges.append(
        {
            "sheetId": sheet.sheet_id,
            "startRowIndex": box.r0,
            "endRowIndex": box.r1,
            "startColumnIndex": box.c0,
            "endColumnIndex": box.c1,
        }
    )


def unmerge_cells(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    sheet, box = grid_box(ss, req.get("range"), where)
    assert box.r1 is not None
    assert box.c1 is not None
    sheet.merges = [
        m
        for m in sheet.merges
        if not (
            box.r0 <= m["startRowIndex"]
            and m["endRowIndex"] <= box.r1
            and box.c0 <= m["startColumnIndex"]
            and m["endColumnIndex"] <= box.c1
        )
    ]


def formatting_on_range(key: str) -> Apply:
    """Requests whose effect is formatting only: checked (sheet, grid limits), not stored."""

    def apply(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
        grid_box(ss, req.get(key), where)

    return apply


def update_dimension_properties(
    ss: Spreadsheet, req: dict[str, Any], where: str, email: str
) -> None:
    _require_fields(req, where, "DimensionProperties")
    if req.get("range") is None:
        raise bad_request(f"{where}: range is required")
    _dimension_range(ss, req["range"], where)


def auto_resize(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    if req.get("dimensions") is None:
        raise not_implemented(f"{where} without 'dimensions'")
    _dimension_range(ss, req["dimensions"], where)


def add_protected_range(
    ss: Spreadsheet, req: dict[str, Any], where: str, email: str
) -> dict[str, Any]:
    protected = copy.deepcopy(req.get("protectedRange") or {})
    protected = {k: v for k, v in protected.items() if v is not None}
    rng = protected.get("range") or {}
    sheet, _ = grid_box(ss, rng, where)
    rng.setdefault("sheetId", sheet.sheet_id)
    protected["range"] = {k: v for k, v in rng.items() if v is not None}
    protected["protectedRangeId"] = ss.next_protected_id
    ss.next_protected_id += 1
    if not protected.get("warningOnly"):
        editors = protected.setdefault("editors", {})
        editors.setdefault("users", [email])
    protected["requestingUserCanEdit"] = True
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(protected)}}


def delete_protected_range(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    wanted = req.get("protectedRangeId")
    for sheet in ss.sheets:
        for protected in sheet.protected_ranges:
            if protected["protectedRangeId"] == wanted:
                sheet.protected_ranges.remove(protected)
                return
    raise bad_request(f"{where}: No protected range with id: {wanted}")


APPLY: dict[str, Apply] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "appendDimension": append_dimension,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "updateCells": update_cells,
    "repeatCell": repeat_cell,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "updateBorders": formatting_on_range("range"),
    "setDataValidation": sheets_formats.set_data_validation,
    "addConditionalFormatRule": sheets_formats.add_rule,
    "deleteConditionalFormatRule": sheets_formats.delete_rule,
    "updateDimensionProperties": update_dimension_properties,
    "autoResizeDimensions": auto_resize,
    "addProtectedRange": add_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "createDeveloperMetadata": lambda ss, r, w, e: sheets_metadata.create(ss, r, w),
    "updateDeveloperMetadata": lambda ss, r, w, e: sheets_metadata.update(ss, r, w),
    "deleteDeveloperMetadata": lambda ss, r, w, e: sheets_metadata.delete(ss, r, w),
}
