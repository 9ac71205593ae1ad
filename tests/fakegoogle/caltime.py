"""Calendar time rules: RFC 3339, EventDateTime, RRULE validation and expansion."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rruleset, rrulestr

from .errors import GoogleError, bad_request

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$", re.I
)
_LINE = re.compile(r"^(RRULE|EXRULE|RDATE|EXDATE)([;:])(.*)$")
_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)", re.I)
UNBOUNDED_INSTANCE_CAP = 730


def zone(name: str, which: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise bad_request(f"Invalid time zone definition for {which} time.", "invalid") from exc


def parse_rfc3339(text: str, *, name: str, default_tz: ZoneInfo | None = None) -> dt.datetime:
    m = _RFC3339.match(text)
    if not m:
        raise bad_request(f"Bad Request: invalid {name}: {text}", "badRequest")
    if m.group(8) is None and default_tz is None:
        raise bad_request(f"Bad Request: {name} must have a time zone offset: {text}")
    try:
        moment = dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError as exc:
        raise bad_request(f"Bad Request: invalid {name}: {text}") from exc
    if moment.tzinfo is None:
        assert default_tz is not None
        moment = moment.replace(tzinfo=default_tz)
    return moment


def rfc3339(moment: dt.datetime, tz: dt.tzinfo = dt.UTC) -> str:
    local = moment.astimezone(tz)
    text = local.isoformat(timespec="seconds")
    return text.replace("+00:00", "Z") if local.utcoffset() == dt.timedelta(0) else text


def stamp(now: float) -> str:
    return dt.datetime.fromtimestamp(now, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{int(now * 1000) % 1000:03d}Z"
    )


@dataclass(frozen=True)
class Span:
    """An event's start and end as instants (all-day: midnight in the calendar's zone)."""

    start: dt.datetime
    end: dt.datetime
    all_day: bool
    tz: ZoneInfo  # the zone the recurrence expands in


def _instant(edt: dict[str, Any], which: str, calendar_tz: ZoneInfo) -> tuple[dt.datetime, bool]:
    if edt.get("date") and edt.get("dateTime"):
        raise bad_request(f"Invalid {which} time.", "invalid")
    tz = zone(edt["timeZone"], which) if edt.get("timeZone") else None
    if edt.get("date"):
        day = dt.date.fromisoformat(edt["date"])
        return dt.datetime(day.year, day.month, day.day, tzinfo=calendar_tz), True
    if edt.get("dateTime"):
        text = edt["dateTime"]
        m = _RFC3339.match(text)
        if not m:
            raise bad_request(f"Invalid {which} time.", "invalid")
        if m.group(8) is None and tz is None:
            raise bad_request(f"Missing time zone definition for {which} time.", "required")
        moment = dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            assert tz is not None
            moment = moment.replace(tzinfo=tz)
        return moment, False
    raise bad_request(f"Missing {which} time.", "required")


def span(event: dict[str, Any], calendar_tz: ZoneInfo) -> Span:
    """Check start/end as Google does and return the event's span."""
    start_edt, end_edt = event.get("start") or {}, event.get("end") or {}
    start, start_all_day = _instant(start_edt, "start", calendar_tz)
    end, end_all_day = _instant(end_edt, "end", calendar_tz)
    if start_all_day != end_all_day:
        raise bad_request(
            "Start and end times must either both be date or both be dateTime.", "invalid"
        )
    if end <= start:
        raise GoogleError(400, "The specified time range is empty.", reason="timeRangeEmpty")
    recurrence = event.get("recurrence") or []
    tz = calendar_tz
    if recurrence and not start_all_day:
        for which, edt in (("start", start_edt), ("end", end_edt)):
            if not edt.get("timeZone"):
                raise bad_request(f"Missing time zone definition for {which} time.", "required")
        tz = zone(start_edt["timeZone"], "start")
    elif start_edt.get("timeZone"):
        tz = zone(start_edt["timeZone"], "start")
    result = Span(start, end, start_all_day, tz)
    if recurrence:
        _check_recurrence(recurrence, result)
    return result


def _dtstart(s: Span) -> dt.datetime:
    if s.all_day:
        return s.start.replace(tzinfo=None)
    return s.start.astimezone(s.tz)


def _rules(recurrence: list[str], s: Span) -> rruleset:
    rules = rrulestr("\n".join(recurrence), dtstart=_dtstart(s), forceset=True)
    assert isinstance(rules, rruleset)
    return rules


def _check_recurrence(recurrence: list[str], s: Span) -> None:
    invalid = bad_request("Invalid recurrence rule.", "invalid")
    for line in recurrence:
        m = _LINE.match(line)
        if not m:
            raise invalid
        until = _UNTIL.search(line)
        if until and m.group(1) in ("RRULE", "EXRULE"):
            value = until.group(1).upper()
            if s.all_day and "T" in value:
                raise invalid
            if not s.all_day and not value.endswith("Z"):
                raise invalid
    try:
        rules = _rules(recurrence, s)
        first = next(iter(rules), None)
        del first
    except (ValueError, TypeError, KeyError) as exc:
        raise invalid from exc


def instances(
    event: dict[str, Any],
    s: Span,
    window_start: dt.datetime | None,
    window_end: dt.datetime | None,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every occurrence overlapping the window (single events: one)."""
    recurrence = event.get("recurrence") or []
    duration = s.end - s.start
    if not recurrence:
        candidates = [(s.start, s.end)]
    else:
        candidates = []
        for occurrence in _rules(recurrence, s):
            start = occurrence.replace(tzinfo=s.tz) if s.all_day else occurrence
            if window_end is not None and start >= window_end:
                break
            candidates.append((start, start + duration))
            if window_end is None and len(candidates) >= UNBOUNDED_INSTANCE_CAP:
                break
    return [
        (a, b)
        for a, b in candidates
        if (window_start is None or b > window_start) and (window_end is None or a < window_end)
    ]
