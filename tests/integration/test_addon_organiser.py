"""Who applies from the side panel (DESIGN.md §7, "The organiser"): the add-on learns the user
from the ``userIdToken`` Google sends, verified against Google's certificates and the add-on's
OAuth client ID. A rotation applied from the panel records that user as its organiser; an
amendment lands only when its organiser applies it, and anyone else -- or a user aibou cannot
verify -- is told who can, with nothing written. Event objects go through the real ``/addon``
routes; Sheets and Calendar are the fake Google server over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient

from aibou.domain.sheet.digest import Written
from aibou.web.logs import JsonFormatter
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.integration.test_addon_amend import (
    JOINER,
    NOW,
    ROSTER,
    TAB,
    series,
    type_cells,
    writes,
)
from tests.sidepanel import USER_SCOPES, SidePanel, panel_app
from tests.wiring import wired

OPS, OTHER = "ops@example.com", "colleague@example.com"
TOKENS = {OPS: "ya29.a0-ops-user-token", OTHER: "ya29.a0-colleague-user-token"}
#: The add-on's OAuth client (``gcloud workspace-add-ons get-authorization``: oauthClientId).
CLIENT_ID = "123456789012-aibouaddon.apps.googleusercontent.com"


@pytest.fixture
def client(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)  # to read the tab's record in assertions
    app = panel_app(NOW, google_env.fake.certs_url, addon_client_id=CLIENT_ID)
    with app.test_client() as client:
        yield client


def panel(client: FlaskClient, fake: FakeGoogle, sheet: str, user: str, **token: Any) -> SidePanel:
    """``user``'s side panel, Google sending their ID token (minted with ``token``'s options)."""
    id_token = fake.mint_id_token(token.pop("audience", CLIENT_ID), user, **token)
    return SidePanel(client, fake, sheet, TOKENS[user], user_id_token=id_token)


@pytest.fixture
def sheet(client: FlaskClient, fake_google: FakeGoogle) -> str:
    """The roster, shared with a colleague who may edit it; both have a calendar."""
    for user in (OPS, OTHER):
        fake_google.add_user_token(TOKENS[user], user, list(USER_SCOPES))
        fake_google.add_calendar(user, time_zone="Asia/Tokyo")
    sid = fake_google.create_spreadsheet("相棒制度", {"名簿": ROSTER}, owner=OPS)
    fake_google.share(sid, OTHER)
    return sid


def rotate(side: SidePanel) -> None:
    side.open()
    side.click("次のローテーションをプレビュー")
    side.click("適用する")
    assert side.card["name"] == "result", side.text()


def record(sheet: str) -> Written:
    tab = wired(NOW).google(sheet)[0].read().find(TAB)
    assert tab is not None and tab.written is not None
    written = Written.decode(tab.written)
    assert written is not None
    return written


def amend(side: SidePanel) -> None:
    """Preview the roster's changes and click Apply."""
    side.open()
    side.click("名簿の変更をプレビュー")
    assert side.card["name"] == "preview", side.text()
    side.click("適用する")


@pytest.fixture
def applied(client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str) -> str:
    """2027-Q1 applied from OPS's panel; then a joiner typed into the roster."""
    rotate(panel(client, fake_google, sheet, OPS))
    type_cells(google_env, sheet, "名簿", JOINER)
    return sheet


def test_a_rotation_applied_from_the_panel_records_its_user_as_organiser(
    fake_google: FakeGoogle, applied: str
) -> None:
    header = fake_google.values(applied, TAB)[0]
    assert "主催 ops@example.com（カレンダー primary）" in header
    written = record(applied)
    assert (written.calendar, written.owner) == ("primary", OPS)
    assert len(series(fake_google)) == 5 and fake_google.events(OTHER) == []


