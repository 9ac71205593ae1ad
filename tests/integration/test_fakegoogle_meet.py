"""The fake's Google Meet REST API v2, driven by googleapiclient."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import CALENDAR_SCOPE, MEET_SCOPE, GoogleEnv

HANAKO = "hanako@example.com"
TARO = "taro@example.com"
T0 = dt.datetime(2027, 1, 5, 1, 0, tzinfo=dt.UTC)


def meet_event(cal) -> dict:
    body = {
        "summary": "相棒",
        "start": {"dateTime": "2027-01-05T10:00:00+09:00"},
        "end": {"dateTime": "2027-01-05T10:30:00+09:00"},
        "attendees": [{"email": TARO}],
        "conferenceData": {
            "createRequest": {"requestId": "r1", "conferenceSolutionKey": {"type": "hangoutsMeet"}}
        },
    }
    return cal.events().insert(calendarId="primary", body=body, conferenceDataVersion=1).execute()


def error_of(err: pytest.ExceptionInfo[HttpError]) -> dict:
    return json.loads(err.value.content)["error"]


def test_event_meet_code_files_conference_records(google_env: GoogleEnv, fake_google) -> None:
    created = meet_event(google_env.calendar(subject=HANAKO))
    code = created["conferenceData"]["conferenceId"]
    assert created["hangoutLink"] == f"https://meet.google.com/{code}"
    name = fake_google.add_conference(created, T0, T0 + dt.timedelta(minutes=25), [HANAKO, TARO])
    fake_google.add_conference(code, T0 + dt.timedelta(days=7), None, [HANAKO])
    fake_google.add_conference("zzz-zzzz-zzz", T0, T0, [HANAKO], owner=HANAKO)

    meet = google_env.meet(subject=HANAKO)
    got = meet.conferenceRecords().list(filter=f'space.meeting_code = "{code}"').execute()
    records = got["conferenceRecords"]
    assert [r["startTime"] for r in records] == ["2027-01-12T01:00:00Z", "2027-01-05T01:00:00Z"]
    assert records[1]["name"] == name
    assert records[1]["endTime"] == "2027-01-05T01:25:00Z"
    assert "endTime" not in records[0]  # still going on
    assert records[0]["space"] == fake_google.meet_space(code)

    people = meet.conferenceRecords().participants().list(parent=name).execute()
    assert people["totalSize"] == 2
    users = sorted(p["signedinUser"]["user"] for p in people["participants"])
    assert users == sorted([fake_google.meet_user(HANAKO), fake_google.meet_user(TARO)])
    assert meet.conferenceRecords().get(name=name).execute()["space"] == records[0]["space"]


def test_filters_by_space_and_time_and_refuses_the_rest(google_env: GoogleEnv, fake_google) -> None:
    for day in range(3):
        fake_google.add_conference(
            "abc-mnop-xyz",
            T0 + dt.timedelta(days=day),
            T0 + dt.timedelta(days=day, hours=1),
            owner=HANAKO,
        )
    meet = google_env.meet(subject=HANAKO)
    space = fake_google.meet_space("abc-mnop-xyz")
    since = (
        meet.conferenceRecords()
        .list(filter=f'space.name = "{space}" AND start_time>="2027-01-06T00:00:00Z"')
        .execute()
    )
    assert len(since["conferenceRecords"]) == 2
    assert meet.conferenceRecords().list(filter="end_time IS NULL").execute() == {}
    for bad in (
        'space.meeting_code = "abc-mnop-xyz" OR start_time >= "2027-01-01T00:00:00Z"',
        "space.meeting_code = abc-mnop-xyz",
        'summary = "x"',
        'start_time >= "yesterday"',
    ):
        with pytest.raises(HttpError) as err:
            meet.conferenceRecords().list(filter=bad).execute()
        assert err.value.status_code == 400, bad
        assert error_of(err)["status"] == "INVALID_ARGUMENT"


def test_paging(google_env: GoogleEnv, fake_google) -> None:
    names = {
        fake_google.add_conference("abc-mnop-xyz", T0 + dt.timedelta(hours=h), owner=HANAKO)
        for h in range(5)
    }
    meet = google_env.meet(subject=HANAKO)
    request = meet.conferenceRecords().list(pageSize=2)
    seen, pages = [], 0
    while request is not None:
        page = request.execute()
        seen += [r["name"] for r in page.get("conferenceRecords", [])]
        pages += 1
        request = meet.conferenceRecords().list_next(request, page)
    assert pages == 3
    assert set(seen) == names and len(seen) == 5
    with pytest.raises(HttpError) as err:
        meet.conferenceRecords().list(pageToken="garbage").execute()
    assert err.value.status_code == 400


def test_only_the_space_owner_sees_its_records(google_env: GoogleEnv, fake_google) -> None:
    name = fake_google.add_conference("abc-mnop-xyz", T0, owner=HANAKO)
    taro = google_env.meet(subject=TARO)
    assert taro.conferenceRecords().list().execute() == {}
    with pytest.raises(HttpError) as err:
        taro.conferenceRecords().get(name=name).execute()
    assert err.value.status_code == 403
    with pytest.raises(HttpError) as err:
        taro.conferenceRecords().get(name="conferenceRecords/nope").execute()
    assert err.value.status_code == 404


def test_degraded_paths(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    without_scope = google_env.meet(scopes=[CALENDAR_SCOPE], subject=HANAKO)
    with pytest.raises(HttpError) as err:
        without_scope.conferenceRecords().list().execute()
    assert err.value.status_code == 403
    assert error_of(err)["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"

    fake_google.set_meet_enabled(False)
    with pytest.raises(HttpError) as err:
        google_env.meet(scopes=[MEET_SCOPE], subject=HANAKO).conferenceRecords().list().execute()
    error = error_of(err)
    assert err.value.status_code == 403
    assert error["status"] == "PERMISSION_DENIED"
    assert "has not been used in project" in error["message"]
    assert error["details"][0]["reason"] == "SERVICE_DISABLED"
    assert error["errors"][0]["reason"] == "accessNotConfigured"


def test_unimplemented_meet_methods_answer_501(google_env: GoogleEnv) -> None:
    meet = google_env.meet(subject=HANAKO)
    with pytest.raises(HttpError) as err:
        meet.conferenceRecords().recordings().list(parent="conferenceRecords/x").execute()
    assert err.value.status_code == 501
    session = google_env.session(scopes=[MEET_SCOPE], subject=HANAKO)
    answer = session.get(google_env.fake.root + "v2/conferenceRecords", params={"pageSize": "x"})
    assert answer.status_code == 400
    answer = session.get(google_env.fake.root + "v2/conferenceRecords", params={"orderBy": "x"})
    assert answer.status_code == 400
