"""The Google adapters, with the real gspread and google-api-python-client over HTTP against the
fake Google server: a full rotation, re-runs, invalid input, RAW values, faults, the lock."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from aibou import service
from aibou.domain.sheet.history import read_rotation
from aibou.errors import AibouError, NotFound, PermissionDenied
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import NO_WAIT, wired

OPS = "ops@example.com"
DAY = date(2027, 1, 5)


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    """A buddy sheet owned by the ops lead, whom aibou acts as (domain-wide delegation)."""
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake: FakeGoogle = google_env.fake
    fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return fake.create_spreadsheet(
        "相棒制度",
        {
            "名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5}),
            "設定": [["曜日", "水"], ["開始時刻", "16:00"]],
        },
        owner=OPS,
    )


def run(spreadsheet_id: str, day: date = DAY, **kwargs: object) -> service.Outcome:
    spreadsheet, calendar = wired().google(spreadsheet_id)
    return service.rotate(spreadsheet, calendar, day, **kwargs)  # type: ignore[arg-type]


def our_events(fake: FakeGoogle) -> list[dict]:
    return [e for e in fake.events(OPS) if e.get("status") != "cancelled"]


def test_a_full_rotation_writes_one_tagged_tab_and_one_event_per_group(
    fake_google: FakeGoogle, sheet: str
) -> None:
    outcome = run(sheet)
    assert outcome.status == "applied"
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定", "相棒 2027-Q1"]
    tags = [m for m in fake_google.developer_metadata(sheet) if m["metadataKey"] == "aibou.period"]
    assert [t["metadataValue"] for t in tags] == ["2027-Q1"]
    assert not [
        m for m in fake_google.developer_metadata(sheet) if m["metadataKey"] == "aibou.lock"
    ]

    tab = read_rotation(
        "2027-Q1", "相棒 2027-Q1", fake_google.values(sheet, "相棒 2027-Q1"), ours=True
    )
    assert tab is not None and tab.complete
    assert tab.past().groups == tuple(g.emails for g in outcome.groups)

    events = {e["id"]: e for e in our_events(fake_google)}
    assert len(events) == len(outcome.groups) == 5
    for group in outcome.groups:
        event = events[outcome.event_ids[group.number]]
        assert {a["email"] for a in event["attendees"]} == group.emails
        assert event["start"] == {"dateTime": "2027-01-06T16:00:00+09:00", "timeZone": "Asia/Tokyo"}
        assert event["recurrence"][0] == "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=WE;UNTIL=20270331T145959Z"
        assert "hangoutLink" in event and event["conferenceData"]["entryPoints"]
        assert event["extendedProperties"]["private"] == {
            "aibou_period": "2027-Q1", "aibou_group": str(group.number), "aibou_sheet": sheet,
        }  # fmt: skip
        assert group.members[0].name in event["description"]
        assert tab.links[group.number] == event["htmlLink"]
    assert {n["sendUpdates"] for n in fake_google.notifications} == {"all"}


def test_the_second_run_creates_and_writes_nothing(fake_google: FakeGoogle, sheet: str) -> None:
    first = run(sheet)
    fake_google.clear_log()
    again = run(sheet, date(2027, 2, 20))
    assert again.status == "already-applied"
    assert [g.emails for g in again.groups] == [g.emails for g in first.groups]
    writes = [
        r
        for r in fake_google.requests()
        if r.method != "GET" and "developerMetadata:search" not in r.path
    ]
    assert [r.path for r in writes if "batchUpdate" in r.path and "values" in r.path] == []
    assert not [r for r in fake_google.requests() if "/events" in r.path and r.method == "POST"]
    assert len(our_events(fake_google)) == 5


def test_invalid_roster_writes_nothing(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[3][1] = "not an email"
    sheet = fake_google.create_spreadsheet("t", {"名簿": rows}, owner=OPS)
    fake_google.clear_log()
    outcome = run(sheet)
    assert outcome.status == "invalid"
    assert [(p.tab, p.row, p.column) for p in outcome.problems] == [("名簿", 4, "B")]
    assert fake_google.sheet_titles(sheet) == ["名簿"]
    assert fake_google.events(OPS) == []
    assert fake_google.round_trips(path_regex=r"calendar") == 0
    assert [r.path for r in fake_google.requests() if "values:batchUpdate" in r.path] == []
    assert not fake_google.developer_metadata(sheet)  # the lock was released, nothing tagged


def test_names_that_look_like_formulas_are_written_raw(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[1][0] = '=HYPERLINK("https://evil.example","click me")'
    sheet = fake_google.create_spreadsheet(
        "t", {"Roster": rows}, owner=OPS, value_input_option="RAW"
    )
    outcome = run(sheet)
    assert outcome.status == "applied"
    cells = fake_google.cells(sheet, "相棒 2027-Q1")
    written = [c for c in cells.values() if c.value == rows[1][0]]
    assert [c.kind for c in written] == ["string"]
    assert not [a for a, c in cells.items() if c.kind == "formula"]


def test_a_renamed_tab_is_still_recognised_by_its_tag(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    run(sheet)
    user = google_env.gspread_client(subject=OPS)  # the ops lead renames the tab in Sheets
    user.open_by_key(sheet).worksheet("相棒 2027-Q1").update_title("Q1 buddies")
    assert run(sheet, date(2027, 3, 1)).status == "already-applied"
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定", "Q1 buddies"]


def test_round_trips_are_a_handful(fake_google: FakeGoogle, sheet: str) -> None:
    fake_google.clear_log()
    run(sheet)
    sheets_calls = fake_google.round_trips(path_regex=r"^/v4/")
    calendar_calls = fake_google.round_trips(path_regex=r"^/(batch/)?calendar/")
    # get, batchGet, lock (search, create, search), add tab, links, unlock
    assert sheets_calls <= 8
    assert calendar_calls == 2  # everyone's free/busy in one batch, five inserts in another


def test_without_delegation_the_error_says_what_to_do(
    fake_google: FakeGoogle,
    google_env: GoogleEnv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A service account acting as itself may not invite attendees: the run stops with a hint,
    and once delegation is set up the next run finishes from the tab it wrote."""
    fake_google.set_delegated(google_env.email, False)
    fake_google.add_calendar(OPS, writers=[google_env.email])
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    sheet = fake_google.create_spreadsheet(
        "t", {"名簿": rows, "設定": [["calendar_id", OPS]]}, owner=OPS
    )
    fake_google.share(sheet, google_env.email)
    with pytest.raises(PermissionDenied, match="AIBOU_DELEGATED_USER"):
        run(sheet)
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定", "相棒 2027-Q1"]

    fake_google.set_delegated(google_env.email, True)
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    assert run(sheet).status == "applied"
    assert len(our_events(fake_google)) == 2


