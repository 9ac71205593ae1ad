"""The side panel between rotations (issue 11, DESIGN.md §7): the preview shows the roster's
changes to the open rotation before they are applied, apply writes exactly them, and a tab edited
by hand is held as the scheduled run holds it. Event objects are posted to the Flask app, which
reads and writes the fake Google server as the user over real HTTP; every card is checked against
the Card v1 schema (:class:`tests.sidepanel.SidePanel`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from gspread.utils import ValueInputOption

from aibou import service
from aibou.domain.sheet.history import LAYOUT
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.sidepanel import USER_SCOPES, SidePanel, _clickables, panel_app
from tests.wiring import wired

OPS = "ops@example.com"
USER_TOKEN = "ya29.a0-ops-user-token"
NOW = datetime(2027, 1, 5, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo: 2027-Q1 is due
TAB = "相棒 2027-Q1"
ROSTER = roster_rows({"sales": 4, "cs": 4, "dev": 5})
JOINER = {"A15": "新人 花子", "B15": "new@example.jp", "C15": "CS"}
EMAIL_COLUMN = "ABCDEFGH"[LAYOUT.index("email")]

WORDS = {
    "ja": {
        "home": "名簿の変更をプレビュー",
        "title": "2027-Q1 の変更のプレビュー",
        "joined": "新人 花子: グループ{group}に参加",
        "left": "{name}: グループ{group}から離脱",
        "patched": "毎週の予定の参加者をこの {size} 人に更新",
        "apply": "適用する",
        "amended": "変更を反映しました",
        "already": "適用済みです",
        "changed": "シートが変わったため",
        "held": f"「{TAB}」は保留中です",
        "group": r"グループ (\d+)・(\d+) 人",
    },
    "en": {
        "home": "Preview the roster changes",
        "title": "Changes to 2027-Q1: preview",
        "joined": "新人 花子: joins group {group}",
        "left": "{name}: leaves group {group}",
        "patched": "The weekly event's attendees become these {size}",
        "apply": "Apply",
        "amended": "Changes applied",
        "already": "Already applied",
        "changed": "The sheet changed after your preview",
        "held": f"'{TAB}' is on hold",
        "group": r"Group (\d+) · (\d+) people",
    },
}


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
    sid = fake_google.create_spreadsheet("相棒制度", {"名簿": ROSTER}, owner=OPS)
    panel = SidePanel(client, fake_google, sid, USER_TOKEN)
    panel.open()
    panel.click("次のローテーションをプレビュー")
    panel.click("適用する")
    assert panel.card["name"] == "result"
    return sid


def type_cells(env: GoogleEnv, sheet: str, tab: str, cells: dict[str, str]) -> None:
    """The ops lead types into cells (USER_ENTERED, as the Sheets UI does)."""
    worksheet = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet(tab)
    for address, value in cells.items():
        worksheet.update([[value]], address, value_input_option=ValueInputOption.user_entered)


def writes(fake: FakeGoogle) -> list[str]:
    """Requests that change something, the lock taken and released aside."""
    found = []
    for r in fake.requests():
        if r.method == "GET" or r.path.endswith((":search", ":batchGet", ":batchGetByDataFilter")):
            continue  # reads
        kinds = [next(iter(q)) for q in (r.body or {}).get("requests", [])]
        keys = [
            q.get("createDeveloperMetadata", {}).get("developerMetadata", {}).get("metadataKey")
            for q in (r.body or {}).get("requests", [])
        ]
        if "aibou.lock" in keys or (kinds and set(kinds) == {"deleteDeveloperMetadata"}):
            continue
        found.append(f"{r.method} {r.path}")
    return found


def series(fake: FakeGoogle) -> dict[int, dict[str, Any]]:
    """The rotation's live weekly events by group number."""
    return {
        int(e["extendedProperties"]["private"]["aibou_group"]): e
        for e in fake.events(OPS)
        if e.get("status") != "cancelled"
    }


def attendees(event: dict[str, Any]) -> set[str]:
    return {a["email"] for a in event["attendees"]}


def events_on(card: dict[str, Any], locale: str) -> dict[int, set[str]]:
    """The groups whose event the card says it patches, with the members it lists (e-mails)."""
    email = {row[0]: row[1] for row in ROSTER[1:]} | {JOINER["A15"]: JOINER["B15"]}
    found = {}
    for section in card["sections"]:
        for widget in section["widgets"]:
            text = widget.get("decoratedText", {})
            head = re.fullmatch(WORDS[locale]["group"], text.get("topLabel", ""))
            if head and text.get("bottomLabel") == WORDS[locale]["patched"].format(
                size=head.group(2)
            ):
                names = [n.split("(")[0].strip() for n in text["text"].split("<br>")]
                found[int(head.group(1))] = {email[n] for n in names}
    return found


def button(panel: SidePanel, label: str) -> dict[str, Any]:
    return next(a for text, a in _clickables(panel.card) if text == label)


