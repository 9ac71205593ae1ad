"""The fake's Sheets v4, driven by gspread and googleapiclient."""

from __future__ import annotations

import gspread
import pytest
from googleapiclient.errors import HttpError

from tests.fakegoogle import FakeGoogle, redirect_session
from tests.fakegoogle.cells import Cell
from tests.fakegoogle.pytest_plugin import GoogleEnv

TAB = "相棒 2027-Q1"
LINK = '=HYPERLINK("https://example.com/p/1","Hanako")'


@pytest.fixture
def sid(google_env: GoogleEnv, fake_google: FakeGoogle) -> str:
    return fake_google.create_spreadsheet(
        "Roster",
        {
            TAB: [["name", "team", "since"], ["Hanako", "Sales", "2027-01-05"], ["Taro", "Eng"]],
            "Config": [["key", "value"]],
        },
        owner=google_env.email,
    )


def test_gspread_reads_through_the_redirect(google_env: GoogleEnv, sid: str) -> None:
    client = google_env.gspread_client()
    sheet = client.open_by_key(sid)
    assert [ws.title for ws in sheet.worksheets()] == [TAB, "Config"]
    rows = sheet.worksheet(TAB).get_all_values()
    assert rows == [
        ["name", "team", "since"],
        ["Hanako", "Sales", "2027-01-05"],
        ["Taro", "Eng", ""],
    ]


