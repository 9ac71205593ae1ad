"""Sheets features the report tabs need: conditional formats, validation, frozen rows,
warning-only protection, the per-cell character limit, clearing and rewriting tabs."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv

HANAKO = "hanako@example.com"
TARO = "taro@example.com"
TOO_LONG = "x" * 50_001


@pytest.fixture
def sheets(google_env: GoogleEnv):
    return google_env.sheets(subject=HANAKO).spreadsheets()


@pytest.fixture
def sid(fake_google: FakeGoogle) -> str:
    sid = fake_google.create_spreadsheet("R", {"Coverage": [["a", 1]]}, owner=HANAKO)
    fake_google.share(sid, TARO, "writer")
    return sid


def sheet_id(fake: FakeGoogle, sid: str, title: str = "Coverage") -> int:
    return next(
        s["properties"]["sheetId"]
        for s in fake.spreadsheet(sid)["sheets"]
        if s["properties"]["title"] == title
    )


def grid(sheet: int, r0: int, r1: int, c0: int, c1: int) -> dict:
    return {
        "sheetId": sheet,
        "startRowIndex": r0,
        "endRowIndex": r1,
        "startColumnIndex": c0,
        "endColumnIndex": c1,
    }


def batch(sheets, sid: str, *requests: dict) -> dict:
    return sheets.batchUpdate(spreadsheetId=sid, body={"requests": list(requests)}).execute()


def test_conditional_formats_are_stored_and_read_back(sheets, sid, fake_google) -> None:
    sheet = sheet_id(fake_google, sid)
    gradient = {
        "ranges": [grid(sheet, 1, 10, 1, 10)],
        "gradientRule": {
            "minpoint": {"type": "MIN", "color": {"red": 1, "green": 1, "blue": 1}},
            "maxpoint": {"type": "MAX", "color": {"green": 0.6}},
        },
    }
    boolean = {
        "ranges": [grid(sheet, 1, 10, 0, 1)],
        "booleanRule": {
            "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "declined"}]},
            "format": {"backgroundColor": {"red": 1}},
        },
    }
    batch(
        sheets,
        sid,
        {"addConditionalFormatRule": {"rule": gradient, "index": 0}},
        {"addConditionalFormatRule": {"rule": boolean, "index": 0}},
    )
    got = sheets.get(spreadsheetId=sid, fields="sheets(properties.title,conditionalFormats)")
    rules = got.execute()["sheets"][0]["conditionalFormats"]
    assert [("booleanRule" in r, "gradientRule" in r) for r in rules] == [
        (True, False),
        (False, True),
    ]
    assert rules[1]["gradientRule"]["maxpoint"]["type"] == "MAX"
    reply = batch(sheets, sid, {"deleteConditionalFormatRule": {"sheetId": sheet, "index": 0}})
    assert "booleanRule" in reply["replies"][0]["deleteConditionalFormatRule"]["rule"]
    left = sheets.get(spreadsheetId=sid, fields="sheets.conditionalFormats").execute()
    assert len(left["sheets"][0]["conditionalFormats"]) == 1
    for bad in (
        {"addConditionalFormatRule": {"rule": {"ranges": [grid(sheet, 0, 1, 0, 1)]}}},
        {"addConditionalFormatRule": {"rule": {**boolean, "ranges": []}}},
        {"deleteConditionalFormatRule": {"sheetId": sheet, "index": 5}},
    ):
        with pytest.raises(HttpError) as err:
            batch(sheets, sid, bad)
        assert err.value.status_code == 400


def test_data_validation_is_returned_with_grid_data(sheets, sid, fake_google) -> None:
    sheet = sheet_id(fake_google, sid)
    rule = {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": "yes"}, {"userEnteredValue": "no"}],
        },
        "strict": True,
        "showCustomUi": True,
    }
    batch(sheets, sid, {"setDataValidation": {"range": grid(sheet, 2, 3, 1, 2), "rule": rule}})
    masked = sheets.get(
        spreadsheetId=sid,
        ranges=["Coverage!B3"],
        fields="sheets.data.rowData.values.dataValidation",
    ).execute()
    assert masked["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"] == rule
    full = sheets.get(spreadsheetId=sid, includeGridData=True).execute()
    rows = full["sheets"][0]["data"][0]["rowData"]
    assert rows[2]["values"][1]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"
    assert (
        "data"
        not in sheets.get(spreadsheetId=sid, fields="sheets.properties").execute()["sheets"][0]
    )
    batch(sheets, sid, {"setDataValidation": {"range": grid(sheet, 2, 3, 1, 2)}})
    cleared = sheets.get(spreadsheetId=sid, includeGridData=True).execute()
    assert "dataValidation" not in json.dumps(cleared)


def test_frozen_rows_and_warning_only_protection(google_env, sheets, sid, fake_google) -> None:
    sheet = sheet_id(fake_google, sid)
    batch(
        sheets,
        sid,
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sheet, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        },
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": sheet},
                    "description": "aibou writes this tab",
                    "warningOnly": True,
                }
            }
        },
    )
    got = sheets.get(spreadsheetId=sid).execute()["sheets"][0]
    assert got["properties"]["gridProperties"] == {
        "rowCount": 1000,
        "columnCount": 26,
        "frozenRowCount": 1,
    }
    (protected,) = got["protectedRanges"]
    assert protected["warningOnly"] is True and "editors" not in protected
    taro = google_env.sheets(subject=TARO).spreadsheets()  # an editor, not the owner
    taro.values().update(
        spreadsheetId=sid, range="Coverage!A1", valueInputOption="RAW", body={"values": [["b"]]}
    ).execute()
    assert fake_google.values(sid, "Coverage") == [["b", 1]]


def test_cells_over_50000_characters_are_refused(sheets, sid, fake_google) -> None:
    sheet = sheet_id(fake_google, sid)
    values = sheets.values()
    writes = [
        values.update(
            spreadsheetId=sid,
            range="Coverage!A1",
            valueInputOption="RAW",
            body={"values": [[TOO_LONG]]},
        ),
        values.append(
            spreadsheetId=sid,
            range="Coverage!A1",
            valueInputOption="USER_ENTERED",
            body={"values": [["ok", TOO_LONG]]},
        ),
        values.batchUpdate(
            spreadsheetId=sid,
            body={
                "valueInputOption": "RAW",
                "data": [{"range": "Coverage!C1", "values": [[TOO_LONG]]}],
            },
        ),
        sheets.batchUpdate(
            spreadsheetId=sid,
            body={
                "requests": [
                    {
                        "updateCells": {
                            "start": {"sheetId": sheet},
                            "rows": [{"values": [{"userEnteredValue": {"stringValue": TOO_LONG}}]}],
                            "fields": "userEnteredValue",
                        }
                    }
                ]
            },
        ),
    ]
    for request in writes:
        with pytest.raises(HttpError) as err:
            request.execute()
        assert err.value.status_code == 400
        assert "maximum of 50000 characters in a single cell" in err.value.reason
    assert fake_google.values(sid, "Coverage") == [["a", 1]]
    values.update(
        spreadsheetId=sid,
        range="Coverage!A1",
        valueInputOption="RAW",
        body={"values": [["x" * 50_000]]},
    ).execute()


def test_clear_and_rewrite_a_tab_three_ways(sheets, sid, fake_google) -> None:
    sheet = sheet_id(fake_google, sid)
    values = sheets.values()
    values.clear(spreadsheetId=sid, range="Coverage").execute()
    assert fake_google.values(sid, "Coverage") == []
    values.update(
        spreadsheetId=sid, range="Coverage!A1", valueInputOption="RAW", body={"values": [["b"]]}
    ).execute()
    values.batchClear(spreadsheetId=sid, body={"ranges": ["Coverage"]}).execute()
    assert fake_google.values(sid, "Coverage") == []
    values.update(
        spreadsheetId=sid, range="Coverage!A1", valueInputOption="RAW", body={"values": [["c"]]}
    ).execute()
    batch(sheets, sid, {"updateCells": {"range": {"sheetId": sheet}, "fields": "*"}})
    assert fake_google.values(sid, "Coverage") == []
    reply = batch(
        sheets,
        sid,
        {"addSheet": {"properties": {"title": "tmp"}}},
        {"deleteSheet": {"sheetId": sheet}},
        {"addSheet": {"properties": {"title": "Coverage"}}},
    )
    assert fake_google.sheet_titles(sid) == ["tmp", "Coverage"]
    assert reply["replies"][2]["addSheet"]["properties"]["sheetId"] != sheet
    values.update(
        spreadsheetId=sid, range="Coverage!A1", valueInputOption="RAW", body={"values": [["d"]]}
    ).execute()
    assert fake_google.values(sid, "Coverage") == [["d"]]
    with pytest.raises(HttpError):
        batch(sheets, sid, {"deleteSheet": {"sheetId": sheet}})  # already gone
