"""The matcher: split the active roster into cross-functional buddy groups.

First version: a seeded greedy placement followed by pairwise swaps that lower a weighted cost.
It obeys the hard rules (everyone in exactly one group, nobody alone, sizes differ by at most one)
and avoids repeats where it easily can; it does not plan ahead across rotations. Pins from the
side panel are honoured: people pinned ``together`` are placed first into one group and never
swapped out of it; people pinned ``apart`` cost :data:`APART_WEIGHT` per pair sharing a group, and
a result that still has such a pair raises ``ValueError``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from aibou.domain.model import PastRotation, Person, pairs
from aibou.domain.scoring import past_pairs

__all__ = ["group_sizes", "match"]

#: Cost of putting two people together who already met (per past meeting).
REPEAT_WEIGHT = 1000.0
#: Cost of two people of the same function in one group.
SAME_FUNCTION_WEIGHT = 100.0
#: Cost of a group with a single location when the roster has both.
UNMIXED_WEIGHT = 1.0
#: Passes of the pairwise-swap improvement.
SWAP_PASSES = 4
#: Cost of two people pinned apart sharing a group (dwarfs everything else).
APART_WEIGHT = 1e9


def group_sizes(n: int, group_size: int = 3) -> list[int]:
    """Sizes of the groups for ``n`` people: as many as needed, sizes differing by at most one.

    Nobody is ever alone: a single person gets no group.

    >>> group_sizes(7)
    [3, 2, 2]
    >>> group_sizes(9)
    [3, 3, 3]
    >>> group_sizes(1)
    []
    """
    if n < 2:
        return []
    count = math.ceil(n / group_size)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def match(
    people: Sequence[Person],
    history: Sequence[PastRotation],
    *,
    functions: Sequence[str],
    rng: random.Random,
    group_size: int = 3,
    together: Sequence[frozenset[str]] = (),
    apart: Sequence[frozenset[str]] = (),
) -> list[tuple[Person, ...]]:
    """Partition ``people`` into groups for the next rotation.

    Parameters
    ----------
    people : sequence of Person
        The active roster. Order does not matter: the result depends only on the set and ``rng``.
    history : sequence of PastRotation
        Earlier rotations, oldest first.
    functions : sequence of str
        The functions to mix, in settings order.
    rng : random.Random
        The only source of randomness; the same seed gives the same groups.
    group_size : int
        The preferred group size; other groups are one smaller.
    together : sequence of frozenset of str
        Sets of e-mails that must share a group (disjoint, each at most a group's size).
    apart : sequence of frozenset of str
        Sets of e-mails of whom no two may share a group.

    Returns
    -------
    list of tuple of Person
        The groups, largest first; each group's members in ``functions`` order.

    Raises
    ------
    ValueError
        When a pin cannot be honoured: an e-mail not in ``people``, overlapping or oversized
        ``together`` sets, more of them than groups, or ``apart`` people left sharing a group.

    Examples
    --------
    >>> people = [Person(f"{f}{i}@x", f"{f}{i}", f) for f in ("sales", "cs", "dev") for i in (1, 2)]
    >>> groups = match(people, [], functions=("sales", "cs", "dev"), rng=random.Random(0))
    >>> [[p.function for p in g] for g in groups]
    [['sales', 'cs', 'dev'], ['sales', 'cs', 'dev']]
    >>> pinned = match(people, [], functions=("sales", "cs", "dev"), rng=random.Random(0),
    ...                together=[frozenset({"sales1@x", "sales2@x"})])
    >>> any({"sales1@x", "sales2@x"} <= {p.email for p in g} for g in pinned)
    True
    """
    ordered = sorted(people, key=lambda p: (p.function, p.email))
    sizes = group_sizes(len(ordered), group_size)
    if not sizes:
        return []
    met = past_pairs(history)
    locations = {p.location for p in ordered}
    by_email = {p.email: p for p in ordered}
    _check_pins(together, apart, by_email, sizes)
    kept_apart = {pair for pin in apart for pair in pairs(pin)}
    fixed = {email for pin in together for email in pin}

    def cost(group: Sequence[Person]) -> float:
        total = 0.0
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                total += REPEAT_WEIGHT * met[frozenset((a.email, b.email))]
                total += SAME_FUNCTION_WEIGHT * (a.function == b.function)
                if kept_apart and frozenset((a.email, b.email)) in kept_apart:
                    total += APART_WEIGHT
        if len(locations) > 1 and len(group) > 1 and len({p.location for p in group}) == 1:
            total += UNMIXED_WEIGHT
        return total

    # Greedy: the largest functions first, each person into the cheapest group with room.
    by_function: dict[str, list[Person]] = {}
    for person in ordered:
        by_function.setdefault(person.function, []).append(person)
    for members in by_function.values():
        rng.shuffle(members)
    order = sorted(by_function, key=lambda f: (-len(by_function[f]), f))
    groups: list[list[Person]] = [[] for _ in sizes]
    for index, pin in enumerate(sorted(together, key=lambda p: (-len(p), sorted(p)))):
        groups[index] = [by_email[email] for email in sorted(pin)]  # sizes are largest first
    for function in order:
        for person in by_function[function]:
            if person.email in fixed:
                continue
            open_groups = [i for i, g in enumerate(groups) if len(g) < sizes[i]]
            rng.shuffle(open_groups)
            best = min(open_groups, key=lambda i: cost([*groups[i], person]) - cost(groups[i]))
            groups[best].append(person)

    # Improve: swap two people of different groups while that lowers the total cost.
    for _ in range(SWAP_PASSES):
        improved = False
        for gi in range(len(groups)):
            for gj in range(gi + 1, len(groups)):
                for a in range(len(groups[gi])):
                    for b in range(len(groups[gj])):
                        x, y = groups[gi], groups[gj]
                        if x[a].email in fixed or y[b].email in fixed:
                            continue
                        before = cost(x) + cost(y)
                        x2 = [*x[:a], y[b], *x[a + 1 :]]
                        y2 = [*y[:b], x[a], *y[b + 1 :]]
                        if cost(x2) + cost(y2) < before:
                            groups[gi], groups[gj] = x2, y2
                            improved = True
        if not improved:
            break

    rank = {f: i for i, f in enumerate(functions)}
    result = [
        tuple(sorted(g, key=lambda p: (rank.get(p.function, len(rank)), p.email))) for g in groups
    ]
    result.sort(key=lambda g: (-len(g), [p.email for p in g]))
    for group in result:
        if any(pair in kept_apart for pair in pairs(p.email for p in group)):
            raise ValueError("people pinned apart could not all be kept apart")
    return result


def _check_pins(
    together: Sequence[frozenset[str]],
    apart: Sequence[frozenset[str]],
    people: dict[str, Person],
    sizes: Sequence[int],
) -> None:
    unknown = sorted({e for pin in (*together, *apart) for e in pin} - people.keys())
    if unknown:
        raise ValueError(f"pinned people are not in the roster: {', '.join(unknown)}")
    seen: set[str] = set()
    for pin in together:
        if pin & seen:
            raise ValueError("a person is in two 'together' pins")
        seen |= pin
    if len(together) > len(sizes):
        raise ValueError(f"{len(together)} 'together' pins but only {len(sizes)} groups")
    for pin, size in zip(sorted(together, key=len, reverse=True), sizes, strict=False):
        if len(pin) > size:
            raise ValueError(f"{len(pin)} people pinned together, but groups hold {size}")
    for pin in apart:
        if len(pin) > len(sizes):
            raise ValueError(f"{len(pin)} people pinned apart, but there are {len(sizes)} groups")
        if any(len(pin & t) > 1 for t in together):
            raise ValueError("two people are pinned both together and apart")
