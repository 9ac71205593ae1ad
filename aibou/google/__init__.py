"""Google Sheets and Google Calendar adapters (gspread, google-api-python-client, google-auth).

``connect`` builds both ports for one spreadsheet from credentials and API roots (such as
``https://sheets.googleapis.com/``); :mod:`aibou.wiring` gives it those from the configuration
(``AIBOU_SHEETS_ENDPOINT``, ``AIBOU_CALENDAR_ENDPOINT``: a proxy, or the fake Google server).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aibou.ports import Calendar, Spreadsheet

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

    from aibou.google.pacing import Pacer
    from aibou.google.retry import Backoff

__all__ = ["connect", "secure_endpoint"]


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


def connect(
    spreadsheet_id: str,
    credentials: Credentials,
    *,
    sheets_root: str,
    calendar_root: str,
    backoff: Backoff | None = None,
    pacer: Pacer | None = None,
    owner: str = "",
) -> tuple[Spreadsheet, Calendar]:
    """The Sheet and Calendar ports for ``spreadsheet_id``, with ``credentials``.

    ``sheets_root`` and ``calendar_root`` are the API roots (:mod:`aibou.wiring` reads them from
    the configuration); ``backoff`` is the retry policy of every call; ``pacer`` paces the
    organiser's Calendar calls (DESIGN.md §9); ``owner`` is the e-mail the credentials act as.
    """
    from aibou.google.calendar import GoogleCalendar
    from aibou.google.sheets import GoogleSheet, sheets_session

    return (
        GoogleSheet(spreadsheet_id, sheets_session(credentials, sheets_root, backoff)),
        GoogleCalendar(credentials, calendar_root, backoff, pacer, owner),
    )
