"""Coverage (§8): who has met whom of the other functions, the grid, and the rotations left."""

from __future__ import annotations

import random
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibou.domain.matching import match
from aibou.domain.matching.designs import resolvable_design
from aibou.domain.model import PastRotation, Person
from aibou.domain.report.coverage import MAX_GRID_PEOPLE, RotationsNeeded, coverage

FUNCTIONS = ("sales", "cs", "dev")


def roster(*spec: str) -> list[Person]:
    """``roster("s1", "c1", "d2")``: people named by function initial and number."""
    function = {"s": "sales", "c": "cs", "d": "dev"}
    return [Person(f"{name}@x.jp", name.upper(), function[name[0]]) for name in spec]


def groups(*names: str) -> list[frozenset[str]]:
    """``groups("s1 c1 d1", "s2 c2")``: one rotation's groups."""
    return [frozenset(f"{n}@x.jp" for n in g.split()) for g in names]


@pytest.mark.parametrize(
    ("people", "rotations", "met", "possible", "per_person"),
    [
        pytest.param([], [], 0, 0, {}, id="empty"),
        pytest.param(
            roster("s1", "c1", "d1", "s2"),
            [groups("s1 c1 d1", "s2")],
            3,
            5,
            {"s1": (2, 2), "s2": (0, 2), "c1": (2, 3), "d1": (2, 3)},
            id="one group",
        ),
        pytest.param(
            roster("s1", "s2", "c1", "c2", "d1", "d2"),
            [
                groups("s1 c1 d1", "s2 c2 d2"),
                groups("s1 c2 d1", "s2 c1 d2"),  # s1-d1 and s2-d2 again
                groups("s1 s2 c1", "c2 d1 d2"),  # one same-function pair each
            ],
            10,
            12,
            {"s1": (3, 4), "s2": (3, 4), "c1": (4, 4), "c2": (4, 4), "d1": (3, 4), "d2": (3, 4)},
            id="three rotations",
        ),
        pytest.param(
            roster("s1", "c1", "d1", "s2", "c2", "d3"),
            [
                # d2 left (not on the roster); d3 joined group 2; c2 moved from 3 to 1
                groups("s1 c1 d1 c2", "s2 d2 d3", "c2"),
            ],
            6,
            12,
            {"s1": (3, 4), "c1": (2, 4), "d1": (3, 4), "c2": (2, 4), "s2": (1, 4), "d3": (1, 4)},
            id="amendments",
        ),
    ],
)
def test_coverage_counts(people, rotations, met, possible, per_person) -> None:
    report = coverage(people, rotations, functions=FUNCTIONS)
    assert (report.met, report.possible) == (met, possible)
    assert {p.person.email.split("@")[0]: (p.met, p.possible) for p in report.people} == per_person
    assert report.as_dict()["people"] == [
        {"email": p.person.email, "met": p.met, "possible": p.possible} for p in report.people
    ]


def test_grid_is_grouped_by_function_and_symmetric() -> None:
    people = roster("d1", "s2", "c1", "s1", "d2")
    report = coverage(
        people,
        [groups("s1 c1 d1", "s2 d2"), groups("s1 c1 d2", "s2 d1")],
        functions=FUNCTIONS,
    )
    grid = report.grid
    assert grid is not None
    assert [p.email for p in grid.people] == [
        "s1@x.jp", "s2@x.jp", "c1@x.jp", "d1@x.jp", "d2@x.jp",
    ]  # fmt: skip
    assert [p.person for p in report.people] == list(grid.people)
    index = {p.email: i for i, p in enumerate(grid.people)}
    assert grid.counts[index["s1@x.jp"]][index["c1@x.jp"]] == 2  # twice in one group
    assert grid.counts[index["s1@x.jp"]][index["d2@x.jp"]] == 1
    assert grid.counts[index["c1@x.jp"]][index["s2@x.jp"]] == 0
    for i, row in enumerate(grid.counts):
        assert row[i] == 0
        for j, count in enumerate(row):
            assert count == grid.counts[j][i]


def test_a_pair_in_two_groups_of_one_rotation_counts_once() -> None:
    report = coverage(roster("s1", "c1"), [groups("s1 c1", "s1 c1")])
    assert report.grid is not None
    assert report.grid.counts[0][1] == 1


@pytest.mark.parametrize(
    ("count", "drawn"), [(MAX_GRID_PEOPLE, True), (MAX_GRID_PEOPLE + 1, False)]
)
def test_grid_is_left_out_past_its_limit(count: int, drawn: bool) -> None:
    people = [Person(f"p{i}@x.jp", f"P{i}", FUNCTIONS[i % 3]) for i in range(count)]
    report = coverage(people, [])
    assert (report.grid is not None) is drawn
    assert len(report.people) == count  # the per-person table is always there


