"""aibou's copy of the rows of each rotation tab it wrote, so an unchanged tab is read fast.

Reading a 10,000-row tab costs about 0.6 s: its XML scanned for bounds, its cells laid out by
python-calamine, every row compared with aibou's record to find hand edits. A rotation tab
whose quarter is over never changes, and a workbook holds eight of them after two years. So
each time aibou writes a rotation tab's worksheet part, it keeps beside it a copy of the rows
the tab then holds, with the part's CRC-32 and size: a custom XML part
``customXml/aibou-rows-sheetN.xml`` (JSON inside one element), related from the workbook part
like aibou's record (:mod:`aibou.local.written`). A later read whose worksheet part still has
that CRC-32 and size in the zip's directory takes the rows from the copy, without inflating
the part: they are the cells aibou wrote, with nothing to lay out and no hand edit to look for
(:attr:`aibou.ports.Sheet.intact`).

Anything else reads the tab as before: a part a spreadsheet program saved again (its bytes
differ, whatever it changed: a change that keeps both CRC-32 and size happens by chance about
once in four billion), a copy that is missing, too large, broken or past the bounds of a tab
aibou reads. A copy is advisory, like the record: a sheet editor can change it, as they can
change the tab, and it is bounded like the tab before it is used.
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time
from itertools import chain
from typing import NamedTuple
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from aibou.local import sheetxml
from aibou.local.xlsx import (
    CONTENT_TYPES,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_READ_BYTES,
    MAX_ROWS,
    RELS,
    Package,
    Tab,
)
from aibou.ports import Cell

__all__ = ["Copies", "copy_parts", "read_copies", "updated_copy_parts"]

NAMESPACE = "urn:aibou:rows"
#: The values a copy holds (JSON's, but objects, NaN and infinities).
_CELL_TYPES = {str, int, float, bool, type(None)}
CUSTOM_XML_TYPE = f"{RELS}/customXml"
#: A worksheet part aibou names (``sheet12.xml``): the only parts it keeps copies of.
_SHEET = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: Where the JSON text (``ensure_ascii=False``) of rows may hold what a reader does not get back
#: as written (:func:`_as_read`: what aibou's writer drops, line ends other than LF): as an
#: escape (``\\u0000``, ``\\b``, ``\\f``, ``\\r``; an escaped backslash before ``b`` only makes it
#: look so), or as itself (U+FFFE, U+FFFF).
_UNREAD_JSON = re.compile(r"\\(?:u00(?:0[0-8bcef]|1[0-9a-f])|[bfr])|[\ufffe\uffff]")


def copy_part(tab_part: str) -> str | None:
    """The entry of the copy of worksheet ``tab_part``; ``None`` for a name aibou never gives.

    >>> copy_part("xl/worksheets/sheet3.xml"), copy_part("xl/worksheets/Sheet 3.xml")
    ('customXml/aibou-rows-sheet3.xml', None)
    """
    stem, ext = posixpath.splitext(posixpath.basename(tab_part))
    if ext != ".xml" or not _SHEET.fullmatch(stem):
        return None
    return f"customXml/aibou-rows-{stem}.xml"


def _as_read(value: Cell) -> Cell:
    """``value`` as a reader gets it back from aibou's worksheet XML (:func:`sheetxml.cell_xml`):
    characters XML cannot carry dropped, line ends as ``\\n``; dates and times as ISO text."""
    if isinstance(value, str):
        value = sheetxml.ILLEGAL.sub("", value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    return value.isoformat() if isinstance(value, date | time) else value


def _encode(tab_part: str, sheet_xml: bytes, rows: Sequence[Sequence[Cell]]) -> bytes | None:
    """The copy of ``rows``, which the worksheet part ``tab_part`` holds as ``sheet_xml``;
    ``None`` for a value JSON cannot hold (no copy is kept)."""
    try:
        body = _json(rows)
        if _UNREAD_JSON.search(body):  # rare: made again cell by cell
            body = _json([[_as_read(v) for v in row] for row in rows])
    except (TypeError, ValueError):
        return None
    stamp = " ".join(f'{k}="{v}"' for k, v in _stamp(zlib.crc32(sheet_xml), len(sheet_xml)).items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rows xmlns="{NAMESPACE}" '
        f"part={quoteattr(tab_part)} {stamp}>{escape(body)}</rows>"
    ).encode()


def _json(rows: Sequence[Sequence[Cell]]) -> str:
    return json.dumps(
        rows, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_as_read
    )


def _stamp(crc: int, size: int) -> dict[str, str]:
    """The attributes naming the worksheet part a copy is of, as the zip's directory has it."""
    return {"crc32": f"{crc:08x}", "size": str(size)}


