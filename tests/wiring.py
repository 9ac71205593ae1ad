"""The app wired for tests through :func:`aibou.wiring.wire`, as the doors get it.

The configuration is the environment the fixtures set (``google_env`` points the endpoints and
credentials at the fake Google server) with the fields a test names; the clock is fixed when a
test gives ``now``; retries do not wait.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from aibou.google.retry import Backoff
from aibou.ports import Calendar, Spreadsheet
from aibou.wiring import Config, Wiring, wire

#: Retries as in production, without sleeping between them.
NO_WAIT = Backoff(attempts=4, sleep=lambda seconds: None)


def config(**fields: Any) -> Config:
    """The environment's configuration with ``fields`` replaced."""
    return replace(Config.from_env(), **fields)


def wired(now: datetime | None = None, **fields: Any) -> Wiring:
    """The app wired with :func:`config` (``fields``), a fixed clock at ``now``, no waiting."""
    clock = (lambda: now) if now is not None else None
    return wire(config(**fields), clock=clock, backoff=NO_WAIT)


class VirtualTime:
    """A clock that moves only when something sleeps on it: a minute of quota in an instant.

    Give :attr:`clock` to the fake Google server (``fake_google.clock``) and both to the pacers
    and the retry policy (:func:`paced`): Google's window and aibou's waits then agree, exactly.
    """

    def __init__(self) -> None:
        import threading
        import time

        self.now = time.time()  # tokens signed in real time must look fresh to the fake
        self.slept = 0.0
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds
            self.slept += seconds


def paced(time: VirtualTime, now: datetime | None = None, **fields: Any) -> Wiring:
    """:func:`wired`, with pacing and retries waiting on ``time`` (AIBOU_CALENDAR_RATE read)."""
    from aibou.google.pacing import Pacers

    cfg = config(**fields)
    clock = (lambda: now) if now is not None else None
    backoff = Backoff(attempts=4, sleep=time.sleep)
    pacers = Pacers(cfg.google.calendar_rate, clock=time.clock, sleep=time.sleep)
    return wire(cfg, clock=clock, backoff=backoff, pacers=pacers)


def connect(sheet: str, *, backoff: Backoff = NO_WAIT) -> tuple[Spreadsheet, Calendar]:
    """The Google ports for ``sheet`` as the scheduled run gets them (the wiring), retrying with
    ``backoff``."""
    return wire(config(), backoff=backoff).google(sheet)
