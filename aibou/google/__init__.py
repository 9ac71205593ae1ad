"""Google Sheets and Google Calendar adapters (gspread, google-api-python-client, google-auth)."""

from __future__ import annotations

from aibou.errors import AibouError
from aibou.ports import Calendar, Spreadsheet

__all__ = ["connect"]


def connect(spreadsheet_id: str) -> tuple[Spreadsheet, Calendar]:
    """The Sheet and Calendar ports for ``spreadsheet_id`` with the service's credentials."""
    raise AibouError("Google Sheets support is not built yet: use --workbook for now.")