def test_a_rotation_applied_by_a_user_aibou_cannot_verify_records_no_owner(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str
) -> None:
    rotate(SidePanel(client, fake_google, sheet, TOKENS[OPS]))  # an unverifiable userIdToken
    assert not any("主催" in cell for cell in fake_google.values(sheet, TAB)[0])
    written = record(sheet)
    assert (written.calendar, written.owner) == ("primary", "")


def test_the_organiser_applies_an_amendment(
    client: FlaskClient, fake_google: FakeGoogle, applied: str
) -> None:
    assert record(applied).owner == OPS  # an owned rotation: only OPS may amend it
    side = panel(client, fake_google, applied, OPS)
    amend(side)
    assert side.card["name"] == "result" and "変更を反映しました" in side.text()
    assert record(applied).owner == OPS
    assert any(
        JOINER["B15"] in a["email"] for e in series(fake_google).values() for a in e["attendees"]
    )


def told_who_can(side: SidePanel) -> None:
    assert side.card["name"] == "problems" and "適用できませんでした" in side.text(), side.text()
    assert f"名簿の変更を反映できるのは {OPS} だけです" in side.text()


def unchanged(fake: FakeGoogle, sheet: str) -> tuple[Any, ...]:
    return fake.values(sheet, TAB), fake.events(OPS), fake.events(OTHER)


def refused(side: SidePanel, fake: FakeGoogle, sheet: str, before: tuple[Any, ...]) -> None:
    """``side``'s user applies the amendment: every answer a 200 with a card (no crash), they
    are told who can apply it, and nothing is written (``before``: :func:`unchanged`)."""
    fake.clear_log()
    amend(side)
    told_who_can(side)
    assert writes(fake) == []
    assert unchanged(fake, sheet) == before


def test_a_colleague_is_told_who_can_apply_and_nothing_is_written(
    client: FlaskClient, fake_google: FakeGoogle, applied: str
) -> None:
    before = unchanged(fake_google, applied)
    side = panel(client, fake_google, applied, OTHER)
    refused(side, fake_google, applied, before)


UNVERIFIABLE = {
    "forged": {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
    "expired": {"expires_in": -60},
    "another client's": {"audience": "999-another-app.apps.googleusercontent.com"},
    "unverified e-mail": {"email_verified": False},
    "not Google's": {"issuer": "https://evil.example.com"},
}


@pytest.mark.parametrize("kind", [*UNVERIFIABLE, "no"])
def test_a_user_aibou_cannot_verify_is_refused_an_owned_amendment(
    client: FlaskClient,
    fake_google: FakeGoogle,
    applied: str,
    kind: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Even with the organiser's own OAuth token: who they are is what the ID token proves."""
    before = unchanged(fake_google, applied)
    if kind == "no":
        side = SidePanel(client, fake_google, applied, TOKENS[OPS])  # a token nobody can verify
    else:
        side = panel(client, fake_google, applied, OPS, **UNVERIFIABLE[kind])
    caplog.clear()
    refused(side, fake_google, applied, before)
    logs = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "addon: user unknown" in logs  # logged, but neither the token nor the address
    assert OPS not in logs and (side.user_id_token or "eyJ-user") not in logs


def test_without_a_configured_client_id_every_user_is_unknown(
    google_env: GoogleEnv, fake_google: FakeGoogle, applied: str
) -> None:
    app = panel_app(NOW, google_env.fake.certs_url)
    before = unchanged(fake_google, applied)
    with app.test_client() as client:
        side = panel(client, fake_google, applied, OPS)
        refused(side, fake_google, applied, before)


def test_a_user_id_token_past_the_bound_is_refused_before_it_is_verified(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str
) -> None:
    side = SidePanel(client, fake_google, sheet, TOKENS[OPS], user_id_token="eyJ" + "x" * 9000)
    fake_google.clear_log()
    answer = side.post("/addon/home", side.event("/addon/home"))
    assert (answer.status_code, answer.get_json()) == (400, {"error": "not an add-on event"})
    assert fake_google.requests() == []  # the sheet never read
