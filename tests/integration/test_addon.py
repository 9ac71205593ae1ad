"""The side panel end to end: event objects posted to the Flask app, which talks over real HTTP,
as the user, to the fake Google server. Every answer is checked against the Card v1 schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient
from gspread.utils import ValueInputOption

from aibou.domain.sheet.history import read_rotation
from tests.fakegoogle import FakeGoogle, Fault
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.sidepanel import BASE_URL, USER_SCOPES, SidePanel, panel_app
from tests.wiring import wired

OPS = "ops@example.com"
USER_TOKEN = "ya29.a0-ops-user-token"
NOW = datetime(2027, 1, 5, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, 2027-Q1 is due


@pytest.fixture
def client(google_env: GoogleEnv) -> Iterator[FlaskClient]:
    app = panel_app(NOW, google_env.fake.certs_url)
    with app.test_client() as client:
        yield client


@pytest.fixture
def sheet(fake_google: FakeGoogle) -> str:
    """The ops lead's buddy sheet: 13 people, a Japanese Settings tab."""
    fake_google.add_user_token(USER_TOKEN, OPS, list(USER_SCOPES))
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    return fake_google.create_spreadsheet(
        "相棒制度",
        {
            "名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5}),
            "設定": [["項目", "値"], ["曜日", "水"], ["開始時刻", "16:00"]],
        },
        owner=OPS,
    )


@pytest.fixture
def panel(client: FlaskClient, fake_google: FakeGoogle, sheet: str) -> SidePanel:
    return SidePanel(client, fake_google, sheet, USER_TOKEN)


def google_calls(fake: FakeGoogle) -> list[str]:
    """Sheets and Calendar requests the fake saw (tokens and certificates excluded)."""
    return [f"{r.method} {r.path}" for r in fake.requests()]


def our_events(fake: FakeGoogle) -> list[dict[str, Any]]:
    return [e for e in fake.events(OPS) if e.get("status") != "cancelled"]


# --- who may call ---------------------------------------------------------------------------

OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    ("make_token", "status"),
    [
        (lambda p: p.token("/addon/home", key=OTHER_KEY), 401),  # forged: another key
        (lambda p: p.token("/addon/home", expires_in=-600), 401),  # expired
        (lambda p: p.token("/addon/preview"), 401),  # minted for another route
        (lambda p: p.fake.mint_id_token(BASE_URL + "/addon/home", OPS), 403),  # not the add-on
        (lambda p: p.token("/addon/home", issuer="https://evil.example"), 401),  # not Google
        (lambda p: "not.a.jwt", 401),
    ],
    ids=["forged", "expired", "wrong-audience", "wrong-caller", "wrong-issuer", "garbage"],
)
def test_a_bad_system_token_is_refused_and_nothing_is_read(
    panel: SidePanel, fake_google: FakeGoogle, make_token: Any, status: int
) -> None:
    fake_google.clear_log()
    token = make_token(panel)
    answer = panel.post("/addon/home", panel.event("/addon/home", token=token))
    assert answer.status_code == status
    assert "card" not in answer.get_data(as_text=True).lower()
    assert google_calls(fake_google) == []


def test_a_missing_token_or_a_mismatched_header_is_refused(
    panel: SidePanel, fake_google: FakeGoogle
) -> None:
    fake_google.clear_log()
    event = panel.event("/addon/apply", {"nav": "push"})
    event["authorizationEventObject"].pop("systemIdToken")
    assert panel.post("/addon/apply", event, header="").status_code == 401
    good = panel.event("/addon/home")
    forged = panel.token("/addon/home", key=OTHER_KEY)
    assert panel.post("/addon/home", good, header=f"Bearer {forged}").status_code == 401
    assert google_calls(fake_google) == []


def test_unknown_actions_and_non_events_are_refused(panel: SidePanel) -> None:
    assert panel.post("/addon/delete-everything", panel.event("/addon/x")).status_code == 404
    answer = panel.client.post("/addon/home", data="not json", content_type="text/plain")
    assert answer.status_code == 401  # no token in it: refused before anything else
    bad = panel.event("/addon/home")
    bad["commonEventObject"]["parameters"] = ["not", "a", "map"]
    assert panel.post("/addon/home", bad).status_code == 400


# --- the home card ----------------------------------------------------------------------------


