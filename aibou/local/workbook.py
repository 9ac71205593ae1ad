"""A local ``.xlsx`` (or ``.xlsm``) workbook as the spreadsheet port.

Reading: the zip's directory and workbook part first, refusing a file past bounded sizes
(:mod:`aibou.local.xlsx`); then only the tabs aibou needs (roster, settings, rotations), by
python-calamine. Writing: aibou's new tab and its later cell updates are new or changed parts,
and every other part of the file is copied unchanged (:func:`aibou.local.xlsx.rewrite`), so
macros, images, charts, pivot tables and everything else aibou does not model survive. A tab
is marked as aibou's by a hidden, sheet-scoped defined name ``aibou_period`` (it survives a
rename). Each write goes to a temporary file beside the real workbook (through a symbolic
link) that replaces it atomically; a temporary file left by a killed run is removed by the next
run that takes the lock.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from aibou.domain.report.tabs import ReportTab
from aibou.domain.sheet.cells import column_letter
from aibou.domain.sheet.tabs import is_settings_tab, wanted_tab
from aibou.domain.sheet.template import StarterTabs
from aibou.errors import AibouError, InvalidInput, NotFound, PermissionDenied
from aibou.local import sheetxml
from aibou.local.copies import copy_parts, read_copies, updated_copy_parts
from aibou.local.files import atomic_write, remove_stale_temps
from aibou.local.lock import workbook_lock
from aibou.local.messages import problem, text
from aibou.local.report_tabs import report_parts
from aibou.local.written import read_records, record_parts
from aibou.local.xlsx import (
    CONTENT_TYPES,
    MAX_CELL_CHARS,
    MAX_CELLS,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    Package,
    Tab,
    check_bounds,
    open_package,
    rewrite,
)
from aibou.ports import Cell, Sheet, Snapshot

__all__ = ["SUFFIXES", "TAG", "Workbook"]

#: The defined name that tags a tab as aibou's rotation for a period.
TAG = "aibou_period"
#: The files aibou reads: Office Open XML workbooks, with or without macros.
SUFFIXES = (".xlsx", ".xlsm")


class Workbook:
    """The spreadsheet port over the workbook at ``path`` (a symbolic link is followed)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        #: The rows of each worksheet part this object last wrote with a copy, by part name,
        #: with the part's CRC-32 and size: a later update of the part while it is still as
        #: written changes them instead of reading the copy back.
        self._rows: dict[str, tuple[int, int, list[list[Cell]]]] = {}

    @property
    def _real(self) -> Path:
        return Path(os.path.realpath(self.path))

    @contextmanager
    def _open(self) -> Iterator[tuple[Package, zipfile.ZipFile]]:
        if self.path.suffix.lower() not in SUFFIXES:
            raise AibouError(text("other_format", file=self.path.name))
        try:
            if not stat.S_ISREG(os.stat(self._real).st_mode):  # a pipe or a device never ends
                raise AibouError(text("not_xlsx", file=self.path.name))
            with open_package(self._real, TAG) as opened:
                yield opened
        except FileNotFoundError as exc:
            raise NotFound(text("missing", file=self.path)) from exc
        except PermissionError as exc:
            raise PermissionDenied(text("denied", file=self.path)) from exc
        except IsADirectoryError as exc:
            raise AibouError(text("not_xlsx", file=self.path.name)) from exc
        except OSError as exc:  # a loop of symbolic links, a name too long
            raise NotFound(text("missing", file=self.path)) from exc

    def read(self) -> Snapshot:
        """The tabs aibou needs: rotation tabs it wrote and nobody changed since from its copy
        of their rows (:mod:`aibou.local.copies`), the others by python-calamine."""
        with self._open() as (package, archive):
            wanted = [t for t in package.tabs if wanted_tab(t.title, t.tag)]
            copies = read_copies(archive, package, wanted, max_cells=MAX_CELLS)
            unread = [t for t in wanted if t.title not in copies.rows]
            long_strings = check_bounds(
                archive, package, unread, held=copies.cells, held_bytes=copies.size
            )
            records = read_records(archive, package)
        values = _read_values(
            self._real, self.path.name, unread, check_lengths=long_strings, held=copies.cells
        )
        values.update(copies.rows)
        sheets = [
            Sheet(
                t.title,
                values.get(t.title, []),
                t.tag,
                written=records.get(t.tag) if t.tag else None,
                intact=t.title in copies.rows,
            )
            for t in package.tabs
        ]
        return Snapshot(self.path.name, sheets)

    def add_rotation_tab(
        self,
        title: str,
        period_key: str,
        rows: Sequence[Sequence[Cell]],
        *,
        written: str | None = None,
    ) -> None:
        self._add_tab(title, rows, tag=period_key, written=written)

    def update_rotation_tab(
        self, title: str, cells: Mapping[tuple[int, int], Cell], *, written: str | None = None
    ) -> None:
        """The cells, and the tab's new record (:mod:`aibou.local.written`), in one rewrite."""
        if not cells:
            return
        with self._open() as (package, archive):
            tab = package.tab(title)
            if tab is None:
                raise NotFound(text("tab_gone", title=title, file=self.path.name))
            if tab.tag is None:
                raise AibouError(text("not_ours", title=title))
            changed = _set_cells(archive, tab, cells)
            current = _current(archive, changed)
            copy, rows = updated_copy_parts(
                archive, package, tab, changed[tab.part], cells, current,
                rows=self._held(archive, tab.part),
            )  # fmt: skip
            changed |= copy
            self._hold(tab.part, changed[tab.part], rows if copy else None)
            if written is not None:
                changed |= record_parts(archive, package, tab.tag, written, current)
        self._rewrite(changed)

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        if not is_settings_tab(title):
            raise AibouError(text("not_settings", title=title))
        if not cells:
            return
        with self._open() as (package, archive):
            tab = package.tab(title)
            changed = _set_cells(archive, tab, cells) if tab is not None else None
        if changed is not None:
            self._rewrite(changed)
            return
        height = max(r for r, _ in cells)
        width = max(c for _, c in cells)
        rows = [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]
        self._add_tab(title, rows, tag=None)

    def write_report_tab(self, tab: ReportTab) -> None:
        """Create the report tab, or rewrite aibou's tab of its kind whole; nothing else changes
        (:mod:`aibou.local.report_tabs`)."""
        with self._open() as (package, archive):
            changed = report_parts(archive, package, tab)
        self._rewrite(changed)

    def add_starter_tabs(self, tabs: StarterTabs) -> None:
        """``init``: create this workbook with ``tabs``; an existing file is refused, untouched."""
        from aibou.local.starter import write_new_workbook

        if self.path.suffix.lower() not in SUFFIXES:
            raise AibouError(text("other_format", file=self.path.name))
        write_new_workbook(self.path, tabs)

    def _add_tab(
        self,
        title: str,
        rows: Sequence[Sequence[Cell]],
        *,
        tag: str | None,
        written: str | None = None,
    ) -> None:
        with self._open() as (package, archive):
            if package.tab(title) is not None:
                raise AibouError(text("tab_exists", title=title))
            try:
                part, changed = _new_tab_parts(archive, package, title, rows, tag)
            except (KeyError, ValueError) as exc:  # a part missing, not UTF-8, or not as written
                raise AibouError(text("broken_part", file=self.path.name, part="xl/")) from exc
            if tag is not None:
                current = _current(archive, changed)
                copy = copy_parts(package, part, changed[part], rows, current)
                changed |= copy
                self._hold(part, changed[part], [list(row) for row in rows] if copy else None)
                if written is not None:
                    changed |= record_parts(archive, package, tag, written, current)
        self._rewrite(changed)

    def _held(self, archive: zipfile.ZipFile, part: str) -> list[list[Cell]] | None:
        """The rows this object wrote to ``part``, if the part is still as it wrote it."""
        held = self._rows.pop(part, None)
        if held is None:
            return None
        crc, size, rows = held
        info = archive.getinfo(part)
        return rows if (info.CRC, info.file_size) == (crc, size) else None

    def _hold(self, part: str, xml: bytes, rows: list[list[Cell]] | None) -> None:
        if rows is not None:
            self._rows[part] = (zlib.crc32(xml), len(xml), rows)

    def _rewrite(self, changed: Mapping[str, bytes]) -> None:
        real = self._real
        atomic_write(real, lambda temp: rewrite(real, temp, changed))

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        """The workbook's lock (:mod:`aibou.local.lock`); ``owner`` is not recorded locally.

        Holding it, no other aibou run writes this workbook, so temporary files a killed run
        left beside it are removed.
        """
        with workbook_lock(self._real):
            remove_stale_temps(self._real)
            yield


