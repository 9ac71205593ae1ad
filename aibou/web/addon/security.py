"""Who may call ``/addon/*``: only Google, on behalf of this deployment's add-on.

Every request carries a system ID token (``authorizationEventObject.systemIdToken``, and the same
token as the ``Authorization`` bearer): an RS256 JWT signed by Google for the add-on's system
service account (``AIBOU_ADDON_SERVICE_ACCOUNT``), whose audience is the URL Google called,
``AIBOU_PUBLIC_URL`` plus the route. Each token present is verified; a request without one, or
with any that fails, is refused before anything is read.
"""

from __future__ import annotations

from typing import Any

from aibou.web.config import Config
from aibou.web.tokens import CertCache, Rejected, verify

__all__ = ["authenticate"]


def authenticate(
    system_id_token: str,
    authorization: str | None,
    path: str,
    *,
    config: Config,
    certs: CertCache,
) -> dict[str, Any]:
    """The verified claims of the request's system ID token(s), or :class:`Rejected`."""
    tokens = [f"Bearer {system_id_token}"] if system_id_token else []
    if authorization and authorization not in tokens:
        tokens.append(authorization)
    if not tokens:
        raise Rejected(401, "no system ID token")
    audience = f"{config.public_url}{path}" if config.public_url else ""
    emails = [config.addon_service_account] if config.addon_service_account else []
    claims: dict[str, Any] = {}
    for token in tokens:
        claims = verify(token, audience=audience, emails=emails, certs=certs)
    return claims