def copy_parts(
    package: Package,
    tab_part: str,
    sheet_xml: bytes,
    rows: Sequence[Sequence[Cell]],
    current: Callable[[str], bytes],
) -> dict[str, bytes]:
    """The parts to set so the workbook keeps a copy of ``rows``, which the worksheet part
    ``tab_part`` holds as ``sheet_xml``: the copy, and where it is new, its relationship and
    content type (``current(name)``: a part as the write in progress leaves it)."""
    name = copy_part(tab_part)
    copy = _encode(tab_part, sheet_xml, rows) if name else None
    if name is None or copy is None:
        return {}
    changed = {name: copy}
    rels = current(package.rels_part)
    if f'Target="/{name}"' not in rels.decode("utf-8"):
        changed[package.rels_part], _ = sheetxml.add_relationship(rels, "/" + name, CUSTOM_XML_TYPE)
    if name not in package.names:
        changed[CONTENT_TYPES] = sheetxml.add_content_type(
            current(CONTENT_TYPES), name, "application/xml"
        )
    return changed


class Copies(NamedTuple):
    """The rows of the tabs read from their copies (by title), the cells they hold (rows ×
    widest row, summed) and the bytes of the copies read."""

    rows: dict[str, list[list[Cell]]]
    cells: int
    size: int


def read_copies(
    archive: zipfile.ZipFile, package: Package, tabs: Sequence[Tab], *, max_cells: int
) -> Copies:
    """The rows of each of ``tabs`` (aibou's) whose copy matches its worksheet part (CRC-32 and
    size), holding ``max_cells`` cells at most together, from at most :data:`MAX_READ_BYTES`
    bytes of copies.

    A copy that does not match, or is past a bound, is left out: the tab is read from its part.
    """
    found: dict[str, list[list[Cell]]] = {}
    size = cells = 0
    for tab in tabs:
        name = copy_part(tab.part) if tab.tag is not None else None
        if name is None or name not in package.names or tab.part not in package.names:
            continue
        try:
            copy_size = archive.getinfo(name).file_size
            if size + copy_size > MAX_READ_BYTES:
                break
            size += copy_size
            part = archive.getinfo(tab.part)
            rows = _verified(archive.read(name), tab.part, _stamp(part.CRC, part.file_size))
        except (OSError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
            continue
        if rows is None:
            continue
        grid = len(rows) * max(map(len, rows), default=0)
        if cells + grid > max_cells:
            break
        cells += grid
        found[tab.title] = rows
    return Copies(found, cells, size)


def _verified(copy: bytes, tab_part: str, stamp: dict[str, str]) -> list[list[Cell]] | None:
    """The rows the ``copy`` holds, if it is the copy of the part ``tab_part`` whose
    :func:`_stamp` is ``stamp``, and within bounds."""
    try:
        root = fromstring(copy)
    except (ParseError, DefusedXmlException):
        return None
    if (
        root.tag != f"{{{NAMESPACE}}}rows"
        or root.get("part") != tab_part
        or any(root.get(name) != value for name, value in stamp.items())
    ):
        return None
    body = root.text or ""
    # Bounded before it is parsed: each "[" makes a list, each "," one more value (counted in
    # strings too, which only ever refuses a copy), so a few bytes cannot become a large object.
    lists = body.count("[")
    if lists > MAX_ROWS + 1 or body.count(",") > MAX_CELLS + MAX_ROWS:
        return None
    try:
        rows = json.loads(body, parse_constant=_no_constant)
    except ValueError:
        return None
    if type(rows) is not list or len(rows) > MAX_ROWS or set(map(type, rows)) - {list}:
        return None
    if max(map(len, rows), default=0) > MAX_COLUMNS:
        return None
    values = chain.from_iterable(rows)  # checked in C, not value by value in Python
    if lists != len(rows) + 1 or "{" in body:  # else no list or object is in a row
        values = list(values)  # type: ignore[assignment]
        if set(map(type, values)) - _CELL_TYPES:
            return None
    strings = filter(str.__instancecheck__, values)
    if max(map(len, strings), default=0) > MAX_CELL_CHARS:
        return None  # only a string can be long: JSON refuses a number of 4,300 digits
    return rows


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} in a copy")  # NaN and infinities: no cell holds them


def updated_copy_parts(
    archive: zipfile.ZipFile,
    package: Package,
    tab: Tab,
    sheet_xml: bytes,
    cells: Mapping[tuple[int, int], Cell],
    current: Callable[[str], bytes],
    *,
    rows: list[list[Cell]] | None = None,
) -> tuple[dict[str, bytes], list[list[Cell]] | None]:
    """The parts to set so the copy of ``tab`` follows ``cells`` set in it (``sheet_xml``: the
    part after the change), and the rows the copy then holds. Nothing when the tab had no copy
    matching its part before: the copy left is then stale, and never read (its stamp is not the
    part's). ``rows``: the tab's rows before the change where the caller holds them (they are
    changed in place), else they are read from the copy."""
    before = rows
    if before is None:
        before = read_copies(archive, package, [tab], max_cells=MAX_CELLS).rows.get(tab.title)
    if before is None:
        return {}, None
    for (r, c), value in cells.items():
        while len(before) < r:
            before.append([])
        row = before[r - 1]
        while len(row) < c:
            row.append("")
        row[c - 1] = value
    return copy_parts(package, tab.part, sheet_xml, before, current), before
