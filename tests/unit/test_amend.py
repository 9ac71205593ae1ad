"""Roster changes mid-period (DESIGN.md §7): joiners placed, leavers removed, nobody else moves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibou.domain.matching.amend import JOINED, LEFT, MOVED, Amendment, amend
from aibou.domain.model import REMOTE, Group, PastRotation, Person

FUNCTIONS = ("sales", "cs", "dev")


def person(name: str, function: str, location: str = "office") -> Person:
    return Person(f"{name}@x.jp", name, function, location)


def emails(result: Amendment) -> dict[int, set[str]]:
    return {g.number: set(g.emails) for g in result.groups}


S1, C1, D1 = person("s1", "sales"), person("c1", "cs"), person("d1", "dev")
S2, C2, D2 = person("s2", "sales"), person("c2", "cs"), person("d2", "dev")
GROUPS = (Group(1, (S1, C1, D1)), Group(2, (S2, C2, D2)))
EVERYONE = [S1, C1, D1, S2, C2, D2]


def test_nothing_new_changes_nothing() -> None:
    result = amend(GROUPS, EVERYONE)
    assert result.changes == () and result.dissolved == () and result.created == ()
    assert emails(result) == {
        1: {"s1@x.jp", "c1@x.jp", "d1@x.jp"},
        2: {"s2@x.jp", "c2@x.jp", "d2@x.jp"},
    }


def test_a_leaver_is_removed_and_nobody_else_moves() -> None:
    result = amend(GROUPS, [S1, C1, D1, S2, C2])
    assert [c.as_dict() for c in result.changes] == [
        {"kind": "left", "email": "d2@x.jp", "group": None, "from_group": 2}
    ]
    assert emails(result) == {1: {"s1@x.jp", "c1@x.jp", "d1@x.jp"}, 2: {"s2@x.jp", "c2@x.jp"}}
    assert result.touched == (2,)


def test_a_group_left_with_one_member_is_dissolved_and_that_member_moves() -> None:
    result = amend(GROUPS, [S1, C1, D1, S2])
    kinds = [(c.kind, c.email, c.group, c.from_group) for c in result.changes]
    assert kinds == [
        (LEFT, "c2@x.jp", None, 2),
        (LEFT, "d2@x.jp", None, 2),
        (MOVED, "s2@x.jp", 1, 2),
    ]
    assert result.dissolved == (2,)
    assert emails(result) == {1: {"s1@x.jp", "c1@x.jp", "d1@x.jp", "s2@x.jp"}}
    assert result.touched == (1,)


def test_a_joiner_goes_where_they_meet_nobody_again() -> None:
    new = person("d3", "dev")
    groups = (Group(1, (S1, C1)), Group(2, (S2, C2)))
    history = [PastRotation("2026-Q4", "t", (frozenset({"d3@x.jp", "s2@x.jp"}),))]
    result = amend(groups, [S1, C1, S2, C2, new], history)
    assert [(c.kind, c.group) for c in result.changes] == [(JOINED, 1)]
    # without the history, the lower number breaks the tie; with it reversed, group 2 wins
    history = [PastRotation("2026-Q4", "t", (frozenset({"d3@x.jp", "s1@x.jp"}),))]
    assert amend(groups, [S1, C1, S2, C2, new], history).changes[0].group == 2


def test_then_a_group_without_their_function() -> None:
    new = person("c3", "cs")
    groups = (Group(1, (S1, C1)), Group(2, (S2, D2, person("x2", "dev"))))
    # group 1 is smaller, but it has a cs person already
    assert amend(groups, [S1, C1, *groups[1].members, new]).changes[0].group == 2


def test_then_the_smallest_group() -> None:
    new = person("c3", "cs")
    groups = (Group(1, (S1, D1, person("s9", "sales"))), Group(2, (S2, D2)))
    result = amend(groups, [*groups[0].members, *groups[1].members, new])
    assert result.changes[0].group == 2


def test_meeting_nobody_again_outweighs_function_and_size() -> None:
    new = person("c3", "cs")
    groups = (Group(1, (S1, D1)), Group(2, (S2, C2, D2)))
    history = [PastRotation("2026-Q4", "t", (frozenset({"c3@x.jp", "d1@x.jp"}),))]
    result = amend(groups, [S1, D1, S2, C2, D2, new], history)
    assert result.changes[0].group == 2


def test_office_and_remote_mix_breaks_a_tie() -> None:
    remote = [person(n, f, REMOTE) for n, f in (("s1", "sales"), ("c1", "cs"))]
    office = [person(n, f) for n, f in (("s2", "sales"), ("c2", "cs"))]
    groups = (Group(1, tuple(remote)), Group(2, tuple(office)))
    new = person("d3", "dev", REMOTE)
    assert amend(groups, [*office, *remote, new]).changes[0].group == 2


def test_groups_stay_at_most_one_over_while_any_has_room() -> None:
    groups = (Group(1, (S1, C1, D1, person("x1", "dev"))), Group(2, (S2, C2, D2)))
    # d3 would rather avoid the function dev in group 2, but group 1 is full (group_size + 1)
    result = amend(groups, [*groups[0].members, *groups[1].members, person("d3", "dev")])
    assert result.changes[0].group == 2
    assert max(len(g.members) for g in result.groups) == 4


def test_when_no_group_has_room_the_smallest_takes_a_lone_joiner() -> None:
    four = (S1, C1, D1, person("x1", "dev"))
    five = (S2, C2, D2, person("x2", "dev"), person("x3", "cs"))
    groups = (Group(1, five), Group(2, four))
    result = amend(groups, [*four, *five, person("s3", "sales")])
    assert [(c.kind, c.group) for c in result.changes] == [(JOINED, 2)]
    assert result.created == ()


def test_joiners_who_would_overfill_form_a_new_group_with_a_new_number() -> None:
    joiners = [
        person("s3", "sales"),
        person("c3", "cs"),
        person("d3", "dev"),
        person("s4", "sales"),
    ]
    result = amend(GROUPS, [*EVERYONE, *joiners], used_numbers={1, 2, 3})
    # two fill groups 1 and 2 up to four; the other two form group 4 (3 was used before)
    assert result.created == (4,)
    sizes = {g.number: len(g.members) for g in result.groups}
    assert sizes == {1: 4, 2: 4, 4: 2}
    # joiners are placed by e-mail: c3 and d3 find room, s3 and s4 are left over
    assert {c.email for c in result.changes if c.group == 4} == {"s3@x.jp", "s4@x.jp"}
    assert all(c.kind == JOINED for c in result.changes)


def test_when_every_group_dissolves_the_rest_form_new_groups() -> None:
    groups = (Group(1, (S1, C1)), Group(2, (S2, C2)))
    result = amend(groups, [S1, S2])
    assert result.dissolved == (1, 2) and result.created == (3,)
    assert [(c.kind, c.group, c.from_group) for c in result.changes[2:]] == [
        (MOVED, 3, 1),
        (MOVED, 3, 2),
    ]


def test_one_person_cannot_be_grouped() -> None:
    with pytest.raises(ValueError, match="alone"):
        amend((Group(1, (S1, C1)),), [S1])


def test_the_result_does_not_depend_on_input_order() -> None:
    joiners = [person(f"j{i}", FUNCTIONS[i % 3]) for i in range(7)]
    active = [*EVERYONE, *joiners][:-1]
    one = amend(GROUPS, active)
    two = amend(tuple(reversed(GROUPS)), list(reversed(active)))
    assert emails(one) == emails(two) and one.changes == two.changes


# --- the property: any sequence of joins and leaves -------------------------------------------

steps = st.lists(
    st.tuples(st.booleans(), st.integers(0, 10_000), st.sampled_from(FUNCTIONS)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 12), st.integers(2, 4), steps)
def test_any_sequence_of_joins_and_leaves(start: int, size: int, moves: list) -> None:
    active = {p.email: p for p in (person(f"p{i}", FUNCTIONS[i % 3]) for i in range(start))}
    ordered = sorted(active.values(), key=lambda p: p.email)
    groups: tuple[Group, ...] = tuple(
        Group(n + 1, tuple(ordered[n * size : (n + 1) * size]))
        for n in range(max(1, len(ordered) // size))
    )
    if len(ordered) % size and len(ordered) >= size:  # the remainder joins the last group
        last = groups[-1]
        groups = (*groups[:-1], Group(last.number, (*last.members, *ordered[len(groups) * size :])))
    used = {g.number for g in groups}
    fresh = start
    for join, pick, function in moves:
        if join:
            newcomer = person(f"p{fresh}", function)
            fresh += 1
            active[newcomer.email] = newcomer
        elif len(active) > 2:
            del active[sorted(active)[pick % len(active)]]
        before = {g.number: g.emails for g in groups}
        result = amend(groups, list(active.values()), group_size=size, used_numbers=used)
        after = {g.number: g.emails for g in result.groups}

        placed = [e for g in result.groups for e in g.emails]
        assert sorted(placed) == sorted(active), "everyone active in exactly one group"
        assert all(len(g.members) >= 2 for g in result.groups), "nobody alone"
        changed = {c.group for c in result.changes} | {c.from_group for c in result.changes}
        for number, members in before.items():
            if number not in changed:
                assert after[number] == members, "a group without a changed member is unchanged"
        assert not set(result.created) & used, "group numbers are never reused"
        assert set(after) - set(before) == set(result.created)
        assert {c.email for c in result.changes if c.kind == LEFT} == (
            {e for m in before.values() for e in m} - set(active)
        )
        if result.created:  # new groups only once every old group was full
            assert all(len(after[n]) >= size + 1 for n in after if n not in result.created)
        again = amend(result.groups, list(active.values()), group_size=size, used_numbers=used)
        assert again.changes == () and again.groups == result.groups
        used |= set(after) | set(result.dissolved)
        groups = result.groups
