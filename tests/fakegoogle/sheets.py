"""spreadsheets.get / create / batchUpdate and developerMetadata.get / search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import a1, fieldmask, sheets_batch, sheets_metadata
from .call import Call
from .errors import bad_request, not_implemented
from .sheets_model import DEFAULT_COLS, DEFAULT_ROWS, Sheet, Spreadsheet, new_spreadsheet_id
from .sheets_values import HANDLERS as VALUE_HANDLERS
from .sheets_values import Handler, spreadsheet

if TYPE_CHECKING:
    from .fake import FakeGoogle


def default_properties(title: str, locale: str, time_zone: str) -> dict[str, Any]:
    return {
        "title": title,
        "locale": locale,
        "autoRecalc": "ON_CHANGE",
        "timeZone": time_zone,
        "defaultFormat": {
            "backgroundColor": {"red": 1, "green": 1, "blue": 1},
            "verticalAlignment": "BOTTOM",
            "wrapStrategy": "OVERFLOW_CELL",
            "textFormat": {"fontFamily": "arial", "fontSize": 10},
        },
    }


def new_spreadsheet(
    title: str, owner: str, *, locale: str = "en_US", time_zone: str = "Asia/Tokyo"
) -> Spreadsheet:
    return Spreadsheet(
        id=new_spreadsheet_id(),
        properties=default_properties(title, locale, time_zone),
        acl={owner.lower(): "owner"},
    )


def add_grid_sheet(ss: Spreadsheet, title: str, rows: int, cols: int) -> Sheet:
    sheet = Sheet(
        {
            "sheetId": ss.new_sheet_id(),
            "title": title,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": cols},
        }
    )
    ss.sheets.append(sheet)
    return sheet


def get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "reader")
    ranges = call.param("ranges") or []
    boxes: dict[int, list[a1.Box]] | None = None
    if ranges:
        boxes = {}
        for text in ranges:
            sheet, box = ss.resolve(text)
            sheet.bounded(box, text)
            boxes.setdefault(sheet.sheet_id, []).append(box)
    # "includeGridData ... is ignored if a field mask was set": then the mask decides.
    with_data = bool(call.param("includeGridData"))
    if call.param("fields"):
        sheets_mask = fieldmask.parse(call.param("fields")).get("sheets", {})
        with_data = sheets_mask is None or "data" in sheets_mask or "*" in sheets_mask
    return 200, ss.to_json(boxes, with_data=with_data)


def create(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    body = call.body or {}
    props = {k: v for k, v in (body.get("properties") or {}).items() if v is not None}
    ss = new_spreadsheet(
        props.pop("title", None) or "Untitled spreadsheet",
        call.identity.email,
        locale=props.pop("locale", None) or "en_US",
        time_zone=props.pop("timeZone", None) or "Asia/Tokyo",
    )
    ss.properties.update(props)
    requested = body.get("sheets") or [{}]
    for i, sheet in enumerate(requested):
        if sheet.get("data"):
            raise not_implemented("spreadsheets.create with sheets[].data")
        extra = {k: v for k, v in sheet.items() if v is not None and k != "properties"}
        if extra:
            raise not_implemented(f"spreadsheets.create with sheets[].{next(iter(extra))}")
        sheets_batch.add_sheet(
            ss,
            {"properties": sheet.get("properties") or {}},
            f"Invalid sheets[{i}]",
            call.identity.email,
        )
    fake.spreadsheets[ss.id] = ss
    return 200, ss.to_json()


def batch_update(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "writer")
    body = call.body or {}
    requests = body.get("requests") or []
    work, replies = sheets_batch.apply_all(ss, requests, call.identity.email)
    fake.spreadsheets[ss.id] = work
    out: dict[str, Any] = {"spreadsheetId": ss.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        out["updatedSpreadsheet"] = work.to_json(
            with_data=bool(body.get("responseIncludeGridData"))
        )
    return 200, out


def metadata_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "reader")
    raw = call.path_params["metadataId"]
    if not raw.lstrip("-").isdigit():
        raise bad_request(f"Invalid value at 'metadata_id' (TYPE_INT32), \"{raw}\"")
    return 200, sheets_metadata.get(ss, int(raw))


def metadata_search(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    ss = spreadsheet(fake, call, "reader")
    return 200, sheets_metadata.search(ss, call.body or {})


HANDLERS: dict[str, Handler] = {
    **VALUE_HANDLERS,
    "sheets.spreadsheets.get": get,
    "sheets.spreadsheets.create": create,
    "sheets.spreadsheets.batchUpdate": batch_update,
    "sheets.spreadsheets.developerMetadata.get": metadata_get,
    "sheets.spreadsheets.developerMetadata.search": metadata_search,
}

__all__ = ["DEFAULT_COLS", "DEFAULT_ROWS", "HANDLERS", "add_grid_sheet", "new_spreadsheet"]
