"""The designs behind repeat-free rotations: every cross-function pair meets at most once."""

from __future__ import annotations

import itertools

import pytest

from aibou.domain.matching.designs import SIX_CLASSES, ResolvableDesign, resolvable_design
from aibou.domain.matching.galois import galois_field


def meetings(design: ResolvableDesign) -> dict[tuple[int, int, int, int], int]:
    """How often each (function, label, function, label) pair shares a group, checking on the
    way that every round is a partition with one label per function in each group."""
    seen: dict[tuple[int, int, int, int], int] = {}
    for r in range(design.rounds):
        placed = set()
        for c in range(design.order):
            group = design.group(r, c)
            assert group[0] == c
            for f, x in enumerate(group):
                assert (f, x) not in placed, f"round {r} places {(f, x)} twice"
                placed.add((f, x))
            for (f, x), (h, y) in itertools.combinations(enumerate(group), 2):
                seen[(f, x, h, y)] = seen.get((f, x, h, y), 0) + 1
                assert design.round_of(f, x, h, y) == r
                assert design.round_of(h, y, f, x) == r
        assert len(placed) == design.order * design.functions
    return seen


@pytest.mark.parametrize(
    "n", [1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 21, 22, 26, 30, 34, 54]
)
def test_three_functions_have_n_disjoint_rounds(n: int) -> None:
    design = resolvable_design(n, 3)
    assert design is not None
    assert design.rounds == n
    seen = meetings(design)
    assert set(seen.values()) == {1}
    assert len(seen) == 3 * n * n  # every cross-function pair, exactly once


@pytest.mark.parametrize(("n", "functions"), [(2, 2), (6, 2), (10, 2), (4, 4), (5, 4), (7, 5)])
def test_other_widths(n: int, functions: int) -> None:
    design = resolvable_design(n, functions)
    assert design is not None
    assert design.rounds == n
    seen = meetings(design)
    assert set(seen.values()) == {1}
    assert len(seen) == functions * (functions - 1) // 2 * n * n


def test_round_zero_is_the_diagonal() -> None:
    for n in (5, 10, 18):
        design = resolvable_design(n, 3)
        assert design is not None
        assert [design.group(0, c) for c in range(n)] == [(c, c, c) for c in range(n)]


def test_six_has_five_disjoint_rounds_and_no_sixth() -> None:
    design = resolvable_design(6, 3)
    assert design is not None
    assert design.rounds == len(SIX_CLASSES) == 5
    seen = meetings(design)
    assert set(seen.values()) == {1}
    # The 18 unused pairs do not form a sixth round: no triangle covers a sales label's leftovers
    # (a sixth disjoint round would be a pair of orthogonal Latin squares of order 6; Tarry 1900).
    unused = {
        (f, x, h, y)
        for f, h in ((0, 1), (0, 2), (1, 2))
        for x in range(6)
        for y in range(6)
        if (f, x, h, y) not in seen
    }
    assert len(unused) == 18
    triangles = [
        s
        for s in range(6)
        for c in range(6)
        for d in range(6)
        if {(0, s, 1, c), (0, s, 2, d), (1, c, 2, d)} <= unused
    ]
    assert len(triangles) < 6


def test_two_has_one_round() -> None:
    design = resolvable_design(2, 3)
    assert design is not None
    assert design.rounds == 1


@pytest.mark.parametrize(("n", "functions"), [(10, 4), (3, 4), (6, 4), (2, 5)])
def test_unknown_designs_are_none(n: int, functions: int) -> None:
    assert resolvable_design(n, functions) is None


@pytest.mark.parametrize("q", [2, 3, 4, 5, 8, 9, 16, 25, 27, 49])
def test_galois_fields_are_fields(q: int) -> None:
    f = galois_field(q)
    elements = range(q)
    for x in elements:
        assert f.add(x, 0) == x
        assert f.mul(x, 1) == x
        assert f.sub(f.add(x, 3 % q), 3 % q) == x
        if x:
            assert sorted(f.mul(x, y) for y in elements) == list(elements)
            assert f.mul(f.div(1, x), x) == 1
    for x, y, z in itertools.product(range(min(q, 6)), repeat=3):
        assert f.mul(x, f.add(y, z)) == f.add(f.mul(x, y), f.mul(x, z))


def test_not_a_field() -> None:
    with pytest.raises(ValueError, match="no field has 6 elements"):
        galois_field(6)
