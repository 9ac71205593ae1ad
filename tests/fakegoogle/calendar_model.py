"""Calendar state: calendars, their ACLs and free/busy visibility, stored events."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from .auth import Identity
from .errors import GoogleError

ROLE_RANK = {"freeBusyReader": 1, "reader": 2, "writer": 3, "owner": 4}
CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar"
FreeBusySharing = Literal["domain", "public", "private"]
BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


def not_found() -> GoogleError:
    return GoogleError(404, "Not Found", reason="notFound")


@dataclass
class StoredEvent:
    resource: dict[str, Any]
    seq: int  # calendar modification counter at the last change (for sync tokens)


@dataclass
class CalendarData:
    id: str
    owner: str
    time_zone: str = "UTC"
    summary: str = ""
    acl: dict[str, str] = field(default_factory=dict)
    free_busy: FreeBusySharing = "domain"
    events: dict[str, StoredEvent] = field(default_factory=dict)
    busy: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    seq: int = 0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def domain(self) -> str:
        return self.owner.rsplit("@", 1)[-1].lower()

    def role(self, email: str) -> int:
        email = email.lower()
        if email == self.owner.lower():
            return ROLE_RANK["owner"]
        return ROLE_RANK.get(self.acl.get(email, ""), 0)

    def _require_scope_covers(self, identity: Identity) -> None:
        """A token whose only Calendar scopes are ``*.owned`` reaches owned calendars only."""
        broad = {f"{CALENDAR_SCOPE}{s}" for s in ("", ".readonly", ".events", ".events.readonly")}
        if identity.scopes & broad or self.role(identity.email) >= ROLE_RANK["owner"]:
            return
        raise GoogleError(
            403, "Request had insufficient authentication scopes.", reason="insufficientPermissions"
        )

    def require_read(self, identity: Identity) -> None:
        if self.role(identity.email) < ROLE_RANK["reader"]:
            raise not_found()
        self._require_scope_covers(identity)

    def require_write(self, identity: Identity) -> None:
        self._require_scope_covers(identity)
        rank = self.role(identity.email)
        if rank < ROLE_RANK["reader"]:
            raise not_found()
        if rank < ROLE_RANK["writer"]:
            raise GoogleError(
                403,
                "You need to have writer access to this calendar.",
                reason="requiredAccessLevel",
            )

    def free_busy_visible(self, identity: Identity) -> bool:
        if self.role(identity.email) >= ROLE_RANK["freeBusyReader"]:
            return True
        if self.free_busy == "public":
            return True
        return self.free_busy == "domain" and identity.domain == self.domain

    def touch(self) -> int:
        self.seq += 1
        return self.seq


def new_event_id() -> str:
    return "".join(secrets.choice(BASE32HEX) for _ in range(26))


def html_link(event_id: str, calendar_id: str) -> str:
    eid = base64.urlsafe_b64encode(f"{event_id} {calendar_id}".encode()).rstrip(b"=").decode()
    return f"https://www.google.com/calendar/event?eid={eid}"


def etag(seq: int, now: float) -> str:
    return f'"{int(now * 1000) * 1000 + seq % 1000}"'
