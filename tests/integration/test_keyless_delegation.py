"""Domain-wide delegation without a key file, as on App Engine: the runtime account signs the JWT
through IAM's signBlob, Google's token endpoint exchanges it, and aibou acts as the user."""

from __future__ import annotations

import pytest
import requests
from google.auth import credentials as ga_credentials
from google.auth.exceptions import TransportError
from google.auth.transport.requests import AuthorizedSession, Request

from aibou.google.auth import SCOPES, delegated_without_key
from tests.fakegoogle import FakeGoogle, redirect_session

RUNTIME = "aibou-prod@appspot.gserviceaccount.com"
OPS = "ops@example.com"
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"


class MetadataServerCredentials(ga_credentials.Credentials):
    """What App Engine's metadata server hands the runtime: a token, no key (a test stand-in
    for google-auth's compute_engine.Credentials, which would call the metadata server)."""

    def __init__(self, token: str, email: str) -> None:
        super().__init__()
        self.token = token
        self.service_account_email = email

    def refresh(self, request: object) -> None:  # the metadata server's token is already here
        return None


def _transport(fake: FakeGoogle) -> Request:
    session = requests.Session()
    redirect_session(session, fake.root)
    return Request(session)


def test_the_runtime_account_acts_as_the_user_without_a_key(fake_google: FakeGoogle) -> None:
    fake_google.register_service_account(RUNTIME, delegated=True)
    fake_google.add_user_token("metadata-token", RUNTIME, {CLOUD_PLATFORM})
    sheet = fake_google.create_spreadsheet("t", {"Roster": [["name"]]}, owner=OPS)
    request = _transport(fake_google)

    delegated = delegated_without_key(
        MetadataServerCredentials("metadata-token", RUNTIME), OPS, SCOPES, request
    )
    delegated.refresh(request)

    signed = fake_google.requests(path_regex=r":signBlob$", include_auth=True)
    assert [(r.identity, r.status) for r in signed] == [(RUNTIME, 200)]
    session = AuthorizedSession(delegated)
    redirect_session(session, fake_google.root)
    answer = session.get(f"https://sheets.googleapis.com/v4/spreadsheets/{sheet}")
    assert answer.status_code == 200
    assert fake_google.requests(path_regex=r"^/v4/")[-1].identity == OPS


def test_without_the_cloud_platform_scope_signing_is_refused(fake_google: FakeGoogle) -> None:
    fake_google.register_service_account(RUNTIME, delegated=True)
    fake_google.add_user_token(
        "narrow-token", RUNTIME, {"https://www.googleapis.com/auth/spreadsheets"}
    )
    request = _transport(fake_google)
    delegated = delegated_without_key(
        MetadataServerCredentials("narrow-token", RUNTIME), OPS, SCOPES, request
    )
    with pytest.raises(TransportError, match="signBlob"):
        delegated.refresh(request)
