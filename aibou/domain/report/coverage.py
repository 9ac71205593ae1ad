"""Coverage: who of the active roster has met whom of the other functions (§8).

:func:`coverage` counts, from every rotation's groups, how often each two active people shared
a group; per person how many colleagues of other functions they have met out of all; the same
over unordered pairs; a person × person grid grouped by function (up to
:data:`MAX_GRID_PEOPLE` people); and how many more rotations everyone needs to have met everyone
of the other functions (:func:`rotations_needed`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from aibou.domain.matching.balanced import read_history
from aibou.domain.matching.designs import resolvable_design
from aibou.domain.model import PastRotation, Person

__all__ = [
    "MAX_GRID_PEOPLE",
    "Coverage",
    "Grid",
    "PersonCoverage",
    "RotationsNeeded",
    "coverage",
    "grouped",
    "rotations_needed",
    "shared_counts",
]

#: The grid is drawn for at most this many active people; past it, it is left out (a
#: 300 × 300 grid is already 90,000 cells, and a wider one is unreadable at a glance).
MAX_GRID_PEOPLE = 300

#: One rotation: its groups, each a collection of e-mail addresses (joiners added by amendments
#: included, so a moved person may sit in two groups of one rotation).
Rotation = Collection[Collection[str]]


@dataclass(frozen=True)
class PersonCoverage:
    """One active person: colleagues of other functions met so far, out of all of them."""

    person: Person
    met: int
    possible: int

    def as_dict(self) -> dict[str, object]:
        return {"email": self.person.email, "met": self.met, "possible": self.possible}


@dataclass(frozen=True)
class RotationsNeeded:
    """How many more rotations everyone needs to have met everyone of the other functions.

    ``at_least`` is a lower bound that holds for any plan; ``at_most`` is what the roster's
    design achieves (its unused rounds), or ``None`` where no design tells it. When both are
    equal the figure is exact.

    >>> RotationsNeeded(3, 3).exact, RotationsNeeded(2).exact
    (True, False)
    """

    at_least: int
    at_most: int | None = None

    @property
    def exact(self) -> bool:
        return self.at_most == self.at_least

    def as_dict(self) -> dict[str, int | None]:
        return {"at_least": self.at_least, "at_most": self.at_most}


@dataclass(frozen=True)
class Grid:
    """How often each two people shared a group: ``counts[i][j]`` for ``people[i]`` and
    ``people[j]`` (symmetric, 0 on the diagonal), people grouped by function."""

    people: tuple[Person, ...]
    counts: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Coverage:
    """The coverage report: per person, over pairs, the grid, and the rotations still needed.

    ``people`` are grouped by function (see :func:`grouped`); ``grid`` is ``None`` when more
    than :data:`MAX_GRID_PEOPLE` people are active.
    """

    people: tuple[PersonCoverage, ...]
    met: int
    possible: int
    needed: RotationsNeeded
    grid: Grid | None

    def as_dict(self) -> dict[str, object]:
        """The ``coverage`` object of ``report --json`` (§8), with ``rotations_needed`` added."""
        return {
            "met": self.met,
            "possible": self.possible,
            "people": [p.as_dict() for p in self.people],
            "rotations_needed": self.needed.as_dict(),
        }


def grouped(people: Iterable[Person], functions: Sequence[str] = ()) -> list[Person]:
    """``people`` grouped by function, in the order of ``functions`` (others after, sorted),
    then by name and e-mail.

    >>> people = [Person("b@x", "B", "dev"), Person("a@x", "A", "sales"), Person("c@x", "C", "cs")]
    >>> [p.email for p in grouped(people, ("sales", "cs"))]
    ['a@x', 'c@x', 'b@x']
    """
    rank = {f: i for i, f in enumerate(functions)}
    return sorted(
        people, key=lambda p: (rank.get(p.function, len(rank)), p.function, p.name, p.email)
    )


def shared_counts(rotations: Iterable[Rotation]) -> dict[frozenset[str], int]:
    """For every two people who shared a group, in how many rotations they did.

    A pair counts once per rotation, even if an amendment put one of them in a second group
    with the other. E-mails are compared in lower case.

    >>> counts = shared_counts([[{"a", "b", "c"}], [{"a", "b"}, {"c", "d"}]])
    >>> counts[frozenset({"a", "b"})], counts[frozenset({"c", "d"})], len(counts)
    (2, 1, 4)
    """
    counts: dict[frozenset[str], int] = {}
    for rotation in rotations:
        seen: set[frozenset[str]] = set()
        for group in rotation:
            members = sorted({e.lower() for e in group})
            seen.update(frozenset(p) for p in combinations(members, 2))
        for pair in seen:
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def coverage(
    people: Sequence[Person],
    rotations: Sequence[Rotation],
    group_size: int = 3,
    *,
    largest_group: int | None = None,
    functions: Sequence[str] = (),
    max_grid: int = MAX_GRID_PEOPLE,
) -> Coverage:
    """Coverage of the active roster by every rotation so far.

    Parameters
    ----------
    people : sequence of Person
        The active roster. Only these count: pairs with someone who left are ignored.
    rotations : sequence of rotations
        Every rotation's groups as e-mail collections, oldest first, the target's included
        (with joiners an amendment added).
    group_size : int
        The ``group_size`` setting (at least 2).
    largest_group : int, optional
        The most people a group may hold (``group_size + 1`` with ``uneven_groups = larger``);
        ``group_size`` if omitted. Used by the lower bound of :func:`rotations_needed`.
    functions : sequence of str
        The order of functions in ``people`` and the grid (the ``functions`` setting).
    max_grid : int
        The grid is left out (``None``) for more people than this.

    Returns
    -------
    Coverage

    Notes
    -----
    A person's ``possible`` is the number of active people of other functions; ``met`` those
    of them they shared a group with in any rotation. The totals count unordered pairs of
    active people of different functions: ``met`` those who shared a group, ``possible`` all.
    Cost ``O(s + m)`` for ``s`` pairs over all groups and ``m`` people, plus ``O(m^2)`` for a
    grid.

    Examples
    --------
    >>> people = [Person(f"{f}{i}@x", f"{f}{i}", f) for f in ("sales", "cs", "dev") for i in (1, 2)]
    >>> report = coverage(people, [[{"sales1@x", "cs1@x", "dev1@x"}, {"sales2@x", "cs2@x", "dev2@x"}]])
    >>> report.met, report.possible, [(p.met, p.possible) for p in report.people][:2]
    (6, 12, [(2, 4), (2, 4)])
    >>> report.needed.at_least, report.grid.counts[0]
    (1, (0, 0, 1, 0, 1, 0))
    """  # noqa: E501
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, not {group_size}")
    ordered = grouped(people, functions)
    counts = shared_counts(rotations)
    function_of = {p.email: p.function for p in ordered}
    met_by: dict[str, int] = dict.fromkeys(function_of, 0)
    met_pairs: dict[frozenset[str], int] = {}
    for pair, n in counts.items():
        a, b = tuple(pair)
        if a in function_of and b in function_of and function_of[a] != function_of[b]:
            met_pairs[pair] = n
            met_by[a] += 1
            met_by[b] += 1
    heads: dict[str, int] = {}
    for p in ordered:
        heads[p.function] = heads.get(p.function, 0) + 1
    rows = tuple(
        PersonCoverage(p, met_by[p.email], len(ordered) - heads[p.function]) for p in ordered
    )
    possible = sum(r.possible for r in rows) // 2
    grid = None
    if 0 < len(ordered) <= max_grid:
        emails = [p.email for p in ordered]
        grid = Grid(
            tuple(ordered),
            tuple(
                tuple(0 if a == b else counts.get(frozenset((a, b)), 0) for b in emails)
                for a in emails
            ),
        )
    needed = rotations_needed(rows, met_pairs, rotations, group_size, largest_group=largest_group)
    return Coverage(rows, len(met_pairs), possible, needed, grid)


def rotations_needed(
    people: Sequence[PersonCoverage],
    met_pairs: Mapping[frozenset[str], int],
    rotations: Sequence[Rotation],
    group_size: int,
    *,
    largest_group: int | None = None,
) -> RotationsNeeded:
    """How many more rotations everyone needs to have met everyone of the other functions.

    Parameters
    ----------
    people : sequence of PersonCoverage
        The active roster with each person's coverage.
    met_pairs : mapping
        The pairs of active people of different functions who have met.
    rotations : sequence of rotations
        Every rotation's groups so far, oldest first (to read them onto the design).
    group_size : int
        The ``group_size`` setting.
    largest_group : int, optional
        The most people one group may hold; ``group_size`` if omitted.

    Returns
    -------
    RotationsNeeded
        ``at_least``: ``ceil(u / (largest_group - 1))`` for the largest number ``u`` of
        colleagues of other functions someone has not met, since one rotation meets a person
        with at most ``largest_group - 1`` colleagues. ``at_most``: where the roster is
        balanced (``group_size`` functions of ``n`` people each) and a resolvable design with
        ``n`` rounds is known, the number of its rounds that still hold an unmet pair;
        otherwise ``None`` (but 0 when everyone has met everyone).

    Notes
    -----
    A resolvable transversal design with ``n`` rounds puts every pair of people of different
    functions in exactly one round (:mod:`aibou.domain.matching.designs`), so playing every
    round that still holds an unmet pair meets everyone: that many rotations suffice. People
    are labelled as :func:`aibou.domain.matching.balanced.read_history` reads them from the
    history (the planner's own labels, so its rounds line up with the past), or by e-mail
    when the history holds no anchor. A round is complete only if it holds one of the few
    pairs met by whoever has met fewest, so only those rounds are checked, each in full:
    ``O(m + h + c n)`` for ``m`` people, ``h`` met pairs and ``c`` such rounds of ``n``
    groups, plus reading the history.

    Examples
    --------
    Three people of each of three functions, nobody met yet: three rounds of the design, and
    no plan can do with fewer.

    >>> people = [PersonCoverage(Person(f"{f}{i}@x", "", f), 0, 6)
    ...           for f in ("sales", "cs", "dev") for i in range(3)]
    >>> rotations_needed(people, {}, [], 3)
    RotationsNeeded(at_least=3, at_most=3)
    """
    largest = largest_group or group_size
    if largest < 2:
        raise ValueError(f"largest_group must be at least 2, not {largest}")
    unmet = max((p.possible - p.met for p in people), default=0)
    at_least = math.ceil(unmet / (largest - 1))
    if at_least == 0:
        return RotationsNeeded(0, 0)  # everyone has met everyone: exact whatever the design
    return RotationsNeeded(at_least, _design_rounds_left(people, met_pairs, rotations, group_size))


def _design_rounds_left(
    people: Sequence[PersonCoverage],
    met_pairs: Mapping[frozenset[str], int],
    rotations: Sequence[Rotation],
    group_size: int,
) -> int | None:
    """The rounds of the roster's full design that still hold an unmet pair; ``None`` if the
    roster is not balanced or no design with ``n`` rounds is known for it."""
    keys = sorted({p.person.function for p in people})
    heads = [sum(1 for p in people if p.person.function == k) for k in keys]
    if len(keys) != group_size or len(set(heads)) != 1:
        return None
    n = heads[0]
    design = resolvable_design(n, group_size)
    if design is None or design.rounds != n:
        return None
    position = {k: i for i, k in enumerate(keys)}
    emails = [p.person.email for p in people]
    function = [position[p.person.function] for p in people]
    history = [
        PastRotation("", "", tuple(frozenset(e.lower() for e in g) for g in rotation))
        for rotation in rotations
    ]
    reading = read_history(function, emails, history, design)
    if reading is not None:
        label = reading.label
    else:
        label = [0] * len(people)
        for f in range(group_size):
            members = sorted((e, i) for i, e in enumerate(emails) if function[i] == f)
            for x, (_, i) in enumerate(members):
                label[i] = x
    index = {e: i for i, e in enumerate(emails)}
    seat = {(function[i], label[i]): e for i, e in enumerate(emails)}
    partners: dict[int, list[int]] = {i: [] for i in range(len(emails)) if function[i] == 0}
    for pair in met_pairs:
        a, b = sorted((index[e] for e in pair), key=lambda i: function[i])
        if function[a] == 0 and function[b] == 1:
            partners[a].append(b)
    # A complete round meets everyone of function 0 with a partner of function 1, so the only
    # candidates are the rounds of the pairs met by whoever of function 0 has met fewest.
    fewest = min(partners, key=lambda i: len(partners[i]))
    candidates = {design.round_of(0, label[fewest], 1, label[b]) for b in partners[fewest]}

    def complete(r: int) -> bool:
        for c in range(n):
            labels = design.group(r, c)
            for f, h in combinations(range(group_size), 2):
                if frozenset((seat[(f, labels[f])], seat[(h, labels[h])])) not in met_pairs:
                    return False
        return True

    return design.rounds - sum(1 for r in candidates if r is not None and complete(r))
