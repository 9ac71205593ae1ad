"""Structured logs that Cloud Logging understands: one JSON object per line on stdout.

``severity`` and ``message`` are Cloud Logging's own fields; the request's trace is attached when
the ``X-Cloud-Trace-Context`` header is present. Logs carry counts and the period, not names,
e-mail addresses or tokens: call sites log a person or a caller as :func:`identity` (a short
hash, enough to tell two apart), and the formatter scrubs whatever slips through (an address
becomes its hash, a token ``<token>``), in messages, fields and stack traces alike.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import traceback
from typing import Any

__all__ = ["JsonFormatter", "configure", "identity", "log", "scrub"]

LOGGER = logging.getLogger("aibou")
#: Characters of a logged value past which it is cut (a stranger's string can be long).
MAX_LOGGED_CHARS = 2000
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: JWTs (``eyJ...``, any number of segments), Google access tokens, and any bearer credential.
_TOKEN = re.compile(
    r"eyJ[\w-]*(?:\.[\w-]*)*|ya29\.[\w.-]+|(?i:bearer)\s+\S+|(?:b')?[\w-]{20,}\.[\w-]{20,}\.[\w-]+"
)


def identity(email: str) -> str:
    """A short, stable hash that tells an address apart without telling it.

    >>> identity("Ops@Example.com") == identity("ops@example.com"), len(identity("a@x.jp"))
    (True, 18)
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:10]
    return f"<email:{digest}>"


def scrub(text: str) -> str:
    """``text`` without e-mail addresses (hashed) or tokens, cut to a loggable length.

    >>> scrub("caller ops@example.com sent Bearer eyJhbGciOi.eyJzdWIi.c2ln")
    'caller <email:af3c82544f> sent <token>'
    """
    text = _EMAIL.sub(lambda m: identity(m.group()), text)
    text = _TOKEN.sub("<token>", text)
    if len(text) > MAX_LOGGED_CHARS:
        text = text[:MAX_LOGGED_CHARS] + f"... ({len(text) - MAX_LOGGED_CHARS} more characters)"
    return text


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v) for v in value]
    return value


class JsonFormatter(logging.Formatter):
    """``{"severity", "message", ...fields}`` per record (``extra={"fields": {...}}``), scrubbed."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            payload["stack_trace"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(_scrubbed(payload), ensure_ascii=False, default=str)


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
