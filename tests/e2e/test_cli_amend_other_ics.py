"""An amendment pointed at another ``.ics`` than the rotation's (attack review of issue 11).

A confused operator runs the amendment with ``--ics`` naming a new file. The calendar cannot be
amended there; the answer must say so in the sheet's language (every message exists in ja and
en) and tell what to do, not show an internal UID in English only.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli_between_rotations import _roster, _set_roster, run
from tests.rosters import roster_rows, write_workbook


def test_an_amendment_on_another_ics_is_a_clear_error_in_the_sheets_language(
    tmp_path: Path,
) -> None:
    rows = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    workbook = write_workbook(tmp_path / "buddies.xlsx", {"名簿": rows})
    assert run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")[0] == 0
    roster = _roster(workbook)
    roster.append(["新人 花子", "new@example.jp", "CS", "リモート", ""])
    _set_roster(workbook, roster)

    other = tmp_path / "other.ics"
    code, result = run(
        "rotate", "--workbook", str(workbook), "--ics", str(other), "--date", "2027-02-03"
    )

    assert code != 0 and result["status"] in ("error", "invalid")
    [error] = result["errors"]
    assert "other.ics" in error["message"]
    assert "@aibou" not in error["message"]  # an internal UID tells the user nothing
    assert any("\u3040" <= ch <= "\u30ff" for ch in error["message"])  # worded in Japanese
