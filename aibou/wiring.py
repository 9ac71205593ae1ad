"""The composition root: configuration -> credentials -> adapters, retry policy and clock.

This is the one module of :mod:`aibou` that reads the environment (:meth:`Config.from_env`).
:func:`wire` turns a configuration into a :class:`Wiring`, which the doors receive: the command
line (:mod:`aibou.cli`), the Flask app (:func:`aibou.web.create_app`) and through it the
scheduler's task and the add-on's routes. Tests call :func:`wire` too, with a fixed clock and a
retry policy that does not wait.
"""

from __future__ import annotations

import gc
import os
import platform
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aibou.domain.sheet.cells import is_email
from aibou.errors import AibouError
from aibou.google import secure_endpoint
from aibou.google.calendar import GOOGLE_API_ROOT
from aibou.google.meet import GOOGLE_MEET_ROOT
from aibou.google.pacing import DEFAULT_RATE, Pacer, Pacers
from aibou.google.retry import Backoff
from aibou.google.sheets import GOOGLE_SHEETS_ROOT
from aibou.ports import Calendar, Meetings, Spreadsheet, TaskQueue, Templates
from aibou.templates import FileTemplates

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

__all__ = [
    "DEFAULT_CERTS_URL",
    "Config",
    "ConfigError",
    "GoogleConfig",
    "Wiring",
    "interactive_backoff",
    "system_clock",
    "tune_collector",
    "wire",
]

DEFAULT_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
DEFAULT_PORT = 8080
#: Cloud Tasks' API root (``AIBOU_TASKS_ENDPOINT`` replaces it).
CLOUD_TASKS_ROOT = "https://cloudtasks.googleapis.com/"
_QUEUE = re.compile(r"projects/[a-z0-9:.-]+/locations/[a-z0-9-]+/queues/[A-Za-z0-9-]{1,100}")


def interactive_backoff() -> Backoff:
    """Retries for a user who waits in the side panel: three tries within a few seconds."""
    return Backoff(attempts=3, base=0.5, cap=4.0)


_URL = re.compile(r"https?://[^\s/]+(/\S*)?")


class ConfigError(AibouError):
    """An environment variable has a value aibou cannot use."""


@dataclass(frozen=True)
class GoogleConfig:
    """How aibou reaches Google: the API roots and the user scheduled runs act as."""

    sheets_endpoint: str = GOOGLE_SHEETS_ROOT
    calendar_endpoint: str = GOOGLE_API_ROOT
    delegated_user: str = ""
    calendar_rate: int = DEFAULT_RATE
    meet_endpoint: str = GOOGLE_MEET_ROOT
    #: Users who organised earlier rotations, whose events a run may still amend acting as
    #: them (``AIBOU_FORMER_DELEGATED_USERS``); ``delegated_user`` is always allowed.
    former_delegated_users: frozenset[str] = frozenset()

    @property
    def organisers(self) -> frozenset[str]:
        """Everyone a run may act as through delegation to amend and report on a rotation."""
        mine = {self.delegated_user} if self.delegated_user else set()
        return frozenset(mine) | self.former_delegated_users

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GoogleConfig:
        """Read the Google variables; raise :class:`ConfigError` naming any bad one."""
        config, problems = cls._read(os.environ if env is None else env)
        _raise_if(problems)
        return config

    @classmethod
    def _read(cls, env: Mapping[str, str]) -> tuple[GoogleConfig, list[str]]:
        problems: list[str] = []
        delegated = _get(env, "AIBOU_DELEGATED_USER").lower()
        if delegated and not is_email(delegated):
            problems.append(f"AIBOU_DELEGATED_USER={delegated!r} is not an e-mail address")
        roots = {}
        for name, default in (
            ("AIBOU_SHEETS_ENDPOINT", GOOGLE_SHEETS_ROOT),
            ("AIBOU_CALENDAR_ENDPOINT", GOOGLE_API_ROOT),
            ("AIBOU_MEET_ENDPOINT", GOOGLE_MEET_ROOT),
        ):
            roots[name] = _get(env, name) or default
            if not secure_endpoint(roots[name]):
                problems.append(
                    f"{name}={_get(env, name)!r} is not an https URL (http only on localhost)"
                )
        former = frozenset(
            e.strip().lower()
            for e in _get(env, "AIBOU_FORMER_DELEGATED_USERS").split(",")
            if e.strip()
        )
        problems += [
            f"AIBOU_FORMER_DELEGATED_USERS has {e!r}, not an e-mail address"
            for e in sorted(former)
            if not is_email(e)
        ]
        rate = _get(env, "AIBOU_CALENDAR_RATE") or str(DEFAULT_RATE)
        if not rate.isdigit() or not 1 <= int(rate) <= 10_000:
            problems.append(f"AIBOU_CALENDAR_RATE={rate!r} is not a number of calls (1-10000)")
            rate = str(DEFAULT_RATE)
        config = cls(
            _slash(roots["AIBOU_SHEETS_ENDPOINT"]),
            _slash(roots["AIBOU_CALENDAR_ENDPOINT"]),
            delegated,
            int(rate),
            _slash(roots["AIBOU_MEET_ENDPOINT"]),
            former,
        )
        return config, problems