def test_home_shows_the_period_what_is_due_and_who_takes_part(panel: SidePanel) -> None:
    panel.open()
    card = panel.card
    assert card["name"] == "home" and card["header"]["subtitle"] == "相棒制度"
    text = panel.text()
    assert "2027-Q1(2027-01-01 〜 2027-03-31)" in text
    assert "まだ適用されていません" in text
    assert "2027-Q1 のローテーションが未適用です" in text
    assert "セールス: 4 人" in text and "カスタマーサクセス: 4 人" in text and "開発: 5 人" in text
    assert "参加 13 人・お休み 0 人" in text
    assert panel.labels()[-2:] == ["次のローテーションをプレビュー", "設定"]


def test_roster_problems_are_listed_where_they_are_and_apply_refuses(
    panel: SidePanel, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    apply = next(a for text, a in _buttons(panel.card) if text == "適用する")
    _set_cells(google_env, sheet, "名簿", {"B4": "hanako(at)example.jp", "C6": "営業企画"})
    panel.open()
    text = panel.text()
    assert "直してください(2 件)" in text
    assert (
        "名簿!B4" in text
        and "「hanako(at)example.jp」はメールアドレスの形式になっていません" in text
    )
    assert "名簿!C6" in text and "「営業企画」は職能として使えません" in text
    assert "次のローテーションをプレビュー" not in panel.labels()
    panel.click_action(apply)
    assert panel.card["name"] == "problems" and "名簿!B4" in panel.text()
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定"]
    assert our_events(fake_google) == []


def _buttons(card: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    from tests.sidepanel import _clickables

    return list(_clickables(card))


def _set_cells(env: GoogleEnv, sheet: str, tab: str, cells: dict[str, str]) -> None:
    """The ops lead types into cells (USER_ENTERED, as the Sheets UI does)."""
    worksheet = env.gspread_client(subject=OPS).open_by_key(sheet).worksheet(tab)
    for address, value in cells.items():
        worksheet.update([[value]], address, value_input_option=ValueInputOption.user_entered)


# --- file access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "words"),
    [("ja", "このファイルへのアクセスを許可"), ("en-US", "Allow access to this file")],
)
def test_without_file_access_the_panel_asks_for_it(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str, locale: str, words: str
) -> None:
    panel = SidePanel(client, fake_google, None, USER_TOKEN, locale=locale)
    fake_google.clear_log()
    panel.open()
    assert panel.card["name"] == "access" and panel.labels() == [words]
    answer = panel.click(words)
    assert answer == {
        "renderActions": {
            "hostAppAction": {"editorAction": {"requestFileScopeForActiveDocument": {}}}
        }
    }
    assert google_calls(fake_google) == []
    panel.spreadsheet_id = sheet  # the user allowed it; Sheets fires the granted trigger
    panel.granted()
    assert panel.card["name"] == "home"


def test_outside_sheets_the_panel_says_where_it_works(
    client: FlaskClient, fake_google: FakeGoogle
) -> None:
    panel = SidePanel(client, fake_google, None, USER_TOKEN, locale="en", host_app="DOCS")
    panel.open()
    assert panel.card["name"] == "not-sheets" and "Google Sheets" in panel.text()


# --- preview, pins, apply ----------------------------------------------------------------------


def test_preview_pin_and_apply_exactly_what_was_seen(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str
) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    assert panel.card["name"] == "preview" and "2027-Q1 のプレビュー" in panel.text()
    assert "まだ何も書き込んでいません" in panel.text()
    pair = ["sales01@example.jp", "dev05@example.jp"]
    panel.click("一緒にする", form={"pin_people": pair})
    assert "一緒" in panel.text() and "dev05 太郎、sales01 太郎" in panel.text()
    panel.click("離す", form={"pin_people": ["cs01@example.jp", "cs02@example.jp"]})
    shown = _groups_on(panel.card)
    assert any(set(pair) <= g for g in shown)
    fake_google.clear_log()
    panel.click("適用する")
    assert panel.card["name"] == "result" and "適用しました" in panel.text()
    tab = read_rotation(
        "2027-Q1", "相棒 2027-Q1", fake_google.values(sheet, "相棒 2027-Q1"), ours=True
    )
    assert tab is not None and tab.complete
    assert [{m.email for m in tab.groups[n]} for n in sorted(tab.groups)] == shown
    events = our_events(fake_google)
    assert len(events) == len(shown) == 5
    assert {e["htmlLink"] for e in events} == set(tab.links.values())
    links = _link_labels(panel.card)
    assert links.count("予定を開く") == 5 and "タブを開く" in links
    assert [r for r in fake_google.requests() if r.path.startswith("/v4/") and "values" in r.path]


def test_apply_twice_makes_one_tab_and_one_event_per_group(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str
) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    apply = next(a for text, a in _buttons(panel.card) if text == "適用する")
    panel.click_action(apply)
    panel.click_action(apply)  # a double click, or the same card clicked again later
    assert panel.card["name"] == "result" and "適用済みです" in panel.text()
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定", "相棒 2027-Q1"]
    assert len(our_events(fake_google)) == 5
    panel.open()
    assert "適用済み: 5 グループ" in panel.text()
    assert "2027-Q2 は 2027-04-01 から(86 日後)" in panel.text()


def test_apply_after_the_sheet_changed_shows_the_new_preview(
    panel: SidePanel, fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    _set_cells(
        google_env, sheet, "名簿", {"A15": "新人 花子", "B15": "new@example.jp", "C15": "CS"}
    )
    fake_google.clear_log()
    panel.click("適用する")
    assert panel.card["name"] == "preview"
    assert "シートが変わったため" in panel.text() and "14 人に招待" in panel.text()
    assert any("new@example.jp" in g for g in _groups_on(panel.card))
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定"] and our_events(fake_google) == []
    panel.click("適用する")
    assert panel.card["name"] == "result"


def _groups_on(card: dict[str, Any]) -> list[set[str]]:
    """The groups a preview card shows, as sets of e-mails (from the pin picker's values)."""
    picker = _find(card, "selectionInput")
    name_to_email = {i["text"].split("(")[0]: i["value"] for i in picker["items"]}
    groups = []
    for section in card["sections"]:
        for widget in section["widgets"]:
            label = widget.get("decoratedText", {}).get("topLabel", "")
            if label.startswith("グループ ") and "人" in label:
                names = [n.split("(")[0] for n in widget["decoratedText"]["text"].split("<br>")]
                groups.append({name_to_email[n] for n in names})
    return groups


def _find(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        if key in value:
            return value[key]
        for item in value.values():
            found = _find(item, key)
            if found is not None:
                return found
    if isinstance(value, list):
        for item in value:
            found = _find(item, key)
            if found is not None:
                return found
    return None


def _link_labels(card: dict[str, Any]) -> list[str]:
    labels: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "openLink" in value.get("onClick", {}):
                labels.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(card)
    return labels


# --- settings -----------------------------------------------------------------------------------

SETTINGS_FORM = {
    "meeting_weekday": ["3"],
    "meeting_time": ["15:30"],
    "duration_minutes": ["45"],
    "timezone": ["Asia/Tokyo"],
    "language": ["ja"],
    "holidays": ["JP"],
}  # "meet" left out: the switch is off


def test_settings_are_saved_into_the_settings_tab_only_and_raw(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str
) -> None:
    roster_before = fake_google.values(sheet, "名簿")
    panel.open()
    panel.click("設定")
    assert panel.card["name"] == "settings" and "タブ「設定」に保存します" in panel.text()
    weekday = _find(panel.card, "selectionInput")
    assert [i["value"] for i in weekday["items"] if i["selected"]] == ["2"]  # 水
    fake_google.clear_log()
    panel.click("保存", form=SETTINGS_FORM)
    assert panel.last["renderActions"]["action"]["notification"]["text"] == "設定を保存しました"
    assert fake_google.values(sheet, "設定") == [
        ["項目", "値"],
        ["曜日", "木"],
        ["開始時刻", "15:30"],
        ["所要時間", 45],  # a number, written as one
        ["Google Meet", "off"],
    ]
    assert fake_google.cell(sheet, "設定", "C3") is None
    assert fake_google.cells(sheet, "設定")["B3"].kind == "string"  # RAW: not a time value
    assert fake_google.values(sheet, "名簿") == roster_before
    writes = [r.path for r in fake_google.requests() if r.method == "POST"]
    assert writes == [f"/v4/spreadsheets/{sheet}/values:batchUpdate"]
    panel.click("保存", form={**SETTINGS_FORM, "duration_minutes": ["45"]})
    assert "変更はありません" in panel.text()


def test_invalid_settings_are_shown_on_the_form_and_not_written(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str
) -> None:
    panel.locale = "en-GB"
    panel.open()
    panel.click("Settings")
    fake_google.clear_log()
    form = {**SETTINGS_FORM, "meeting_time": ["25:99"], "timezone": ["Tokyo"]}
    panel.click("Save", form=form)
    text = panel.text()
    assert "Not saved: fix the values marked in red." in text
    assert "The value '25:99' of 'meeting_time' is not valid." in text
    assert "The value 'Tokyo' of 'timezone' is not valid." in text
    fields = {
        w["textInput"]["name"]: w["textInput"]["value"] for w in _widgets(panel.card, "textInput")
    }
    assert fields["meeting_time"] == "25:99"  # what the user typed stays in the form
    assert [r for r in fake_google.requests() if r.method == "POST"] == []
    assert fake_google.values(sheet, "設定") == [
        ["項目", "値"],
        ["曜日", "水"],
        ["開始時刻", "16:00"],
    ]


def test_a_sheet_without_settings_gets_a_settings_tab(
    client: FlaskClient, fake_google: FakeGoogle
) -> None:
    fake_google.add_user_token(USER_TOKEN, OPS, list(USER_SCOPES))
    sheet = fake_google.create_spreadsheet(
        "buddies", {"Roster": roster_rows({"sales": 2, "cs": 2, "dev": 2})}, owner=OPS
    )
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN, locale="en")
    panel.open()
    panel.click("Settings")
    assert "Saved in the tab '設定'" in panel.text()
    panel.click("Save", form={**SETTINGS_FORM, "language": ["en"], "meet": ["on"]})
    assert fake_google.sheet_titles(sheet) == ["Roster", "Settings"]
    assert fake_google.values(sheet, "Settings") == [
        ["meeting_weekday", "Thursday"],
        ["meeting_time", "15:30"],
        ["duration_minutes", 45],
        ["language", "en"],
    ]


def _widgets(card: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [w for s in card["sections"] for w in s["widgets"] if kind in w]


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "title"),
    [("ja", "相棒制度"), ("ja-JP", "相棒制度"), ("en", "Buddy system"), ("ko-KR", "Buddy system"),
     (None, "相棒制度")],
)  # fmt: skip
def test_the_panel_speaks_the_users_language(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str, locale: str | None, title: str
) -> None:
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN, locale=locale)
    panel.open()
    assert panel.card["header"]["title"] == title


