"""Google Meet REST API v2 state: spaces, conference records, participants, and filters."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import string
from dataclasses import dataclass, field
from typing import Any

from .errors import GoogleError

MEETING_CODE = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")
RECORD_LIFETIME = dt.timedelta(days=30)  # conference records expire 30 days after the end


def user_resource(email: str) -> str:
    """``users/{id}``: the same number the fake's ID tokens carry in ``sub``."""
    return "users/" + str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21]


def _random_id(n: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(n))


def timestamp(moment: dt.datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` (Google's Timestamp JSON)."""
    text = moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    return text + "Z"


@dataclass
class Space:
    name: str  # spaces/{id}
    meeting_code: str
    owner: str


@dataclass
class Participant:
    name: str
    display_name: str
    email: str | None  # a signed-in user; None: anonymous
    start: dt.datetime
    end: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "earliestStartTime": timestamp(self.start)}
        if self.end is not None:
            out["latestEndTime"] = timestamp(self.end)
        if self.email:
            out["signedinUser"] = {
                "user": user_resource(self.email),
                "displayName": self.display_name,
            }
        else:
            out["anonymousUser"] = {"displayName": self.display_name}
        return out


@dataclass
class ConferenceRecord:
    name: str  # conferenceRecords/{id}
    space: Space
    start: dt.datetime
    end: dt.datetime | None
    participants: list[Participant] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "startTime": timestamp(self.start),
            "space": self.space.name,
        }
        if self.end is not None:
            out["endTime"] = timestamp(self.end)
            out["expireTime"] = timestamp(self.end + RECORD_LIFETIME)
        return out


@dataclass
class MeetState:
    enabled: bool = True
    spaces: dict[str, Space] = field(default_factory=dict)  # by meeting code
    records: dict[str, ConferenceRecord] = field(default_factory=dict)  # by name

    def space(self, code: str, owner: str) -> Space:
        if not MEETING_CODE.match(code):
            raise ValueError(f"not a Meet meeting code (xxx-xxxx-xxx): {code!r}")
        if code not in self.spaces:
            self.spaces[code] = Space(f"spaces/{_random_id(12)}", code, owner.lower())
        return self.spaces[code]

    def record(
        self,
        space: Space,
        start: dt.datetime,
        end: dt.datetime | None,
        participants: list[str],
    ) -> ConferenceRecord:
        record = ConferenceRecord(f"conferenceRecords/{_random_id(20)}", space, start, end)
        for who in participants:
            email = who if "@" in who else None
            shown = who.split("@", 1)[0] if email else who
            record.participants.append(
                Participant(
                    f"{record.name}/participants/{_random_id(16)}", shown, email, start, end
                )
            )
        self.records[record.name] = record
        return record


# ---------------------------------------------------------------- filters

CLAUSE = re.compile(
    r'^\s*(?P<field>[a-z_.]+)\s*(?:(?P<op>>=|<=|!=|=|>|<)\s*"(?P<value>[^"]*)"|'
    r"\s+IS\s+(?P<null>NOT\s+)?NULL)\s*$"
)
AND = re.compile(r'\s+AND\s+(?=(?:[^"]*"[^"]*")*[^"]*$)')
TIME_FIELDS = {"start_time", "end_time", "earliest_start_time", "latest_end_time"}


def invalid_filter(text: str, why: str) -> GoogleError:
    return GoogleError(400, f"Invalid filter: {text!r}: {why}", status="INVALID_ARGUMENT")


def parse_filter(
    text: str | None, allowed: dict[str, tuple[str, ...]]
) -> list[tuple[str, str, Any]]:
    """``a = "x" AND b >= "t"`` into (field, op, value) triples; ``IS NULL`` is op ``null``.

    Only conjunctions of comparisons with quoted values (and ``IS [NOT] NULL``) are read;
    anything else (OR, NOT, parentheses, unquoted values, other fields) is a 400.
    """
    if not text or not text.strip():
        return []
    out = []
    for part in AND.split(text.strip()):
        m = CLAUSE.match(part)
        if not m:
            raise invalid_filter(text, f"cannot parse {part.strip()!r}")
        name = m["field"]
        op = ("notnull" if m["null"] else "null") if m["op"] is None else m["op"]
        if name not in allowed:
            raise invalid_filter(text, f"unknown field {name!r}")
        if op not in allowed[name]:
            raise invalid_filter(text, f"operator {op!r} not supported on {name!r}")
        value: Any = m["value"]
        if name in TIME_FIELDS and m["op"] is not None:
            try:
                value = dt.datetime.fromisoformat(
                    value.replace("Z", "+00:00").replace("z", "+00:00")
                )
            except ValueError:
                raise invalid_filter(text, f"invalid timestamp {m['value']!r}") from None
            if value.tzinfo is None:
                raise invalid_filter(text, f"timestamp without offset {m['value']!r}")
        out.append((name, op, value))
    return out


def compare(actual: Any, op: str, wanted: Any) -> bool:
    if op == "null":
        return actual is None
    if op == "notnull":
        return actual is not None
    if actual is None:
        return False
    return {
        "=": actual == wanted,
        "!=": actual != wanted,
        ">": actual > wanted,
        ">=": actual >= wanted,
        "<": actual < wanted,
        "<=": actual <= wanted,
    }[op]
