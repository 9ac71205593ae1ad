"""A local ``.xlsx`` workbook as the spreadsheet port (openpyxl).

Reads every tab in one pass; writes a new rotation tab with every value as text or a number (a
string starting with ``=`` stays text, never a formula); marks the tab as aibou's with a
sheet-scoped defined name ``aibou_period`` (it survives a rename). Each write goes to a temporary
file that replaces the workbook atomically, so a crash leaves the old file or the new one, never
half of one. Nothing is saved unless a tab is added or aibou's own tab is updated.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aibou.domain.tabs import is_settings_tab, wanted_tab
from aibou.errors import AibouError, Busy, NotFound, PermissionDenied
from aibou.ports import Cell, Sheet, Snapshot

if TYPE_CHECKING:
    from openpyxl import Workbook as OpenpyxlWorkbook

__all__ = ["LOCK_TTL_SECONDS", "Workbook"]

#: A lock older than this is taken to belong to a run that died, and is broken.
LOCK_TTL_SECONDS = 600
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
        handle, temp = tempfile.mkstemp(prefix=".~aibou.", suffix=".xlsx", dir=self.path.parent)
        os.close(handle)
        try:
            book.save(temp)
            os.chmod(temp, self.path.stat().st_mode & 0o777)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        lock = self.path.with_name(f".~aibou.{self.path.name}.lock")
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _expired(lock):
                    lock.unlink(missing_ok=True)
                    continue
                raise Busy(
                    f"Another aibou run is working on {self.path.name} ({lock} exists)."
                ) from None
            with os.fdopen(fd, "w") as f:
                json.dump({"owner": owner, "expires": time.time() + LOCK_TTL_SECONDS}, f)
            break
        else:
            raise Busy(f"Another aibou run is working on {self.path.name}.")
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)


def _expired(lock: Path) -> bool:
    try:
        expires = float(json.loads(lock.read_text())["expires"])
    except (OSError, ValueError, KeyError, TypeError):
        return time.time() - lock.stat().st_mtime > LOCK_TTL_SECONDS if lock.exists() else True
    return time.time() > expires


def _set_raw(cell: object, value: Cell) -> None:
    """Write ``value`` as it is: strings stay strings even when they start with ``=``."""
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
