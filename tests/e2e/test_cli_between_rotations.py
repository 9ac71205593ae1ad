"""The year between rotations through the command line, offline (DESIGN.md §7)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aibou.cli import main
from tests.audit import file_access
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


def _roster(workbook: Path) -> list[list[object]]:
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    return [list(r) for r in book["名簿"].iter_rows(values_only=True)]


def _set_roster(workbook: Path, rows: list[list[object]]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book["名簿"]
    sheet.delete_rows(1, sheet.max_row)
    for row in rows:
        sheet.append(row)
    book.save(workbook)


def test_roster_changes_amend_the_rotation_offline(workbook: Path) -> None:
    import icalendar

    assert run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[0] == 0
    rows = _roster(workbook)
    leaver = rows[1][1]
    rows[1][4] = "休職"
    rows.append(["新人 花子", "new@example.jp", "CS", "リモート", ""])
    _set_roster(workbook, rows)

    preview = run("rotate", "--workbook", str(workbook), "--date", "2027-02-03", "--dry-run")
    assert preview[1]["status"] == "dry-run"
    assert sorted(c["kind"] for c in preview[1]["changes"]) == ["joined", "left"]

    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-02-03")
    assert (code, result["status"]) == (0, "amended")
    changes = {c["kind"]: c for c in result["changes"]}
    assert changes["left"] == {
        "kind": "left", "email": leaver, "group": None, "from_group": changes["left"]["from_group"]
    }  # fmt: skip
    assert changes["joined"]["email"] == "new@example.jp" and changes["joined"]["group"]

    calendar = icalendar.Calendar.from_ical(workbook.with_suffix(".ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3  # same UIDs: patched, not added
    people = {
        str(e["uid"]): {str(a).removeprefix("mailto:") for a in e.get("attendee", [])}
        for e in events
    }
    assert leaver not in set().union(*people.values())
    [joined] = [e for e in events if "new@example.jp" in people[str(e["uid"])]]
    assert int(joined["sequence"]) >= 1

    again_bytes = workbook.read_bytes(), workbook.with_suffix(".ics").read_bytes()
    code, again = run("rotate", "--workbook", str(workbook), "--date", "2027-02-03")
    assert (code, again["status"], again["changes"]) == (0, "already-applied", [])
    assert (workbook.read_bytes(), workbook.with_suffix(".ics").read_bytes()) == again_bytes


def test_an_amendment_reads_and_writes_the_calendar_file_once(workbook: Path) -> None:
    code, first = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    leavers = {g["members"][0]["email"] for g in first["groups"][:2]}  # two groups touched
    rows = _roster(workbook)
    for row in rows:
        if row[1] in leavers:
            row[4] = "休職"
    _set_roster(workbook, [*rows, ["新人 花子", "new@example.jp", "CS", "リモート", ""]])
    with file_access(workbook.with_suffix(".ics")) as seen:
        code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-02-03")
    assert (code, result["status"]) == (0, "amended")
    touched = {c[k] for c in result["changes"] for k in ("group", "from_group")} - {None}
    assert len(touched) >= 2
    assert dict(seen) == {"read": 1, "write": 1}


def test_the_summary_prints_the_changes(workbook: Path) -> None:
    assert run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[0] == 0
    rows = _roster(workbook)
    rows.append(["新人 花子", "new@example.jp", "CS", "リモート", ""])
    _set_roster(workbook, rows)
    out = io.StringIO()
    assert main(["rotate", "--workbook", str(workbook), "--date", "2027-02-03"], out=out) == 0
    text = out.getvalue()
    assert "aibou: amended 2027-Q1" in text and "名簿の変更: 1件" in text
    assert "新人 花子 <new@example.jp>: 参加 → グループ" in text


def _edit_rotation_tab(workbook: Path, old: str, new: str) -> None:
    """A sheet editor changes a cell of aibou's tab, keeping every other part (as Excel does)."""
    import zipfile

    with zipfile.ZipFile(workbook) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    [part] = [n for n, b in parts.items() if "worksheets/" in n and "カレンダー".encode() in b]
    assert old.encode() in parts[part]
    parts[part] = parts[part].replace(old.encode(), new.encode(), 1)
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def test_a_hand_edit_of_the_rotation_tab_is_a_warning_with_its_cell(workbook: Path) -> None:
    code, first = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    assert (code, first["status"]) == (0, "applied")
    clean = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[1]
    assert (clean["status"], clean["warnings"]) == ("already-applied", [])
    email = first["groups"][0]["members"][0]["email"]
    _edit_rotation_tab(workbook, email, "intruder@example.jp")
    ics = workbook.with_suffix(".ics").read_bytes()

    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-02-03")
    assert (code, result["status"], result["changes"]) == (0, "already-applied", [])
    [edit] = [w for w in result["warnings"] if w["row"] is not None]
    assert (edit["tab"], edit["column"]) == ("相棒 2027-Q1", "C")
    assert workbook.with_suffix(".ics").read_bytes() == ics
    out = io.StringIO()
    assert main(["rotate", "--workbook", str(workbook), "--date", "2027-02-03"], out=out) == 0
    line = f"注意: 相棒 2027-Q1!C{edit['row']}: aibou が書いた値が手で変更されています"
    assert line in out.getvalue()