def test_problems_are_worded_in_the_users_language(
    panel: SidePanel, google_env: GoogleEnv, sheet: str
) -> None:
    _set_cells(google_env, sheet, "名簿", {"B4": "hanako(at)example.jp"})
    panel.locale = "en-US"
    panel.open()
    assert "'hanako(at)example.jp' is not an email address" in panel.text()
    assert "名簿!B4" in panel.text()


# --- errors are cards ---------------------------------------------------------------------------


def test_a_user_without_access_to_the_sheet_gets_a_card_not_a_500(
    client: FlaskClient, fake_google: FakeGoogle, sheet: str
) -> None:
    fake_google.add_user_token("ya29.stranger", "stranger@example.com", list(USER_SCOPES))
    panel = SidePanel(client, fake_google, sheet, "ya29.stranger", locale="en")
    panel.open()
    assert panel.card["name"] == "error" and "Ask the sheet's owner for edit access" in panel.text()
    assert panel.labels() == ["Try again", "Allow access to this file"]


def test_google_down_is_a_card_that_says_try_again(
    panel: SidePanel, fake_google: FakeGoogle
) -> None:
    fake_google.inject("GET", r"^/v4/spreadsheets/", Fault.status(503), times=None)
    panel.open()
    assert panel.card["name"] == "error" and "しばらくしてから" in panel.text()
    assert panel.labels() == ["もう一度試す"]


