"""Attendee replies (fake.respond), series instances and listing, event limits."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv

HANAKO = "hanako@example.com"
TARO = "taro@example.com"
JIRO = "jiro@example.com"


def series(event_id: str, group: str, **extra: object) -> dict:
    body = {
        "id": event_id,
        "summary": "相棒",
        "start": {"dateTime": "2027-01-05T10:00:00", "timeZone": "Asia/Tokyo"},
        "end": {"dateTime": "2027-01-05T10:30:00", "timeZone": "Asia/Tokyo"},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=6"],
        "attendees": [{"email": TARO}, {"email": JIRO}],
        "extendedProperties": {"private": {"aibouRotation": "2027-Q1", "group": group}},
    }
    body.update(extra)
    return body


@pytest.fixture
def cal(google_env: GoogleEnv):
    return google_env.calendar(subject=HANAKO)


def statuses(event: dict) -> dict[str, str]:
    return {a["email"]: a["responseStatus"] for a in event["attendees"]}


def test_respond_shows_in_get_list_and_instances(cal, fake_google: FakeGoogle) -> None:
    created = cal.events().insert(calendarId="primary", body=series("grp00001", "1")).execute()
    fake_google.respond(HANAKO, "grp00001", TARO, "declined")
    fake_google.respond(HANAKO, "grp00001", JIRO.upper(), "tentative")
    got = cal.events().get(calendarId="primary", eventId="grp00001").execute()
    assert statuses(got) == {TARO: "declined", JIRO: "tentative"}
    assert got["updated"] >= created["updated"] and got["etag"] != created["etag"]
    listed = cal.events().list(calendarId="primary").execute()["items"]
    assert statuses(listed[0]) == {TARO: "declined", JIRO: "tentative"}
    instances = cal.events().instances(calendarId="primary", eventId="grp00001").execute()
    assert len(instances["items"]) == 6
    assert all(statuses(i) == {TARO: "declined", JIRO: "tentative"} for i in instances["items"])
    with pytest.raises(KeyError):
        fake_google.respond(HANAKO, "grp00001", "nobody@example.com", "accepted")
    with pytest.raises(ValueError, match="response must be one of"):
        fake_google.respond(HANAKO, "grp00001", TARO, "maybe")


def test_single_events_by_property_page_window_and_cancelled(cal, fake_google) -> None:
    events = cal.events()
    events.insert(calendarId="primary", body=series("grp00001", "1")).execute()
    events.insert(
        calendarId="primary",
        body=series(
            "grp00002",
            "2",
            recurrence=["RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Asia/Tokyo:20270112T100000"],
        ),
    ).execute()
    events.insert(calendarId="primary", body=series("grp00003", "3")).execute()
    events.delete(calendarId="primary", eventId="grp00003").execute()
    other = series("other0001", "1")
    other["extendedProperties"]["private"]["aibouRotation"] = "2026-Q4"
    events.insert(calendarId="primary", body=other).execute()

    def collect(**params: object) -> list[str]:
        request = events.list(
            calendarId="primary",
            singleEvents=True,
            privateExtendedProperty="aibouRotation=2027-Q1",
            maxResults=4,
            **params,
        )
        ids: list[str] = []
        while request is not None:
            page = request.execute()
            assert len(page["items"]) <= 4
            ids += [e["id"] for e in page["items"]]
            request = events.list_next(request, page)
        return ids

    ids = collect()
    assert len(ids) == 6 + 5  # series 3 deleted, series 2 lost one date to EXDATE
    assert "grp00002_20270112T010000Z" not in ids
    window = collect(timeMin="2027-01-12T00:00:00+09:00", timeMax="2027-01-26T00:00:00+09:00")
    assert sorted(window) == [
        "grp00001_20270112T010000Z",
        "grp00001_20270119T010000Z",
        "grp00002_20270119T010000Z",
    ]
    with_deleted = collect(showDeleted=True)
    assert "grp00003" in with_deleted
    page = events.instances(calendarId="primary", eventId="grp00001", maxResults=4).execute()
    rest = events.instances(
        calendarId="primary", eventId="grp00001", maxResults=4, pageToken=page["nextPageToken"]
    ).execute()
    assert len(page["items"]) + len(rest["items"]) == 6


def test_description_over_8192_characters_is_refused(cal) -> None:
    body = series("grp00001", "1", description="x" * 8192)
    cal.events().insert(calendarId="primary", body=body).execute()
    with pytest.raises(HttpError) as err:
        cal.events().patch(
            calendarId="primary", eventId="grp00001", body={"description": "y" * 8193}
        ).execute()
    error = json.loads(err.value.content)["error"]
    assert err.value.status_code == 400
    assert error["errors"][0]["reason"] == "invalid"
    assert "description" in error["message"].lower() and "too long" in error["message"]


def test_patch_attendees_notifies_and_deleted_ids_stay_taken(cal, fake_google) -> None:
    cal.events().insert(calendarId="primary", body=series("grp00001", "1")).execute()
    patched = (
        cal.events()
        .patch(
            calendarId="primary",
            eventId="grp00001",
            body={"attendees": [{"email": TARO}, {"email": "saburo@example.com"}]},
            sendUpdates="all",
        )
        .execute()
    )
    assert [a["email"] for a in patched["attendees"]] == [TARO, "saburo@example.com"]
    assert fake_google.notifications[-1] == {
        "calendarId": HANAKO,
        "eventId": "grp00001",
        "method": "calendar.events.patch",
        "sendUpdates": "all",
    }
    cal.events().delete(calendarId="primary", eventId="grp00001", sendUpdates="all").execute()
    with pytest.raises(HttpError) as err:
        cal.events().insert(calendarId="primary", body=series("grp00001", "1")).execute()
    assert err.value.status_code == 409