def dry_run(sheet: str) -> dict[str, dict[str, Any]]:
    """What the scheduled run would change today (writes nothing), by e-mail."""
    spreadsheet, calendar = wired(NOW).google(sheet)
    done = service.rotate(spreadsheet, calendar, NOW, dry_run=True).as_dict()
    assert done["status"] == "dry-run"
    return {c["email"]: c for c in done["changes"]}  # type: ignore[union-attr, index]


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_the_preview_shows_the_amendment_and_apply_writes_exactly_it(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str, locale: str
) -> None:
    words = WORDS[locale]
    # someone in a group of three goes on leave (so nobody is left alone and moved)
    trio = next(e for e in series(fake_google).values() if len(e["attendees"]) == 3)
    leaver = min(attendees(trio))
    row = next(i for i, r in enumerate(ROSTER, start=1) if r[1] == leaver)
    type_cells(google_env, sheet, "名簿", {**JOINER, f"E{row}": "休職"})
    expected = dry_run(sheet)
    assert set(expected) == {"new@example.jp", leaver}
    rows_before, events_before = fake_google.values(sheet, TAB), series(fake_google)

    panel = SidePanel(client, fake_google, sheet, USER_TOKEN, locale=locale)
    panel.open()
    fake_google.clear_log()
    panel.click(words["home"])
    text = panel.text()
    assert panel.card["name"] == "preview" and words["title"] in text
    assert words["joined"].format(group=expected["new@example.jp"]["group"]) in text
    name = ROSTER[row - 1][0]
    assert words["left"].format(name=name, group=expected[leaver]["from_group"]) in text
    shown = events_on(panel.card, locale)
    touched = {expected["new@example.jp"]["group"], expected[leaver]["from_group"]}
    assert set(shown) == touched
    assert writes(fake_google) == []  # the preview writes nothing
    assert (fake_google.values(sheet, TAB), series(fake_google)) == (rows_before, events_before)

    apply = button(panel, words["apply"])
    fake_google.clear_log()
    panel.click_action(apply)
    assert panel.card["name"] == "result" and words["amended"] in panel.text()
    rows = fake_google.values(sheet, TAB)
    assert rows[: len(rows_before)] == rows_before  # the rotation's rows stay
    block = [r for r in rows[len(rows_before) :] if any(r)]
    assert any("new@example.jp" in r for r in block)
    assert any(leaver in r for r in block)
    after = series(fake_google)
    patched = {r.path.rsplit("/", 1)[-1] for r in fake_google.requests("PATCH", "/events/")}
    assert patched == {after[n]["id"] for n in touched}  # exactly the touched series
    assert {n: attendees(after[n]) for n in touched} == shown  # as the card said
    assert {n: e for n, e in after.items() if n not in touched} == {
        n: e for n, e in events_before.items() if n not in touched
    }
    assert [w for w in writes(fake_google) if "/calendars/" in w and "PATCH" not in w] == []

    fake_google.clear_log()
    panel.click_action(apply)  # the same card again: a double click, another browser tab
    assert panel.card["name"] == "result" and words["already"] in panel.text()
    assert writes(fake_google) == []
    assert fake_google.values(sheet, TAB) == rows and series(fake_google) == after


def test_a_roster_changed_after_the_preview_is_shown_anew_and_nothing_is_written(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    words = WORDS["ja"]
    type_cells(google_env, sheet, "名簿", JOINER)
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN)
    panel.open()
    panel.click(words["home"])
    assert "新人 花子" in panel.text() and "dev05 太郎: " not in panel.text()
    type_cells(google_env, sheet, "名簿", {"E14": "休職"})  # dev05 leaves meanwhile
    before = (fake_google.values(sheet, TAB), fake_google.events(OPS))
    fake_google.clear_log()
    panel.click(words["apply"])
    assert panel.card["name"] == "preview" and words["changed"] in panel.text()
    assert "dev05 太郎: グループ" in panel.text() and "新人 花子: グループ" in panel.text()
    assert writes(fake_google) == []
    assert (fake_google.values(sheet, TAB), fake_google.events(OPS)) == before
    panel.click(words["apply"])  # the fresh card applies
    assert panel.card["name"] == "result" and words["amended"] in panel.text()
    assert dry_run(sheet) == {}


def test_a_hand_edited_tab_is_held_by_the_preview_and_by_apply(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    words = WORDS["ja"]
    type_cells(google_env, sheet, "名簿", JOINER)
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN)
    panel.open()
    panel.click(words["home"])
    apply = button(panel, words["apply"])  # an amendment card, seen before the edit

    rows = fake_google.values(sheet, TAB)
    row = next(i for i, r in enumerate(rows, start=1) if "cs01@example.jp" in r)
    cell = f"{EMAIL_COLUMN}{row}"
    type_cells(google_env, sheet, TAB, {cell: "intruder@example.com"})
    before = (fake_google.values(sheet, TAB), fake_google.events(OPS))

    fake_google.clear_log()
    panel.open()
    panel.click("次のローテーションをプレビュー")  # no pending changes listed on a held tab
    assert panel.card["name"] == "held" and words["held"] in panel.text()
    assert f"{TAB}!{cell}" in panel.text()
    assert words["apply"] not in panel.labels()
    assert writes(fake_google) == []

    panel.click_action(apply)
    assert panel.card["name"] == "result" and words["already"] in panel.text()
    assert f"{TAB}!{cell}" in panel.text()
    assert writes(fake_google) == []
    assert (fake_google.values(sheet, TAB), fake_google.events(OPS)) == before
    assert "intruder@example.com" not in str(fake_google.events(OPS))
