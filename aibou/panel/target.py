"""Which period the panel proposes: the one due now, or the next one, ahead of time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from aibou.domain.model import Period
from aibou.domain.time.periods import key_start
from aibou.service.rotate import Inputs

__all__ = ["DUE", "NOT_STARTED", "PARTIAL", "UPCOMING", "Target", "target", "target_of_key"]

#: The current period has no rotation yet; its tab was started but not finished; the current
#: period is done and the next one can be prepared; the first period has not begun.
DUE, PARTIAL, UPCOMING, NOT_STARTED = "due", "partial", "upcoming", "not-started"


@dataclass(frozen=True)
class Target:
    """The period to propose, the day that names it for :func:`~aibou.service.rotate.rotate`."""

    period: Period
    day: date
    state: str

    def days_until(self, today: date) -> int:
        return max((self.period.start - today).days, 0)


def target(inputs: Inputs, today: date) -> Target:
    """The period the panel should propose on ``today``.

    It is the current period while its rotation is missing or unfinished, else the next one.
    """
    first = inputs.settings.first_period_start
    if first and today < first:
        return Target(inputs.period(first), first, NOT_STARTED)
    current = inputs.period(today)
    tab = inputs.rotation(current.key)
    if tab is None:
        return Target(current, today, DUE)
    if not tab.complete:
        return Target(current, today, PARTIAL)
    after = current.end + timedelta(days=1)
    return Target(inputs.period(after), after, UPCOMING)


def target_of_key(inputs: Inputs, today: date, key: str) -> Target | None:
    """The target named by a period ``key`` from a card, if it is still the one to propose.

    That is the current period, the next one, or the first one before it begins; ``None`` for
    any other key (a period that has ended, one further ahead, or no period at all).
    """
    start = key_start(key)
    if start is None:
        return None
    period = inputs.period(start)
    due = target(inputs, today)
    current = inputs.period(today)
    following = inputs.period(current.end + timedelta(days=1))
    if period.key != key or key not in {due.period.key, current.key, following.key}:
        return None
    state = due.state if due.period.key == key else UPCOMING
    return Target(period, today if start <= today else start, state)
