"""What a sheet editor (or a sheet's limits) can do to aibou's Sheets adapter, over real HTTP
against the fake Google server: planted lock entries, aibou's own tabs protected, and cells
longer than Sheets holds."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest

from aibou import service as rotation
from aibou.google.retry import Backoff
from aibou.google.sheets import LOCK_KEY
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows
from tests.wiring import connect

OPS = "ops@example.com"
DAY = date(2027, 1, 5)
NO_WAIT = Backoff(attempts=4, sleep=lambda seconds: None)


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2})}, owner=OPS
    )


def run(sheet: str) -> rotation.Outcome:
    spreadsheet, calendar = connect(sheet, backoff=NO_WAIT)
    return rotation.rotate(spreadsheet, calendar, DAY)


def plant_lock(google_env: GoogleEnv, sheet: str, value: str) -> None:
    """A sheet editor adds an ``aibou.lock`` entry through the Sheets API."""
    entry = {
        "metadataKey": LOCK_KEY,
        "metadataValue": value,
        "location": {"spreadsheet": True},
        "visibility": "DOCUMENT",
    }
    body = {"requests": [{"createDeveloperMetadata": {"developerMetadata": entry}}]}
    google_env.sheets(subject=OPS).spreadsheets().batchUpdate(
        spreadsheetId=sheet, body=body
    ).execute()


def locks(fake: FakeGoogle, sheet: str) -> list[str]:
    return [
        m["metadataValue"] for m in fake.developer_metadata(sheet) if m["metadataKey"] == LOCK_KEY
    ]


# --- lock poisoning -----------------------------------------------------------------------------


def poison(kind: str, now: float) -> str:
    """A lock entry no aibou run writes; all but the expiry ones expire within a lease."""
    soon = now + 300
    return {
        "no owner": json.dumps({"created": now, "expires": soon}),
        "empty owner": json.dumps({"owner": "", "expires": soon}),
        "owner not text": json.dumps({"owner": ["cli"], "expires": soon}),
        "year 33658": json.dumps({"owner": "cli:x:1", "created": now, "expires": 1e12}),
        "Infinity": '{"owner": "cli:x:1", "expires": Infinity}',
        "expiry as text": json.dumps({"owner": "cli:x:1", "expires": str(soon)}),
        "not JSON": "locked by Hanako, do not run",
        "a JSON list": "[1, 2]",
        "huge owner": json.dumps({"owner": "x" * 40_000, "expires": soon}),
    }[kind]


POISON = ["no owner", "empty owner", "owner not text", "year 33658", "Infinity"]
POISON += ["expiry as text", "not JSON", "a JSON list", "huge owner"]


def test_planted_lock_entries_are_broken_not_honoured(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    """Each entry alone would crash the run or keep it ``busy`` for ever if it were honoured."""
    now = time.time()
    for kind in POISON:
        plant_lock(google_env, sheet, poison(kind, now))
    assert len(locks(fake_google, sheet)) == len(POISON)
    assert run(sheet).status == "applied"
    assert locks(fake_google, sheet) == []  # broken on the way in, ours released on the way out


def test_a_live_lock_of_another_run_is_still_honoured(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    now = time.time()
    other = json.dumps({"owner": "cli:host:42/abc", "created": now, "expires": now + 300})
    plant_lock(google_env, sheet, other)
    assert run(sheet).status == "busy"
    assert locks(fake_google, sheet) == [other]
    assert fake_google.sheet_titles(sheet) == ["名簿"]


def test_an_expired_lock_is_broken(
    fake_google: FakeGoogle, google_env: GoogleEnv, sheet: str
) -> None:
    dead = json.dumps({"owner": "cli:host:42/abc", "created": 0, "expires": 600})
    plant_lock(google_env, sheet, dead)
    assert run(sheet).status == "applied"
    assert locks(fake_google, sheet) == []


# --- aibou's own tabs are protected (warning only) ----------------------------------------------


@pytest.mark.parametrize(
    ("settings", "title", "words"),
    [([], "相棒 2027-Q1", "aibou が書いた"), ([["language", "en"]], "Rotation 2027-Q1", "record")],
)
def test_a_new_rotation_tab_warns_before_anyone_edits_it(
    fake_google: FakeGoogle,
    google_env: GoogleEnv,
    monkeypatch: pytest.MonkeyPatch,
    settings: list[list[str]],
    title: str,
    words: str,
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    tabs = {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2})}
    sheet = fake_google.create_spreadsheet(
        "t", tabs | ({"設定": settings} if settings else {}), owner=OPS
    )
    assert run(sheet).status == "applied"

    got = (
        google_env.sheets(subject=OPS)
        .spreadsheets()
        .get(spreadsheetId=sheet, fields="sheets(properties(title,sheetId),protectedRanges)")
        .execute()
    )
    protected = {s["properties"]["title"]: s.get("protectedRanges", []) for s in got["sheets"]}
    assert [t for t, ranges in protected.items() if ranges] == [title]  # nothing else is touched
    (only,) = protected[title]
    tab_id = next(
        s["properties"]["sheetId"] for s in got["sheets"] if s["properties"]["title"] == title
    )
    assert only["warningOnly"] is True
    assert only["range"] == {"sheetId": tab_id}  # the whole tab
    assert words in only["description"]
    batches = [r.body["requests"] for r in fake_google.requests() if "requests" in (r.body or {})]
    (adding,) = [[next(iter(q)) for q in b] for b in batches if "addSheet" in b[0]]
    assert "addProtectedRange" in adding  # in the same atomic batchUpdate as the tab


# --- Sheets' 50,000 characters a cell, Calendar's 8,192 a description ---------------------------


def test_no_cell_aibou_writes_is_longer_than_sheets_holds(
    fake_google: FakeGoogle, sheet: str
) -> None:
    spreadsheet, _ = connect(sheet, backoff=NO_WAIT)
    note = "、".join(["とても長い名前" * 800] * 10)  # 56,009 characters of aibou's own text
    spreadsheet.add_rotation_tab("相棒 2027-Q1", "2027-Q1", [["メモ"], [note], ["short"]])
    spreadsheet.update_rotation_tab("相棒 2027-Q1", {(4, 1): note})
    spreadsheet.write_settings("設定", {(1, 1): "メモ", (1, 2): note})
    sent = [
        value
        for r in fake_google.requests()
        for value in _strings(r.body)
        if r.method == "POST" and len(value) > 1000
    ]
    assert len(sent) == 3 and {len(v) for v in sent} == {50_000}
    assert all(v.endswith("…") and note.startswith(v[:-1]) for v in sent)
    assert fake_google.values(sheet, "相棒 2027-Q1")[1:] == [[sent[0]], ["short"], [sent[1]]]


def _strings(body: object) -> list[str]:
    if isinstance(body, str):
        return [body]
    if isinstance(body, dict):
        return [s for v in body.values() for s in _strings(v)]
    if isinstance(body, list):
        return [s for v in body for s in _strings(v)]
    return []


def test_a_roster_of_very_long_names_still_rotates(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """5,000-character names are legal in a cell; the agenda listing a group's names no longer
    fits a Calendar description (8,192 characters), so the event carries a shorter one."""
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    fake_google.add_calendar(OPS, time_zone="Asia/Tokyo")
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    for n, row in enumerate(rows[1:]):
        row[0] = f"{n}" + "長" * 4_999
    sheet = fake_google.create_spreadsheet("t", {"名簿": rows}, owner=OPS)

    assert run(sheet).status == "applied"
    events = [e for e in fake_google.events(OPS) if e["status"] == "confirmed"]
    assert len(events) == 2
    assert all(len(e["description"]) <= 8192 for e in events)
    tab = fake_google.values(sheet, "相棒 2027-Q1")
    assert sorted(r[1] for r in tab[1:7]) == sorted(r[0] for r in rows[1:])  # names whole
    assert all(len(c) <= 50_000 for r in tab for c in r if isinstance(c, str))
