"""The second step: which period a run works on, and how far its rotation is.

:func:`target_period` holds the one rule about the first period: before ``first_period_start``
the target is the first period, not yet started. Otherwise it is the period holding the day.
Issue-level rules that look further ahead (announcing the next period early) belong here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from aibou.domain.model import Period
from aibou.service.inputs import Inputs

__all__ = ["DONE", "DUE", "NOT_STARTED", "PARTIAL", "Target", "following", "target_period"]

#: Before the first period; no rotation yet; a tab started but not finished; a complete tab.
NOT_STARTED, DUE, PARTIAL, DONE = "not-started", "due", "partial", "done"


@dataclass(frozen=True)
class Target:
    """A period to work on, the day that names it, and the state of its rotation.

    ``day`` is the run's day, or the period's first day when the period lies ahead.
    """

    period: Period
    day: date
    state: str

    def days_until(self, today: date) -> int:
        return max((self.period.start - today).days, 0)


def target_period(inputs: Inputs, today: date) -> Target:
    """The period a run on ``today`` works on.

    Before ``first_period_start`` it is the first period (state ``not-started``); else the
    period holding ``today``, ``due``, ``partial`` or ``done`` by its rotation tab.

    >>> from aibou.ports import Sheet, Snapshot
    >>> from aibou.service.inputs import load
    >>> inputs = load(Snapshot("s", [Sheet("Settings", [["first_period_start", "2027-04-01"]])]))
    >>> early = target_period(inputs, date(2027, 2, 1))
    >>> early.period.key, early.day, early.state
    ('2027-Q2', datetime.date(2027, 4, 1), 'not-started')
    >>> target_period(inputs, date(2027, 4, 1)).state
    'due'
    """
    first = inputs.settings.first_period_start
    if first and today < first:
        return Target(inputs.period(first), first, NOT_STARTED)
    return _at(inputs, today)


def following(inputs: Inputs, target: Target) -> Target:
    """The period after ``target``'s, named by its first day."""
    return _at(inputs, target.period.end + timedelta(days=1))


def _at(inputs: Inputs, day: date) -> Target:
    period = inputs.period(day)
    tab = inputs.rotation(period.key)
    state = DUE if tab is None else DONE if tab.complete else PARTIAL
    return Target(period, day, state)