def design_rounds(n: int, rounds: list[int]) -> tuple[list[Person], list[list[frozenset[str]]]]:
    """n people per function and the given rounds of the design as rotations."""
    design = resolvable_design(n, 3)
    assert design is not None
    keys = sorted(FUNCTIONS)
    people = [Person(f"{f}{x}@x.jp", f"{f}{x}", f) for f in keys for x in range(n)]
    rotations = [
        [
            frozenset(f"{keys[f]}{label}@x.jp" for f, label in enumerate(design.group(r, c)))
            for c in range(n)
        ]
        for r in rounds
    ]
    return people, rotations


@pytest.mark.parametrize(
    ("n", "rounds", "needed"),
    [
        pytest.param(3, [], RotationsNeeded(3, 3), id="nobody met: n rounds"),
        pytest.param(4, [0], RotationsNeeded(3, 3), id="after one round"),
        pytest.param(5, [0, 3, 1], RotationsNeeded(2, 2), id="after three rounds"),
        pytest.param(4, [0, 1, 2, 3], RotationsNeeded(0, 0), id="everyone met"),
        pytest.param(6, [], RotationsNeeded(6, None), id="order 6: no full design"),
    ],
)
def test_rotations_needed_from_the_design(n: int, rounds: list[int], needed) -> None:
    people, rotations = design_rounds(n, rounds)
    assert coverage(people, rotations).needed == needed


def test_rotations_needed_is_what_the_planner_takes() -> None:
    people, rotations = design_rounds(5, [0, 2])
    needed = coverage(people, rotations).needed
    assert needed == RotationsNeeded(3, 3)
    history = [PastRotation(f"Q{i}", "", tuple(r)) for i, r in enumerate(rotations)]
    for _ in range(needed.at_least):
        planned = match(people, history, functions=FUNCTIONS, rng=random.Random(0))
        history.append(
            PastRotation("next", "", tuple(frozenset(p.email for p in g) for g in planned))
        )
    after = coverage(people, [h.groups for h in history])
    assert after.met == after.possible


def test_rotations_needed_without_a_design_is_a_lower_bound() -> None:
    # unbalanced: 2 sales, 1 cs, 1 dev; s2 has met nobody of 2 colleagues
    report = coverage(roster("s1", "s2", "c1", "d1"), [groups("s1 c1 d1", "s2")])
    assert report.needed == RotationsNeeded(1, None)
    # groups of four meet three new colleagues a rotation
    people = roster("s1", "s2", "s3", "c1", "c2", "c3", "d1", "d2", "d3")
    assert coverage(people, [], 3).needed == RotationsNeeded(3, 3)
    assert coverage(people, [], 3, largest_group=4).needed.at_least == 2


def test_group_size_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="group_size"):
        coverage(roster("s1"), [], 1)


people_strategy = st.lists(
    st.tuples(st.integers(0, 11), st.sampled_from(FUNCTIONS)), min_size=0, max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    spec=people_strategy,
    seed=st.integers(0, 10_000),
    rotations=st.integers(0, 4),
)
def test_coverage_properties(spec, seed: int, rotations: int) -> None:
    function_of = dict(spec)
    people = [Person(f"p{i}@x.jp", f"P{i}", f) for i, f in sorted(function_of.items())]
    rng = random.Random(seed)
    everyone = [f"p{i}@x.jp" for i in range(14)]  # two of them never on the roster (leavers)
    history = []
    for _ in range(rotations):
        rng.shuffle(everyone)
        history.append([frozenset(everyone[k : k + rng.randint(2, 4)]) for k in range(0, 14, 3)])
    report = coverage(people, history)
    assert 0 <= report.met <= report.possible
    assert all(0 <= p.met <= p.possible for p in report.people)
    assert sum(p.met for p in report.people) == 2 * report.met
    met_pairs = {
        frozenset(pair)
        for rotation in history
        for g in rotation
        for pair in combinations(sorted(g), 2)
    }
    grid = report.grid
    if not people:
        assert grid is None
        return
    assert grid is not None
    m = len(grid.people)
    assert all(grid.counts[i][j] == grid.counts[j][i] for i in range(m) for j in range(m))
    assert sum(map(sum, grid.counts)) // 2 >= report.met
    cross = sum(
        1
        for a, b in combinations(people, 2)
        if a.function != b.function and frozenset((a.email, b.email)) in met_pairs
    )
    assert cross == report.met
    needed = report.needed
    assert needed.at_most is None or needed.at_least <= needed.at_most
    assert (needed.at_least == 0) == (report.met == report.possible)
