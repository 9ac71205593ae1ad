"""Constraints: people a user wants kept together or apart, checked before any search.

A pin that cannot be honoured raises :class:`~aibou.domain.errors.PinsUnsatisfiable` with a
message the service can show as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aibou.domain.errors import PinsUnsatisfiable

__all__ = ["Constraints", "read_constraints"]


@dataclass(frozen=True)
class Constraints:
    """Constraints over person indices.

    ``blocks``: groups of two or more people who must share a group (overlapping "together" sets
    merged), sorted. ``apart``: sets of people no two of whom may share a group. ``label``: the
    e-mail of each index, for messages.
    """

    blocks: tuple[tuple[int, ...], ...] = ()
    apart: tuple[tuple[int, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.blocks or self.apart)

    def allows(self, group: Sequence[int]) -> bool:
        """Whether ``group`` breaks no apart pin (together pins are checked by :meth:`honoured`)."""
        members = set(group)
        return all(len(members.intersection(a)) < 2 for a in self.apart)

    def honoured(self, groups: Sequence[Sequence[int]]) -> bool:
        """Whether every pin holds in ``groups``."""
        where = {x: g for g, members in enumerate(groups) for x in members}
        together = all(len({where.get(x) for x in block}) == 1 for block in self.blocks)
        return together and all(self.allows(g) for g in groups)


def read_constraints(
    emails: Sequence[str],
    together: Sequence[frozenset[str]],
    apart: Sequence[frozenset[str]],
    sizes: Sequence[int],
) -> Constraints:
    """Check the pins against the roster and the group sizes; return them as indices.

    Parameters
    ----------
    emails : sequence of str
        The roster's e-mails; a person's index is its position here.
    together, apart : sequence of frozenset of str
        Sets of e-mails that must share a group, or of which no two may.
    sizes : sequence of int
        The group sizes of this rotation.

    Returns
    -------
    Constraints

    Raises
    ------
    PinsUnsatisfiable
        If a pinned e-mail is not on the active roster, a merged "together" set is larger than
        the largest group, someone is pinned both together with and apart from someone, or an
        "apart" set has more people than there are groups.

    Examples
    --------
    >>> together = [frozenset("ab"), frozenset("bc")]
    >>> read_constraints(["a", "b", "c", "d"], together, [], [3, 1]).blocks
    ((0, 1, 2),)
    >>> read_constraints(["a", "b"], [frozenset("ax")], [], [2])
    Traceback (most recent call last):
    ...
    aibou.domain.errors.PinsUnsatisfiable: Cannot pin x: not on the active roster.
    """
    index = {e: i for i, e in enumerate(emails)}
    for pin in (*together, *apart):
        unknown = sorted(pin - index.keys())
        if unknown:
            raise PinsUnsatisfiable(f"Cannot pin {', '.join(unknown)}: not on the active roster.")
    parent = list(range(len(emails)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pin in together:
        members = sorted(index[e] for e in pin)
        for x in members[1:]:
            parent[root(x)] = root(members[0])
    merged: dict[int, list[int]] = {}
    for pin in together:
        for e in pin:
            merged.setdefault(root(index[e]), []).append(index[e])
    blocks = sorted(tuple(sorted(set(b))) for b in merged.values() if len(set(b)) > 1)
    largest = max(sizes, default=0)
    for block in blocks:
        if len(block) > largest:
            names = ", ".join(emails[x] for x in block)
            raise PinsUnsatisfiable(
                f"Cannot keep {names} together: {len(block)} people, "
                f"but the largest group has {largest}."
            )
    aparts = sorted(tuple(sorted(index[e] for e in pin)) for pin in apart if len(pin) > 1)
    for pin in aparts:
        if len(pin) > len(sizes):
            raise PinsUnsatisfiable(
                f"Cannot keep {', '.join(emails[x] for x in pin)} apart: "
                f"{len(pin)} people but only {len(sizes)} groups."
            )
        roots = [root(x) for x in pin]
        for i, x in enumerate(pin):
            for j in range(i + 1, len(pin)):
                if roots[i] == roots[j]:
                    raise PinsUnsatisfiable(
                        f"Cannot keep {emails[x]} and {emails[pin[j]]} both together and apart."
                    )
    return Constraints(blocks=tuple(blocks), apart=tuple(aparts))
