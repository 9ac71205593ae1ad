"""The current moment for a request: the real clock, or the one a test gave ``create_app``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app

__all__ = ["now"]


def now() -> datetime:
    """An aware "now" (UTC); the service reads it in the organiser's time zone."""
    clock: Callable[[], datetime] | None = current_app.extensions.get("aibou.clock")
    return clock() if clock else datetime.now(UTC)  # noqa: TID251 - time comes in here
