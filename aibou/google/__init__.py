"""Google Sheets and Google Calendar adapters (gspread, google-api-python-client, google-auth).

``connect`` builds both ports for one spreadsheet. Endpoints come from ``AIBOU_SHEETS_ENDPOINT``
and ``AIBOU_CALENDAR_ENDPOINT`` (API roots such as ``https://sheets.googleapis.com/``) when set: a
proxy, or the fake Google server in the tests.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aibou.errors import AibouError
from aibou.ports import Calendar, Spreadsheet

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

    from aibou.google.retry import Backoff

__all__ = ["connect", "endpoints", "secure_endpoint"]


def secure_endpoint(url: str) -> bool:
    """Whether bearer tokens may be sent to ``url``: https, or plain http on this machine only.

    >>> [secure_endpoint(u) for u in ("https://proxy.example/", "http://127.0.0.1:8080/",
    ...                               "http://localhost/", "http://proxy.example/", "ftp://x/")]
    [True, True, True, False, False]
    """
    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    return bool(parts.hostname) and (
        parts.scheme == "https" or (parts.scheme == "http" and loopback)
    )


def _root(variable: str, default: str) -> str:
    value = os.environ.get(variable, "").strip() or default
    if not secure_endpoint(value):
        raise AibouError(
            f"{variable}={value!r} must be an https URL (or http on localhost, for tests)."
        )
    return value if value.endswith("/") else value + "/"


def endpoints() -> tuple[str, str]:
    """The (Sheets, Calendar) API roots in use."""
    from aibou.google.calendar import GOOGLE_API_ROOT
    from aibou.google.sheets import GOOGLE_SHEETS_ROOT

    return (
        _root("AIBOU_SHEETS_ENDPOINT", GOOGLE_SHEETS_ROOT),
        _root("AIBOU_CALENDAR_ENDPOINT", GOOGLE_API_ROOT),
    )


def connect(
    spreadsheet_id: str, credentials: Credentials | None = None, backoff: Backoff | None = None
) -> tuple[Spreadsheet, Calendar]:
    """The Sheet and Calendar ports for ``spreadsheet_id``.

    ``credentials`` default to the service's own (Application Default Credentials, delegated to
    ``AIBOU_DELEGATED_USER`` when set); the add-on passes the user's.
    """
    from aibou.google.auth import service_credentials
    from aibou.google.calendar import GoogleCalendar
    from aibou.google.sheets import GoogleSheet, sheets_session

    credentials = credentials or service_credentials()
    sheets_root, calendar_root = endpoints()
    return (
        GoogleSheet(spreadsheet_id, sheets_session(credentials, sheets_root, backoff)),
        GoogleCalendar(credentials, calendar_root, backoff),
    )