def test_gspread_client_with_auth_and_mounted_redirect(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    client = gspread.Client(auth=google_env.credentials())
    redirect_session(client.http_client.session, fake_google.root)
    assert client.open_by_key(sid).worksheet("Config").get("A1:B1") == [["key", "value"]]


def test_raw_keeps_formula_text_user_entered_makes_formula(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    ws = google_env.gspread_client().open_by_key(sid).worksheet(TAB)
    ws.update([[LINK]], "D2", value_input_option="RAW")
    ws.update([[LINK]], "D3", value_input_option="USER_ENTERED")
    assert fake_google.cells(sid, TAB)["D2"] == Cell("string", LINK)
    assert fake_google.cells(sid, TAB)["D3"] == Cell("formula", LINK)
    formulas = ws.get("D2:D3", value_render_option="FORMULA")
    assert formulas == [[LINK], [LINK]]
    shown = ws.get("D2:D3", value_render_option="FORMATTED_VALUE")
    assert shown == [[LINK], ["Hanako"]]


def test_user_entered_parses_numbers_booleans_dates(google_env: GoogleEnv, sid: str) -> None:
    service = google_env.sheets()
    values = service.spreadsheets().values()
    values.update(
        spreadsheetId=sid,
        range="Config!A2",
        valueInputOption="USER_ENTERED",
        body={"values": [["42", "TRUE", "2027-01-05", "'007"]]},
    ).execute()
    got = values.get(
        spreadsheetId=sid, range="Config!A2:D2", valueRenderOption="UNFORMATTED_VALUE"
    ).execute()
    assert got["values"] == [[42, True, 46392, "007"]]
    as_text = values.get(
        spreadsheetId=sid,
        range="Config!A2:D2",
        valueRenderOption="UNFORMATTED_VALUE",
        dateTimeRenderOption="FORMATTED_STRING",
    ).execute()
    assert as_text["values"] == [[42, True, "2027-01-05", "007"]]


def test_ranges_whole_sheet_quoted_and_trimmed(google_env: GoogleEnv, sid: str) -> None:
    values = google_env.sheets().spreadsheets().values()
    whole = values.get(spreadsheetId=sid, range=TAB).execute()
    assert whole["range"] == f"'{TAB}'!A1:Z1000"
    assert whole["values"][2] == ["Taro", "Eng"]  # trailing empties trimmed
    columns = values.get(
        spreadsheetId=sid, range=f"'{TAB}'!A1:H", majorDimension="COLUMNS"
    ).execute()
    assert columns["range"] == f"'{TAB}'!A1:H1000"
    assert columns["values"][2] == ["since", "2027-01-05"]
    batch = values.batchGet(spreadsheetId=sid, ranges=[f"'{TAB}'!B2", "Config!A1:B1"]).execute()
    assert [r["values"] for r in batch["valueRanges"]] == [[["Sales"]], [["key", "value"]]]
    empty = values.get(spreadsheetId=sid, range="Config!C5:D6").execute()
    assert "values" not in empty


def test_unparseable_and_unknown_ranges_are_400(google_env: GoogleEnv, sid: str) -> None:
    values = google_env.sheets().spreadsheets().values()
    for bad in ("Nope!A1", f"{TAB}!A1", "Config!A1:B2:C3"):
        with pytest.raises(HttpError) as err:
            values.get(spreadsheetId=sid, range=bad).execute()
        assert err.value.status_code == 400
        assert "Unable to parse range" in str(err.value)


def test_writes_beyond_the_grid_are_400(google_env: GoogleEnv, sid: str) -> None:
    values = google_env.sheets().spreadsheets().values()
    with pytest.raises(HttpError) as err:
        values.update(
            spreadsheetId=sid,
            range="Config!Z1",
            valueInputOption="RAW",
            body={"values": [["a", "b"]]},
        ).execute()
    assert err.value.status_code == 400
    assert "exceeds grid limits" in str(err.value)
    with pytest.raises(HttpError, match="tried writing to column"):
        values.update(
            spreadsheetId=sid,
            range="Config!A1:B1",
            valueInputOption="RAW",
            body={"values": [["a", "b", "c"]]},
        ).execute()


def test_value_input_option_is_required(google_env: GoogleEnv, sid: str) -> None:
    session = google_env.session()
    response = session.put(
        f"https://sheets.googleapis.com/v4/spreadsheets/{sid}/values/Config!A1",
        json={"values": [["x"]]},
    )
    assert response.status_code == 400
    assert "valueInputOption" in response.json()["error"]["message"]


def test_append_and_batch_clear(google_env: GoogleEnv, fake_google: FakeGoogle, sid: str) -> None:
    values = google_env.sheets().spreadsheets().values()
    result = values.append(
        spreadsheetId=sid,
        range=f"'{TAB}'!A:C",
        valueInputOption="RAW",
        insertDataOption="INSERT_ROWS",
        body={"values": [["Jiro", "Ops", "2027-02-01"]]},
    ).execute()
    assert result["updates"]["updatedRange"] == f"'{TAB}'!A4:C4"
    assert result["tableRange"] == f"'{TAB}'!A1:C3"
    assert fake_google.values(sid, TAB)[3] == ["Jiro", "Ops", "2027-02-01"]
    cleared = values.batchClear(spreadsheetId=sid, body={"ranges": [f"'{TAB}'!A2:C"]}).execute()
    assert cleared["clearedRanges"] == [f"'{TAB}'!A2:C1001"]
    assert fake_google.values(sid, TAB) == [["name", "team", "since"]]


def test_values_batch_update_is_atomic(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    values = google_env.sheets().spreadsheets().values()
    with pytest.raises(HttpError):
        values.batchUpdate(
            spreadsheetId=sid,
            body={
                "valueInputOption": "RAW",
                "data": [
                    {"range": "Config!A2", "values": [["ok"]]},
                    {"range": "Missing!A1", "values": [["boom"]]},
                ],
            },
        ).execute()
    assert fake_google.values(sid, "Config") == [["key", "value"]]


def test_duplicate_tab_title_is_400(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    spreadsheet = google_env.gspread_client().open_by_key(sid)
    with pytest.raises(gspread.exceptions.APIError) as err:
        spreadsheet.add_worksheet("config", rows=10, cols=5)  # titles are case-insensitive
    assert err.value.response.status_code == 400
    error = err.value.response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert 'A sheet with the name "config" already exists' in error["message"]
    new = spreadsheet.add_worksheet("2027-Q2", rows=10, cols=5)
    assert fake_google.sheet_titles(sid) == [TAB, "Config", "2027-Q2"]
    assert new.id != 0


def test_batch_update_is_atomic(google_env: GoogleEnv, fake_google: FakeGoogle, sid: str) -> None:
    service = google_env.sheets()
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "New"}}},
            {"deleteSheet": {"sheetId": 999}},
        ]
    }
    with pytest.raises(HttpError) as err:
        service.spreadsheets().batchUpdate(spreadsheetId=sid, body=body).execute()
    assert "requests[1].deleteSheet" in str(err.value)
    assert fake_google.sheet_titles(sid) == [TAB, "Config"]


