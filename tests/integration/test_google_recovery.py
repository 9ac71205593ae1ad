"""The Google adapters recover from what Google and the network do to them, each shown over real
HTTP against the fake Google server: the waits a ``Retry-After`` asks for, events deleted at Google
(which keep their ids as ``cancelled``), and an ``addSheet`` whose answer was lost after it landed.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from aibou import service as rotation
from aibou.google.auth import SHEETS_SCOPES
from aibou.google.retry import Backoff
from aibou.google.sheets import PERIOD_KEY, GoogleSheet, sheets_session
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import connect

OPS = "ops@example.com"
DAY = date(2027, 1, 5)
NO_WAIT = Backoff(attempts=4, sleep=lambda seconds: None)


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2})}, owner=OPS
    )


def recording_backoff(waits: list[float]) -> Backoff:
    """A policy whose own backoff is negligible (at most 1 ms), recording every wait asked for."""
    return Backoff(attempts=4, base=0.001, sleep=waits.append, rng=random.Random(1))


# --- Retry-After --------------------------------------------------------------------------------


def test_sheets_waits_as_long_as_retry_after_asks(fake_google: FakeGoogle, sheet: str) -> None:
    waits: list[float] = []
    fake_google.inject("GET", rf"/v4/spreadsheets/{sheet}$", Fault.status(429, retry_after=7))
    spreadsheet, _ = connect(sheet, backoff=recording_backoff(waits))
    assert [s.title for s in spreadsheet.read().sheets] == ["名簿"]
    assert waits == [7.0]


def test_calendar_waits_as_long_as_retry_after_asks(fake_google: FakeGoogle, sheet: str) -> None:
    waits: list[float] = []
    fake_google.inject(
        "POST", r"^/calendar/v3/calendars/[^/]+/events$", Fault.status(429, retry_after=5)
    )
    spreadsheet, calendar = connect(sheet, backoff=recording_backoff(waits))
    assert rotation.rotate(spreadsheet, calendar, DAY).status == "applied"
    assert waits == [5.0]
    assert len([e for e in fake_google.events(OPS) if e["status"] == "confirmed"]) == 2


def test_retry_after_beyond_the_cap_waits_the_cap(fake_google: FakeGoogle, sheet: str) -> None:
    waits: list[float] = []
    fake_google.inject("GET", rf"/v4/spreadsheets/{sheet}$", Fault.status(503, retry_after=3600))
    spreadsheet, _ = connect(sheet, backoff=recording_backoff(waits))
    spreadsheet.read()
    assert waits == [32.0]


# --- events deleted at Google -------------------------------------------------------------------


def test_events_deleted_at_google_are_restored_for_the_same_groups(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    """The ops lead deletes the events and the tab, then runs the same period again with the
    same roster: the same groups get the same event ids, which Google keeps as ``cancelled``.
    Linking to those would send people to deleted meetings."""
    spreadsheet, calendar = connect(sheet, backoff=NO_WAIT)
    first = rotation.rotate(spreadsheet, calendar, DAY)
    api = google_env.calendar(subject=OPS)
    for event in fake_google.events(OPS):
        api.events().delete(calendarId=OPS, eventId=event["id"]).execute()
    book = google_env.gspread_client(subject=OPS).open_by_key(sheet)
    book.del_worksheet(book.worksheet("相棒 2027-Q1"))

    spreadsheet, calendar = connect(sheet, backoff=NO_WAIT)
    again = rotation.rotate(spreadsheet, calendar, DAY)
    assert again.status == "applied"
    assert [g.emails for g in again.groups] == [g.emails for g in first.groups]
    assert again.event_ids == first.event_ids
    assert {e["id"]: e["status"] for e in fake_google.events(OPS)} == dict.fromkeys(
        again.event_ids.values(), "confirmed"
    )


# --- an addSheet that landed but whose answer was lost ------------------------------------------


class LoseFirstAnswer(HTTPAdapter):
    """Sends every request; the first whose body contains ``marker`` reaches the server and is
    carried out, but its answer never comes back (a connection reset on the way back)."""

    def __init__(self, marker: bytes) -> None:
        super().__init__()
        self.marker, self.lost = marker, 0

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().send(request, *args, **kwargs)
        body = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        if not self.lost and self.marker in body:
            self.lost += 1
            raise requests.ConnectionError("connection reset by peer (after the server acted)")
        return response


def test_a_retried_add_sheet_that_had_landed_is_not_an_error(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    session = sheets_session(
        google_env.credentials(SHEETS_SCOPES, subject=OPS), fake_google.root, NO_WAIT
    )
    network = LoseFirstAnswer(b'"addSheet"')
    session.mount(fake_google.root, network)
    spreadsheet = GoogleSheet(sheet, session)
    rows = [["グループ", "メール"], [1, "a@example.jp"]]

    spreadsheet.add_rotation_tab("相棒 2027-Q1", "2027-Q1", rows)

    assert network.lost == 1
    adds = [r for r in fake_google.requests() if r.path.endswith(":batchUpdate")]
    assert [r.status for r in adds] == [200, 400]  # landed, then "already exists" on the retry
    assert fake_google.sheet_titles(sheet) == ["名簿", "相棒 2027-Q1"]
    assert fake_google.values(sheet, "相棒 2027-Q1") == [
        ["グループ", "メール"],
        [1, "a@example.jp"],
    ]
    tags = [m for m in fake_google.developer_metadata(sheet) if m["metadataKey"] == PERIOD_KEY]
    assert [t["metadataValue"] for t in tags] == ["2027-Q1"]
