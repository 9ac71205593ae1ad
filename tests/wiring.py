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
