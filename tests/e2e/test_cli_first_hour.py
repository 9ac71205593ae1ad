"""A new user's first hour on the command line: dates as people write them, a clear OK."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from aibou.cli import main
from tests.rosters import EN_HEADER, roster_rows, write_workbook


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "buddies.xlsx", {"名簿": roster_rows({"sales": 6, "cs": 5, "dev": 9})}
    )


@pytest.mark.parametrize("written", ["2027-01-06", "2027/1/6", "2027/01/06"])
def test_date_as_people_write_it(workbook: Path, written: str) -> None:
    code, out = run("rotate", "--workbook", str(workbook), "--date", written, "--json")
    result = json.loads(out)
    assert code == 0 and result["status"] == "applied"
    assert result["period"]["key"] == "2027-Q1"
    assert openpyxl.load_workbook(workbook).sheetnames == ["名簿", "相棒 2027-Q1"]


@pytest.mark.parametrize("command", ["rotate", "validate"])
@pytest.mark.parametrize("written", ["2027/13/5", "2027/2/30", "5/1/2027", "tomorrow"])
def test_a_bad_date_is_one_clear_line_and_exit_2(
    workbook: Path, capsys: pytest.CaptureFixture[str], command: str, written: str
) -> None:
    before = workbook.read_bytes()
    with pytest.raises(SystemExit) as exited:
        main([command, "--workbook", str(workbook), "--date", written])
    assert exited.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        f"aibou {command}: error: argument --date: "
        f"{written!r} is not a date: use 2027-01-05 or 2027/1/5"
    )
    assert workbook.read_bytes() == before
    assert not workbook.with_suffix(".ics").exists()


def test_validate_says_ok_in_japanese(workbook: Path) -> None:
    code, out = run("validate", "--workbook", str(workbook), "--date", "2027/1/6")
    assert code == 0
    assert out.splitlines()[0] == "OK：20人、次は 2027-Q1 です"


def test_validate_says_ok_in_english_and_counts_only_who_takes_part(tmp_path: Path) -> None:
    rows = roster_rows({"sales": 3, "cs": 3, "dev": 3}, header=EN_HEADER)
    rows[1][4] = "leave"
    rows[2][4] = "opt-out"
    workbook = write_workbook(
        tmp_path / "team.xlsx", {"Roster": rows, "Settings": [["language", "en"]]}
    )
    code, out = run("validate", "--workbook", str(workbook), "--date", "2027/4/6")
    assert code == 0
    assert out.splitlines()[0] == "OK: 7 people, 2027-Q2 is next"


def test_validate_json_is_unchanged_by_the_ok_line(workbook: Path) -> None:
    code, out = run("validate", "--workbook", str(workbook), "--date", "2027/1/6", "--json")
    result = json.loads(out)
    assert code == 0 and result["status"] == "dry-run"
    assert "OK" not in out and "people" not in result


def test_an_invalid_roster_gets_no_ok(tmp_path: Path) -> None:
    rows = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    rows[2][1] = "hanako(at)example.jp"
    workbook = write_workbook(tmp_path / "bad.xlsx", {"名簿": rows})
    code, out = run("validate", "--workbook", str(workbook), "--date", "2027/1/6")
    assert code == 2
    assert "OK" not in out and "名簿!B3" in out
