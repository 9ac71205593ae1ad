"""Preview before commit: propose a rotation (with pins) or an amendment, then apply exactly it.

A preview *is* a plan (:func:`aibou.service.plan_rotation` on the snapshot just read, without
free/busy). Applying takes the lock, reads the sheet once, plans again with the same target
period, seed and pins, and writes only when the plan's fingerprint is the one the user saw
(``expect``); otherwise it writes nothing and returns a fresh proposal from the same read.

While the current rotation is open and the roster changed, the preview is its amendment
(:func:`aibou.service.plan_amendment`, DESIGN.md §7), applied by the same contract. A tab whose
rows aibou wrote were edited by hand is held (:func:`aibou.service.rotate.held`), as on the
scheduled run: the preview says so and offers no apply, and apply writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from aibou.domain.matching.amend import Change
from aibou.domain.matching.preview import Highlights, fingerprint, highlights
from aibou.domain.matching.scoring import Stats
from aibou.domain.model import Group, Person, Problem
from aibou.domain.time.schedule import Slot, default_slot
from aibou.domain.time.slots import Interval
from aibou.domain.time.target import run_start
from aibou.errors import Busy, PinsUnsatisfiable
from aibou.panel.messages import message
from aibou.panel.pins import PinChange, Pins, changed, check
from aibou.panel.target import PARTIAL, Target, target, target_of_key
from aibou.ports import Calendar, Spreadsheet, Templates
from aibou.service import (
    ALREADY_APPLIED,
    BUSY,
    CHANGED,
    INVALID,
    Inputs,
    Outcome,
    RotationPlan,
    busy_for,
    plan_rotation,
    read,
    settle,
)
from aibou.service import apply as apply_plan
from aibou.service.amend import plan_amendment
from aibou.service.rotate import held
from aibou.service.target import OPEN, following, target_period

__all__ = [
    "AMEND",
    "HELD",
    "INVALID",
    "PINS",
    "READY",
    "RESUME",
    "Applied",
    "Proposal",
    "apply",
    "propose",
]

#: A plan to apply; an unfinished run to finish; pins that cannot be honoured; input problems.
READY, RESUME, PINS = "ready", "resume", "pins"
#: The roster's changes to the open rotation; a tab aibou waits on (edited by hand).
AMEND, HELD = "amend", "held"


@dataclass(frozen=True)
class Proposal:
    """A rotation the panel shows before anything is written.

    ``fingerprint`` identifies ``groups`` for ``target.period``; ``pins`` and ``variant`` are
    what produced them (carry all three to :func:`apply`). ``pin_problems`` explain a pin change
    that was refused (the proposal then keeps the earlier pins); ``changed`` says the user asked
    to apply another plan, made before the sheet changed.

    An ``amend`` proposal has the ``changes`` to the rotation in tab ``title``, ``groups`` as
    they leave it, the groups whose series is patched (``touched``), ``created`` or cancelled
    (``dissolved``), and ``pending`` change rows a stopped run left unfinished. A ``held`` one
    has the ``warnings`` (the tab, and each edited cell). ``next_key`` is the period after an
    open rotation (a rotation the panel can prepare ahead instead).
    """

    status: str
    spreadsheet_id: str
    language: str
    target: Target | None = None
    title: str = ""
    groups: tuple[Group, ...] = ()
    stats: Stats | None = None
    highlights: Highlights | None = None
    fingerprint: str = ""
    slot: Slot | None = None
    pins: Pins = field(default_factory=Pins)
    variant: int = 0
    people: tuple[Person, ...] = ()
    group_size: int = 3
    pin_problems: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    changed: bool = False
    changes: tuple[Change, ...] = ()
    touched: tuple[int, ...] = ()
    created: tuple[int, ...] = ()
    dissolved: tuple[int, ...] = ()
    pending: int = 0
    warnings: tuple[Problem, ...] = ()
    next_key: str = ""


@dataclass(frozen=True)
class Applied:
    """What :func:`apply` did: the run's ``outcome`` and, when it was refused, a new proposal."""

    outcome: Outcome
    tab_gid: int | None = None
    proposal: Proposal | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Choice:
    """What the user chose on the card: the period, the arrangement and the pins."""

    period_key: str | None = None
    variant: int = 0
    pins: Pins = field(default_factory=Pins)


def propose(
    spreadsheet: Spreadsheet,
    when: date | datetime,
    *,
    language: str,
    pins: Pins = Pins(),  # noqa: B008 - an immutable value
    variant: int = 0,
    period_key: str | None = None,
    change: PinChange | None = None,
    templates: Templates | None = None,
) -> Proposal:
    """Read the sheet once and propose the next rotation (writes nothing).

    ``period_key`` keeps proposing the period of an earlier card while it is still current or
    upcoming; ``change`` edits the pins first and is refused, with its reasons in
    ``pin_problems``, when the matcher cannot honour it.
    """
    inputs = read(spreadsheet, templates, language)
    return proposal(inputs, inputs.today(when), Choice(period_key, variant, pins), change)


