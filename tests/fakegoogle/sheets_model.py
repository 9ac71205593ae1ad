"""Spreadsheet state: sheets, cells, protected ranges, developer metadata, sharing."""

from __future__ import annotations

import copy
import secrets
import string
from dataclasses import dataclass, field
from typing import Any

from . import a1
from .cells import Cell, cell_data, render
from .errors import GoogleError, bad_request

DEFAULT_ROWS, DEFAULT_COLS = 1000, 26
ROLES = {"reader": 1, "writer": 2, "owner": 3}


def permission_denied() -> GoogleError:
    return GoogleError(403, "The caller does not have permission", reason="forbidden")


def new_spreadsheet_id() -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "1" + "".join(secrets.choice(alphabet) for _ in range(43))


@dataclass
class Sheet:
    properties: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    validations: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    @property
    def sheet_id(self) -> int:
        return int(self.properties["sheetId"])

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def rows(self) -> int:
        return int(self.properties["gridProperties"]["rowCount"])

    @property
    def cols(self) -> int:
        return int(self.properties["gridProperties"]["columnCount"])

    def bounded(self, box: a1.Box, text: str) -> a1.Box:
        """Clamp an open-ended box to the grid; a start outside the grid is an error."""
        if box.r0 >= self.rows or box.c0 >= self.cols:
            raise self.grid_error(box, text)
        return a1.Box(
            box.r0,
            min(box.r1 if box.r1 is not None else self.rows, self.rows),
            box.c0,
            min(box.c1 if box.c1 is not None else self.cols, self.cols),
        )

    def grid_error(self, box: a1.Box, text: str | None = None) -> GoogleError:
        shown = text or a1.format_box(
            self.title, a1.Box(box.r0, box.r1 or box.r0 + 1, box.c0, box.c1 or box.c0 + 1)
        )
        return bad_request(
            f"Range ({shown}) exceeds grid limits. Max rows: {self.rows}, max columns: {self.cols}"
        )

    def used_extent(self) -> tuple[int, int]:
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells) + 1, max(c for _, c in self.cells) + 1