def _current(archive: zipfile.ZipFile, changed: Mapping[str, bytes]) -> Callable[[str], bytes]:
    """A part as the write in progress leaves it (``changed`` grows as parts are added)."""
    return lambda name: changed.get(name) or archive.read(name)


def _read_values(
    path: Path, name: str, tabs: Sequence[Tab], *, check_lengths: bool, held: int = 0
) -> dict[str, list[list[Cell]]]:
    """The cell values of ``tabs`` row by row from A1, by python-calamine.

    ``check_lengths``: the file may hold a string over the limit; find it, cell by cell.
    ``held``: cells already in memory, from other tabs.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    values: dict[str, list[list[Cell]]] = {}
    cells = held
    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            for tab in tabs:
                if tab.title in book.sheet_names:
                    rows = book.get_sheet_by_name(tab.title).to_python(skip_empty_area=False)
                    cells += len(rows) * len(rows[0]) if rows else 0
                    if cells > MAX_CELLS:
                        found = problem(None, "too_many_cells", file=name, limit=MAX_CELLS)
                        raise InvalidInput([found])
                    if check_lengths:
                        _check_lengths(tab.title, name, rows)
                    values[tab.title] = rows
        finally:
            book.close()
    except (CalamineError, ValueError, OSError) as exc:
        raise AibouError(f"{text('broken_part', file=name, part='xl/')} ({exc})") from exc
    return values


def _check_lengths(title: str, name: str, rows: Sequence[Sequence[object]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                found = problem(title, "cell_too_long", r, column_letter(c), file=name,
                                length=len(value), limit=MAX_CELL_CHARS)  # fmt: skip
                raise InvalidInput([found])


def _set_cells(
    archive: zipfile.ZipFile, tab: Tab, cells: Mapping[tuple[int, int], Cell]
) -> dict[str, bytes]:
    updated = sheetxml.set_cells(archive.read(tab.part), cells)
    if updated is None:
        raise AibouError(text("no_cell_refs", title=tab.title))
    return {tab.part: updated}


def _new_tab_parts(
    archive: zipfile.ZipFile,
    package: Package,
    title: str,
    rows: Sequence[Sequence[Cell]],
    tag: str | None,
) -> tuple[str, dict[str, bytes]]:
    """The new tab's worksheet part, and the parts to add and change for a new tab ``title``
    (last) holding ``rows``."""
    changed: dict[str, bytes] = {}
    folder = package.workbook_part.rpartition("/")[0]
    number = len(package.tabs) + 1
    while f"{folder}/worksheets/sheet{number}.xml" in package.names:
        number += 1
    part = f"{folder}/worksheets/sheet{number}.xml"
    styles = f"{folder}/styles.xml"
    is_rotation = tag is not None
    bold = None
    if is_rotation and styles in package.names:
        added = sheetxml.add_bold_style(archive.read(styles))
        if added is not None:
            changed[styles], bold = added
    changed[part] = sheetxml.new_sheet(rows, header_style=bold if is_rotation else None,
                                       frozen=is_rotation)  # fmt: skip
    rels = archive.read(package.rels_part)
    changed[package.rels_part], rel_id = sheetxml.add_relationship(
        rels, f"worksheets/sheet{number}.xml", WORKSHEET_TYPE
    )
    changed[package.workbook_part] = sheetxml.add_sheet_entry(
        archive.read(package.workbook_part), title, rel_id, (TAG, tag) if tag else None
    )
    changed[CONTENT_TYPES] = sheetxml.add_content_type(
        archive.read(CONTENT_TYPES), part, WORKSHEET_CONTENT
    )
    return part, changed
