"""What a proposed rotation is worth looking at before it is applied, and its fingerprint.

:func:`highlights` names the pairs that already met (and when), the pairs of one function and
the groups of an odd size, so the side panel can show them rather than only count them.
:func:`fingerprint` identifies a plan by its period and groups: the panel applies a rotation only
if the plan decided at apply time has the fingerprint of the one the user saw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from aibou.domain.model import Group, PastRotation, Person, pairs

__all__ = ["Highlights", "Pair", "fingerprint", "highlights"]


def fingerprint(period_key: str, groups: Sequence[Group]) -> str:
    """A short digest of who is in which group for ``period_key``.

    Member order within a group does not matter; group numbers do.

    >>> g = (Group(1, (Person("a@x", "A", "sales"), Person("b@x", "B", "cs"))),)
    >>> h = (Group(1, (Person("b@x", "B", "cs"), Person("a@x", "A", "sales"))),)
    >>> fingerprint("2027-Q1", g) == fingerprint("2027-Q1", h) != fingerprint("2027-Q2", g)
    True
    >>> len(fingerprint("2027-Q1", g))
    16
    """
    text = (
        period_key
        + "\x1e"
        + "\x1e".join(
            f"{g.number}:" + ",".join(sorted(g.emails))
            for g in sorted(groups, key=lambda g: g.number)
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Pair:
    """Two members of group ``group``; ``periods`` are the earlier rotations they shared."""

    group: int
    a: Person
    b: Person
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Highlights:
    """The parts of a plan a person should look at before applying it."""

    repeated: tuple[Pair, ...]
    same_function: tuple[Pair, ...]
    odd_groups: tuple[Group, ...]


def highlights(
    groups: Sequence[Group], history: Sequence[PastRotation], group_size: int
) -> Highlights:
    """The repeated pairs, same-function pairs and odd-sized groups of ``groups``.

    >>> a, b, c = (Person(f"{x}@x", x, f) for x, f in [("a", "sales"), ("b", "cs"), ("c", "cs")])
    >>> past = [PastRotation("2026-Q4", "t", (frozenset({"a@x", "b@x"}),))]
    >>> h = highlights([Group(1, (a, b, c))], past, 3)
    >>> [(p.a.name, p.b.name, p.periods) for p in h.repeated]
    [('a', 'b', ('2026-Q4',))]
    >>> [(p.a.name, p.b.name) for p in h.same_function], h.odd_groups
    ([('b', 'c')], ())
    """
    met: dict[frozenset[str], list[str]] = {}
    for rotation in history:
        for past in rotation.groups:
            for pair in pairs(past):
                met.setdefault(pair, []).append(rotation.key)
    repeated: list[Pair] = []
    same: list[Pair] = []
    for group in groups:
        people = sorted(group.members, key=lambda p: p.email)
        for i, x in enumerate(people):
            for y in people[i + 1 :]:
                periods = met.get(frozenset((x.email, y.email)))
                if periods:
                    repeated.append(Pair(group.number, x, y, tuple(dict.fromkeys(periods))))
                if x.function == y.function:
                    same.append(Pair(group.number, x, y))
    odd = tuple(g for g in groups if len(g.members) != group_size)
    return Highlights(tuple(repeated), tuple(same), odd)
