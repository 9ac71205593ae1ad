"""The second step: which period a run works on, and how far its rotation is.

The rule is the domain's (:func:`aibou.domain.time.target.choose_target`, DESIGN.md §7): on day
``D`` the target is the period holding ``D + announce_days``; a late first run prepares the next
period (the half-rule); no new rotation for a period earlier than one that has a rotation; a
rotation is amended only while it is open. :func:`target_period` adds what the snapshot tells:
whether the target's tab is missing, half-written or complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from aibou.domain.model import Period
from aibou.domain.time import target as rule
from aibou.service.inputs import Inputs

__all__ = [
    "DONE",
    "DUE",
    "NOT_STARTED",
    "OPEN",
    "PARTIAL",
    "REFUSED",
    "Target",
    "following",
    "target_period",
]

#: Before the first period's announcement; no rotation yet; a tab started but not finished;
#: a complete tab that is no longer open (closed).
NOT_STARTED, DUE, PARTIAL, DONE = "not-started", "due", "partial", "done"
#: A complete tab whose period is open: the roster's changes are applied to it (``amended``).
OPEN = "open"
#: No new rotation may be made for this period: a later one has a rotation (``invalid``).
REFUSED = "refused"


@dataclass(frozen=True)
class Target:
    """A period to work on, the day that names it, and the state of its rotation.

    ``day`` is the run's day, or the period's first day when the period lies ahead. ``latest``
    is the key of the latest period with a rotation when the target is ``refused``;
    ``deferred`` the period the half-rule passed over, if it did.
    """

    period: Period
    day: date
    state: str
    latest: str | None = None
    deferred: Period | None = None

    def days_until(self, today: date) -> int:
        return max((self.period.start - today).days, 0)


def target_period(inputs: Inputs, today: date) -> Target:
    """The period a run on ``today`` works on (the domain's rule) and its tab's state.

    >>> from aibou.ports import Sheet, Snapshot
    >>> from aibou.service.inputs import load
    >>> inputs = load(Snapshot("s", [Sheet("Settings", [["first_period_start", "2027-04-01"]])]))
    >>> early = target_period(inputs, date(2027, 2, 1))
    >>> early.period.key, early.day, early.state
    ('2027-Q2', datetime.date(2027, 4, 1), 'not-started')
    >>> target_period(inputs, date(2027, 3, 25)).state  # announced a week ahead
    'due'
    """
    settings = inputs.settings
    ours = [r.start for r in inputs.rotations if r.start and r.ours]
    anchor = rule.period_anchor(settings, ours, today)
    rotations = {r.key: r.start for r in inputs.rotations}
    choice = rule.choose_target(today, settings, anchor, rotations)
    period = choice.period
    day = max(today, period.start)
    if choice.action == rule.NOT_DUE:
        return Target(period, period.start, NOT_STARTED)
    if choice.action == rule.REFUSED:
        return Target(period, day, REFUSED, choice.latest, choice.deferred)
    tab = inputs.rotation(period.key)
    if tab is None:
        state = DUE
    elif not tab.complete and period.key not in inputs.changes:
        state = PARTIAL  # a run stopped in the main table (a change block comes after it)
    else:
        # only aibou's own tab is amended: a tab made by hand is never written to
        state = OPEN if choice.action == rule.AMEND and tab.ours else DONE
    return Target(period, day, state, deferred=choice.deferred)


def following(inputs: Inputs, target: Target) -> Target:
    """The period after ``target``'s, named by its first day."""
    day = target.period.end + timedelta(days=1)
    period = inputs.period(day)
    tab = inputs.rotation(period.key)
    state = DUE if tab is None else DONE if tab.complete else PARTIAL
    return Target(period, day, state)
