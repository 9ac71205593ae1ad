"""Cell values: how RAW and USER_ENTERED input is stored, and how each render option reads.

Formulas are stored as text. Only a tiny subset is evaluated for FORMATTED/UNFORMATTED
rendering: ``=HYPERLINK("url"[, "label"])`` (gives the label, else the url), a string
literal ``="x"`` and a number literal ``=42``. Any other formula renders as its own formula
text: the fake is not a spreadsheet engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from .errors import bad_request

EPOCH = dt.datetime(1899, 12, 30)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"^[+-]?\d+(\.(\d+))?%$")
_DATE = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_HYPERLINK = re.compile(
    r'^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)$', re.IGNORECASE
)
_STRING_LITERAL = re.compile(r'^="((?:[^"]|"")*)"$')
_NUMBER_LITERAL = re.compile(r"^=([+-]?(\d+(\.\d*)?|\.\d+))$")

MAX_CELL_CHARS = 50_000
Kind = Literal["string", "number", "bool", "formula"]


@dataclass(frozen=True)
class Cell:
    kind: Kind
    value: str | float | bool
    pattern: str | None = None  # number format pattern, e.g. "yyyy-mm-dd", "0%", "#,##0"

    def __post_init__(self) -> None:
        # Every write path (values.*, updateCells, repeatCell) makes a Cell: one check for all.
        if isinstance(self.value, str) and len(self.value) > MAX_CELL_CHARS:
            raise bad_request(
                f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters "
                "in a single cell."
            )

    @property
    def is_date(self) -> bool:
        return self.pattern is not None and "yy" in self.pattern


def from_raw(value: Any) -> Cell | None:
    """RAW input: strings stay strings, verbatim (``=HYPERLINK(..)`` is text)."""
    if isinstance(value, bool):
        return Cell("bool", value)
    if isinstance(value, int | float):
        return Cell("number", float(value))
    if value == "":
        return None
    return Cell("string", str(value))


def from_user_entered(value: Any) -> Cell | None:
    """USER_ENTERED input: parsed as if typed into the Sheets UI (en_US-style)."""
    if not isinstance(value, str):
        return from_raw(value)
    text = value
    if text == "":
        return None
    if text.startswith("'"):
        return Cell("string", text[1:])
    if text.startswith("=") and len(text) > 1:
        return Cell("formula", text)
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return Cell("bool", stripped.upper() == "TRUE")
    if _NUMBER.match(stripped):
        return Cell("number", float(stripped))
    if _GROUPED.match(stripped):
        decimals = len(stripped.partition(".")[2])
        return Cell("number", float(stripped.replace(",", "")), "#,##0" + _dec(decimals))
    m = _PERCENT.match(stripped)
    if m:
        decimals = len(m.group(2) or "")
        return Cell("number", float(stripped[:-1]) / 100, "0" + _dec(decimals) + "%")
    m = _DATE.match(stripped)
    if m:
        return _date_cell(m)
    return Cell("string", text)


def _dec(decimals: int) -> str:
    return "." + "0" * decimals if decimals else ""


def _date_cell(m: re.Match[str]) -> Cell | None:
    year, sep, month, day, hh, mm, ss = m.groups()
    try:
        moment = dt.datetime(
            int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0)
        )
    except ValueError:
        return Cell("string", m.group(0))
    pattern = f"yyyy{sep}mm{sep}dd"
    if hh is not None:
        pattern += " hh:mm" + (":ss" if ss is not None else "")
    return Cell("number", serial(moment), pattern)


def serial(moment: dt.datetime) -> float:
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400


def from_serial(number: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=number)


def from_extended(value: dict[str, Any]) -> Cell | None:
    """An ExtendedValue (updateCells / repeatCell ``userEnteredValue``)."""
    if value.get("formulaValue") is not None:
        return Cell("formula", value["formulaValue"])
    if value.get("stringValue") is not None:
        return Cell("string", value["stringValue"]) if value["stringValue"] != "" else None
    if value.get("numberValue") is not None:
        return Cell("number", float(value["numberValue"]))
    if value.get("boolValue") is not None:
        return Cell("bool", bool(value["boolValue"]))
    return None


def evaluate(cell: Cell) -> Cell:
    """The effective value (formulas: only the tiny subset described above)."""
    if cell.kind != "formula":
        return cell
    text = str(cell.value)
    m = _HYPERLINK.match(text)
    if m:
        label = m.group(2) if m.group(2) is not None else m.group(1)
        return Cell("string", label.replace('""', '"'))
    m = _STRING_LITERAL.match(text)
    if m:
        return Cell("string", m.group(1).replace('""', '"'))
    m = _NUMBER_LITERAL.match(text)
    if m:
        return Cell("number", float(m.group(1)))
    return Cell("string", text)


def _number_json(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def format_number(value: float, pattern: str | None) -> str:
    if pattern and "yy" in pattern:
        moment = from_serial(value)
        out = pattern.replace("yyyy", f"{moment.year:04d}").replace("mm", "\0", 1)
        out = out.replace("dd", f"{moment.day:02d}").replace("\0", f"{moment.month:02d}")
        out = out.replace("hh", f"{moment.hour:02d}").replace(":mm", f":{moment.minute:02d}")
        return out.replace("ss", f"{moment.second:02d}")
    if pattern and pattern.endswith("%"):
        decimals = len(pattern[:-1].partition(".")[2])
        return f"{value * 100:.{decimals}f}%"
    if pattern and pattern.startswith("#,##0"):
        decimals = len(pattern.partition(".")[2])
        return f"{value:,.{decimals}f}"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def formatted(cell: Cell) -> str:
    effective = evaluate(cell)
    if effective.kind == "bool":
        return "TRUE" if effective.value else "FALSE"
    if effective.kind == "number":
        return format_number(float(effective.value), effective.pattern)
    return str(effective.value)


def render(cell: Cell, value_render: str, date_render: str) -> Any:
    """One cell as values.get returns it for the given render options."""
    if value_render == "FORMATTED_VALUE":
        return formatted(cell)
    if value_render == "FORMULA" and cell.kind == "formula":
        return cell.value
    effective = evaluate(cell)
    if effective.kind == "number":
        if effective.is_date and date_render == "FORMATTED_STRING":
            return formatted(effective)
        return _number_json(float(effective.value))
    return effective.value


def extended_value(cell: Cell) -> dict[str, Any]:
    key = {
        "string": "stringValue",
        "number": "numberValue",
        "bool": "boolValue",
        "formula": "formulaValue",
    }[cell.kind]
    value = _number_json(float(cell.value)) if cell.kind == "number" else cell.value
    return {key: value}


def cell_data(cell: Cell) -> dict[str, Any]:
    """CellData as spreadsheets.get(includeGridData=true) returns it."""
    out: dict[str, Any] = {
        "userEnteredValue": extended_value(cell),
        "effectiveValue": extended_value(evaluate(cell)),
        "formattedValue": formatted(cell),
    }
    if cell.pattern:
        kind = "DATE" if cell.is_date else "PERCENT" if "%" in cell.pattern else "NUMBER"
        out["userEnteredFormat"] = {"numberFormat": {"type": kind, "pattern": cell.pattern}}
    return out