def test_a_tampered_card_is_a_card_not_a_500(panel: SidePanel) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    apply = next(a for text, a in _buttons(panel.card) if text == "適用する")
    tampered = {**apply, "parameters": [{"key": "pins", "value": "{not json"}]}
    panel.click_action(tampered)
    assert panel.card["name"] == "error" and "このカードは古くなっています" in panel.text()


def test_a_busy_sheet_says_so(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    panel.open()
    panel.click("次のローテーションをプレビュー")
    spreadsheet, _ = wired().google(sheet)  # the scheduled run, holding the lock
    with spreadsheet.lock("task:scheduler"):
        panel.click("適用する")
    assert panel.card["name"] == "error" and "別の aibou の処理" in panel.text()
    assert fake_google.sheet_titles(sheet) == ["名簿", "設定"]


# --- large rosters ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_large_roster_picks_people_by_typing(
    client: FlaskClient, fake_google: FakeGoogle
) -> None:
    fake_google.add_user_token(USER_TOKEN, OPS, list(USER_SCOPES))
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    sheet = fake_google.create_spreadsheet(
        "big", {"名簿": roster_rows({"sales": 40, "cs": 40, "dev": 41})}, owner=OPS
    )
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN)
    panel.open()
    panel.click("次のローテーションをプレビュー")
    picker = _find(panel.card, "textInput")
    assert picker["name"] == "pin_people" and len(picker["initialSuggestions"]["items"]) == 121
    panel.click("一緒にする", form={"pin_people": ["sales07 太郎, dev40@example.jp"]})
    assert "dev40 太郎、sales07 太郎" in panel.text()
    panel.click("離す", form={"pin_people": ["nobody, sales07 太郎"]})
    assert "「nobody」は名簿の参加者に見つかりません" in panel.text()
    panel.click("適用する")
    assert panel.card["name"] == "result" and len(our_events(fake_google)) == 41


