"""Preview before commit: propose a rotation (with pins), then apply exactly that one.

Both go through :func:`aibou.rotation.rotate`: a preview is a dry run over the snapshot just
read, an apply is the real run under the lock with the same target period, seed and pins, and the
fingerprint of the groups the user saw (``expect``). When the sheet changed in between, the run
writes nothing and :func:`apply` returns a fresh proposal instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from aibou.domain.matching.preview import Highlights, fingerprint, highlights
from aibou.domain.matching.scoring import Stats
from aibou.domain.model import Group, Person, Problem
from aibou.domain.time.schedule import Slot, default_slot
from aibou.errors import AibouError
from aibou.panel.messages import message
from aibou.panel.pins import PinChange, Pins, changed, check
from aibou.panel.target import PARTIAL, Target, target, target_of_key
from aibou.ports import Calendar, Cell, EventSpec, Snapshot, Spreadsheet
from aibou.rotation import (
    ALREADY_APPLIED,
    APPLIED,
    CHANGED,
    DRY_RUN,
    INVALID,
    Inputs,
    Outcome,
    load,
    rotate,
)

__all__ = ["INVALID", "PINS", "READY", "RESUME", "Applied", "Proposal", "apply", "propose"]

#: A plan to apply; an unfinished run to finish; pins that cannot be honoured; input problems.
READY, RESUME, PINS = "ready", "resume", "pins"


@dataclass(frozen=True)
class Proposal:
    """A rotation the panel shows before anything is written.

    ``fingerprint`` identifies ``groups`` for ``target.period``; ``pins`` and ``variant`` are
    what produced them (carry all three to :func:`apply`). ``pin_problems`` explain a pin change
    that was refused (the proposal then keeps the earlier pins); ``changed`` says the user asked
    to apply another plan, made before the sheet changed.
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


@dataclass(frozen=True)
class Applied:
    """What :func:`apply` did: the run's ``outcome`` and, when it was refused, a new proposal."""

    outcome: Outcome
    tab_gid: int | None = None
    proposal: Proposal | None = None
    problems: tuple[Problem, ...] = ()


def propose(
    spreadsheet: Spreadsheet,
    when: date | datetime,
    *,
    messages: str,
    pins: Pins = Pins(),  # noqa: B008 - an immutable value
    variant: int = 0,
    period_key: str | None = None,
    change: PinChange | None = None,
) -> Proposal:
    """Read the sheet once and propose the next rotation (writes nothing).

    ``period_key`` keeps proposing the period of an earlier card while it is still current or
    upcoming; ``change`` edits the pins first and is refused, with its reasons in
    ``pin_problems``, when the matcher cannot honour it.
    """
    snapshot = spreadsheet.read()
    inputs = load(snapshot, messages=messages)
    return _propose(
        _Snapshotted(spreadsheet, snapshot),
        inputs,
        when,
        messages,
        pins,
        variant,
        period_key,
        change,
    )


def apply(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    *,
    messages: str,
    pins: Pins,
    variant: int,
    period_key: str,
    expect: str,
    owner: str,
) -> Applied:
    """Apply the proposal the user saw, identified by ``period_key`` and ``expect``.

    Idempotent: applying it again finds it ``already-applied``. When the sheet changed since the
    preview (or the period has passed), nothing is written and ``proposal`` holds the new one.
    """
    inputs = load(spreadsheet.read(), messages=messages)
    today = inputs.today(when)
    goal = target_of_key(inputs, today, period_key)
    if inputs.problems:
        return Applied(Outcome(INVALID, problems=inputs.problems), problems=inputs.problems)
    if goal is None:
        return Applied(Outcome(CHANGED), proposal=_changed(spreadsheet, when, messages, pins))
    try:
        outcome = rotate(
            spreadsheet,
            calendar,
            when,
            owner=owner,
            target=goal.day,
            seed=_seed(inputs, goal, variant),
            together=pins.together,
            apart=pins.apart,
            expect=expect,
        )
    except ValueError:  # the pins cannot be honoured any more: the roster changed
        outcome = Outcome(CHANGED, goal.period)
    if outcome.status == CHANGED:
        changed = _changed(spreadsheet, when, messages, pins, variant, period_key)
        return Applied(outcome, proposal=changed)
    if outcome.status == INVALID:
        return Applied(outcome, problems=inputs.problems)
    gid = None
    if outcome.status in (APPLIED, ALREADY_APPLIED):
        gid = next((s.gid for s in spreadsheet.read().sheets if s.title == outcome.tab), None)
    return Applied(outcome, tab_gid=gid)


