"""An ``.xlsx`` file as what it is: a zip of XML parts (ECMA-376, Office Open XML).

aibou reads the zip's directory and the workbook part first and refuses a file past bounded
sizes before anything parses a cell (:func:`open_package`); it writes by adding or changing
only its own parts and copying every other entry unchanged (:func:`rewrite`), so macros,
images, charts, pivot tables, comments, data validation and conditional formats stay as they
were. Worksheet parts are made and edited by :mod:`aibou.local.sheetxml`.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from aibou.errors import AibouError, InvalidInput
from aibou.local.messages import problem, text

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Package",
    "Tab",
    "open_package",
    "rewrite",
    "tagged_tabs",
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = f"{RELS}/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CONTENT_TYPES = "[Content_Types].xml"

#: Entries a workbook may hold (a real one has tens; each costs a directory record).
MAX_ENTRIES = 10_000
#: Uncompressed bytes of the parts aibou parses (workbook, strings, styles, the tabs it reads).
#: A 10,000-member workbook with eight rotation tabs holds about 10 MiB of them.
MAX_READ_BYTES = 128 * 2**20
#: Rows and columns of a tab aibou reads (the roster, the settings, a rotation tab): five-digit
#: row numbers, columns A to CZ (so a reference past them shows in its first characters).
MAX_ROWS = 99_999
MAX_COLUMNS = 104
#: Cells aibou holds in memory at once, over every tab it reads (rows × widest row).
MAX_CELLS = 4_000_000
#: Google Sheets' own limit of characters in one cell.
MAX_CELL_CHARS = 50_000

#: A cell reference as python-calamine reads it: column letters in either case, then the row.
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")
#: A row or column number past every bound (a reference too long to be read as one).
_FAR = 10**9
#: Text of at least MAX_CELL_CHARS bytes between two tags: maybe a string over the limit.
_LONG = re.compile(rb">[^<]{%d,}<" % (MAX_CELL_CHARS + 1))


@dataclass(frozen=True)
class Tab:
    """One worksheet: its title, its zip entry, its place in ``<sheets>`` and aibou's tag."""

    title: str
    part: str
    index: int
    tag: str | None


@dataclass(frozen=True)
class Package:
    """The directory and workbook part of an ``.xlsx``, read and checked."""

    path: Path
    names: frozenset[str]
    workbook_part: str
    tabs: tuple[Tab, ...]

    def tab(self, title: str) -> Tab | None:
        return next((t for t in self.tabs if t.title == title), None)

    @property
    def rels_part(self) -> str:
        return _rels_of(self.workbook_part)