def apply(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    *,
    language: str,
    pins: Pins,
    variant: int,
    period_key: str,
    expect: str,
    owner: str,
    templates: Templates | None = None,
) -> Applied:
    """Apply the proposal the user saw, identified by ``period_key`` and ``expect``.

    One read of the sheet, under the lock. Idempotent: applying it again finds it
    ``already-applied``. When the sheet changed since the preview (or the period has passed),
    nothing is written and ``proposal`` holds the new one.
    """
    choice = Choice(period_key, variant, pins)
    try:
        with spreadsheet.lock(owner):
            inputs = read(spreadsheet, templates, language)
            return _apply(inputs, spreadsheet, calendar, when, choice, expect, templates)
    except Busy as exc:  # the reason (another run, the file open elsewhere) goes to `errors`
        return Applied(Outcome(BUSY, problems=(Problem(None, None, None, str(exc)),)))


def _apply(
    inputs: Inputs,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    choice: Choice,
    expect: str,
    templates: Templates | None,
) -> Applied:
    today = inputs.today(when)
    if inputs.problems:
        return Applied(Outcome(INVALID, problems=inputs.problems), problems=inputs.problems)
    goal = target_of_key(inputs, today, choice.period_key or "")
    if goal is None:
        fresh = proposal(inputs, today, Choice(pins=choice.pins))
        return Applied(Outcome(CHANGED), proposal=replace(fresh, changed=True))
    due = target_period(inputs, today)
    if due.period.key == goal.period.key:
        waiting = held(inputs, due, today)
        if waiting is not None:  # as on the scheduled run: never resumed or amended
            warnings = (*waiting.warnings, *inputs.edits)
            return Applied(replace(waiting, warnings=warnings), _gid(inputs, waiting.tab))
        if due.state == OPEN:
            return _amend(inputs, spreadsheet, calendar, when, due, choice, expect, templates)
    settled = settle(inputs, goal.period, today)
    if settled is not None and not (settled.status == ALREADY_APPLIED and _stale(settled, expect)):
        return Applied(settled, tab_gid=_gid(inputs, settled.tab))
    plan = None
    if settled is None:
        plan = _plan_or_none(inputs, goal, today, choice, busy_for(calendar, inputs, goal, today))
    if plan is None or plan.fingerprint != expect:
        fresh = replace(proposal(inputs, today, choice), changed=True)
        return Applied(Outcome(CHANGED, goal.period), proposal=fresh)
    outcome = apply_plan(plan, spreadsheet, calendar, templates)
    return Applied(outcome, tab_gid=outcome.tab_gid or _gid(inputs, outcome.tab))


def _amend(
    inputs: Inputs,
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    due: Target,
    choice: Choice,
    expect: str,
    templates: Templates | None,
) -> Applied:
    """Apply the open rotation's amendment if it is the one the user saw (else a new proposal).

    With nothing left to change, the plan's fingerprint is the rotation's as it stands: the
    card that was applied already finds it ``already-applied``, and nothing is written.
    """
    today = inputs.today(when)
    now = when if isinstance(when, datetime) else run_start(when, inputs.settings.timezone)
    plan = plan_amendment(inputs, due, today, now=now)
    if plan.fingerprint != expect:
        fresh = replace(proposal(inputs, today, choice), changed=True)
        return Applied(Outcome(CHANGED, due.period), proposal=fresh)
    outcome = apply_plan(plan, spreadsheet, calendar, templates)
    return Applied(outcome, tab_gid=_gid(inputs, plan.tab.title))


def proposal(
    inputs: Inputs, today: date, choice: Choice, change: PinChange | None = None
) -> Proposal:
    """The proposal for ``choice`` from what was read (pure); ``change`` edits the pins first."""
    settings = inputs.settings
    base = Proposal(
        INVALID,
        inputs.snapshot.id,
        settings.language,
        people=inputs.roster.people,
        group_size=settings.group_size,
        pins=choice.pins,
        variant=choice.variant,
    )
    if inputs.problems:
        return replace(base, problems=inputs.problems)
    between = _between(base, inputs, today, choice.period_key)
    if between is not None:
        return between
    goal = _goal(inputs, today, choice.period_key)
    variant = choice.variant if goal.period.key == choice.period_key else 0  # another period
    base = replace(base, target=goal, variant=variant, slot=default_slot(settings))

    def plan_with(pins: Pins) -> RotationPlan:
        return plan_rotation(
            inputs, goal, today, seed=_seed(inputs, goal, variant), together=pins.together,
            apart=pins.apart,
        )  # fmt: skip

    return _with_pins(base, inputs, plan_with, choice.pins, change)


