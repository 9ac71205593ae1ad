"""pytest fixtures: ``fake_google`` (a running fake) and ``google_env`` (credentials + env).

Enable with ``pytest_plugins = ["tests.fakegoogle.pytest_plugin"]`` in ``tests/conftest.py``.

How clients reach the fake (the same way aibou's adapters should):

* google-auth: the service-account key file's ``token_uri`` is the fake's ``/token``.
* googleapiclient: ``build(..., client_options={"api_endpoint": f"{root}calendar/v3/"})``
  (Sheets: ``api_endpoint=root``), and ``BatchHttpRequest(batch_uri=f"{root}batch/calendar/v3")``:
  the discovery document's own batch URI would still point at Google.
* gspread / requests: mount :class:`~tests.fakegoogle.redirect.GoogleRedirectAdapter` on the
  session (see :func:`~tests.fakegoogle.redirect.redirect_session`); gspread's URL constants
  are imported by value and are not worth patching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import google_auth_httplib2
import gspread
import httplib2
import pytest
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.http import BatchHttpRequest, HttpRequest

from .auth import ServiceAccount
from .fake import FakeGoogle
from .redirect import redirect_session

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar"
MEET_SCOPE = "https://www.googleapis.com/auth/meetings.space.readonly"
CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DEFAULT_SCOPES = (SHEETS_SCOPE, CALENDAR_SCOPE)
SERVICE_ACCOUNT_EMAIL = "aibou@aibou-test.iam.gserviceaccount.com"


@dataclass
class GoogleEnv:
    """A registered service account, its key file, and ready-made real clients."""

    fake: FakeGoogle
    service_account: ServiceAccount
    key_file: Path
    sheets_endpoint: str
    calendar_endpoint: str
    certs_url: str

    @property
    def email(self) -> str:
        return self.service_account.email

    def credentials(
        self, scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES, subject: str | None = None
    ) -> service_account.Credentials:
        creds = service_account.Credentials.from_service_account_file(
            str(self.key_file), scopes=list(scopes)
        )
        return creds.with_subject(subject) if subject else creds

    def session(
        self, scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES, subject: str | None = None
    ) -> AuthorizedSession:
        """An AuthorizedSession whose ``https://*.googleapis.com/`` requests go to the fake."""
        session = AuthorizedSession(self.credentials(scopes, subject))
        redirect_session(session, self.fake.root)
        return session

    def gspread_client(
        self, scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES, subject: str | None = None
    ) -> gspread.Client:
        return gspread.Client(None, session=self.session(scopes, subject))  # type: ignore[arg-type]

    def http(
        self,
        scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES,
        subject: str | None = None,
        timeout: float = 10,
    ) -> google_auth_httplib2.AuthorizedHttp:
        return google_auth_httplib2.AuthorizedHttp(
            self.credentials(scopes, subject), http=httplib2.Http(timeout=timeout)
        )

    def calendar(
        self,
        scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES,
        subject: str | None = None,
        timeout: float = 10,
    ) -> Any:
        return build(
            "calendar",
            "v3",
            http=self.http(scopes, subject, timeout),
            client_options={"api_endpoint": self.calendar_endpoint + "calendar/v3/"},
            static_discovery=True,
        )

    def sheets(
        self,
        scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES,
        subject: str | None = None,
        timeout: float = 10,
    ) -> Any:
        return build(
            "sheets",
            "v4",
            http=self.http(scopes, subject, timeout),
            client_options={"api_endpoint": self.sheets_endpoint},
            static_discovery=True,
        )

    def meet(
        self,
        scopes: tuple[str, ...] | list[str] = (MEET_SCOPE,),
        subject: str | None = None,
        timeout: float = 10,
    ) -> Any:
        """Meet REST API v2 (``api_endpoint`` = the root: its paths start with ``v2/``)."""
        return build(
            "meet",
            "v2",
            http=self.http(scopes, subject, timeout),
            client_options={"api_endpoint": self.fake.root},
            static_discovery=True,
        )

    def cloudtasks(
        self, scopes: tuple[str, ...] | list[str] = (CLOUD_PLATFORM_SCOPE,), timeout: float = 10
    ) -> Any:
        """Cloud Tasks v2 as the service account itself (no delegation), as aibou calls it."""
        return build(
            "cloudtasks",
            "v2",
            http=self.http(scopes, None, timeout),
            client_options={"api_endpoint": self.fake.root},
            static_discovery=True,
        )

    def batch(self, callback: Callable[..., None] | None = None) -> BatchHttpRequest:
        return BatchHttpRequest(
            callback=callback, batch_uri=self.calendar_endpoint + "batch/calendar/v3"
        )


def no_backoff(request: HttpRequest) -> HttpRequest:
    """Make ``execute(num_retries=N)`` retry without sleeping (tests stay fast)."""
    request._sleep = lambda seconds: None  # type: ignore[attr-defined]
    return request


QUOTA_MARKER = "fakegoogle_quota"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{QUOTA_MARKER}(per_user_per_minute=600, per_project_per_minute=10000, "
        "window_seconds=60): make fake_google enforce Calendar's per-minute quota",
    )


@pytest.fixture
def fake_google(request: pytest.FixtureRequest) -> Iterator[FakeGoogle]:
    """A fresh fake Google on a free loopback port, stopped after the test.

    ``@pytest.mark.fakegoogle_quota(...)`` on a test enforces Calendar's quota
    (:meth:`FakeGoogle.set_quota` arguments).
    """
    fake = FakeGoogle().start()
    marker = request.node.get_closest_marker(QUOTA_MARKER)
    if marker is not None:
        fake.set_quota(*marker.args, **marker.kwargs)
    try:
        yield fake
    finally:
        fake.stop()
        fake.reset()


@pytest.fixture
def google_env(
    fake_google: FakeGoogle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> GoogleEnv:
    """A delegated service account, its key file, and aibou's environment pointed at the fake.

    Sets GOOGLE_APPLICATION_CREDENTIALS, AIBOU_SHEETS_ENDPOINT, AIBOU_CALENDAR_ENDPOINT,
    AIBOU_MEET_ENDPOINT and
    AIBOU_ID_TOKEN_CERTS_URL. The account may use domain-wide delegation (any scope); call
    ``fake_google.set_delegated(env.email, False)`` to test a project without it.
    """
    account = fake_google.register_service_account(SERVICE_ACCOUNT_EMAIL, delegated=True)
    key_file = fake_google.write_key_file(account, tmp_path / "service-account.json")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    monkeypatch.setenv("AIBOU_SHEETS_ENDPOINT", fake_google.root)
    monkeypatch.setenv("AIBOU_CALENDAR_ENDPOINT", fake_google.root)
    monkeypatch.setenv("AIBOU_MEET_ENDPOINT", fake_google.root)
    monkeypatch.setenv("AIBOU_ID_TOKEN_CERTS_URL", fake_google.certs_url)
    return GoogleEnv(
        fake=fake_google,
        service_account=account,
        key_file=key_file,
        sheets_endpoint=fake_google.root,
        calendar_endpoint=fake_google.root,
        certs_url=fake_google.certs_url,
    )