@contextmanager
def open_package(path: Path, tag: str) -> Iterator[tuple[Package, zipfile.ZipFile]]:
    """Open the workbook at ``path``: its directory checked, its tabs and their ``tag`` read.

    Raises :class:`InvalidInput` (naming the file) for a file past the bounds above, and
    :class:`AibouError` for a file that is not a workbook.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise AibouError(text("not_xlsx", file=path.name)) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise InvalidInput([problem(None, "too_many_parts", file=path.name, limit=MAX_ENTRIES)])
        names = frozenset(i.filename for i in infos)
        if len({_fold(n) for n in names}) != len(infos):  # two entries one reader takes as one
            raise AibouError(text("not_xlsx", file=path.name))
        workbook_part = _workbook_part(archive, names, path)
        tabs = _tabs(archive, names, workbook_part, tag, path)
        yield Package(path, names, workbook_part, tabs), archive


def tagged_tabs(archive: zipfile.ZipFile, package: Package, tag: str) -> tuple[Tab, ...]:
    """``package``'s tabs that carry the sheet-scoped defined name ``tag`` (its value their
    :attr:`Tab.tag`)."""
    tabs = _tabs(archive, package.names, package.workbook_part, tag, package.path)
    return tuple(t for t in tabs if t.tag is not None)


def check_bounds(
    archive: zipfile.ZipFile,
    package: Package,
    tabs: list[Tab],
    *,
    held: int = 0,
    held_bytes: int = 0,
) -> bool:
    """Refuse a workbook whose parts aibou reads are too large, too long or too wide.

    Sizes come from the zip's directory, before anything is inflated; rows and columns from a
    streaming parse of each tab's XML (:func:`_extent`), before any reader lays its cells out
    in memory: a tab past :data:`MAX_ROWS` or :data:`MAX_COLUMNS`, or tabs whose grids hold
    more than :data:`MAX_CELLS` together with the ``held`` cells of other tabs (read from
    ``held_bytes`` of other parts, counted against :data:`MAX_READ_BYTES`), are refused. A
    tab whose part is not in the file is refused too. Returns whether a string may be longer
    than :data:`MAX_CELL_CHARS` (the cells are then checked one by one).
    """
    name = package.path.name
    scanned = {p: [p] if p in package.names else [] for p in [package.workbook_part]}
    for tab in tabs:
        scanned[tab.part] = _candidates(package, tab.part)
        if not scanned[tab.part]:
            raise AibouError(text("broken_part", file=name, part=tab.part or tab.title))
    parts = {p for found in scanned.values() for p in found}
    strings = [p for p in package.names if p.lower().endswith("sharedstrings.xml")]
    parts |= set(strings) | {p for p in package.names if p.lower().endswith("styles.xml")}
    total = held_bytes + sum(archive.getinfo(p).file_size for p in parts)
    if total > MAX_READ_BYTES:
        raise InvalidInput(
            [problem(None, "too_large", file=name, size=total >> 20, limit=MAX_READ_BYTES >> 20)]
        )
    for part in (CONTENT_TYPES, package.workbook_part, package.rels_part):  # what a write edits
        try:
            _read(archive, part, name).decode("utf-8")
        except (KeyError, UnicodeDecodeError) as exc:
            raise AibouError(text("broken_part", file=name, part=part)) from exc
    long_strings = any(_LONG.search(_read(archive, p, name)) for p in strings)
    cells = held
    for tab in tabs:
        for part in scanned[tab.part]:
            xml = _read(archive, part, name)
            rows, columns = _extent(xml, name, part)
            if rows > MAX_ROWS:
                raise InvalidInput([problem(tab.title, "too_many_rows", file=name, limit=MAX_ROWS)])
            if columns > MAX_COLUMNS:
                raise InvalidInput(
                    [problem(tab.title, "too_many_columns", file=name, limit=MAX_COLUMNS)]
                )
            cells += rows * columns
            if cells > MAX_CELLS:
                raise InvalidInput([problem(None, "too_many_cells", file=name, limit=MAX_CELLS)])
            long_strings = long_strings or _LONG.search(xml) is not None
    return long_strings


def _fold(part: str) -> str:
    """A zip entry name as compared by readers that find parts case-insensitively."""
    return posixpath.normpath(part.replace("\\", "/")).lstrip("/").lower()


def _candidates(package: Package, part: str) -> list[str]:
    """The zip entries a reader may take for ``part``: the entry of that name (in any case),
    or of the name a reader that prefixes ``xl/`` to a target would make of it."""
    folded = {_fold(n): n for n in package.names}
    names = {_fold(part), _fold(f"xl/{part}")} if part else set()
    return sorted({folded[n] for n in names if n in folded})


def _extent(xml: bytes, name: str, part: str) -> tuple[int, int]:
    """The rows and columns of the grid a worksheet part's cells are laid out in, from A1.

    :func:`_plain_extent` where the part is written as every spreadsheet program writes it,
    else :func:`_parsed_extent`.
    """
    found = _plain_extent(xml)
    return found if found is not None else _parsed_extent(xml, name, part)


#: Markup other than elements (comments, CDATA, a document type, processing instructions).
_MARKUP = re.compile(rb"<[!?]")
#: What may be a ``c`` or ``row`` tag or an ``r`` attribute written in another way than
#: ``<c r="``: with a prefix, a tab or a line break after the name, spaces before or after
#: ``=``, single quotes. (Each is one scan from a literal, which is what makes them fast.)
_ODD = (
    re.compile(rb":(?:c|row)[\s/>]"),
    re.compile(rb"<(?:c|row)[\t\r\n]"),
    re.compile(rb"r(?:\s+=|=[^\"])"),
)
_ODD_BYTES = (b"\tr=", b"\nr=", b"\rr=")
#: A start tag whose first attribute is ``r``, as written by Excel, LibreOffice, Google
#: Sheets, openpyxl and aibou.
_CELL_REFS = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,9})"[\s/>]')
_ROW_REFS = re.compile(rb'<row r="([0-9]{1,9})"[\s/>]')


def _plain_extent(xml: bytes) -> tuple[int, int] | None:
    """:func:`_parsed_extent` of a part in the shape spreadsheet programs write, found by a few
    scans in C instead of a Python call per element; ``None`` for any other shape.

    The shape: nothing but elements (no ``<!``, no ``<?`` past the declaration), as many
    ``<`` as ``>`` (so no ``>`` in text or in a value, and every tag is one ``<...>``), no
    prefixed ``c`` or ``row``, every ``c`` and ``row`` start tag has ``r`` as its first
    attribute (a plain reference in double quotes), and there is no other ``r="`` anywhere,
    nor an ``r`` attribute written another way. Every cell then sits at its reference, so the
    grid is the largest row and column referenced.

    >>> _plain_extent(b'<sheetData><row r="2"><c r="B2"><v>1</v></c><c r="c3"/></row></sheetData>')
    (3, 3)
    >>> _plain_extent(b"<row><c><v>1</v></c></row>") is None  # placed one after another
    True
    """
    if (
        _MARKUP.search(xml, 1) is not None
        or xml.count(b"<") != xml.count(b">")
        or any(odd.search(xml) is not None for odd in _ODD)
        or any(odd in xml for odd in _ODD_BYTES)
        or xml.count(b":r=") != xml.count(b"xmlns:r=")  # a prefixed r (a namespace is fine)
    ):
        return None
    cells = _CELL_REFS.findall(xml)
    rows = _ROW_REFS.findall(xml)
    tags = sum(xml.count(b"<c" + end) for end in (b" ", b"/", b">"))
    tags += sum(xml.count(b"<row" + end) for end in (b" ", b"/", b">"))
    if not len(cells) + len(rows) == tags == xml.count(b' r="'):
        return None
    letters = {column for column, _ in cells}
    numbers = {int(row) for row in {row for _, row in cells} | set(rows)}
    return max(numbers, default=0), max((_column(c.decode()) for c in letters), default=0)


def _parsed_extent(xml: bytes, name: str, part: str) -> tuple[int, int]:
    """The grid of a worksheet part, by a streaming parse (expat, no document type allowed)
    that places cells as python-calamine does: at a cell's ``r`` reference (letters in either
    case, then digits), else just right of the cell before it; a row at its ``r``, else just
    below the row before it. A reference it cannot read makes the part broken.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    grid = [0, 0]  # rows, columns
    at = [0, 0]  # the current row, the current cell's column

    def refuse(*_: object) -> None:
        raise ValueError("a document type in a worksheet")

    def start(tag: str, attributes: dict[str, str]) -> None:  # hot: one call per element
        if tag == "c" or tag.endswith(":c"):
            ref = _ref(attributes)
            if ref is None:
                at[1] += 1
            else:
                match = _REF.fullmatch(ref)
                if match is None:
                    raise ValueError(f"cell reference {ref!r}")
                at[1] = _column(match.group(1))
                row = _number(match.group(2))
                if row > grid[0]:
                    grid[0] = row
            if at[1] > grid[1]:
                grid[1] = at[1]
        elif tag == "row" or tag.endswith(":row"):
            ref = _ref(attributes)
            at[0] = at[0] + 1 if ref is None else _number(ref)
            at[1] = 0
            if at[0] > grid[0]:
                grid[0] = at[0]

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError) as exc:
        raise AibouError(text("broken_part", file=name, part=part)) from exc
    return grid[0], grid[1]


