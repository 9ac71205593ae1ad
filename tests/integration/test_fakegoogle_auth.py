"""The fake's OAuth2: token endpoint, bearer checks, scopes, delegation, ID tokens."""

from __future__ import annotations

import json
import time

import pytest
import requests
from google.auth import exceptions as auth_exceptions
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import id_token

from tests.fakegoogle import FakeGoogle, generate_rsa_key
from tests.fakegoogle.auth import private_pem
from tests.fakegoogle.pytest_plugin import CALENDAR_SCOPE, SHEETS_SCOPE, GoogleEnv


def test_service_account_token_flow(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    creds = google_env.credentials()
    creds.refresh(Request())
    assert creds.token
    assert creds.token.startswith("ya29.")
    token_calls = fake_google.requests("POST", "^/token$", include_auth=True)
    assert [c.status for c in token_calls] == [200]
    identity = fake_google.auth.tokens[creds.token]
    assert identity.email == google_env.email
    assert identity.acting_as_self
    assert identity.scopes == {SHEETS_SCOPE, CALENDAR_SCOPE}


def test_bad_signature_is_refused(google_env: GoogleEnv, tmp_path) -> None:
    info = json.loads(google_env.key_file.read_text())
    info["private_key"] = private_pem(generate_rsa_key())
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(info))
    from google.oauth2 import service_account

    creds = service_account.Credentials.from_service_account_file(
        str(forged), scopes=[SHEETS_SCOPE]
    )
    with pytest.raises(auth_exceptions.RefreshError, match="invalid_grant"):
        creds.refresh(Request())


def test_wrong_key_id_is_refused(google_env: GoogleEnv, tmp_path) -> None:
    info = json.loads(google_env.key_file.read_text())
    info["private_key_id"] = "0" * 40
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(info))
    from google.oauth2 import service_account

    creds = service_account.Credentials.from_service_account_file(str(path), scopes=[SHEETS_SCOPE])
    with pytest.raises(auth_exceptions.RefreshError, match="Invalid JWT Signature"):
        creds.refresh(Request())


def test_unknown_service_account_is_refused(fake_google: FakeGoogle, tmp_path) -> None:
    stranger = FakeGoogle().register_service_account("x@other.iam.gserviceaccount.com")
    path = stranger.write_key_file(tmp_path / "k.json", fake_google.token_uri)
    from google.oauth2 import service_account

    creds = service_account.Credentials.from_service_account_file(str(path), scopes=[SHEETS_SCOPE])
    with pytest.raises(auth_exceptions.RefreshError, match="account not found"):
        creds.refresh(Request())


def test_delegation_sets_identity(google_env: GoogleEnv, fake_google: FakeGoogle) -> None:
    creds = google_env.credentials(subject="hanako@example.com")
    creds.refresh(Request())
    identity = fake_google.auth.tokens[creds.token]
    assert identity.email == "hanako@example.com"
    assert not identity.acting_as_self
    assert identity.service_account == google_env.email


