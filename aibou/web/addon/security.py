"""Who may call ``/addon/*``: only Google, on behalf of this deployment's add-on.

Google sends a system ID token as the ``Authorization`` bearer: an RS256 JWT signed by Google for
the add-on's system service account (``AIBOU_ADDON_SERVICE_ACCOUNT``), whose audience is the URL
Google called, ``AIBOU_PUBLIC_URL`` plus the route. :func:`admit` verifies that header before the
body is read at all, so a stranger's body costs nothing; then it reads the body (bounded, see
:mod:`aibou.web.bodies`) and parses the event. The event carries the token again
(``authorizationEventObject.systemIdToken``); one that differs from the header's is verified
too.

Then who the user is: the event's ``authorizationEventObject.userIdToken`` is the user's Google ID
token, issued to the add-on's OAuth client (``AIBOU_ADDON_CLIENT_ID``, the ``oauthClientId`` of
``gcloud workspace-add-ons get-authorization``). :func:`identify` checks it as Google says ID
tokens are checked (signature against Google's certificates, ``aud`` the client ID, ``iss``
Google, ``exp`` not passed) and that its ``email`` is verified; the event then carries that
address as ``user``. A token that is missing or fails, or no client ID configured, leaves the user
unknown (``""``): never a refusal of the request, but an amendment of a rotation someone owns is
then refused (DESIGN.md §7). Neither the token nor the address is logged.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from flask import request

from aibou.domain.sheet.cells import is_email
from aibou.web.addon.events import AddonEvent, BadEvent, parse
from aibou.web.bodies import read_json, refuse
from aibou.web.logs import log
from aibou.web.tokens import CertCache, Rejected, decode, verify
from aibou.wiring import Config

__all__ = ["admit", "authenticate", "identify"]


def authenticate(
    authorization: str | None, path: str, *, config: Config, certs: CertCache
) -> dict[str, Any]:
    """The verified claims of the system ID token ``authorization`` for ``path``, or
    :class:`Rejected`."""
    audience = f"{config.public_url}{path}" if config.public_url else ""
    emails = [config.addon_service_account] if config.addon_service_account else []
    return verify(authorization, audience=audience, emails=emails, certs=certs)


def identify(user_id_token: str, *, config: Config, certs: CertCache) -> str:
    """The verified, lower-cased e-mail of the user whose ID token ``user_id_token`` is, or
    ``""`` when aibou cannot tell (no token, no configured client ID, or a token that fails)."""
    if not user_id_token or not config.addon_client_id:
        return ""
    try:
        claims = decode(user_id_token, audience=config.addon_client_id, certs=certs)
    except Rejected as exc:
        log(logging.WARNING, "addon: user unknown", reason=exc.reason)
        return ""
    email = str(claims.get("email", "")).strip().lower()
    if claims.get("email_verified") not in (True, "true") or not is_email(email):
        log(logging.WARNING, "addon: user unknown", reason="no verified e-mail")
        return ""
    return email


def admit(action: str, *, config: Config, certs: CertCache) -> AddonEvent:
    """The event of this request from Google's add-on; otherwise abort with a JSON refusal.

    401/403 (503: Google's certificates unreachable) before the body is read; then 413 for a
    body too large, 400 for one that is not JSON or not an event.
    """
    authorization = request.headers.get("Authorization")
    try:
        authenticate(authorization, request.path, config=config, certs=certs)
        body = read_json()
        event = parse(body)
        if event.system_id_token and f"Bearer {event.system_id_token}" != authorization:
            authenticate(
                f"Bearer {event.system_id_token}", request.path, config=config, certs=certs
            )
    except Rejected as exc:
        log(logging.WARNING, "refused /addon", action=action, reason=exc.reason, status=exc.status)
        raise refuse(exc.status, "unauthorized" if exc.status != 503 else "unavailable") from None
    except BadEvent as exc:
        log(logging.WARNING, "refused /addon: not an event", action=action, reason=str(exc))
        raise refuse(400, "not an add-on event") from None
    user = identify(event.user_id_token, config=config, certs=certs)
    return replace(event, user_id_token="", user=user)
