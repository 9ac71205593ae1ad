"""A rotation's organiser (DESIGN.md §7): the calendar its events went to and the user they were
made as are recorded in the tab, and amendments act there and as them, whatever the settings or
the deployment say later. Real gspread and Calendar clients against the fake Google server."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from gspread.utils import ValueInputOption

from aibou import service
from aibou.domain.sheet.digest import Written
from aibou.ports import Calendar, Spreadsheet
from aibou.service.target import target_period
from aibou.web import create_app
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.sidepanel import USER_SCOPES
from tests.wiring import wired

OPS = "ops@example.com"
NEW = "new-ops@example.com"
TEAM = "team@example.com"  # a shared calendar OPS and NEW may both write to
DAY, LATER = date(2027, 1, 5), date(2027, 2, 3)
TAB = "相棒 2027-Q1"
JOINER = "joiner@example.jp"
SCHEDULER = "scheduler@aibou-prod.iam.gserviceaccount.com"
AUDIENCE = "https://aibou.example.com/tasks/rotate"


@pytest.fixture
def env(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> GoogleEnv:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake = google_env.fake
    for user in (OPS, NEW):
        fake.add_calendar(user, time_zone="Asia/Tokyo")
    fake.add_calendar(TEAM, owner=OPS, time_zone="Asia/Tokyo", writers=[OPS, NEW])
    return google_env


def applied(env: GoogleEnv, calendar_id: str = TEAM) -> str:
    """A sheet whose 2027-Q1 rotation was applied by the scheduled run's wiring (as OPS) in
    ``calendar_id``; then a joiner typed into the roster."""
    fake = env.fake
    sheet = fake.create_spreadsheet(
        "相棒制度",
        {
            "名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}),
            "設定": [["曜日", "水"], ["開始時刻", "16:00"], ["calendar_id", calendar_id]],
        },
        owner=OPS,
    )
    fake.share(sheet, NEW)
    spreadsheet, calendar = wired().google(sheet)
    assert service.rotate(spreadsheet, calendar, DAY).status == "applied"
    book = env.gspread_client(subject=OPS).open_by_key(sheet)
    book.worksheet("名簿").append_row(
        ["新人 花子", JOINER, "CS", "リモート", ""], value_input_option="RAW"
    )
    return sheet


def set_calendar(env: GoogleEnv, sheet: str, calendar_id: str) -> None:
    settings = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet("設定")
    settings.update([[calendar_id]], "B3", value_input_option=ValueInputOption.raw)


def patched(fake: FakeGoogle) -> list[tuple[str, str | None]]:
    """(path, who) of every events.patch the fake saw."""
    return [(r.path, r.identity) for r in fake.requests("PATCH", r"/events/")]


def attendees(fake: FakeGoogle, calendar_id: str) -> set[str]:
    return {
        a["email"]
        for e in fake.events(calendar_id)
        if e.get("status") != "cancelled"
        for a in e.get("attendees", [])
    }


def test_the_tab_records_its_calendar_and_owner(env: GoogleEnv) -> None:
    sheet = applied(env)
    header = env.fake.values(sheet, TAB)[0]
    assert "主催 ops@example.com（カレンダー team@example.com）" in header
    snapshot = wired().google(sheet)[0].read()
    tab = snapshot.find(TAB)
    assert tab is not None and tab.written is not None
    record = Written.decode(tab.written)
    assert record is not None and (record.calendar, record.owner) == (TEAM, OPS)
    assert len(env.fake.events(TEAM)) == 3 and env.fake.events(OPS) == []


def test_an_amendment_patches_the_recorded_calendar_after_the_settings_change(
    env: GoogleEnv,
) -> None:
    sheet = applied(env)
    set_calendar(env, sheet, "primary")
    env.fake.clear_log()
    spreadsheet, calendar = wired().google(sheet)
    outcome = service.rotate(spreadsheet, calendar, LATER)
    assert outcome.status == "amended", outcome.problems
    assert JOINER in attendees(env.fake, TEAM)
    assert env.fake.events(OPS) == []  # nothing in the calendar the settings name now
    paths = patched(env.fake)
    assert paths and all(f"/calendars/{TEAM}/" in p for p, _ in paths)


def test_the_scheduled_run_amends_as_the_recorded_owner(
    env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = applied(env, calendar_id="primary")
    monkeypatch.setenv("AIBOU_DELEGATED_USER", NEW)
    monkeypatch.setenv("AIBOU_FORMER_DELEGATED_USERS", OPS)
    env.fake.clear_log()
    client = service_client(sheet)
    answer = client.post("/tasks/rotate", headers=scheduler_token(env.fake))
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "amended"
    calls = patched(env.fake)
    assert calls and {who for _, who in calls} == {OPS}
    assert all("/calendars/primary/" in p for p, _ in calls)
    assert JOINER in attendees(env.fake, OPS) and env.fake.events(NEW) == []
    reads = {r.identity for r in env.fake.requests("GET", r"/calendars/primary/events")}
    assert reads == {OPS}  # the report read the series as their organiser too


def test_the_scheduled_run_may_not_act_as_an_organiser_it_was_not_allowed(
    env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = applied(env, calendar_id="primary")
    monkeypatch.setenv("AIBOU_DELEGATED_USER", NEW)
    before = env.fake.values(sheet, TAB)
    env.fake.clear_log()
    answer = service_client(sheet).post("/tasks/rotate", headers=scheduler_token(env.fake))
    assert answer.json["status"] == "error"
    (error,) = answer.json["errors"]
    assert error["tab"] == TAB and "AIBOU_FORMER_DELEGATED_USERS" in error["message"]
    assert OPS not in answer.get_data(as_text=True)  # the answer may be logged
    assert env.fake.values(sheet, TAB) == before
    assert env.fake.requests("PATCH") == [] and env.fake.requests("POST", r"/events") == []


def test_the_addon_apply_by_someone_else_writes_nothing_and_names_the_owner(
    env: GoogleEnv,
) -> None:
    sheet = applied(env)
    env.fake.add_user_token("ya29.new", NEW, list(USER_SCOPES))
    before = env.fake.values(sheet, TAB)
    env.fake.clear_log()
    spreadsheet, calendar = wired().google(sheet, token="ya29.new", user=NEW)
    done = apply_amendment(spreadsheet, calendar)
    assert done.status == "error"
    (problem,) = done.problems
    assert (
        problem.tab == TAB
        and OPS in problem.message
        and "何も書き込んでいません" in problem.message
    )
    assert env.fake.values(sheet, TAB) == before
    assert env.fake.requests("PATCH") == [] and env.fake.requests("PUT") == []
    assert env.fake.requests("POST", r"batchUpdate|/events") == []

    inputs = service.read(spreadsheet, language="en")  # the panel's user reads English
    plan = service.plan_amendment(inputs, target_period(inputs, LATER), LATER)
    (problem,) = service.apply(plan, spreadsheet, calendar).problems
    assert f"Only {OPS} can apply" in problem.message

    env.fake.add_user_token("ya29.ops", OPS, list(USER_SCOPES))
    spreadsheet, calendar = wired().google(sheet, token="ya29.ops", user=OPS)
    assert apply_amendment(spreadsheet, calendar).status == "amended"
    assert JOINER in attendees(env.fake, TEAM)


def apply_amendment(spreadsheet: Spreadsheet, calendar: Calendar) -> service.Outcome:
    """What the side panel does to apply a previewed amendment: plan it, then apply it."""
    inputs = service.read(spreadsheet)
    plan = service.plan_amendment(inputs, target_period(inputs, LATER), LATER)
    return service.apply(plan, spreadsheet, calendar)


def service_client(sheet: str) -> FlaskClient:
    """The web app as deployed, reading the environment now (the delegated user changed)."""
    config = {
        "spreadsheet_id": sheet,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER}),
    }
    now = datetime(2027, 2, 3, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo on LATER
    return create_app(wired(now, **config)).test_client()


def scheduler_token(fake: FakeGoogle) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.mint_id_token(AUDIENCE, SCHEDULER)}"}


QUEUE = "projects/aibou-test/locations/asia-northeast1/queues/aibou-invites"
PUBLIC = "https://aibou.example.com"


def fan_out_app(env: GoogleEnv, sheet: str) -> FlaskClient:
    """The deployment with Cloud Tasks, reading the environment now."""
    config = {
        "spreadsheet_id": sheet,
        "public_url": PUBLIC,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER, env.email}),
        "tasks_queue": QUEUE,
        "tasks_endpoint": env.fake.root,
    }
    return create_app(wired(datetime(2027, 1, 5, tzinfo=UTC), **config)).test_client()


def test_a_queued_invitation_goes_out_as_the_organiser_the_tab_records(
    env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = env.fake
    fake.add_queue(QUEUE)
    sheet = fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})}, owner=OPS
    )
    fake.share(sheet, NEW)
    answer = fan_out_app(env, sheet).post("/tasks/rotate", headers=scheduler_token(fake))
    assert answer.json["status"] == "applied" and fake.events(OPS) == []
    monkeypatch.setenv("AIBOU_DELEGATED_USER", NEW)  # handed over before the task ran
    monkeypatch.setenv("AIBOU_FORMER_DELEGATED_USERS", OPS)
    fake.clear_log()
    (done,) = fake.deliver_all(QUEUE, fan_out_app(env, sheet))
    assert done.status_code == 200
    assert len(fake.events(OPS)) == 3 and fake.events(NEW) == []
    assert {r.identity for r in fake.requests("POST", r"/events$")} == {OPS}