def test_schema_violations_in_batch_update(google_env: GoogleEnv, sid: str) -> None:
    session = google_env.session()
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{sid}:batchUpdate"
    cases = [
        (
            {"requests": [{"addSheet": {"properties": {"titel": "x"}}}]},
            "Unknown name \"titel\" at 'requests[0].add_sheet.properties'",
        ),
        (
            {"requests": [{"addSheet": {"properties": {"index": "1"}}}]},
            "Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32)",
        ),
        (
            {"requests": [{"addSheet": {"properties": {"sheetType": "CHART"}}}]},
            "requests[0].add_sheet.properties.sheet_type",
        ),
        ({"requests": {"addSheet": {}}}, "Invalid value at 'requests'"),
        ({"requests": [{"addSheet": {}, "deleteSheet": {"sheetId": 0}}]}, "Oneof field"),
        ({"requests": [{}]}, "No request set"),
        ({"requests": [{"addChart": {"chart": {}}}]}, "does not implement"),
    ]
    for body, expected in cases:
        response = session.post(url, json=body)
        assert response.status_code in (400, 501), body
        assert expected in response.json()["error"]["message"], response.text


def test_unknown_query_parameter_is_400(google_env: GoogleEnv, sid: str) -> None:
    session = google_env.session()
    response = session.get(
        f"https://sheets.googleapis.com/v4/spreadsheets/{sid}", params={"includeGridDat": "true"}
    )
    assert response.status_code == 400
    assert "Cannot bind query parameter" in response.json()["error"]["message"]
    bad_enum = session.get(
        f"https://sheets.googleapis.com/v4/spreadsheets/{sid}/values/Config",
        params={"valueRenderOption": "RAW"},
    )
    assert bad_enum.status_code == 400


