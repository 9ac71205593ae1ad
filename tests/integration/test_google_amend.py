"""Roster changes applied to an open rotation on Google (DESIGN.md §7): the real gspread and
Calendar clients over HTTP against the fake Google server. A joiner and two leavers who empty a
group: the touched groups' series are patched (events.patch, sendUpdates), the emptied group's
series is deleted, a change block goes below the tab; a fault at any call is finished by the
next run with nothing doubled."""

from __future__ import annotations

import re
from datetime import date

import pytest
from gspread.utils import ValueInputOption

from aibou import service
from aibou.domain.sheet.changes import read_changes
from aibou.domain.sheet.history import read_rotation
from aibou.errors import AibouError
from aibou.google.sheets import SPARE_ROWS
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import NO_WAIT, wired

OPS = "ops@example.com"
DAY, LATER = date(2027, 1, 5), date(2027, 2, 3)
TAB = "相棒 2027-Q1"
JOINER = "new@example.jp"
FAULTS = {
    "429": lambda: Fault.status(429, retry_after=1),
    "500": lambda: Fault.status(500),
    "drop": lambda: Fault.drop(),
}


@pytest.fixture
def env(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> GoogleEnv:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env


def new_sheet(fake: FakeGoogle) -> str:
    return fake.create_spreadsheet(
        "相棒制度",
        {
            "名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}),
            "設定": [["曜日", "水"], ["開始時刻", "16:00"]],
        },
        owner=OPS,
    )


def run(spreadsheet_id: str, day: date) -> service.Outcome:
    spreadsheet, calendar = wired().google(spreadsheet_id)
    return service.rotate(spreadsheet, calendar, day)


def rotated(env: GoogleEnv) -> tuple[str, service.Outcome, list[str]]:
    """A rotation applied, then two of group 1 on leave and a joiner typed into the roster.

    Returns the sheet, the first outcome and the leavers' e-mails."""
    sheet = new_sheet(env.fake)
    first = run(sheet, DAY)
    assert first.status == "applied"
    leavers = [p.email for p in first.groups[0].members[:2]]
    roster = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet("名簿")
    rows = env.fake.values(sheet, "名簿")
    for number, row in enumerate(rows, start=1):
        if row[1] in leavers:
            roster.update(
                [["休職"]], f"E{number}", value_input_option=ValueInputOption.user_entered
            )
    roster.append_row(["新人 花子", JOINER, "CS", "リモート", ""], value_input_option="RAW")
    return sheet, first, leavers


def events_of(fake: FakeGoogle, sheet: str) -> dict[str, dict]:
    return {
        e["id"]: e
        for e in fake.events(OPS)
        if e["extendedProperties"]["private"]["aibou_sheet"] == sheet
    }


def assert_amended(
    fake: FakeGoogle, sheet: str, first: service.Outcome, leavers: list[str]
) -> None:
    """What a user checks once the change is applied: the calendar and the tab agree."""
    events = events_of(fake, sheet)
    cancelled = first.event_ids[first.groups[0].number]
    assert events[cancelled]["status"] == "cancelled"
    live = {i: e for i, e in events.items() if e.get("status") != "cancelled"}
    assert len(live) == len(first.groups) - 1  # no series added, none doubled
    people = [a["email"] for e in live.values() for a in e["attendees"]]
    assert sorted(people) == sorted(set(people))  # everyone in one series only
    assert JOINER in people and not set(leavers) & set(people)
    everyone = {p.email for g in first.groups for p in g.members}
    assert set(people) == everyone - set(leavers) | {JOINER}
    rows = fake.values(sheet, TAB)
    changes = read_changes(rows)
    assert sorted(c.kind for c in changes) == ["joined", "left", "left", "moved"]
    assert all(c.calendar for c in changes)
    tab = read_rotation("2027-Q1", TAB, rows, ours=True)
    assert tab is not None and tab.complete


def test_a_joiner_and_leavers_who_empty_a_group_amend_the_series(env: GoogleEnv) -> None:
    fake = env.fake
    sheet, first, leavers = rotated(env)
    fake.notifications.clear()
    outcome = run(sheet, LATER)
    assert outcome.status == "amended", outcome.problems
    assert_amended(fake, sheet, first, leavers)
    by_group = {g.number: g for g in outcome.groups}
    events = events_of(fake, sheet)
    for number, group in by_group.items():
        event = events[outcome.event_ids[number]]
        assert {a["email"] for a in event["attendees"]} == group.emails
    methods = sorted(n["method"] for n in fake.notifications)
    touched = {c.group for c in outcome.changes if c.group is not None}
    assert methods == ["calendar.events.delete"] + ["calendar.events.patch"] * len(touched)
    assert {n["sendUpdates"] for n in fake.notifications} == {"all"}

    fake.notifications.clear()
    again = run(sheet, LATER)
    assert (again.status, again.changes, again.warnings) == ("already-applied", (), ())
    assert fake.notifications == []


def _calls_of_an_amendment(env: GoogleEnv) -> list[tuple[str, str, int]]:
    """Each call an amendment makes as (method, path pattern, how many alike came before it):
    the sheet and event ids become patterns, so the calls of another sheet match them."""
    sheet, _, _ = rotated(env)
    env.fake.clear_log()
    assert run(sheet, LATER).status == "amended"
    calls: list[tuple[str, str, int]] = []
    for r in env.fake.requests():
        if r.path.startswith("/token"):
            continue
        pattern = re.escape(r.path.replace(sheet, "\x00")).replace("\x00", "[^/]+")
        pattern = re.sub(r"aibou[a-v0-9]{10,}", "aibou[a-v0-9]+", pattern)
        before = sum(1 for m, p, _ in calls if (m, p) == (r.method, pattern))
        calls.append((r.method, "^" + pattern + "$", before))
    return calls


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_at_any_call_of_an_amendment_is_finished_by_the_next_run(
    env: GoogleEnv, fault: str
) -> None:
    fake = env.fake
    for method, pattern, before in _calls_of_an_amendment(env):
        fake.clear_faults()
        sheet, first, leavers = rotated(env)
        if before:  # let the alike calls before it through
            fake.inject(method, pattern, Fault.delay(0), times=before)
        # every retry fails too: the run gives up, leaving what the next run finishes
        fake.inject(method, pattern, FAULTS[fault](), times=NO_WAIT.attempts + 1)
        try:
            broken = run(sheet, LATER)
        except AibouError:
            broken = None
        fake.clear_faults()
        second = run(sheet, LATER)
        assert second.status in ("amended", "already-applied"), (method, pattern, broken)
        assert_amended(fake, sheet, first, leavers)
        assert run(sheet, LATER).status == "already-applied", (method, pattern)


def test_a_change_block_longer_than_the_tabs_spare_rows_lands_with_few_round_trips(
    env: GoogleEnv,
) -> None:
    """More changes than the rotation tab has spare rows: the grid grows, every change row
    gets its calendar cell, and the touched series are patched and deleted in one batch."""
    fake = env.fake
    sheet, _, leavers = rotated(env)
    roster = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet("名簿")
    joiners = [[f"新人{k:02d}", f"new{k:02d}@example.jp", ("セールス", "CS", "エンジニア")[k % 3],
                "オフィス", ""] for k in range(SPARE_ROWS + 4)]  # fmt: skip
    roster.append_rows(joiners, value_input_option="RAW")
    grid_before = len(fake.values(sheet, TAB))
    fake.clear_log()
    outcome = run(sheet, LATER)
    assert outcome.status == "amended", outcome.problems
    assert len(outcome.changes) > SPARE_ROWS
    changes = read_changes(fake.values(sheet, TAB))
    assert len(changes) == len(outcome.changes) and all(c.calendar for c in changes)
    assert len(fake.values(sheet, TAB)) > grid_before + SPARE_ROWS
    live = [e for e in events_of(fake, sheet).values() if e.get("status") != "cancelled"]
    invited = sorted(a["email"] for e in live for a in e["attendees"])
    assert invited == sorted(p.email for g in outcome.groups for p in g.members)
    assert not set(leavers) & set(invited)
    # one batch patches and deletes the old series, one inserts the new groups' series
    assert fake.round_trips(path_regex=r"^/(batch/)?calendar/") == 2
    assert run(sheet, LATER).status == "already-applied"
