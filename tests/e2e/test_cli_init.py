"""``aibou init`` offline: a new workbook to fill in, which rotates once people are typed in."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from aibou.cli import main
from aibou.domain.sheet.settings import parse_settings
from tests.rosters import roster_rows, write_workbook

EN_STATUSES = ["active", "leave", "opt-out"]


def run(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out)
    return code, json.loads(out.getvalue())


def drop_downs(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[str]]:
    """Column letter -> the choices of its list validation, as Excel shows them."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        (cells,) = str(rule.sqref).split()
        found[cells.split(":")[0].rstrip("0123456789")] = rule.formula1.strip('"').split(",")
        assert cells.endswith("1001") and cells[1:].startswith("2:")
    return found


@pytest.mark.parametrize(
    ("language", "roster", "settings", "functions", "people"),
    [
        (
            "ja",
            "名簿",
            "設定",
            ["セールス", "カスタマーサクセス", "開発"],
            ["参加", "休職", "不参加"],
        ),
        ("en", "Roster", "Settings", ["Sales", "Customer Success", "Dev"], EN_STATUSES),
    ],
)
def test_init_makes_a_roster_with_drop_downs_that_rotates_once_filled_in(
    tmp_path: Path,
    language: str,
    roster: str,
    settings: str,
    functions: list[str],
    people: list[str],
) -> None:
    path = tmp_path / "new team.xlsx"
    code, result = run("init", "--workbook", str(path), "--language", language)
    assert code == 0 and result["status"] == "created" and result["tab"] == roster

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [roster, settings]
    sheet = book[roster]
    assert sheet.freeze_panes == "A2"
    lists = drop_downs(sheet)
    assert lists["C"] == functions and lists["E"] == people and len(lists["D"]) == 2
    rows = [[c.value or "" for c in r] for r in book[settings].iter_rows()]
    parsed, problems = parse_settings(settings, rows)
    assert problems == [] and parsed == parse_settings(settings, [["language", language]])[0]
    assert len(rows) == 19 and all(note for _, _, note in rows)  # every setting, with a note

    # type people in, picking from the drop-down lists
    choices = lists
    for i in range(9):
        sheet.append(
            [
                f"Person {i}",
                f"p{i}@example.jp",
                choices["C"][i % 3],
                choices["D"][i % 2],
                choices["E"][0],
            ]
        )
    sheet.append(["On leave", "leave@example.jp", choices["C"][0], "", choices["E"][1]])
    book.save(path)

    code, result = run("rotate", "--workbook", str(path), "--date", "2027/1/6")
    assert code == 0 and result["status"] == "applied", result["errors"]
    assert result["stats"]["group_sizes"] == {"3": 3}
    assert result["stats"]["same_function_pairs"] == 0
    assert "leave@example.jp" not in {m["email"] for g in result["groups"] for m in g["members"]}


def test_init_refuses_a_workbook_with_a_roster_and_leaves_it_byte_for_byte(
    tmp_path: Path,
) -> None:
    path = write_workbook(tmp_path / "team.xlsx", {"Members": roster_rows({"sales": 1})})
    before = path.read_bytes()
    code, result = run("init", "--workbook", str(path))
    assert code == 2 and result["status"] == "invalid"
    (error,) = result["errors"]
    assert error["tab"] == "Members" and "Members" in error["message"]
    assert path.read_bytes() == before


def test_init_never_touches_an_existing_workbook(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "sales.xlsx", {"売上": [["月", "金額"], ["1月", 100]]})
    before = path.read_bytes()
    code, result = run("init", "--workbook", str(path), "--language", "en")
    assert code == 2 and result["status"] == "invalid"
    assert "sales.xlsx exists already" in result["errors"][0]["message"]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["sales.xlsx"]  # no temporary file left


def test_init_tells_what_to_do_next(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["init", "--workbook", str(tmp_path / "team.xlsx")], out=out) == 0
    assert "「名簿」タブを作りました" in out.getvalue() and "validate" in out.getvalue()
