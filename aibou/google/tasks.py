"""Cloud Tasks as the task-queue port, through google-api-python-client's ``cloudtasks`` v2.

Each task is an HTTP task to ``POST /tasks/invite`` with a JSON body and an OIDC token that
Cloud Tasks mints for an invoker allowed by ``AIBOU_TASKS_INVOKERS`` (audience: the task's URL,
which ``/tasks/invite`` checks). Tasks carry names the caller chose deterministically, so
enqueueing the same chunk again is a 409 ``ALREADY_EXISTS``: already queued, not an error.
The queue's own rate limits and retry settings (``deploy/queue.yaml``) pace the deliveries.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from aibou.errors import AibouError, PermissionDenied, Unavailable
from aibou.google.redact import redact
from aibou.google.retry import Backoff, is_retryable

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

__all__ = ["CloudTasksQueue", "invoker_for"]

_NAME = re.compile(r"[A-Za-z0-9_-]{1,500}")
TIMEOUT_SECONDS = 30


def invoker_for(credentials: Credentials, invokers: Collection[str]) -> str:
    """The account Cloud Tasks mints the OIDC token for: the runtime account when it is one of
    ``invokers``, else the only invoker there is.

    >>> class Creds: service_account_email = "aibou@p.iam.gserviceaccount.com"
    >>> invoker_for(Creds(), {"aibou@p.iam.gserviceaccount.com", "cron@p.iam.gserviceaccount.com"})
    'aibou@p.iam.gserviceaccount.com'
    >>> invoker_for(Creds(), {"cron@p.iam.gserviceaccount.com"})
    'cron@p.iam.gserviceaccount.com'
    """
    own = str(getattr(credentials, "service_account_email", "")).lower()
    if own in invokers:
        return own
    if len(invokers) == 1:
        return next(iter(invokers))
    raise AibouError(
        "AIBOU_TASKS_INVOKERS must name the service account Cloud Tasks signs its tokens as "
        "(the runtime account, or a single account). See README, Configuration."
    )


class CloudTasksQueue:
    """The task-queue port over Cloud Tasks queue ``queue`` (``projects/P/locations/L/queues/Q``),
    delivering to ``url`` with OIDC tokens for one of ``invokers``."""

    def __init__(
        self,
        credentials: Credentials,
        queue: str,
        *,
        url: str,
        invokers: Collection[str],
        root: str = "https://cloudtasks.googleapis.com/",
        backoff: Backoff | None = None,
    ) -> None:
        import google_auth_httplib2
        import httplib2
        from googleapiclient.discovery import build

        self._queue = queue
        self._url = url
        self._invoker = invoker_for(credentials, {e.lower() for e in invokers})
        self._backoff = backoff or Backoff()
        http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS)
        )
        self._tasks = (
            build(
                "cloudtasks",
                "v2",
                http=http,
                static_discovery=True,
                cache_discovery=False,
                client_options={"api_endpoint": root},
            )
            .projects()
            .locations()
            .queues()
            .tasks()
        )

    def enqueue(self, name: str, payload: Mapping[str, object]) -> bool:
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a task name: {name!r}")
        body: dict[str, Any] = {
            "task": {
                "name": f"{self._queue}/tasks/{name}",
                "httpRequest": {
                    "httpMethod": "POST",
                    "url": self._url,
                    "headers": {"Content-Type": "application/json"},
                    "body": base64.b64encode(json.dumps(payload).encode()).decode(),
                    "oidcToken": {"serviceAccountEmail": self._invoker, "audience": self._url},
                },
            }
        }
        return self._create(body)

    def _create(self, body: dict[str, Any]) -> bool:
        import http.client

        import httplib2
        from googleapiclient.errors import HttpError

        for attempt in self._backoff.tries():
            try:
                self._tasks.create(parent=self._queue, body=body).execute()
                return True
            except HttpError as exc:
                status = exc.resp.status
                if status == 409:  # this name is queued, or ran within the hour: already done
                    return False
                reason = redact(str(exc._get_reason())).rstrip(".")
                if not is_retryable(status, exc.content) or self._backoff.last(attempt):
                    if status in (401, 403):
                        raise PermissionDenied(
                            f"Cloud Tasks refused ({reason}). The runtime service account needs "
                            "roles/cloudtasks.enqueuer, and roles/iam.serviceAccountUser on the "
                            "invoker account (README, Deploy)."
                        ) from exc
                    raise Unavailable(f"Cloud Tasks refused the task ({status} {reason}).") from exc
                self._backoff.wait(attempt, dict(exc.resp), why=f"Cloud Tasks: {status}")
            except (OSError, http.client.HTTPException, httplib2.HttpLib2Error) as exc:
                if self._backoff.last(attempt):
                    raise Unavailable("Cloud Tasks could not be reached; try again later.") from exc
                self._backoff.wait(attempt, why="Cloud Tasks: no connection")
        raise Unavailable("Cloud Tasks could not be reached; try again later.")
