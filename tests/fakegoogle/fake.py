"""FakeGoogle: the in-memory state, the test helpers, and the server's lifecycle."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from . import a1, caltime
from .auth import AuthState, ServiceAccount
from .calendar_model import CalendarData, FreeBusySharing
from .cells import Cell, render
from .cloudtasks import TaskQueues
from .faults import Fault, FaultBook, FaultRule, LoggedRequest
from .meet import MeetControls
from .meet_model import MeetState
from .quota import Quota
from .sheets import add_grid_sheet, new_spreadsheet
from .sheets_model import DEFAULT_COLS, DEFAULT_ROWS, ROLES, Spreadsheet
from .sheets_values import write
from .tasks_delivery import TaskControls

AUTH_PATHS = re.compile(r"^/(token|oauth2/)")


class FakeGoogle(MeetControls, TaskControls):
    """A fake of Google's OAuth2, Sheets v4, Calendar v3, Meet v2 and Cloud Tasks v2 over HTTP.

    Use as a context manager or call :meth:`start` / :meth:`stop`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.lock = threading.RLock()
        self.clock: Callable[[], float] = time.time
        self.latency: float = 0.0
        self.default_time_zone = "UTC"
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.reset()

    # ------------------------------------------------------------ lifecycle

    def reset(self) -> None:
        """Forget all state, tokens, faults and the log (the server keeps running)."""
        with self.lock:
            self.auth = AuthState()
            self.spreadsheets: dict[str, Spreadsheet] = {}
            self.calendars: dict[str, CalendarData] = {}
            self.notifications: list[dict[str, Any]] = []
            self.faults = FaultBook()
            self.log: list[LoggedRequest] = []
            self.latency = 0.0
            self.quota: Quota | None = None
            self.meet = MeetState()
            self.task_queues = TaskQueues()

    def start(self) -> FakeGoogle:
        from .server import serve

        self._server, self._thread = serve(self, self.host, self.port)
        self.port = self._server.server_address[1]
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT/``: the root to put in front of ``v4/...``."""
        return self.base_url + "/"

    @property
    def token_uri(self) -> str:
        return self.base_url + "/token"

    @property
    def certs_url(self) -> str:
        return self.base_url + "/oauth2/v1/certs"

    # ------------------------------------------------------------ auth

    def register_service_account(
        self,
        email: str = "aibou@aibou-test.iam.gserviceaccount.com",
        *,
        private_key: rsa.RSAPrivateKey | None = None,
        delegated: bool = False,
        delegated_scopes: set[str] | None = None,
    ) -> ServiceAccount:
        """Accept JWT assertions signed by this account's key at ``/token``.

        ``delegated`` allows domain-wide delegation (``sub``), for ``delegated_scopes`` only
        if given (as the Admin console's client-ID/scope list does).
        """
        scopes = frozenset(delegated_scopes) if delegated_scopes is not None else None
        return self.auth.register(
            email, private_key=private_key, delegated=delegated, delegated_scopes=scopes
        )

    def set_delegated(
        self, email: str, delegated: bool = True, scopes: set[str] | None = None
    ) -> None:
        sa = self.auth.service_accounts[email]
        sa.delegated = delegated
        sa.delegated_scopes = frozenset(scopes) if scopes is not None else None

    def write_key_file(self, account: ServiceAccount, path: Path) -> Path:
        """Write ``account``'s JSON key with ``token_uri`` pointing at this fake."""
        return account.write_key_file(path, self.token_uri)

    def add_user_token(
        self, token: str, email: str, scopes: set[str] | list[str], *, expires_in: int = 3600
    ) -> None:
        """Accept ``token`` as a user's OAuth token (as an add-on receives it)."""
        self.auth.add_user_token(token, email, set(scopes), self.clock() + expires_in)

    def expire_tokens(self) -> None:
        """Make every issued access token invalid (clients then see a 401 and refresh)."""
        with self.auth.lock:
            self.auth.tokens.clear()

    def mint_id_token(
        self,
        audience: str,
        email: str,
        *,
        issuer: str = "https://accounts.google.com",
        email_verified: bool = True,
        expires_in: int = 3600,
        extra: dict[str, Any] | None = None,
        key: rsa.RSAPrivateKey | None = None,
    ) -> str:
        """A Google-style ID token signed by the key served at ``/oauth2/v1/certs``.

        ``expires_in <= 0`` gives an expired token; ``key`` signs with another key (forgery,
        the header still names the fake's key id).

        Its ``iat``/``exp`` are real time, not :attr:`clock`: an ID token is judged by the app
        (google-auth, on the machine's clock), not by the fake, so it is minted on the clock
        its verifier reads. :attr:`clock` stays the time of what the fake itself judges (quota
        windows, access tokens, task names), which tests may run virtually.
        """
        return self.auth.mint_id_token(
            audience,
            email,
            now=time.time(),
            issuer=issuer,
            email_verified=email_verified,
            expires_in=expires_in,
            extra=extra,
            key=key,
        )

    # ------------------------------------------------------------ sheets helpers

    def create_spreadsheet(
        self,
        title: str,
        tabs: dict[str, list[list[Any]]] | None = None,
        owner: str = "owner@example.com",
        *,
        value_input_option: str = "USER_ENTERED",
        locale: str = "en_US",
        time_zone: str = "Asia/Tokyo",
    ) -> str:
        """Create a spreadsheet with one tab per key, seeded as values.update would."""
        with self.lock:
            ss = new_spreadsheet(title, owner, locale=locale, time_zone=time_zone)
            for tab, rows in (tabs or {"Sheet1": []}).items():
                width = max((len(r) for r in rows), default=0)
                sheet = add_grid_sheet(
                    ss, tab, max(DEFAULT_ROWS, len(rows)), max(DEFAULT_COLS, width)
                )
                if rows:
                    write(ss, "", {"values": rows}, value_input_option, owner, anchor=(sheet, 0, 0))
            self.spreadsheets[ss.id] = ss
            return ss.id

    def share(self, spreadsheet_id: str, email: str, role: str = "writer") -> None:
        """Give ``email`` ``reader``, ``writer`` or ``owner`` access."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {sorted(ROLES)}")
        with self.lock:
            self.spreadsheets[spreadsheet_id].acl[email.lower()] = role

    def unshare(self, spreadsheet_id: str, email: str) -> None:
        with self.lock:
            self.spreadsheets[spreadsheet_id].acl.pop(email.lower(), None)

    def spreadsheet(self, spreadsheet_id: str) -> dict[str, Any]:
        """The Spreadsheet resource, as spreadsheets.get returns it."""
        with self.lock:
            return self.spreadsheets[spreadsheet_id].to_json()

    def sheet_titles(self, spreadsheet_id: str) -> list[str]:
        with self.lock:
            return [s.title for s in self.spreadsheets[spreadsheet_id].sheets]

    def values(
        self, spreadsheet_id: str, title: str, render_option: str = "FORMULA"
    ) -> list[list[Any]]:
        """What a tab holds (trimmed as Google trims). FORMULA: formulas as ``=...`` text."""
        with self.lock:
            ss = self.spreadsheets[spreadsheet_id]
            text = a1.quote_title(title) if ss.by_title(title) else title
            return ss.read(text, "ROWS", render_option, "SERIAL_NUMBER").get("values", [])

    def cells(self, spreadsheet_id: str, title: str) -> dict[str, Cell]:
        """Stored cells by A1 address: tells a RAW ``=`` string from a formula."""
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].by_title(title)
            assert sheet is not None, title
            return {f"{a1.col_letters(c)}{r + 1}": cell for (r, c), cell in sheet.cells.items()}

    def cell(self, spreadsheet_id: str, title: str, address: str) -> Any:
        """One cell as FORMULA rendering gives it (``None`` if empty)."""
        found = self.cells(spreadsheet_id, title).get(address.upper())
        return None if found is None else render(found, "FORMULA", "SERIAL_NUMBER")

    def developer_metadata(self, spreadsheet_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(m) for m in self.spreadsheets[spreadsheet_id].developer_metadata]

    def protected_ranges(self, spreadsheet_id: str, title: str) -> list[dict[str, Any]]:
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].by_title(title)
            assert sheet is not None, title
            return [dict(p) for p in sheet.protected_ranges]

    # ------------------------------------------------------------ calendar helpers

    def add_calendar(
        self,
        calendar_id: str,
        *,
        owner: str | None = None,
        time_zone: str | None = None,
        summary: str = "",
        readers: tuple[str, ...] | list[str] = (),
        writers: tuple[str, ...] | list[str] = (),
        free_busy: FreeBusySharing = "domain",
    ) -> CalendarData:
        """Register a calendar (a user's primary: ``calendar_id`` = their email).

        ``free_busy``: who sees its free/busy without an ACL entry: ``domain`` (same email
        domain, Workspace's default), ``public`` or ``private``.
        """
        with self.lock:
            key = calendar_id.lower()
            if key not in self.calendars:
                cal = CalendarData(
                    id=calendar_id,
                    owner=owner or calendar_id,
                    time_zone=time_zone or self.default_time_zone,
                    summary=summary,
                    free_busy=free_busy,
                )
                self.calendars[key] = cal
            cal = self.calendars[key]
            for email in readers:
                cal.acl[email.lower()] = "reader"
            for email in writers:
                cal.acl[email.lower()] = "writer"
            return cal

    def share_calendar(self, calendar_id: str, email: str, role: str = "reader") -> None:
        """ACL role: ``freeBusyReader``, ``reader``, ``writer`` or ``owner``."""
        with self.lock:
            self.calendars[calendar_id.lower()].acl[email.lower()] = role

    def add_busy(self, email: str, start: dt.datetime | str, end: dt.datetime | str) -> None:
        """A busy block in ``email``'s calendar (seen by freeBusy, not by events.list)."""

        def instant(value: dt.datetime | str) -> dt.datetime:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
            if moment.tzinfo is None:
                raise ValueError("add_busy needs timezone-aware times")
            return moment

        with self.lock:
            self.add_calendar(email).busy.append((instant(start), instant(end)))

    def respond(self, calendar_id: str, event_id: str, email: str, response: str) -> None:
        """``email`` answers the invitation: sets ``attendees[].responseStatus`` on the stored
        event (a series: every instance), bumping ``updated``/``etag`` as a reply does.

        ``calendar_id``: the organiser's calendar (or its owner's email). ``response``:
        ``accepted``, ``declined``, ``tentative`` or ``needsAction``.
        """
        from .calendar_events import ATTENDEE_STATUS
        from .calendar_model import etag

        if response not in ATTENDEE_STATUS:
            raise ValueError(f"response must be one of {ATTENDEE_STATUS}")
        with self.lock:
            cal = self.calendars.get(calendar_id.lower()) or next(
                (c for c in self.calendars.values() if c.owner.lower() == calendar_id.lower()),
                None,
            )
            stored = cal.events.get(event_id) if cal else None
            if cal is None or stored is None:
                raise KeyError(f"no event {event_id!r} in calendar {calendar_id!r}")
            attendee = next(
                (
                    a
                    for a in stored.resource.get("attendees", [])
                    if a.get("email", "").lower() == email.lower()
                ),
                None,
            )
            if attendee is None:
                raise KeyError(f"{email} is not invited to {event_id}")
            attendee["responseStatus"] = response
            seq = cal.touch()
            stored.seq = seq
            now = self.clock()
            stored.resource.update(updated=caltime.stamp(now), etag=etag(seq, now))

    def events(self, calendar_id: str, *, include_cancelled: bool = True) -> list[dict[str, Any]]:
        with self.lock:
            cal = self.calendars.get(calendar_id.lower())
            if cal is None:
                return []
            return [
                dict(s.resource)
                for s in cal.events.values()
                if include_cancelled or s.resource.get("status") != "cancelled"
            ]

    def event(self, calendar_id: str, event_id: str) -> dict[str, Any] | None:
        with self.lock:
            cal = self.calendars.get(calendar_id.lower())
            stored = cal.events.get(event_id) if cal else None
            return dict(stored.resource) if stored else None

    # ------------------------------------------------------------ quota

    def set_quota(
        self,
        per_user_per_minute: int = 600,
        per_project_per_minute: int = 10_000,
        window_seconds: float = 60.0,
    ) -> Quota:
        """Enforce Calendar's per-minute quota (sliding window, on :attr:`clock`).

        ``window_seconds`` shortens "a minute": 0.6 with the limits unchanged runs Google's
        quota 100 times faster. Every Calendar call and batch part counts.
        """
        with self.lock:
            self.quota = Quota(per_user_per_minute, per_project_per_minute, window_seconds)
            return self.quota

    def clear_quota(self) -> None:
        with self.lock:
            self.quota = None

    def quota_stats(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{"users": {email: {"calls", "refused"}}, "projects": {...}}`` (empty if off)."""
        quota = self.quota
        return quota.stats() if quota else {"users": {}, "projects": {}}

    # ------------------------------------------------------------ faults and log

    def inject(
        self, method: str | None, path_regex: str, fault: Fault, times: int | None = 1
    ) -> FaultRule:
        """Apply ``fault`` to the next ``times`` requests (None: all) whose method matches
        (None: any) and whose path (no query string) matches ``path_regex`` (re.search).
        Batch parts are matched by their own method and path."""
        return self.faults.add(FaultRule(method, path_regex, fault, times))

    def clear_faults(self) -> None:
        self.faults.clear()

    def record(self, entry: LoggedRequest) -> None:
        with self.lock:
            self.log.append(entry)

    def requests(
        self,
        method: str | None = None,
        path_regex: str | None = None,
        *,
        include_batch_parts: bool = True,
        include_auth: bool = False,
    ) -> list[LoggedRequest]:
        """Logged requests matching the filters (``/token`` and certs excluded by default)."""
        with self.lock:
            entries = list(self.log)
        return [
            e
            for e in entries
            if (method is None or e.method == method.upper())
            and (path_regex is None or re.search(path_regex, e.path))
            and (include_batch_parts or not e.is_batch_part)
            and (include_auth or not AUTH_PATHS.match(e.path))
        ]

    def round_trips(
        self,
        method: str | None = None,
        path_regex: str | None = None,
        *,
        include_auth: bool = False,
    ) -> int:
        """Real HTTP requests (a batch counts once), excluding ``/token`` and certs by default."""
        return len(
            self.requests(method, path_regex, include_batch_parts=False, include_auth=include_auth)
        )

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()
