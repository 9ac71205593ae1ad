"""The fake's Calendar v3, driven by googleapiclient."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv

HANAKO = "hanako@example.com"
JST = dt.timezone(dt.timedelta(hours=9))


def event(**extra: object) -> dict:
    body = {
        "summary": "1on1",
        "start": {"dateTime": "2027-01-05T10:00:00+09:00"},
        "end": {"dateTime": "2027-01-05T10:30:00+09:00"},
    }
    body.update(extra)
    return body


def weekly(**extra: object) -> dict:
    body = event(
        start={"dateTime": "2027-01-05T10:00:00", "timeZone": "Asia/Tokyo"},
        end={"dateTime": "2027-01-05T10:30:00", "timeZone": "Asia/Tokyo"},
        recurrence=["RRULE:FREQ=WEEKLY;UNTIL=20270201T000000Z"],
    )
    body.update(extra)
    return body


@pytest.fixture
def cal(google_env: GoogleEnv):
    """Hanako's calendar, through domain-wide delegation."""
    return google_env.calendar(subject=HANAKO)


def status_of(err: pytest.ExceptionInfo[HttpError]) -> tuple[int, str]:
    """HTTP status and Calendar's ``errors[0].reason``."""
    error = json.loads(err.value.content)["error"]
    return err.value.status_code, error["errors"][0]["reason"]


def test_insert_returns_google_fields(cal) -> None:
    created = cal.events().insert(calendarId="primary", body=event()).execute()
    assert created["status"] == "confirmed"
    assert created["iCalUID"] == created["id"] + "@google.com"
    assert created["organizer"] == {"email": HANAKO, "self": True}
    assert created["creator"]["email"] == HANAKO
    eid = created["htmlLink"].split("eid=")[1]
    decoded = base64.urlsafe_b64decode(eid + "=" * (-len(eid) % 4)).decode()
    assert decoded == f"{created['id']} {HANAKO}"
    for key in ("etag", "created", "updated", "sequence", "reminders"):
        assert key in created


def test_typo_in_event_is_400(cal) -> None:
    with pytest.raises(HttpError) as err:
        cal.events().insert(calendarId="primary", body=event(sumary="x")).execute()
    assert err.value.status_code == 400
    assert 'Unknown name "sumary"' in str(err.value)


def test_wrong_nested_types_are_400(cal) -> None:
    bad_bodies = [
        event(attendees={"email": "x@example.com"}),  # array expected
        event(attendees=[{"email": "x@example.com", "optional": "yes"}]),  # boolean in items
        event(extendedProperties={"private": {"k": 1}}),  # map values are strings
        event(start={"dateTime": "tomorrow"}),  # date-time format
        event(transparency="see-through"),  # not an enum value
    ]
    for body in bad_bodies:
        with pytest.raises(HttpError) as err:
            cal.events().insert(calendarId="primary", body=body).execute()
        assert err.value.status_code == 400, body


def test_unknown_query_parameter_and_enum_are_400(google_env: GoogleEnv) -> None:
    session = google_env.session(subject=HANAKO)
    url = "https://www.googleapis.com/calendar/v3/calendars/primary/events"
    assert session.post(url, params={"sendUpdate": "all"}, json=event()).status_code == 400
    assert session.post(url, params={"sendUpdates": "everyone"}, json=event()).status_code == 400
    assert session.get(url, params={"maxResults": "ten"}).status_code == 400


def test_event_ids_duplicates_and_deletion(cal, fake_google: FakeGoogle) -> None:
    events = cal.events()
    events.insert(calendarId="primary", body=event(id="aibou2027q1pair001")).execute()
    with pytest.raises(HttpError) as err:
        events.insert(calendarId="primary", body=event(id="aibou2027q1pair001")).execute()
    assert status_of(err) == (409, "duplicate")
    assert "The requested identifier already exists." in str(err.value)
    events.delete(calendarId="primary", eventId="aibou2027q1pair001").execute()
    assert fake_google.event(HANAKO, "aibou2027q1pair001")["status"] == "cancelled"
    with pytest.raises(HttpError) as err:
        events.insert(calendarId="primary", body=event(id="aibou2027q1pair001")).execute()
    assert status_of(err) == (409, "duplicate")
    with pytest.raises(HttpError) as err:
        events.delete(calendarId="primary", eventId="aibou2027q1pair001").execute()
    assert status_of(err) == (410, "deleted")
    got = events.get(calendarId="primary", eventId="aibou2027q1pair001").execute()
    assert got["status"] == "cancelled"