def test_the_google_adapter_edits_no_tab_but_settings(
    fake_google: FakeGoogle, sheet: str, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aibou.errors import AibouError

    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    spreadsheet, _ = wired().google(sheet)
    fake_google.clear_log()
    with pytest.raises(AibouError, match="not the Settings tab"):
        spreadsheet.write_settings("名簿", {(2, 1): "=IMPORTRANGE()"})
    assert google_calls(fake_google) == []
    spreadsheet.write_settings("設定", {(4, 1): "祝日", (4, 2): "=1+1"})
    assert fake_google.cells(sheet, "設定")["B4"].kind == "string"


# --- one pipeline: the panel's apply costs what a command-line rotation costs -------------------


def sheet_reads(fake: FakeGoogle, sheet: str) -> list[str]:
    """The requests that read the spreadsheet (metadata and values), in order."""
    return [r.path for r in fake.requests("GET", rf"^/v4/spreadsheets/{sheet}")]


def lock_steps(fake: FakeGoogle, sheet: str) -> list[str]:
    """The log as steps: lock taken / released, sheet read, tab added, links written."""
    steps = []
    for r in fake.requests(path_regex=rf"^/v4/spreadsheets/{sheet}"):
        kinds = [next(iter(q)) for q in (r.body or {}).get("requests", [])]
        meta = [
            q.get("createDeveloperMetadata", {}).get("developerMetadata", {}).get("metadataKey")
            for q in (r.body or {}).get("requests", [])
        ]
        if r.method == "GET":
            if steps[-1:] != ["read"]:  # spreadsheets.get, then values.batchGet: one snapshot
                steps.append("read")
        elif "aibou.lock" in meta:
            steps.append("lock")
        elif kinds and set(kinds) == {"deleteDeveloperMetadata"}:
            steps.append("unlock")
        elif "addSheet" in kinds:
            steps.append("tab")
        elif r.path.endswith("values:batchUpdate"):
            steps.append("links")
    return steps


def test_an_addon_apply_reads_the_sheet_no_more_often_than_a_cli_rotation(
    panel: SidePanel,
    fake_google: FakeGoogle,
    sheet: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from io import StringIO

    from aibou.cli import main

    panel.open()
    panel.click("次のローテーションをプレビュー")
    fake_google.clear_log()
    panel.click("適用する")
    assert panel.card["name"] == "result" and "適用しました" in panel.text()
    addon = sheet_reads(fake_google, sheet)

    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    other = fake_google.create_spreadsheet(
        "相棒制度 2",
        {"名簿": roster_rows({"sales": 4, "cs": 4, "dev": 5}), "設定": [["曜日", "水"]]},
        owner=OPS,
    )
    fake_google.clear_log()
    out = StringIO()
    code = main(["rotate", "--spreadsheet", other, "--json"], out=out, wired=wired(NOW))
    assert code == 0 and '"status": "applied"' in out.getvalue()
    cli = sheet_reads(fake_google, other)
    assert len(cli) == 2  # spreadsheets.get and values.batchGet: one snapshot
    assert len(addon) <= len(cli)


def test_an_addon_apply_reads_and_writes_under_the_lock(
    panel: SidePanel, fake_google: FakeGoogle, sheet: str
) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    apply = next(a for text, a in _buttons(panel.card) if text == "適用する")
    fake_google.clear_log()
    panel.click_action(apply)
    assert panel.card["name"] == "result"
    assert lock_steps(fake_google, sheet) == ["lock", "read", "tab", "links", "unlock"]
    panel.click_action(apply)  # the lock was released: the same card finds it done, not busy
    assert "適用済みです" in panel.text()


# --- hostile sizes (issue 13) -------------------------------------------------------------------


def test_a_together_pin_larger_than_a_group_is_refused_at_once(panel: SidePanel) -> None:
    panel.open()
    panel.click("次のローテーションをプレビュー")
    picks = [f"someone{i:03}@example.jp" for i in range(100)]  # a full multiselect's worth
    panel.click("一緒にする", form={"pin_people": picks})
    text = panel.text()
    assert "一緒にできるのは 1 グループの人数(4 人)までです。" in text  # group_size 3, plus one
    assert "見つかりません" not in text  # refused before anyone was looked up
    assert panel.card["name"] == "preview" and "適用する" in panel.labels()


def test_one_huge_pin_is_refused_in_bounded_memory(panel: SidePanel) -> None:
    """Issue 13: a pin of 2,000 addresses (29 KB) took 690 MB; checking it was quadratic."""
    import tracemalloc

    panel.open()
    panel.click("次のローテーションをプレビュー")
    action = next(a for text, a in _buttons(panel.card) if text == "別の案を見る")
    emails = [f"p{i:04}@example.jp" for i in range(2000)]
    pins = json.dumps({"t": [emails]}, separators=(",", ":"))
    parameters = [p for p in action["parameters"] if p["key"] != "pins"]
    tampered = {**action, "parameters": [*parameters, {"key": "pins", "value": pins}]}
    tracemalloc.start()
    try:
        panel.click_action(tampered)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"peak {peak / 2**20:.1f} MiB for one pin of 2,000 addresses ({len(pins)} bytes)")
    assert panel.card["name"] == "error" and "このカードは古くなっています" in panel.text()
    assert peak < 32 * 2**20


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("parameter", "x" * 60_000),
        ("form-values", [f"v{i}" for i in range(101)]),
        ("form-value", "x" * 4097),
    ],
)
def test_card_parameters_and_form_inputs_are_bounded(
    panel: SidePanel, fake_google: FakeGoogle, where: str, value: Any
) -> None:
    fake_google.clear_log()
    parameters = {"nav": "push", "note": value} if where == "parameter" else {"nav": "push"}
    form = {"pin_people": value if isinstance(value, list) else [value]}
    event = panel.event("/addon/home", parameters, form if where != "parameter" else None)
    answer = panel.post("/addon/home", event)
    assert (answer.status_code, answer.get_json()) == (400, {"error": "not an add-on event"})
    assert google_calls(fake_google) == []


