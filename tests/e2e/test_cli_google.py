"""``python main.py rotate|validate --spreadsheet ID`` against the fake Google server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.rosters import roster_rows

ROOT = Path(__file__).resolve().parents[2]
OPS = "ops@example.com"


def cli(*argv: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "main.py", *argv, "--json"], cwd=ROOT, env=os.environ.copy(),
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def sheet(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    google_env.fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return google_env.fake.create_spreadsheet(
        "相棒制度",
        {"Roster": roster_rows({"sales": 3, "cs": 2, "dev": 4}), "Settings": [["language", "en"]]},
        owner=OPS,
    )


@pytest.mark.slow
def test_rotate_and_validate_a_google_sheet(fake_google: FakeGoogle, sheet: str) -> None:
    code, result = cli("validate", "--spreadsheet", sheet)
    assert (code, result["status"], result["errors"]) == (0, "dry-run", [])

    code, result = cli("rotate", "--spreadsheet", sheet, "--date", "2027-04-02")
    assert (code, result["status"], result["tab"]) == (0, "applied", "Rotation 2027-Q2")
    assert result["period"] == {"key": "2027-Q2", "start": "2027-04-01", "end": "2027-06-30"}
    assert len(result["groups"]) == 3 and len(fake_google.events(OPS)) == 3
    assert fake_google.sheet_titles(sheet) == ["Roster", "Settings", "Rotation 2027-Q2"]

    code, again = cli("rotate", "--spreadsheet", sheet, "--date", "2027-04-02")
    assert (code, again["status"]) == (0, "already-applied")


@pytest.mark.slow
def test_a_missing_sheet_is_a_clear_failure(
    fake_google: FakeGoogle, google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    code, result = cli("validate", "--spreadsheet", "no-such-sheet")
    assert code == 1 and result["status"] == "error"
    assert "Spreadsheet no-such-sheet was not found" in result["errors"][0]["message"]
