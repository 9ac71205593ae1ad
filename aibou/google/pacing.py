"""Pacing Calendar calls below an organiser's per-minute quota (DESIGN.md §9).

Google Calendar allows about 600 requests a minute per user (and 10,000 per project), every call
inside a batch counted. A :class:`Pacer` keeps one organiser's calls below ``rate`` in every
sliding ``window`` (a minute): before a batch of ``n`` calls goes out, :meth:`Pacer.take` waits
until ``n`` more fit. When Google says "too many" all the same (a 403 ``rateLimitExceeded`` or
``userRateLimitExceeded``, a 429: other programs share the quota), :meth:`Pacer.throttled` waits
a whole window, so Google's window has emptied, and halves the pace. The retry policy's few
seconds of jitter (:mod:`aibou.google.retry`) could not wait that out.

Time is injected (``clock``, ``sleep``), so tests and benchmarks can run a minute in an instant.
:class:`Pacers` keeps one pacer per organiser for the life of a process, so the tasks a Cloud
Tasks queue delivers to one instance share their organiser's pace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["DEFAULT_RATE", "MINUTE", "Pacer", "Pacers"]

LOGGER = logging.getLogger("aibou.google")
#: Calendar calls a minute per organiser when ``AIBOU_CALENDAR_RATE`` is not set (Google: 600).
DEFAULT_RATE = 500
#: Seconds in the quota's window.
MINUTE = 60.0
#: The pace never drops below this many calls a window after "too many" answers.
MIN_RATE = 10


@dataclass
class Pacer:
    """At most ``rate`` calls in any ``window`` seconds of ``clock``, waiting through ``sleep``.

    >>> now = [0.0]
    >>> pacer = Pacer(rate=3, window=60, clock=lambda: now[0],
    ...               sleep=lambda s: now.__setitem__(0, now[0] + s), floor=1)
    >>> pacer.take(2); pacer.take(1); now[0]
    0.0
    >>> pacer.take(1); now[0]  # the fourth call waits until the first has left the window
    60.0
    >>> pacer.throttled(); now[0], pacer.rate  # Google said "too many": a whole window, half pace
    (120.0, 1)
    """

    rate: int = DEFAULT_RATE
    window: float = MINUTE
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    floor: int = MIN_RATE
    waited: float = 0.0
    _sent: deque[tuple[float, int]] = field(default_factory=deque, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.rate < 1 or self.window <= 0:
            raise ValueError("a pacer needs a rate of at least 1 call in a positive window")
        self.floor = min(self.floor, self.rate)

    @property
    def batch(self) -> int:
        """The most calls one batch may carry and still fit in a window."""
        return self.rate

    def take(self, calls: int) -> None:
        """Wait until ``calls`` more calls keep every window at or below :attr:`rate`."""
        calls = min(calls, self.rate)
        with self._lock:
            while True:
                now = self.clock()
                while self._sent and self._sent[0][0] <= now - self.window:
                    self._sent.popleft()
                used = sum(n for _, n in self._sent)
                if used + calls <= self.rate:
                    self._sent.append((now, calls))
                    return
                # wait until enough of the oldest calls have left the window
                freed, until = used + calls - self.rate, now
                for sent_at, n in self._sent:
                    freed -= n
                    until = sent_at + self.window
                    if freed <= 0:
                        break
                self._pause(max(until - now, 0.0) or self.window * 1e-3)

    def throttled(self, retry_after: float | None = None) -> None:
        """Google refused calls for their rate: halve the pace and wait ``retry_after`` seconds
        if Google said how long, else a whole window (Google's window has emptied by then)."""
        with self._lock:
            self.rate = max(self.floor, self.rate // 2)
            seconds = self.window if retry_after is None else retry_after
            LOGGER.warning(
                "Google Calendar rate limit met: waiting it out",
                extra={"fields": {"wait_seconds": round(seconds, 3), "rate": self.rate}},
            )
            self._pause(seconds)
            self._sent.clear()

    def _pause(self, seconds: float) -> None:
        self.waited += seconds
        self.sleep(seconds)


@dataclass
class Pacers:
    """One :class:`Pacer` per organiser (a calendar owner's e-mail), made on first use."""

    rate: int = DEFAULT_RATE
    window: float = MINUTE
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _pacers: dict[str, Pacer] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self, organiser: str) -> Pacer:
        with self._lock:
            key = organiser.lower()
            if key not in self._pacers:
                self._pacers[key] = Pacer(self.rate, self.window, self.clock, self.sleep)
            return self._pacers[key]
