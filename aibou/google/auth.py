"""Credentials: the service's own (scheduled runs) or the user's (add-on), least privilege.

Scheduled runs act as a Workspace user through domain-wide delegation (``AIBOU_DELEGATED_USER``,
passed in by :mod:`aibou.wiring`),
because only a user can invite attendees and own the meetings. With a key file
(``GOOGLE_APPLICATION_CREDENTIALS``) google-auth signs the delegation itself; on App Engine, where
there is no key, the JWT is signed through the IAM Credentials API (the runtime service account
needs ``roles/iam.serviceAccountTokenCreator`` on itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aibou.errors import AibouError

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.auth.transport.requests import Request

__all__ = [
    "CALENDAR_SCOPES",
    "CREDENTIALS_REFUSED",
    "SCOPES",
    "SHEETS_SCOPES",
    "runtime_credentials",
    "service_credentials",
    "user_credentials",
]

SHEETS_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
CALENDAR_SCOPES = (
    "https://www.googleapis.com/auth/calendar.events.owned",  # events on calendars the user owns
    "https://www.googleapis.com/auth/calendar.freebusy",  # free/busy of the members, no details
)
SCOPES = SHEETS_SCOPES + CALENDAR_SCOPES
#: What a user reads when Google refuses the credentials themselves.
CREDENTIALS_REFUSED = (
    "Google refused aibou's credentials ({exc}). Check the service account, domain-wide "
    "delegation and AIBOU_DELEGATED_USER (README, Deploy)."
)
#: What the runtime account needs to sign delegation tokens through IAM (no key file).
IAM_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
#: Where google-auth exchanges a signed JWT for an access token.
TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret


def service_credentials(
    scopes: tuple[str, ...] = SCOPES, *, delegated_user: str = ""
) -> Credentials:
    """Application Default Credentials, acting as ``delegated_user`` when one is given."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        credentials, _ = google.auth.default(scopes=list(scopes))
    except DefaultCredentialsError as exc:
        raise AibouError(
            "No Google credentials found. Set GOOGLE_APPLICATION_CREDENTIALS to a service-account "
            "key file, or run on Google Cloud (see README, Deploy)."
        ) from exc
    user = delegated_user.strip()
    if not user:
        return credentials
    if hasattr(credentials, "with_subject"):  # a key file: google-auth signs the JWT itself
        return credentials.with_subject(user)
    runtime, _ = google.auth.default(scopes=list(IAM_SCOPES))  # signBlob needs cloud-platform
    return delegated_without_key(runtime, user, scopes)


def runtime_credentials() -> Credentials:
    """The runtime service account's own ``cloud-platform`` credentials, never delegated: what
    creates Cloud Tasks (and nothing else)."""
    return service_credentials(IAM_SCOPES)


def delegated_without_key(
    runtime: Credentials, user: str, scopes: tuple[str, ...], request: Request | None = None
) -> Credentials:
    """Act as ``user`` with no key file: IAM's signBlob signs the JWT as the runtime account.

    ``runtime`` are the metadata server's credentials on App Engine (with the cloud-platform
    scope); the account needs ``roles/iam.serviceAccountTokenCreator`` on itself. ``request`` is
    the transport for the signing calls (tests point it at the fake Google server).
    """
    from google.auth import iam
    from google.auth.transport.requests import Request
    from google.oauth2 import service_account

    request = request or Request()
    if not runtime.valid:
        runtime.refresh(request)
    email = getattr(runtime, "service_account_email", "")
    if not email or email == "default":
        raise AibouError("Cannot tell the runtime service account's e-mail for delegation.")
    signer = iam.Signer(request, runtime, email)
    return service_account.Credentials(signer, email, TOKEN_URI, scopes=list(scopes), subject=user)


def user_credentials(token: str) -> Credentials:
    """The user's OAuth access token, as the add-on receives it (not refreshable, short-lived)."""
    from google.oauth2.credentials import Credentials

    return Credentials(token=token)
