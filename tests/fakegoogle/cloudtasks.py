"""cloudtasks.projects.locations.queues.tasks.{create,get,list,delete} (HTTP targets only).

Queues exist once registered (``FakeGoogle.add_queue``). A task named explicitly whose name
is taken, or was deleted or completed within the last hour, is a 409 ``ALREADY_EXISTS``
(Cloud Tasks documents "about an hour" for deleted or executed tasks; 9 days for queues made
from queue.yaml, not modelled). Delivery is done by the test (``deliver_task``).
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .call import Call
from .errors import GoogleError, not_implemented
from .meet_model import timestamp
from .paging import page

if TYPE_CHECKING:
    from .fake import FakeGoogle

QUEUE = re.compile(
    r"^projects/[a-z][a-z0-9:.-]*[a-z0-9]/locations/[a-z0-9-]+/queues/[A-Za-z0-9-]{1,100}$"
)
TASK_ID = re.compile(r"^[A-Za-z0-9_-]{1,500}$")
NAME_RESERVED_SECONDS = 3600.0
DEFAULT_DEADLINE = "600s"


def invalid(message: str) -> GoogleError:
    return GoogleError(400, message, status="INVALID_ARGUMENT")


@dataclass
class TaskQueues:
    queues: set[str] = field(default_factory=set)
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)  # by name, FULL view
    reserved: dict[str, float] = field(default_factory=dict)  # name -> when it was freed

    def queue(self, name: str) -> str:
        if name not in self.queues:
            raise GoogleError(
                404,
                "Queue does not exist. If you just created the queue, wait at least a minute "
                "for the queue to initialize.",
                status="NOT_FOUND",
            )
        return name

    def in_queue(self, queue: str) -> list[dict[str, Any]]:
        return [t for name, t in self.tasks.items() if name.startswith(queue + "/tasks/")]

    def finish(self, name: str, now: float) -> None:
        self.tasks.pop(name, None)
        self.reserved[name] = now

    def name_taken(self, name: str, now: float) -> bool:
        freed = self.reserved.get(name)
        return name in self.tasks or (freed is not None and now - freed < NAME_RESERVED_SECONDS)


def view(task: dict[str, Any], wanted: str | None) -> dict[str, Any]:
    out = copy.deepcopy(task)
    if wanted != "FULL":
        out.get("httpRequest", {}).pop("body", None)
        out["view"] = "BASIC"
    else:
        out["view"] = "FULL"
    return out


def _http_request(fake: FakeGoogle, request: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in request.items() if v is not None}
    url = out.get("url") or ""
    if not re.match(r"^https?://[^/\s]+", url):
        raise invalid(f"HttpRequest.url must start with 'http://' or 'https://': {url!r}")
    if len(url) > 2083:
        raise invalid("HttpRequest.url must be at most 2083 characters")
    method = out.get("httpMethod", "HTTP_METHOD_UNSPECIFIED")
    out["httpMethod"] = "POST" if method == "HTTP_METHOD_UNSPECIFIED" else method
    if "body" in out:
        try:
            base64.b64decode(out["body"], validate=True)
        except (binascii.Error, ValueError):
            raise invalid("Invalid value at 'task.http_request.body' (TYPE_BYTES)") from None
        if out["httpMethod"] not in ("POST", "PUT", "PATCH"):
            raise invalid("HttpRequest.body can only be set for POST, PUT or PATCH")
    if out.get("oauthToken"):
        raise not_implemented("Cloud Tasks oauthToken (use oidcToken)")
    oidc = out.get("oidcToken")
    if oidc is not None:
        email = oidc.get("serviceAccountEmail") or ""
        if email not in fake.auth.service_accounts:
            raise GoogleError(
                403,
                'The principal (user or service account) lacks IAM permission "iam.service'
                f'Accounts.actAs" for the resource "{email}" (or the resource may not exist).',
                status="PERMISSION_DENIED",
            )
    return out


def create(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    parent = fake.task_queues.queue(call.path_params["parent"])
    body = call.body or {}
    task = {k: v for k, v in (body.get("task") or {}).items() if v is not None}
    if task.get("appEngineHttpRequest"):
        raise not_implemented("Cloud Tasks appEngineHttpRequest (use httpRequest)")
    if not task.get("httpRequest"):
        raise invalid("Task must have an httpRequest or appEngineHttpRequest.")
    for output_only in ("createTime", "dispatchCount", "responseCount", "firstAttempt"):
        task.pop(output_only, None)
    task.pop("lastAttempt", None)
    task.pop("view", None)
    if task.get("name"):
        name = task["name"]
        queue, sep, task_id = name.rpartition("/tasks/")
        if not sep or not TASK_ID.match(task_id):
            raise invalid(f"Task name is invalid: {name!r}")
        if queue != parent:
            raise invalid(f"Task name {name!r} is not in queue {parent!r}")
        if fake.task_queues.name_taken(name, call.now):
            raise GoogleError(409, "Requested entity already exists", status="ALREADY_EXISTS")
    else:
        name = f"{parent}/tasks/{secrets.randbelow(10**19):019d}"
    created = timestamp(dt.datetime.fromtimestamp(call.now, dt.UTC))
    task.update(
        name=name,
        httpRequest=_http_request(fake, task["httpRequest"]),
        createTime=created,
        dispatchDeadline=task.get("dispatchDeadline") or DEFAULT_DEADLINE,
    )
    task.setdefault("scheduleTime", created)
    fake.task_queues.tasks[name] = task
    return 200, view(task, body.get("responseView"))


def _task(fake: FakeGoogle, name: str) -> dict[str, Any]:
    queue = name.rpartition("/tasks/")[0]
    fake.task_queues.queue(queue)
    task = fake.task_queues.tasks.get(name)
    if task is None:
        raise GoogleError(
            404,
            "The task no longer exists, though a task with this name "
            "existed recently. The task either successfully completed or was "
            "deleted."
            if name in fake.task_queues.reserved
            else "Requested entity was not found.",
            status="NOT_FOUND",
        )
    return task


def get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    return 200, view(_task(fake, call.path_params["name"]), call.param("responseView"))


def delete(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    name = call.path_params["name"]
    _task(fake, name)
    fake.task_queues.finish(name, call.now)
    return 200, {}


def tasks_list(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    queue = fake.task_queues.queue(call.path_params["parent"])
    found = sorted(fake.task_queues.in_queue(queue), key=lambda t: (t["scheduleTime"], t["name"]))
    chunk, token = page(found, call.params, default=1000, maximum=1000)
    out: dict[str, Any] = {}
    if chunk:
        out["tasks"] = [view(t, call.param("responseView")) for t in chunk]
    if token:
        out["nextPageToken"] = token
    return 200, out


HANDLERS = {
    "cloudtasks.projects.locations.queues.tasks.create": create,
    "cloudtasks.projects.locations.queues.tasks.get": get,
    "cloudtasks.projects.locations.queues.tasks.delete": delete,
    "cloudtasks.projects.locations.queues.tasks.list": tasks_list,
}
