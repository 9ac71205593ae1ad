"""Calendar batch requests through googleapiclient's real BatchHttpRequest."""

from __future__ import annotations

import json

import pytest
import requests
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv

HANAKO = "hanako@example.com"


def body(event_id: str) -> dict:
    return {
        "id": event_id,
        "summary": "pair",
        "start": {"dateTime": "2027-01-05T10:00:00+09:00"},
        "end": {"dateTime": "2027-01-05T10:30:00+09:00"},
    }


def run_batch(
    google_env: GoogleEnv, ids: list[str]
) -> dict[str, tuple[dict | None, Exception | None]]:
    service = google_env.calendar(subject=HANAKO)
    results: dict[str, tuple[dict | None, Exception | None]] = {}

    def callback(request_id: str, response: dict | None, exception: Exception | None) -> None:
        results[request_id] = (response, exception)

    batch = google_env.batch(callback)
    for event_id in ids:
        batch.add(service.events().insert(calendarId="primary", body=body(event_id)))
    batch.execute()
    return results


def test_batch_of_three_with_one_duplicate(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    google_env.calendar(subject=HANAKO).events().insert(
        calendarId="primary", body=body("pair0dup0001")
    ).execute()
    fake_google.clear_log()
    results = run_batch(google_env, ["pair00000001", "pair0dup0001", "pair00000002"])
    assert [r[0]["id"] if r[0] else None for r in results.values()] == [
        "pair00000001",
        None,
        "pair00000002",
    ]
    errors = [r[1] for r in results.values() if r[1] is not None]
    assert len(errors) == 1
    assert isinstance(errors[0], HttpError)
    assert errors[0].status_code == 409
    assert json.loads(errors[0].content)["error"]["errors"][0]["reason"] == "duplicate"
    assert fake_google.round_trips() == 1
    parts = [e for e in fake_google.requests() if e.is_batch_part]
    assert [p.status for p in parts] == [200, 409, 200]
    assert all(p.identity == HANAKO for p in parts)


def test_injected_429_comes_back_inside_the_multipart(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    fake_google.inject("POST", r"/calendar/v3/calendars/primary/events$", Fault.status(429))
    results = run_batch(google_env, ["pair00000001", "pair00000002"])
    first, second = results.values()
    assert isinstance(first[1], HttpError)
    assert first[1].status_code == 429
    assert second[0] is not None
    assert fake_google.event(HANAKO, "pair00000002") is not None
    assert fake_google.event(HANAKO, "pair00000001") is None


def test_inner_schema_errors_are_per_part(google_env: GoogleEnv) -> None:
    service = google_env.calendar(subject=HANAKO)
    results = []
    batch = google_env.batch(lambda rid, resp, exc: results.append((resp, exc)))
    batch.add(service.events().insert(calendarId="primary", body={**body("pair0ok00001")}))
    batch.add(
        service.events().insert(calendarId="primary", body={**body("pair0bad0001"), "sumary": "x"})
    )
    batch.add(service.events().delete(calendarId="primary", eventId="pair0ok00001"))
    batch.execute()
    assert results[0][1] is None
    assert results[1][1].status_code == 400
    assert results[2][1] is None


def test_too_many_parts_is_400(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    creds = google_env.credentials(subject=HANAKO)
    from google.auth.transport.requests import Request

    creds.refresh(Request())
    boundary = "===============b=="
    part = (
        f"--{boundary}\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n"
        "Content-ID: <x + {n}>\n\nGET /calendar/v3/calendars/primary/events HTTP/1.1\n"
        f"authorization: Bearer {creds.token}\n\n"
    )
    payload = "".join(part.format(n=n) for n in range(1001)) + f"--{boundary}--"
    response = requests.post(
        f"{fake_google.base_url}/batch/calendar/v3",
        data=payload.encode(),
        headers={"Content-Type": f'multipart/mixed; boundary="{boundary}"'},
        timeout=10,
    )
    assert response.status_code == 400
    assert "1000" in response.json()["error"]["message"]


def test_outer_drop_is_a_transport_error(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    fake_google.inject("POST", r"^/batch/calendar/v3$", Fault.drop(), times=None)
    with pytest.raises((ConnectionError, OSError)):
        run_batch(google_env, ["pair00000001"])
    assert fake_google.event(HANAKO, "pair00000001") is None
