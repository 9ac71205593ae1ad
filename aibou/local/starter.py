"""``aibou init`` offline: a NEW ``.xlsx`` workbook holding the starter tabs.

There is nothing of the user's to preserve in a new file, so openpyxl writes it whole: the roster
with its header row frozen and drop-down lists (data validation) on its function, location and
status columns, then the Settings tab. An existing file is never touched: ``init`` refuses it
(:class:`~aibou.errors.InvalidInput`, naming the file), whether or not it has a roster. The file
appears atomically and only if nobody created it meanwhile (a hard link, which fails on an
existing name).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from aibou.domain.i18n import message
from aibou.domain.model import Problem
from aibou.domain.sheet.cells import column_letter
from aibou.domain.sheet.template import StarterTabs
from aibou.errors import AibouError, InvalidInput

__all__ = ["ROSTER_ROWS", "refuse_existing", "write_new_workbook"]

#: How many rows below the header the drop-down lists cover.
ROSTER_ROWS = 1000


def refuse_existing(path: Path, language: str) -> InvalidInput:
    """The error for ``init`` on a file that exists (no tab: the file itself is the problem)."""
    words = message(language, "init.exists", file=path.name)
    return InvalidInput([Problem(None, None, None, words)])


def write_new_workbook(path: Path, tabs: StarterTabs) -> None:
    """Create ``path`` holding ``tabs``; raise :class:`InvalidInput` if it exists already."""
    import openpyxl
    from openpyxl.worksheet.datavalidation import DataValidation

    if path.exists():
        raise refuse_existing(path, tabs.language)
    book = openpyxl.Workbook()
    roster = book.active
    roster.title = tabs.roster_title
    roster.append(list(tabs.roster_header))
    roster.freeze_panes = "A2"
    for column, choices in tabs.choices.items():
        letter = column_letter(column + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        rule.add(f"{letter}2:{letter}{ROSTER_ROWS + 1}")
        roster.add_data_validation(rule)
    for column, label in enumerate(tabs.roster_header, start=1):
        roster.column_dimensions[column_letter(column)].width = max(14, 2 * len(label) + 4)
    if tabs.settings_title:
        settings = book.create_sheet(tabs.settings_title)
        for row in tabs.settings_rows:
            settings.append(list(row))
        settings.freeze_panes = "A2"
        for letter, width in (("A", 24), ("B", 16), ("C", 60)):
            settings.column_dimensions[letter].width = width
    _create(path, book, tabs.language)


def _create(path: Path, book: object, language: str) -> None:
    folder = path.resolve().parent
    if not folder.is_dir():
        raise AibouError(f"{folder} does not exist: create the folder first.")
    handle, temp = tempfile.mkstemp(prefix=".aibou-init-", suffix=".xlsx", dir=folder)
    os.close(handle)
    try:
        book.save(temp)  # type: ignore[attr-defined]
        try:
            os.link(temp, path)
        except FileExistsError as exc:
            raise refuse_existing(path, language) from exc
    finally:
        os.unlink(temp)
