"""Rotation tabs: what aibou writes reads back as the same groups, hand-made tabs count too."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from aibou.domain.matching.scoring import evaluate
from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.cells import text
from aibou.domain.sheet.history import (
    CALENDAR_COLUMN,
    link_cells,
    read_rotation,
    render_rotation,
    rotation_key,
)
from aibou.domain.time.schedule import Slot

PEOPLE = [
    Person(f"p{i}@x.jp", f'=HYPERLINK("x","{i}")' if i == 0 else f"名前{i}", f, loc)
    for i, (f, loc) in enumerate(
        [
            ("sales", "office"),
            ("cs", "remote"),
            ("dev", "office"),
            ("sales", "remote"),
            ("dev", "office"),
        ]
    )
]
GROUPS = (Group(1, tuple(PEOPLE[:3])), Group(2, tuple(PEOPLE[3:])))
PERIOD = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))


def test_render_then_read_gives_the_same_groups() -> None:
    for language in ("ja", "en"):
        slots = {1: Slot(2, time(16), 30, "Asia/Tokyo"), 2: Slot(3, time(11), 30, "Asia/Tokyo")}
        rows = render_rotation(
            PERIOD,
            GROUPS,
            evaluate([g.members for g in GROUPS], []),
            slots,
            language,
            date(2026, 12, 20),
        )
        tab = read_rotation("2027-Q1", "t", rows, ours=True)
        assert tab is not None
        assert tab.past().groups == tuple(g.emails for g in GROUPS)
        assert tab.link_cells == {1: (2, CALENDAR_COLUMN), 2: (5, CALENDAR_COLUMN)}
        assert link_cells(GROUPS) == tab.link_cells  # where a new tab's links are written
        assert not tab.complete
        # the name that looks like a formula is kept as the text it is
        assert rows[1][1] == '=HYPERLINK("x","0")'


def test_summary_block_states_the_numbers() -> None:
    stats = evaluate([g.members for g in GROUPS], [])
    rows = render_rotation(PERIOD, GROUPS, stats, {}, "en", date(2026, 12, 20))
    summary = {row[0]: row[1:] for row in rows if row and isinstance(row[0], str)}
    assert summary["Period"] == ["2027-Q1", "2027-01-01", "2027-03-31"]
    assert summary["Groups"] == [2]
    assert summary["Groups of 3"] == [1] and summary["Groups of 2"] == [1]
    assert summary["Repeated pairs"] == [0] and summary["Same-function pairs"] == [0]


def test_titles_and_tags_name_the_period() -> None:
    assert rotation_key("相棒 2027-Q1") == "2027-Q1"
    assert rotation_key("ROTATION 2027-01-04") == "2027-01-04"
    assert rotation_key("Roster") is None and rotation_key("相棒制度について") is None
    assert rotation_key("my copy", tag="2027-Q1") == "2027-Q1"


def test_a_tab_pasted_by_hand_with_blank_rows_and_extra_columns() -> None:
    rows = [
        ["メモ"],
        ["組", "メール", "名前", "備考"],
        [1, "A@x.jp", "A", "リーダー"],
        [None],
        [1, "b@x.jp", "B"],
        ["2", "c@x.jp", "C"],
        [2, "d@x.jp"],
        ["合計", 4],
    ]
    tab = read_rotation("2026-Q1", "相棒 2026-Q1", rows)
    assert tab is not None
    assert tab.past().groups == (frozenset({"a@x.jp", "b@x.jp"}), frozenset({"c@x.jp", "d@x.jp"}))


def test_a_tab_without_group_and_email_columns_is_not_history() -> None:
    assert read_rotation("2026-Q1", "相棒 2026-Q1", [["notes"], ["something"]]) is None


def test_a_tab_made_by_hand_is_a_finished_rotation() -> None:
    rows = [["group", "email"], [1, "a@x.jp"], [1, "b@x.jp"]]
    assert read_rotation("2027-Q1", "Rotation 2027-Q1", rows).complete
    assert not read_rotation("2027-Q1", "Rotation 2027-Q1", rows, ours=True).complete


def test_a_blank_group_cell_continues_the_group_above() -> None:
    rows = [["グループ", "メール"], [1, "a@x.jp"], [None, "b@x.jp"], ["", "c@x.jp"], [2, "d@x.jp"],
            [None, "e@x.jp"], [], ["概要"], ["グループ数", 2]]  # fmt: skip
    tab = read_rotation("2026-Q1", "相棒 2026-Q1", rows)
    assert tab is not None
    assert tab.past().groups == (
        frozenset({"a@x.jp", "b@x.jp", "c@x.jp"}),
        frozenset({"d@x.jp", "e@x.jp"}),
    )


def test_a_group_cell_int_cannot_read_is_a_label_not_a_crash() -> None:
    rows = [
        ["グループ", "名前", "メール"],
        [1, "A", "a@x.jp"],
        ["1" * 5000, "B", "b@x.jp"],  # digits past int()'s 4,300-digit limit
        ["፩", "C", "c@x.jp"],  # an Ethiopic digit: str.isdigit, yet not int()'s
        [2, "D", "d@x.jp"],
    ]
    tab = read_rotation("2027-Q1", "相棒 2027-Q1", rows)
    assert tab is not None
    assert {n: [m.email for m in g] for n, g in tab.groups.items()} == {
        1: ["a@x.jp"],
        2: ["d@x.jp"],
    }


_GROUP_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12) | st.integers(10**9 - 2, 10**9 + 2),
    st.floats(allow_nan=False, allow_infinity=False, width=32) | st.sampled_from([1.0, 2.0, -0.0]),
    st.sampled_from(["", " ", "1", " 2 ", "１", "፩", "-1", "1" * 10, "概要"]),
)
_EMAIL_CELLS = st.sampled_from(["a@x.jp", " B@X.JP ", "b@x.jp", "c@x.jp", "", None, "概要", 3])
_ROW = st.tuples(_GROUP_CELLS, _EMAIL_CELLS).map(list) | st.lists(_GROUP_CELLS, max_size=1)


@settings(max_examples=300, deadline=None)
@given(body=st.lists(_ROW))
def test_groups_are_read_as_each_cell_reads(body: list[list[object]]) -> None:
    """Whatever the cells hold, a tab's groups are what reading each cell as text says: a
    number starts a group, a blank continues it, a label ends it, an e-mail is a member."""
    rows: list[list[object]] = [["グループ", "メール", "カレンダー"], *body]
    expected: dict[int, set[str]] = {}
    current = None
    for row in body:
        number = text(row[0]) if row else ""
        if number.isdecimal() and len(number) <= 9:
            current = int(number)
        elif number:
            current = None
        email = text(row[1]).lower() if len(row) > 1 else ""
        if current is not None and "@" in email:
            expected.setdefault(current, set()).add(email)
    tab = read_rotation("2027-Q1", "t", rows)
    assert tab is not None
    assert {
        n: set(e) for n, e in zip(sorted(tab.groups), tab.past().groups, strict=True)
    } == expected
