"""calendar.freebusy.query: busy blocks from events (recurrences expanded) and test blocks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import caltime
from .call import Call
from .errors import GoogleError, bad_request

if TYPE_CHECKING:
    from .fake import FakeGoogle

MAX_CALENDARS = 50
#: Google refuses long freeBusy ranges ("The requested time range is too long.") at an
#: undocumented limit that users report between two and three months: the stricter reading.
MAX_RANGE = dt.timedelta(days=60)


def _merge(blocks: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(blocks):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def query(fake: FakeGoogle, call: Call) -> tuple[int, Any]:
    body = call.body or {}
    if not body.get("timeMin"):
        raise bad_request("Missing timeMin parameter.", "required")
    if not body.get("timeMax"):
        raise bad_request("Missing timeMax parameter.", "required")
    tmin = caltime.parse_rfc3339(body["timeMin"], name="timeMin")
    tmax = caltime.parse_rfc3339(body["timeMax"], name="timeMax")
    if tmax <= tmin:
        raise GoogleError(400, "The specified time range is empty.", reason="timeRangeEmpty")
    if tmax - tmin > MAX_RANGE:
        raise GoogleError(
            400,
            "The requested time range is too long.",
            reason="timeRangeTooLong",
            domain="calendar",
        )
    tz = caltime.zone(body["timeZone"], "response") if body.get("timeZone") else dt.UTC
    expansion = body.get("calendarExpansionMax")
    if expansion is not None and not 1 <= expansion <= MAX_CALENDARS:
        raise bad_request(
            f"Invalid value for calendarExpansionMax: must be between 1 and {MAX_CALENDARS}.",
            "invalid",
        )
    items = body.get("items") or []
    if len(items) > (expansion or MAX_CALENDARS):
        raise GoogleError(
            400,
            "Too many calendars requested.",
            reason="tooManyCalendarsRequested",
            domain="calendar",
        )
    calendars: dict[str, Any] = {}
    for item in items:
        requested = item.get("id") or ""
        cal_id = call.identity.email if requested == "primary" else requested
        cal = fake.calendars.get(cal_id.lower())
        if cal is None and cal_id.lower() == call.identity.email.lower():
            cal = fake.add_calendar(call.identity.email)
        if cal is None or not cal.free_busy_visible(call.identity):
            calendars[requested] = {
                "errors": [{"domain": "global", "reason": "notFound"}],
                "busy": [],
            }
            continue
        blocks = list(cal.busy)
        for stored in cal.events.values():
            event = stored.resource
            if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
                continue
            span = caltime.span(event, cal.tz)
            blocks.extend(caltime.instances(event, span, tmin, tmax))
        clipped = [(max(a, tmin), min(b, tmax)) for a, b in blocks if b > tmin and a < tmax]
        calendars[requested] = {
            "busy": [
                {"start": caltime.rfc3339(a, tz), "end": caltime.rfc3339(b, tz)}
                for a, b in _merge(clipped)
            ]
        }
    return 200, {
        "kind": "calendar#freeBusy",
        "timeMin": caltime.rfc3339(tmin, dt.UTC).replace("Z", ".000Z"),
        "timeMax": caltime.rfc3339(tmax, dt.UTC).replace("Z", ".000Z"),
        "calendars": calendars,
    }


HANDLERS = {"calendar.freebusy.query": query}
