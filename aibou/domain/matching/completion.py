"""Exact planning for small balanced rosters whose history no design explains.

When a tool that ignored functions made the first rotation, or someone edited a tab, the pairs
already met rarely fit the rounds of a fixed design. For small head counts every possible round
can be listed, so the most repeat-free rounds the history still allows can be found exactly: a
largest family of pairwise disjoint rounds, none meeting an old pair. The next rotation is the
cheapest round of that family; the next call, seeing it in the history, finds the rest again.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from aibou.domain.matching.constraints import Constraints
from aibou.domain.matching.scoring import Objective

__all__ = ["Completion", "complete", "repeat_free_bound"]

#: Plan exactly only while a round count ``(n!) ** (k - 1)`` up to this is listed: n <= 5 for
#: three functions, n <= 7 for two.
COMPLETION_MAX_ROUNDS = 20_000
#: Disjointness tests per call (about half a second); beyond it the best family found stands.
COMPLETION_WORK_BUDGET = 2_000_000


@dataclass(frozen=True)
class Completion:
    """The round to play next, and how many disjoint repeat-free rounds (it included) remain."""

    groups: list[list[int]]
    cost: float
    rounds_left: int


def complete(function: Sequence[int], objective: Objective, pins: Constraints) -> Completion | None:
    """The cheapest round of a largest family of disjoint rounds that meet no old pair.

    Parameters
    ----------
    function : sequence of int
        Function index of each person; ``k`` functions of ``n`` people each.
    objective : Objective
        Gives the past meetings (any weight counts as met) and the cost of groups.
    pins : Constraints
        Rounds that break a pin are left out.

    Returns
    -------
    Completion or None
        ``None`` if there are too many rounds to list (see :data:`COMPLETION_MAX_ROUNDS`) or no
        round avoids every old pair.

    Notes
    -----
    A round is a choice of one permutation per function after the first; it is a bit mask over
    the cross-function pairs it uses. Rounds meeting an old pair or breaking a pin are dropped;
    a depth-first search, cheapest rounds first, then looks for the largest family of pairwise
    disjoint masks, pruned by the size of what is left and stopped at the bound
    ``min over people and other functions of the partners not met yet``.
    Exact within :data:`COMPLETION_WORK_BUDGET`; ``O(R n k^2)`` to list ``R`` rounds.

    Examples
    --------
    >>> from aibou.domain.model import PastRotation, Person
    >>> people = [Person(f"{f}{i}@x", "", f) for f in "abc" for i in range(3)]
    >>> function = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    >>> mixed = tuple(frozenset({f"a{i}@x", f"b{(i + 1) % 3}@x", f"c{i}@x"}) for i in range(3))
    >>> past = [PastRotation("Q1", "t", mixed)]
    >>> complete(function, Objective(people, past, 3), Constraints()).rounds_left
    2

    A first rotation that ignored functions costs more: ``b0`` has met two of the three ``a``,
    so only one more round can avoid every old pair.

    >>> blind = (frozenset({"a0@x", "a1@x", "b0@x"}), frozenset({"a2@x", "b1@x", "c0@x"}))
    >>> past = [PastRotation("Q1", "t", blind + (frozenset({"b2@x", "c1@x", "c2@x"}),))]
    >>> complete(function, Objective(people, past, 3), Constraints()).rounds_left
    1
    """
    k = max(function, default=-1) + 1
    members = [[x for x, f in enumerate(function) if f == g] for g in range(k)]
    n = len(members[0]) if members else 0
    if k < 2 or math.factorial(n) ** (k - 1) > COMPLETION_MAX_ROUNDS:
        return None
    bit: dict[tuple[int, int], int] = {}
    for f, h in itertools.combinations(range(k), 2):
        for x in members[f]:
            for y in members[h]:
                bit[(x, y)] = bit[(y, x)] = 1 << len(bit) // 2
    rounds: list[tuple[float, int, list[list[int]]]] = []
    for groups in _clean_rounds(members, objective):
        if pins.honoured(groups):
            mask = 0
            for g in groups:
                for x, y in itertools.combinations(g, 2):
                    mask |= bit[(x, y)]
            rounds.append((sum(objective.group_cost(g) for g in groups), mask, groups))
    if not rounds:
        return None
    rounds.sort(key=lambda r: r[0])
    best = _largest_family([mask for _, mask, _ in rounds], repeat_free_bound(function, objective))
    cost, _, groups = rounds[min(best)]
    return Completion(groups, cost, len(best))


def repeat_free_bound(function: Sequence[int], objective: Objective) -> int:
    """At most this many more rounds with one person per function per group avoid every old
    pair: each round uses one new partner of every other function for everybody.

    >>> from aibou.domain.model import Person
    >>> people = [Person(f"{f}{i}@x", "", f) for f in "ab" for i in range(4)]
    >>> repeat_free_bound([0] * 4 + [1] * 4, Objective(people, [], 2))
    4
    """
    k = max(function, default=-1) + 1
    unmet = [[0] * k for _ in function]
    for x, f in enumerate(function):
        for h in range(k):
            unmet[x][h] = function.count(h) if h != f else len(function)
    for x, met in enumerate(objective.met):
        for y in met:
            if function[y] != function[x]:
                unmet[x][function[y]] -= 1
    return min((min(row) for row in unmet), default=0)


def _clean_rounds(members: list[list[int]], objective: Objective) -> Iterator[list[list[int]]]:
    """Every round (one person per function per group) that meets no old pair, function by
    function, so that a permutation meeting an old pair is dropped before the next is tried."""
    n = len(members[0])

    def extend(groups: list[list[int]], f: int) -> Iterator[list[list[int]]]:
        if f == len(members):
            yield groups
            return
        for perm in itertools.permutations(members[f]):
            if all(y not in objective.met[x] for g, y in zip(groups, perm, strict=True) for x in g):
                yield from extend([[*g, y] for g, y in zip(groups, perm, strict=True)], f + 1)

    yield from extend([[x] for x in members[0]], 1) if n else iter(())


def _largest_family(masks: list[int], bound: int) -> list[int]:
    """Indices of a largest set of pairwise disjoint masks (first found, within the budget)."""
    best: list[int] = [0]
    work = 0

    def search(chosen: list[int], candidates: list[int]) -> bool:
        nonlocal best, work
        if len(chosen) > len(best):
            best = chosen
        if len(best) >= bound or work >= COMPLETION_WORK_BUDGET:
            return True
        for i, c in enumerate(candidates):
            if len(chosen) + len(candidates) - i <= len(best):
                return False
            work += len(candidates) - i
            rest = [d for d in candidates[i + 1 :] if not masks[d] & masks[c]]
            if search([*chosen, c], rest):
                return True
        return False

    search([], list(range(len(masks))))
    return best
