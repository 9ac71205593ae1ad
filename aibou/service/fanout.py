"""Fanning a rotation's invitations out through a task queue (Cloud Tasks), DESIGN.md §9.

:func:`fan_out` writes the plan's tab, then queues one task per chunk of groups still without
a link (:data:`~aibou.service.progress.INVITE_CHUNK` groups each). :func:`invite_chunk` is what
one task does (``POST /tasks/invite``): read the tab, make that chunk's events, write their links
and the progress cell. Tasks take no lock: they write only events under deterministic ids and
their own groups' link cells, so a task delivered twice, or twice at once, makes nothing twice.

A task's name is derived from the spreadsheet, the period, the day of the run and the chunk, so
running the same day again finds its tasks queued (409, nothing queued twice); the day keeps a
later run free to queue a chunk whose task gave up, as a finished task's name stays taken for a
while (an hour, up to days for some queues).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from aibou.domain.i18n import message
from aibou.domain.model import Problem
from aibou.domain.time.periods import key_start
from aibou.ports import Calendar, Spreadsheet, TaskQueue, Templates
from aibou.service.organiser import CalendarAs, Organiser, acting, refusal
from aibou.service.outcome import ALREADY_APPLIED, APPLIED, ERROR, INVALID, Outcome
from aibou.service.progress import INVITE_CHUNK, PROGRESS_CELL, chunked, progress_text, send_invites
from aibou.service.rotate import RotationPlan, _recorded, _write_tab, read

__all__ = ["fan_out", "invite_chunk", "task_name"]


def task_name(spreadsheet_id: str, period_key: str, day: date, chunk: int) -> str:
    """The task of ``chunk`` queued on ``day``: the same arguments, the same name.

    >>> task_name("1AbC", "2027-Q1", date(2027, 1, 5), 3)
    'invite-4321815213b1e2e8-2027-Q1-20270105-3'
    """
    sheet = hashlib.sha256(spreadsheet_id.encode()).hexdigest()[:16]
    return f"invite-{sheet}-{period_key}-{day:%Y%m%d}-{chunk}"


def fan_out(
    plan: RotationPlan,
    spreadsheet: Spreadsheet,
    queue: TaskQueue,
    *,
    chunk: int = INVITE_CHUNK,
    owner: str = "",
) -> Outcome:
    """Write ``plan``'s tab (unless a stopped run did) and queue a task per chunk of groups
    that has no link yet; ``applied``, with the links the tab has so far. ``owner``: the
    e-mail the tasks' calendar acts as, recorded as the organiser."""
    gid, _ = _write_tab(plan, spreadsheet, owner)
    recorded = dict(plan.written.links) if plan.written else {}
    numbers = [g.number for g in plan.groups]
    for index, part in enumerate(chunked(numbers, chunk)):
        todo = [n for n in part if not recorded.get(n)]
        if todo:
            key, sheet = plan.period.key, plan.spreadsheet_id
            payload = {"spreadsheet": sheet, "period": key, "groups": todo}
            queue.enqueue(task_name(sheet, key, plan.today, index), payload)
    if plan.written is not None:  # a new tab shows its progress from the start
        done = sum(1 for n in numbers if recorded.get(n))
        text = progress_text(plan.settings.language, done, len(numbers))
        spreadsheet.update_rotation_tab(plan.title, {PROGRESS_CELL: text})
    return plan.outcome(APPLIED, tab_gid=gid)


def invite_chunk(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    period_key: str,
    groups: Sequence[int],
    when: date | datetime,
    templates: Templates | None = None,
    calendar_as: CalendarAs | None = None,
) -> Outcome:
    """Make the events of ``groups`` of the rotation ``period_key`` records, and write their
    links and the progress cell (what one task does). ``invalid`` when aibou's tab for that
    period is not there (nothing written). The events go to the tab's recorded calendar, as
    its organiser where ``calendar_as`` can act as them (§7)."""
    inputs = read(spreadsheet, templates)
    start = key_start(period_key)
    period = inputs.period(start) if start else None
    tab = inputs.rotation(period_key)
    if period is None or period.key != period_key or tab is None or not tab.ours:
        reason = f"No rotation tab of aibou's for the period {period_key}."
        return Outcome(INVALID, problems=(Problem(None, None, None, reason),))
    if tab.title in inputs.edited:  # a hand edit since the tab was written: invite nobody (§7)
        lang = inputs.settings.language
        held = Problem(tab.title, None, None, message(lang, "edit.held"))
        return Outcome(
            ALREADY_APPLIED, period=period, tab=tab.title, warnings=(held, *inputs.edits),
            language=lang,
        )  # fmt: skip
    now = when if isinstance(when, datetime) else None  # a series never starts in the past
    plan = _recorded(inputs, tab, period, inputs.today(when), now)
    wanted = set(groups)
    organiser = plan.organiser or Organiser(plan.settings.calendar_id)
    calendar = acting(calendar, organiser, calendar_as)
    refused = refusal(tab.title, organiser, calendar, plan.settings.language, delegating=True)
    if refused is not None:  # never into another calendar than the tab's (§7): retried later
        return plan.outcome(ERROR, problems=(refused,))
    ids, links = send_invites(plan, spreadsheet, calendar, templates, tab.link_cells, only=wanted)
    chunk = tuple(g for g in plan.groups if g.number in wanted)
    return plan.outcome(APPLIED, groups=chunk, event_ids=ids, links=_only(links, wanted))


def _only(links: Mapping[int, str], wanted: set[int]) -> dict[int, str]:
    return {n: link for n, link in links.items() if n in wanted}
