"""``gunicorn main:app`` (App Engine's entrypoint) starts and answers ``/healthz``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.slow  # starts gunicorn processes

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_app() -> None:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIBOU_")}
    process = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "main:app"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):  # bound, worker still booting
                assert process.poll() is None, (
                    process.stdout.read().decode() if process.stdout else ""
                )
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.2)
        assert (answer.status_code, answer.json()) == (200, {"status": "ok"})
        # without a token the task endpoint refuses, with no configuration at all
        assert requests.post(f"http://127.0.0.1:{port}/tasks/rotate", timeout=5).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_bad_configuration_stops_the_start_with_the_variable_named() -> None:
    env = {**os.environ, "AIBOU_TASKS_INVOKERS": "not-an-email"}
    done = subprocess.run(
        [sys.executable, "-c", "import main"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "AIBOU_TASKS_INVOKERS has 'not-an-email', not an e-mail address" in done.stderr
