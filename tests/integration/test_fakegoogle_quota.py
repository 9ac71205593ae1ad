"""Calendar's per-user / per-project sliding-window quota in the fake (DESIGN §9)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import _should_retry_response

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv

HANAKO = "hanako@example.com"
TARO = "taro@example.com"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


_SERVICES: dict[tuple[int, str], tuple[GoogleEnv, Any]] = {}


def calendar_list(google_env: GoogleEnv, who: str) -> Any:
    """events.list on ``who``'s primary calendar (one client per user: building is slow)."""
    key = (id(google_env), who)
    if key not in _SERVICES:  # the env is kept alive with it, so its id is not reused
        _SERVICES[key] = (google_env, google_env.calendar(subject=who))
    return _SERVICES[key][1].events().list(calendarId="primary")


def test_per_user_limit_answers_403_rate_limit_exceeded(google_env, fake_google) -> None:
    clock = Clock()
    fake_google.clock = clock
    fake_google.set_quota(per_user_per_minute=3, per_project_per_minute=100)
    for _ in range(3):
        calendar_list(google_env, HANAKO).execute()
    with pytest.raises(HttpError) as err:
        calendar_list(google_env, HANAKO).execute()
    assert err.value.status_code == 403
    error = json.loads(err.value.content)["error"]
    assert error["errors"][0] == {
        "message": "Rate Limit Exceeded",
        "domain": "usageLimits",
        "reason": "rateLimitExceeded",
    }
    assert error["status"] == "PERMISSION_DENIED"
    assert _should_retry_response(403, err.value.content)  # execute(num_retries=N) retries it
    calendar_list(google_env, TARO).execute()  # another user has their own window
    clock.now += 59
    with pytest.raises(HttpError):  # refused calls count too: the window is still full
        calendar_list(google_env, HANAKO).execute()
    clock.now += 61
    calendar_list(google_env, HANAKO).execute()
    stats = fake_google.quota_stats()
    assert stats["users"][HANAKO] == {"calls": 6, "refused": 2}
    assert stats["users"][TARO] == {"calls": 1, "refused": 0}
    assert stats["projects"]["aibou-test"] == {"calls": 7, "refused": 2}


def test_project_limit_spans_users(google_env, fake_google) -> None:
    fake_google.clock = Clock()
    fake_google.set_quota(per_user_per_minute=100, per_project_per_minute=4)
    for who in (HANAKO, TARO, HANAKO, TARO):
        calendar_list(google_env, who).execute()
    with pytest.raises(HttpError) as err:
        calendar_list(google_env, "jiro@example.com").execute()
    assert err.value.status_code == 403
    # Sheets calls are not Calendar quota
    sid = fake_google.create_spreadsheet("R", owner=HANAKO)
    google_env.sheets(subject=HANAKO).spreadsheets().get(spreadsheetId=sid).execute()


def test_each_batch_part_counts(google_env, fake_google) -> None:
    fake_google.clock = Clock()
    fake_google.set_quota(per_user_per_minute=5)
    answers: list[int] = []

    def done(request_id: str, response: Any, exception: HttpError | None) -> None:
        answers.append(exception.status_code if exception else 200)

    cal = google_env.calendar(subject=HANAKO)
    batch = google_env.batch(callback=done)
    for _ in range(7):
        batch.add(cal.events().list(calendarId="primary"))
    batch.execute()
    assert sorted(answers) == [200] * 5 + [403] * 2
    assert fake_google.quota_stats()["users"][HANAKO] == {"calls": 7, "refused": 2}


def test_googleapiclient_retries_once_the_window_slides(google_env, fake_google) -> None:
    clock = Clock()
    fake_google.clock = clock
    fake_google.set_quota(per_user_per_minute=1)
    calendar_list(google_env, HANAKO).execute()
    request = calendar_list(google_env, HANAKO)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += 61  # waiting out the minute

    request._sleep = sleep
    assert request.execute(num_retries=2)["kind"] == "calendar#events"
    assert len(slept) == 1


def test_scaled_window_runs_in_real_time(google_env, fake_google: FakeGoogle) -> None:
    events = google_env.calendar(subject=HANAKO).events()
    events.list(calendarId="primary").execute()  # the token is fetched outside the window
    fake_google.set_quota(per_user_per_minute=2, window_seconds=0.3)
    events.list(calendarId="primary").execute()
    events.list(calendarId="primary").execute()
    with pytest.raises(HttpError):
        events.list(calendarId="primary").execute()
    time.sleep(0.35)
    events.list(calendarId="primary").execute()


@pytest.mark.fakegoogle_quota(per_user_per_minute=2, window_seconds=600)
def test_marker_enables_quota(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    assert fake_google.quota is not None
    calendar_list(google_env, HANAKO).execute()
    calendar_list(google_env, HANAKO).execute()
    with pytest.raises(HttpError) as err:
        calendar_list(google_env, HANAKO).execute()
    assert err.value.status_code == 403


def test_quota_is_off_by_default(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    for _ in range(20):
        calendar_list(google_env, HANAKO).execute()
    assert fake_google.quota_stats() == {"users": {}, "projects": {}}
