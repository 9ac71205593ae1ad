"""What the Google adapters say (log lines, error messages, the lock entry they leave in the sheet)
never holds an e-mail address or a token: over real HTTP against the fake Google server, with
faults that make them retry and fail, and Google error messages that quote an address."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date

import pytest

from aibou import service as rotation
from aibou.errors import AibouError, Busy
from aibou.google.retry import Backoff
from aibou.google.sheets import LOCK_KEY
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import connect

OPS = "ops@example.com"
DAY = date(2027, 1, 5)
NO_WAIT = Backoff(attempts=3, sleep=lambda seconds: None)
SECRETS = re.compile(r"@|%40|ya29\.|Bearer|eyJ", re.IGNORECASE)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {getattr(record, 'fields', {})}")


@pytest.fixture
def logs() -> Iterator[list[str]]:
    """Every line logged under ``aibou`` (whatever the web app configured for propagation)."""
    logger, handler = logging.getLogger("aibou"), Collect()
    level, logger.level = logger.level, logging.DEBUG
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2})}, owner=OPS
    )


def test_retries_are_logged_without_addresses(
    fake_google: FakeGoogle, sheet: str, logs: list[str]
) -> None:
    fake_google.inject("GET", rf"/v4/spreadsheets/{sheet}$", Fault.status(429, retry_after=1))
    fake_google.inject("POST", r"/freeBusy$", Fault.status(500))
    fake_google.inject("POST", r"/calendars/[^/]+/events$", Fault.status(503))
    fake_google.inject("POST", r"^/batch/calendar/v3$", Fault.drop(), times=2)
    spreadsheet, calendar = connect(sheet, backoff=NO_WAIT)
    assert rotation.rotate(spreadsheet, calendar, DAY).status == "applied"
    assert len([line for line in logs if "retrying" in line]) >= 3
    assert [line for line in logs if SECRETS.search(line)] == []


def test_a_google_error_quoting_an_address_is_told_without_it(
    fake_google: FakeGoogle, sheet: str
) -> None:
    quoted = "Invalid attendee email: sales01@example.jp (calendar ops%40example.com)"
    fake_google.inject("POST", r"/calendars/[^/]+/events$", Fault.status(400, message=quoted))
    spreadsheet, calendar = connect(sheet, backoff=NO_WAIT)
    with pytest.raises(AibouError, match="Invalid attendee email") as caught:
        rotation.rotate(spreadsheet, calendar, DAY)
    assert not SECRETS.search(str(caught.value))
    fake_google.clear_faults()
    fake_google.inject("GET", rf"/v4/spreadsheets/{sheet}$", Fault.status(400, message=quoted))
    with pytest.raises(AibouError, match="Invalid attendee email") as caught:
        connect(sheet, backoff=NO_WAIT)[0].read()
    assert not SECRETS.search(str(caught.value))


def test_the_lock_names_its_owner_by_a_hash(fake_google: FakeGoogle, sheet: str) -> None:
    """A scheduled run's owner names the scheduler's account: the entry in the sheet and the
    other run's ``busy`` message tell runs apart without the address."""
    first, second = connect(sheet, backoff=NO_WAIT)[0], connect(sheet, backoff=NO_WAIT)[0]
    with first.lock("task:scheduler@aibou-test.iam.gserviceaccount.com:ab12"):
        (entry,) = [
            m for m in fake_google.developer_metadata(sheet) if m["metadataKey"] == LOCK_KEY
        ]
        assert "task:<" in entry["metadataValue"]
        assert not SECRETS.search(entry["metadataValue"])
        with (
            pytest.raises(Busy, match=r"task:<[0-9a-f]{8}>:ab12") as caught,
            second.lock("task:other@aibou-test.iam.gserviceaccount.com:cd34"),
        ):
            pass  # pragma: no cover
        assert not SECRETS.search(str(caught.value))
