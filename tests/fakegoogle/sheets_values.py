"""spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import a1
from .call import Call
from .cells import Cell, from_raw, from_user_entered
from .errors import GoogleError, bad_request
from .sheets_model import Sheet, Spreadsheet

if TYPE_CHECKING:
    from .fake import FakeGoogle

Handler = Callable[["FakeGoogle", Call], tuple[int, Any]]


def spreadsheet(fake: FakeGoogle, call: Call, role: str) -> Spreadsheet:
    ss = fake.spreadsheets.get(call.path_params["spreadsheetId"])
    if ss is None:
        raise GoogleError(404, "Requested entity was not found.", reason="notFound")
    ss.require(call.identity.email, role)
    return ss


def _input_option(value: Any) -> str:
    if value in (None, "INPUT_VALUE_OPTION_UNSPECIFIED"):
        raise bad_request("'valueInputOption' is required but not specified")
    return str(value)


def _render_options(call: Call, prefix: str = "") -> tuple[str, str, str]:
    def name(n: str) -> str:
        return prefix + n[0].upper() + n[1:] if prefix else n

    return (
        call.param(name("majorDimension"), "ROWS") or "ROWS",
        call.param(name("valueRenderOption"), "FORMATTED_VALUE"),
        call.param(name("dateTimeRenderOption"), "SERIAL_NUMBER"),
    )


def values_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "reader")
    major, vr, dr = _render_options(call)
    return 200, ss.read(call.path_params["range"], major, vr, dr)


def values_batch_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "reader")
    major, vr, dr = _render_options(call)
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    ranges = call.param("ranges", [])
    if ranges:
        out["valueRanges"] = [ss.read(r, major, vr, dr) for r in ranges]
    return 200, out


def _check_values(values: Any, label: str) -> list[list[Any]]:
    if values is None:
        return []
    for i, row in enumerate(values):
        if not isinstance(row, list):
            raise bad_request(f"Invalid {label}[{i}]: {_kind(row)}")
        for j, value in enumerate(row):
            if isinstance(value, dict | list):
                raise bad_request(f"Invalid {label}[{i}][{j}]: {_kind(value)}")
    return values


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "struct_value"
    if isinstance(value, list):
        return "list_value"
    return "value"


def write(
    ss: Spreadsheet,
    text: str,
    body: dict[str, Any],
    option: str,
    email: str,
    *,
    anchor: tuple[Sheet, int, int] | None = None,
    grow_rows: bool = False,
) -> dict[str, Any]:
    """Write a ValueRange; returns UpdateValuesResponse (without updatedData)."""
    values = _check_values(body.get("values"), "values")
    if body.get("majorDimension") == "COLUMNS":
        width = max((len(col) for col in values), default=0)
        values = [[col[r] if r < len(col) else None for col in values] for r in range(width)]
    if anchor is not None:
        sheet, r0, c0 = anchor
        box = a1.Box(r0, r0 + 1, c0, c0 + 1)
    else:
        sheet, box = ss.resolve(text)
    height = len(values)
    width = max((len(row) for row in values), default=0)
    if not box.is_single_cell and anchor is None:
        if box.r1 is not None and height > box.r1 - box.r0:
            raise bad_request(
                f"Requested writing within range [{text}], but tried writing to row "
                f"[{box.r0 + height}]"
            )
        if box.c1 is not None and width > box.c1 - box.c0:
            raise bad_request(
                f"Requested writing within range [{text}], but tried writing to column "
                f"[{a1.col_letters(box.c0 + width - 1)}]"
            )
    written = a1.Box(box.r0, box.r0 + max(height, 1), box.c0, box.c0 + max(width, 1))
    assert written.r1 is not None
    assert written.c1 is not None
    if grow_rows and written.r1 > sheet.rows:
        sheet.properties["gridProperties"]["rowCount"] = written.r1
    if written.r1 > sheet.rows or written.c1 > sheet.cols:
        raise sheet.grid_error(written)
    ss.check_protection(sheet, written, email)
    parse: Callable[[Any], Cell | None] = from_raw if option == "RAW" else from_user_entered
    count = 0
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value is None:
                continue
            count += 1
            cell = parse(value)
            key = (box.r0 + i, box.c0 + j)
            if cell is None:
                sheet.cells.pop(key, None)
            else:
                sheet.cells[key] = cell
    return {
        "spreadsheetId": ss.id,
        "updatedRange": a1.format_box(sheet.title, written),
        "updatedRows": height,
        "updatedColumns": width,
        "updatedCells": count,
    }


def _with_data(ss: Spreadsheet, call: Call, result: dict[str, Any], include: Any) -> None:
    if include:
        _, vr, dr = _render_options(call, prefix="response")
        result["updatedData"] = ss.read(result["updatedRange"], "ROWS", vr, dr)


def _same_range(ss: Spreadsheet, url_range: str, body_range: Any) -> None:
    if body_range in (None, ""):
        return
    if ss.resolve(url_range) != ss.resolve(body_range):
        raise bad_request(
            f"Requested writing within range [{url_range}], but the ValueRange range is "
            f"[{body_range}]: they must be the same."
        )


def values_update(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    option = _input_option(call.param("valueInputOption"))
    text = call.path_params["range"]
    body = call.body or {}
    _same_range(ss, text, body.get("range"))
    work = copy.deepcopy(ss)
    result = write(work, text, body, option, call.identity.email)
    _with_data(work, call, result, call.param("includeValuesInResponse"))
    fake.spreadsheets[ss.id] = work
    return 200, result


def values_batch_update(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    body = call.body or {}
    option = _input_option(body.get("valueInputOption"))
    work = copy.deepcopy(ss)
    responses = []
    for i, value_range in enumerate(body.get("data") or []):
        if not value_range.get("range"):
            raise bad_request(f"Invalid data[{i}]: range is required")
        result = write(work, value_range["range"], value_range, option, call.identity.email)
        if body.get("includeValuesInResponse"):
            vr = body.get("responseValueRenderOption") or "FORMATTED_VALUE"
            dr = body.get("responseDateTimeRenderOption") or "SERIAL_NUMBER"
            result["updatedData"] = work.read(result["updatedRange"], "ROWS", vr, dr)
        responses.append(result)
    fake.spreadsheets[ss.id] = work
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if responses:
        out.update(
            {
                "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                "totalUpdatedColumns": sum(r["updatedColumns"] for r in responses),
                "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                "totalUpdatedSheets": len(
                    {r["updatedRange"].rpartition("!")[0] for r in responses}
                ),
                "responses": responses,
            }
        )
    return 200, out


def _table(sheet: Sheet, box: a1.Box, width: int) -> tuple[int, int] | None:
    """The "table" append looks for: the first run of non-empty rows at or below the range's
    first row, in the range's columns (a one-column range: as many columns as the values).

    Like Google, the search does not stop at the range's last row (``Sheet1!A1`` appends after
    the data below A1), and a gap row ends the table (later rows may be overwritten).
    """
    c1 = box.c1 if box.c1 is not None else sheet.cols
    if c1 - box.c0 <= 1:
        c1 = box.c0 + max(width, 1)
    used = {r for (r, c) in sheet.cells if box.c0 <= c < c1 and r >= box.r0}
    if not used:
        return None
    first = min(used)
    end = first
    while end in used:
        end += 1
    return first, end


def values_append(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    option = _input_option(call.param("valueInputOption"))
    text = call.path_params["range"]
    body = call.body or {}
    _same_range(ss, text, body.get("range"))
    work = copy.deepcopy(ss)
    sheet, box = work.resolve(text)
    values = _check_values(body.get("values"), "values")
    columns = body.get("majorDimension") == "COLUMNS"
    height = max((len(c) for c in values), default=0) if columns else len(values)
    width = len(values) if columns else max((len(r) for r in values), default=0)
    table = _table(sheet, box, width)
    target = table[1] if table else box.r0
    if call.param("insertDataOption") == "INSERT_ROWS" and height:
        sheet.cells = {
            (r + height if r >= target else r, c): cell for (r, c), cell in sheet.cells.items()
        }
        sheet.properties["gridProperties"]["rowCount"] = sheet.rows + height
    updates = write(
        work,
        text,
        body,
        option,
        call.identity.email,
        anchor=(sheet, target, box.c0),
        grow_rows=True,
    )
    _with_data(work, call, updates, call.param("includeValuesInResponse"))
    fake.spreadsheets[ss.id] = work
    out: dict[str, Any] = {"spreadsheetId": ss.id, "updates": updates}
    if table:
        c1 = 1 + max(c for (r, c) in sheet.cells if table[0] <= r < table[1] and c >= box.c0)
        out["tableRange"] = a1.format_box(sheet.title, a1.Box(table[0], table[1], box.c0, c1))
    return 200, out


def values_clear(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    work = copy.deepcopy(ss)
    cleared = work.clear(call.path_params["range"], call.identity.email)
    fake.spreadsheets[ss.id] = work
    return 200, {"spreadsheetId": ss.id, "clearedRange": cleared}


def values_batch_clear(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    work = copy.deepcopy(ss)
    cleared = [work.clear(r, call.identity.email) for r in (call.body or {}).get("ranges") or []]
    fake.spreadsheets[ss.id] = work
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if cleared:
        out["clearedRanges"] = cleared
    return 200, out


HANDLERS: dict[str, Handler] = {
    "sheets.spreadsheets.values.get": values_get,
    "sheets.spreadsheets.values.batchGet": values_batch_get,
    "sheets.spreadsheets.values.update": values_update,
    "sheets.spreadsheets.values.batchUpdate": values_batch_update,
    "sheets.spreadsheets.values.append": values_append,
    "sheets.spreadsheets.values.clear": values_clear,
    "sheets.spreadsheets.values.batchClear": values_batch_clear,
}
