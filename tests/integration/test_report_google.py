"""The report (§8) on Google, through the real clients against the fake Google server: replies,
meetings so far and held, Meet refused, and both report tabs with the colour scale."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from aibou import service
from aibou.service.report import report
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import wired

OPS = "ops@example.com"
MEET = "https://www.googleapis.com/auth/meetings.space.readonly"
ROTATED = date(2027, 1, 4)  # a Monday: the series meet on Wednesdays from 2027-01-06
AS_OF = date(2027, 2, 3)  # four Wednesdays before it: Jan 6, 13, 20, 27
WEDNESDAYS = [datetime(2027, 1, 6, 7, tzinfo=UTC) + timedelta(weeks=w) for w in range(4)]


@pytest.fixture
def fake(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake


@pytest.fixture
def sheet(fake: FakeGoogle) -> str:
    sid = fake.create_spreadsheet(
        "相棒制度",
        {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}), "メモ": [["keep me"]]},
        owner=OPS,
    )
    spreadsheet, calendar = wired().google(sid)
    assert service.rotate(spreadsheet, calendar, ROTATED).status == "applied"
    return sid


def series(fake: FakeGoogle) -> dict[int, dict]:
    """The live series by group number."""
    return {
        int(e["extendedProperties"]["private"]["aibou_group"]): e
        for e in fake.events(OPS, include_cancelled=False)
    }


def run(sid: str, day: date = AS_OF) -> service.Outcome:
    wiring = wired()
    spreadsheet, calendar = wiring.google(sid)
    return report(spreadsheet, calendar, day, meetings=wiring.meetings())


def rows_of(result, group: int) -> list[dict]:
    return [r for r in result.as_dict()["participation"] if r["group"] == group]


def test_replies_meetings_and_attention(fake: FakeGoogle, sheet: str, google_env) -> None:
    events = series(fake)
    declined = events[1]["attendees"][0]["email"]
    fake.respond(OPS, events[1]["id"], declined, "declined")
    fake.respond(OPS, events[1]["id"], events[1]["attendees"][1]["email"], "accepted")
    one = [a["email"] for a in events[1]["attendees"]]
    for start, people in zip(WEDNESDAYS, (one[:2], one, one[1:], one[:1]), strict=True):
        fake.add_conference(events[1], start, start + timedelta(minutes=25), people)
    # group 3's organiser drops the second Wednesday from the series
    google_env.calendar(subject=OPS).events().patch(
        calendarId="primary",
        eventId=events[3]["id"],
        body={"recurrence": [*events[3]["recurrence"], "EXDATE;TZID=Asia/Tokyo:20270113T160000"]},
    ).execute()

    result = run(sheet)
    assert result.status == "reported"
    group1 = rows_of(result, 1)
    assert {r["email"]: r["response"] for r in group1} == {
        one[0]: "declined",
        one[1]: "accepted",
        one[2]: "needsAction",
    }
    # three meetings held: the last Wednesday only one person came
    assert {(r["meetings_so_far"], r["meetings_held"], r["last_held"]) for r in group1} == {
        (4, 3, "2027-01-20")
    }
    assert {tuple(r["attention"]) for r in group1} == {("declined",)}
    # never met: four Wednesdays without a meeting
    group2 = rows_of(result, 2)
    assert {(r["meetings_so_far"], r["meetings_held"], r["last_held"]) for r in group2} == {
        (4, 0, None)
    }
    assert {tuple(r["attention"]) for r in group2} == {("no-meeting-3-weeks",)}
    assert {r["meetings_so_far"] for r in rows_of(result, 3)} == {3}  # one occurrence dropped
    assert result.as_dict()["meet"] is None

    tab = fake.values(sheet, "参加状況")
    assert tab[0][:2] == ["参加状況", "2027-Q1"]
    line = next(r for r in tab if len(r) > 2 and r[2] == one[0])
    assert line[3:] == ["辞退", 4, 3, "2027-01-20", "招待を辞退したメンバーがいます"]
    assert fake.sheet_titles(sheet) == ["名簿", "メモ", "相棒 2027-Q1", "参加状況", "カバレッジ"]


def test_both_tabs_carry_the_colour_scale_and_a_second_report_duplicates_nothing(
    fake: FakeGoogle, sheet: str
) -> None:
    before = fake.values(sheet, "相棒 2027-Q1")
    run(sheet)
    run(sheet, AS_OF + timedelta(days=7))
    assert fake.sheet_titles(sheet) == ["名簿", "メモ", "相棒 2027-Q1", "参加状況", "カバレッジ"]
    assert fake.values(sheet, "相棒 2027-Q1") == before and fake.values(sheet, "メモ") == [
        ["keep me"]
    ]
    coverage = next(
        s for s in fake.spreadsheet(sheet)["sheets"] if s["properties"]["title"] == "カバレッジ"
    )
    (rule,) = coverage["conditionalFormats"]
    gradient = rule["gradientRule"]
    assert gradient["minpoint"]["type"] == "NUMBER" and gradient["maxpoint"]["type"] == "MAX"
    (grid,) = rule["ranges"]
    values = fake.values(sheet, "カバレッジ")
    assert values[1][1] == "2027-02-10"  # the second report's date, rows rewritten
    assert len(values) == grid["endRowIndex"]  # the grid ends the tab: nothing left below
    participation = fake.values(sheet, "参加状況")
    assert sum(1 for r in participation if len(r) > 2 and "@" in str(r[2])) == 9
    tags = [m for m in fake.developer_metadata(sheet) if m["metadataKey"] == "aibou.report"]
    assert sorted(m["metadataValue"] for m in tags) == ["coverage", "participation"]


@pytest.mark.parametrize("refusal", ["disabled", "denied"])
def test_meet_refused_leaves_meetings_held_empty_and_says_why(
    fake: FakeGoogle, sheet: str, google_env: GoogleEnv, refusal: str
) -> None:
    fake.add_conference(series(fake)[1], WEDNESDAYS[0], WEDNESDAYS[0], [OPS, "Guest"])
    if refusal == "disabled":
        fake.set_meet_enabled(False)
    else:  # the admin did not grant the Meet scope to the delegation
        scopes = {
            "https://www.googleapis.com/auth/spreadsheets",
            "https://www.googleapis.com/auth/calendar.events.owned",
            "https://www.googleapis.com/auth/calendar.freebusy",
        }
        fake.set_delegated(google_env.service_account.email, True, scopes)
    result = run(sheet).as_dict()
    assert result["status"] == "reported" and result["meet"] == refusal
    assert {(r["meetings_held"], r["last_held"]) for r in result["participation"]} == {(None, None)}
    assert all("no-meeting-3-weeks" not in r["attention"] for r in result["participation"])
    assert {r["meetings_so_far"] for r in result["participation"]} == {4}
    assert fake.values(sheet, "参加状況")[2][0].startswith("Google Meet の記録を読めないため")


def test_a_report_costs_a_handful_of_round_trips(fake: FakeGoogle, sheet: str) -> None:
    fake.clear_log()
    run(sheet)
    # lock (3) + read (2) + events.get batch + events.list + per series a Meet list +
    # two report tabs (a metadata read and a batchUpdate each)
    assert fake.round_trips(path_regex=r"calendar|batch/calendar") == 2
    assert fake.round_trips(path_regex=r"conferenceRecords") == 3
