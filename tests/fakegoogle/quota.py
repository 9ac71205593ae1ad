"""Calendar's per-minute request quota: a sliding window per user and per project.

Opt-in (``FakeGoogle.set_quota``). Every Calendar call is charged once, a batch's parts one
by one (the batch envelope itself is not a call), to the authenticated user (the delegated
``sub``, or the token's own email) and to the project of the service account that obtained
the token. A call over either limit answers 403 ``rateLimitExceeded`` (domain
``usageLimits``), which ``googleapiclient``'s ``execute(num_retries=N)`` retries.

Refused calls are charged too (the stricter reading: hammering a full window keeps it full).
The window is read from the fake's clock, so ``window_seconds=0.6`` with the limits unchanged
is Google's quota with time running 100 times faster.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from .auth import Identity
from .errors import GoogleError

DEFAULT_PROJECT = "default-project"


@dataclass
class QuotaCounters:
    """What one user (or project) did: calls charged and calls refused with a 403."""

    calls: int = 0
    refused: int = 0


@dataclass
class Quota:
    per_user_per_minute: int
    per_project_per_minute: int
    window_seconds: float = 60.0
    users: dict[str, deque[float]] = field(default_factory=dict)
    projects: dict[str, deque[float]] = field(default_factory=dict)
    user_counters: dict[str, QuotaCounters] = field(default_factory=dict)
    project_counters: dict[str, QuotaCounters] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def charge(self, identity: Identity, now: float) -> None:
        """Count one call; raise the 403 Google answers when a window is already full."""
        user = identity.email.lower()
        project = project_of(identity)
        with self.lock:
            user_window = _slide(self.users.setdefault(user, deque()), now, self.window_seconds)
            project_window = _slide(
                self.projects.setdefault(project, deque()), now, self.window_seconds
            )
            user_count = self.user_counters.setdefault(user, QuotaCounters())
            project_count = self.project_counters.setdefault(project, QuotaCounters())
            over = (
                len(user_window) >= self.per_user_per_minute
                or len(project_window) >= self.per_project_per_minute
            )
            user_window.append(now)
            project_window.append(now)
            user_count.calls += 1
            project_count.calls += 1
            if over:
                user_count.refused += 1
                project_count.refused += 1
        if over:
            raise rate_limit_exceeded()

    def stats(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{"users": {email: {"calls", "refused"}}, "projects": {...}}``."""
        with self.lock:
            return {
                "users": {k: vars(v).copy() for k, v in self.user_counters.items()},
                "projects": {k: vars(v).copy() for k, v in self.project_counters.items()},
            }


def _slide(window: deque[float], now: float, seconds: float) -> deque[float]:
    while window and window[0] <= now - seconds:
        window.popleft()
    return window


def project_of(identity: Identity) -> str:
    """``x@PROJECT.iam.gserviceaccount.com`` -> PROJECT; user OAuth tokens share one project."""
    account = identity.service_account or ""
    domain = account.rsplit("@", 1)[-1]
    if domain.endswith(".iam.gserviceaccount.com"):
        return domain.removesuffix(".iam.gserviceaccount.com")
    return DEFAULT_PROJECT


def rate_limit_exceeded() -> GoogleError:
    return GoogleError(
        403,
        "Rate Limit Exceeded",
        reason="rateLimitExceeded",
        status="PERMISSION_DENIED",
        domain="usageLimits",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {"service": "calendar-json.googleapis.com"},
            }
        ],
    )