@dataclass(frozen=True)
class Config:
    """What the service needs to know about its deployment (README, Configuration)."""

    spreadsheet_id: str = ""
    tasks_audience: str = ""
    tasks_invokers: frozenset[str] = frozenset()
    addon_service_account: str = ""
    #: The add-on's OAuth client ID (``oauthClientId`` of ``gcloud workspace-add-ons
    #: get-authorization``): the audience of the user's ID token; empty, every user is unknown.
    addon_client_id: str = ""
    public_url: str = ""
    certs_url: str = DEFAULT_CERTS_URL
    on_app_engine: bool = False
    port: int = DEFAULT_PORT
    google: GoogleConfig = field(default_factory=GoogleConfig)
    tasks_queue: str = ""
    tasks_endpoint: str = CLOUD_TASKS_ROOT

    @property
    def invite_url(self) -> str:
        """Where Cloud Tasks sends the invitation tasks (also their tokens' audience)."""
        return f"{self.public_url}/tasks/invite" if self.public_url else ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Read every variable; raise :class:`ConfigError` naming any bad one."""
        env = os.environ if env is None else env
        google, problems = GoogleConfig._read(env)
        public_url = _get(env, "AIBOU_PUBLIC_URL").rstrip("/")
        if public_url and not _URL.fullmatch(public_url):
            problems.append(f"AIBOU_PUBLIC_URL={public_url!r} is not an http(s) URL")
        invokers = frozenset(
            e.strip().lower() for e in _get(env, "AIBOU_TASKS_INVOKERS").split(",") if e.strip()
        )
        problems += [
            f"AIBOU_TASKS_INVOKERS has {e!r}, not an e-mail address"
            for e in invokers
            if not is_email(e)
        ]
        addon = _get(env, "AIBOU_ADDON_SERVICE_ACCOUNT").lower()
        if addon and not is_email(addon):
            problems.append(f"AIBOU_ADDON_SERVICE_ACCOUNT={addon!r} is not an e-mail address")
        certs_url = _get(env, "AIBOU_ID_TOKEN_CERTS_URL") or DEFAULT_CERTS_URL
        if not secure_endpoint(certs_url):
            problems.append(f"AIBOU_ID_TOKEN_CERTS_URL={certs_url!r} is not an https URL")
        queue = _get(env, "AIBOU_TASKS_QUEUE")
        if queue and not _QUEUE.fullmatch(queue):
            problems.append(f"AIBOU_TASKS_QUEUE={queue!r} is not projects/P/locations/L/queues/Q")
        if queue and not public_url:
            problems.append("AIBOU_TASKS_QUEUE needs AIBOU_PUBLIC_URL (where tasks are sent)")
        tasks_endpoint = _get(env, "AIBOU_TASKS_ENDPOINT") or CLOUD_TASKS_ROOT
        if not secure_endpoint(tasks_endpoint):
            problems.append(f"AIBOU_TASKS_ENDPOINT={tasks_endpoint!r} is not an https URL")
        port = _get(env, "PORT") or str(DEFAULT_PORT)
        if not port.isdigit():
            problems.append(f"PORT={port!r} is not a port number")
        _raise_if(problems)
        return cls(
            spreadsheet_id=_get(env, "AIBOU_SPREADSHEET_ID"),
            tasks_audience=_get(env, "AIBOU_TASKS_AUDIENCE")
            or (f"{public_url}/tasks/rotate" if public_url else ""),
            tasks_invokers=invokers,
            addon_service_account=addon,
            addon_client_id=_get(env, "AIBOU_ADDON_CLIENT_ID"),
            public_url=public_url,
            certs_url=certs_url,
            on_app_engine=env.get("GAE_ENV", "") == "standard",
            port=int(port),
            google=google,
            tasks_queue=queue,
            tasks_endpoint=_slash(tasks_endpoint),
        )

    @classmethod
    def command_line(cls, env: Mapping[str, str] | None = None) -> Config:
        """What a command needs: how to reach Google, nothing of the web service's settings."""
        return cls(google=GoogleConfig.from_env(env))


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise ConfigError(
            "aibou cannot start: " + "; ".join(problems) + ". See README, Configuration."
        )


