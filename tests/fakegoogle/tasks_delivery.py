"""Test controls for the Cloud Tasks fake: queues, stored tasks, and delivering a task.

Delivery builds the HTTP request a task describes, as Cloud Tasks sends it: the method, URL,
headers and decoded body, ``User-Agent: Google-Cloud-Tasks``, the ``X-CloudTasks-*``
headers, and ``Authorization: Bearer <OIDC ID token>`` for ``oidcToken.serviceAccountEmail``
with ``aud`` = ``oidcToken.audience`` (default: the task's URL), signed by the key served at
``/oauth2/v1/certs``.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import requests

from .cloudtasks import QUEUE, TaskQueues
from .meet_model import timestamp

DEFAULT_CONTENT_TYPE = "application/octet-stream"


class WsgiClient(Protocol):
    """What a Flask/Werkzeug test client offers."""

    def open(self, *args: Any, **kwargs: Any) -> Any: ...


class TaskControls:
    """Mixed into FakeGoogle."""

    lock: threading.RLock
    clock: Callable[[], float]
    task_queues: TaskQueues

    if TYPE_CHECKING:

        def mint_id_token(self, audience: str, email: str) -> str: ...  # FakeGoogle's

    def add_queue(self, queue: str) -> str:
        """Create ``projects/P/locations/L/queues/Q`` (tasks.create into others is a 404)."""
        if not QUEUE.match(queue):
            raise ValueError(f"not a queue name: {queue!r}")
        with self.lock:
            self.task_queues.queues.add(queue)
        return queue

    def tasks(self, queue: str) -> list[dict[str, Any]]:
        """The tasks waiting in ``queue`` (FULL view, body base64 as stored), oldest first."""
        with self.lock:
            found = self.task_queues.in_queue(queue)
            return [copy.deepcopy(t) for t in sorted(found, key=lambda t: t["createTime"])]

    def task_request(self, name: str) -> tuple[str, str, dict[str, str], bytes]:
        """(method, url, headers, body) Cloud Tasks would send for task ``name`` now."""
        with self.lock:
            task = copy.deepcopy(self.task_queues.tasks[name])
        request = task["httpRequest"]
        body = base64.b64decode(request.get("body", ""))
        queue, _, task_id = name.rpartition("/tasks/")
        headers = dict(request.get("headers") or {})
        if body and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = DEFAULT_CONTENT_TYPE
        headers.update(
            {
                "User-Agent": "Google-Cloud-Tasks",
                "X-CloudTasks-QueueName": queue.rsplit("/", 1)[-1],
                "X-CloudTasks-TaskName": task_id,
                "X-CloudTasks-TaskRetryCount": str(task.get("dispatchCount", 0)),
                "X-CloudTasks-TaskExecutionCount": str(task.get("responseCount", 0)),
                "X-CloudTasks-TaskETA": str(
                    dt.datetime.fromisoformat(
                        task["scheduleTime"].replace("Z", "+00:00")
                    ).timestamp()
                ),
            }
        )
        oidc = request.get("oidcToken")
        if oidc:
            audience = oidc.get("audience") or request["url"]
            token = self.mint_id_token(audience, oidc["serviceAccountEmail"])
            headers["Authorization"] = f"Bearer {token}"
        return request["httpMethod"], request["url"], headers, body

    def deliver_task(self, name: str, target: WsgiClient | str) -> Any:
        """Send task ``name`` to ``target`` and return the response.

        ``target``: a WSGI test client (Flask's ``app.test_client()``: the URL's path and query
        are used) or a base URL such as ``http://127.0.0.1:8080`` (the URL's scheme and host
        are replaced). A 2xx answer completes the task (it leaves the queue; its name stays
        taken for an hour); any other answer leaves it queued with ``dispatchCount`` +1 and
        ``lastAttempt.responseStatus``, as a retry would find it.
        """
        method, url, headers, body = self.task_request(name)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if isinstance(target, str):
            response = requests.request(
                method, target.rstrip("/") + path, headers=headers, data=body, timeout=60
            )
            status = response.status_code
        else:
            response = target.open(path, method=method, headers=headers, data=body)
            status = response.status_code
        now = self.clock()
        with self.lock:
            task = self.task_queues.tasks.get(name)
            if task is None:
                return response
            attempt = {
                "scheduleTime": task["scheduleTime"],
                "dispatchTime": timestamp(dt.datetime.fromtimestamp(now, dt.UTC)),
                "responseTime": timestamp(dt.datetime.fromtimestamp(now, dt.UTC)),
                "responseStatus": {"code": 0 if 200 <= status < 300 else _rpc_code(status)},
            }
            task["dispatchCount"] = task.get("dispatchCount", 0) + 1
            task["responseCount"] = task.get("responseCount", 0) + 1
            task.setdefault("firstAttempt", {"dispatchTime": attempt["dispatchTime"]})
            task["lastAttempt"] = attempt
            if 200 <= status < 300:
                self.task_queues.finish(name, now)
        return response

    def deliver_all(self, queue: str, target: WsgiClient | str) -> list[Any]:
        """Deliver every task waiting in ``queue`` once, oldest first; the responses."""
        return [self.deliver_task(task["name"], target) for task in self.tasks(queue)]


def _rpc_code(status: int) -> int:
    """google.rpc.Code for an HTTP status (as lastAttempt.responseStatus shows it)."""
    return {400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 501: 12, 503: 14, 504: 4}.get(
        status, 13 if status >= 500 else 2
    )