def _with_pins(
    base: Proposal,
    inputs: Inputs,
    plan_with: Callable[[Pins], RotationPlan],
    pins: Pins,
    change: PinChange | None,
) -> Proposal:
    """The plan with ``pins`` changed by ``change``, or, if refused, without it (and why)."""
    refused: list[str] = []
    if change is not None:
        wanted, refused = changed(
            pins, change, inputs.roster.people, inputs.settings.group_size, inputs.language
        )
        if not refused:
            try:
                return _ready(base, inputs, plan_with(wanted), wanted)
            except PinsUnsatisfiable:
                refused = _why(wanted, inputs, plan_with, inputs.language)
    try:
        plan = plan_with(pins)
    except PinsUnsatisfiable:  # pins from an earlier card no longer fit the roster
        refused = refused or _why(pins, inputs, plan_with, inputs.language)
        pins = Pins()
        plan = plan_with(pins)
    return replace(_ready(base, inputs, plan, pins), pin_problems=tuple(refused))


def _between(
    base: Proposal, inputs: Inputs, today: date, period_key: str | None
) -> Proposal | None:
    """The open rotation's amendment, or the tab a run would carry on when it is held, if the
    card asks for that period (or none); ``None`` when there is neither."""
    due = target_period(inputs, today)
    if due.state not in (OPEN, PARTIAL) or (period_key or due.period.key) != due.period.key:
        return None
    after = following(inputs, due).period.key if due.state == OPEN else ""
    waiting = held(inputs, due, today)
    if waiting is not None:
        warnings = (*waiting.warnings, *inputs.edits)
        return replace(
            base, status=HELD, target=due, title=waiting.tab, warnings=warnings, next_key=after
        )
    if due.state != OPEN:
        return None
    plan = plan_amendment(inputs, due, today)
    if plan.nothing_to_do:
        return None
    amendment = plan.amendment
    return replace(
        base, status=AMEND, target=due, title=plan.tab.title, groups=plan.groups,
        stats=plan.stats, fingerprint=plan.fingerprint, changes=plan.changes,
        touched=amendment.touched, created=amendment.created, dissolved=amendment.dissolved,
        pending=len(plan.pending), next_key=after,
    )  # fmt: skip


def _goal(inputs: Inputs, today: date, period_key: str | None) -> Target:
    """The card's period while it can still be proposed and is not done, else what is due."""
    keyed = target_of_key(inputs, today, period_key) if period_key else None
    tab = inputs.rotation(keyed.period.key) if keyed else None
    if keyed is None or (tab is not None and tab.complete):
        return target(inputs, today)
    return keyed


def _plan_or_none(
    inputs: Inputs,
    goal: Target,
    today: date,
    choice: Choice,
    busy: Mapping[str, Sequence[Interval]],
) -> RotationPlan | None:
    try:
        return plan_rotation(
            inputs, goal, today, busy=busy, seed=_seed(inputs, goal, choice.variant),
            together=choice.pins.together, apart=choice.pins.apart,
        )  # fmt: skip
    except PinsUnsatisfiable:  # the pins cannot be honoured any more: the roster changed
        return None


def _stale(outcome: Outcome, expect: str) -> bool:
    return outcome.period is not None and fingerprint(outcome.period.key, outcome.groups) != expect


def _gid(inputs: Inputs, title: str) -> int | None:
    return next((s.gid for s in inputs.snapshot.sheets if s.title == title), None)


def _seed(inputs: Inputs, goal: Target, variant: int) -> str | None:
    """The default seed (spreadsheet and period) for the first arrangement, then others."""
    return None if variant <= 0 else f"{inputs.snapshot.id}/{goal.period.key}/{variant}"


def _why(
    pins: Pins, inputs: Inputs, plan_with: Callable[[Pins], RotationPlan], language: str
) -> list[str]:
    """Why the matcher refused ``pins``, in words (the sizes come from a plan without pins)."""
    sizes = [len(g.members) for g in plan_with(Pins()).groups]
    return check(pins, inputs.roster.people, sizes, language) or [
        message(language, "preview.pin_unsolvable")
    ]


def _ready(base: Proposal, inputs: Inputs, plan: RotationPlan, pins: Pins) -> Proposal:
    partial = base.target is not None and base.target.state == PARTIAL
    return replace(
        base,
        status=RESUME if partial else READY,
        title=plan.title,
        groups=plan.groups,
        stats=plan.stats,
        highlights=highlights(plan.groups, inputs.history(plan.period), inputs.settings.group_size),
        fingerprint=plan.fingerprint,
        pins=Pins() if partial else pins,
    )
