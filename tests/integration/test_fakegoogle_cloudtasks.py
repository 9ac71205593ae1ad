"""The fake's Cloud Tasks v2, driven by googleapiclient, and task delivery with OIDC tokens."""

from __future__ import annotations

import base64
import json
from typing import Any

import flask
import google.auth.transport.requests
import pytest
from google.oauth2 import id_token
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import CALENDAR_SCOPE, GoogleEnv

QUEUE = "projects/aibou-test/locations/asia-northeast1/queues/invites"
URL = "https://aibou.example.com/tasks/invite"


def http_task(name: str | None = None, **extra: Any) -> dict[str, Any]:
    task: dict[str, Any] = {
        "httpRequest": {
            "url": URL,
            "httpMethod": "POST",
            "headers": {"Content-Type": "application/json"},
            "body": base64.b64encode(json.dumps({"groups": [1, 2]}).encode()).decode(),
            "oidcToken": {"serviceAccountEmail": "aibou@aibou-test.iam.gserviceaccount.com"},
        },
        **extra,
    }
    if name:
        task["name"] = f"{QUEUE}/tasks/{name}"
    return {"task": task}


@pytest.fixture
def tasks(google_env: GoogleEnv, fake_google: FakeGoogle) -> Any:
    fake_google.add_queue(QUEUE)
    return google_env.cloudtasks().projects().locations().queues().tasks()


def test_create_named_and_unnamed(tasks, fake_google: FakeGoogle) -> None:
    named = tasks.create(parent=QUEUE, body=http_task("rotation-2027q1-chunk-1")).execute()
    assert named["name"] == f"{QUEUE}/tasks/rotation-2027q1-chunk-1"
    assert named["view"] == "BASIC"
    assert "body" not in named["httpRequest"]  # BASIC omits the payload
    assert named["httpRequest"]["oidcToken"]["serviceAccountEmail"].startswith("aibou@")
    assert named["dispatchDeadline"] == "600s"
    unnamed = tasks.create(parent=QUEUE, body={**http_task(), "responseView": "FULL"}).execute()
    assert unnamed["name"].startswith(QUEUE + "/tasks/")
    assert unnamed["httpRequest"]["body"]
    stored = fake_google.tasks(QUEUE)
    assert [t["name"] for t in stored] == [named["name"], unnamed["name"]]
    got = tasks.get(name=named["name"], responseView="FULL").execute()
    assert json.loads(base64.b64decode(got["httpRequest"]["body"])) == {"groups": [1, 2]}
    listed = tasks.list(parent=QUEUE, pageSize=1).execute()
    assert len(listed["tasks"]) == 1 and listed["nextPageToken"]


def test_a_taken_or_recent_name_is_409(tasks, fake_google: FakeGoogle) -> None:
    tasks.create(parent=QUEUE, body=http_task("chunk-1")).execute()
    with pytest.raises(HttpError) as err:
        tasks.create(parent=QUEUE, body=http_task("chunk-1")).execute()
    assert err.value.status_code == 409
    assert json.loads(err.value.content)["error"]["status"] == "ALREADY_EXISTS"
    tasks.delete(name=f"{QUEUE}/tasks/chunk-1").execute()
    with pytest.raises(HttpError) as err:  # deleted recently: still taken
        tasks.create(parent=QUEUE, body=http_task("chunk-1")).execute()
    assert err.value.status_code == 409
    now = fake_google.clock()
    fake_google.clock = lambda: now + 3601
    tasks.create(parent=QUEUE, body=http_task("chunk-1")).execute()


def test_refusals(tasks, google_env: GoogleEnv) -> None:
    cases = [
        (f"{QUEUE}x", http_task(), 404),  # no such queue
        (QUEUE, http_task("bad name!"), 400),
        (QUEUE, {"task": {"httpRequest": {"url": "ftp://x"}}}, 400),
        (QUEUE, {"task": {}}, 400),
        (QUEUE, {"task": {"appEngineHttpRequest": {"relativeUri": "/x"}}}, 501),
        (QUEUE, {"task": {"httpRequest": {"url": URL}, "colour": "red"}}, 400),
    ]
    for parent, body, status in cases:
        with pytest.raises(HttpError) as err:
            tasks.create(parent=parent, body=body).execute()
        assert err.value.status_code == status, body
    stranger = http_task()
    stranger["task"]["httpRequest"]["oidcToken"]["serviceAccountEmail"] = (
        "x@y.iam.gserviceaccount.com"
    )
    with pytest.raises(HttpError) as err:
        tasks.create(parent=QUEUE, body=stranger).execute()
    assert err.value.status_code == 403
    calendar_only = google_env.cloudtasks(scopes=[CALENDAR_SCOPE]).projects().locations()
    with pytest.raises(HttpError) as err:
        calendar_only.queues().tasks().create(parent=QUEUE, body=http_task()).execute()
    assert err.value.status_code == 403


def invite_app(fake: FakeGoogle, seen: list[dict[str, Any]], status: int = 200) -> flask.Flask:
    app = flask.Flask("invite")

    @app.post("/tasks/invite")
    def invite() -> tuple[str, int]:
        token = flask.request.headers["Authorization"].removeprefix("Bearer ")
        claims = id_token.verify_token(
            token,
            google.auth.transport.requests.Request(),
            audience=URL,
            certs_url=fake.certs_url,
        )
        seen.append(
            {
                "claims": claims,
                "body": flask.request.get_json(),
                "task": flask.request.headers["X-CloudTasks-TaskName"],
                "queue": flask.request.headers["X-CloudTasks-QueueName"],
                "retry": flask.request.headers["X-CloudTasks-TaskRetryCount"],
            }
        )
        return "", status

    return app


def test_deliver_to_a_wsgi_client_with_a_verifiable_oidc_token(tasks, fake_google) -> None:
    tasks.create(parent=QUEUE, body=http_task("chunk-1")).execute()
    seen: list[dict[str, Any]] = []
    failing = invite_app(fake_google, seen, status=503).test_client()
    assert fake_google.deliver_task(f"{QUEUE}/tasks/chunk-1", failing).status_code == 503
    (left,) = fake_google.tasks(QUEUE)
    assert left["dispatchCount"] == 1 and left["lastAttempt"]["responseStatus"]["code"] == 14

    responses = fake_google.deliver_all(QUEUE, invite_app(fake_google, seen).test_client())
    assert [r.status_code for r in responses] == [200]
    assert fake_google.tasks(QUEUE) == []
    first, second = seen
    assert second["claims"]["email"] == "aibou@aibou-test.iam.gserviceaccount.com"
    assert second["claims"]["aud"] == URL
    assert second["body"] == {"groups": [1, 2]}
    assert (second["task"], second["queue"]) == ("chunk-1", "invites")
    assert (first["retry"], second["retry"]) == ("0", "1")


def test_deliver_to_a_base_url(tasks, fake_google: FakeGoogle) -> None:
    from werkzeug.serving import make_server

    seen: list[dict[str, Any]] = []
    server = make_server("127.0.0.1", 0, invite_app(fake_google, seen), threaded=True)
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        tasks.create(parent=QUEUE, body=http_task("chunk-9")).execute()
        response = fake_google.deliver_task(
            f"{QUEUE}/tasks/chunk-9", f"http://127.0.0.1:{server.server_port}"
        )
    finally:
        server.shutdown()
    assert response.status_code == 200
    assert seen[0]["claims"]["email_verified"] is True
