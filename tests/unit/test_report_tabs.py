"""The report tabs' rows and the ``report --json`` object (§8), in both languages."""

from __future__ import annotations

import json
from datetime import date

import pytest

from aibou.domain.model import Period, Person, Problem
from aibou.domain.report.coverage import MAX_GRID_PEOPLE, coverage
from aibou.domain.report.participation import ParticipationRow
from aibou.domain.report.tabs import coverage_tab, participation_tab, report_dict

PERIOD = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
AS_OF = date(2027, 2, 10)
FUNCTIONS = ("sales", "cs", "dev")
PEOPLE = [
    Person("s1@x.jp", "佐藤", "sales"),
    Person("d1@x.jp", "田中", "dev"),
    Person("c1@x.jp", "鈴木", "cs"),
    Person("s2@x.jp", "=HYPERLINK(1)", "sales"),
]
ROTATIONS = [[frozenset({"s1@x.jp", "c1@x.jp", "d1@x.jp"}), frozenset({"s2@x.jp"})]]
ROWS = [
    ParticipationRow(1, "s1@x.jp", "佐藤", "accepted", 5, 3, date(2027, 2, 3), ()),
    ParticipationRow(
        2, "s2@x.jp", "高橋", "declined", 5, 0, None, ("declined", "no-meeting-3-weeks")
    ),
]


def test_participation_tab_in_japanese() -> None:
    tab = participation_tab(PERIOD, ROWS, "ja", AS_OF)
    assert tab.title == "参加状況"
    assert tab.rows[0] == ("参加状況", "2027-Q1", "2027-01-01", "2027-03-31")
    assert tab.rows[1] == ("時点", "2027-02-10")
    header = tab.rows[3]
    assert header[:4] == ("グループ", "名前", "メール", "返信")
    assert tab.rows[4] == (1, "佐藤", "s1@x.jp", "参加", 5, 3, "2027-02-03", "")
    assert tab.rows[5][3] == "辞退"
    assert tab.rows[5][7] == "招待を辞退したメンバーがいます、3 週間ミーティングが開かれていません"
    assert tab.bold_rows == (1, 4)
    assert tab.color_scales == ()


@pytest.mark.parametrize(
    ("language", "reason", "words"),
    [
        ("ja", "denied", "Google Meet の記録を読めないため"),
        ("en", "unavailable", "Google Meet records could not be read"),
        ("en", "off", "the 'meet' setting is off"),
    ],
)
def test_participation_tab_says_why_meet_data_is_missing(language, reason, words) -> None:
    rows = [ParticipationRow(1, "s1@x.jp", "A", "accepted", 2, None, None, ())]
    tab = participation_tab(PERIOD, rows, language, AS_OF, meet_reason=reason)
    assert words in tab.rows[2][0]
    assert tab.rows[-1][5:7] == ("", "")  # held and last held left empty
    without = participation_tab(PERIOD, rows, language, AS_OF)
    assert not any(words in str(cell) for row in without.rows for cell in row)


def test_an_unknown_meet_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="Meet reason"):
        participation_tab(PERIOD, ROWS, "ja", AS_OF, meet_reason="nope")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_coverage_tab_grid_and_its_colour_scale(language: str) -> None:
    report = coverage(PEOPLE, ROTATIONS, functions=FUNCTIONS)
    tab = coverage_tab(PERIOD, report, language, AS_OF)
    assert tab.title == {"ja": "カバレッジ", "en": "Coverage"}[language]
    assert tab.rows[2][1:] == (3, 5, "60%")
    # per-person table: header, then people grouped by function in the settings' order, by name
    assert [r[1] for r in tab.rows[6:10]] == ["s2@x.jp", "s1@x.jp", "c1@x.jp", "d1@x.jp"]
    assert tab.rows[6][0] == "=HYPERLINK(1)"  # a value, written RAW by the adapters
    (scale,) = tab.color_scales
    top, left = scale.first_row, scale.first_column
    assert (scale.last_row - top + 1, scale.last_column - left + 1) == (4, 4)
    names = tab.rows[top - 2]  # the names across the top, 1-based row top - 1
    assert names[left - 1 :] == ("=HYPERLINK(1)", "佐藤", "鈴木", "田中")
    grid = [row[left - 1 :] for row in tab.rows[top - 1 : scale.last_row]]
    assert [row[1] for row in tab.rows[top - 1 : scale.last_row]] == list(names[left - 1 :])
    assert grid == [
        ("", "", 0, 0),  # same function (and oneself) blank
        ("", "", 1, 1),
        (0, 1, "", 1),
        (0, 1, 1, ""),
    ]
    assert tab.vertical_rows == (top - 2, top - 1)
    assert scale.min_value == 0
    assert scale.min_color != scale.max_color


@pytest.mark.parametrize(
    ("rotations", "language", "value", "note"),
    [
        ([], "en", 1, "Following the roster's design"),
        (ROTATIONS, "en", "at least 1", "A lower bound"),
        ([], "ja", 1, "名簿の設計"),
    ],
)
def test_coverage_tab_rotations_still_needed(rotations, language, value, note) -> None:
    people = PEOPLE[:3] if not rotations else PEOPLE
    tab = coverage_tab(PERIOD, coverage(people, rotations), language, AS_OF)
    assert tab.rows[3][1] == value
    assert tab.rows[3][2].startswith(note)


def test_coverage_tab_past_the_grid_limit_says_why() -> None:
    people = [Person(f"p{i}@x.jp", f"P{i}", FUNCTIONS[i % 3]) for i in range(MAX_GRID_PEOPLE + 1)]
    for language, words in (("ja", "グリッドは省略"), ("en", "The grid is left out: 301 people")):
        tab = coverage_tab(PERIOD, coverage(people, []), language, AS_OF)
        assert tab.color_scales == ()
        assert words in tab.rows[-1][0]


def test_report_json_shape() -> None:
    report = coverage(PEOPLE, ROTATIONS, functions=FUNCTIONS)
    problem = Problem("名簿", 4, "C", "x")
    out = json.loads(json.dumps(report_dict(PERIOD, ROWS, report, [problem])))
    assert out["status"] == "reported"
    assert out["period"] == {"key": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"}
    assert set(out["participation"][0]) == {
        "group", "email", "response", "meetings_so_far", "meetings_held", "last_held", "attention",
    }  # fmt: skip
    assert out["participation"][1]["attention"] == ["declined", "no-meeting-3-weeks"]
    assert (out["coverage"]["met"], out["coverage"]["possible"]) == (3, 5)
    assert out["coverage"]["people"][:2] == [
        {"email": "s2@x.jp", "met": 0, "possible": 2},
        {"email": "s1@x.jp", "met": 2, "possible": 2},
    ]
    assert out["coverage"]["rotations_needed"] == {"at_least": 1, "at_most": None}
    assert out["errors"] == [{"tab": "名簿", "row": 4, "column": "C", "message": "x"}]