def _changed(
    spreadsheet: Spreadsheet,
    when: date | datetime,
    messages: str,
    pins: Pins,
    variant: int = 0,
    period_key: str | None = None,
) -> Proposal:
    """A fresh proposal (read again) for a user whose plan could not be applied."""
    fresh = propose(
        spreadsheet, when, messages=messages, pins=pins, variant=variant, period_key=period_key
    )
    return replace(fresh, changed=True)


def _complete(inputs: Inputs, goal: Target) -> bool:
    tab = inputs.rotation(goal.period.key)
    return tab is not None and tab.complete


def _seed(inputs: Inputs, goal: Target, variant: int) -> str | None:
    """The default seed (spreadsheet and period) for the first arrangement, then others."""
    return None if variant <= 0 else f"{inputs.snapshot.id}/{goal.period.key}/{variant}"


def _propose(
    spreadsheet: Spreadsheet,
    inputs: Inputs,
    when: date | datetime,
    messages: str,
    pins: Pins,
    variant: int,
    period_key: str | None,
    change: PinChange | None,
) -> Proposal:
    today = inputs.today(when)
    settings = inputs.settings
    base = Proposal(
        INVALID,
        inputs.snapshot.id,
        settings.language,
        people=inputs.roster.people,
        group_size=settings.group_size,
        pins=pins,
        variant=variant,
    )
    if inputs.problems:
        return replace(base, problems=inputs.problems)
    keyed = target_of_key(inputs, today, period_key) if period_key else None
    done = keyed is not None and _complete(inputs, keyed)
    goal = keyed if keyed is not None and not done else target(inputs, today)
    if goal.period.key != period_key:
        variant = 0  # another period: start from its first arrangement
    base = replace(base, target=goal, variant=variant, slot=default_slot(settings))

    def dry_run(chosen: Pins) -> Outcome:
        return rotate(
            spreadsheet,
            _NO_CALENDAR,
            when,
            dry_run=True,
            target=goal.day,
            seed=_seed(inputs, goal, variant),
            together=chosen.together,
            apart=chosen.apart,
        )

    refused: list[str] = []
    if change is not None:
        wanted, refused = changed(pins, change, inputs.roster.people, settings.group_size, messages)
        if not refused:
            try:
                return _ready(base, inputs, dry_run(wanted), wanted)
            except ValueError:
                refused = _why(wanted, inputs, dry_run, messages)
    try:
        outcome = dry_run(pins)
    except ValueError:  # pins from an earlier card no longer fit the roster
        refused = refused or _why(pins, inputs, dry_run, messages)
        pins = Pins()
        outcome = dry_run(pins)
    return replace(_ready(base, inputs, outcome, pins), pin_problems=tuple(refused))


def _why(
    pins: Pins, inputs: Inputs, dry_run: Callable[[Pins], Outcome], messages: str
) -> list[str]:
    """Why the matcher refused ``pins``, in words (the sizes come from a plan without pins)."""
    plain = dry_run(Pins())
    sizes = [len(g.members) for g in plain.groups]
    return check(pins, inputs.roster.people, sizes, messages) or [
        message(messages, "preview.pin_unsolvable")
    ]


def _ready(base: Proposal, inputs: Inputs, outcome: Outcome, pins: Pins) -> Proposal:
    goal = base.target
    if goal is None or outcome.status not in (DRY_RUN,) or outcome.period is None:
        raise AibouError(f"unexpected dry run: {outcome.status}")
    groups = outcome.groups
    return replace(
        base,
        status=RESUME if goal.state == PARTIAL else READY,
        title=outcome.tab,
        groups=groups,
        stats=outcome.stats,
        highlights=highlights(groups, inputs.history(outcome.period), inputs.settings.group_size),
        fingerprint=fingerprint(outcome.period.key, groups),
        pins=Pins() if goal.state == PARTIAL else pins,
    )


class _Snapshotted:
    """The spreadsheet port answering ``read`` from a snapshot just taken; dry runs only."""

    def __init__(self, spreadsheet: Spreadsheet, snapshot: Snapshot) -> None:
        self._spreadsheet, self._snapshot = spreadsheet, snapshot

    def read(self) -> Snapshot:
        return self._snapshot

    def add_rotation_tab(self, title: str, period_key: str, rows: Sequence[Sequence[Cell]]) -> None:
        raise AibouError("a preview writes nothing")

    def update_rotation_tab(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        raise AibouError("a preview writes nothing")

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        raise AibouError("a preview writes nothing")

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        raise AibouError("a preview takes no lock")
        yield  # pragma: no cover


class _NoCalendar:
    """A dry run never touches the calendar."""

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        raise AibouError("a preview creates no events")

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        return {}


_NO_CALENDAR = _NoCalendar()
