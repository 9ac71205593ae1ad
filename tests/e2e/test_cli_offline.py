"""The command line on local workbooks, as a user runs it (DESIGN.md §4)."""

from __future__ import annotations

import gc
import io
import json
import os
import random
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import openpyxl
import pytest

from aibou.cli import main
from aibou.wiring import COLLECTOR_THRESHOLDS
from tests.rosters import roster_rows, write_workbook

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out)
    return code, json.loads(out.getvalue())


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "buddies.xlsx", {"名簿": roster_rows({"sales": 6, "cs": 5, "dev": 9})}
    )


def test_rotate_prints_the_design_object(workbook: Path) -> None:
    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    assert code == 0
    assert result["status"] == "applied"
    assert result["period"] == {"key": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"}
    assert result["tab"] == "相棒 2027-Q1"
    assert result["errors"] == []
    assert set(result["stats"]) >= {"repeat_pairs", "group_sizes", "same_function_pairs"}
    assert result["stats"]["group_sizes"] == {"3": 6, "2": 1}
    members = [m for g in result["groups"] for m in g["members"]]
    assert len(members) == 20 and {m["email"] for m in members} == {
        r[1] for r in roster_rows({"sales": 6, "cs": 5, "dev": 9})[1:]
    }
    assert set(members[0]) == {"email", "name", "function", "location"}
    assert all(g["event_id"] for g in result["groups"])
    assert openpyxl.load_workbook(workbook).sheetnames == ["名簿", "相棒 2027-Q1"]
    assert workbook.with_suffix(".ics").exists()


@pytest.mark.slow
def test_four_quarters_give_four_tabs_and_fewer_repeats_than_random(workbook: Path) -> None:
    repeats = 0
    for day in ("2027-01-05", "2027-04-05", "2027-07-05", "2027-10-05"):
        code, result = run("rotate", "--workbook", str(workbook), "--date", day)
        assert code == 0 and result["status"] == "applied"
        repeats += result["stats"]["repeat_pairs"]
    tabs = openpyxl.load_workbook(workbook).sheetnames
    assert tabs == ["名簿", "相棒 2027-Q1", "相棒 2027-Q2", "相棒 2027-Q3", "相棒 2027-Q4"]

    people = {f: [f"{f}{k}" for k in range(n)] for f, n in {"sales": 6, "cs": 5, "dev": 9}.items()}
    random_repeats = []
    for seed in range(20):  # random shuffling, dealt one function at a time as people do by hand
        rng, seen, total = random.Random(seed), set(), 0
        for _ in range(4):
            groups: list[list[str]] = [[] for _ in range(7)]
            slots = [i % 7 for i in range(20)]
            everyone = [
                p for f in ("dev", "sales", "cs") for p in rng.sample(people[f], len(people[f]))
            ]
            for person, slot in zip(everyone, slots, strict=True):
                groups[slot].append(person)
            pairs = {frozenset(p) for g in groups for p in combinations(g, 2)}
            total += len(pairs & seen)
            seen |= pairs
        random_repeats.append(total)
    assert repeats < min(random_repeats)


def test_the_same_date_again_is_already_applied_and_changes_nothing(workbook: Path) -> None:
    run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    ics = workbook.with_suffix(".ics")
    before = workbook.read_bytes(), ics.read_bytes()
    code, result = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    assert (code, result["status"]) == (0, "already-applied")
    assert (workbook.read_bytes(), ics.read_bytes()) == before
    assert result["tab"] == "相棒 2027-Q1" and len(result["groups"]) == 7


def test_invalid_input_exits_2_and_leaves_the_workbook_byte_for_byte(tmp_path: Path) -> None:
    rows = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    rows[4][1] = "hanako(at)example.jp"
    rows[6][2] = "マーケ"
    path = write_workbook(
        tmp_path / "w.xlsx", {"名簿": rows, "設定": [["曜日", "水"], ["所要時間", "ゼロ"]]}
    )
    before = path.read_bytes()
    code, result = run("rotate", "--workbook", str(path), "--date", "2027-01-05")
    expected = [("設定", 2, "B"), ("名簿", 5, "B"), ("名簿", 7, "C")]
    assert code == 2 and result["status"] == "invalid"
    assert [(e["tab"], e["row"], e["column"]) for e in result["errors"]] == expected
    assert (
        result["errors"][1]["message"]
        == "「hanako(at)example.jp」はメールアドレスの形式になっていません"
        "（例：taro@example.com）。"
    )
    assert path.read_bytes() == before and not path.with_suffix(".ics").exists()
    code, result = run("validate", "--workbook", str(path))
    assert code == 2
    assert [(e["tab"], e["row"], e["column"]) for e in result["errors"]] == expected
    assert path.read_bytes() == before


def test_dry_run_writes_nothing_and_shows_what_apply_will_do(workbook: Path) -> None:
    before = workbook.read_bytes()
    code, preview = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05", "--dry-run")
    assert (code, preview["status"]) == (0, "dry-run")
    assert workbook.read_bytes() == before and not workbook.with_suffix(".ics").exists()
    _, applied = run("rotate", "--workbook", str(workbook), "--date", "2027-01-05")
    assert [g["members"] for g in applied["groups"]] == [g["members"] for g in preview["groups"]]


def test_names_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","click")'
    path = write_workbook(
        tmp_path / "w.xlsx", {"名簿": roster_rows({"sales": 2, "cs": 2, "dev": 2})}
    )
    book = openpyxl.load_workbook(path)
    book["名簿"]["A2"].value, book["名簿"]["A2"].data_type = evil, "s"  # typed as text ('=...)
    book.save(path)
    code, result = run("rotate", "--workbook", str(path), "--date", "2027-01-05")
    assert code == 0
    tab = openpyxl.load_workbook(path)["相棒 2027-Q1"]
    assert evil in [c.value for row in tab.iter_rows() for c in row if c.data_type == "s"]
    assert [c.coordinate for row in tab.iter_rows() for c in row if c.data_type == "f"] == []
    assert evil in [m["name"] for g in result["groups"] for m in g["members"]]


def test_explicit_ics_path_and_human_summary(workbook: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    ics = tmp_path / "cal" / "invites.ics"
    code = main(
        ["rotate", "--workbook", str(workbook), "--ics", str(ics), "--date", "2027-01-05"], out=out
    )
    text = out.getvalue()
    assert code == 0 and ics.exists()
    assert "applied 2027-Q1 (2027-01-01 – 2027-03-31)" in text
    assert f"calendar: {ics} (7 weekly events)" in text
    assert "tab: 相棒 2027-Q1" in text
    # each group's slot and how it was chosen (a file calendar cannot tell anyone's free/busy)
    assert (
        text.count(
            "  meetings: 毎週水曜 16:00–16:30 (Asia/Tokyo): "
            "既定の時間（.ics ファイルへの書き出しか、カレンダーの空き時間が共有されていないため"
        )
        == 1
    )


def test_missing_workbook_is_a_clear_failure(tmp_path: Path) -> None:
    code, result = run("rotate", "--workbook", str(tmp_path / "nope.xlsx"))
    assert code == 1 and result["status"] == "error"
    assert set(result) == {
        "status",
        "period",
        "tab",
        "groups",
        "changes",
        "stats",
        "errors",
        "warnings",
    }
    assert result["errors"][0]["tab"] is None
    assert "nope.xlsx does not exist" in result["errors"][0]["message"]


@pytest.mark.slow
def test_main_py_and_python_dash_m_run_the_same_command_line(workbook: Path) -> None:
    for entry in (["main.py"], ["-m", "aibou"]):
        done = subprocess.run(
            [sys.executable, *entry, "validate", "--workbook", str(workbook), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["status"] == "dry-run"


def test_the_command_line_collects_garbage_less_often(workbook: Path) -> None:
    """With CPython's thresholds a 10,000-member rotation spends about 8% of its time in the
    collector (aibou.wiring.tune_collector, bench/end_to_end.py)."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        run("validate", "--workbook", str(workbook))
        assert gc.get_threshold() == COLLECTOR_THRESHOLDS
    finally:
        gc.set_threshold(*before)


def test_offline_invites_across_time_zones_holidays_and_dst(tmp_path: Path) -> None:
    """A Tokyo slot at 09:00 with buddies in New York and London, run offline: the tab says the
    default was kept and why, and the .ics, expanded as calendar apps do, meets at 00:00 UTC
    every week except on holidays, which is 19:00 then 20:00 in New York after its DST change."""
    from datetime import UTC, date, time
    from zoneinfo import ZoneInfo

    from dateutil.rrule import rruleset, rrulestr
    from icalendar import Calendar

    header = ["名前", "メール", "職能", "勤務形態", "タイムゾーン"]
    roster = [
        header,
        ["山田 太郎", "taro@example.com", "セールス", "オフィス", ""],
        ["Ann Smith", "ann@example.com", "Engineer", "リモート", "America/New_York"],
        ["Liz Jones", "liz@example.com", "CS", "リモート", "Europe/London"],
    ]
    settings = [["曜日", "月"], ["開始時刻", "09:00"]]
    path = write_workbook(tmp_path / "w.xlsx", {"名簿": roster, "設定": settings})
    code, result = run("rotate", "--workbook", str(path), "--date", "2027-01-01")
    assert code == 0 and result["status"] == "applied"

    tab = openpyxl.load_workbook(path)["相棒 2027-Q1"]
    rows = list(tab.iter_rows(values_only=True))
    meeting, note = rows[0].index("ミーティング"), rows[0].index("時間の決め方")
    assert (rows[1][meeting], rows[1][note]) == (
        "毎週月曜 09:00–09:30 (Asia/Tokyo)",
        "既定の時間（全員の勤務時間が重なる時間帯がないため）",
    )

    (event,) = Calendar.from_ical(path.with_suffix(".ics").read_bytes()).walk("VEVENT")
    start = event.decoded("dtstart")
    rules = rruleset()
    rules.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
    for exdate in event.get("exdate").dts:
        rules.exdate(exdate.dt)
    meetings = list(rules)
    tokyo, new_york = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/New_York")
    mondays = [m.astimezone(tokyo).date() for m in meetings]
    assert mondays[0] == date(2027, 1, 4) and mondays[-1] == date(2027, 3, 29)
    assert date(2027, 1, 11) not in mondays and date(2027, 3, 22) not in mondays
    assert len(mondays) == 11
    assert {m.astimezone(UTC).time() for m in meetings} == {time(0)}
    local = {m.astimezone(tokyo).date(): m.astimezone(new_york) for m in meetings}
    assert (local[date(2027, 3, 8)].date(), local[date(2027, 3, 8)].time()) == (
        date(2027, 3, 7),
        time(19),
    )
    assert local[date(2027, 3, 15)].time() == time(20)  # EDT from 14 March 2027

    description = str(event["description"])
    assert "1月11日（月）成人の日、3月22日（月）振替休日" in description
    assert (
        "毎週日曜 19:00〜19:30、3月14日（日）からは毎週日曜 20:00〜20:30（America/New_York）"
        in description
    )
    # Japanese dates and zone names: no ISO date, no IANA name for Tokyo
    assert re.findall(r"\d{4}-\d{2}-\d{2}", description) == []
    assert "Asia/Tokyo" not in description and "毎週月曜 9:00〜9:30（日本時間）" in description
    assert "このファイルからは Google Meet のリンクを作れません" in description


@pytest.mark.slow
def test_main_py_runs_the_command_line_whatever_the_web_settings(workbook: Path) -> None:
    env = {**os.environ, "AIBOU_PUBLIC_URL": "not a url"}
    done = subprocess.run(
        [sys.executable, "main.py", "validate", "--workbook", str(workbook), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "dry-run"


def test_validate_and_rotate_agree_before_the_first_period(tmp_path: Path) -> None:
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    path = write_workbook(
        tmp_path / "w.xlsx", {"名簿": rows, "設定": [["初回開始日", "2027-06-15"]]}
    )
    for command in ("validate", "rotate"):
        code, result = run(command, "--workbook", str(path), "--date", "2027-01-05")
        assert (code, result["status"], result["period"]["start"]) == (0, "not-due", "2027-06-15")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("n", "quarters"),
    [(3, 3), (4, 4), (5, 5), (6, 5), (7, 7), (8, 8), (9, 9), (10, 10), (11, 11), (13, 13)],
)
def test_n_quarters_through_the_cli_without_a_repeated_pair(
    tmp_path: Path, n: int, quarters: int
) -> None:
    """n people in each function: n rotations (5 for n = 6, the proven maximum), each reading
    only the earlier tabs of the workbook, meet every cross-function pair at most once."""
    path = write_workbook(
        tmp_path / "w.xlsx", {"名簿": roster_rows({"sales": n, "cs": n, "dev": n})}
    )
    met: set[frozenset[str]] = set()
    for q in range(quarters):
        year, quarter = divmod(q, 4)
        code, result = run(
            "rotate", "--workbook", str(path), "--date", f"{2027 + year}-{3 * quarter + 1:02d}-05"
        )
        assert (code, result["status"]) == (0, "applied")
        assert result["stats"]["repeat_pairs"] == 0 and result["stats"]["same_function_pairs"] == 0
        for group in result["groups"]:
            emails = sorted(m["email"] for m in group["members"])
            assert len({m["function"] for m in group["members"]}) == 3
            pairs = {frozenset((a, b)) for i, a in enumerate(emails) for b in emails[i + 1 :]}
            assert not pairs & met
            met |= pairs
    assert len(met) == 3 * n * quarters  # each quarter meets 3n new pairs


def test_output_read_only_in_part_ends_quietly(tmp_path: Path) -> None:
    """``aibou rotate ... | head``: the reader leaves early; no BrokenPipeError traceback."""
    book = write_workbook(
        tmp_path / "big.xlsx", {"名簿": roster_rows({"sales": 400, "cs": 400, "dev": 400})}
    )
    command = [sys.executable, "-m", "aibou", "rotate", "--workbook", str(book),
               "--date", "2027-01-05", "--dry-run", "--json"]  # fmt: skip
    writer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout is not None
    first = writer.stdout.read(100)  # far less than the JSON of 1,200 people (over 64 KiB)
    writer.stdout.close()  # as `head -c 100` exits
    _, errors = writer.communicate(timeout=300)

    assert first.startswith(b'{"status": "dry-run"')
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors, errors.decode()
    assert writer.returncode == 0
