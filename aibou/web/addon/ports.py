"""The Google ports for one add-on request, acting as the user who clicked.

Calls use the user's OAuth token from the event (``drive.file`` for this spreadsheet, the
Calendar scopes of :mod:`aibou.google.auth`), with a short retry policy: a person is waiting.
"""

from __future__ import annotations

from aibou.google.retry import Backoff
from aibou.ports import Calendar, Spreadsheet

__all__ = ["INTERACTIVE", "sheet_and_calendar", "sheet_only"]

#: Retries for a user who waits: three tries within a few seconds.
INTERACTIVE = Backoff(attempts=3, base=0.5, cap=4.0)


def sheet_only(spreadsheet_id: str, token: str) -> Spreadsheet:
    """The spreadsheet port alone (reading and the Settings tab need no Calendar client)."""
    from aibou.google import endpoints
    from aibou.google.auth import user_credentials
    from aibou.google.sheets import GoogleSheet, sheets_session

    root, _ = endpoints()
    return GoogleSheet(spreadsheet_id, sheets_session(user_credentials(token), root, INTERACTIVE))


def sheet_and_calendar(spreadsheet_id: str, token: str) -> tuple[Spreadsheet, Calendar]:
    from aibou.google import connect
    from aibou.google.auth import user_credentials

    return connect(spreadsheet_id, credentials=user_credentials(token), backoff=INTERACTIVE)
