"""The general optimiser: a function-aware construction, improved by swapping people.

It serves every roster no design fits (uneven head counts, changing rosters, hand-edited
history, pins) and polishes design rounds that meet old pairs. People are indices into an
:class:`~aibou.domain.matching.scoring.Objective`; group sizes never change, so the hard
rules hold by construction and every move is a swap of two people of different groups.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence

from aibou.domain.errors import PinsUnsatisfiable
from aibou.domain.matching.constraints import Constraints
from aibou.domain.matching.scoring import SAME_FUNCTION_WEIGHT, Objective

__all__ = ["Partition", "construct", "forced_same_function_cost", "honour_pins", "improve"]

#: Rosters up to this size try every improving swap (iterated local search); larger ones repair
#: only costly groups against sampled partners.
FULL_NEIGHBOURHOOD_LIMIT = 300
#: Swap evaluations allowed per call on small rosters (about a second of work).
EVALUATION_BUDGET = 120_000
#: Random swaps of one kick of the iterated local search.
KICK_SWAPS = 3
#: Kicks in a row without a better partition before the search stops.
STALL_KICKS = 60
#: Partners sampled (same function) per person of a costly group on large rosters.
REPAIR_SAMPLE = 40
#: Repair passes over the costly groups on large rosters.
REPAIR_PASSES = 6
#: Improvements smaller than this are rounding noise.
EPSILON = 1e-9


def construct(objective: Objective, sizes: Sequence[int], rng: random.Random) -> list[list[int]]:
    """A first partition: deal the functions round-robin over the groups, largest first.

    Parameters
    ----------
    objective : Objective
        The roster (functions, locations, earlier odd-sized groups).
    sizes : sequence of int
        Group sizes, largest first.
    rng : random.Random
        Orders people within a function.

    Returns
    -------
    list of list of int
        Person indices per group, with ``sizes``.

    Notes
    -----
    Dealing the functions largest first, seat row after seat row, spreads every function as
    evenly as the sizes allow, which gives the fewest same-function pairs the head counts
    force. Within a function, the people with the fewest earlier odd-sized groups take the
    odd-sized groups' seats, and remote and office people go where a group still lacks their
    kind. ``O(m)``.

    Examples
    --------
    >>> from aibou.domain.model import Person
    >>> people = [Person(f"{f}{i}", "", f) for f in "abc" for i in range(2)]
    >>> groups = construct(Objective(people, [], 3), [3, 3], random.Random(1))
    >>> sorted(sorted(people[x].function for x in g) for g in groups)
    [['a', 'b', 'c'], ['a', 'b', 'c']]
    """
    by_function: dict[str, list[int]] = {}
    for x, f in enumerate(objective.function):
        by_function.setdefault(f, []).append(x)
    order = sorted(by_function, key=lambda f: (-len(by_function[f]), f))
    seats = [g for t in range(max(sizes, default=0)) for g, s in enumerate(sizes) if s > t]
    groups: list[list[int]] = [[] for _ in sizes]
    start = 0
    for f in order:
        members = by_function[f][:]
        rng.shuffle(members)
        members.sort(key=lambda x: objective.odd[x])  # stable: random among equals
        mine = seats[start : start + len(members)]
        start += len(members)
        odd = [g for g in mine if sizes[g] != objective.group_size]
        even = [g for g in mine if sizes[g] == objective.group_size]
        _seat(objective, groups, odd, members[: len(odd)])
        _seat(objective, groups, even, members[len(odd) :])
    return groups


def _seat(
    objective: Objective, groups: list[list[int]], seats: list[int], people: list[int]
) -> None:
    """Put ``people`` into ``seats`` (group indices), remote people where a group lacks one."""
    if not objective.mixed_possible:
        for g, x in zip(seats, people, strict=True):
            groups[g].append(x)
        return
    remote = deque(x for x in people if objective.remote[x])
    office = deque(x for x in people if not objective.remote[x])
    later = []
    for g in seats:
        kinds = {objective.remote[x] for x in groups[g]}
        if kinds == {False} and remote:
            groups[g].append(remote.popleft())
        elif kinds == {True} and office:
            groups[g].append(office.popleft())
        else:
            later.append(g)
    for g in later:
        pool = remote if len(remote) > len(office) else office
        groups[g].append(pool.popleft())


class Partition:
    """Groups of person indices with their costs, the pins, and swap moves."""

    def __init__(
        self, objective: Objective, groups: Sequence[Sequence[int]], pins: Constraints
    ) -> None:
        self.objective = objective
        self.pins = pins
        self.groups = [list(g) for g in groups]
        self.where = [0] * len(objective.people)
        for g, members in enumerate(self.groups):
            for x in members:
                self.where[x] = g
        self.cost = [objective.group_cost(g) for g in self.groups]
        self.movable = [True] * len(objective.people)
        self.apart_of: list[set[int]] = [set() for _ in objective.people]
        for pin_id, pin in enumerate(pins.apart):
            for x in pin:
                self.apart_of[x].add(pin_id)

    def total(self) -> float:
        """The objective of the whole partition."""
        return sum(self.cost)

    def fits(self, x: int, group: list[int]) -> bool:
        mine = self.apart_of[x]
        return not mine or not any(y != x and mine & self.apart_of[y] for y in group)

    def swap_delta(self, p: int, q: int) -> tuple[float, list[int], list[int], float, float] | None:
        """The cost change of swapping ``p`` and ``q`` and the new groups, or ``None`` if the
        swap would break an apart pin."""
        gp, gq = self.where[p], self.where[q]
        a = [q if x == p else x for x in self.groups[gp]]
        b = [p if x == q else x for x in self.groups[gq]]
        if not (self.fits(q, a) and self.fits(p, b)):
            return None
        ca, cb = self.objective.group_cost(a), self.objective.group_cost(b)
        return ca + cb - self.cost[gp] - self.cost[gq], a, b, ca, cb

    def swap(self, p: int, q: int) -> None:
        """Swap ``p`` and ``q`` unconditionally (pins are the caller's business)."""
        gp, gq = self.where[p], self.where[q]
        self.groups[gp] = [q if x == p else x for x in self.groups[gp]]
        self.groups[gq] = [p if x == q else x for x in self.groups[gq]]
        self.where[p], self.where[q] = gq, gp
        self.cost[gp] = self.objective.group_cost(self.groups[gp])
        self.cost[gq] = self.objective.group_cost(self.groups[gq])

    def try_swap(self, p: int, q: int) -> bool:
        """Swap ``p`` and ``q`` if that lowers the cost and keeps the pins; report whether."""
        found = self.swap_delta(p, q)
        if found is None or found[0] >= -EPSILON:
            return False
        _, a, b, ca, cb = found
        gp, gq = self.where[p], self.where[q]
        self.groups[gp], self.groups[gq], self.cost[gp], self.cost[gq] = a, b, ca, cb
        self.where[p], self.where[q] = gq, gp
        return True

    def fixable(self, g: int) -> float:
        """Cost of group ``g`` beyond its same-function pairs (which same-function swaps keep)."""
        f = self.objective.function
        members = self.groups[g]
        same = sum(f[x] == f[y] for i, x in enumerate(members) for y in members[i + 1 :])
        return self.cost[g] - SAME_FUNCTION_WEIGHT * same

    def movable_by_function(self) -> dict[str, list[int]]:
        """The people free to move, by function."""
        pools: dict[str, list[int]] = {}
        for x, ok in enumerate(self.movable):
            if ok:
                pools.setdefault(self.objective.function[x], []).append(x)
        return pools

    def snapshot(self) -> tuple[list[list[int]], list[int], list[float]]:
        return [g[:] for g in self.groups], self.where[:], self.cost[:]

    def restore(self, state: tuple[list[list[int]], list[int], list[float]]) -> None:
        groups, where, cost = state
        self.groups, self.where, self.cost = [g[:] for g in groups], where[:], cost[:]


def improve(part: Partition, rng: random.Random) -> None:
    """Lower the cost of ``part`` in place by swaps that keep group sizes and pins.

    Parameters
    ----------
    part : Partition
        The groups to improve; people pinned together do not move.
    rng : random.Random
        Orders the moves and draws the kicks and samples.

    Notes
    -----
    Up to :data:`FULL_NEIGHBOURHOOD_LIMIT` people: iterated local search. A descent tries every
    swap of a person of a costly group with anyone else (first improvement), in ``O(c m)`` per
    pass for ``c`` people in costly groups; then a kick of :data:`KICK_SWAPS` random swaps
    within functions and a new descent, keeping the best partition, until the cost is zero,
    :data:`STALL_KICKS` kicks bring nothing, or :data:`EVALUATION_BUDGET` swaps were tried.
    Larger rosters: :data:`REPAIR_PASSES` passes in which each person of a group with fixable
    cost tries :data:`REPAIR_SAMPLE` sampled partners of the same function, ``O(m)`` a pass.

    References
    ----------
    H. R. Lourenço, O. C. Martin and T. Stützle, "Iterated local search", in F. Glover and
    G. Kochenberger (eds.), *Handbook of Metaheuristics*, Kluwer, 2003, 321-353.
    """
    if len(part.objective.people) <= FULL_NEIGHBOURHOOD_LIMIT:
        _iterated_local_search(part, rng)
    else:
        _repair(part, rng)


def _descend(part: Partition, rng: random.Random, budget: int) -> int:
    everyone = [x for x, ok in enumerate(part.movable) if ok]
    tried = 0
    improved = True
    while improved and tried < budget:
        improved = False
        rng.shuffle(everyone)
        for p in everyone:
            if part.cost[part.where[p]] <= EPSILON:
                continue
            for q in everyone:
                if part.where[q] != part.where[p]:
                    tried += 1
                    improved |= part.try_swap(p, q)
            if tried >= budget:
                break
    return tried


def forced_same_function_cost(functions: Sequence[str], groups: int) -> float:
    """A lower bound on the cost: the same-function pairs that ``groups`` groups force.

    >>> forced_same_function_cost(["dev"] * 5 + ["cs"] * 2, 3) == 2 * SAME_FUNCTION_WEIGHT
    True
    """
    pairs = 0
    for f in set(functions) if groups else ():
        q, r = divmod(functions.count(f), groups)
        pairs += r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2
    return SAME_FUNCTION_WEIGHT * pairs


def _iterated_local_search(part: Partition, rng: random.Random) -> None:
    floor = forced_same_function_cost(part.objective.function, len(part.groups)) + EPSILON
    budget = EVALUATION_BUDGET
    budget -= _descend(part, rng, budget)
    best, best_state = part.total(), part.snapshot()
    stall = 0
    pools = [xs for _, xs in sorted(part.movable_by_function().items()) if len(xs) > 1]
    while budget > 0 and best > floor and stall < STALL_KICKS and pools:
        for _ in range(KICK_SWAPS):
            pool = rng.choice(pools)
            p, q = rng.sample(pool, 2)
            if part.where[p] != part.where[q] and part.swap_delta(p, q) is not None:
                part.swap(p, q)
        budget -= _descend(part, rng, budget)
        if part.total() < best - EPSILON:
            best, best_state, stall = part.total(), part.snapshot(), 0
        else:
            stall += 1
            part.restore(best_state)
    part.restore(best_state)


def _repair(part: Partition, rng: random.Random) -> None:
    by_function = part.movable_by_function()
    for _ in range(REPAIR_PASSES):
        costly = [g for g in range(len(part.groups)) if part.fixable(g) > EPSILON]
        if not costly:
            return
        rng.shuffle(costly)
        changed = False
        for g in costly:
            for p in list(part.groups[g]):
                if not part.movable[p] or part.where[p] != g or part.fixable(g) <= EPSILON:
                    continue
                pool = by_function[part.objective.function[p]]
                sample = rng.sample(pool, min(REPAIR_SAMPLE, len(pool)))
                best, partner = -EPSILON, -1
                for q in sample:
                    found = part.swap_delta(p, q) if part.where[q] != g else None
                    if found is not None and found[0] < best:
                        best, partner = found[0], q
                if partner >= 0:
                    part.swap(p, partner)
                    changed = True
        if not changed:
            return


def honour_pins(part: Partition, emails: Sequence[str]) -> None:
    """Move people so that every pin of ``part.pins`` holds, and freeze the "together" blocks.

    Raises
    ------
    PinsUnsatisfiable
        If the blocks do not fit into the groups, or an apart pin cannot be met.
    """
    pins = part.pins
    fixed = [0] * len(part.groups)
    for block in sorted(pins.blocks, key=lambda b: (-len(b), b)):
        members = set(block)
        options = []
        for g, group in enumerate(part.groups):
            room = len(group) - fixed[g]
            frozen = [y for y in group if not part.movable[y]]
            if room >= len(block) and all(part.fits(x, frozen) for x in block):
                options.append((-sum(part.where[x] == g for x in block), g))
        if not options:
            names = ", ".join(emails[x] for x in block)
            raise PinsUnsatisfiable(f"Cannot keep {names} together: no group has room for them.")
        g = min(options)[1]
        for x in block:
            if part.where[x] != g:
                free = [y for y in part.groups[g] if part.movable[y] and y not in members]
                f = part.objective.function
                part.swap(x, min(free, key=lambda y: (f[y] != f[x], y)))
        for x in block:
            part.movable[x] = False
        fixed[g] += len(block)
    for g in range(len(part.groups)):
        for x in list(part.groups[g]):
            if part.where[x] == g and not part.fits(x, part.groups[g]):
                _move_apart(part, x, emails)


def _move_apart(part: Partition, x: int, emails: Sequence[str]) -> None:
    if not part.movable[x]:
        group = part.groups[part.where[x]]
        clash = [y for y in group if y != x and part.apart_of[x] & part.apart_of[y]]
        x = next((y for y in clash if part.movable[y]), x)
    if not part.movable[x]:
        raise PinsUnsatisfiable(f"Cannot keep {emails[x]} apart from the people pinned with them.")
    f = part.objective.function
    options = [
        (f[y] != f[x], part.where[y], y)
        for y, ok in enumerate(part.movable)
        if ok and part.where[y] != part.where[x] and part.swap_delta(x, y) is not None
    ]
    if not options:
        raise PinsUnsatisfiable(
            f"Cannot keep {emails[x]} apart as pinned: no group is free for them."
        )
    part.swap(x, min(options)[2])
