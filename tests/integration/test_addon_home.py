"""The side panel's home between rotations (issues 11, 12, 15): the roster changes the next run
would apply, the report's figures and links, the invitations still going out. Event objects are
posted to the Flask app, which reads the fake Google server as the user over real HTTP; every
card is checked against the Card v1 schema (:class:`tests.sidepanel.SidePanel`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from gspread.utils import ValueInputOption

from aibou import service
from aibou.service.report import report
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.sidepanel import USER_SCOPES, SidePanel, panel_app
from tests.wiring import wired

OPS = "ops@example.com"
USER_TOKEN = "ya29.a0-ops-user-token"
NOW = datetime(2027, 1, 5, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, 2027-Q1 is due
TAB = "相棒 2027-Q1"
LOCALES = ["ja", "en"]


@pytest.fixture
def client(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)  # the scheduled run's user, for comparisons
    app = panel_app(NOW, google_env.fake.certs_url)
    with app.test_client() as client:
        yield client


@pytest.fixture
def sheet(fake_google: FakeGoogle, client: FlaskClient) -> str:
    """The ops lead's sheet with 2027-Q1 applied from the panel (13 people, 5 groups)."""
    fake_google.add_user_token(USER_TOKEN, OPS, list(USER_SCOPES))
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    sid = fake_google.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5})}, owner=OPS
    )
    panel = SidePanel(client, fake_google, sid, USER_TOKEN)
    panel.open()
    panel.click("次のローテーションをプレビュー")
    panel.click("適用する")
    assert panel.card["name"] == "result"
    return sid


def home(client: FlaskClient, fake: FakeGoogle, sheet: str, locale: str) -> SidePanel:
    panel = SidePanel(client, fake, sheet, USER_TOKEN, locale=locale)
    panel.open()
    assert panel.card["name"] == "home"
    return panel


def type_cells(env: GoogleEnv, sheet: str, tab: str, cells: dict[str, str]) -> None:
    """The ops lead types into cells (USER_ENTERED, as the Sheets UI does)."""
    worksheet = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet(tab)
    for address, value in cells.items():
        worksheet.update([[value]], address, value_input_option=ValueInputOption.user_entered)


def link_urls(card: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "openLink" in value.get("onClick", {}):
                found[value["text"]] = value["onClick"]["openLink"]["url"]
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(card)
    return found


def gids(fake: FakeGoogle, sheet: str) -> dict[str, int]:
    return {
        s["properties"]["title"]: s["properties"]["sheetId"]
        for s in fake.spreadsheet(sheet)["sheets"]
    }


PENDING = {
    "ja": (
        "次の実行で反映される名簿の変更",
        "新人 花子: グループ{group}に参加",
        "sales01 太郎: グループ{old}から離脱",
    ),
    "en": (
        "Roster changes the next run applies",
        "新人 花子: joins group {group}",
        "sales01 太郎: leaves group {old}",
    ),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_home_shows_the_roster_changes_the_next_run_applies(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str, locale: str
) -> None:
    panel = home(client, fake_google, sheet, locale)
    assert PENDING[locale][0] not in panel.text()  # nothing changed yet: no section

    joiner = {"A15": "新人 花子", "B15": "new@example.jp", "C15": "CS"}
    type_cells(google_env, sheet, "名簿", joiner)
    type_cells(google_env, sheet, "名簿", {"E2": "休職"})  # sales01 goes on leave
    before = (fake_google.values(sheet, TAB), fake_google.events(OPS))
    fake_google.clear_log()
    panel = home(client, fake_google, sheet, locale)
    reads = [r for r in fake_google.requests() if r.method == "GET" and "values" in r.path]
    assert len(reads) == 1  # the home is one read of the sheet
    assert (fake_google.values(sheet, TAB), fake_google.events(OPS)) == before  # a dry run

    # the scheduled run on the same day applies exactly what the card announced
    spreadsheet, calendar = wired(NOW).google(sheet)
    done = service.rotate(spreadsheet, calendar, NOW).as_dict()
    assert done["status"] == "amended"
    changes = {c["email"]: c for c in done["changes"]}
    header, joined, left = PENDING[locale]
    text = panel.text()
    assert header in text
    assert joined.format(group=changes["new@example.jp"]["group"]) in text
    assert left.format(old=changes["sales01@example.jp"]["from_group"]) in text
    assert home(client, fake_google, sheet, locale).text().count(header) == 0  # applied now


REPORT = {
    "ja": (
        "出会えたペア: {met} / {possible}",
        "要確認のグループ: {group}",
        "参加状況を開く",
        "カバレッジを開く",
    ),
    "en": (
        "Pairs met: {met} / {possible}",
        "Groups that need attention: {group}",
        "Open participation",
        "Open coverage",
    ),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_home_shows_coverage_attention_and_links_to_the_report_tabs(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str, locale: str
) -> None:
    pairs, attention, open_participation, open_coverage = REPORT[locale]
    panel = home(client, fake_google, sheet, locale)
    assert open_coverage not in panel.labels()  # no report tab yet

    series = fake_google.events(OPS)[0]
    group = int(series["extendedProperties"]["private"]["aibou_group"])
    fake_google.respond(OPS, series["id"], series["attendees"][0]["email"], "declined")
    wiring = wired(NOW)
    spreadsheet, calendar = wiring.google(sheet)
    done = report(spreadsheet, calendar, NOW, meetings=wiring.meetings()).as_dict()
    assert done["status"] == "reported"

    panel = home(client, fake_google, sheet, locale)
    text = panel.text()
    cover = done["coverage"]
    assert pairs.format(met=cover["met"], possible=cover["possible"]) in text
    assert attention.format(group=group) in text
    ids = gids(fake_google, sheet)
    urls = link_urls(panel.card)
    assert urls[open_participation].endswith(f"/edit#gid={ids['参加状況']}")
    assert urls[open_coverage].endswith(f"/edit#gid={ids['カバレッジ']}")


INVITES = {"ja": "招待を送信中: 2 / 5 グループ", "en": "Sending invitations: 2 / 5 groups"}


@pytest.mark.parametrize("locale", LOCALES)
def test_home_shows_invitations_still_going_out(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str, locale: str
) -> None:
    assert INVITES[locale] not in home(client, fake_google, sheet, locale).text()
    # what a run between two chunks leaves: the progress cell (I1), groups without their link
    unlinked = {f"H{row}": "" for row in range(2, 17)}
    type_cells(google_env, sheet, TAB, {"I1": "招待 2 / 5", **unlinked})
    assert INVITES[locale] in home(client, fake_google, sheet, locale).text()