def system_clock() -> datetime:
    """The real "now", aware (UTC); the service reads it in the organiser's time zone."""
    return datetime.now(UTC)  # noqa: TID251 - the composition root is where time comes in


@dataclass(frozen=True)
class Wiring:
    """Everything a door needs: the configuration, the clock, retry policies and the adapters.

    ``backoff`` is the retry policy of unattended runs (the CLI, the scheduler); ``interactive``
    that of the side panel, where a person waits.
    """

    config: Config
    clock: Callable[[], datetime] = system_clock
    backoff: Backoff = field(default_factory=Backoff)
    interactive: Backoff = field(default_factory=interactive_backoff)
    templates: Templates = field(default_factory=FileTemplates)
    pacers: Pacers = field(default_factory=Pacers)

    def service_credentials(self) -> Credentials:
        """The service's own credentials, acting as ``AIBOU_DELEGATED_USER`` when it is set."""
        from aibou.google.auth import service_credentials

        return service_credentials(delegated_user=self.config.google.delegated_user)

    def google(
        self, spreadsheet_id: str, *, token: str | None = None, user: str = ""
    ) -> tuple[Spreadsheet, Calendar]:
        """The Sheet and Calendar ports: as the service, or as the user whose OAuth ``token``
        the add-on received (with the interactive retry policy). ``user`` is that user's
        verified e-mail: the calendar acts as them (``Calendar.owner``), which is what a
        rotation records as its organiser and what an amendment checks (§7)."""
        from aibou.google import connect
        from aibou.google.auth import user_credentials

        credentials = user_credentials(token) if token else self.service_credentials()
        google = self.config.google
        pacer = (
            Pacer(google.calendar_rate, sleep=self.interactive.sleep)
            if token
            else self.pacers.get(google.delegated_user or "service")
        )
        return connect(
            spreadsheet_id,
            credentials,
            sheets_root=google.sheets_endpoint,
            calendar_root=google.calendar_endpoint,
            backoff=self.interactive if token else self.backoff,
            pacer=pacer,
            owner=(user if token else google.delegated_user).strip().lower(),
        )

    def calendar_as(self, owner: str) -> Calendar | None:
        """The Calendar port acting as ``owner`` through domain-wide delegation, paced as that
        organiser; ``None`` unless ``owner`` is one of :attr:`GoogleConfig.organisers` (the
        record naming them is in the sheet, which its editors can change)."""
        google = self.config.google
        user = owner.strip().lower()
        if user not in google.organisers:
            return None
        from aibou.google.auth import service_credentials
        from aibou.google.calendar import GoogleCalendar

        credentials = service_credentials(delegated_user=user)
        pacer = self.pacers.get(user)
        return GoogleCalendar(credentials, google.calendar_endpoint, self.backoff, pacer, user)

    def task_queue(self) -> TaskQueue | None:
        """The Cloud Tasks queue invitations fan out to, or ``None`` (``AIBOU_TASKS_QUEUE``
        unset: everything runs in-process). Tasks are created with the runtime service
        account's own ``cloud-platform`` credentials, never the delegated user's."""
        if not self.config.tasks_queue:
            return None
        from aibou.google.auth import runtime_credentials
        from aibou.google.tasks import CloudTasksQueue

        return CloudTasksQueue(
            runtime_credentials(),
            self.config.tasks_queue,
            url=self.config.invite_url,
            invokers=self.config.tasks_invokers,
            root=self.config.tasks_endpoint,
            backoff=self.backoff,
        )

    def google_sheet(self, spreadsheet_id: str, token: str) -> Spreadsheet:
        """The spreadsheet port alone, as the user (reading and settings need no Calendar)."""
        from aibou.google.auth import user_credentials
        from aibou.google.sheets import GoogleSheet, sheets_session

        session = sheets_session(
            user_credentials(token), self.config.google.sheets_endpoint, self.interactive
        )
        return GoogleSheet(spreadsheet_id, session)

    def meetings(self, *, token: str | None = None) -> Meetings:
        """Google Meet's conference records, as the service or as the add-on's user."""
        from aibou.google.auth import service_credentials, user_credentials
        from aibou.google.meet import MEET_SCOPES, GoogleMeet

        # its own token: a delegation that does not grant Meet fails Meet alone, not the run
        credentials = (
            user_credentials(token)
            if token
            else service_credentials(MEET_SCOPES, delegated_user=self.config.google.delegated_user)
        )
        return GoogleMeet(
            credentials,
            self.config.google.meet_endpoint,
            self.interactive if token else self.backoff,
        )

    def local(self, workbook: Path, ics: Path | None = None) -> tuple[Spreadsheet, Calendar]:
        """A local ``.xlsx`` workbook and its ``.ics`` calendar (by default beside it)."""
        from aibou.local.ics import IcsCalendar
        from aibou.local.workbook import Workbook

        return Workbook(workbook), IcsCalendar(ics or workbook.with_suffix(".ics"), self.clock())

    def local_templates(self, workbook: Path) -> Templates:
        """The templates of an offline run: beside the workbook first, then the deployment's."""
        return FileTemplates.beside(workbook)


