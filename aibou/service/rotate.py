"""The rotation pipeline: read, target, plan, apply. Every door calls these steps.

1. :func:`read` one snapshot of the spreadsheet and parse it (:func:`~aibou.service.inputs.load`,
   pure), checking the agenda template through the templates port;
2. :func:`~aibou.service.target.target_period`: which period, and how far its rotation is;
3. :func:`settle`: the answer when there is nothing to plan (invalid input, not due, done);
4. :func:`plan_rotation` (pure): the groups, their stats and slots, as a :class:`RotationPlan`.
   A preview *is* a plan; a tab a run left half-way is resumed from what it records, never
   re-planned;
5. :func:`apply` a plan: (1) the new tab with every group (the record of the plan), (2) the
   calendar events under deterministic ids, (3) their links into the tab. Re-runs are safe: a tab
   whose links are all filled is complete (``already-applied``).

:func:`rotate` runs the steps under the spreadsheet's lock for the CLI and the scheduler;
:func:`validate` only reads. The side panel (:mod:`aibou.panel`) calls the same steps with its
pins and seed. Another kind of plan (an amendment) registers its own :func:`apply`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import singledispatch

from aibou.domain.i18n import message
from aibou.domain.matching.engine import match, objective_for
from aibou.domain.matching.preview import fingerprint
from aibou.domain.matching.scoring import Stats, evaluate
from aibou.domain.model import Group, Period, Problem
from aibou.domain.sheet.digest import Written
from aibou.domain.sheet.history import RotationTab, link_cells, render_rotation, rotation_title
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, closed_days, default_slot, event_id, series
from aibou.domain.time.slots import Interval, find_slots
from aibou.domain.time.target import run_start
from aibou.errors import Busy
from aibou.ports import Calendar, Spreadsheet, TaskQueue, Templates
from aibou.service.agenda import built_in_templates
from aibou.service.inputs import Inputs, as_recorded, check_agenda, load, recorded_groups
from aibou.service.invites import read_busy
from aibou.service.organiser import CalendarAs, Organiser, acting, refusal
from aibou.service.outcome import (
    ALREADY_APPLIED,
    APPLIED,
    BUSY,
    DRY_RUN,
    ERROR,
    INVALID,
    NOT_DUE,
    Outcome,
)
from aibou.service.progress import PROGRESS_CELL, progress_cell, progress_text, send_invites
from aibou.service.target import NOT_STARTED, OPEN, REFUSED, Target, target_period

__all__ = [
    "RotationPlan",
    "apply",
    "busy_for",
    "plan_rotation",
    "read",
    "rotate",
    "settle",
    "validate",
]


@dataclass(frozen=True)
class RotationPlan:
    """A rotation decided but not (necessarily) written: what :func:`apply` writes.

    ``written`` is the tab of a run that stopped half-way (the plan then resumes it); ``today``
    is the day the plan was made, from which meetings start.
    """

    spreadsheet_id: str
    settings: Settings
    period: Period
    title: str
    groups: tuple[Group, ...]
    stats: Stats
    slots: Mapping[int, Slot]
    today: date
    written: RotationTab | None = None
    #: The run's moment: no meeting of a new series starts before it (``None``: ``today``).
    now: datetime | None = None
    #: Whose events a written tab's are (§7): only they carry its invitations on.
    organiser: Organiser | None = None

    @property
    def fingerprint(self) -> str:
        """Identifies the period and its groups (see :func:`fingerprint`)."""
        return fingerprint(self.period.key, self.groups)

    @property
    def event_ids(self) -> dict[int, str]:
        return {
            g.number: event_id(self.spreadsheet_id, self.period.key, g.number) for g in self.groups
        }

    def outcome(self, status: str, **more: object) -> Outcome:
        """The plan as an outcome with ``status`` (``dry-run`` for a preview)."""
        fields: dict[str, object] = {
            "period": self.period,
            "tab": self.title,
            "groups": self.groups,
            "links": dict(self.written.links) if self.written else {},
            "stats": self.stats,
            "slots": self.slots,
            "language": self.settings.language,
        }
        if "event_ids" not in more:  # an applied run gives the ids it made
            fields["event_ids"] = self.event_ids
        return Outcome(status, **{**fields, **more})  # type: ignore[arg-type]


# --- the steps ----------------------------------------------------------------------------


def read(
    spreadsheet: Spreadsheet, templates: Templates | None = None, language: str | None = None
) -> Inputs:
    """Read the spreadsheet once and parse it; problems worded in ``language`` if given."""
    inputs = load(spreadsheet.read(), language=language)
    return check_agenda(inputs, templates or built_in_templates())


def settle(inputs: Inputs, period: Period, today: date) -> Outcome | None:
    """The outcome for ``period`` when there is nothing to plan, else ``None``.

    ``invalid`` for settings problems (and roster problems unless the rotation is done),
    ``already-applied`` (with what the tab records) when its tab is complete, ``not-due`` when
    the period has no meeting day left from ``today``.
    """
    language = inputs.settings.language
    if inputs.settings_problems:
        return Outcome(INVALID, problems=inputs.problems, language=language)
    tab = inputs.rotation(period.key)
    if tab is not None and tab.complete:
        return _recorded(inputs, tab, period, today).outcome(ALREADY_APPLIED, slots={})
    if inputs.roster.problems:
        return Outcome(INVALID, period=period, problems=inputs.problems, language=language)
    if tab is None and not _meets_again(inputs.settings, period, today):
        return Outcome(NOT_DUE, period=period, language=language)
    return None


def refused(inputs: Inputs, target: Target) -> Outcome:
    """``invalid``: no new rotation for a period earlier than one that has a rotation (§7).

    The error names the latest rotation's tab; nothing is written.
    """
    language = inputs.settings.language
    latest = inputs.rotation(target.latest or "")
    title = latest.title if latest else target.latest
    text = message(language, "target.refused", period=target.period.key, tab=title)
    return Outcome(
        INVALID, period=target.period, problems=(Problem(title, None, None, text),),
        language=language,
    )  # fmt: skip


def busy_for(
    calendar: Calendar, inputs: Inputs, target: Target, today: date
) -> Mapping[str, Sequence[Interval]]:
    """The members' busy times, read only when the target's groups are still to be planned."""
    if inputs.rotation(target.period.key) is not None:
        return {}
    people = inputs.roster.active(today)
    return read_busy(calendar, people, inputs.settings, target.period, today)


def plan_rotation(
    inputs: Inputs,
    target: Target,
    today: date,
    *,
    busy: Mapping[str, Sequence[Interval]] | None = None,
    seed: str | None = None,
    together: Sequence[frozenset[str]] = (),
    apart: Sequence[frozenset[str]] = (),
    now: datetime | None = None,
) -> RotationPlan:
    """Decide the rotation for ``target``'s period on ``today`` (pure; the inputs must be valid).

    The groups depend only on the inputs, ``seed`` (by default the spreadsheet and period) and
    the pins, so a preview and the run that applies it agree. Raises
    :class:`~aibou.errors.PinsUnsatisfiable` when the people pinned ``together`` or ``apart``
    cannot be placed so. Each group's slot is found from ``busy`` (the members' busy intervals
    by e-mail, :func:`busy_for`); without it, nobody's calendar counts as read. A period whose
    tab exists already is planned as that tab records it (resumed, never re-planned). People
    whose joined date is after ``today`` are not active yet; no series starts before ``now``.
    """
    period, settings = target.period, inputs.settings
    written = inputs.rotation(period.key)
    if written is not None:
        return _recorded(inputs, written, period, today, now)
    history = inputs.history(period)
    rng = random.Random(seed if seed is not None else f"{inputs.snapshot.id}/{period.key}")
    people = inputs.roster.active(today)
    objective = objective_for(people, history, settings.group_size)  # matched and measured
    chosen = match(
        people,
        history,
        functions=settings.functions,
        rng=rng,
        group_size=settings.group_size,
        together=together,
        apart=apart,
        larger_groups=settings.uneven_groups == "larger",
        objective=objective,
    )
    groups = tuple(Group(number, tuple(members)) for number, members in enumerate(chosen, start=1))
    stats = evaluate(chosen, history, settings.group_size, objective=objective)
    closed = closed_days(settings, period.start, period.end)
    slots = find_slots(groups, busy or {}, settings, period, max(today, period.start), closed)
    title = rotation_title(period.key, settings.language)
    return RotationPlan(
        inputs.snapshot.id, settings, period, title, groups, stats, slots, today, now=now
    )


@singledispatch
def apply(
    plan: object, spreadsheet: Spreadsheet, calendar: Calendar, templates: Templates | None = None
) -> Outcome:
    """Write ``plan``: each kind of plan registers how (``apply.register``)."""
    raise TypeError(f"aibou cannot apply a {type(plan).__name__}")


@apply.register
def _apply_rotation(
    plan: RotationPlan,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    templates: Templates | None = None,
) -> Outcome:
    """Write the tab (unless a stopped run did), then the events and their links, the
    calendar's ``invite_chunk`` groups at a time with the progress in the tab
    (:func:`~aibou.service.progress.send_invites`)."""
    if plan.organiser is not None:  # carrying on: only as the organiser the tab names (§7)
        refused = refusal(plan.title, plan.organiser, calendar, plan.settings.language)
        if refused is not None:
            return plan.outcome(ERROR, problems=(refused,))
    gid, link_cells = _write_tab(plan, spreadsheet, calendar.owner)
    ids, links = send_invites(
        plan, spreadsheet, calendar, templates, link_cells, chunk=calendar.invite_chunk
    )
    return plan.outcome(APPLIED, event_ids=ids, links=links, tab_gid=gid)


# --- the whole run, for the command line and the scheduler ---------------------------------


def rotate(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    *,
    dry_run: bool = False,
    owner: str = "aibou",
    templates: Templates | None = None,
    queue: TaskQueue | None = None,
    calendar_as: CalendarAs | None = None,
) -> Outcome:
    """Plan and apply the rotation due at ``when``; safe to run again at any time.

    An amendment acts as the rotation's recorded organiser: through ``calendar_as`` (a door
    that may act as another user) when ``calendar`` acts as someone else, else it is refused
    (:mod:`aibou.service.organiser`).

    With a ``queue`` (Cloud Tasks), a new rotation's tab is written here and its invitations
    are queued a chunk of groups per task (:func:`~aibou.service.fanout.fan_out`).

    ``when`` is a day, or an aware moment that is read in the settings' time zone. Returns
    ``not-due`` before the first period, ``already-applied`` when the period's tab is complete,
    ``invalid`` (writing nothing) when the input has problems, ``busy`` when another run holds
    the lock, ``dry-run`` with the plan when ``dry_run``, else ``applied``.
    """
    if dry_run:
        return _run(spreadsheet, calendar, when, templates, dry_run=True)
    try:
        with spreadsheet.lock(owner):
            return _run(
                spreadsheet, calendar, when, templates, dry_run=False, queue=queue,
                calendar_as=calendar_as,
            )  # fmt: skip
    except Busy as exc:  # the reason (another run, the file open elsewhere) goes to `errors`
        return Outcome(BUSY, problems=(Problem(None, None, None, str(exc)),))


def validate(
    spreadsheet: Spreadsheet, when: date | datetime, templates: Templates | None = None
) -> Outcome:
    """Check the roster and settings; write nothing."""
    inputs = read(spreadsheet, templates)
    language = inputs.settings.language
    if inputs.problems:
        return Outcome(INVALID, problems=inputs.problems, language=language)
    target = target_period(inputs, inputs.today(when))
    if target.state == REFUSED:
        return refused(inputs, target)
    status = NOT_DUE if target.state == NOT_STARTED else DRY_RUN
    people = len(inputs.roster.people)
    return Outcome(status, period=target.period, language=language, people=people)


def _run(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    templates: Templates | None,
    *,
    dry_run: bool,
    queue: TaskQueue | None = None,
    calendar_as: CalendarAs | None = None,
) -> Outcome:
    """One run's steps; its outcome carries the hand edits of aibou's tabs as warnings."""
    inputs = read(spreadsheet, templates)
    outcome = _steps(
        inputs, spreadsheet, calendar, when, templates, dry_run=dry_run, queue=queue,
        calendar_as=calendar_as,
    )  # fmt: skip
    if not inputs.edits:
        return outcome
    return replace(outcome, warnings=(*outcome.warnings, *inputs.edits))


def held(
    inputs: Inputs, target: Target, today: date, status: str = ALREADY_APPLIED
) -> Outcome | None:
    """``already-applied`` with a warning when ``target``'s tab is one a run would carry on
    (resume or amend) but rows aibou wrote in it were edited by hand (§7), else ``None``.

    aibou's record (:class:`~aibou.domain.sheet.digest.Written`) holds hashes, not values: it
    tells that a row changed, not what it held. A run never drives an invite from a changed
    row, so it waits until the row shows what aibou wrote again.
    """
    tab = inputs.rotation(target.period.key)
    if tab is None or tab.title not in inputs.edited or inputs.problems:
        return None
    language = inputs.language  # the user's in the side panel, as the edits are worded
    warning = Problem(tab.title, None, None, message(language, "edit.held"))
    plan = _recorded(inputs, tab, target.period, today)
    return plan.outcome(status, slots={}, warnings=(warning,))


def _steps(
    inputs: Inputs,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    templates: Templates | None,
    *,
    dry_run: bool,
    queue: TaskQueue | None = None,
    calendar_as: CalendarAs | None = None,
) -> Outcome:
    today = inputs.today(when)
    target = target_period(inputs, today)
    if target.state == NOT_STARTED and not inputs.settings_problems:
        return Outcome(NOT_DUE, period=target.period, language=inputs.settings.language)
    if target.state == REFUSED and not inputs.settings_problems:
        return refused(inputs, target)
    now = when if isinstance(when, datetime) else run_start(when, inputs.settings.timezone)
    waiting = held(inputs, target, today, DRY_RUN if dry_run else ALREADY_APPLIED)
    if waiting is not None:
        return waiting
    if not dry_run:
        _clear_stale_progress(inputs, target.period, spreadsheet)
    if target.state == OPEN and not inputs.problems:
        from aibou.service.amend import amend_as_organiser

        return amend_as_organiser(
            inputs, target, today, spreadsheet, calendar, templates, now=now, dry_run=dry_run,
            calendar_as=calendar_as,
        )  # fmt: skip
    settled = settle(inputs, target.period, today)
    if settled is not None:
        return settled
    busy = busy_for(calendar, inputs, target, today)
    plan = plan_rotation(inputs, target, today, busy=busy, now=now)
    if dry_run:
        return plan.outcome(DRY_RUN)
    if queue is not None and isinstance(plan, RotationPlan):
        from aibou.service.fanout import fan_out

        return fan_out(plan, spreadsheet, queue, owner=calendar.owner)
    if plan.organiser is not None:  # a stopped run's invites go out as its organiser
        calendar = acting(calendar, plan.organiser, calendar_as)
        not_theirs = refusal(
            plan.title, plan.organiser, calendar, plan.settings.language,
            delegating=calendar_as is not None,
        )  # fmt: skip
        if not_theirs is not None:
            return plan.outcome(ERROR, problems=(not_theirs,))
    return apply(plan, spreadsheet, calendar, templates)


# --- the parts of applying ----------------------------------------------------------------


def _clear_stale_progress(inputs: Inputs, period: Period, spreadsheet: Spreadsheet) -> None:
    """Empty the progress cell of ``period``'s tab when every group has its link but the cell
    still counts: two invite tasks finishing at once each write the count they saw (§9)."""
    tab = inputs.rotation(period.key)
    if tab is None or not tab.ours or not tab.complete:
        return
    if progress_cell(inputs.snapshot.find(tab.title)):
        spreadsheet.update_rotation_tab(tab.title, {PROGRESS_CELL: ""})


def _write_tab(
    plan: RotationPlan, spreadsheet: Spreadsheet, owner: str = ""
) -> tuple[int | None, Mapping[int, tuple[int, int]]]:
    """Add the plan's tab (unless it is there): its id, and the cells for the event links.

    The tab records its organiser (§7): the settings' calendar and ``owner``, the e-mail the
    calendar acts as, in aibou's record and (with an owner) in a header cell."""
    if plan.written is not None:
        return None, plan.written.link_cells
    settings = plan.settings
    rows = render_rotation(
        plan.period, plan.groups, plan.stats, plan.slots, settings.language, plan.today
    )
    organiser = Organiser(settings.calendar_id, owner.lower())
    rows[0] = [*rows[0], progress_text(settings.language, 0, len(plan.groups))]
    if organiser.owner:
        rows[0].append(organiser.text(settings.language))
    record = Written.of(as_recorded(rows)).organised(organiser.calendar_id, organiser.owner)
    written = record.encode()
    gid = spreadsheet.add_rotation_tab(plan.title, plan.period.key, rows, written=written)
    return gid, link_cells(plan.groups)


def _recorded(
    inputs: Inputs, tab: RotationTab, period: Period, today: date, now: datetime | None = None
) -> RotationPlan:
    """The plan a tab records: its groups, their stats, the slots it shows."""
    organiser = Organiser.of(inputs.written.get(tab.title), inputs.settings.calendar_id)
    settings = replace(inputs.settings, calendar_id=organiser.calendar_id)  # where it went
    groups = recorded_groups(inputs, tab)
    stats = evaluate([g.members for g in groups], inputs.history(period), settings.group_size)
    slots = tab.slots(default_slot(settings))  # as recorded: never chosen again
    return RotationPlan(
        inputs.snapshot.id, settings, period, tab.title, groups, stats, slots, today, tab, now,
        organiser,
    )  # fmt: skip


def _meets_again(settings: Settings, period: Period, today: date) -> bool:
    """Whether the settings' weekly slot still falls on an open day in ``period`` from ``today``."""
    closed = closed_days(settings, period.start, period.end)
    return bool(series(default_slot(settings), period, max(today, period.start), closed).dates)
