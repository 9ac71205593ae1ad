"""Rosters and workbooks for tests, built the way users lay them out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

JA_HEADER = ["名前", "メール", "職能", "勤務形態", "ステータス"]
EN_HEADER = ["name", "email", "function", "location", "status"]
LABELS = {"sales": "セールス", "cs": "CS", "dev": "エンジニア"}


def roster_rows(
    counts: Mapping[str, int], *, header: Sequence[str] = JA_HEADER, remote_every: int = 4
) -> list[list[str]]:
    """A roster with ``counts`` people per function, every ``remote_every``-th person remote."""
    rows: list[list[str]] = [list(header)]
    i = 0
    for function, n in counts.items():
        for k in range(n):
            i += 1
            location = "リモート" if i % remote_every == 0 else "オフィス"
            rows.append(
                [
                    f"{function}{k + 1:02d} 太郎",
                    f"{function}{k + 1:02d}@example.jp",
                    LABELS.get(function, function),
                    location,
                    "",
                ]
            )
    return rows


def write_workbook(path: Path, tabs: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """An .xlsx with ``tabs`` in order, as a user would keep it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path