@dataclass
class Spreadsheet:
    id: str
    properties: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)
    acl: dict[str, str] = field(default_factory=dict)  # email -> reader | writer | owner
    next_sheet_id: int = 0
    next_metadata_id: int = 1
    next_protected_id: int = 1

    # ------------------------------------------------------------ access

    def require(self, email: str, role: str) -> None:
        have = ROLES.get(self.acl.get(email.lower(), ""), 0)
        if have < ROLES[role]:
            raise permission_denied()

    def is_owner(self, email: str) -> bool:
        return self.acl.get(email.lower()) == "owner"

    # ------------------------------------------------------------ sheets

    def new_sheet_id(self) -> int:
        used = {s.sheet_id for s in self.sheets}
        while True:
            candidate = secrets.randbelow(2**31 - 1) if self.next_sheet_id else 0
            self.next_sheet_id += 1
            if candidate not in used:
                return candidate

    def by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def title_taken(self, title: str, except_id: int | None = None) -> bool:
        return any(
            s.title.casefold() == title.casefold() and s.sheet_id != except_id for s in self.sheets
        )

    def resolve(self, text: str) -> tuple[Sheet, a1.Box]:
        """An A1 range (or a bare sheet title) to its sheet and box (possibly open-ended)."""
        title, cells = a1.split(text)
        if title is None:
            assert cells is not None
            sheet = self.by_title(cells)
            if sheet is not None:
                return sheet, a1.WHOLE
            if not self.sheets:
                raise bad_request(f"Unable to parse range: {text}")
            return self.sheets[0], a1.parse_cells(cells, text)
        sheet = self.by_title(title)
        if sheet is None:
            raise bad_request(f"Unable to parse range: {text}")
        return sheet, a1.parse_cells(cells, text) if cells else a1.WHOLE

    # ------------------------------------------------------------ values

    def read(self, text: str, major: str, value_render: str, date_render: str) -> dict[str, Any]:
        sheet, box = self.resolve(text)
        box = sheet.bounded(box, text)
        assert box.r1 is not None
        assert box.c1 is not None
        used_rows, used_cols = sheet.used_extent()
        grid: list[list[Any]] = []
        for r in range(box.r0, min(box.r1, used_rows)):
            grid.append(
                [
                    render(sheet.cells[(r, c)], value_render, date_render)
                    if (r, c) in sheet.cells
                    else ""
                    for c in range(box.c0, min(box.c1, used_cols))
                ]
            )
        if major == "COLUMNS":
            width = max((len(row) for row in grid), default=0)
            grid = [[row[c] if c < len(row) else "" for row in grid] for c in range(width)]
        out: dict[str, Any] = {"range": a1.format_box(sheet.title, box), "majorDimension": major}
        trimmed = _trim(grid)
        if trimmed:
            out["values"] = trimmed
        return out

    def check_protection(self, sheet: Sheet, box: a1.Box, email: str) -> None:
        if self.is_owner(email):
            return
        assert box.r1 is not None
        assert box.c1 is not None
        for protected in sheet.protected_ranges:
            if protected.get("warningOnly"):
                continue
            editors = {u.lower() for u in protected.get("editors", {}).get("users", [])}
            if email.lower() in editors:
                continue
            rng = protected.get("range", {})
            if _overlaps(rng, box):
                raise bad_request(
                    "You are trying to edit a protected cell or object. Please contact the "
                    "spreadsheet owner to remove protection if you need to edit."
                )

    def clear(self, text: str, email: str) -> str:
        sheet, box = self.resolve(text)
        box = sheet.bounded(box, text)
        self.check_protection(sheet, box, email)
        assert box.r1 is not None
        assert box.c1 is not None
        for key in [k for k in sheet.cells if box.r0 <= k[0] < box.r1 and box.c0 <= k[1] < box.c1]:
            del sheet.cells[key]
        return a1.format_box(sheet.title, box)

    # ------------------------------------------------------------ rendering

    def metadata_for(self, located: str, sheet_id: int | None = None) -> list[dict[str, Any]]:
        out = []
        for md in self.developer_metadata:
            loc = md["location"]
            if (located == "SPREADSHEET" and loc.get("spreadsheet")) or (
                located == "SHEET" and loc.get("sheetId") == sheet_id
            ):
                out.append(md)
        return out

    def to_json(
        self, grid_boxes: dict[int, list[a1.Box]] | None = None, with_data: bool = False
    ) -> dict[str, Any]:
        """The Spreadsheet resource.

        ``grid_boxes`` (sheetId -> boxes) limits the sheets returned (the ``ranges``
        parameter); ``with_data`` adds GridData for those boxes (or whole sheets).
        """
        sheets = []
        for index, sheet in enumerate(self.sheets):
            if grid_boxes is not None and sheet.sheet_id not in grid_boxes:
                continue
            entry: dict[str, Any] = {"properties": {**sheet.properties, "index": index}}
            if sheet.protected_ranges:
                entry["protectedRanges"] = [dict(p) for p in sheet.protected_ranges]
            if sheet.merges:
                entry["merges"] = [dict(m) for m in sheet.merges]
            if sheet.conditional_formats:
                entry["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
            metadata = self.metadata_for("SHEET", sheet.sheet_id)
            if metadata:
                entry["developerMetadata"] = metadata
            if with_data:
                boxes = grid_boxes[sheet.sheet_id] if grid_boxes is not None else [a1.WHOLE]
                entry["data"] = [_grid_data(sheet, box) for box in boxes]
            sheets.append(entry)
        out: dict[str, Any] = {
            "spreadsheetId": self.id,
            "properties": dict(self.properties),
            "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.id}/edit",
        }
        metadata = self.metadata_for("SPREADSHEET")
        if metadata:
            out["developerMetadata"] = metadata
        return out


def _grid_data(sheet: Sheet, box: a1.Box) -> dict[str, Any]:
    box = sheet.bounded(box, a1.quote_title(sheet.title))
    assert box.r1 is not None
    assert box.c1 is not None
    used_rows, used_cols = sheet.used_extent()
    for r, c in sheet.validations:
        used_rows, used_cols = max(used_rows, r + 1), max(used_cols, c + 1)
    rows = []
    for r in range(box.r0, min(box.r1, used_rows)):
        values = []
        for c in range(box.c0, min(box.c1, used_cols)):
            data = cell_data(sheet.cells[(r, c)]) if (r, c) in sheet.cells else {}
            if (r, c) in sheet.validations:
                data["dataValidation"] = copy.deepcopy(sheet.validations[(r, c)])
            values.append(data)
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {"rowData": rows} if rows else {}
    if box.r0:
        out["startRow"] = box.r0
    if box.c0:
        out["startColumn"] = box.c0
    return out


def _trim(grid: list[list[Any]]) -> list[list[Any]]:
    rows = []
    for row in grid:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _overlaps(grid_range: dict[str, Any], box: a1.Box) -> bool:
    assert box.r1 is not None
    assert box.c1 is not None
    r0 = grid_range.get("startRowIndex", 0)
    r1 = grid_range.get("endRowIndex", 10**9)
    c0 = grid_range.get("startColumnIndex", 0)
    c1 = grid_range.get("endColumnIndex", 10**9)
    return r0 < box.r1 and box.r0 < r1 and c0 < box.c1 and box.c0 < c1
