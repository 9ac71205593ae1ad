"""One exception family for aibou.

Library errors are translated at the adapter boundary (``raise AibouError(...) from exc``) so the
service and the entrypoints only ever see these. Each says what went wrong, where, and what to do.
The base class and the domain's own errors live in :mod:`aibou.domain.errors` (the domain imports
nothing outside itself) and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aibou.domain.errors import AibouError, PinsUnsatisfiable

if TYPE_CHECKING:
    from aibou.domain.model import Problem

__all__ = [
    "AibouError",
    "Busy",
    "InvalidInput",
    "MeetUnreadable",
    "NotFound",
    "PermissionDenied",
    "PinsUnsatisfiable",
    "Unavailable",
]


class InvalidInput(AibouError):
    """A file was refused before it was read (too large, too wide, not a workbook); nothing was
    written. ``problems`` lists each problem with its tab, row and column where it has them.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input:\n{lines}")


class Busy(AibouError):
    """Another run holds the lock for this spreadsheet or workbook; try again later."""


class NotFound(AibouError):
    """The spreadsheet, workbook or calendar does not exist or is not shared with aibou."""


class PermissionDenied(AibouError):
    """The credentials in use may not read or write what was asked."""


class Unavailable(AibouError):
    """A Google API kept failing after retries; the run can be repeated safely."""


class MeetUnreadable(AibouError):
    """Google Meet's records cannot be read; ``reason`` is one of ``off`` (the API is not
    enabled), ``denied`` (the scope is not granted) or ``unavailable`` (Meet kept failing).
    A report carries on without them and says why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(detail or f"Google Meet cannot be read ({reason})")
