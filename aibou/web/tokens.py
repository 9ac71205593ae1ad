"""Verifying the Google-signed ID tokens that callers present (Cloud Scheduler, the add-on).

A token is accepted only if its RS256 signature checks out against Google's current certificates,
it has not expired, it was issued by Google, its audience is exactly the one expected, and its
``email`` is verified and on the allow-list. Certificates are cached as long as Google's
``Cache-Control: max-age`` allows, so a request costs no extra round trip.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from aibou.web.logs import identity

__all__ = ["ISSUERS", "CertCache", "Rejected", "decode", "verify", "why_invalid"]

#: The issuers Google uses for ID tokens.
ISSUERS = frozenset({"https://accounts.google.com", "accounts.google.com"})
#: Seconds of clock skew tolerated on ``iat``/``exp``.
CLOCK_SKEW_SECONDS = 10
#: How long certificates are kept when the answer does not say.
DEFAULT_CERTS_TTL_SECONDS = 3600
#: Seconds to wait for Google's certificates.
CERTS_TIMEOUT_SECONDS = 10
#: Certificates are refetched early (a key Google rotated) at most this often.
MIN_REFETCH_SECONDS = 60
_MAX_AGE = re.compile(r"max-age=(\d+)")


class Rejected(Exception):
    """The token is missing or not acceptable; ``status`` is 401 (who are you) or 403 (not you)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class CertCache:
    """Google's ID-token certificates from ``url``, fetched at most once per max-age."""

    url: str
    _certs: Mapping[str, str] = field(default_factory=dict)
    _expires: float = 0.0
    _fetched: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self) -> Mapping[str, str]:
        with self._lock:
            if time.monotonic() >= self._expires:
                import requests

                answer = requests.get(self.url, timeout=CERTS_TIMEOUT_SECONDS)
                answer.raise_for_status()
                self._certs = answer.json()
                self._fetched = time.monotonic()
                match = _MAX_AGE.search(answer.headers.get("Cache-Control", ""))
                ttl = int(match.group(1)) if match else DEFAULT_CERTS_TTL_SECONDS
                self._expires = time.monotonic() + ttl
            return self._certs

    def forget(self) -> None:
        """Refetch at the next use, unless the certificates are fresher than a minute."""
        with self._lock:
            self._expires = min(self._expires, self._fetched + MIN_REFETCH_SECONDS)


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Rejected(401, "missing bearer token")
    return token.strip()


def verify(
    authorization: str | None,
    *,
    audience: str,
    emails: Collection[str],
    certs: CertCache,
) -> dict[str, Any]:
    """The claims of the bearer token in ``authorization``, or :class:`Rejected`.

    ``emails`` is the allow-list of callers (service accounts); an empty list or audience admits
    nobody.
    """
    token = _bearer(authorization)
    if not audience or not emails:
        raise Rejected(403, "this endpoint has no configured audience or callers")
    claims = decode(token, audience=audience, certs=certs)
    email = str(claims.get("email", "")).lower()
    if claims.get("email_verified") not in (True, "true") or email not in {
        e.lower() for e in emails
    }:
        raise Rejected(403, f"caller {identity(email) if email else '(no email)'} not allowed")
    return claims


def decode(token: str, *, audience: str, certs: CertCache) -> dict[str, Any]:
    """The claims of the Google ID token ``token`` for ``audience``, or :class:`Rejected`:
    signature against Google's certificates, expiry, audience and issuer checked (not who)."""
    from google.auth import exceptions, jwt

    try:
        keys = certs.get()
    except (OSError, ValueError) as exc:  # requests' errors are OSErrors; bad JSON, ValueError
        raise Rejected(503, "cannot fetch Google's token certificates") from exc
    try:
        claims = jwt.decode(
            token, certs=keys, audience=audience, clock_skew_in_seconds=CLOCK_SKEW_SECONDS
        )
    except (exceptions.GoogleAuthError, ValueError) as exc:
        reason = why_invalid(exc)
        if reason == "signature not verified":
            certs.forget()  # Google may have rotated its keys: fetch them afresh next time
        raise Rejected(401, reason) from None
    if not isinstance(claims, dict) or claims.get("iss") not in ISSUERS:
        raise Rejected(401, "token not issued by Google")
    return claims


#: Words in google-auth's error messages, and the reason logged instead (its messages quote the
#: token, its claims or the certificate's key id: a stranger's bytes, never logged).
_REASONS = (
    (("segment", "required claim"), "malformed token"),
    (("signature", "key id", "algorithm"), "signature not verified"),
    (("expired", "too early"), "expired or not yet valid"),
    (("audience",), "wrong audience"),
)


def why_invalid(exc: BaseException) -> str:
    """A fixed, loggable reason for a token google-auth refused (never the token itself).

    >>> from google.auth.exceptions import MalformedError
    >>> why_invalid(MalformedError("Wrong number of segments in token: b'eyJhbGciOi'"))
    'malformed token'
    >>> why_invalid(TypeError("unhashable type: 'list'"))
    'invalid token'
    """
    from google.auth import exceptions

    if isinstance(exc, exceptions.GoogleAuthError):
        text = str(exc)
        for words, reason in _REASONS:
            if any(word in text for word in words):
                return reason
    return "invalid token"
