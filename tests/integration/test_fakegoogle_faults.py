"""Faults, latency and the request log, as the real clients experience them."""

from __future__ import annotations

import time

import pytest
import requests
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv, no_backoff

EVENTS = r"^/calendar/v3/calendars/[^/]+/events$"


def test_429_is_retried_by_execute(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    fake_google.inject("GET", EVENTS, Fault.status(429, retry_after=1), times=2)
    service = google_env.calendar()
    result = no_backoff(service.events().list(calendarId="primary")).execute(num_retries=3)
    assert result["kind"] == "calendar#events"
    assert [e.status for e in fake_google.requests("GET", EVENTS)] == [429, 429, 200]
    assert fake_google.requests("GET", EVENTS)[0].fault == "status 429"


def test_429_carries_retry_after_and_googles_shape(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    fake_google.inject(None, EVENTS, Fault.status(429, retry_after=7))
    response = google_env.session().get(
        "https://www.googleapis.com/calendar/v3/calendars/primary/events"
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    error = response.json()["error"]
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert error["errors"][0]["reason"] == "rateLimitExceeded"


def test_403_rate_limit_is_retried_but_quota_is_not(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    service = google_env.calendar()
    fake_google.inject("GET", EVENTS, Fault.status(403, reason="rateLimitExceeded"))
    no_backoff(service.events().list(calendarId="primary")).execute(num_retries=2)
    assert fake_google.round_trips("GET", EVENTS) == 2
    fake_google.clear_log()
    fake_google.inject("GET", EVENTS, Fault.status(403, reason="quotaExceeded"))
    with pytest.raises(HttpError) as err:
        no_backoff(service.events().list(calendarId="primary")).execute(num_retries=2)
    assert err.value.status_code == 403
    assert fake_google.round_trips("GET", EVENTS) == 1


def test_500_then_success(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    fake_google.inject("POST", r"^/calendar/v3/freeBusy$", Fault.status(500))
    service = google_env.calendar()
    body = {"timeMin": "2027-01-01T00:00:00Z", "timeMax": "2027-01-02T00:00:00Z", "items": []}
    no_backoff(service.freebusy().query(body=body)).execute(num_retries=1)
    assert [e.status for e in fake_google.requests("POST")] == [500, 200]


def test_dropped_connection_surfaces_as_connection_error(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    sid = fake_google.create_spreadsheet("t", {"A": [["x"]]}, owner=google_env.email)
    fake_google.inject("GET", r"/values/", Fault.drop())
    worksheet = google_env.gspread_client().open_by_key(sid).sheet1
    with pytest.raises(requests.exceptions.ConnectionError):
        worksheet.get_all_values()
    assert worksheet.get_all_values() == [["x"]]
    # httplib2 silently retries one dropped connection, so drop twice for googleapiclient.
    fake_google.inject("GET", EVENTS, Fault.drop(), times=2)
    with pytest.raises(ConnectionError):
        google_env.calendar().events().list(calendarId="primary").execute()


def test_delay_trips_a_client_timeout(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    fake_google.inject("GET", EVENTS, Fault.delay(1.0))
    session = google_env.session()
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.get("https://www.googleapis.com/calendar/v3/calendars/primary/events", timeout=0.3)


def test_latency_applies_to_every_round_trip(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    session = google_env.session()
    url = "https://www.googleapis.com/calendar/v3/calendars/primary/events"
    session.get(url)  # token fetched before latency is on
    fake_google.latency = 0.1
    started = time.monotonic()
    for _ in range(3):
        session.get(url)
    assert time.monotonic() - started >= 0.3
    assert fake_google.round_trips("GET") == 4


def test_fault_matching_by_method_times_and_forever(fake_google: FakeGoogle) -> None:
    fake_google.add_user_token("t", "u@example.com", ["https://www.googleapis.com/auth/calendar"])
    url = f"{fake_google.base_url}/calendar/v3/calendars/primary/events"
    headers = {"Authorization": "Bearer t"}
    rule = fake_google.inject("POST", EVENTS, Fault.status(503), times=None)
    assert requests.get(url, headers=headers, timeout=5).status_code == 200
    for _ in range(3):
        assert requests.post(url, headers=headers, json={}, timeout=5).status_code == 503
    assert rule.hits == 3
    fake_google.clear_faults()
    assert requests.post(url, headers=headers, json={}, timeout=5).status_code == 400
    logged = fake_google.requests("POST")
    assert logged[-1].body == {}
    assert logged[-1].identity == "u@example.com"
    assert not logged[-1].is_batch_part
