"""Credentials: the service's own (scheduled runs) or the user's (add-on), least privilege.

Scheduled runs act as a Workspace user through domain-wide delegation (``AIBOU_DELEGATED_USER``),
because only a user can invite attendees and own the meetings. With a key file
(``GOOGLE_APPLICATION_CREDENTIALS``) google-auth signs the delegation itself; on App Engine, where
there is no key, the JWT is signed through the IAM Credentials API (the runtime service account
needs ``roles/iam.serviceAccountTokenCreator`` on itself).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from aibou.errors import AibouError

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

__all__ = ["CALENDAR_SCOPES", "SCOPES", "SHEETS_SCOPES", "service_credentials", "user_credentials"]

SHEETS_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
CALENDAR_SCOPES = (
    "https://www.googleapis.com/auth/calendar.events.owned",  # events on calendars the user owns
    "https://www.googleapis.com/auth/calendar.freebusy",  # free/busy of the members, no details
)
SCOPES = SHEETS_SCOPES + CALENDAR_SCOPES
#: Where google-auth exchanges a signed JWT for an access token.
TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret


def service_credentials(scopes: tuple[str, ...] = SCOPES) -> Credentials:
    """Application Default Credentials, acting as ``AIBOU_DELEGATED_USER`` when it is set."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        credentials, _ = google.auth.default(scopes=list(scopes))
    except DefaultCredentialsError as exc:
        raise AibouError(
            "No Google credentials found. Set GOOGLE_APPLICATION_CREDENTIALS to a service-account "
            "key file, or run on Google Cloud (see README, Deploy)."
        ) from exc
    user = os.environ.get("AIBOU_DELEGATED_USER", "").strip()
    if not user:
        return credentials
    if hasattr(credentials, "with_subject"):
        return credentials.with_subject(user)
    return _keyless_delegation(credentials, user, scopes)


def _keyless_delegation(
    credentials: Credentials, user: str, scopes: tuple[str, ...]
) -> Credentials:
    """Delegation without a key: sign the JWT with IAM's signBlob as the runtime account."""
    from google.auth import iam
    from google.auth.transport.requests import Request
    from google.oauth2 import service_account

    request = Request()
    credentials.refresh(request)
    email = getattr(credentials, "service_account_email", "")
    if not email or email == "default":
        raise AibouError("Cannot tell the runtime service account's e-mail for delegation.")
    signer = iam.Signer(request, credentials, email)
    return service_account.Credentials(signer, email, TOKEN_URI, scopes=list(scopes), subject=user)


def user_credentials(token: str) -> Credentials:
    """The user's OAuth access token, as the add-on receives it (not refreshable, short-lived)."""
    from google.oauth2.credentials import Credentials

    return Credentials(token=token)
