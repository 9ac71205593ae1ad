"""events.list / events.instances: filtering, recurrence expansion, paging, sync tokens."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
from typing import Any

from . import caltime
from .calendar_model import CalendarData, html_link
from .call import Call
from .errors import GoogleError, bad_request

MAX_PAGE = 2500
SYNC_EXCLUSIVE = (
    "iCalUID",
    "orderBy",
    "privateExtendedProperty",
    "q",
    "sharedExtendedProperty",
    "timeMin",
    "timeMax",
    "updatedMin",
)


def render(event: dict[str, Any], viewer: str, max_attendees: int | None) -> dict[str, Any]:
    """An event as ``viewer`` sees it (``self`` flags, ``maxAttendees`` trimming)."""
    out = copy.deepcopy(event)
    me = viewer.lower()
    for key in ("creator", "organizer"):
        if isinstance(out.get(key), dict) and out[key].get("email", "").lower() == me:
            out[key]["self"] = True
    for attendee in out.get("attendees", []):
        if attendee.get("email", "").lower() == me:
            attendee["self"] = True
    if max_attendees is not None and len(out.get("attendees", [])) > max_attendees:
        out["attendees"] = [a for a in out["attendees"] if a.get("self")]
        out["attendeesOmitted"] = True
        if not out["attendees"]:
            del out["attendees"]
    return out


def _edt(moment: dt.datetime, template: dict[str, Any], all_day: bool) -> dict[str, Any]:
    if all_day:
        return {"date": moment.date().isoformat()}
    out = {"dateTime": caltime.rfc3339(moment, moment.tzinfo or dt.UTC)}
    if template.get("timeZone"):
        out["timeZone"] = template["timeZone"]
    return out


def list_instances(
    cal: CalendarData,
    master: dict[str, Any],
    window_start: dt.datetime | None,
    window_end: dt.datetime | None,
) -> list[dict[str, Any]]:
    span = caltime.span(master, cal.tz)
    out = []
    for start, end in caltime.instances(master, span, window_start, window_end):
        local = start.astimezone(span.tz)
        suffix = (
            local.strftime("%Y%m%d")
            if span.all_day
            else start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        )
        instance = copy.deepcopy(master)
        instance.pop("recurrence", None)
        instance["id"] = f"{master['id']}_{suffix}"
        instance["recurringEventId"] = master["id"]
        instance["htmlLink"] = html_link(instance["id"], cal.id)
        instance["start"] = _edt(local, master["start"], span.all_day)
        instance["end"] = _edt(end.astimezone(span.tz), master["end"], span.all_day)
        instance["originalStartTime"] = dict(instance["start"])
        out.append(instance)
    return out


def _properties(values: list[str] | None, name: str) -> dict[str, str]:
    out = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise bad_request(f"Invalid {name} value: {item}. Use propertyName=value.", "invalid")
        out[key] = value
    return out


def _page_token(offset: int, digest: str) -> str:
    raw = json.dumps({"o": offset, "h": digest}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_page_token(token: str, digest: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["h"] == digest:
            return int(data["o"])
    except (ValueError, KeyError, TypeError):
        pass
    raise bad_request("Invalid page token value.", "invalid")


def _sync_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"fakesync:{seq}".encode()).decode().rstrip("=")


def _read_sync_token(token: str, cal: CalendarData) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        seq = int(text.removeprefix("fakesync:")) if text.startswith("fakesync:") else -1
    except (ValueError, UnicodeDecodeError):
        seq = -1
    if not 0 <= seq <= cal.seq:
        raise GoogleError(
            410,
            "Sync token is no longer valid, a full sync is required.",
            reason="fullSyncRequired",
        )
    return seq


def list_events(cal: CalendarData, call: Call, master: dict[str, Any] | None) -> dict[str, Any]:
    p = call.params
    sync_seq = None
    if p.get("syncToken"):
        clash = [name for name in SYNC_EXCLUSIVE if name in p]
        if clash:
            raise bad_request(f"Sync token cannot be used with {clash[0]}.", "invalid")
        sync_seq = _read_sync_token(p["syncToken"], cal)
    tmin = caltime.parse_rfc3339(p["timeMin"], name="timeMin") if "timeMin" in p else None
    tmax = caltime.parse_rfc3339(p["timeMax"], name="timeMax") if "timeMax" in p else None
    if tmin and tmax and tmax <= tmin:
        raise GoogleError(400, "The specified time range is empty.", reason="timeRangeEmpty")
    updated_min = p.get("updatedMin")
    single = bool(p.get("singleEvents")) or master is not None
    if p.get("orderBy") == "startTime" and not single:
        raise bad_request("The requested ordering is not available for the particular query.")
    private = _properties(p.get("privateExtendedProperty"), "privateExtendedProperty")
    shared = _properties(p.get("sharedExtendedProperty"), "sharedExtendedProperty")
    show_deleted = bool(p.get("showDeleted")) or sync_seq is not None
    query = (p.get("q") or "").lower()

    items: list[dict[str, Any]] = []
    sources = [master] if master is not None else [s.resource for s in cal.events.values()]
    for event in sources:
        stored = cal.events[event["id"]]
        if sync_seq is not None and stored.seq <= sync_seq:
            continue
        if event.get("status") == "cancelled" and not show_deleted:
            continue
        props = event.get("extendedProperties", {})
        if any(props.get("private", {}).get(k) != v for k, v in private.items()):
            continue
        if any(props.get("shared", {}).get(k) != v for k, v in shared.items()):
            continue
        if "iCalUID" in p and event.get("iCalUID") != p["iCalUID"]:
            continue
        if updated_min and caltime.parse_rfc3339(
            event["updated"], name="updated"
        ) < caltime.parse_rfc3339(updated_min, name="updatedMin"):
            continue
        if (
            query
            and query
            not in json.dumps(
                [event.get(k) for k in ("summary", "description", "location", "attendees")],
                ensure_ascii=False,
            ).lower()
        ):
            continue
        if event.get("recurrence") and single and event.get("status") != "cancelled":
            items.extend(list_instances(cal, event, tmin, tmax))
        elif (tmin or tmax) and event.get("status") != "cancelled":
            span = caltime.span(event, cal.tz)
            if caltime.instances(event, span, tmin, tmax):
                items.append(event)
        else:
            items.append(event)

    if p.get("orderBy") == "startTime":
        items.sort(key=lambda e: caltime.span(e, cal.tz).start)
    elif p.get("orderBy") == "updated":
        items.sort(key=lambda e: e["updated"])

    digest = hashlib.sha256(
        json.dumps(
            {k: v for k, v in sorted(p.items()) if k not in ("pageToken", "maxResults")},
            default=str,
        ).encode()
    ).hexdigest()[:16]
    offset = _read_page_token(p["pageToken"], digest) if p.get("pageToken") else 0
    size = min(int(p.get("maxResults", 250)), MAX_PAGE)
    page = items[offset : offset + size]
    out: dict[str, Any] = {
        "kind": "calendar#events",
        "etag": f'"{cal.seq}"',
        "summary": cal.summary or cal.id,
        "description": "",
        "updated": caltime.stamp(call.now),
        "timeZone": cal.time_zone,
        "accessRole": "owner"
        if cal.role(call.identity.email) == 4
        else ("writer" if cal.role(call.identity.email) == 3 else "reader"),
        "defaultReminders": [],
        "items": [render(e, call.identity.email, p.get("maxAttendees")) for e in page],
    }
    if offset + size < len(items):
        out["nextPageToken"] = _page_token(offset + size, digest)
    else:
        out["nextSyncToken"] = _sync_token(cal.seq)
    return out
