"""Conditional format rules and data validation: stored per sheet and read back.

``addConditionalFormatRule`` / ``updateConditionalFormatRule`` / ``deleteConditionalFormatRule``
keep ``sheets[].conditionalFormats`` in order (``index`` as at Google). ``setDataValidation``
stores a rule per cell (or clears it when ``rule`` is absent), returned as
``sheets[].data[].rowData[].values[].dataValidation`` by spreadsheets.get with grid data.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .errors import bad_request

if TYPE_CHECKING:
    from .sheets_model import Spreadsheet

BOOLEAN_TYPES_WITHOUT_VALUES = ("BLANK", "NOT_BLANK", "IS_CHECKBOX", "DATE_IS_VALID")


def _ranges(ss: Spreadsheet, rule: dict[str, Any], where: str) -> int:
    from .sheets_batch import grid_box

    ranges = rule.get("ranges") or []
    if not ranges:
        raise bad_request(f"{where}: At least one range must be specified")
    sheet_ids = {grid_box(ss, rng, where)[0].sheet_id for rng in ranges}
    if len(sheet_ids) > 1:
        raise bad_request(f"{where}: All ranges must be on the same sheet")
    return sheet_ids.pop()


def _check_rule(rule: dict[str, Any], where: str) -> None:
    kinds = [k for k in ("booleanRule", "gradientRule") if rule.get(k) is not None]
    if len(kinds) != 1:
        raise bad_request(f"{where}: exactly one of booleanRule or gradientRule must be set")
    if kinds[0] == "gradientRule":
        gradient = rule["gradientRule"]
        for point in ("minpoint", "maxpoint"):
            if not (gradient.get(point) or {}).get("type"):
                raise bad_request(f"{where}: gradientRule.{point}.type is required")
    else:
        condition = rule["booleanRule"].get("condition") or {}
        if not condition.get("type"):
            raise bad_request(f"{where}: booleanRule.condition.type is required")
        if condition["type"] not in BOOLEAN_TYPES_WITHOUT_VALUES and not condition.get("values"):
            raise bad_request(f"{where}: condition {condition['type']} requires values")


def add_rule(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    rule = copy.deepcopy(req.get("rule") or {})
    _check_rule(rule, where)
    sheet = ss.by_id(_ranges(ss, rule, where))
    assert sheet is not None
    for rng in rule["ranges"]:
        rng.setdefault("sheetId", sheet.sheet_id)
    index = req.get("index") or 0
    if not 0 <= index <= len(sheet.conditional_formats):
        raise bad_request(f"{where}: index {index} is out of range")
    sheet.conditional_formats.insert(index, rule)


def delete_rule(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> dict[str, Any]:
    sheet = ss.by_id(req.get("sheetId") or 0)
    if sheet is None:
        raise bad_request(f"{where}: No grid with id: {req.get('sheetId') or 0}")
    index = req.get("index") or 0
    if not 0 <= index < len(sheet.conditional_formats):
        raise bad_request(f"{where}: No conditional format on sheet {sheet.sheet_id} at {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": rule}}


def set_data_validation(ss: Spreadsheet, req: dict[str, Any], where: str, email: str) -> None:
    from .sheets_batch import grid_box

    sheet, box = grid_box(ss, req.get("range"), where)
    rule = req.get("rule")
    if rule is not None:
        condition = rule.get("condition") or {}
        if not condition.get("type"):
            raise bad_request(f"{where}: rule.condition.type is required")
        if condition["type"] == "ONE_OF_LIST" and not condition.get("values"):
            raise bad_request(f"{where}: ONE_OF_LIST requires at least one value")
    assert box.r1 is not None
    assert box.c1 is not None
    for r in range(box.r0, box.r1):
        for c in range(box.c0, box.c1):
            if rule is None:
                sheet.validations.pop((r, c), None)
            else:
                sheet.validations[(r, c)] = copy.deepcopy(rule)
