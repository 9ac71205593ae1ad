"""The fake's schema checks against the discovery documents, and its plumbing."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.discovery import check_body, document, match, routes

ROOT = Path(__file__).resolve().parents[2]


def messages(api: str, schema: str, body: object) -> list[str]:
    return [text for _, text in check_body(api, schema, body)]


def test_documents_come_from_googleapiclient() -> None:
    import googleapiclient

    assert document("sheets")["revision"]
    assert document("calendar")["id"] == "calendar:v3"
    assert Path(googleapiclient.__file__).parent.exists()
    assert len(routes()) > 50


def test_routing_by_template_and_custom_verb() -> None:
    found = match("POST", "/v4/spreadsheets/abc/values/Sheet1!A1:B2:append")
    assert found is not None
    route, params = found
    assert route.method_id == "sheets.spreadsheets.values.append"
    assert params == {"spreadsheetId": "abc", "range": "Sheet1!A1:B2"}
    route, params = match("GET", "/v4/spreadsheets/abc/values/%27a%20b%27%21A1") or (None, {})
    assert params["range"] == "'a b'!A1"
    assert match("GET", "/nothing/here") is None


def test_nested_refs_arrays_maps_and_enums() -> None:
    body = {
        "summary": 5,
        "attendees": [{"email": "a@example.com", "optional": "no", "shoe": 1}],
        "extendedProperties": {"private": {"k": {"nested": 1}}},
        "reminders": {"overrides": [{"minutes": 1.5}]},
        "start": {"dateTime": "2027-01-05 10:00"},
    }
    found = messages("calendar", "Event", body)
    assert "Invalid value at 'summary' (TYPE_STRING), 5" in found
    assert "Invalid value at 'attendees[0].optional' (TYPE_BOOL), \"no\"" in found
    assert any("Unknown name \"shoe\" at 'attendees[0]'" in m for m in found)
    assert any("extended_properties.private[k]" in m for m in found)
    assert any("reminders.overrides[0].minutes" in m for m in found)
    assert any("start.date_time" in m for m in found)
    sheets = messages(
        "sheets",
        "BatchUpdateSpreadsheetRequest",
        {
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"gridProperties": {"rowCount": True, "columnCount": 2**40}},
                        "fields": "*",
                    }
                }
            ],
            "includeSpreadsheetInResponse": "yes",
        },
    )
    assert len(sheets) == 3
    bad_enum = messages("sheets", "ValueRange", {"majorDimension": "DIAGONAL"})
    assert bad_enum == ["Invalid value at 'major_dimension' (TYPE_ENUM), \"DIAGONAL\""]


def test_null_means_default_and_any_means_any() -> None:
    assert (
        messages("sheets", "ValueRange", {"majorDimension": None, "values": [[1, "a", True]]}) == []
    )
    assert messages("sheets", "ValueRange", {"values": "abc"}) != []
    assert messages("sheets", "ValueRange", []) == [
        "Invalid JSON payload received. Root element must be a message."
    ]


def test_unimplemented_methods_are_501_not_silently_accepted(fake_google: FakeGoogle) -> None:
    fake_google.add_user_token("t", "u@example.com", ["https://www.googleapis.com/auth/calendar"])
    response = requests.get(
        f"{fake_google.base_url}/calendar/v3/users/me/calendarList",
        headers={"Authorization": "Bearer t"},
        timeout=5,
    )
    assert response.status_code == 501
    assert "calendar.calendarList.list" in response.json()["error"]["message"]


def test_wrong_method_on_known_path_is_404(fake_google: FakeGoogle) -> None:
    response = requests.delete(f"{fake_google.base_url}/v4/spreadsheets/abc", timeout=5)
    assert response.status_code == 404


def test_concurrent_writes_are_serialised(fake_google: FakeGoogle) -> None:
    scope = ["https://www.googleapis.com/auth/spreadsheets"]
    fake_google.add_user_token("t", "owner@example.com", scope)
    sid = fake_google.create_spreadsheet("t", {"Log": []}, owner="owner@example.com")
    url = f"{fake_google.base_url}/v4/spreadsheets/{sid}/values/Log!A1:append"

    def append(n: int) -> None:
        with requests.Session() as session:
            for i in range(5):
                session.post(
                    url,
                    params={"valueInputOption": "RAW"},
                    json={"values": [[f"{n}-{i}"]]},
                    headers={"Authorization": "Bearer t"},
                    timeout=10,
                ).raise_for_status()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = fake_google.values(sid, "Log")
    assert sorted(r[0] for r in rows) == sorted(f"{n}-{i}" for n in range(8) for i in range(5))


def test_runs_alone_and_prints_its_url(tmp_path: Path) -> None:
    key = tmp_path / "sa.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakegoogle",
            "--port",
            "0",
            "--key-file",
            str(key),
            "--seed-demo",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("fakegoogle listening on http://127.0.0.1:")
        base = first.rsplit(" ", 1)[1]
        assert requests.get(base + "oauth2/v1/certs", timeout=5).status_code == 200
        process.stdout.readline()
        assert "demo spreadsheet:" in process.stdout.readline()
        assert key.exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("method_id", ["sheets.spreadsheets.values.get", "calendar.events.insert"])
def test_scopes_come_from_discovery(method_id: str) -> None:
    route = next(r for r in routes() if r.method_id == method_id)
    assert route.scopes
    assert not any(s.endswith(".app.created") for s in route.scopes)
