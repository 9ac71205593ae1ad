"""meet.conferenceRecords.{list,get} and .participants.{list,get}, and their test controls.

Who sees a conference record: the owner of its meeting space only (for a Meet link made by
Calendar, the owner of the calendar the event belongs to). Google also shows records to some
co-hosts; the stricter reading keeps them to the owner.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .calendar_model import CalendarData
from .call import Call
from .errors import GoogleError
from .meet_model import ConferenceRecord, MeetState, compare, parse_filter, user_resource
from .paging import page
from .quota import project_of

if TYPE_CHECKING:
    from .auth import Identity
    from .fake import FakeGoogle

RECORD_FILTER = {
    "space.meeting_code": ("=", "!="),
    "space.name": ("=", "!="),
    "start_time": ("=", "!=", "<", "<=", ">", ">="),
    "end_time": ("=", "!=", "<", "<=", ">", ">=", "null", "notnull"),
}
PARTICIPANT_FILTER = {
    "earliest_start_time": ("=", "!=", "<", "<=", ">", ">="),
    "latest_end_time": ("=", "!=", "<", "<=", ">", ">=", "null", "notnull"),
}


def service_disabled(identity: Identity) -> GoogleError:
    """What Google answers when the project has not enabled the Meet REST API."""
    project = project_of(identity)
    url = f"https://console.developers.google.com/apis/api/meet.googleapis.com/overview?project={project}"
    message = (
        f"Google Meet REST API has not been used in project {project} before or it is disabled. "
        f"Enable it by visiting {url} then retry. If you enabled this API recently, wait a few "
        "minutes for the action to propagate to our systems and retry."
    )
    return GoogleError(
        403,
        message,
        reason="accessNotConfigured",
        status="PERMISSION_DENIED",
        domain="usageLimits",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "meet.googleapis.com",
                    "consumer": f"projects/{project}",
                    "activationUrl": url,
                    "serviceTitle": "Google Meet REST API",
                },
            }
        ],
    )


def _record(fake: FakeGoogle, call: Call, name: str) -> ConferenceRecord:
    record = fake.meet.records.get(name)
    if record is None:
        raise GoogleError(404, "Requested entity was not found.", status="NOT_FOUND")
    if record.space.owner != call.identity.email.lower():
        raise GoogleError(403, "The caller does not have permission", status="PERMISSION_DENIED")
    return record


def records_list(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    clauses = parse_filter(call.param("filter"), RECORD_FILTER)
    me = call.identity.email.lower()
    found = []
    for record in fake.meet.records.values():
        if record.space.owner != me:
            continue
        actual = {
            "space.meeting_code": record.space.meeting_code,
            "space.name": record.space.name,
            "start_time": record.start,
            "end_time": record.end,
        }
        if all(compare(actual[f], op, value) for f, op, value in clauses):
            found.append(record)
    found.sort(key=lambda r: r.start, reverse=True)
    chunk, token = page(found, call.params, default=25, maximum=100)
    out: dict[str, Any] = {"conferenceRecords": [r.to_json() for r in chunk]}
    if token:
        out["nextPageToken"] = token
    return 200, out if chunk else ({"nextPageToken": token} if token else {})


def records_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    return 200, _record(fake, call, call.path_params["name"]).to_json()


def participants_list(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    record = _record(fake, call, call.path_params["parent"])
    clauses = parse_filter(call.param("filter"), PARTICIPANT_FILTER)
    found = [
        p
        for p in record.participants
        if all(
            compare({"earliest_start_time": p.start, "latest_end_time": p.end}[f], op, value)
            for f, op, value in clauses
        )
    ]
    found.sort(key=lambda p: p.start, reverse=True)
    chunk, token = page(found, call.params, default=100, maximum=250)
    out: dict[str, Any] = {"totalSize": len(found)}
    if chunk:
        out["participants"] = [p.to_json() for p in chunk]
    if token:
        out["nextPageToken"] = token
    return 200, out


def participants_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    name = call.path_params["name"]
    record = _record(fake, call, name.rsplit("/participants/", 1)[0])
    for participant in record.participants:
        if participant.name == name:
            return 200, participant.to_json()
    raise GoogleError(404, "Requested entity was not found.", status="NOT_FOUND")


HANDLERS = {
    "meet.conferenceRecords.list": records_list,
    "meet.conferenceRecords.get": records_get,
    "meet.conferenceRecords.participants.list": participants_list,
    "meet.conferenceRecords.participants.get": participants_get,
}


def _code_of(meeting: str | dict[str, Any]) -> str:
    if isinstance(meeting, dict):
        conference = meeting.get("conferenceData") or {}
        if not conference.get("conferenceId"):
            raise ValueError(
                "the event has no conferenceData (insert with conferenceDataVersion=1)"
            )
        return str(conference["conferenceId"])
    return meeting.removeprefix("https://").removeprefix("meet.google.com/")


def _instant(value: dt.datetime | str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        raise ValueError("Meet times must be timezone-aware")
    return moment


class MeetControls:
    """Test controls for the Meet fake (mixed into FakeGoogle)."""

    lock: threading.RLock
    calendars: dict[str, CalendarData]
    meet: MeetState

    def add_conference(
        self,
        meeting: str | dict[str, Any],
        start: dt.datetime | str,
        end: dt.datetime | str | None = None,
        participants: Iterable[str] = (),
        *,
        owner: str | None = None,
    ) -> str:
        """Record a conference held in a Meet space; returns ``conferenceRecords/...``.

        ``meeting``: a meeting code (``abc-mnop-xyz``), a ``https://meet.google.com/...`` URI,
        or an event resource with ``conferenceData``. The space's owner is ``owner``, else
        the owner of the calendar holding an event with that code. ``participants``: emails
        (signed-in users, shown as ``users/{id}``, see :meth:`meet_user`) or display names
        (anonymous). ``end=None``: the conference is still going on.
        """
        code = _code_of(meeting)
        with self.lock:
            if owner is None and code not in self.meet.spaces:
                owner = self._meet_owner(code)
            space = self.meet.space(code, owner or "")
            finish = None if end is None else _instant(end)
            record = self.meet.record(space, _instant(start), finish, list(participants))
            return record.name

    def _meet_owner(self, code: str) -> str:
        for cal in self.calendars.values():
            for stored in cal.events.values():
                if (stored.resource.get("conferenceData") or {}).get("conferenceId") == code:
                    return cal.owner
        raise ValueError(f"no event has Meet code {code!r}: pass owner=")

    def meet_space(self, meeting: str | dict[str, Any]) -> str | None:
        """The ``spaces/...`` name of a meeting code's space (None before any conference)."""
        with self.lock:
            space = self.meet.spaces.get(_code_of(meeting))
            return space.name if space else None

    @staticmethod
    def meet_user(email: str) -> str:
        """``users/{id}`` as Meet shows a signed-in participant (the ID token's ``sub``)."""
        return user_resource(email)

    def set_meet_enabled(self, enabled: bool) -> None:
        """``False``: every Meet call answers 403 SERVICE_DISABLED (API not enabled)."""
        with self.lock:
            self.meet.enabled = enabled
