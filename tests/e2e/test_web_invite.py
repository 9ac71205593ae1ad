"""A large rotation fanned out through Cloud Tasks (DESIGN.md §9), as a deployment runs it:
``POST /tasks/rotate`` writes the tab and queues tasks in the fake Cloud Tasks; the fake delivers
them to ``POST /tasks/invite`` over real HTTP with real OIDC tokens; fake Google keeps the state.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from werkzeug.serving import make_server

from aibou.service.progress import INVITE_CHUNK
from aibou.web import create_app
from tests.fakegoogle import FakeGoogle, generate_rsa_key
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import wired

OPS = "ops@example.com"
SCHEDULER = "scheduler@aibou-test.iam.gserviceaccount.com"
PUBLIC = "https://aibou.example.com"
INVITE = f"{PUBLIC}/tasks/invite"
QUEUE = "projects/aibou-test/locations/asia-northeast1/queues/aibou-invites"
NOW = datetime(2027, 1, 5, 0, 0, tzinfo=UTC)
TAB = "相棒 2027-Q1"
GROUPS = 2 * INVITE_CHUNK + 20  # three tasks


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    google_env.fake.add_queue(QUEUE)
    people = roster_rows({"sales": GROUPS, "cs": GROUPS, "dev": GROUPS})
    return google_env.fake.create_spreadsheet("相棒制度", {"名簿": people}, owner=OPS)


@pytest.fixture
def server(fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str) -> Iterator[str]:
    config = {
        "spreadsheet_id": sheet,
        "public_url": PUBLIC,
        "tasks_audience": f"{PUBLIC}/tasks/rotate",
        "tasks_invokers": frozenset({SCHEDULER, google_env.email}),
        "certs_url": fake_google.certs_url,
        "tasks_queue": QUEUE,
        "tasks_endpoint": fake_google.root,
    }
    http = make_server("127.0.0.1", 0, create_app(wired(NOW, **config)), threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()


def scheduled_run(fake: FakeGoogle, server: str) -> dict:
    token = fake.mint_id_token(f"{PUBLIC}/tasks/rotate", SCHEDULER)
    answer = requests.post(
        f"{server}/tasks/rotate", headers={"Authorization": f"Bearer {token}"}, timeout=120
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def invited(fake: FakeGoogle) -> tuple[Counter[str], Counter[str]]:
    """How many confirmed events each id has, and invitations each person has."""
    events = [e for e in fake.events(OPS) if e["status"] == "confirmed"]
    return (
        Counter(e["id"] for e in events),
        Counter(a["email"] for e in events for a in e["attendees"]),
    )


def links(fake: FakeGoogle, sheet: str) -> list[str]:
    return [row[7] for row in fake.values(sheet, TAB)[1:] if len(row) > 7 and row[7]]


def test_the_scheduled_run_writes_the_tab_and_tasks_send_every_invite_once(
    fake_google: FakeGoogle, sheet: str, server: str
) -> None:
    first = scheduled_run(fake_google, server)
    assert first["status"] == "applied" and len(first["groups"]) == GROUPS
    tasks = fake_google.tasks(QUEUE)
    assert len(tasks) == 3 and fake_google.events(OPS) == []
    # the report after it reads no series yet: none exists until a task makes it (§9's quota)
    assert fake_google.requests("GET", r"/events/aibou") == []
    assert fake_google.cell(sheet, TAB, "I1") == f"招待 0 / {GROUPS}"
    assert all(t["httpRequest"]["url"] == INVITE for t in tasks)

    assert scheduled_run(fake_google, server)["status"] == "applied"  # the same day again
    assert len(fake_google.tasks(QUEUE)) == 3  # names taken: nothing queued twice

    first_task = fake_google.deliver_task(tasks[0]["name"], server)
    assert first_task.status_code == 200
    assert fake_google.cell(sheet, TAB, "I1") == f"招待 {INVITE_CHUNK:,} / {GROUPS}"
    assert [a.status_code for a in fake_google.deliver_all(QUEUE, server)] == [200, 200]

    events, people = invited(fake_google)
    assert len(events) == GROUPS and set(events.values()) == {1}
    assert len(people) == 3 * GROUPS and set(people.values()) == {1}
    assert len(links(fake_google, sheet)) == GROUPS
    assert fake_google.cell(sheet, TAB, "I1") in (None, "")
    assert scheduled_run(fake_google, server)["status"] == "already-applied"
    assert fake_google.tasks(QUEUE) == []


def test_a_task_delivered_twice_and_twice_at_once_makes_nothing_twice(
    fake_google: FakeGoogle, sheet: str, server: str
) -> None:
    scheduled_run(fake_google, server)
    task = fake_google.tasks(QUEUE)[0]["name"]
    _, url, headers, body = fake_google.task_request(task)
    path = url.removeprefix(PUBLIC)

    def deliver(answers: list[int]) -> None:
        answers.append(
            requests.post(server + path, headers=headers, data=body, timeout=120).status_code
        )

    answers: list[int] = []
    fake_google.latency = 0.02
    threads = [threading.Thread(target=deliver, args=(answers,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deliver(answers)  # and once more, later (a retry after a lost answer)
    assert answers == [200, 200, 200]
    events, people = invited(fake_google)
    assert len(events) == INVITE_CHUNK and set(events.values()) == {1}
    assert set(people.values()) == {1}
    assert len(links(fake_google, sheet)) == INVITE_CHUNK


REFUSED = {
    "missing": (lambda fake: None, 401),
    "forged": (lambda fake: fake.mint_id_token(INVITE, SCHEDULER, key=generate_rsa_key()), 401),
    "scheduler-audience": (
        lambda fake: fake.mint_id_token(f"{PUBLIC}/tasks/rotate", SCHEDULER),
        401,
    ),
    "stranger": (lambda fake: fake.mint_id_token(INVITE, "intruder@evil.example"), 403),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_bad_token_on_invite_is_refused_with_nothing_changed(
    fake_google: FakeGoogle, sheet: str, server: str, case: str
) -> None:
    scheduled_run(fake_google, server)
    before = fake_google.values(sheet, TAB)
    task = fake_google.tasks(QUEUE)[0]["name"]
    _, url, headers, body = fake_google.task_request(task)
    make, status = REFUSED[case]
    token = make(fake_google)
    headers.pop("Authorization")
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    fake_google.clear_log()
    answer = requests.post(
        server + url.removeprefix(PUBLIC), headers=headers, data=body, timeout=30
    )
    assert answer.status_code == status
    touched = [r.path for r in fake_google.requests() if not r.path.startswith("/oauth2/")]
    assert touched == []
    assert fake_google.events(OPS) == [] and fake_google.values(sheet, TAB) == before