def test_a_sheet_not_shared_with_aibou(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    other = fake_google.create_spreadsheet("private", {"Roster": []}, owner="someone@example.com")
    with pytest.raises(PermissionDenied, match="Share it with the account aibou uses"):
        run(other)
    with pytest.raises(NotFound, match="was not found"):
        run("no-such-sheet")


def test_two_runs_at_once_write_one_tab(fake_google: FakeGoogle, sheet: str) -> None:
    fake_google.latency = 0.02
    outcomes: list[str] = []

    def go() -> None:
        outcomes.append(run(sheet).status)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("applied") == 1
    assert sorted(outcomes) in (["applied", "busy"], ["already-applied", "applied"])
    final = run(sheet)
    assert final.status == "already-applied"
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定", "相棒 2027-Q1"]
    assert len(our_events(fake_google)) == 5


def _calls_of_a_run(fake: FakeGoogle, sheet: str) -> list[tuple[str, str]]:
    """(method, path) of every request a clean run makes, batch parts included."""
    probe = fake.create_spreadsheet(
        "probe", {"名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5})}, owner=OPS
    )
    fake.clear_log()
    run(probe)
    calls = [
        (r.method, r.path.replace(probe, sheet))
        for r in fake.requests()
        if not r.path.startswith("/token")
    ]
    for event in fake.events(OPS):  # leave the ops calendar as it was
        fake.calendars[OPS].events.pop(event["id"])
    fake.notifications.clear()
    return calls


FAULTS = {
    "429": lambda: Fault.status(429, retry_after=1),
    "500": lambda: Fault.status(500),
    "drop": lambda: Fault.drop(),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_at_any_call_leaves_one_tab_and_one_event_per_group(
    fake_google: FakeGoogle, sheet: str, fault: str
) -> None:
    calls = _calls_of_a_run(fake_google, sheet)
    seen: set[tuple[str, str]] = set()
    for method, path in calls:
        if (method, path) in seen:
            continue
        seen.add((method, path))
        fake_google.clear_faults()
        fresh = fake_google.create_spreadsheet(
            "t", {"名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5})}, owner=OPS
        )
        pattern = "^" + path.replace(sheet, fresh).replace("$", r"\$").replace("+", r"\+") + "$"
        # every retry fails too: the run must give up cleanly, leaving what the next run finishes
        fake_google.inject(method, pattern, FAULTS[fault](), times=NO_WAIT.attempts + 1)
        try:
            first = run(fresh)
        except AibouError:
            first = None
        fake_google.clear_faults()
        second = run(fresh)
        assert second.status in ("applied", "already-applied"), (method, path, first)
        assert fake_google.sheet_titles(fresh).count("相棒 2027-Q1") == 1
        ids = [
            e["id"]
            for e in our_events(fake_google)
            if e["extendedProperties"]["private"]["aibou_sheet"] == fresh
        ]
        assert sorted(ids) == sorted(second.event_ids.values()), (method, path)
        tab = read_rotation(
            "2027-Q1", "相棒 2027-Q1", fake_google.values(fresh, "相棒 2027-Q1"), ours=True
        )
        assert tab is not None and tab.complete


def test_a_hand_made_tab_for_this_period_is_left_alone(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    by_hand = [
        ["グループ", "メール", "カレンダー"],
        ["1", "sales01@example.jp", ""],
        ["1", "cs01@example.jp", ""],
    ]
    sheet = fake_google.create_spreadsheet(
        "t",
        {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2}), "相棒 2027-Q1": by_hand},
        owner=OPS,
    )
    before = fake_google.values(sheet, "相棒 2027-Q1")
    outcome = run(sheet)
    assert outcome.status == "already-applied"
    assert fake_google.values(sheet, "相棒 2027-Q1") == before
    assert fake_google.events(OPS) == []
    spreadsheet, _ = wired().google(sheet)
    with pytest.raises(AibouError, match="not written by aibou"):
        spreadsheet.update_rotation_tab("相棒 2027-Q1", {(2, 3): "https://evil.example"})


def test_the_lock_never_lets_two_runs_in(fake_google: FakeGoogle, sheet: str) -> None:
    """B looks first but its entry lands late (a slow network), after A is already inside."""
    first, second = wired().google(sheet)[0], wired().google(sheet)[0]
    fake_google.inject("POST", r":batchUpdate$", Fault.delay(1.0), times=1)  # B's entry
    inside: list[str] = []
    overlaps: list[list[str]] = []
    finished = threading.Event()

    def hold(name: str, spreadsheet: object) -> None:
        try:
            with spreadsheet.lock(name):  # type: ignore[attr-defined]
                inside.append(name)
                overlaps.append(list(inside))
                finished.wait(3) if name == "A" else None
                inside.remove(name)
        except AibouError as exc:
            overlaps.append([f"{name}: {type(exc).__name__}"])
        finally:
            if name == "B":
                finished.set()

    b = threading.Thread(target=hold, args=("B", first))
    b.start()
    time.sleep(0.3)
    hold("A", second)
    b.join()
    assert ["A"] in overlaps and ["B: Busy"] in overlaps
    assert all(len(names) == 1 for names in overlaps)
    assert not [
        m for m in fake_google.developer_metadata(sheet) if m["metadataKey"] == "aibou.lock"
    ]


def test_deleting_the_events_and_the_tab_then_running_again_restores_them(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    """The ops lead throws a rotation away (events and tab) and runs it again: deleted events
    keep their ids at Google, so aibou restores them for the new groups instead of linking to
    cancelled ones."""
    run(sheet)
    calendar = google_env.calendar(subject=OPS)
    for event in our_events(fake_google):
        calendar.events().delete(calendarId=OPS, eventId=event["id"]).execute()
    book = google_env.gspread_client(subject=OPS).open_by_key(sheet)
    book.del_worksheet(book.worksheet("相棒 2027-Q1"))
    rows = fake_google.values(sheet, "名簿")
    google_env.gspread_client(subject=OPS).open_by_key(sheet).worksheet("名簿").update(
        rows[:-1], "A1", value_input_option="RAW"
    )  # someone left meanwhile
    book.worksheet("名簿").batch_clear([f"A{len(rows)}:E{len(rows)}"])

    again = run(sheet)
    assert again.status == "applied"
    events = {e["id"]: e for e in fake_google.events(OPS)}
    for group in again.groups:
        event = events[again.event_ids[group.number]]
        assert event["status"] == "confirmed"
        assert {a["email"] for a in event["attendees"]} == group.emails
