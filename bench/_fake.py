"""The fake Google server set up for a benchmark, as ``bench/google_calls.py`` does it.

A delegated service account, its key file, aibou's environment pointed at the fake (Sheets,
Calendar, Meet), the organiser's calendar; and round trips counted from the fake's request log
(a batch counts once).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakegoogle import FakeGoogle

OPS = "ops@example.com"
#: Paths of each API in the fake's request log.
SHEETS = r"^/v4/"
CALENDAR = r"^/(batch/)?calendar/"
MEET = r"^/v2/conferenceRecords"


def point_at(fake: FakeGoogle, folder: Path) -> Path:
    """Register a delegated service account, write its key, point aibou's environment at
    ``fake`` and add the organiser's calendar; the key file's path."""
    account = fake.register_service_account(delegated=True)
    key_file = fake.write_key_file(account, folder / "sa.json")
    os.environ.update({
        "GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "AIBOU_DELEGATED_USER": OPS,
        "AIBOU_SHEETS_ENDPOINT": fake.root, "AIBOU_CALENDAR_ENDPOINT": fake.root,
        "AIBOU_MEET_ENDPOINT": fake.root,
    })  # fmt: skip
    fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return Path(key_file)


def trips(fake: FakeGoogle) -> dict[str, int]:
    """Round trips per API since the log was last cleared (a batch counts once), and Calendar
    calls (each part of a batch counted)."""
    return {
        "sheets": fake.round_trips(path_regex=SHEETS),
        "calendar": fake.round_trips(path_regex=CALENDAR),
        "meet": fake.round_trips(path_regex=MEET),
        # each call inside a batch counted, as Google's quota counts them
        "calendar_calls": sum(
            1
            for e in fake.requests(path_regex=CALENDAR)
            if e.is_batch_part or not e.path.startswith("/batch/")
        ),
    }
