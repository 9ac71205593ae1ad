"""Roster changes during a period, applied to its open rotation (DESIGN.md §7, ``amended``).

:func:`plan_amendment` (pure) asks the domain (:func:`aibou.domain.matching.amend.amend`) for
the smallest change to the rotation as its tab and change blocks record it, and notes the change
rows a stopped run left without their calendar cell. :func:`apply` of an
:class:`AmendmentPlan` writes in an order that a re-run finishes: (1) the change block below the
tab, calendar cells empty; (2) the calendar, in one ``amend_series`` call: each touched
group's series gets its members, a new group's series is created, a dissolved group's is
cancelled; (3) the calendar cells of the rows, which mark the change as done. Every calendar
call sets a state (never "add one"), so repeating one is harmless.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from aibou.domain.i18n import message
from aibou.domain.matching.amend import Amendment, Change, amend
from aibou.domain.matching.preview import fingerprint
from aibou.domain.matching.scoring import Stats, evaluate
from aibou.domain.model import Group, Period
from aibou.domain.sheet.changes import CHANGE_CALENDAR_COLUMN, ChangeRow, render_changes
from aibou.domain.sheet.digest import Written
from aibou.domain.sheet.history import RotationTab
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, default_slot, event_id
from aibou.ports import Calendar, Cell, Spreadsheet, Templates
from aibou.service.inputs import Inputs, recorded_groups
from aibou.service.invites import event_specs
from aibou.service.organiser import CalendarAs, Organiser, acting, refusal
from aibou.service.outcome import ALREADY_APPLIED, AMENDED, DRY_RUN, ERROR, Outcome
from aibou.service.rotate import apply
from aibou.service.target import Target

__all__ = ["AmendmentPlan", "amend_as_organiser", "plan_amendment"]


@dataclass(frozen=True)
class AmendmentPlan:
    """The roster's changes to an open rotation, decided but not (necessarily) written.

    ``amendment`` holds the new changes (none when the roster has nothing new); ``pending`` the
    change rows a stopped run wrote without their calendar cell; ``rows`` how many rows the tab
    has now (the block goes below them).
    """

    spreadsheet_id: str
    settings: Settings
    period: Period
    tab: RotationTab
    before: tuple[Group, ...]
    amendment: Amendment
    pending: tuple[ChangeRow, ...]
    rows: int
    stats: Stats
    today: date
    now: datetime | None = None
    #: aibou's record of the tab, extended by the change block it appends (``None``: none kept).
    written: Written | None = None
    #: The language problems are worded in (the side panel's user's; empty: the sheet's).
    language: str = ""

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.amendment.groups

    @property
    def organiser(self) -> Organiser:
        """Whose calendar the rotation's events are in (its record; ``settings.calendar_id``
        is already the recorded calendar)."""
        return Organiser.of(self.written, self.settings.calendar_id)

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.amendment.changes

    @property
    def fingerprint(self) -> str:
        """Identifies the groups the changes leave (:func:`fingerprint`): from the same rotation,
        the same changes. The side panel applies an amendment only while the one planned at
        apply time has the fingerprint the user saw; once applied, the rotation has it too."""
        return fingerprint(self.period.key, self.groups)

    @property
    def slots(self) -> dict[int, Slot]:
        recorded = self.tab.slots(default_slot(self.settings))
        default = default_slot(self.settings)
        return {g.number: recorded.get(g.number, default) for g in self.groups}

    @property
    def event_ids(self) -> dict[int, str]:
        return {
            g.number: event_id(self.spreadsheet_id, self.period.key, g.number) for g in self.groups
        }

    @property
    def nothing_to_do(self) -> bool:
        return not self.changes and not self.pending

    def outcome(self, status: str, **more: object) -> Outcome:
        fields: dict[str, object] = {
            "period": self.period,
            "tab": self.tab.title,
            "groups": self.groups,
            "event_ids": self.event_ids,
            "links": dict(self.tab.links),
            "stats": self.stats,
            "changes": self.changes,
            "language": self.settings.language,
        }
        return Outcome(status, **{**fields, **more})  # type: ignore[arg-type]


def plan_amendment(
    inputs: Inputs, target: Target, today: date, *, now: datetime | None = None
) -> AmendmentPlan:
    """The changes the roster asks of ``target``'s rotation on ``today`` (pure).

    People whose joined date is after ``today`` are not active yet. Group numbers the period
    used (dissolved groups too) are never reused.
    """
    settings, period = inputs.settings, target.period
    tab = inputs.rotation(period.key)
    if tab is None:
        raise ValueError(f"{period.key} has no rotation to amend")
    before = recorded_groups(inputs, tab)
    history = inputs.history(period)
    changed = amend(
        before,
        inputs.roster.active(today),
        history,
        group_size=settings.group_size,
        functions=settings.functions,
        used_numbers={*tab.groups, *tab.former},
        rng=random.Random(f"{inputs.snapshot.id}/{period.key}/{today.isoformat()}"),
    )
    stats = evaluate([g.members for g in changed.groups], history, settings.group_size)
    written = inputs.written.get(tab.title)
    recorded = Organiser.of(written, settings.calendar_id).calendar_id
    settings = replace(settings, calendar_id=recorded)
    sheet = inputs.snapshot.find(tab.title)
    rows = len(sheet.rows) if sheet else 0
    pending = tuple(c for c in inputs.changes.get(period.key, ()) if not c.calendar)
    return AmendmentPlan(
        inputs.snapshot.id, settings, period, tab, before, changed, pending, rows, stats, today,
        now, written, inputs.language,
    )  # fmt: skip


def amend_as_organiser(
    inputs: Inputs,
    target: Target,
    today: date,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    templates: Templates | None,
    *,
    now: datetime | None,
    dry_run: bool,
    calendar_as: CalendarAs | None,
) -> Outcome:
    """Plan the roster's changes to ``target``'s open rotation and apply them (unless
    ``dry_run``) as its recorded organiser: ``calendar`` if it acts as them, else theirs
    through ``calendar_as``; refused, writing nothing, if neither (§7)."""
    plan = plan_amendment(inputs, target, today, now=now)
    if dry_run:
        return plan.outcome(DRY_RUN)
    calendar = acting(calendar, plan.organiser, calendar_as)
    refused = refusal(
        plan.tab.title, plan.organiser, calendar, plan.language or "ja",
        delegating=calendar_as is not None,
    )  # fmt: skip
    if refused is not None and not plan.nothing_to_do:
        return plan.outcome(ERROR, problems=(refused,))
    return apply(plan, spreadsheet, calendar, templates)


@apply.register
def _apply_amendment(
    plan: AmendmentPlan,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    templates: Templates | None = None,
) -> Outcome:
    """Append the change block, bring the calendar in line, then fill the calendar cells.

    Refused, writing nothing, when ``calendar`` acts as someone other than the rotation's
    recorded organiser (§7): the problem names who can.
    """
    if plan.nothing_to_do:
        return plan.outcome(ALREADY_APPLIED)
    refused = refusal(plan.tab.title, plan.organiser, calendar, plan.language or "ja")
    if refused is not None:
        return plan.outcome(ERROR, problems=(refused,))
    settings = plan.settings
    block = render_changes(plan.changes, settings.language, plan.today)
    cells: dict[tuple[int, int], Cell] = {}
    for offset, row in enumerate(block):
        for column, value in enumerate(row, start=1):
            if value != "":
                cells[(plan.rows + 1 + offset, column)] = value
    if cells:
        record = None
        if plan.written is not None:
            gap = [[] for _ in range(max(0, plan.rows - len(plan.written.rows)))]
            record = plan.written.extend([*gap, *block]).encode()
        spreadsheet.update_rotation_tab(plan.tab.title, cells, written=record)
    first_change = plan.rows + 4  # a blank row, the title, the header
    rows: list[tuple[int, int | None, int | None]] = [
        (c.row, c.group, c.from_group) for c in plan.pending
    ]
    rows += [(first_change + i, c.group, c.from_group) for i, c in enumerate(plan.changes)]
    touched = {g for _, *groups in rows for g in groups if g is not None}
    links = _sync_calendar(plan, calendar, templates, touched)
    spreadsheet.update_rotation_tab(
        plan.tab.title,
        {(row, CHANGE_CALENDAR_COLUMN): links[group if group is not None else old]  # type: ignore[index]
         for row, group, old in rows},
    )  # fmt: skip
    return plan.outcome(AMENDED, links={n: links[n] for n in plan.event_ids if n in links})


def _sync_calendar(
    plan: AmendmentPlan, calendar: Calendar, templates: Templates | None, numbers: set[int]
) -> Mapping[int, str]:
    """Give each group in ``numbers`` its members (creating or cancelling series), in one
    :meth:`~aibou.ports.Calendar.amend_series` call; each group's link."""
    settings = plan.settings
    alive = {g.number: g for g in plan.groups}
    existing = set(plan.tab.links)
    ids = {n: event_id(plan.spreadsheet_id, plan.period.key, n) for n in sorted(numbers)}
    new = [alive[n] for n in ids if n in alive and n not in existing]
    made = calendar.amend_series(
        {ids[n]: tuple((p.email, p.name) for p in alive[n].members)
         for n in ids if n in alive and n in existing},
        [ids[n] for n in ids if n not in alive],
        event_specs(
            plan.spreadsheet_id, settings, plan.period, new, plan.slots, plan.today, templates,
            now=plan.now,
        ) if new else [],
        calendar_id=settings.calendar_id,
        send_updates=settings.send_updates,
    )  # fmt: skip
    cancelled = message(settings.language, "event.cancelled")
    none_left = message(settings.language, "event.none_left")
    return {n: made.get(i, none_left) if n in alive else cancelled for n, i in ids.items()}