@pytest.mark.parametrize("bad_id", ["abc", "UPPERCASE1", "with-dash-123", "xyzxyzxyz", "a" * 1025])
def test_invalid_event_ids_are_400(cal, bad_id: str) -> None:
    with pytest.raises(HttpError) as err:
        cal.events().insert(calendarId="primary", body=event(id=bad_id)).execute()
    assert status_of(err) == (400, "invalid")
    assert "Invalid resource id value." in str(err.value)


def test_time_rules(cal) -> None:
    events = cal.events()
    cases = [
        (event(recurrence=["RRULE:FREQ=WEEKLY"]), "Missing time zone definition for start time."),
        (
            weekly(recurrence=["RRULE:FREQ=WEEKLY;UNTIL=20270201T000000"]),
            "Invalid recurrence rule.",
        ),
        (weekly(recurrence=["FREQ=WEEKLY"]), "Invalid recurrence rule."),
        (
            event(end={"dateTime": "2027-01-05T09:00:00+09:00"}),
            "The specified time range is empty.",
        ),
        (event(start={"dateTime": "2027-01-05T10:00:00"}), "Missing time zone definition"),
        (event(end={"date": "2027-01-06"}), "both be date or both be dateTime"),
        ({"summary": "x", "start": {"date": "2027-01-05"}}, "Missing end time."),
    ]
    for body, message in cases:
        with pytest.raises(HttpError) as err:
            events.insert(calendarId="primary", body=body).execute()
        assert err.value.status_code == 400, body
        assert message in str(err.value), (body, str(err.value))
    events.insert(calendarId="primary", body=weekly()).execute()


def test_meet_link_only_with_conference_data_version_1(cal) -> None:
    conference = {
        "createRequest": {"requestId": "req-1", "conferenceSolutionKey": {"type": "hangoutsMeet"}}
    }
    events = cal.events()
    without = events.insert(calendarId="primary", body=event(conferenceData=conference)).execute()
    assert "conferenceData" not in without
    assert "hangoutLink" not in without
    with_meet = events.insert(
        calendarId="primary", body=event(conferenceData=conference), conferenceDataVersion=1
    ).execute()
    video = with_meet["conferenceData"]["entryPoints"][0]
    assert video["entryPointType"] == "video"
    assert video["uri"].startswith("https://meet.google.com/")
    assert with_meet["hangoutLink"] == video["uri"]
    assert with_meet["conferenceData"]["conferenceId"] in video["uri"]
    with pytest.raises(HttpError, match="Invalid conference type value"):
        events.insert(
            calendarId="primary",
            body=event(
                conferenceData={
                    "createRequest": {
                        "requestId": "r2",
                        "conferenceSolutionKey": {"type": "eventNamedHangout"},
                    }
                }
            ),
            conferenceDataVersion=1,
        ).execute()
    with pytest.raises(HttpError):
        events.insert(calendarId="primary", body=event(), conferenceDataVersion=2).execute()


def test_service_account_cannot_invite_without_delegation(google_env: GoogleEnv) -> None:
    as_itself = google_env.calendar()
    with pytest.raises(HttpError) as err:
        as_itself.events().insert(
            calendarId="primary", body=event(attendees=[{"email": HANAKO}])
        ).execute()
    assert status_of(err) == (403, "forbiddenForServiceAccounts")
    created = as_itself.events().insert(calendarId="primary", body=event()).execute()
    assert created["organizer"]["email"] == google_env.email
    delegated = (
        google_env.calendar(subject=HANAKO)
        .events()
        .insert(
            calendarId="primary",
            body=event(attendees=[{"email": "taro@example.com"}]),
            sendUpdates="all",
        )
        .execute()
    )
    assert delegated["attendees"] == [
        {"email": "taro@example.com", "responseStatus": "needsAction"}
    ]
    assert google_env.fake.notifications[-1]["sendUpdates"] == "all"


