"""Invites on Google Calendar, through the real clients against the fake Google server: the slot
found from free/busy, holidays as EXDATE, Meet on and off, time zones, hostile names."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from aibou import service
from aibou.domain.sheet.history import read_rotation
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.wiring import wired

OPS = "ops@example.com"
DAY = date(2027, 1, 5)  # a Tuesday in 2027-Q1
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
HEADER = ["名前", "メール", "職能", "勤務形態", "タイムゾーン"]
TRIO = [
    ["営業 花子", "hanako@example.com", "セールス", "オフィス", ""],
    ["CS 太郎", "taro@example.com", "CS", "リモート", ""],
    ["Dev Ann", "ann@example.com", "Dev", "リモート", ""],
]
GOOGLE_TAGS = {"b", "i", "u", "br", "ul", "ol", "li", "a"}


@pytest.fixture
def delegated(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake


def sheet(fake: FakeGoogle, roster: list[list[str]], settings: Sequence[Sequence[str]] = ()) -> str:
    tabs = {"名簿": [HEADER, *roster]}
    if settings:
        tabs["設定"] = [list(row) for row in settings]
    return fake.create_spreadsheet("相棒制度", tabs, owner=OPS)


def run(spreadsheet_id: str, day: date = DAY) -> service.Outcome:
    spreadsheet, calendar = wired().google(spreadsheet_id)
    return service.rotate(spreadsheet, calendar, day)


def events(fake: FakeGoogle) -> list[dict]:
    return [e for e in fake.events(OPS) if e.get("status") != "cancelled"]


def tab_slots(fake: FakeGoogle, spreadsheet_id: str, title: str) -> list[tuple[str, str]]:
    header, *rows = fake.values(spreadsheet_id, title)
    meeting, note = header.index("ミーティング"), header.index("時間の決め方")
    return [(r[meeting], r[note]) for r in rows if len(r) > note and r[meeting]]


def busy_except(fake: FakeGoogle, email: str, free: list[tuple[int, time, time]]) -> None:
    """Busy all quarter, weekends included, except the weekly ``(weekday, start, end)`` holes."""
    moment = datetime(2027, 1, 1, tzinfo=TOKYO)
    end = datetime(2027, 4, 1, tzinfo=TOKYO)
    holes = []
    day = moment.date()
    while day < end.date():
        holes += [
            (datetime.combine(day, a, TOKYO), datetime.combine(day, b, TOKYO))
            for weekday, a, b in free
            if day.weekday() == weekday
        ]
        day += timedelta(days=1)
    for hole_start, hole_end in sorted(holes):
        fake.add_busy(email, moment.astimezone(UTC), hole_start.astimezone(UTC))
        moment = hole_end
    fake.add_busy(email, moment, end)


def instances(fake: FakeGoogle, google_env: GoogleEnv, event_id: str) -> list[datetime]:
    """Every occurrence's start, as the ops lead's Google Calendar expands the series."""
    service = google_env.calendar(subject=OPS)
    answer = service.events().instances(calendarId="primary", eventId=event_id).execute()
    return [datetime.fromisoformat(i["start"]["dateTime"]) for i in answer["items"]]


def test_the_only_slot_free_for_all_three_is_chosen_and_shown(
    delegated: FakeGoogle, google_env: GoogleEnv
) -> None:
    fake = delegated
    # each is free at different times; the three overlap only on Thursdays 14:00-14:30
    busy_except(fake, "hanako@example.com", [(3, time(13), time(14, 30)), (2, time(16), time(17))])
    busy_except(fake, "taro@example.com", [(3, time(14), time(15, 30)), (0, time(10), time(12))])
    busy_except(fake, "ann@example.com", [(3, time(11), time(14, 30)), (2, time(15), time(18))])
    spreadsheet_id = sheet(fake, TRIO)
    fake.clear_log()
    outcome = run(spreadsheet_id)
    assert outcome.status == "applied"

    (event,) = events(fake)
    assert event["start"] == {"dateTime": "2027-01-07T14:00:00+09:00", "timeZone": "Asia/Tokyo"}
    assert event["end"]["dateTime"] == "2027-01-07T14:30:00+09:00"
    assert event["recurrence"][0] == "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TH;UNTIL=20270331T145959Z"
    assert event["recurrence"][1] == "EXDATE;TZID=Asia/Tokyo:20270211T140000"  # 建国記念の日
    assert tab_slots(fake, spreadsheet_id, "相棒 2027-Q1") == [
        ("毎週木曜 14:00–14:30 (Asia/Tokyo)", "全員の空き時間から選択（11週中11週）")
    ]
    description = html.unescape(event["description"])
    assert "毎週木曜 14:00〜14:30" in description and "空いている時間から選びました" in description

    # everyone's free/busy cost one batched round trip, in windows Google accepts
    queries = fake.requests("POST", r"/freeBusy$")
    assert len(queries) == 3 and all(q.is_batch_part for q in queries)
    assert fake.round_trips(path_regex=r"^/batch/calendar") == 2  # free/busy, then the insert
    for query in queries:
        span = datetime.fromisoformat(query.body["timeMax"]) - datetime.fromisoformat(
            query.body["timeMin"]
        )
        assert span <= timedelta(days=31)
        assert [i["id"] for i in query.body["items"]] == sorted(r[1] for r in TRIO)


def test_a_holiday_inside_the_period_is_an_exdate_and_no_occurrence(
    delegated: FakeGoogle, google_env: GoogleEnv
) -> None:
    spreadsheet_id = sheet(delegated, TRIO, [["曜日", "月"], ["開始時刻", "10:00"]])
    run(spreadsheet_id, date(2027, 1, 1))
    (event,) = events(delegated)
    assert event["start"]["dateTime"] == "2027-01-04T10:00:00+09:00"
    assert event["recurrence"] == [
        "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO;UNTIL=20270331T145959Z",
        "EXDATE;TZID=Asia/Tokyo:20270111T100000,20270322T100000",  # 成人の日, 振替休日
    ]
    mondays = [d.astimezone(TOKYO).date() for d in instances(delegated, google_env, event["id"])]
    assert mondays[:2] == [date(2027, 1, 4), date(2027, 1, 18)]
    assert date(2027, 3, 22) not in mondays and mondays[-1] == date(2027, 3, 29)
    assert len(mondays) == 13 - 2
    assert "1月11日（月）成人の日" in html.unescape(event["description"])


def test_meet_is_requested_by_default_and_not_when_switched_off(
    delegated: FakeGoogle, google_env: GoogleEnv
) -> None:
    on = sheet(delegated, TRIO)
    delegated.clear_log()
    run(on)
    (insert,) = delegated.requests("POST", r"/calendars/primary/events$")
    assert insert.query["conferenceDataVersion"] == ["1"]
    assert insert.body["conferenceData"]["createRequest"]["conferenceSolutionKey"] == {
        "type": "hangoutsMeet"
    }
    (event,) = events(delegated)
    assert event["hangoutLink"].startswith("https://meet.google.com/")
    assert "Google Meet のリンクから参加" in event["description"]

    off_roster = [[n, e.replace("@", "+off@"), f, loc, z] for n, e, f, loc, z in TRIO]
    off = sheet(delegated, off_roster, [["Google Meet", "off"]])
    delegated.clear_log()
    run(off)
    (insert,) = delegated.requests("POST", r"/calendars/primary/events$")
    assert insert.query.get("conferenceDataVersion", ["0"]) == ["0"]
    assert "conferenceData" not in insert.body
    (event,) = [e for e in events(delegated) if "+off@" in e["attendees"][0]["email"]]
    assert "hangoutLink" not in event and "conferenceData" not in event
    assert "Meet" not in event["description"]


def test_members_abroad_see_the_tokyo_slot_at_their_own_time_across_dst(
    delegated: FakeGoogle, google_env: GoogleEnv
) -> None:
    roster = [
        ["営業 花子", "hanako@example.com", "セールス", "オフィス", ""],
        ["Ann", "ann@example.com", "Dev", "リモート", "America/New_York"],
        ["Liz", "liz@example.com", "CS", "リモート", "Europe/London"],
    ]
    # nobody's free/busy is shared and Tokyo, New York and London share no working hour:
    # the default is kept, and the tab says why
    for row in roster:
        delegated.add_calendar(row[1], free_busy="private")
    spreadsheet_id = sheet(delegated, roster, [["開始時刻", "09:00"]])
    run(spreadsheet_id)
    assert tab_slots(delegated, spreadsheet_id, "相棒 2027-Q1") == [
        (
            "毎週水曜 09:00–09:30 (Asia/Tokyo)",
            "既定の時間（全員の勤務時間が重なる時間帯がないため）",
        )
    ]
    (event,) = events(delegated)
    starts = instances(delegated, google_env, event["id"])
    assert {s.astimezone(UTC).time() for s in starts} == {time(0)}  # always 00:00 UTC
    new_york = {s.date(): s.astimezone(NEW_YORK).time() for s in starts}
    assert new_york[date(2027, 3, 10)] == time(19)  # EST, Tuesday evening
    assert new_york[date(2027, 3, 17)] == time(20)  # EDT from 14 March
    london = {s.date(): s.astimezone(LONDON).time() for s in starts}
    assert london[date(2027, 3, 24)] == time(0) and london[date(2027, 3, 31)] == time(1)  # BST
    description = html.unescape(event["description"])
    assert (
        "毎週火曜 19:00〜19:30、3月16日（火）からは毎週火曜 20:00〜20:30（America/New_York）"
        in (description)
    )


def test_unreadable_calendars_are_named_and_none_readable_keeps_the_default(
    delegated: FakeGoogle,
) -> None:
    roster = [
        *TRIO,
        ["外部 次郎", "jiro@partner.example.jp", "Dev", "リモート", ""],
        ["外部 三郎", "saburo@partner.example.jp", "CS", "オフィス", ""],
        ["外部 四郎", "shiro@partner.example.jp", "セールス", "オフィス", ""],
    ]
    delegated.add_busy(
        "hanako@example.com",
        datetime(2027, 1, 6, 16, tzinfo=TOKYO),
        datetime(2027, 1, 6, 17, tzinfo=TOKYO),
    )
    for row in roster[:3]:  # colleagues: free/busy visible within the domain
        delegated.add_calendar(row[1])
    for row in roster[3:]:  # another company's calendars: free/busy not visible to us
        delegated.add_calendar(row[1])
    spreadsheet_id = sheet(delegated, roster)
    outcome = run(spreadsheet_id)
    notes = [note for _, note in tab_slots(delegated, spreadsheet_id, "相棒 2027-Q1")]
    assert len(notes) == len(outcome.groups) == 2
    for group, note in zip(outcome.groups, notes, strict=True):
        outsiders = [p.name for p in group.members if p.email.endswith("partner.example.jp")]
        if len(outsiders) == len(group.members):
            assert note.startswith("既定の時間（.ics ファイルへの書き出しか")
        elif outsiders:
            assert note.endswith(
                f"{'、'.join(outsiders)}さんの予定は読めなかったため、空いているものとして扱いました"
            )
        else:
            assert note.startswith("全員の空き時間から選択")


def test_a_refused_free_busy_scope_falls_back_instead_of_failing(
    delegated: FakeGoogle,
) -> None:
    spreadsheet_id = sheet(delegated, TRIO)
    delegated.inject(
        "POST", r"/freeBusy$", Fault.status(403, reason="insufficientPermissions"), None
    )
    assert run(spreadsheet_id).status == "applied"
    ((_, note),) = tab_slots(delegated, spreadsheet_id, "相棒 2027-Q1")
    assert note.startswith(
        "既定の時間（.ics ファイルへの書き出しか、カレンダーの空き時間が共有されていないため"
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, attrs))


def test_hostile_names_are_inert_in_google_descriptions(delegated: FakeGoogle) -> None:
    roster = [
        ["<script>alert(1)</script>", "hanako@example.com", "セールス", "オフィス", ""],
        ['"><img src=x onerror=alert(1)>', "taro@example.com", "CS", "リモート", ""],
        ["Ann <b>bold</b> & co", "ann@example.com", "Dev", "リモート", ""],
    ]
    spreadsheet_id = sheet(delegated, roster, [["language", "en"]])
    run(spreadsheet_id)
    (event,) = events(delegated)
    parser = _Tags()
    parser.feed(event["description"])
    assert {tag for tag, _ in parser.found} <= GOOGLE_TAGS
    assert all(attrs == [] for _, attrs in parser.found)
    text = html.unescape(event["description"])
    for name, *_ in roster:
        assert name in text  # shown as typed
    assert {a["displayName"] for a in event["attendees"]} == {r[0] for r in roster}
    tab = read_rotation(
        "2027-Q1",
        "Rotation 2027-Q1",
        delegated.values(spreadsheet_id, "Rotation 2027-Q1"),
        ours=True,
    )
    assert tab is not None and tab.complete


def test_a_hundred_and_fifty_members_cost_one_free_busy_round_trip(
    delegated: FakeGoogle,
) -> None:
    functions = ("セールス", "CS", "Dev")
    roster = [[f"P{i}", f"p{i}@example.com", functions[i % 3], "オフィス", ""] for i in range(150)]
    spreadsheet_id = sheet(delegated, roster)
    delegated.clear_log()
    outcome = run(spreadsheet_id)
    assert outcome.status == "applied" and len(outcome.groups) == 50
    freebusy = delegated.requests("POST", r"/freeBusy$")
    assert len(freebusy) == 3 * 3  # 50 calendars a query, three windows of the quarter
    assert all(len(q.body["items"]) == 50 for q in freebusy)
    assert delegated.round_trips(path_regex=r"^/batch/calendar") == 2  # free/busy, 50 inserts
