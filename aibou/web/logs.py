"""Structured logs that Cloud Logging understands: one JSON object per line on stdout.

``severity`` and ``message`` are Cloud Logging's own fields; the request's trace is attached when
the ``X-Cloud-Trace-Context`` header is present. Logs carry counts and the period, not names or
e-mail addresses.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from typing import Any

__all__ = ["JsonFormatter", "configure", "log"]

LOGGER = logging.getLogger("aibou")


class JsonFormatter(logging.Formatter):
    """``{"severity", "message", ...fields}`` per record (``extra={"fields": {...}}``)."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            payload["stack_trace"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure() -> None:
    """Send aibou's logs to stdout as JSON (once)."""
    if any(isinstance(h.formatter, JsonFormatter) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False


def log(level: int, message: str, **fields: Any) -> None:
    """Log ``message`` with structured ``fields``."""
    LOGGER.log(level, message, extra={"fields": fields})