def test_other_peoples_calendars(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    fake_google.add_calendar("taro@example.com")
    hanako = google_env.calendar(subject=HANAKO).events()
    with pytest.raises(HttpError) as err:
        hanako.list(calendarId="taro@example.com").execute()
    assert status_of(err) == (404, "notFound")
    fake_google.share_calendar("taro@example.com", HANAKO, "reader")
    hanako.list(calendarId="taro@example.com").execute()
    with pytest.raises(HttpError) as err:
        hanako.insert(calendarId="taro@example.com", body=event()).execute()
    assert status_of(err) == (403, "requiredAccessLevel")
    fake_google.share_calendar("taro@example.com", HANAKO, "writer")
    hanako.insert(calendarId="taro@example.com", body=event()).execute()


def test_list_filters_and_pages(cal) -> None:
    events = cal.events()
    for n in range(5):
        props = {"private": {"aibou": "pairing", "cycle": "2027-Q1" if n < 3 else "2027-Q2"}}
        events.insert(
            calendarId="primary", body=event(summary=f"e{n}", extendedProperties=props)
        ).execute()
    events.insert(calendarId="primary", body=event(summary="other")).execute()
    seen, token = [], None
    while True:
        page = events.list(
            calendarId="primary",
            privateExtendedProperty=["aibou=pairing", "cycle=2027-Q1"],
            maxResults=2,
            pageToken=token,
        ).execute()
        seen += [item["summary"] for item in page["items"]]
        token = page.get("nextPageToken")
        if not token:
            assert "nextSyncToken" in page
            break
    assert seen == ["e0", "e1", "e2"]
    with pytest.raises(HttpError):
        events.list(calendarId="primary", privateExtendedProperty=["no-equals-sign"]).execute()


def test_list_time_window_deleted_and_single_events(cal) -> None:
    events = cal.events()
    series = events.insert(
        calendarId="primary",
        body=weekly(
            recurrence=[
                "RRULE:FREQ=WEEKLY;UNTIL=20270201T000000Z",
                "EXDATE;TZID=Asia/Tokyo:20270112T100000",
            ]
        ),
    ).execute()
    gone = events.insert(calendarId="primary", body=event(summary="gone")).execute()
    events.delete(calendarId="primary", eventId=gone["id"]).execute()
    window = {"timeMin": "2027-01-10T00:00:00Z", "timeMax": "2027-01-31T00:00:00Z"}
    masters = events.list(calendarId="primary", **window).execute()["items"]
    assert [e["id"] for e in masters] == [series["id"]]
    with_deleted = events.list(calendarId="primary", showDeleted=True).execute()["items"]
    assert {e["status"] for e in with_deleted} == {"confirmed", "cancelled"}
    instances = events.list(
        calendarId="primary", singleEvents=True, orderBy="startTime", **window
    ).execute()["items"]
    assert [i["start"]["dateTime"] for i in instances] == [
        "2027-01-19T10:00:00+09:00",
        "2027-01-26T10:00:00+09:00",
    ]
    assert instances[0]["recurringEventId"] == series["id"]
    assert instances[0]["id"] == series["id"] + "_20270119T010000Z"
    with pytest.raises(HttpError):
        events.list(calendarId="primary", orderBy="startTime").execute()


def test_patch_and_update(cal) -> None:
    events = cal.events()
    created = events.insert(
        calendarId="primary",
        body=event(description="d", extendedProperties={"private": {"a": "1"}}),
    ).execute()
    patched = events.patch(
        calendarId="primary",
        eventId=created["id"],
        body={"summary": "renamed", "extendedProperties": {"private": {"b": "2"}}},
    ).execute()
    assert patched["summary"] == "renamed"
    assert patched["description"] == "d"
    assert patched["extendedProperties"]["private"] == {"a": "1", "b": "2"}
    assert patched["etag"] != created["etag"]
    moved = events.patch(
        calendarId="primary",
        eventId=created["id"],
        body={"end": {"dateTime": "2027-01-05T11:00:00+09:00"}},
    ).execute()
    assert moved["sequence"] == 1
    replaced = events.update(calendarId="primary", eventId=created["id"], body=event()).execute()
    assert "description" not in replaced
    with pytest.raises(HttpError) as err:
        events.update(calendarId="primary", eventId=created["id"], body={"summary": "x"}).execute()
    assert err.value.status_code == 400
    with pytest.raises(HttpError) as err:
        events.patch(calendarId="primary", eventId="nosuchevent1", body={"summary": "x"}).execute()
    assert status_of(err) == (404, "notFound")


def test_free_busy_from_events_recurrences_and_test_blocks(
    google_env: GoogleEnv, fake_google: FakeGoogle, cal
) -> None:
    cal.events().insert(
        calendarId="primary",
        body=weekly(
            recurrence=["RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE;TZID=Asia/Tokyo:20270112T100000"]
        ),
    ).execute()
    cal.events().insert(calendarId="primary", body=event(transparency="transparent")).execute()
    fake_google.add_busy(
        HANAKO,
        dt.datetime(2027, 1, 5, 10, 15, tzinfo=JST),
        dt.datetime(2027, 1, 5, 11, 0, tzinfo=JST),
    )
    fake_google.add_calendar("taro@example.com")
    answer = (
        cal.freebusy()
        .query(
            body={
                "timeMin": "2027-01-01T00:00:00Z",
                "timeMax": "2027-02-01T00:00:00Z",
                "timeZone": "Asia/Tokyo",
                "items": [{"id": HANAKO}, {"id": "taro@example.com"}, {"id": "ghost@example.com"}],
            }
        )
        .execute()
    )
    assert answer["kind"] == "calendar#freeBusy"
    assert answer["calendars"][HANAKO]["busy"] == [
        {"start": "2027-01-05T10:00:00+09:00", "end": "2027-01-05T11:00:00+09:00"},
        {"start": "2027-01-19T10:00:00+09:00", "end": "2027-01-19T10:30:00+09:00"},
    ]
    assert answer["calendars"]["taro@example.com"] == {"busy": []}
    assert answer["calendars"]["ghost@example.com"]["errors"] == [
        {"domain": "global", "reason": "notFound"}
    ]
    outsider = (
        google_env.calendar()
        .freebusy()
        .query(
            body={
                "timeMin": "2027-01-01T00:00:00Z",
                "timeMax": "2027-02-01T00:00:00Z",
                "items": [{"id": HANAKO}],
            }
        )
        .execute()
    )
    assert outsider["calendars"][HANAKO]["errors"][0]["reason"] == "notFound"


def test_free_busy_over_50_calendars_is_400(cal) -> None:
    body = {
        "timeMin": "2027-01-01T00:00:00Z",
        "timeMax": "2027-01-02T00:00:00Z",
        "items": [{"id": f"user{n}@example.com"} for n in range(51)],
    }
    with pytest.raises(HttpError) as err:
        cal.freebusy().query(body=body).execute()
    assert status_of(err) == (400, "tooManyCalendarsRequested")
    body["items"] = body["items"][:50]
    assert len(cal.freebusy().query(body=body).execute()["calendars"]) == 50


def test_free_busy_over_a_long_range_is_400(cal) -> None:
    body = {"timeMin": "2027-01-01T00:00:00Z", "timeMax": "2027-03-02T00:00:01Z", "items": []}
    with pytest.raises(HttpError) as err:
        cal.freebusy().query(body=body).execute()
    assert status_of(err) == (400, "timeRangeTooLong")
    body["timeMax"] = "2027-03-02T00:00:00Z"  # 60 days
    assert cal.freebusy().query(body=body).execute()["calendars"] == {}


def test_free_busy_scope(google_env: GoogleEnv) -> None:
    scopes = ["https://www.googleapis.com/auth/calendar.freebusy"]
    service = google_env.calendar(scopes=scopes, subject=HANAKO)
    service.freebusy().query(
        body={"timeMin": "2027-01-01T00:00:00Z", "timeMax": "2027-01-02T00:00:00Z", "items": []}
    ).execute()
    with pytest.raises(HttpError) as err:
        service.events().list(calendarId="primary").execute()
    assert status_of(err) == (403, "insufficientPermissions")
