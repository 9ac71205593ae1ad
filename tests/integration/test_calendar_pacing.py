"""Pacing past one organiser's quota (DESIGN.md §9), against the fake Google server with
Calendar's per-minute quota enforced.

Time is virtual (:class:`tests.wiring.VirtualTime`): the fake's quota window and aibou's waits
read the same clock, which moves only when aibou waits, so a rotation that takes minutes of
quota runs in seconds and the waits can be counted exactly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from aibou import service
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import VirtualTime, paced

OPS = "ops@example.com"
DAY = date(2027, 1, 5)
PEOPLE = {"sales": 300, "cs": 300, "dev": 300}  # 300 groups of three
GROUPS = 300


@pytest.fixture
def time(fake_google: FakeGoogle) -> VirtualTime:
    time = VirtualTime()
    fake_google.clock = time.clock
    return time


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet("相棒制度", {"名簿": roster_rows(PEOPLE)}, owner=OPS)


def rotate(time: VirtualTime, sheet: str) -> service.Outcome:
    spreadsheet, calendar = paced(time).google(sheet)
    return service.rotate(spreadsheet, calendar, DAY)


def assert_every_group_invited_once(fake_google: FakeGoogle, outcome: service.Outcome) -> None:
    assert outcome.status == "applied"
    events = Counter(e["id"] for e in fake_google.events(OPS) if e["status"] == "confirmed")
    assert set(events) == set(outcome.event_ids.values())
    assert len(events) == GROUPS and set(events.values()) == {1}
    invited = Counter(a["email"] for e in fake_google.events(OPS) for a in e["attendees"])
    assert len(invited) == sum(PEOPLE.values()) and set(invited.values()) == {1}
    assert all(outcome.links.values()) and len(outcome.links) == GROUPS


@pytest.mark.slow
@pytest.mark.fakegoogle_quota(per_user_per_minute=120)
def test_paced_below_the_quota_google_never_refuses(
    fake_google: FakeGoogle, time: VirtualTime, sheet: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_CALENDAR_RATE", "100")
    outcome = rotate(time, sheet)
    assert_every_group_invited_once(fake_google, outcome)
    stats = fake_google.quota_stats()["users"][OPS]
    assert stats["refused"] == 0
    # every call counted, batch parts one by one: the run took as long as the pace demands
    windows = stats["calls"] / 100
    assert int(windows) - 1 <= time.slept / 60 <= windows


@pytest.mark.slow
@pytest.mark.fakegoogle_quota(per_user_per_minute=40)
def test_refusals_for_rate_are_waited_out_and_never_fail_the_rotation(
    fake_google: FakeGoogle, time: VirtualTime, sheet: str
) -> None:
    """The quota is lower than aibou's pace (another program shares it): Google answers 403
    rateLimitExceeded, aibou waits a whole window and slows down, and the rotation completes."""
    outcome = rotate(time, sheet)
    assert_every_group_invited_once(fake_google, outcome)
    assert fake_google.quota_stats()["users"][OPS]["refused"] > 0
