"""Keep e-mail addresses and tokens out of what the Google adapters say (errors, logs, locks).

Google's error messages and the network's exceptions may quote a calendar id (an e-mail
address), a request URL or a credential; aibou's messages end up in logs. An address becomes a
short hash, so two identities can still be told apart; a token is dropped.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["redact"]

_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_TOKEN = re.compile(
    r"\bya29\.[\w.-]+"  # OAuth access tokens
    r"|\b1//[\w.-]+"  # refresh tokens
    r"|\beyJ[\w-]*\.[\w-]+\.[\w-]*"  # JWTs (ID tokens, signed assertions)
    r"|\b(?:Bearer|access_token=|assertion=|refresh_token=)\s*[^\s&\"',)]+",
    re.IGNORECASE,
)


def _hashed(match: re.Match[str]) -> str:
    address = match.group(0).lower().replace("%40", "@")
    return "<" + hashlib.sha256(address.encode()).hexdigest()[:8] + ">"


def redact(text: str) -> str:
    """``text`` with each e-mail address replaced by a short hash and each token removed.

    >>> redact("Not Found: calendars/Ops@Example.com/events?x=1")
    'Not Found: calendars/<af3c8254>/events?x=1'
    >>> redact("/calendars/ops%40example.com/events")
    '/calendars/<af3c8254>/events'
    >>> redact("Authorization: Bearer ya29.a0AfH6SM-xyz refused")
    'Authorization: <token> refused'
    """
    return _EMAIL.sub(_hashed, _TOKEN.sub("<token>", text))
