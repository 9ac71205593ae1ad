"""Google Calendar as the calendar port, through google-api-python-client.

Events are inserted in batches (``BatchHttpRequest`` against the configured endpoint's
``batch/calendar/v3``; the client's own ``new_batch_http_request()`` would ignore the endpoint)
under client-chosen, deterministic ids: a 409 means the event is already there, and its link is
fetched in a second batch. Parts that fail with a retryable error are sent again in the next batch;
a batch whose connection drops is sent again whole, which is safe for the same reason. Every call
is paced below the organiser's quota, and calls refused for their rate are sent again once the
quota's window has passed (:mod:`aibou.google.pacing`, DESIGN.md §9).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aibou.errors import AibouError, NotFound, PermissionDenied, Unavailable
from aibou.google.auth import CREDENTIALS_REFUSED
from aibou.google.pacing import Pacer
from aibou.google.redact import redact
from aibou.google.retry import Backoff, is_rate_limit, is_retryable, retry_after
from aibou.ports import EventSpec, SeriesRecord

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from googleapiclient.errors import HttpError

__all__ = [
    "BATCH_SIZE",
    "FREEBUSY_MAX_CALENDARS",
    "GOOGLE_API_ROOT",
    "GoogleCalendar",
    "event_body",
]

GOOGLE_API_ROOT = "https://www.googleapis.com/"
#: Calls per batch request (Calendar allows 1000; smaller batches meet fewer rate limits).
BATCH_SIZE = 50
#: Calendars one freeBusy query may ask about.
FREEBUSY_MAX_CALENDARS = 50
#: Days one freeBusy query may span. Google refuses long ranges ("The requested time range is
#: too long.") at a limit it does not document and users report between two and three months;
#: a quarter is asked in windows of at most this length, all in the same batches.
FREEBUSY_MAX_DAYS = 31
TIMEOUT_SECONDS = 60
#: Events per page of ``events.list`` (the API's maximum).
LIST_PAGE = 2500
#: Characters Calendar accepts in an event description (longer ones are refused). The HTML
#: agenda is dropped for the plain one when it does not fit, and the plain one cut if need be.
DESCRIPTION_MAX_CHARS = 8192
#: Quota windows in a row in which Google let no call through before a run gives up.
MAX_IDLE_WINDOWS = 15


class _Throttled(Exception):
    """A whole batch was refused for its rate; ``retry_after`` is what Google asked, if it did."""

    def __init__(self, retry_after: float | None) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def _description(spec: EventSpec) -> str:
    """The richest agenda of ``spec`` that fits in a Calendar description.

    >>> from dataclasses import replace
    >>> from datetime import UTC
    >>> t = datetime(2027, 1, 6, 7, tzinfo=UTC)
    >>> spec = EventSpec("e1", "s", "plain", t, t, "UTC", "FREQ=WEEKLY", (), (),
    ...                  render_html=lambda: "<b>rich</b>")
    >>> _description(spec)
    '<b>rich</b>'
    >>> _description(replace(spec, render_html=lambda: "<b>" + "x" * 9000 + "</b>"))
    'plain'
    >>> cut = _description(replace(spec, description="y" * 9000, render_html=None))
    >>> len(cut), cut[-2:]
    (8192, 'y…')
    """
    for text in (spec.html_description, spec.description):
        if text and len(text) <= DESCRIPTION_MAX_CHARS:
            return text
    return spec.description[: DESCRIPTION_MAX_CHARS - 1] + "…"


def event_body(spec: EventSpec) -> dict[str, Any]:
    """The Calendar v3 event resource for ``spec``.

    Recurring events need ``start.timeZone``; ``UNTIL`` in the rule is UTC; skipped occurrences
    are an ``EXDATE`` in the event's zone. Guests may move the event (the invite tells them to
    agree a time within their group).
    """
    zone = spec.timezone
    recurrence = [f"RRULE:{spec.rrule}"]
    if spec.exdates:
        recurrence.append(
            f"EXDATE;TZID={zone}:" + ",".join(f"{d:%Y%m%dT%H%M%S}" for d in spec.exdates)
        )
    body: dict[str, Any] = {
        "id": spec.event_id,
        "summary": spec.summary,
        "description": _description(spec),
        "start": {"dateTime": spec.start.isoformat(), "timeZone": zone},
        "end": {"dateTime": spec.end.isoformat(), "timeZone": zone},
        "recurrence": recurrence,
        "attendees": [{"email": email, "displayName": name} for email, name in spec.attendees],
        "extendedProperties": {"private": dict(spec.tags)},
        "guestsCanModify": True,
        "reminders": {"useDefault": True},
    }
    if spec.meet:
        body["conferenceData"] = {
            "createRequest": {
                "requestId": spec.event_id,
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
            }
        }
    return body


def _differs(existing: Mapping[str, Any], spec: EventSpec) -> bool:
    """Whether an event already under ``spec``'s id is not the one ``spec`` describes.

    Deleted events keep their id (``status: cancelled``); an event made for other people or
    another time (the tab was deleted and the period planned again) no longer matches. Anything
    else (a guest moved it, as the invite allows) is left as it is.
    """
    if existing.get("status") == "cancelled":
        return True
    attendees = {a.get("email", "").lower() for a in existing.get("attendees", [])}
    return attendees != {email.lower() for email, _ in spec.attendees}


@dataclass
class _Round:
    """One pass over the calls still to make: what to send again, and why."""

    last: bool
    retry: set[str] = field(default_factory=set)
    throttled: set[str] = field(default_factory=set)
    asked: float | None = None  # the Retry-After of a rate-limit refusal
    headers: dict[str, str] = field(default_factory=dict)
    why: str = "Google Calendar: no connection"
    progressed: bool = False


class GoogleCalendar:
    """The calendar port over Google Calendar, with the given credentials.

    ``pacer`` keeps the organiser's calls under their quota (one per organiser: see
    :class:`~aibou.google.pacing.Pacers`); by default a pacer of its own at the default rate.
    """

    #: A hundred groups' invitations a step: a minute of quota or less, then their links land.
    invite_chunk = 100

    def __init__(
        self,
        credentials: Credentials,
        root: str = GOOGLE_API_ROOT,
        backoff: Backoff | None = None,
        pacer: Pacer | None = None,
        owner: str = "",
    ) -> None:
        import google_auth_httplib2
        import httplib2
        from googleapiclient.discovery import build

        self.owner = owner  # who the credentials act as (see Calendar.owner)
        self._backoff = backoff or Backoff()
        self._pacer = pacer or Pacer(sleep=self._backoff.sleep)
        self._batch_uri = f"{root}batch/calendar/v3"
        self._http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS)
        )
        self._service = build(
            "calendar",
            "v3",
            http=self._http,
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": f"{root}calendar/v3/"},
        )

    # --- the port --------------------------------------------------------------------------

    def ensure_events(
        self, specs: Sequence[EventSpec], *, calendar_id: str = "primary", send_updates: str = "all"
    ) -> dict[str, str]:
        events = self._service.events()
        inserted, existing = self._batched(
            {
                s.event_id: (
                    lambda s=s: events.insert(
                        calendarId=calendar_id,
                        body=event_body(s),
                        sendUpdates=send_updates,
                        conferenceDataVersion=1 if s.meet else 0,
                    )
                )
                for s in specs
            },
            accept_conflict=True,
        )
        links = {eid: answer.get("htmlLink", "") for eid, answer in inserted.items()}
        if existing:
            found, _ = self._batched(
                {
                    eid: (lambda eid=eid: events.get(calendarId=calendar_id, eventId=eid))
                    for eid in existing
                }
            )
            by_id = {s.event_id: s for s in specs}
            stale = {
                eid: by_id[eid] for eid, answer in found.items() if _differs(answer, by_id[eid])
            }
            links |= {eid: answer.get("htmlLink", "") for eid, answer in found.items()}
            if stale:  # deleted, or made for other groups (a tab deleted and planned again)
                restored, _ = self._batched(
                    {
                        eid: (
                            lambda s=s: events.update(
                                calendarId=calendar_id,
                                eventId=s.event_id,
                                body=event_body(s) | {"status": "confirmed"},
                                sendUpdates=send_updates,
                                conferenceDataVersion=1 if s.meet else 0,
                            )
                        )
                        for eid, s in stale.items()
                    }
                )
                links |= {eid: answer.get("htmlLink", "") for eid, answer in restored.items()}
        return links

    def amend_series(
        self,
        attendees: Mapping[str, Sequence[tuple[str, str]]],
        cancelled: Sequence[str],
        created: Sequence[EventSpec],
        *,
        calendar_id: str = "primary",
        send_updates: str = "all",
    ) -> dict[str, str]:
        """``events.patch`` of each updated series' attendees only and ``events.delete`` of
        each dissolved group's series, together in batches (a delete answered 404, or 410 when
        a retried delete had landed, is done); then the new series as :meth:`ensure_events`
        makes them. ``sendUpdates`` as the settings say."""
        events = self._service.events()
        calls: dict[str, Callable[[], Any]] = {
            eid: (
                lambda eid=eid, people=people: events.patch(
                    calendarId=calendar_id,
                    eventId=eid,
                    body={"attendees": [{"email": e, "displayName": n} for e, n in people]},
                    sendUpdates=send_updates,
                )
            )
            for eid, people in attendees.items()
        }
        calls |= {
            eid: (
                lambda eid=eid: events.delete(
                    calendarId=calendar_id, eventId=eid, sendUpdates=send_updates
                )
            )
            for eid in cancelled
        }
        answers, _ = self._batched(calls, missing_ok=frozenset(cancelled))
        links = {eid: str(answers[eid].get("htmlLink", "")) for eid in attendees}
        if created:
            links |= self.ensure_events(created, calendar_id=calendar_id, send_updates=send_updates)
        return links

    def busy(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Mapping[str, Sequence[tuple[datetime, datetime]]]:
        """Busy intervals per e-mail, from freeBusy queries of at most 50 calendars and
        :data:`FREEBUSY_MAX_DAYS` days each, sent in batches (one round trip for up to
        :data:`BATCH_SIZE` queries). A calendar that answers with an error in any window is
        left out: it could not be read."""
        freebusy = self._service.freebusy()
        chunks = [
            list(emails[i : i + FREEBUSY_MAX_CALENDARS])
            for i in range(0, len(emails), FREEBUSY_MAX_CALENDARS)
        ]
        windows = _windows(start, end, timedelta(days=FREEBUSY_MAX_DAYS))
        answers, _ = self._batched(
            {
                f"{n}/{w}": (
                    lambda chunk=chunk, low=low, high=high: freebusy.query(
                        body={
                            "timeMin": low.isoformat(),
                            "timeMax": high.isoformat(),
                            "items": [{"id": e} for e in chunk],
                        }
                    )
                )
                for n, chunk in enumerate(chunks)
                for w, (low, high) in enumerate(windows)
            }
        )
        busy: dict[str, list[tuple[datetime, datetime]]] = {}
        unreadable: set[str] = set()
        for answer in answers.values():
            for email, calendar in answer.get("calendars", {}).items():
                if calendar.get("errors"):
                    unreadable.add(email.lower())  # not shared with us, or not found
                    continue
                busy.setdefault(email.lower(), []).extend(
                    (datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
                    for b in calendar.get("busy", [])
                )
        return {email: blocks for email, blocks in busy.items() if email not in unreadable}

    def read_series(
        self,
        event_ids: Sequence[str],
        tags: Mapping[str, str],
        until: datetime,
        *,
        calendar_id: str = "primary",
    ) -> dict[str, SeriesRecord]:
        """Each series' replies and Meet code (``events.get``, batched), and every series'
        occurrences before ``until`` at once: one paged ``events.list`` with ``singleEvents``
        and the ``privateExtendedProperty`` tags (cancelled instances are not listed). A series
        that is gone (404, 410, cancelled) is absent from the answer."""
        events = self._service.events()
        found, _ = self._batched(
            {
                eid: (lambda eid=eid: events.get(calendarId=calendar_id, eventId=eid))
                for eid in dict.fromkeys(event_ids)
            },
            missing_ok=frozenset(event_ids),
        )
        live = {eid: e for eid, e in found.items() if e.get("status") != "cancelled"}
        starts: dict[str, list[datetime]] = {eid: [] for eid in live}
        for item in self._list_instances(calendar_id, tags, until):
            parent = item.get("recurringEventId") or item.get("id", "")
            when = item.get("start", {}).get("dateTime")
            if parent in starts and when and item.get("status") != "cancelled":
                starts[parent].append(datetime.fromisoformat(when))
        return {
            eid: SeriesRecord(
                eid,
                {
                    a["email"].lower(): a.get("responseStatus", "needsAction")
                    for a in event.get("attendees", [])
                    if a.get("email")
                },
                tuple(sorted(starts[eid])),
                event.get("conferenceData", {}).get("conferenceId"),
            )
            for eid, event in live.items()
        }

    def _list_instances(
        self, calendar_id: str, tags: Mapping[str, str], until: datetime
    ) -> list[dict[str, Any]]:
        """Every instance of the tagged series that starts before ``until``, page by page."""
        events = self._service.events()
        items: list[dict[str, Any]] = []
        token = None
        while True:
            page = self._one(
                events.list(
                    calendarId=calendar_id,
                    singleEvents=True,
                    privateExtendedProperty=[f"{k}={v}" for k, v in sorted(tags.items())],
                    timeMax=until.isoformat(),
                    maxResults=LIST_PAGE,
                    pageToken=token,
                    fields="items(id,recurringEventId,status,start),nextPageToken",
                )
            )
            items += page.get("items", [])
            token = page.get("nextPageToken")
            if not token:
                return items

    # --- the transport ---------------------------------------------------------------------

    def _one(self, request: Any) -> Any:
        """One call, through the same retries as a batch of one (a list call is no batch part
        at Google, but its answer is the same)."""
        import http.client

        import httplib2
        from google.auth.exceptions import GoogleAuthError
        from googleapiclient.errors import HttpError

        for attempt in self._backoff.tries():
            last = self._backoff.last(attempt)
            self._pacer.take(1)
            try:
                return request.execute(http=self._http)
            except GoogleAuthError as exc:
                raise PermissionDenied(redact(CREDENTIALS_REFUSED.format(exc=exc))) from exc
            except HttpError as exc:
                if last or not is_retryable(exc.resp.status, exc.content):
                    raise self._translate(exc) from exc
                self._backoff.wait(
                    attempt, dict(exc.resp), why=f"Google Calendar: {exc.resp.status}"
                )
            except (OSError, http.client.HTTPException, httplib2.HttpLib2Error) as exc:
                if last:
                    why = redact(str(exc))
                    raise Unavailable(
                        f"Google Calendar could not be reached ({why}); try again later."
                    ) from exc
                self._backoff.wait(attempt, why="Google Calendar: no connection")
        raise Unavailable("Google Calendar gave no answer.")  # pragma: no cover

    def _batched(
        self,
        calls: Mapping[str, Callable[[], Any]],
        *,
        accept_conflict: bool = False,
        missing_ok: Collection[str] = (),
    ) -> tuple[dict[str, Any], set[str]]:
        """Run ``calls`` (request id -> request factory) in paced batches, retrying what can be.

        Returns the successful answers and, with ``accept_conflict``, the ids answered 409
        (and those in ``missing_ok`` answered 404 or 410).
        Every call is paced (:class:`~aibou.google.pacing.Pacer`). Calls refused for their rate
        (403 ``rateLimitExceeded`` / ``userRateLimitExceeded``, 429) are sent again once the
        quota's window has passed, without using up the retry policy's attempts, until
        :data:`MAX_IDLE_WINDOWS` windows in a row have let no call through.
        """
        answers: dict[str, Any] = {}
        conflicts: set[str] = set()
        conflict = {409} if accept_conflict else set()
        todo = list(calls)
        attempt = idle = 0
        while todo:
            sent = _Round(last=self._backoff.last(attempt))
            size = min(BATCH_SIZE, self._pacer.batch)
            for start in range(0, len(todo), size):
                chunk = todo[start : start + size]
                if sent.throttled:  # Google said "too many": send nothing more this window
                    sent.throttled.update(chunk)
                    continue
                self._pacer.take(len(chunk))
                try:
                    results = self._send(chunk, calls, last=sent.last)
                except _Throttled as exc:
                    sent.throttled.update(chunk)
                    sent.asked = exc.retry_after
                    continue
                if results is None:  # the batch as a whole failed in a way worth retrying
                    sent.retry.update(chunk)
                    continue
                for request_id in chunk:
                    response, error = results.get(request_id, (None, None))
                    if error is None and response is not None:
                        answers[request_id] = response
                        sent.progressed = True
                    elif error is not None and (
                        error.resp.status in conflict
                        or (error.resp.status in (404, 410) and request_id in missing_ok)
                    ):
                        conflicts.add(request_id)
                        sent.progressed = True
                    else:
                        self._refused(sent, request_id, error)
            idle = 0 if sent.progressed else idle + bool(sent.throttled)
            if idle > MAX_IDLE_WINDOWS:
                raise Unavailable(
                    "Google Calendar kept refusing calls for their rate (rateLimitExceeded) "
                    f"for {MAX_IDLE_WINDOWS} quota windows; try again later."
                )
            if sent.throttled:
                self._pacer.throttled(sent.asked)
            elif sent.retry:
                self._backoff.wait(attempt, sent.headers, why=sent.why)
            attempt += bool(sent.retry)
            todo = [request_id for request_id in todo if request_id in sent.retry | sent.throttled]
        return answers, conflicts

    def _refused(self, sent: _Round, request_id: str, error: HttpError | None) -> None:
        """Put a call that got no answer it can use into this round's waiting lists, or raise."""
        if error is not None and is_rate_limit(error.resp.status, error.content):
            sent.throttled.add(request_id)
            sent.asked = retry_after(dict(error.resp))
        elif error is not None and not is_retryable(error.resp.status, error.content):
            raise self._translate(error)
        elif sent.last:
            raise (
                self._translate(error) if error else Unavailable("Google Calendar gave no answer.")
            )
        else:
            sent.retry.add(request_id)
            if error is not None:
                sent.headers = dict(error.resp)
                sent.why = f"Google Calendar: {error.resp.status}"

    def _send(
        self, chunk: Sequence[str], calls: Mapping[str, Callable[[], Any]], *, last: bool
    ) -> dict[str, tuple[Any, HttpError | None]] | None:
        """One batch round trip: each part's (answer, error), or ``None`` to send it all again.

        Raises :class:`_Throttled` when the batch as a whole was refused for its rate.
        """
        import http.client

        import httplib2
        from google.auth.exceptions import GoogleAuthError
        from googleapiclient.errors import HttpError
        from googleapiclient.http import BatchHttpRequest

        results: dict[str, tuple[Any, HttpError | None]] = {}

        def collect(part: str, response: Any, error: HttpError | None) -> None:
            results[chunk[int(part)]] = (response, error)

        batch = BatchHttpRequest(callback=collect, batch_uri=self._batch_uri)
        for number, request_id in enumerate(chunk):
            batch.add(calls[request_id](), request_id=str(number))
        try:
            batch.execute(http=self._http)
        except GoogleAuthError as exc:
            raise PermissionDenied(redact(CREDENTIALS_REFUSED.format(exc=exc))) from exc
        except HttpError as exc:  # the batch request itself was refused
            if is_rate_limit(exc.resp.status, exc.content):
                raise _Throttled(retry_after(dict(exc.resp))) from exc
            if last or not is_retryable(exc.resp.status, exc.content):
                raise self._translate(exc) from exc
            return None
        except (OSError, http.client.HTTPException, httplib2.HttpLib2Error) as exc:  # dropped
            if last:
                raise Unavailable(
                    f"Google Calendar could not be reached ({redact(str(exc))}); try again later."
                ) from exc
            return None
        return results

    @staticmethod
    def _translate(error: HttpError) -> AibouError:
        status = error.resp.status
        reason = redact(str(error._get_reason() if hasattr(error, "_get_reason") else error))
        reason = reason.rstrip(".")
        if status == 404:
            return NotFound(f"Calendar not found ({reason}). Check the calendar_id setting.")
        if status in (401, 403) and not is_retryable(status, error.content):
            content = error.content or b""
            hint = ""
            if b"forbiddenForServiceAccounts" in content or b"insufficientPermissions" in content:
                hint = (
                    " aibou must act as the Workspace user who owns the calendar: set "
                    "AIBOU_DELEGATED_USER to that user (README, Deploy)."
                )
            return PermissionDenied(f"Google Calendar refused: {reason}.{hint}")
        if is_retryable(status, error.content):
            return Unavailable(
                f"Google Calendar kept failing ({status} {reason}); try again later."
            )
        return AibouError(f"Google Calendar refused the request ({status}): {reason}")


def _windows(start: datetime, end: datetime, longest: timedelta) -> list[tuple[datetime, datetime]]:
    """``start``-``end`` cut into consecutive windows no longer than ``longest``.

    >>> from datetime import UTC
    >>> [(a.day, b.day) for a, b in _windows(datetime(2027, 1, 1, tzinfo=UTC),
    ...                                      datetime(2027, 1, 25, tzinfo=UTC), timedelta(days=10))]
    [(1, 11), (11, 21), (21, 25)]
    """
    windows = []
    while start < end:
        windows.append((start, min(start + longest, end)))
        start += longest
    return windows