def test_unknown_spreadsheet_and_no_permission(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    values = google_env.sheets(subject="stranger@example.com").spreadsheets().values()
    with pytest.raises(HttpError) as err:
        values.get(spreadsheetId=sid, range="Config").execute()
    assert err.value.status_code == 403
    assert "The caller does not have permission" in str(err.value)
    with pytest.raises(HttpError) as err:
        values.get(spreadsheetId="nope", range="Config").execute()
    assert err.value.status_code == 404
    fake_google.share(sid, "stranger@example.com", role="reader")
    assert values.get(spreadsheetId=sid, range="Config").execute()["values"]
    with pytest.raises(HttpError) as err:
        values.update(
            spreadsheetId=sid,
            range="Config!A3",
            valueInputOption="RAW",
            body={"values": [["x"]]},
        ).execute()
    assert err.value.status_code == 403


def test_spreadsheet_get_fields_and_grid_data(google_env: GoogleEnv, sid: str) -> None:
    spreadsheets = google_env.sheets().spreadsheets()
    meta = spreadsheets.get(spreadsheetId=sid, fields="sheets(properties(title,sheetId))").execute()
    assert meta == {"sheets": [{"properties": {"title": TAB, "sheetId": 0}}, meta["sheets"][1]]}
    with pytest.raises(HttpError) as err:
        spreadsheets.get(spreadsheetId=sid, fields="sheets(propertes)").execute()
    assert err.value.status_code == 400
    grid = spreadsheets.get(
        spreadsheetId=sid, ranges=["Config!A1:B1"], includeGridData=True
    ).execute()
    assert len(grid["sheets"]) == 1
    cells = grid["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert cells[0]["userEnteredValue"] == {"stringValue": "key"}


def test_developer_metadata_lifecycle(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    spreadsheets = google_env.sheets().spreadsheets()
    created = spreadsheets.batchUpdate(
        spreadsheetId=sid,
        body={
            "requests": [
                {
                    "createDeveloperMetadata": {
                        "developerMetadata": {
                            "metadataKey": "aibou.schema",
                            "metadataValue": "3",
                            "location": {"spreadsheet": True},
                            "visibility": "DOCUMENT",
                        }
                    }
                },
                {
                    "createDeveloperMetadata": {
                        "developerMetadata": {
                            "metadataKey": "aibou.tab",
                            "metadataValue": "roster",
                            "location": {"sheetId": 0},
                            "visibility": "PROJECT",
                        }
                    }
                },
            ]
        },
    ).execute()
    first, second = (r["createDeveloperMetadata"]["developerMetadata"] for r in created["replies"])
    assert first["location"] == {"locationType": "SPREADSHEET", "spreadsheet": True}
    assert second["location"] == {"locationType": "SHEET", "sheetId": 0}
    got = (
        spreadsheets.developerMetadata()
        .get(spreadsheetId=sid, metadataId=second["metadataId"])
        .execute()
    )
    assert got["metadataValue"] == "roster"
    found = (
        spreadsheets.developerMetadata()
        .search(
            spreadsheetId=sid,
            body={
                "dataFilters": [
                    {
                        "developerMetadataLookup": {
                            "metadataKey": "aibou.tab",
                            "locationType": "SHEET",
                        }
                    }
                ]
            },
        )
        .execute()
    )
    assert [m["developerMetadata"]["metadataId"] for m in found["matchedDeveloperMetadata"]] == [
        second["metadataId"]
    ]
    meta = spreadsheets.get(spreadsheetId=sid).execute()
    assert meta["developerMetadata"][0]["metadataKey"] == "aibou.schema"
    assert meta["sheets"][0]["developerMetadata"][0]["metadataKey"] == "aibou.tab"
    spreadsheets.batchUpdate(
        spreadsheetId=sid,
        body={
            "requests": [
                {
                    "updateDeveloperMetadata": {
                        "dataFilters": [
                            {"developerMetadataLookup": {"metadataId": first["metadataId"]}}
                        ],
                        "developerMetadata": {"metadataValue": "4"},
                        "fields": "metadataValue",
                    }
                }
            ]
        },
    ).execute()
    spreadsheets.batchUpdate(
        spreadsheetId=sid,
        body={
            "requests": [
                {
                    "deleteDeveloperMetadata": {
                        "dataFilter": {"developerMetadataLookup": {"metadataKey": "aibou.tab"}}
                    }
                }
            ]
        },
    ).execute()
    assert [
        (m["metadataKey"], m["metadataValue"]) for m in fake_google.developer_metadata(sid)
    ] == [("aibou.schema", "4")]
    with pytest.raises(HttpError) as err:
        spreadsheets.developerMetadata().get(
            spreadsheetId=sid, metadataId=second["metadataId"]
        ).execute()
    assert err.value.status_code == 404


def test_protected_range_blocks_other_editors(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    fake_google.share(sid, "editor@example.com", role="writer")
    google_env.sheets().spreadsheets().batchUpdate(
        spreadsheetId=sid,
        body={
            "requests": [
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
                            "description": "header",
                        }
                    }
                },
                {
                    "repeatCell": {
                        "range": {"sheetId": 0, "endRowIndex": 1},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold",
                    }
                },
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": 0,
                            "dimension": "COLUMNS",
                            "startIndex": 0,
                            "endIndex": 1,
                        },
                        "properties": {"pixelSize": 120},
                        "fields": "pixelSize",
                    }
                },
                {"autoResizeDimensions": {"dimensions": {"sheetId": 0, "dimension": "COLUMNS"}}},
                {
                    "mergeCells": {
                        "range": {
                            "sheetId": 0,
                            "startRowIndex": 5,
                            "endRowIndex": 6,
                            "startColumnIndex": 0,
                            "endColumnIndex": 2,
                        },
                        "mergeType": "MERGE_ALL",
                    }
                },
            ]
        },
    ).execute()
    assert fake_google.protected_ranges(sid, TAB)[0]["editors"] == {"users": [google_env.email]}
    editor = google_env.sheets(subject="editor@example.com").spreadsheets().values()
    with pytest.raises(HttpError, match="protected cell"):
        editor.update(
            spreadsheetId=sid,
            range=f"'{TAB}'!A1",
            valueInputOption="RAW",
            body={"values": [["x"]]},
        ).execute()
    editor.update(
        spreadsheetId=sid, range=f"'{TAB}'!A5", valueInputOption="RAW", body={"values": [["ok"]]}
    ).execute()


def test_repeat_cell_without_fields_is_400(google_env: GoogleEnv, sid: str) -> None:
    with pytest.raises(HttpError, match="At least one field"):
        google_env.sheets().spreadsheets().batchUpdate(
            spreadsheetId=sid,
            body={"requests": [{"repeatCell": {"range": {"sheetId": 0}, "cell": {}}}]},
        ).execute()


def test_update_sheet_properties_and_resize(
    google_env: GoogleEnv, fake_google: FakeGoogle, sid: str
) -> None:
    ws = google_env.gspread_client().open_by_key(sid).worksheet("Config")
    ws.update_title("設定")
    ws.resize(rows=5, cols=3)
    meta = fake_google.spreadsheet(sid)["sheets"][1]["properties"]
    assert meta["title"] == "設定"
    assert meta["gridProperties"] == {"rowCount": 5, "columnCount": 3}
