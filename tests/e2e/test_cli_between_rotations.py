"""The year between rotations through the command line, offline (DESIGN.md §7)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aibou.cli import main
from tests.rosters import roster_rows, write_workbook


def run(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out)
    return code, json.loads(out.getvalue())


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "buddies.xlsx", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})}
    )


def test_a_first_run_on_1_december_prepares_the_next_quarter(workbook: Path) -> None:
    code, result = run("rotate", "--workbook", str(workbook), "--date", "2026-12-01")
    assert (code, result["status"], result["period"]["key"]) == (0, "applied", "2027-Q1")
    ics = workbook.with_suffix(".ics").read_text()
    starts = [line for line in ics.splitlines() if line.startswith("DTSTART;")]
    assert len(starts) == 3 and all("20270106T160000" in line for line in starts)


def test_a_week_before_a_quarter_its_rotation_goes_out(workbook: Path) -> None:
    assert run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[0] == 0
    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-03-25")
    assert (code, result["status"], result["tab"]) == (0, "applied", "相棒 2027-Q2")


def test_a_past_date_is_refused_and_nothing_is_written(workbook: Path) -> None:
    assert run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[0] == 0
    ics = workbook.with_suffix(".ics")
    before = workbook.read_bytes(), ics.read_bytes()
    code, result = run("rotate", "--workbook", str(workbook), "--date", "1999-03-15")
    assert (code, result["status"]) == (2, "invalid")
    [error] = result["errors"]
    assert error["tab"] == "相棒 2027-Q1" and "1999-Q2" in error["message"]
    assert (workbook.read_bytes(), ics.read_bytes()) == before


def test_a_joined_date_that_is_not_a_date_names_its_cell(tmp_path: Path) -> None:
    rows = [[*row, ""] for row in roster_rows({"sales": 3, "cs": 3, "dev": 3})]
    rows[0][-1], rows[2][-1] = "入社日", "yesterday"
    workbook = write_workbook(tmp_path / "b.xlsx", {"名簿": rows})
    before = workbook.read_bytes()
    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    assert (code, result["status"]) == (2, "invalid")
    assert [(e["tab"], e["row"], e["column"]) for e in result["errors"]] == [("名簿", 3, "F")]
    assert workbook.read_bytes() == before and not workbook.with_suffix(".ics").exists()
