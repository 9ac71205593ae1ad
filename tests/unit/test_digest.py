"""Hand edits of aibou's tabs are told apart from a run to resume, and located (§3, §7)."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibou.domain.matching.amend import amend
from aibou.domain.matching.scoring import evaluate
from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.changes import render_changes
from aibou.domain.sheet.digest import MAX_WARNINGS, Written, hand_edits
from aibou.domain.sheet.history import read_rotation, render_rotation

PERIOD = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
PEOPLE = [Person(f"{f}{i}@x.jp", f"{f}{i}", f) for i in range(1, 3) for f in ("sales", "cs", "dev")]
GROUPS = (Group(1, tuple(PEOPLE[:3])), Group(2, tuple(PEOPLE[3:])))


def written_rows() -> list[list[object]]:
    stats = evaluate([g.members for g in GROUPS], [])
    return [list(r) for r in render_rotation(PERIOD, GROUPS, stats, {}, "ja", date(2027, 1, 1))]


def test_links_filled_in_later_are_not_edits() -> None:
    rows = written_rows()
    record = Written.of(rows)
    tab = read_rotation(PERIOD.key, "相棒 2027-Q1", rows, ours=True)
    assert tab is not None
    for row, column in tab.link_cells.values():  # what a resumed run writes
        rows[row - 1][column - 1] = "https://calendar.google.com/event?eid=x"
    assert hand_edits("相棒 2027-Q1", rows, record, "ja") == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_edited_email_is_reported_with_its_cell(language: str) -> None:
    rows = written_rows()
    record = Written.of(rows)
    rows[4][2] = "someone.else@x.jp"  # row 5, column C
    [problem] = hand_edits("相棒 2027-Q1", rows, record, language)
    assert (problem.tab, problem.row, problem.column) == ("相棒 2027-Q1", 5, "C")
    assert ("roster" in problem.message) if language == "en" else ("名簿" in problem.message)


def test_edits_in_one_row_or_one_column_are_located_exactly() -> None:
    rows = written_rows()
    record = Written.of(rows)
    rows[2][1], rows[2][2] = "X", "x@x.jp"
    assert [(p.row, p.column) for p in hand_edits("t", rows, record, "en")] == [(3, "B"), (3, "C")]
    rows = written_rows()
    rows[2][0], rows[5][0] = 9, 9
    assert [(p.row, p.column) for p in hand_edits("t", rows, record, "en")] == [(3, "A"), (6, "A")]


def test_scattered_edits_are_reported_by_row() -> None:
    rows = written_rows()
    record = Written.of(rows)
    rows[2][1], rows[5][2] = "X", "y@x.jp"
    assert [(p.row, p.column) for p in hand_edits("t", rows, record, "en")] == [
        (3, None),
        (6, None),
    ]


def test_values_added_below_are_reported_cell_by_cell() -> None:
    rows = written_rows()
    record = Written.of(rows)
    rows += [[], ["", "a note"], [3, "", "z@x.jp", "", "", "", "", "ignored: a link column"]]
    found = [(p.row, p.column) for p in hand_edits("t", rows, record, "en")]
    n = len(written_rows())
    assert found == [(n + 2, "B"), (n + 3, "A"), (n + 3, "C")]


def test_a_change_block_extends_the_record() -> None:
    rows = written_rows()
    record = Written.of(rows)
    block = render_changes(amend(GROUPS, PEOPLE[:5]).changes, "ja", date(2027, 2, 1))
    assert hand_edits("t", rows + block, record, "ja")  # not recorded yet: it looks added
    record = record.extend(block)
    rows += [list(r) for r in block]
    assert record == Written.of(rows)
    assert hand_edits("t", rows, record, "ja") == []
    rows[-1][3] = "other@x.jp"
    assert [(p.row, p.column) for p in hand_edits("t", rows, record, "ja")] == [(len(rows), "D")]


def test_deleted_rows_are_edits_and_warnings_are_bounded() -> None:
    rows = written_rows()
    record = Written.of(rows)
    found = hand_edits("t", [], record, "en", limit=3)
    assert len(found) == 4 and found[-1].row is None
    lost = sum(1 for r in rows if any(str(c) for c in r))  # an empty row stays empty
    assert f"{lost - 3} more" in found[-1].message
    assert len(hand_edits("t", [], record, "en")) <= MAX_WARNINGS + 1


def test_the_record_encodes_and_decodes() -> None:
    record = Written.of(written_rows())
    assert Written.decode(record.encode()) == record
    assert record.digest == Written.decode(record.encode()).digest  # type: ignore[union-attr]
    for junk in ("", "v2;;;", "v1;abc;;8", "v1;;8:zz;8", "v1;;;x"):
        assert Written.decode(junk) is None


cells = st.one_of(st.integers(0, 99), st.text(max_size=6))
tables = st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=12)


@given(tables, tables)
def test_extending_equals_writing_at_once(first: list, second: list) -> None:
    assert Written.of(first).extend(second) == Written.of(first + second)


@given(tables, st.data())
def test_any_one_edited_cell_is_found(table: list, data: st.DataObject) -> None:
    record = Written.of(table, skip=())
    row = data.draw(st.integers(0, len(table) - 1))
    column = data.draw(st.integers(0, len(table[row]) - 1))
    edited = [list(r) for r in table]
    old = str(edited[row][column]).strip()
    edited[row][column] = old + "x"
    found = [(p.row, p.column) for p in hand_edits("t", edited, record, "en")]
    assert found == [(row + 1, "ABCDEF"[column])]


def test_two_swapped_cells_are_located() -> None:
    rows = written_rows()
    record = Written.of(rows)
    rows[2][2], rows[5][2] = rows[5][2], rows[2][2]
    assert [(p.row, p.column) for p in hand_edits("t", rows, record, "en")] == [(3, "C"), (6, "C")]


# Records written by aibou before (v1, v2) must read the same rows the same way for ever: these
# are the encodings an earlier aibou gave these rows (mixed cell types, full-width text, ragged
# rows, a skipped column, one row far wider than the rest).
PINNED_ROWS: list[list[object]] = [
    [
        "グループ",
        "名前",
        "メール",
        "職能",
        "勤務形態",
        "ミーティング",
        "時間の決め方",
        "カレンダー",
    ],
    [
        1.0,
        "山田　太郎",
        "Taro@X.jp ",
        "セールス",
        "オフィス",
        "毎週水曜 16:00",
        "",
        "https://cal/1",
    ],
    [1, "ＣＳ  two", "b@x.jp", "CS", True, None, date(2027, 1, 4), ""],
    [],
    ["概要"],
    ["期間", "2027-Q1", time(16, 0), 2.5, "", "", "", "", "", 'far "quoted" \\ \n line'],
]
PINNED_COLUMNS = (
    "1:79467cb20a69a38b,2:f047aeac073cbed,3:b7dd2101bf4a81e1,4:490cc60669d55ff0,"
    "5:5d586acb02e06e06,6:ab06beee5778de8a,7:11b1b2d7768c81d7,10:d5848718c95a4f10"
)


def test_records_of_earlier_versions_still_verify() -> None:
    v1 = f"v1;Px42noVy6CfDq1ESOhNsnJy1;{PINNED_COLUMNS};8"
    assert Written.of(PINNED_ROWS).encode() == v1
    assert hand_edits("t", PINNED_ROWS, Written.decode(v1), "en") == []  # type: ignore[arg-type]
    skipped = Written.of(PINNED_ROWS, skip=(2, 8)).encode()
    assert (
        skipped
        == "v1;F_f7yIy_xyuuq1ESOhNs34KL;"
        + PINNED_COLUMNS.replace("2:f047aeac073cbed,", "")
        + ";2,8"
    )
    extended = (
        Written.of(PINNED_ROWS).organised("primary", "hanako@x.jp").extend([["追加", 3, False]])
    )
    assert extended.encode() == (
        "v2;Px42noVy6CfDq1ESOhNsnJy1zCRL;1:f052892ee48a9021,2:67849d938402e8cc,"
        "3:7ae12bda215cd42a," + PINNED_COLUMNS.split(",", 3)[3] + ";8;primary;hanako@x.jp"
    )
    wide = Written.of([*PINNED_ROWS, [""] * 299 + ["far right"]])
    assert wide.encode() == (
        f"v1;Px42noVy6CfDq1ESOhNsnJy1MnRr;{PINNED_COLUMNS},300:4a01ff4aeac00948;8"
    )


cell_values = st.one_of(
    st.text(max_size=5), st.sampled_from(["ＣＳ", "a  b", ""]), st.floats(), st.booleans(),
    st.integers(-2, 2), st.none(),
)  # fmt: skip


@given(
    st.lists(st.lists(cell_values, max_size=9), max_size=12), st.sampled_from([(), (3,), (1, 8)])
)
def test_a_record_built_at_once_is_the_record_built_row_by_row(
    rows: list[list[object]], skip: tuple[int, ...]
) -> None:
    """The record of a tab is the record of its first row extended by each next row, and
    every row hashes to the same four characters alone or among others."""
    whole = Written.of(rows, skip)
    step = Written.of([], skip)
    for row in rows:
        step = step.extend([row])
    assert whole == step
    assert hand_edits("t", rows, whole, "en") == []
