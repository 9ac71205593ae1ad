"""calendar.events.* (insert, get, list, instances, patch, update, delete), calendars.get."""

from __future__ import annotations

import copy
import re
import secrets
import string
from typing import TYPE_CHECKING, Any

from . import caltime
from .auth import Identity
from .calendar_list import list_events, list_instances, render
from .calendar_model import CalendarData, StoredEvent, etag, html_link, new_event_id, not_found
from .call import Call
from .discovery import document
from .errors import GoogleError, bad_request

if TYPE_CHECKING:
    from .fake import FakeGoogle

_ID = re.compile(r"^[a-v0-9]{5,1024}$")
# Calendar refuses attendee addresses that are not plain addr-specs (display names, lists, "..")
ATTENDEE_EMAIL = re.compile(r"[^@\s<>,;()\[\]\"]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
SERVER_FIELDS = (
    "kind",
    "etag",
    "htmlLink",
    "created",
    "updated",
    "creator",
    "organizer",
    "hangoutLink",
    "recurringEventId",
    "originalStartTime",
    "attendeesOmitted",
    "privateCopy",
    "locked",
)
MEET_ICON = (
    "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/"
    "logo_meet_2020q4_color_2x_web_512dp.png"
)


def calendar_for(fake: FakeGoogle, identity: Identity, calendar_id: str) -> CalendarData:
    """Resolve ``primary``; a user's own calendar exists as soon as they touch it."""
    cal_id = identity.email if calendar_id == "primary" else calendar_id
    cal = fake.calendars.get(cal_id.lower())
    if cal is None and cal_id.lower() == identity.email.lower():
        cal = fake.add_calendar(identity.email)
    if cal is None:
        raise not_found()
    return cal


# Calendar's discovery document lists these values only in descriptions; Google rejects others.
ENUMS: dict[str, tuple[str, ...]] = {
    "status": ("confirmed", "tentative", "cancelled"),
    "transparency": ("opaque", "transparent"),
    "visibility": ("default", "public", "private", "confidential"),
    "eventType": (
        "default",
        "birthday",
        "focusTime",
        "fromGmail",
        "outOfOffice",
        "workingLocation",
    ),
}
ATTENDEE_STATUS = ("needsAction", "declined", "tentative", "accepted")
# Not in the discovery document; reports put the limit at 8,192 characters (the UI's).
MAX_DESCRIPTION = 8192
REMINDER_METHODS = ("email", "popup")


def _check_enums(event: dict[str, Any]) -> None:
    if len(event.get("description") or "") > MAX_DESCRIPTION:
        raise bad_request("The description is too long.", "invalid")
    for name, allowed in ENUMS.items():
        if name in event and event[name] not in allowed:
            raise bad_request(f"Invalid {name} value.", "invalid")
    for attendee in event.get("attendees") or []:
        if attendee.get("responseStatus") not in (None, *ATTENDEE_STATUS):
            raise bad_request("Invalid attendee response status.", "invalid")
    for override in (event.get("reminders") or {}).get("overrides") or []:
        if override.get("method") not in REMINDER_METHODS:
            raise bad_request("Invalid reminder method value.", "invalid")


def _required(method_id: str) -> list[str]:
    props = document("calendar")["schemas"]["Event"]["properties"]
    return [
        name
        for name, spec in props.items()
        if method_id in spec.get("annotations", {}).get("required", [])
    ]


def _meet(request_id: str) -> dict[str, Any]:
    letters = string.ascii_lowercase
    code = "-".join("".join(secrets.choice(letters) for _ in range(n)) for n in (3, 4, 3))
    return {
        "createRequest": {
            "requestId": request_id,
            "conferenceSolutionKey": {"type": "hangoutsMeet"},
            "status": {"statusCode": "success"},
        },
        "entryPoints": [
            {
                "entryPointType": "video",
                "uri": f"https://meet.google.com/{code}",
                "label": f"meet.google.com/{code}",
            }
        ],
        "conferenceSolution": {
            "key": {"type": "hangoutsMeet"},
            "name": "Google Meet",
            "iconUri": MEET_ICON,
        },
        "conferenceId": code,
    }


def _conference(
    call: Call, wanted: dict[str, Any] | None, existing: dict[str, Any] | None
) -> dict[str, Any] | None:
    """conferenceData is honoured only with conferenceDataVersion=1 (dropped otherwise)."""
    if call.param("conferenceDataVersion", 0) != 1 or wanted is None:
        return existing
    create = wanted.get("createRequest")
    if not create:
        return wanted or None
    if existing and existing.get("createRequest", {}).get("requestId") == create.get("requestId"):
        return existing
    if not create.get("requestId"):
        raise bad_request("Invalid conference create request: requestId is required.", "invalid")
    kind = (create.get("conferenceSolutionKey") or {}).get("type")
    # A service account without domain-wide delegation cannot create Meet conferences.
    if kind != "hangoutsMeet" or call.identity.acting_as_self:
        raise bad_request("Invalid conference type value.", "invalid")
    return _meet(create["requestId"])


def _attendees(
    call: Call, cal: CalendarData, attendees: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if attendees and call.identity.acting_as_self:
        raise GoogleError(
            403,
            "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.",
            reason="forbiddenForServiceAccounts",
        )
    out = []
    for attendee in attendees:
        if not attendee.get("email"):
            raise bad_request("Missing attendee email.", "required")
        if not ATTENDEE_EMAIL.fullmatch(attendee["email"]):
            raise bad_request("Invalid attendee email.", "invalid")
        entry = {k: v for k, v in attendee.items() if v is not None and k != "self"}
        entry.setdefault("responseStatus", "needsAction")
        if entry["email"].lower() == cal.id.lower():
            entry["organizer"] = True
        out.append(entry)
    return out


def _finish(
    fake: FakeGoogle,
    call: Call,
    cal: CalendarData,
    event: dict[str, Any],
    old: dict[str, Any] | None,
    *,
    check_attendees: bool = True,
) -> dict[str, Any]:
    """Validate a complete resource and fill the server-managed fields."""
    for name in SERVER_FIELDS:
        event.pop(name, None)
    event = {k: v for k, v in event.items() if v is not None}
    _check_enums(event)
    caltime.span(event, cal.tz)
    if "attendees" in event and check_attendees:
        event["attendees"] = _attendees(call, cal, event["attendees"])
        if not event["attendees"]:
            del event["attendees"]
    conference = _conference(
        call, event.pop("conferenceData", None), (old or {}).get("conferenceData")
    )
    if conference:
        event["conferenceData"] = conference
        for point in conference.get("entryPoints", []):
            if point.get("entryPointType") == "video" and "meet.google.com" in point.get("uri", ""):
                event["hangoutLink"] = point["uri"]
    status = event.get("status", "confirmed")
    stamp = caltime.stamp(call.now)
    seq = cal.touch()
    event.update(
        kind="calendar#event",
        etag=etag(seq, call.now),
        status=status,
        htmlLink=html_link(event["id"], cal.id),
        created=(old or {}).get("created", stamp),
        updated=stamp,
        creator=(old or {}).get("creator", {"email": call.identity.email}),
        organizer=(old or {}).get(
            "organizer", {"email": cal.id, "displayName": cal.summary or None}
        ),
    )
    event["organizer"] = {k: v for k, v in event["organizer"].items() if v}
    event.setdefault("iCalUID", f"{event['id']}@google.com")
    event.setdefault("sequence", 0)
    event.setdefault("reminders", {"useDefault": True})
    event.setdefault("eventType", "default")
    if old is not None and any(old.get(k) != event.get(k) for k in ("start", "end", "recurrence")):
        event["sequence"] = int(old.get("sequence", 0)) + 1
    cal.events[event["id"]] = StoredEvent(event, seq)
    if call.param("sendUpdates") or call.param("sendNotifications") is not None:
        fake.notifications.append(
            {
                "calendarId": cal.id,
                "eventId": event["id"],
                "method": call.route.method_id,
                "sendUpdates": call.param("sendUpdates")
                or ("all" if call.param("sendNotifications") else "none"),
            }
        )
    return render(event, call.identity.email, call.param("maxAttendees"))


def insert(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_write(call.identity)
    body = copy.deepcopy(call.body or {})
    for name in _required("calendar.events.insert"):
        if not body.get(name):
            raise bad_request(f"Missing {name} time.", "required")
    if body.get("id") is not None:
        if not _ID.match(body["id"]):
            raise bad_request("Invalid resource id value.", "invalid")
        if body["id"] in cal.events:
            raise GoogleError(409, "The requested identifier already exists.", reason="duplicate")
    else:
        body["id"] = new_event_id()
    return 200, _finish(fake, call, cal, body, None)


def _stored(cal: CalendarData, event_id: str) -> StoredEvent:
    stored = cal.events.get(event_id)
    if stored is None:
        raise not_found()
    return stored


def get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_read(call.identity)
    event_id = call.path_params["eventId"]
    if event_id not in cal.events and "_" in event_id:
        master_id, _, _ = event_id.partition("_")
        master = _stored(cal, master_id).resource
        for instance in list_instances(cal, master, None, None):
            if instance["id"] == event_id:
                return 200, render(instance, call.identity.email, call.param("maxAttendees"))
        raise not_found()
    event = _stored(cal, event_id).resource
    return 200, render(event, call.identity.email, call.param("maxAttendees"))


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _modify(fake: FakeGoogle, call: Call, replace: bool) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_write(call.identity)
    event_id = call.path_params["eventId"]
    old = _stored(cal, event_id).resource
    body = copy.deepcopy(call.body or {})
    if body.get("id") not in (None, event_id):
        raise bad_request("Invalid resource id value.", "invalid")
    if replace:
        for name in _required("calendar.events.update"):
            if not body.get(name):
                raise bad_request(f"Missing {name} time.", "required")
        event = body
        if "iCalUID" not in event:
            event["iCalUID"] = old["iCalUID"]
    else:
        event = copy.deepcopy(old)
        _merge(event, {k: v for k, v in body.items() if k != "conferenceData"})
        event.pop("conferenceData", None)
        if "conferenceData" in body:
            event["conferenceData"] = body["conferenceData"]
    event["id"] = event_id
    unchanged = not replace and "attendees" not in body
    return 200, _finish(fake, call, cal, event, old, check_attendees=not unchanged)


def patch(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    return _modify(fake, call, replace=False)


def update(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    return _modify(fake, call, replace=True)


def delete(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_write(call.identity)
    stored = _stored(cal, call.path_params["eventId"])
    if stored.resource.get("status") == "cancelled":
        raise GoogleError(410, "Resource has been deleted", reason="deleted")
    seq = cal.touch()
    stored.resource.update(
        status="cancelled", updated=caltime.stamp(call.now), etag=etag(seq, call.now)
    )
    stored.seq = seq
    if call.param("sendUpdates"):
        fake.notifications.append(
            {
                "calendarId": cal.id,
                "eventId": stored.resource["id"],
                "method": call.route.method_id,
                "sendUpdates": call.param("sendUpdates"),
            }
        )
    return 204, None


def events_list(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_read(call.identity)
    return 200, list_events(cal, call, None)


def instances(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_read(call.identity)
    master = _stored(cal, call.path_params["eventId"]).resource
    return 200, list_events(cal, call, master)


def calendar_get(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    cal = calendar_for(fake, call.identity, call.path_params["calendarId"])
    cal.require_read(call.identity)
    out = {
        "kind": "calendar#calendar",
        "etag": etag(cal.seq, 0),
        "id": cal.id,
        "summary": cal.summary or cal.id,
        "timeZone": cal.time_zone,
    }
    return 200, out


HANDLERS = {
    "calendar.events.insert": insert,
    "calendar.events.get": get,
    "calendar.events.list": events_list,
    "calendar.events.instances": instances,
    "calendar.events.patch": patch,
    "calendar.events.update": update,
    "calendar.events.delete": delete,
    "calendar.calendars.get": calendar_get,
}