def _ref(attributes: dict[str, str]) -> str | None:
    ref = attributes.get("r")
    if ref is None and any(k.endswith(":r") for k in attributes):
        raise ValueError("a prefixed reference")  # read by some readers, not by others
    return ref


def _number(digits: str) -> int:
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"row number {digits!r}")
    return int(digits) if len(digits) < 10 else _FAR


def _column(letters: str) -> int:
    """``A`` is 1, ``CZ`` 104 (either case); longer than ``XFD`` is past every bound."""
    number = 0
    for letter in letters[:4].upper():
        number = number * 26 + ord(letter) - 64
    return number if len(letters) < 4 else _FAR


def _read(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    try:
        return archive.read(part)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        # RuntimeError: an encrypted entry; NotImplementedError: a compression zipfile lacks
        raise AibouError(text("broken_part", file=name, part=part)) from exc


def _xml(archive: zipfile.ZipFile, part: str, name: str) -> Element:
    try:
        return fromstring(_read(archive, part, name))
    except (ParseError, DefusedXmlException) as exc:
        raise AibouError(text("broken_part", file=name, part=part)) from exc


def _rels_of(part: str) -> str:
    folder, file = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{file}.rels")


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a zip entry name (targets are relative to the source part)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _workbook_part(archive: zipfile.ZipFile, names: frozenset[str], path: Path) -> str:
    if "_rels/.rels" in names:
        for rel in _xml(archive, "_rels/.rels", path.name):
            if rel.get("Type", "").endswith("/officeDocument"):
                part = _resolve("/", rel.get("Target", ""))
                if _fold(part) != "xl/workbook.xml":  # where python-calamine reads it from
                    raise AibouError(text("not_xlsx", file=path.name))
                return part
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    raise AibouError(text("not_xlsx", file=path.name))


def _tabs(
    archive: zipfile.ZipFile, names: frozenset[str], workbook: str, tag: str, path: Path
) -> tuple[Tab, ...]:
    if workbook not in names:
        raise AibouError(text("not_xlsx", file=path.name))
    root = _xml(archive, workbook, path.name)
    rels_part = _rels_of(workbook)
    targets = {}
    if rels_part in names:
        targets = {
            r.get("Id"): _resolve(workbook, r.get("Target", ""))
            for r in _xml(archive, rels_part, path.name)
        }
    tags = {}
    for defined in root.iter(f"{{{MAIN}}}definedName"):
        sheet = defined.get("localSheetId", "")
        if defined.get("name") == tag and sheet.isdecimal() and sheet.isascii() and len(sheet) < 10:
            tags[int(sheet)] = (defined.text or "").strip().strip('"')
    return tuple(
        Tab(sheet.get("name", ""), targets.get(sheet.get(f"{{{RELS}}}id"), ""), i, tags.get(i))
        for i, sheet in enumerate(root.iter(f"{{{MAIN}}}sheet"))
    )


def rewrite(source: Path, target: Path, changed: Mapping[str, bytes]) -> None:
    """Write to ``target`` the zip at ``source`` with the parts in ``changed`` set (or added).

    Every other entry is copied as it is, in order, with its own compression and metadata: its
    compressed bytes are copied, not inflated and deflated again.
    """
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename in changed:
                dst.writestr(info, changed[info.filename], compress_type=zipfile.ZIP_DEFLATED)
                continue
            large = max(info.file_size, info.compress_size) >= zipfile.ZIP64_LIMIT
            if not large and not info.flag_bits & 0x01:  # neither zip64 nor encrypted
                _copy_compressed(src, dst, info)
                continue
            with src.open(info) as reader, dst.open(copy(info), "w", force_zip64=large) as out:
                shutil.copyfileobj(reader, out, 2**20)
        for name, data in changed.items():
            if name not in src.NameToInfo:
                dst.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def _copy_compressed(src: zipfile.ZipFile, dst: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Append entry ``info`` of ``src`` to ``dst`` as it is stored (zipfile has no call for it)."""
    assert src.fp is not None
    assert dst.fp is not None
    src.fp.seek(info.header_offset)
    header = src.fp.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header: {info.filename}")
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    src.fp.seek(info.header_offset + 30 + skip)
    data = src.fp.read(info.compress_size)
    if len(data) != info.compress_size:
        raise zipfile.BadZipFile(f"truncated entry: {info.filename}")
    entry = copy(info)
    entry.flag_bits &= ~0x08  # sizes and CRC are in the header: no data descriptor follows
    entry.header_offset = dst.fp.tell()
    dst.fp.write(entry.FileHeader(False))
    dst.fp.write(data)
    dst.filelist.append(entry)
    dst.NameToInfo[entry.filename] = entry
    dst.start_dir = dst.fp.tell()
    dst._didModify = True