def test_delegation_refused_when_not_configured(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    fake_google.set_delegated(google_env.email, False)
    with pytest.raises(auth_exceptions.RefreshError, match="unauthorized_client"):
        google_env.credentials(subject="hanako@example.com").refresh(Request())


def test_delegation_limited_to_configured_scopes(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    fake_google.set_delegated(google_env.email, True, scopes={CALENDAR_SCOPE})
    google_env.credentials([CALENDAR_SCOPE], subject="hanako@example.com").refresh(Request())
    with pytest.raises(auth_exceptions.RefreshError, match="unauthorized_client"):
        google_env.credentials(subject="hanako@example.com").refresh(Request())


def test_missing_or_unknown_bearer_is_401(fake_google: FakeGoogle) -> None:
    url = f"{fake_google.base_url}/calendar/v3/calendars/primary/events"
    missing = requests.get(url, timeout=5)
    assert missing.status_code == 401
    assert missing.json()["error"]["status"] == "UNAUTHENTICATED"
    assert missing.json()["error"]["errors"][0]["reason"] == "required"
    assert "WWW-Authenticate" in missing.headers
    bogus = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=5)
    assert bogus.status_code == 401
    assert bogus.json()["error"]["errors"][0]["reason"] == "authError"


def test_wrong_scope_is_403_insufficient_permissions(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    session = google_env.session(scopes=[SHEETS_SCOPE])
    response = session.get(f"{fake_google.base_url}/calendar/v3/calendars/primary/events")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["errors"][0]["reason"] == "insufficientPermissions"
    assert error["status"] == "PERMISSION_DENIED"


def test_readonly_scope_reads_but_cannot_write(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    sid = fake_google.create_spreadsheet("t", {"A": [["x"]]}, owner=google_env.email)
    session = google_env.session(scopes=[SHEETS_SCOPE + ".readonly"])
    base = f"{fake_google.base_url}/v4/spreadsheets/{sid}/values/A"
    assert session.get(base).status_code == 200
    write = session.put(base, params={"valueInputOption": "RAW"}, json={"values": [["y"]]})
    assert write.status_code == 403
    assert write.json()["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_user_token_for_the_add_on(fake_google: FakeGoogle) -> None:
    fake_google.add_user_token("user-token", "taro@example.com", [CALENDAR_SCOPE])
    response = requests.get(
        f"{fake_google.base_url}/calendar/v3/calendars/primary/events",
        headers={"Authorization": "Bearer user-token"},
        timeout=5,
    )
    assert response.status_code == 200
    assert fake_google.requests()[-1].identity == "taro@example.com"


def test_expired_tokens_are_refreshed_by_authorized_session(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    session = google_env.session()
    url = f"{fake_google.base_url}/calendar/v3/calendars/primary/events"
    assert session.get(url).status_code == 200
    fake_google.expire_tokens()
    assert session.get(url).status_code == 200
    statuses = [e.status for e in fake_google.requests("GET")]
    assert statuses == [200, 401, 200]


@pytest.fixture
def verify(fake_google: FakeGoogle):
    def run(token: str, audience: str = "https://aibou.example.com") -> dict:
        return id_token.verify_token(
            token, Request(), audience=audience, certs_url=fake_google.certs_url
        )

    return run


def test_id_token_verifies_with_google_auth(fake_google: FakeGoogle, verify) -> None:
    token = fake_google.mint_id_token("https://aibou.example.com", "hanako@example.com")
    claims = verify(token)
    assert claims["email"] == "hanako@example.com"
    assert claims["email_verified"] is True
    assert claims["iss"] == "https://accounts.google.com"


def test_id_tokens_are_minted_on_real_time_whatever_the_fake_clock(
    fake_google: FakeGoogle, verify
) -> None:
    # the app checks ID tokens on the machine's clock: a virtual quota clock minutes ahead (or
    # behind) must not make the fake's tokens look not yet valid (or expired)
    for skew in (600, -7200):
        fake_google.clock = lambda skew=skew: time.time() + skew
        token = fake_google.mint_id_token("https://aibou.example.com", "hanako@example.com")
        assert verify(token)["email"] == "hanako@example.com"


def test_id_token_expired_wrong_audience_and_forged_fail(fake_google: FakeGoogle, verify) -> None:
    expired = fake_google.mint_id_token(
        "https://aibou.example.com", "a@example.com", expires_in=-60
    )
    with pytest.raises(ValueError, match="expired"):
        verify(expired)
    other = fake_google.mint_id_token("https://elsewhere.example.com", "a@example.com")
    with pytest.raises(ValueError, match="audience"):
        verify(other)
    forged = fake_google.mint_id_token(
        "https://aibou.example.com", "a@example.com", key=generate_rsa_key()
    )
    with pytest.raises(ValueError, match="signature"):
        verify(forged)


def test_certs_are_in_googles_format(fake_google: FakeGoogle) -> None:
    certs = requests.get(fake_google.certs_url, timeout=5).json()
    assert len(certs) == 1
    (pem,) = certs.values()
    assert pem.startswith("-----BEGIN CERTIFICATE-----")


def test_authorized_session_round_trip_counts(
    google_env: GoogleEnv, fake_google: FakeGoogle
) -> None:
    session = AuthorizedSession(google_env.credentials())
    session.get(f"{fake_google.base_url}/calendar/v3/calendars/primary/events")
    assert fake_google.round_trips() == 1
    assert fake_google.round_trips(include_auth=True) == 2
