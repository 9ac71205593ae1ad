"""Roster changes mid-period: joiners placed, leavers removed, nobody else moves (DESIGN.md §7).

:func:`amend` takes the groups a period's rotation has now and the people active today, and
returns the smallest change that keeps everyone active in exactly one group and nobody alone.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from aibou.domain.matching.engine import match
from aibou.domain.matching.scoring import Objective
from aibou.domain.model import Group, PastRotation, Person

__all__ = ["JOINED", "LEFT", "MOVED", "Amendment", "Change", "amend"]

JOINED, LEFT, MOVED = "joined", "left", "moved"


@dataclass(frozen=True)
class Change:
    """One person's change: ``group`` is where they are after it (``None`` for ``left``),
    ``from_group`` where they were before (``None`` for ``joined``), as DESIGN.md §4 says."""

    kind: str
    person: Person
    group: int | None
    from_group: int | None

    @property
    def email(self) -> str:
        return self.person.email

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "email": self.email,
            "group": self.group,
            "from_group": self.from_group,
        }


@dataclass(frozen=True)
class Amendment:
    """The groups after the roster's changes, and what changed.

    ``groups`` is the membership after the changes, by group number (dissolved groups gone, new
    ones added); ``changes`` lists ``left``, then ``moved``, then ``joined``; ``dissolved`` are
    the groups whose series is cancelled; ``created`` the new groups, which need a series.
    """

    groups: tuple[Group, ...]
    changes: tuple[Change, ...]
    dissolved: tuple[int, ...] = ()
    created: tuple[int, ...] = ()

    @property
    def touched(self) -> tuple[int, ...]:
        """Groups that still exist and gained or lost someone (their series gets patched)."""
        created = set(self.created)
        numbers = {c.group for c in self.changes} | {c.from_group for c in self.changes}
        alive = {g.number for g in self.groups}
        return tuple(sorted(n for n in numbers if n in alive and n not in created))


def amend(
    groups: Sequence[Group],
    active: Sequence[Person],
    history: Sequence[PastRotation] = (),
    *,
    group_size: int = 3,
    functions: Sequence[str] = (),
    used_numbers: Collection[int] = (),
    rng: random.Random | None = None,
) -> Amendment:
    """Apply the roster's changes to a period's groups with as little change as possible.

    Parameters
    ----------
    groups : sequence of Group
        The rotation's groups as they stand (the tab with its change blocks applied).
    active : sequence of Person
        Everyone active today. Members not in it have left; people in it but in no group join.
    history : sequence of PastRotation
        Earlier rotations, oldest first: who would meet somebody again.
    group_size : int
        The preferred size; groups grow to at most ``group_size + 1`` while any group has room.
    functions : sequence of str
        The functions to mix, in settings order (used for new groups, see
        :func:`~aibou.domain.matching.engine.match`).
    used_numbers : collection of int
        Group numbers this period has used (dissolved groups included): never reused.
    rng : random.Random, optional
        Only new groups use it (default: a fixed seed), so the result is deterministic.

    Returns
    -------
    Amendment
        Nothing changes (no ``changes``, the same groups) when the roster has nothing new.

    Raises
    ------
    ValueError
        If someone active would be alone (fewer than two people to group).

    Notes
    -----
    Leavers are removed. A group left with one member is dissolved and that member ``moved``;
    a group left empty is dissolved. Nobody else moves. Moved people are placed first (by
    e-mail), then joiners (by e-mail), each into the group that minimises, in this order: the
    weight of old meetings they would repeat (so a group where they meet nobody again wins),
    whether the group has their function already, its size, then the rise of the matcher's
    objective (:class:`~aibou.domain.matching.scoring.Objective`: location mix, team, fair odd
    sizes), then the group number. Only groups below ``group_size + 1`` are candidates while
    any is; when none is, the smallest takes a moved person or a lone joiner anyway. Two or
    more joiners left over once every group is full form new groups of their own, matched by
    :func:`~aibou.domain.matching.engine.match`, numbered after every number used.

    Cost: ``O(p * (g + m))`` pair look-ups for ``p`` people to place, ``g`` groups of ``m``
    people, after ``O(n + h)`` to index the roster and the history.

    Examples
    --------
    >>> def person(email, function):
    ...     return Person(email, email.split("@")[0], function)
    >>> a, b, c = person("a@x", "sales"), person("b@x", "cs"), person("c@x", "dev")
    >>> d, e = person("d@x", "sales"), person("e@x", "cs")
    >>> f = person("f@x", "dev")
    >>> now = (Group(1, (a, b, c)), Group(2, (d, e)))
    >>> result = amend(now, [a, b, c, d, e, f])
    >>> [c.as_dict() for c in result.changes]
    [{'kind': 'joined', 'email': 'f@x', 'group': 2, 'from_group': None}]

    ``d`` leaves: ``e`` would be alone, so group 2 is dissolved and ``e`` moves.

    >>> result = amend(now, [a, b, c, e])
    >>> [(c.kind, c.email, c.group, c.from_group) for c in result.changes]
    [('left', 'd@x', None, 2), ('moved', 'e@x', 1, 2)]
    >>> result.dissolved, [sorted(g.emails) for g in result.groups]
    ((2,), [['a@x', 'b@x', 'c@x', 'e@x']])
    """
    rng = rng or random.Random("amend")
    cap = group_size + 1
    people = {p.email: p for p in active}
    members: dict[int, list[Person]] = {}
    changes: list[Change] = []
    for group in sorted(groups, key=lambda g: g.number):
        members[group.number] = [people[p.email] for p in group.members if p.email in people]
        changes.extend(
            Change(LEFT, p, None, group.number)
            for p in sorted(group.members, key=lambda p: p.email)
            if p.email not in people
        )
    placed = {p.email for kept in members.values() for p in kept}
    dissolved = sorted(n for n, kept in members.items() if len(kept) < 2)
    moving = sorted(
        ((p, n) for n in dissolved for p in members.pop(n)), key=lambda item: item[0].email
    )
    joiners = sorted((p for e, p in people.items() if e not in placed), key=lambda p: p.email)

    everyone = [p for kept in members.values() for p in kept] + [p for p, _ in moving] + joiners
    objective = Objective(everyone, history, group_size)
    index = {p.email: i for i, p in enumerate(everyone)}
    numbers = {n: [index[p.email] for p in kept] for n, kept in members.items()}

    def best(x: int) -> int | None:
        if not numbers:
            return None
        room = [n for n, g in numbers.items() if len(g) < cap]

        def key(n: int) -> tuple[float, bool, int, float, int]:
            g = numbers[n]
            repeat = sum(objective.met[x].get(y, 0.0) for y in g)
            same = any(objective.function[y] == objective.function[x] for y in g)
            rise = objective.group_cost([*g, x]) - objective.group_cost(g)
            return (repeat, same, len(g), rise, n)

        if room:
            return min(room, key=key)
        return min(numbers, key=lambda n: (len(numbers[n]), *key(n)))

    added: list[Change] = []

    def place(person: Person, old: int | None) -> None:
        number = best(index[person.email])
        if number is None:
            raise ValueError(f"{person.email} would be alone: a group needs two people.")
        numbers[number].append(index[person.email])
        members[number].append(person)
        added.append(Change(MOVED if old is not None else JOINED, person, number, old))

    pool: list[tuple[Person, int | None]] = []
    if numbers:
        for person, old in moving:
            place(person, old)
    else:  # every group was dissolved: everyone left to place forms new groups
        pool.extend(moving)
    for i, person in enumerate(joiners):
        full = all(len(g) >= cap for g in numbers.values())
        if full and (pool or len(joiners) - i >= 2):
            pool.extend((p, None) for p in joiners[i:])
            break
        place(person, None)
    created: list[int] = []
    if len(pool) == 1:
        place(*pool[0])
    elif pool:
        start = max({*used_numbers, *members, *dissolved, 0}) + 1
        origin = {p.email: old for p, old in pool}
        formed = match(
            [p for p, _ in pool], history, functions=functions, rng=rng, group_size=group_size
        )
        for number, group in enumerate(formed, start=start):
            members[number] = list(group)
            created.append(number)
            added.extend(
                Change(MOVED if origin[p.email] is not None else JOINED, p, number, origin[p.email])
                for p in group
            )
    moved = sorted((c for c in added if c.kind == MOVED), key=lambda c: c.email)
    joined = sorted((c for c in added if c.kind == JOINED), key=lambda c: c.email)
    return Amendment(
        tuple(Group(n, tuple(kept)) for n, kept in sorted(members.items())),
        (*changes, *moved, *joined),
        tuple(dissolved),
        tuple(created),
    )
