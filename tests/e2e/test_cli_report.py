"""``report`` on a local workbook, as a user runs it (DESIGN.md §4, §8)."""

from __future__ import annotations

import io
import json
from itertools import combinations
from pathlib import Path

import openpyxl
import pytest

from aibou.cli import main
from tests.rosters import roster_rows, write_workbook


def run(*argv: str, as_json: bool = True) -> tuple[int, dict | str]:
    out = io.StringIO()
    code = main([*argv, "--json"] if as_json else list(argv), out=out)
    return code, json.loads(out.getvalue()) if as_json else out.getvalue()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "buddies.xlsx",
        {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}), "メモ": [["keep me"]]},
    )


def met_pairs(path: Path) -> set[frozenset[str]]:
    """Pairs of people of different functions who shared a group, read off the rotation tabs."""
    book = openpyxl.load_workbook(path)
    pairs = set()
    for ws in book.worksheets:
        if not ws.title.startswith("相棒"):
            continue
        groups: dict[int, list[str]] = {}
        for row in ws.iter_rows(min_row=2, values_only=True):
            if isinstance(row[0], int) and row[2]:
                groups.setdefault(row[0], []).append(row[2])
        for members in groups.values():
            pairs |= {frozenset(p) for p in combinations(members, 2) if p[0][:2] != p[1][:2]}
    return pairs


def test_report_json_prints_the_coverage_of_every_rotation(workbook: Path) -> None:
    for day in ("2027-01-04", "2027-04-05"):
        assert run("rotate", "--workbook", str(workbook), "--date", day)[0] == 0
    code, result = run("report", "--workbook", str(workbook), "--date", "2027-05-10")
    assert code == 0
    assert result["status"] == "reported"
    assert result["period"] == {"key": "2027-Q2", "start": "2027-04-01", "end": "2027-06-30"}
    assert result["participation"] == []  # an .ics file keeps no replies
    pairs = met_pairs(workbook)
    coverage = result["coverage"]
    assert (coverage["met"], coverage["possible"]) == (len(pairs), 27)
    assert len(coverage["people"]) == 9
    for person in coverage["people"]:
        mine = sum(1 for p in pairs if person["email"] in p)
        assert (person["met"], person["possible"]) == (mine, 6)
    # three of each function: the design meets everyone in three rotations, two are played
    assert coverage["rotations_needed"] == {"at_least": 1, "at_most": 1}
    assert result["errors"] == [] and result["tabs"] == ["カバレッジ"]

    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["名簿", "メモ", "相棒 2027-Q1", "相棒 2027-Q2", "カバレッジ"]
    ws = book["カバレッジ"]
    assert ws.cell(3, 2).value == len(pairs) and ws.cell(3, 3).value == 27
    (formatting,) = list(ws.conditional_formatting)
    assert formatting.rules[0].type == "colorScale"


def test_a_second_report_duplicates_nothing_and_rotate_leaves_it_alone(workbook: Path) -> None:
    run("rotate", "--workbook", str(workbook), "--date", "2027-01-04")
    run("report", "--workbook", str(workbook), "--date", "2027-02-01")
    code, text = run("report", "--workbook", str(workbook), "--date", "2027-02-08", as_json=False)
    assert code == 0
    assert "カバレッジ" in text and "9 / 27" in text
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["名簿", "メモ", "相棒 2027-Q1", "カバレッジ"]
    assert book["カバレッジ"].cell(2, 2).value == "2027-02-08"
    data = workbook.read_bytes()
    assert run("rotate", "--workbook", str(workbook), "--date", "2027-02-09")[1]["status"] == (
        "already-applied"
    )
    assert workbook.read_bytes() == data


def test_invalid_roster_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    rows = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    rows[2][2] = "経理"  # a function nobody configured
    path = write_workbook(tmp_path / "bad.xlsx", {"名簿": rows})
    data = path.read_bytes()
    code, result = run("report", "--workbook", str(path), "--date", "2027-02-01")
    assert code == 2
    assert result["status"] == "invalid"
    (error,) = result["errors"]
    assert (error["tab"], error["row"], error["column"]) == ("名簿", 3, "C")
    assert path.read_bytes() == data


def test_a_missing_workbook_is_an_error(tmp_path: Path) -> None:
    code, result = run("report", "--workbook", str(tmp_path / "none.xlsx"))
    assert code == 1
    assert result["status"] == "error" and result["errors"][0]["tab"] is None