# --- a sheet without a roster ---------------------------------------------------------------


def test_a_sheet_without_a_roster_gets_one_from_the_home_card(
    client: FlaskClient, fake_google: FakeGoogle, google_env: GoogleEnv
) -> None:
    fake_google.add_user_token(USER_TOKEN, OPS, list(USER_SCOPES))
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    sheet = fake_google.create_spreadsheet("新しいシート", {"シート1": [["メモ"]]}, owner=OPS)
    panel = SidePanel(client, fake_google, sheet, USER_TOKEN)
    panel.open()
    assert "このシートにはまだ名簿がありません" in panel.text()
    assert "名簿と設定のタブを作る" in panel.labels()

    panel.click("名簿と設定のタブを作る")
    assert panel.last["renderActions"]["action"]["notification"]["text"] == (
        "「名簿」タブを作りました。1行に1人ずつ入力してください。"
    )
    assert panel.card["name"] == "home" and "名簿と設定のタブを作る" not in panel.labels()
    assert fake_google.sheet_titles(sheet) == ["シート1", "名簿", "設定"]
    assert fake_google.values(sheet, "シート1") == [["メモ"]]
    assert fake_google.values(sheet, "名簿")[0][:3] == ["名前", "メール", "職能"]

    # the old card clicked again (another tab of the browser): refused, nothing written
    before = fake_google.spreadsheet(sheet)
    panel.open()
    action = {
        "function": f"{BASE_URL}/addon/init",
        "parameters": [{"key": "nav", "value": "update"}],
    }
    panel.click_action(action)
    assert panel.card["name"] == "problems" and "「名簿」タブはすでに名簿です" in panel.text()
    assert fake_google.spreadsheet(sheet) == before
