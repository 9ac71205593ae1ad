"""Injected faults and the request log."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import GoogleError

_DEFAULTS: dict[int, tuple[str, str]] = {
    400: ("badRequest", "Bad Request"),
    401: ("authError", "Invalid Credentials"),
    403: ("forbidden", "The caller does not have permission"),
    404: ("notFound", "Not Found"),
    409: ("conflict", "Conflict"),
    429: ("rateLimitExceeded", "Rate Limit Exceeded"),
    500: ("backendError", "Internal error encountered."),
    502: ("backendError", "Bad Gateway"),
    503: ("backendError", "The service is currently unavailable."),
    504: ("backendError", "Deadline exceeded."),
}
_REASON_MESSAGES = {
    "rateLimitExceeded": "Rate Limit Exceeded",
    "userRateLimitExceeded": "User Rate Limit Exceeded",
    "quotaExceeded": "Quota exceeded for quota metric 'Queries' and limit 'Queries per "
    "minute' of service.",
}


@dataclass(frozen=True)
class Fault:
    """What to do instead of (or before) answering a matched request.

    Build with :meth:`status`, :meth:`drop` or :meth:`delay`.
    """

    kind: Literal["status", "drop", "delay"]
    code: int = 0
    reason: str | None = None
    message: str | None = None
    retry_after: float | None = None
    seconds: float = 0.0

    @classmethod
    def status(
        cls,
        code: int,
        *,
        reason: str | None = None,
        message: str | None = None,
        retry_after: float | None = None,
    ) -> Fault:
        """Answer ``code`` with Google's error JSON (``Retry-After`` header if given)."""
        return cls("status", code=code, reason=reason, message=message, retry_after=retry_after)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering (the client sees a connection error)."""
        return cls("drop")

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds``, then handle the request normally (for client timeouts)."""
        return cls("delay", seconds=seconds)

    def error(self) -> GoogleError:
        default_reason, default_message = _DEFAULTS.get(self.code, ("unknown", "Error"))
        reason = self.reason or default_reason
        message = self.message or _REASON_MESSAGES.get(reason, default_message)
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = f"{self.retry_after:g}"
        return GoogleError(self.code, message, reason=reason, headers=headers)

    def describe(self) -> str:
        if self.kind == "status":
            return f"status {self.code}" + (f" {self.reason}" if self.reason else "")
        return "drop" if self.kind == "drop" else f"delay {self.seconds:g}s"


@dataclass
class FaultRule:
    method: str | None
    path_regex: str
    fault: Fault
    times: int | None  # None: forever
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return re.search(self.path_regex, path) is not None


@dataclass
class FaultBook:
    rules: list[FaultRule] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, rule: FaultRule) -> FaultRule:
        with self.lock:
            self.rules.append(rule)
        return rule

    def take(self, method: str, path: str) -> Fault | None:
        """The first live rule matching, consuming one of its ``times``."""
        with self.lock:
            for rule in self.rules:
                if rule.matches(method, path):
                    rule.hits += 1
                    return rule.fault
        return None

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()


@dataclass(frozen=True)
class LoggedRequest:
    """One request the fake saw (an HTTP round trip, or one part of a batch)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any  # parsed JSON, or None
    identity: str | None
    status: int
    is_batch_part: bool
    fault: str | None = None
