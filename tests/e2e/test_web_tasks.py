"""``POST /tasks/rotate`` as Cloud Scheduler calls it: real HTTP, real ID tokens, fake Google."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from werkzeug.serving import make_server

from aibou.web import create_app
from aibou.wiring import Config, wire
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import wired

OPS = "ops@example.com"
SCHEDULER = "scheduler@aibou-prod.iam.gserviceaccount.com"
AUDIENCE = "https://aibou.example.com/tasks/rotate"
NOW = datetime(2027, 1, 5, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo, a Tuesday in 2027-Q1


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 4})}, owner=OPS
    )


@pytest.fixture
def server(fake_google: FakeGoogle, sheet: str) -> Iterator[str]:
    """The Flask app on a real threaded HTTP server, configured like a deployment."""
    config = {
        "spreadsheet_id": sheet,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER}),
        "certs_url": fake_google.certs_url,
    }
    http = make_server("127.0.0.1", 0, create_app(wired(NOW, **config)), threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()


def call(server: str, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.post(f"{server}/tasks/rotate", headers=headers, timeout=30)


def test_a_valid_token_runs_the_rotation(fake_google: FakeGoogle, server: str, sheet: str) -> None:
    answer = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "applied" and body["errors"] == []
    assert body["tab"].startswith("相棒 ") and body["tab"] in fake_google.sheet_titles(sheet)
    assert len(fake_google.events(OPS)) == len(body["groups"]) == 4

    again = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    assert (again.status_code, again.json()["status"]) == (200, "already-applied")
    assert len(fake_google.events(OPS)) == 4


def _forged(fake: FakeGoogle) -> str:
    from tests.fakegoogle import generate_rsa_key

    return fake.mint_id_token(AUDIENCE, SCHEDULER, key=generate_rsa_key())


REFUSED = {
    "missing": (lambda fake: None, 401),
    "not-a-jwt": (lambda fake: "not.a.token", 401),
    "forged": (_forged, 401),
    "expired": (lambda fake: fake.mint_id_token(AUDIENCE, SCHEDULER, expires_in=-60), 401),
    "wrong-audience": (
        lambda fake: fake.mint_id_token("https://evil.example/tasks/rotate", SCHEDULER),
        401,
    ),
    "wrong-issuer": (
        lambda fake: fake.mint_id_token(AUDIENCE, SCHEDULER, issuer="https://evil.example"),
        401,
    ),
    "wrong-email": (lambda fake: fake.mint_id_token(AUDIENCE, "intruder@evil.example"), 403),
    "unverified-email": (
        lambda fake: fake.mint_id_token(AUDIENCE, SCHEDULER, email_verified=False),
        403,
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_tokens_are_refused_and_nothing_is_touched(
    fake_google: FakeGoogle, server: str, sheet: str, case: str
) -> None:
    make, status = REFUSED[case]
    fake_google.clear_log()
    answer = call(server, make(fake_google))
    assert answer.status_code == status
    assert answer.json()["status"] == "error"
    touched = [r.path for r in fake_google.requests() if not r.path.startswith("/oauth2/")]
    assert touched == []  # neither Sheets nor Calendar was called
    assert fake_google.sheet_titles(sheet) == ["名簿"]


def test_two_triggers_at_once_make_exactly_one_rotation(
    fake_google: FakeGoogle, server: str, sheet: str
) -> None:
    fake_google.latency = 0.03
    answers: list[requests.Response] = []
    tokens = [fake_google.mint_id_token(AUDIENCE, SCHEDULER) for _ in range(2)]
    threads = [threading.Thread(target=lambda t=t: answers.append(call(server, t))) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a.json()["status"] for a in answers)
    assert statuses.count("applied") == 1, statuses
    loser = next(a for a in answers if a.json()["status"] != "applied")
    assert (loser.status_code, loser.json()["status"]) in ((503, "busy"), (200, "already-applied"))
    if loser.status_code == 503:
        assert loser.headers["Retry-After"]
    assert len([t for t in fake_google.sheet_titles(sheet) if t.startswith("相棒")]) == 1
    assert len(fake_google.events(OPS)) == 4


def test_invalid_roster_is_422_with_the_cells(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[2][2] = "マーケ"
    bad = fake_google.create_spreadsheet("bad", {"名簿": rows}, owner=OPS)
    config = {
        "spreadsheet_id": bad,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER}),
        "certs_url": fake_google.certs_url,
    }
    client = create_app(wired(NOW, **config)).test_client()
    answer = client.post(
        "/tasks/rotate",
        headers={"Authorization": f"Bearer {fake_google.mint_id_token(AUDIENCE, SCHEDULER)}"},
    )
    assert answer.status_code == 422
    assert [(e["tab"], e["row"], e["column"]) for e in answer.get_json()["errors"]] == [
        ("名簿", 3, "C")
    ]
    assert answer.get_json()["report"]["status"] == "skipped"  # no report of a roster to fix
    assert fake_google.sheet_titles(bad) == ["名簿"]


@pytest.mark.slow
def test_google_down_is_503_so_scheduler_retries(fake_google: FakeGoogle, server: str) -> None:
    from tests.fakegoogle import Fault

    fake_google.inject(None, r"^/v4/", Fault.status(503), times=None)
    answer = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert "try again later" in answer.json()["errors"][0]["message"]


def test_app_engine_cron_header_is_trusted_only_on_app_engine(
    fake_google: FakeGoogle, sheet: str
) -> None:
    outside = create_app(wired(spreadsheet_id=sheet, certs_url=fake_google.certs_url)).test_client()
    assert outside.post("/tasks/rotate", headers={"X-Appengine-Cron": "true"}).status_code == 401
    inside = create_app(
        wired(spreadsheet_id=sheet, certs_url=fake_google.certs_url, on_app_engine=True)
    )
    assert (
        inside.test_client().post("/tasks/rotate", headers={"X-Appengine-Cron": "true"}).status_code
        == 200
    )


def test_healthz() -> None:
    assert create_app(wire(Config())).test_client().get("/healthz").get_json() == {"status": "ok"}


def test_the_last_days_of_a_period_announce_the_next_one_once(
    fake_google: FakeGoogle, sheet: str
) -> None:
    """On 31 December (no Wednesday left in Q4) the daily call announces the new quarter (§7),
    once: the next call finds nothing new."""
    config = {
        "spreadsheet_id": sheet,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER}),
        "certs_url": fake_google.certs_url,
    }
    new_years_eve = datetime(2026, 12, 31, 1, 0, tzinfo=UTC)
    client = create_app(wired(new_years_eve, **config)).test_client()
    statuses = []
    for _ in range(2):
        token = fake_google.mint_id_token(AUDIENCE, SCHEDULER)
        answer = client.post("/tasks/rotate", headers={"Authorization": f"Bearer {token}"})
        statuses.append((answer.status_code, answer.get_json()["status"]))
    assert statuses == [(200, "applied"), (200, "already-applied")]
    assert fake_google.sheet_titles(sheet) == ["名簿", "相棒 2027-Q1", "参加状況", "カバレッジ"]
    starts = {e["start"]["dateTime"][:10] for e in fake_google.events(OPS)}
    assert starts == {"2027-01-06"}


def test_certificates_out_of_reach_is_503_not_a_crash(fake_google: FakeGoogle, sheet: str) -> None:
    config = {
        "spreadsheet_id": sheet,
        "tasks_audience": AUDIENCE,
        "tasks_invokers": frozenset({SCHEDULER}),
        "certs_url": "http://127.0.0.1:9/oauth2/v1/certs",
    }  # nothing listens there
    client = create_app(wired(NOW, **config)).test_client()
    token = fake_google.mint_id_token(AUDIENCE, SCHEDULER)
    answer = client.post("/tasks/rotate", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503 and answer.get_json()["status"] == "error"
    assert fake_google.sheet_titles(sheet) == ["名簿"]


def test_the_daily_run_refreshes_the_report_tabs_after_rotating(
    fake_google: FakeGoogle, server: str, sheet: str
) -> None:
    """§8: the scheduled run rewrites both report tabs after its rotation work, every day."""
    answer = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "applied"
    tabs = ["参加状況", "カバレッジ"]
    assert body["report"] == {"status": "reported", "tabs": tabs, "meet": None}
    assert fake_google.sheet_titles(sheet)[-2:] == ["参加状況", "カバレッジ"]
    people = {row[2] for row in fake_google.values(sheet, "参加状況")[1:] if "@" in str(row[2:3])}
    assert len(people) == 10  # every member of the new rotation has a row

    again = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER)).json()
    assert (again["status"], again["report"]["status"]) == ("already-applied", "reported")
    assert fake_google.sheet_titles(sheet).count("カバレッジ") == 1


def test_a_failing_report_leaves_a_good_rotation_good(
    fake_google: FakeGoogle, server: str, sheet: str, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.fakegoogle import Fault

    call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    before = fake_google.sheet_titles(sheet)
    # the report alone reads the series' occurrences: Calendar refuses them, for good
    fake_google.inject("GET", r"/events/[^/]+/instances$|/events$", Fault.status(403), times=None)
    answer = call(server, fake_google.mint_id_token(AUDIENCE, SCHEDULER))
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "already-applied" and body["errors"] == []
    assert body["report"] == {"status": "error", "tabs": [], "meet": None}
    assert fake_google.sheet_titles(sheet) == before
    assert any(r.getMessage() == "report failed" for r in caplog.records)
