"""The one retry policy for Google calls: capped exponential backoff with full jitter.

Retried: HTTP 429, 500, 502, 503, 504, 403 with reason ``rateLimitExceeded`` or
``userRateLimitExceeded`` (not ``quotaExceeded``: a daily quota does not come back in seconds), and
connections that failed or dropped. A ``Retry-After`` header is honoured.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

__all__ = [
    "RETRYABLE_REASONS",
    "RETRYABLE_STATUS",
    "Backoff",
    "is_rate_limit",
    "is_retryable",
    "retry_after",
]

LOGGER = logging.getLogger("aibou.google")
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
RETRYABLE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def _reasons(body: bytes | str | None) -> set[str]:
    try:
        error = json.loads(body or b"{}").get("error", {})
    except (ValueError, AttributeError):
        return set()
    if not isinstance(error, dict):
        return set()
    return {e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)}


def is_retryable(status: int, body: bytes | str | None = None) -> bool:
    """Whether an answer with ``status`` and error ``body`` is worth trying again.

    >>> is_retryable(429), is_retryable(404), is_retryable(503)
    (True, False, True)
    >>> is_retryable(403, '{"error": {"errors": [{"reason": "rateLimitExceeded"}]}}')
    True
    >>> is_retryable(403, '{"error": {"errors": [{"reason": "quotaExceeded"}]}}')
    False
    """
    return status in RETRYABLE_STATUS or (
        status == 403 and bool(_reasons(body) & RETRYABLE_REASONS)
    )


def is_rate_limit(status: int, body: bytes | str | None = None) -> bool:
    """Whether an answer says "too many calls for now" (waited out over the quota's window).

    >>> is_rate_limit(429), is_rate_limit(503)
    (True, False)
    >>> is_rate_limit(403, '{"error": {"errors": [{"reason": "userRateLimitExceeded"}]}}')
    True
    """
    return status == 429 or (status == 403 and bool(_reasons(body) & RETRYABLE_REASONS))


@dataclass
class Backoff:
    """How often and how long to wait between attempts.

    ``attempts`` counts the first try. The wait before retry ``n`` (from 0) is uniform in
    ``[0, min(cap, base * 2**n)]``, or the server's ``Retry-After`` if it asked for longer
    (never more than ``cap``).
    """

    attempts: int = 6
    base: float = 0.5
    cap: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def tries(self) -> Iterator[int]:
        """Attempt numbers 0, 1, ...; the caller stops early on success."""
        return iter(range(self.attempts))

    def last(self, attempt: int) -> bool:
        return attempt >= self.attempts - 1

    def wait(
        self, attempt: int, headers: Mapping[str, str] | None = None, *, why: str = ""
    ) -> None:
        """Sleep (through ``sleep``) before retry ``attempt``, as long as ``headers`` ask.

        Logs ``why`` (the API and status: never a URL, which may hold a calendar's address).
        """
        delay = self.rng.uniform(0, min(self.cap, self.base * 2**attempt))
        asked = retry_after(headers or {})
        if asked is not None:
            delay = max(delay, min(self.cap, asked))
        LOGGER.warning(
            "retrying a Google call",
            extra={"fields": {"why": why, "attempt": attempt + 1, "wait_seconds": round(delay, 3)}},
        )
        self.sleep(delay)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The seconds a ``Retry-After`` header asks for (the HTTP-date form is not used by Google).

    >>> retry_after({"Retry-After": "7"}), retry_after({"retry-after": "1.5"})
    (7.0, 1.5)
    >>> retry_after({}), retry_after({"Retry-After": "soon"}), retry_after({"Retry-After": "-3"})
    (None, None, None)
    """
    value = headers.get("retry-after") or headers.get("Retry-After") or ""
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if 0 <= seconds < float("inf") else None
