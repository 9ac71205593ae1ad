"""Which period the panel proposes: the one due now, or the next one, ahead of time.

Built on :func:`aibou.service.target.target_period`, which holds the rule about the first
period; the panel adds one thing: when the current rotation is done, it offers the next.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from aibou.domain.time.periods import key_start
from aibou.service.inputs import Inputs
from aibou.service.target import (
    DONE,
    DUE,
    NOT_STARTED,
    OPEN,
    PARTIAL,
    Target,
    following,
    target_period,
)

__all__ = ["DUE", "NOT_STARTED", "PARTIAL", "UPCOMING", "Target", "target", "target_of_key"]

#: The current period is done and the next one can be prepared.
UPCOMING = "upcoming"


def target(inputs: Inputs, today: date) -> Target:
    """The period the panel should propose on ``today``.

    It is the run's target (§7) while its rotation is missing or unfinished, else the next one.
    """
    due = target_period(inputs, today)
    if due.state not in (DONE, OPEN):
        return due
    return replace(following(inputs, due), state=UPCOMING)


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
    after = inputs.period(current.end + timedelta(days=1))
    if period.key != key or key not in {due.period.key, current.key, after.key}:
        return None
    state = due.state if due.period.key == key else UPCOMING
    return Target(period, today if start <= today else start, state)
