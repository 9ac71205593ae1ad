"""``init`` on a Google Sheet, with gspread over HTTP against the fake Google server."""

from __future__ import annotations

import io
import json

import pytest

from aibou.cli import main
from aibou.service.init import init
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import wired

OPS = "ops@example.com"
FUNCTIONS = ["セールス", "カスタマーサクセス", "開発"]


@pytest.fixture
def google(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> GoogleEnv:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env


def cli(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out, wired=wired())
    return code, json.loads(out.getvalue())


def validation(google: GoogleEnv, sid: str, cell: str) -> list[str]:
    got = (
        google.sheets(subject=OPS)
        .spreadsheets()
        .get(spreadsheetId=sid, ranges=[cell], fields="sheets.data.rowData.values.dataValidation")
        .execute()
    )
    rule = got["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert rule["condition"]["type"] == "ONE_OF_LIST" and rule["strict"] is True
    return [v["userEnteredValue"] for v in rule["condition"]["values"]]


def test_init_adds_a_roster_with_drop_downs_and_the_settings(
    fake_google: FakeGoogle, google: GoogleEnv
) -> None:
    sid = fake_google.create_spreadsheet("相棒制度", {"メモ": [["自由に使うタブ"]]}, owner=OPS)
    code, result = cli("init", "--spreadsheet", sid)
    assert (code, result["status"], result["tab"]) == (0, "created", "名簿")
    assert fake_google.sheet_titles(sid) == ["メモ", "名簿", "設定"]
    assert fake_google.values(sid, "メモ") == [["自由に使うタブ"]]  # untouched
    header = fake_google.values(sid, "名簿")[0]
    assert header[:5] == ["名前", "メール", "職能", "勤務形態", "ステータス"]
    assert validation(google, sid, "名簿!C2") == FUNCTIONS
    assert validation(google, sid, "名簿!E1001") == ["参加", "休職", "不参加"]
    assert validation(google, sid, "名簿!D500") == ["オフィス", "リモート"]
    tabs = {
        s["properties"]["title"]: s["properties"] for s in fake_google.spreadsheet(sid)["sheets"]
    }
    assert tabs["名簿"]["gridProperties"]["frozenRowCount"] == 1
    settings = fake_google.values(sid, "設定")
    assert settings[0] == ["項目", "値", "説明"] and settings[3][:2] == ["曜日", "水"]

    # people typed in, picked from the lists: the sheet rotates
    people = [[f"人 {i}", f"p{i}@example.com", FUNCTIONS[i % 3], "", "参加"] for i in range(6)]
    google.sheets(subject=OPS).spreadsheets().values().update(
        spreadsheetId=sid, range="名簿!A2", valueInputOption="RAW", body={"values": people}
    ).execute()
    code, result = cli("rotate", "--spreadsheet", sid, "--date", "2027/1/6")
    assert (code, result["status"]) == (0, "applied"), result["errors"]
    assert result["stats"]["group_sizes"] == {"3": 2}


def test_init_keeps_a_settings_tab_that_is_there(
    fake_google: FakeGoogle, google: GoogleEnv
) -> None:
    sid = fake_google.create_spreadsheet("x", {"Settings": [["language", "en"]]}, owner=OPS)
    outcome = init(wired().google(sid)[0], "en")
    assert outcome.status == "created"
    assert fake_google.sheet_titles(sid) == ["Settings", "Roster"]
    assert fake_google.values(sid, "Settings") == [["language", "en"]]


def test_init_refuses_a_sheet_with_a_roster_and_writes_nothing(
    fake_google: FakeGoogle, google: GoogleEnv
) -> None:
    sid = fake_google.create_spreadsheet("x", {"Roster": roster_rows({"sales": 2})}, owner=OPS)
    before = fake_google.spreadsheet(sid)
    fake_google.clear_log()
    code, result = cli("init", "--spreadsheet", sid, "--language", "en")
    assert (code, result["status"]) == (2, "invalid")
    (error,) = result["errors"]
    assert error["tab"] == "Roster" and "'Roster' is a roster already" in error["message"]
    assert fake_google.spreadsheet(sid) == before
    assert {r.method for r in fake_google.requests()} == {"GET"}  # read, nothing written
