"""Change blocks below a rotation tab: written, read back, and counted as history (§7)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from aibou.domain.matching.amend import Amendment, amend
from aibou.domain.matching.scoring import evaluate, past_pairs
from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.changes import (
    CHANGE_CALENDAR_COLUMN,
    apply_changes,
    read_changes,
    render_changes,
)
from aibou.domain.sheet.history import (
    CALENDAR_COLUMN,
    RotationTab,
    TabMember,
    read_rotation,
    render_rotation,
)

PERIOD = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
FUNCTIONS = ("sales", "cs", "dev")


def person(name: str, function: str) -> Person:
    return Person(f"{name}@x.jp", name, function)


PEOPLE = [person(f"{f}{i}", f) for i in range(1, 3) for f in FUNCTIONS]
GROUPS = (Group(1, tuple(PEOPLE[:3])), Group(2, tuple(PEOPLE[3:])))


def tab_rows(language: str) -> list[list[object]]:
    stats = evaluate([g.members for g in GROUPS], [])
    return render_rotation(PERIOD, GROUPS, stats, {}, language, date(2027, 1, 1))


def read_back(rows: list[list[object]]) -> RotationTab:
    tab = read_rotation(PERIOD.key, "t", rows, ours=True)
    assert tab is not None
    return apply_changes(tab, read_changes(rows))


def as_sets(groups: Amendment | Mapping[int, tuple[TabMember, ...]]) -> dict[int, set[str]]:
    if isinstance(groups, Amendment):
        return {g.number: set(g.emails) for g in groups.groups}
    return {n: {m.email for m in members} for n, members in groups.items()}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_round_trip_through_several_runs(language: str) -> None:
    rows = tab_rows(language)
    active = list(PEOPLE)
    groups = GROUPS
    runs = [
        [*active, person("cs3", "cs")],  # a joiner
        [p for p in [*active, person("cs3", "cs")] if p.email != "dev2@x.jp"],  # a leaver
        [p for p in active if p.email not in ("dev2@x.jp", "cs2@x.jp")],  # dissolves group 2
    ]
    for day, active_now in enumerate(runs, start=1):
        result = amend(groups, active_now, functions=FUNCTIONS)
        rows += render_changes(result.changes, language, date(2027, 2, day))
        tab = read_back(rows)
        assert as_sets(tab.groups) == as_sets(result), f"run {day}"
        groups = result.groups
    # the original rows are untouched: read without the blocks, the tab is the plan as written
    plain = read_rotation(PERIOD.key, "t", rows, ours=True)
    assert plain is not None
    assert as_sets(plain.groups) == {1: set(GROUPS[0].emails), 2: set(GROUPS[1].emails)}
    assert rows[: len(tab_rows(language))] == tab_rows(language)


def test_later_plans_count_joiners_and_leavers_as_having_met_their_group() -> None:
    joiner = person("cs3", "cs")
    result = amend(GROUPS, [*PEOPLE[:5], joiner])  # dev2 leaves, cs3 joins
    rows = tab_rows("ja") + render_changes(result.changes, "ja", date(2027, 2, 1))
    met = past_pairs([read_back(rows).past()])
    group = next(c.group for c in result.changes if c.email == "cs3@x.jp")
    others = {e for g in result.groups if g.number == group for e in g.emails} - {"cs3@x.jp"}
    assert all(met[frozenset({"cs3@x.jp", e})] for e in others)
    assert met[frozenset({"dev2@x.jp", "sales2@x.jp"})] == 1  # dev2 met group 2 before leaving


def test_a_dissolved_group_is_gone_but_its_number_stays_used() -> None:
    result = amend(GROUPS, PEOPLE[:4])  # group 2 keeps one member: dissolved
    rows = tab_rows("en") + render_changes(result.changes, "en", date(2027, 2, 1))
    tab = read_back(rows)
    assert set(tab.groups) == {1} and 2 in tab.former
    assert tab.complete is False  # group 1's link is still to fill
    assert set(tab.link_cells) >= {1}


def test_a_new_group_gets_its_link_cell_in_the_block() -> None:
    joiners = [person(n, f) for n, f in (("s3", "sales"), ("c3", "cs"), ("d3", "dev"), ("x", "cs"))]
    result = amend(GROUPS, [*PEOPLE, *joiners], functions=FUNCTIONS)
    assert result.created == (3,)
    rows = tab_rows("ja") + render_changes(result.changes, "ja", date(2027, 2, 1))
    tab = read_back(rows)
    row, column = tab.link_cells[3]
    assert column == CHANGE_CALENDAR_COLUMN == CALENDAR_COLUMN
    assert rows[row - 1][3] in {p.email for p in joiners}
    assert 3 not in tab.links
    rows[row - 1][column - 1] = "https://calendar/3"  # the run fills it once the series exists
    assert read_back(rows).links[3] == "https://calendar/3"


def test_nothing_new_writes_nothing() -> None:
    assert render_changes(amend(GROUPS, PEOPLE).changes, "ja", date(2027, 2, 1)) == []


def test_rows_that_do_not_read_as_changes_are_skipped() -> None:
    result = amend(GROUPS, [*PEOPLE, person("cs3", "cs")])
    block = render_changes(result.changes, "en", date(2027, 2, 1))
    mangled = [row[:] for row in block]
    mangled[-1][1] = "arrived"  # an unknown kind
    assert read_changes(tab_rows("en") + mangled) == ()
    kept = read_changes(tab_rows("en") + block + [["a note"]])
    assert [c.member.email for c in kept] == ["cs3@x.jp"]
    assert kept[0].on == date(2027, 2, 1) and kept[0].calendar == ""


def test_a_block_ends_at_a_blank_row() -> None:
    result = amend(GROUPS, [*PEOPLE, person("cs3", "cs")])
    block = render_changes(result.changes, "en", date(2027, 2, 1))
    typed = ["2027-02-05", "joined", "Z", "z@x.jp", "", "", 1, "", ""]
    assert [c.member.email for c in read_changes([*block, [], typed])] == ["cs3@x.jp"]


@pytest.mark.parametrize("cell", ["1" * 5000, "፩"], ids=["5000-digits", "ethiopic-one"])
def test_a_group_cell_int_cannot_read_is_no_group_not_a_crash(cell: str) -> None:
    result = amend(GROUPS, [*PEOPLE, person("cs3", "cs")])
    block = render_changes(result.changes, "en", date(2027, 2, 1))
    assert [c.group for c in read_changes(tab_rows("en") + block)] == [result.changes[0].group]
    block[-1][6] = cell  # digits to str.isdigit, past int()'s 4,300 or not decimal

    assert [c.group for c in read_changes(tab_rows("en") + block)] in ([], [None])