#: The cyclic garbage collector's thresholds while aibou runs (CPython's are 700, 10, 10).
COLLECTOR_THRESHOLDS = (200_000, 30, 30)


def tune_collector() -> None:
    """Run CPython's cyclic garbage collector less often, for the whole process.

    A run holds its snapshot (every rotation tab's rows: about a million objects for 10,000
    people and two years of history) until it ends, and with CPython's thresholds the collector
    walks them again and again while the run makes more: an offline rotation of 10,000 people
    spent about 0.7 s (8%) in some 700 collections, and one collection once tuned
    (``bench/end_to_end.py``). Nothing a run makes is garbage in a cycle worth collecting
    early. mypy tunes its collector the same way, for the same reason
    (``gc.set_threshold(200 * 1000, 30, 30)``). Only the command line calls it: a process that
    ends with its run. The web app keeps CPython's thresholds: a long-lived process that builds
    Google API clients (reference cycles of about 1 MB each) on every request would hold far
    more garbage between collections. Other Pythons' collectors are left as they are.
    """
    if platform.python_implementation() == "CPython":
        gc.set_threshold(*COLLECTOR_THRESHOLDS)


def wire(
    config: Config | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    backoff: Backoff | None = None,
    interactive: Backoff | None = None,
    templates: Templates | None = None,
    pacers: Pacers | None = None,
) -> Wiring:
    """The app wired from ``config`` (by default read from the environment now).

    Raises :class:`ConfigError` naming any variable aibou cannot use. Tests pass a fixed
    ``clock`` and a ``backoff`` (and ``interactive``) whose ``sleep`` does not wait, and
    ``pacers`` on a clock of their own (by default real time, waiting through ``backoff``).
    """
    config = config if config is not None else Config.from_env()
    backoff = backoff or Backoff()
    return Wiring(
        config,
        clock or system_clock,
        backoff,
        interactive or backoff or interactive_backoff(),
        templates or FileTemplates(),
        pacers or Pacers(config.google.calendar_rate, sleep=backoff.sleep),
    )


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
