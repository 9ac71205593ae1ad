"""Sending a rotation's invitations a chunk of groups at a time, with the progress in the tab.

A large rotation's invitations take minutes of Calendar quota (DESIGN.md §9). They are sent in
chunks of :data:`INVITE_CHUNK` groups; after each chunk its event links go into the tab with the
progress cell (:data:`PROGRESS_CELL`, ``招待 1,200 / 3,334``) in the same write, so a run that
stops keeps what it did and a reader sees how far it is. The cell is emptied when every group
has its link. The same step serves an in-process run and a Cloud Task carrying one chunk.

Whoever waits for a run (the command line's progress bar) can :func:`observe` the progress.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from aibou.domain.i18n import message
from aibou.domain.sheet.cells import text
from aibou.domain.sheet.history import CALENDAR_COLUMN
from aibou.ports import Calendar, Cell, Sheet, Spreadsheet, Templates
from aibou.service.invites import event_specs

if TYPE_CHECKING:
    from aibou.service.rotate import RotationPlan

__all__ = [
    "INVITE_CHUNK",
    "PROGRESS_CELL",
    "chunked",
    "observe",
    "progress_cell",
    "progress_text",
    "send_invites",
]

#: Groups whose events are made (and links written) in one step, or carried by one Cloud Task.
INVITE_CHUNK = 100
#: (row, column), 1-based: the cell right of the calendar column's header, aibou's own.
PROGRESS_CELL = (1, CALENDAR_COLUMN + 1)

Progress = Callable[[int, int], None]
_observer: ContextVar[Progress | None] = ContextVar("aibou_progress", default=None)


@contextmanager
def observe(callback: Progress) -> Iterator[None]:
    """Call ``callback(done, total)`` (groups invited so far, groups in all) while inside."""
    token = _observer.set(callback)
    try:
        yield
    finally:
        _observer.reset(token)


def progress_text(language: str, done: int, total: int) -> str:
    """The progress cell's text; empty once every group is invited.

    >>> progress_text("ja", 1200, 3334), progress_text("en", 2, 5), progress_text("ja", 5, 5)
    ('招待 1,200 / 3,334', 'Invites 2 / 5', '')
    """
    return message(language, "tab.progress", done=done, total=total) if done < total else ""


def progress_cell(sheet: Sheet | None) -> str:
    """The text of the progress cell of a rotation tab read back (empty when it has none)."""
    row, column = PROGRESS_CELL
    if sheet is None or len(sheet.rows) < row or len(sheet.rows[row - 1]) < column:
        return ""
    return text(sheet.rows[row - 1][column - 1])


def chunked(numbers: Sequence[int], size: int = INVITE_CHUNK) -> list[list[int]]:
    """``numbers`` in consecutive chunks of at most ``size``.

    >>> chunked([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
    return [list(numbers[i : i + size]) for i in range(0, len(numbers), size)]


def send_invites(
    plan: RotationPlan,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    templates: Templates | None,
    link_cells: Mapping[int, tuple[int, int]],
    *,
    only: Collection[int] | None = None,
    chunk: int = INVITE_CHUNK,
) -> tuple[dict[int, str], dict[int, str]]:
    """Make the events of ``plan``'s groups (those in ``only``) that have no link in the tab yet.

    Returns their event ids and links by group number (a note where the period has no meeting
    left). Groups whose link the tab already has are not sent again. After each chunk, its links
    and the progress cell are written in one go.
    """
    settings = plan.settings
    wanted = [g for g in plan.groups if only is None or g.number in only]
    specs = event_specs(
        plan.spreadsheet_id, settings, plan.period, wanted, plan.slots, plan.today, templates,
        now=plan.now,
    )  # fmt: skip
    by_group = {int(s.tags["aibou_group"]): s for s in specs}
    recorded = dict(plan.written.links) if plan.written else {}
    linked = {g.number for g in plan.groups if recorded.get(g.number)}
    total = len(plan.groups)
    none_left = message(settings.language, "event.none_left")
    ids = {n: spec.event_id for n, spec in by_group.items()}
    links = {g.number: recorded[g.number] for g in wanted if g.number in linked}
    for numbers in chunked([g.number for g in wanted if g.number not in linked], chunk):
        made = calendar.ensure_events(
            [by_group[n] for n in numbers if n in by_group],
            calendar_id=settings.calendar_id,
            send_updates=settings.send_updates,
        )
        new = {n: made.get(ids.get(n, ""), none_left) for n in numbers}
        links |= new
        linked |= new.keys()
        cells: dict[tuple[int, int], Cell] = {
            link_cells[n]: link for n, link in new.items() if n in link_cells
        }
        cells[PROGRESS_CELL] = progress_text(settings.language, len(linked), total)
        spreadsheet.update_rotation_tab(plan.title, cells)
        report = _observer.get()
        if report is not None:
            report(len(linked), total)
    return ids, links
