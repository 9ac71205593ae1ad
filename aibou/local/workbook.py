"""A local ``.xlsx`` workbook as the spreadsheet port (openpyxl).

Reads every tab in one pass; writes a new rotation tab with every value as text or a number (a
string starting with ``=`` stays text, never a formula); marks the tab as aibou's with a
sheet-scoped defined name ``aibou_period`` (it survives a rename). Each write goes to a temporary
file that replaces the workbook atomically, so a crash leaves the old file or the new one, never
half of one. Nothing is saved unless a tab is added or aibou's own tab is updated.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aibou.domain.sheet.tabs import is_settings_tab, wanted_tab
from aibou.errors import AibouError, Busy, NotFound, PermissionDenied
from aibou.local.files import atomic_write
from aibou.ports import Cell, Sheet, Snapshot

if TYPE_CHECKING:
    from openpyxl import Workbook as OpenpyxlWorkbook

__all__ = ["Workbook"]

#: A lock older than this is taken to belong to a run that died, and is broken.
#: Characters from here on (CJK and beyond) take two columns' width in a spreadsheet.
WIDE_FROM = 0x2E80
#: The defined name that tags a tab as aibou's rotation for a period.
TAG = "aibou_period"
#: Widest column aibou sets when sizing the columns of its tab.
MAX_COLUMN_WIDTH = 60


class Workbook:
    """The spreadsheet port over the ``.xlsx`` file at ``path``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def _load(self, *, read_only: bool) -> OpenpyxlWorkbook:
        import openpyxl  # lazy: only the local adapter needs it

        try:
            return openpyxl.load_workbook(self.path, read_only=read_only, data_only=read_only)
        except FileNotFoundError as exc:
            raise NotFound(f"Workbook {self.path} does not exist. Check the path.") from exc
        except PermissionError as exc:
            raise PermissionDenied(f"Cannot open {self.path}: permission denied.") from exc
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise AibouError(
                f"{self.path} is not an .xlsx workbook ({exc}). Save it as .xlsx."
            ) from exc

    def read(self) -> Snapshot:
        book = self._load(read_only=True)
        try:
            sheets = []
            for ws in book.worksheets:
                tag = ws.defined_names.get(TAG)
                period = tag.attr_text.strip('"') if tag is not None and tag.attr_text else None
                wanted = wanted_tab(ws.title, period)
                if wanted:
                    ws.reset_dimensions()  # trust the cells, not the file's size header
                rows = [list(row) for row in ws.iter_rows(values_only=True)] if wanted else []
                sheets.append(Sheet(ws.title, rows, period))
        finally:
            book.close()
        return Snapshot(self.path.name, sheets)

    def add_rotation_tab(self, title: str, period_key: str, rows: Sequence[Sequence[Cell]]) -> None:
        from openpyxl.styles import Font
        from openpyxl.workbook.defined_name import DefinedName

        book = self._load(read_only=False)
        if title in book.sheetnames:
            raise AibouError(
                f"The workbook already has a tab named '{title}'; aibou never rewrites it."
            )
        ws = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                _set_raw(ws.cell(r, c), value)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column in ws.columns:
            width = max((_display_width(c.value) for c in column[: len(rows)]), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(width + 2, MAX_COLUMN_WIDTH)
        ws.defined_names[TAG] = DefinedName(TAG, attr_text=f'"{period_key}"')
        self._save(book)

    def update_rotation_tab(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        if not cells:
            return
        book = self._load(read_only=False)
        if title not in book.sheetnames:
            raise NotFound(
                f"The tab '{title}' is gone from {self.path}; it was deleted during the run."
            )
        ws = book[title]
        if TAG not in ws.defined_names:
            raise AibouError(f"The tab '{title}' was not written by aibou; aibou never edits it.")
        for (r, c), value in cells.items():
            _set_raw(ws.cell(r, c), value)
        self._save(book)

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        if not is_settings_tab(title):
            raise AibouError(f"'{title}' is not the Settings tab; aibou edits no other tab.")
        if not cells:
            return
        book = self._load(read_only=False)
        ws = book[title] if title in book.sheetnames else book.create_sheet(title)
        for (r, c), value in cells.items():
            _set_raw(ws.cell(r, c), value)
        self._save(book)

    def _save(self, book: OpenpyxlWorkbook) -> None:
        atomic_write(self.path, lambda temp: book.save(temp))

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        """An exclusive OS lock (``flock``) per workbook, released when the run ends or dies.

        The lock file lives in the temporary directory, named after the workbook's real path,
        so nothing is left beside the user's file.
        """
        digest = hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]
        lock_path = Path(tempfile.gettempdir()) / f"aibou-{digest}.lock"
        with open(lock_path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(f"Another aibou run is working on {self.path.name}.") from None
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(owner)
                handle.flush()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _set_raw(cell: object, value: Cell) -> None:
    """Write ``value`` as it is: strings stay strings even when they start with ``=``."""
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) >= WIDE_FROM else 1 for ch in text)
