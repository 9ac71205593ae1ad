"""The rotation service: everything every entrypoint does, talking only to the ports.

``load`` (:mod:`aibou.inputs`) parses a spreadsheet snapshot; ``plan`` decides the next
rotation (pure); ``rotate`` plans and applies it: it writes the tab, creates one weekly event per
group and records the event links, resuming a run that stopped half-way; ``validate`` only
checks.

The side panel previews before it applies: ``plan`` and ``rotate`` take the people pinned
``together`` or ``apart``, the ``seed``, the ``target`` day whose period to plan (the next period,
ahead of time) and ``expect``, the fingerprint of the plan the user saw; when the plan decided
under the lock has another fingerprint, nothing is written and the status is ``changed``.

Order of writes, which makes re-runs safe: (1) the new tab with every group (the record of the
plan), (2) the calendar events under deterministic ids, (3) their links into the tab. A tab whose
links are all filled is complete (``already-applied``); one with gaps is resumed from the groups
it records, never re-planned.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from aibou.domain.i18n import message
from aibou.domain.matching.engine import match
from aibou.domain.matching.preview import fingerprint
from aibou.domain.matching.scoring import Stats, evaluate
from aibou.domain.model import Group, Period, Problem
from aibou.domain.sheet.history import (
    RotationTab,
    read_rotation,
    render_rotation,
    rotation_title,
)
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, closed_days, default_slot, event_id, series
from aibou.domain.time.slots import Interval, find_slots
from aibou.errors import Busy
from aibou.inputs import Inputs, load, recorded_groups
from aibou.invites import event_specs, read_busy
from aibou.ports import Calendar, Spreadsheet

__all__ = [
    "ALREADY_APPLIED",
    "APPLIED",
    "BUSY",
    "CHANGED",
    "DRY_RUN",
    "ERROR",
    "INVALID",
    "NOT_DUE",
    "Inputs",
    "Outcome",
    "Plan",
    "load",
    "plan",
    "recorded_groups",
    "rotate",
    "validate",
]

APPLIED, ALREADY_APPLIED, DRY_RUN, NOT_DUE, INVALID, BUSY = (
    "applied",
    "already-applied",
    "dry-run",
    "not-due",
    "invalid",
    "busy",
)
#: Only with ``expect``: the plan is not the one the user previewed; nothing was written.
CHANGED = "changed"
#: A run that failed for a reason outside the sheet (a file, Google); the message says which.
ERROR = "error"


@dataclass(frozen=True)
class Plan:
    """A rotation decided but not (necessarily) written."""

    period: Period
    title: str
    groups: tuple[Group, ...]
    stats: Stats
    slots: Mapping[int, Slot]

    @property
    def fingerprint(self) -> str:
        """Identifies the period and its groups (see :func:`fingerprint`)."""
        return fingerprint(self.period.key, self.groups)


@dataclass(frozen=True)
class Outcome:
    """What a run did, in the shape of DESIGN.md §4 (``as_dict``)."""

    status: str
    period: Period | None = None
    tab: str = ""
    groups: tuple[Group, ...] = ()
    event_ids: Mapping[int, str] = field(default_factory=dict)
    links: Mapping[int, str] = field(default_factory=dict)
    stats: Stats | None = None
    problems: tuple[Problem, ...] = ()
    slots: Mapping[int, Slot] = field(default_factory=dict)
    language: str = "ja"

    @classmethod
    def failure(cls, reason: str) -> Outcome:
        """An ``error`` outcome: ``reason`` is what failed and what to do."""
        return cls(ERROR, problems=(Problem(None, None, None, reason),))

    def as_dict(self) -> dict[str, object]:
        stats = (
            self.stats.as_dict()
            if self.stats
            else {"repeat_pairs": 0, "group_sizes": {}, "same_function_pairs": 0}
        )
        return {
            "status": self.status,
            "period": self.period.as_dict() if self.period else None,
            "tab": self.tab,
            "groups": [
                {
                    "number": g.number,
                    "members": [
                        {
                            "email": p.email,
                            "name": p.name,
                            "function": p.function,
                            "location": p.location,
                        }
                        for p in g.members
                    ],
                    "event_id": self.event_ids.get(g.number, ""),
                    "link": self.links.get(g.number, ""),
                }
                for g in self.groups
            ],
            "stats": stats,
            "errors": [p.as_dict() for p in self.problems],
        }


def plan(
    inputs: Inputs,
    today: date,
    *,
    seed: str | None = None,
    together: Sequence[frozenset[str]] = (),
    apart: Sequence[frozenset[str]] = (),
    busy: Mapping[str, Sequence[Interval]] | None = None,
) -> Plan:
    """Decide the rotation for the period holding ``today`` (pure; the inputs must be valid).

    The groups depend only on the inputs, ``seed`` (by default the spreadsheet and period) and
    the pins, so a preview and the run that applies it agree. Raises ``ValueError`` when the
    people pinned ``together`` or ``apart`` cannot be placed so. Each group's slot is found from
    ``busy`` (the members' busy intervals by e-mail, :func:`aibou.invites.read_busy`); without
    it, nobody's calendar counts as read.
    """
    settings = inputs.settings
    period = inputs.period(today)
    history = inputs.history(period)
    rng = random.Random(seed if seed is not None else f"{inputs.snapshot.id}/{period.key}")
    chosen = match(
        inputs.roster.people,
        history,
        functions=settings.functions,
        rng=rng,
        group_size=settings.group_size,
        together=together,
        apart=apart,
        larger_groups=settings.uneven_groups == "larger",
    )
    groups = tuple(Group(number, tuple(members)) for number, members in enumerate(chosen, start=1))
    stats = evaluate([g.members for g in groups], history, settings.group_size)
    not_before = max(today, period.start)
    closed = closed_days(settings, period.start, period.end)
    slots = find_slots(groups, busy or {}, settings, period, not_before, closed)
    return Plan(period, rotation_title(period.key, settings.language), groups, stats, slots)


def validate(spreadsheet: Spreadsheet, when: date | datetime) -> Outcome:
    """Check the roster and settings; write nothing."""
    inputs = load(spreadsheet.read())
    settings = inputs.settings
    if inputs.problems:
        return Outcome(INVALID, problems=inputs.problems, language=settings.language)
    today = inputs.today(when)
    if settings.first_period_start and today < settings.first_period_start:
        first = inputs.period(settings.first_period_start)
        return Outcome(NOT_DUE, period=first, language=settings.language)
    return Outcome(DRY_RUN, period=inputs.period(today), language=settings.language)


def rotate(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    *,
    dry_run: bool = False,
    owner: str = "aibou",
    target: date | None = None,
    seed: str | None = None,
    together: Sequence[frozenset[str]] = (),
    apart: Sequence[frozenset[str]] = (),
    expect: str | None = None,
) -> Outcome:
    """Plan and apply the rotation due at ``when``; safe to run again at any time.

    ``when`` is a day, or an aware moment that is read in the settings' time zone. ``target``
    picks another period than the one holding ``when`` (the next one, planned ahead of time);
    meetings still start no earlier than ``when``. ``seed``, ``together`` and ``apart`` are
    passed to :func:`plan`; ``expect`` is the fingerprint of the plan the caller showed.

    Returns ``not-due`` before the first period, ``already-applied`` when the period's tab is
    complete, ``invalid`` (writing nothing) when the input has problems, ``busy`` when another
    run holds the lock, ``dry-run`` with the plan when ``dry_run``, ``changed`` (writing nothing)
    when the plan's fingerprint is not ``expect``, else ``applied``.
    """
    choice = _Choice(target, seed, tuple(together), tuple(apart), expect)
    if dry_run:
        return _rotate(spreadsheet, calendar, when, choice, dry_run=True)
    try:
        with spreadsheet.lock(owner):
            return _rotate(spreadsheet, calendar, when, choice, dry_run=False)
    except Busy as exc:  # the reason (another run, the file open elsewhere) goes to `errors`
        return Outcome(BUSY, problems=(Problem(None, None, None, str(exc)),))


@dataclass(frozen=True)
class _Choice:
    """What the side panel decided on top of the inputs (see :func:`rotate`)."""

    target: date | None = None
    seed: str | None = None
    together: tuple[frozenset[str], ...] = ()
    apart: tuple[frozenset[str], ...] = ()
    expect: str | None = None

    def stale(self, period: Period, groups: Sequence[Group]) -> bool:
        return self.expect is not None and fingerprint(period.key, groups) != self.expect


def _rotate(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    choice: _Choice,
    *,
    dry_run: bool,
) -> Outcome:
    inputs = load(spreadsheet.read())
    settings = inputs.settings
    today = inputs.today(when)
    day = choice.target or today
    if inputs.settings_problems:
        return Outcome(INVALID, problems=inputs.problems, language=settings.language)
    if settings.first_period_start and day < settings.first_period_start:
        return Outcome(
            NOT_DUE, period=inputs.period(settings.first_period_start), language=settings.language
        )
    period = inputs.period(day)
    existing = inputs.rotation(period.key)
    if existing is not None and existing.complete:
        recorded = _recorded(inputs, existing, period, ALREADY_APPLIED)
        return (
            replace(recorded, status=CHANGED) if choice.stale(period, recorded.groups) else recorded
        )
    if inputs.roster.problems:
        return Outcome(INVALID, period=period, problems=inputs.problems, language=settings.language)

    if existing is None and not _meets_again(settings, period, today):
        # the period ends before its next meeting day: the next period's run starts afresh
        return Outcome(NOT_DUE, period=period, language=settings.language)
    if existing is None:
        busy = read_busy(calendar, inputs.roster.people, settings, period, today)
        decided = plan(
            inputs, day, seed=choice.seed, together=choice.together, apart=choice.apart, busy=busy
        )
        title, groups, slots, stats = decided.title, decided.groups, decided.slots, decided.stats
        if choice.stale(period, groups):
            return Outcome(
                CHANGED, period, title, groups, stats=decided.stats, language=settings.language
            )
        if dry_run:
            return Outcome(
                DRY_RUN,
                period,
                title,
                groups,
                _event_ids(inputs, period, groups),
                stats=decided.stats,
                slots=slots,
                language=settings.language,
            )
        rows = render_rotation(period, groups, decided.stats, slots, settings.language, today)
        spreadsheet.add_rotation_tab(title, period.key, rows)
        written = read_rotation(period.key, title, rows, ours=True)
        link_cells = written.link_cells if written else {}
    else:
        if dry_run:
            return _recorded(inputs, existing, period, DRY_RUN)
        title, groups, link_cells = (
            existing.title,
            recorded_groups(inputs, existing),
            existing.link_cells,
        )
        if choice.stale(period, groups):
            return Outcome(CHANGED, period, title, groups, language=settings.language)
        slots = existing.slots(default_slot(settings))  # as recorded: never chosen again
        stats = evaluate([g.members for g in groups], inputs.history(period), settings.group_size)

    specs = event_specs(inputs.snapshot.id, settings, period, groups, slots, today)
    links = calendar.ensure_events(
        specs, calendar_id=settings.calendar_id, send_updates=settings.send_updates
    )
    invited = {spec.event_id for spec in specs}
    ids = {n: eid for n, eid in _event_ids(inputs, period, groups).items() if eid in invited}
    none_left = message(settings.language, "event.none_left")
    by_group = {g.number: links.get(ids.get(g.number, ""), none_left) for g in groups}
    spreadsheet.update_rotation_tab(
        title, {link_cells[n]: link for n, link in by_group.items() if n in link_cells}
    )
    return Outcome(
        APPLIED,
        period,
        title,
        groups,
        ids,
        by_group,
        stats,
        slots=slots,
        language=settings.language,
    )


def _recorded(inputs: Inputs, tab: RotationTab, period: Period, status: str) -> Outcome:
    groups = recorded_groups(inputs, tab)
    stats = evaluate(
        [g.members for g in groups], inputs.history(period), inputs.settings.group_size
    )
    return Outcome(
        status,
        period,
        tab.title,
        groups,
        _event_ids(inputs, period, groups),
        dict(tab.links),
        stats,
        language=inputs.settings.language,
    )


def _meets_again(settings: Settings, period: Period, today: date) -> bool:
    """Whether the settings' weekly slot still falls on an open day in ``period`` from ``today``."""
    closed = closed_days(settings, period.start, period.end)
    return bool(series(default_slot(settings), period, max(today, period.start), closed).dates)


def _event_ids(inputs: Inputs, period: Period, groups: Sequence[Group]) -> dict[int, str]:
    return {g.number: event_id(inputs.snapshot.id, period.key, g.number) for g in groups}
