"""Hostile input over real HTTP: ``gunicorn main:app`` as App Engine runs it, one worker.

Strangers' bodies are never read (the token is checked first), bodies are capped, bad JSON is a
400 and never a 500 or a stack trace, and the logs carry neither tokens nor e-mail addresses.
Memory is the worker's peak resident size (``VmHWM``), before and after a request.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from aibou.web.bodies import MAX_BODY_BYTES
from tests.fakegoogle import FakeGoogle
from tests.sidepanel import ADDON_SA, BASE_URL, sheets_event

ROOT = Path(__file__).resolve().parents[2]
SCHEDULER = "scheduler@aibou-prod.iam.gserviceaccount.com"
INTRUDER = "intruder@evil.example"
#: The worker may grow this much for one hostile request; the old code grew by 780 MB.
GROWTH_BOUND_KB = 24 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@dataclass
class Service:
    url: str
    process: subprocess.Popen[bytes]
    fake: FakeGoogle
    log_path: Path

    def worker_peak_kb(self) -> int:
        """The worker's peak resident memory so far (``VmHWM``, kB)."""
        (worker,) = _children(self.process.pid)
        status = Path(f"/proc/{worker}/status").read_text()
        return int(
            next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def addon_token(self, path: str = "/addon/home") -> str:
        return self.fake.mint_id_token(BASE_URL + path, ADDON_SA)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    fake = FakeGoogle().start()
    port = _free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "out.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIBOU_")}
    env |= {
        "AIBOU_PUBLIC_URL": BASE_URL,
        "AIBOU_ADDON_SERVICE_ACCOUNT": ADDON_SA,
        "AIBOU_TASKS_INVOKERS": SCHEDULER,
        "AIBOU_ID_TOKEN_CERTS_URL": fake.certs_url,
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "main:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/healthz", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):  # bound, worker still booting
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.2)
        yield Service(url, process, fake, log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
        fake.stop()


def _post_raw(url: str, path: str, body: bytes, authorization: str = "") -> int | None:
    """POST ``body`` over a plain socket; the answer's status, or None if the server hung up
    before the client finished sending (it may, answering 413 without reading the body)."""
    host, port = url.removeprefix("http://").split(":")
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        + (f"Authorization: {authorization}\r\n" if authorization else "")
        + "\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(head)
            view = memoryview(body)
            for start in range(0, len(body), 1 << 16):
                sock.sendall(view[start : start + (1 << 16)])
            first = sock.recv(64)
        except (BrokenPipeError, ConnectionResetError):
            try:
                first = sock.recv(64)
            except OSError:
                return None
    return int(first.split()[1]) if first.startswith(b"HTTP/") else None


def _big_event(megabytes: int) -> bytes:
    """An event padded with ``megabytes`` of tiny objects (what costs a parser the most)."""
    event = json.dumps(sheets_event(system_id_token="", user_token="", spreadsheet_id="x"))
    padding = b"[" + b"{}," * ((megabytes << 20) // 3) + b"{}]"
    return event[:-1].encode() + b', "padding": ' + padding + b"}"


def test_a_30_mb_body_without_a_token_costs_the_worker_nothing(service: Service) -> None:
    before = service.worker_peak_kb()
    status = _post_raw(service.url, "/addon/home", _big_event(30))
    grown = service.worker_peak_kb() - before
    print(f"worker peak grew by {grown} kB for a 30 MB body without a token")
    assert status in (413, None)
    assert grown < GROWTH_BOUND_KB


def test_a_body_past_the_cap_is_413_even_with_a_token(service: Service) -> None:
    for path in ("/addon/home", "/tasks/rotate"):
        token = (
            service.addon_token(path)
            if path.startswith("/addon")
            else service.fake.mint_id_token(BASE_URL + path, SCHEDULER)
        )
        body = b" " * (MAX_BODY_BYTES + 1)
        answer = requests.post(
            service.url + path, data=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        assert answer.status_code == 413, (path, answer.text)
        assert answer.json()["error"].startswith("request body larger than")


def test_a_stranger_body_is_not_read_before_the_token(service: Service) -> None:
    nested = b"[" * 200_000  # under the cap, and it would crash a JSON parser
    answer = requests.post(f"{service.url}/addon/preview", data=nested, timeout=30)
    assert answer.status_code == 401 and answer.json() == {"error": "unauthorized"}
    # the token only in the body, not in the header: refused too (the header comes first)
    event = sheets_event(
        system_id_token=service.addon_token("/addon/home"), user_token="", spreadsheet_id="x"
    )
    assert requests.post(f"{service.url}/addon/home", json=event, timeout=30).status_code == 401


@pytest.mark.parametrize(
    "body",
    [b"[" * 200_000, b'{"commonEventObject": ' * 10_000, b"{not json", b"\xff\xfe{}"],
    ids=["nested-arrays", "nested-objects", "malformed", "not-utf8"],
)
def test_bad_json_from_the_add_on_is_a_400_with_no_stack_trace(
    service: Service, body: bytes
) -> None:
    start = len(service.log())
    answer = requests.post(
        f"{service.url}/addon/preview",
        data=body,
        headers={"Authorization": f"Bearer {service.addon_token('/addon/preview')}"},
        timeout=30,
    )
    assert answer.status_code == 400, answer.text
    assert "Traceback" not in answer.text and "error" in answer.json()
    written = service.log()[start:]
    assert '"refused: bad body"' in written
    assert "Traceback" not in written and "stack_trace" not in written


def test_logs_carry_no_token_and_no_address(service: Service) -> None:
    start = len(service.log())
    malformed = "not-a-jwt-" + "s3cr3t" * 8
    intruder = service.fake.mint_id_token(BASE_URL + "/addon/home", INTRUDER)
    scheduler_as_stranger = service.fake.mint_id_token(BASE_URL + "/tasks/rotate", INTRUDER)
    for path, token in (
        ("/addon/home", malformed),
        ("/addon/home", intruder),
        ("/tasks/rotate", malformed),
        ("/tasks/rotate", scheduler_as_stranger),
    ):
        answer = requests.post(
            service.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        assert answer.status_code in (401, 403)
    written = service.log()[start:]
    lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    assert len([x for x in lines if x["message"].startswith("refused")]) == 4
    assert "s3cr3t" not in written
    assert intruder.split(".")[1] not in written
    assert INTRUDER not in written and "evil.example" not in written
    reasons = {x.get("reason") for x in lines}
    assert "malformed token" in reasons
    assert any(r and r.startswith("caller <email:") for r in reasons), reasons
