"""Google Meet's conference records (Meet REST API v2) as the meetings port.

Per Meet code (one per group's series): one paged ``conferenceRecords.list`` filtered by the
space's meeting code and the start time, then per record one ``participants.list`` of page
size 1, whose ``totalSize`` tells how many took part. Meet has no batch endpoint, so the calls
of different series run side by side (:data:`CONCURRENCY` at a time, each thread with its own
connection). When Meet cannot be read at all (the API not enabled, the scope not granted, Meet
failing after retries) it raises :class:`~aibou.errors.MeetUnreadable` with the reason, and the
report carries on without it.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aibou.errors import MeetUnreadable
from aibou.google.retry import Backoff, is_retryable

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

    from aibou.domain.report.participation import Conference

__all__ = ["CONCURRENCY", "GOOGLE_MEET_ROOT", "MEET_SCOPES", "GoogleMeet"]

GOOGLE_MEET_ROOT = "https://meet.googleapis.com/"
#: Read-only access to the conference records of the user's Meet spaces.
MEET_SCOPES = ("https://www.googleapis.com/auth/meetings.space.readonly",)
#: Series read at once (Meet has no batch endpoint).
CONCURRENCY = 8
#: Conference records per page (the API's maximum).
RECORDS_PAGE = 100
TIMEOUT_SECONDS = 60


class GoogleMeet:
    """The meetings port over the Meet REST API v2, with ``credentials``."""

    def __init__(
        self,
        credentials: Credentials,
        root: str = GOOGLE_MEET_ROOT,
        backoff: Backoff | None = None,
        *,
        concurrency: int = CONCURRENCY,
    ) -> None:
        from googleapiclient.discovery import build

        self._credentials = credentials
        self._backoff = backoff or Backoff()
        self._concurrency = max(1, concurrency)
        self._local = threading.local()
        self._service = build(
            "meet",
            "v2",
            http=self._http(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": root},
        )

    def conferences(
        self, meeting_codes: Sequence[str], until: datetime
    ) -> Mapping[str, Sequence[Conference]]:
        """The conferences of each code's space that started before ``until``."""
        codes = list(dict.fromkeys(meeting_codes))
        if not codes:
            return {}
        with ThreadPoolExecutor(min(self._concurrency, len(codes))) as pool:
            found = list(pool.map(lambda code: self._of(code, until), codes))
        return dict(zip(codes, found, strict=True))

    # --- the REST calls ----------------------------------------------------------------------

    def _of(self, code: str, until: datetime) -> tuple[Conference, ...]:
        from aibou.domain.report.participation import Conference

        records = self._service.conferenceRecords()
        stamp = until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        query = f'space.meeting_code = "{code}" AND start_time < "{stamp}"'
        found = []
        token = None
        while True:
            page = self._call(records.list(filter=query, pageSize=RECORDS_PAGE, pageToken=token))
            for record in page.get("conferenceRecords", []):
                people = self._call(records.participants().list(parent=record["name"], pageSize=1))
                found.append(
                    Conference(
                        _instant(record["startTime"]),
                        _instant(record["endTime"]) if record.get("endTime") else None,
                        int(people.get("totalSize", len(people.get("participants", [])))),
                    )
                )
            token = page.get("nextPageToken")
            if not token:
                return tuple(found)

    # --- the transport -----------------------------------------------------------------------

    def _http(self) -> Any:
        """This thread's authorised connection (httplib2 connections are not thread-safe)."""
        http = getattr(self._local, "http", None)
        if http is None:
            import google_auth_httplib2
            import httplib2

            http = google_auth_httplib2.AuthorizedHttp(
                self._credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS)
            )
            self._local.http = http
        return http

    def _call(self, request: Any) -> dict[str, Any]:
        """Execute ``request`` on this thread's connection, retried by the backoff policy."""
        import httplib2
        from google.auth.exceptions import GoogleAuthError
        from googleapiclient.errors import HttpError

        for attempt in self._backoff.tries():
            last = self._backoff.last(attempt)
            try:
                return request.execute(http=self._http())
            except GoogleAuthError as exc:  # the delegation does not grant the Meet scope
                raise MeetUnreadable("denied", "Google refused the Meet scope") from exc
            except HttpError as exc:
                status = exc.resp.status
                if not is_retryable(status, exc.content):
                    raise MeetUnreadable(_reason(status, exc.content)) from exc
                if last:
                    raise MeetUnreadable("unavailable") from exc
                self._backoff.wait(attempt, dict(exc.resp), why=f"Google Meet: {status}")
            except (OSError, http.client.HTTPException, httplib2.HttpLib2Error) as exc:
                if last:
                    raise MeetUnreadable("unavailable") from exc
                self._backoff.wait(attempt, why="Google Meet: no connection")
        raise MeetUnreadable("unavailable")  # pragma: no cover - the loop returns or raises


def _reason(status: int, content: bytes | str | None) -> str:
    """Why Meet refused: ``disabled`` (the API is off in the project) or ``denied``.

    >>> _reason(403, b'{"error": {"details": [{"reason": "SERVICE_DISABLED"}]}}')
    'disabled'
    >>> _reason(403, b'{"error": {"details": [{"reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}')
    'denied'
    """
    body = content.decode("utf-8", "replace") if isinstance(content, bytes) else content or ""
    if status == 403 and ("SERVICE_DISABLED" in body or "accessNotConfigured" in body):
        return "disabled"
    if status in (401, 403, 404):
        return "denied"
    return "unavailable"


def _instant(value: str) -> datetime:
    """An RFC 3339 timestamp as an aware datetime (Meet writes ``Z`` and up to nanoseconds).

    >>> _instant("2027-01-05T01:00:00.123456789Z")
    datetime.datetime(2027, 1, 5, 1, 0, 0, 123456, tzinfo=datetime.timezone.utc)
    """
    head, _, rest = value.rstrip("Z").partition(".")
    micro = (rest + "000000")[:6] if rest else "000000"
    return datetime.fromisoformat(f"{head}.{micro}+00:00")
