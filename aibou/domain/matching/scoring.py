"""How good a rotation is: the numbers reported in ``stats`` and minimised by the matcher.

Pure functions over groups of :class:`~aibou.domain.model.Person` and the past rotations, and
:class:`Objective`, the weighted cost the matcher minimises. Its weights follow the priority
order of the objective: a repeated pair (newer meetings weigh more) outweighs a same-function
pair, which outweighs an unfair odd-sized group, then an unmixed office/remote group, then two
people of one team or reporting line in one group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aibou.domain.model import OFFICE, REMOTE, PastRotation, Person, pairs

__all__ = [
    "ODD_GROUP_WEIGHT",
    "REPEAT_DECAY",
    "REPEAT_FLOOR",
    "REPEAT_WEIGHT",
    "SAME_FUNCTION_WEIGHT",
    "SAME_TEAM_WEIGHT",
    "UNMIXED_WEIGHT",
    "Objective",
    "Stats",
    "evaluate",
    "odd_group_counts",
    "past_pairs",
    "related",
    "repeat_weight",
]

#: Cost of a pair who met in the most recent rotation.
REPEAT_WEIGHT = 10_000.0
#: Each rotation further back, a meeting weighs this much less (geometric decay)...
REPEAT_DECAY = 0.8
#: ...but never less than this share of :data:`REPEAT_WEIGHT`, so that any repeat still outweighs
#: a same-function pair.
REPEAT_FLOOR = 0.1
#: Cost of two people of the same function in one group.
SAME_FUNCTION_WEIGHT = 100.0
#: Cost, per earlier odd-sized group of a member, of an odd-sized group now (fair share).
ODD_GROUP_WEIGHT = 10.0
#: Cost of a group of office people only, or remote people only, when the roster has both.
UNMIXED_WEIGHT = 3.0
#: Cost of two people of one team, with one manager, or one managing the other, in one group.
SAME_TEAM_WEIGHT = 1.0


@dataclass(frozen=True)
class Stats:
    """The quality of one rotation.

    ``repeat_pairs``: pairs in one group now who already shared a group in an earlier rotation.
    ``same_function_pairs``: pairs in one group who have the same function.
    ``group_sizes``: how many groups of each size.
    ``unmixed_groups``: groups with both office and remote people available in the roster but
    only one kind in the group (0 when everybody works the same way).
    ``odd_again``: emails of people in an odd-sized group now who already were in one before.
    ``same_team_pairs``: pairs in one group of the same team or reporting line (see
    :func:`related`).
    ``cost``: the weighted objective of :class:`Objective` (lower is better).
    """

    repeat_pairs: int
    same_function_pairs: int
    group_sizes: dict[int, int]
    unmixed_groups: int
    odd_again: tuple[str, ...]
    same_team_pairs: int = 0
    cost: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "repeat_pairs": self.repeat_pairs,
            "group_sizes": {str(k): v for k, v in sorted(self.group_sizes.items())},
            "same_function_pairs": self.same_function_pairs,
            "unmixed_groups": self.unmixed_groups,
            "odd_again": list(self.odd_again),
            "same_team_pairs": self.same_team_pairs,
            "cost": round(self.cost, 3),
        }


def past_pairs(history: Iterable[PastRotation]) -> Counter[frozenset[str]]:
    """How often each pair of e-mails shared a group in ``history``.

    >>> h = [PastRotation("2026-Q1", "t", (frozenset({"a", "b", "c"}),))]
    >>> past_pairs(h)[frozenset({"a", "b"})]
    1
    """
    seen: Counter[frozenset[str]] = Counter()
    for rotation in history:
        for group in rotation.groups:
            seen.update(pairs(group))
    return seen


def repeat_weight(age: int) -> float:
    """Cost of repeating a pair who met ``age`` rotations before the latest one (0 = latest).

    >>> repeat_weight(0), repeat_weight(1), repeat_weight(50)
    (10000.0, 8000.0, 1000.0)
    """
    return REPEAT_WEIGHT * max(REPEAT_FLOOR, REPEAT_DECAY**age)


def related(a: Person, b: Person) -> bool:
    """Whether ``a`` and ``b`` already work together: same team, same manager, or one manages
    the other. Empty ``team`` and ``manager`` mean unknown and never match.

    >>> related(Person("a@x", "A", "dev", team="t1"), Person("b@x", "B", "cs", team="t1"))
    True
    >>> related(Person("a@x", "A", "dev", manager="b@x"), Person("b@x", "B", "dev"))
    True
    >>> related(Person("a@x", "A", "dev"), Person("b@x", "B", "dev"))
    False
    """
    return bool(
        (a.team and a.team == b.team)
        or (a.manager and a.manager == b.manager)
        or a.manager == b.email
        or b.manager == a.email
    )


def odd_group_counts(history: Iterable[PastRotation], group_size: int) -> Counter[str]:
    """How many times each e-mail sat in a group whose size was not ``group_size``."""
    counts: Counter[str] = Counter()
    for rotation in history:
        for group in rotation.groups:
            if len(group) != group_size:
                counts.update(group)
    return counts


class Objective:
    """The weighted cost of groups of one roster against one history.

    People are referred to by their index in ``people``; :meth:`group_cost` is the hot path of
    the matcher, so everything it needs is precomputed into lists.

    Parameters
    ----------
    people : sequence of Person
        The roster, in the order that defines the indices.
    history : sequence of PastRotation
        Earlier rotations, oldest first. Meetings of people not in ``people`` are ignored.
    group_size : int
        Groups of another size are odd-sized.

    Examples
    --------
    >>> a, b, c = (Person(f"{x}@x", x, f) for x, f in [("a", "sales"), ("b", "cs"), ("c", "cs")])
    >>> past = [PastRotation("2026-Q4", "t", (frozenset({"a@x", "b@x"}),))]
    >>> o = Objective([a, b, c], past, group_size=3)
    >>> o.group_cost([0, 1, 2]) == REPEAT_WEIGHT + SAME_FUNCTION_WEIGHT
    True
    """

    def __init__(
        self, people: Sequence[Person], history: Sequence[PastRotation], group_size: int
    ) -> None:
        self.people = list(people)
        self.group_size = group_size
        index = {p.email: i for i, p in enumerate(self.people)}
        self.met: list[dict[int, float]] = [{} for _ in self.people]
        for age, rotation in enumerate(reversed(history)):
            weight = repeat_weight(age)
            for group in rotation.groups:
                present = sorted(index[e] for e in group if e in index)
                for i, x in enumerate(present):
                    for y in present[i + 1 :]:
                        self.met[x][y] = self.met[x].get(y, 0.0) + weight
                        self.met[y][x] = self.met[y].get(x, 0.0) + weight
        odd = odd_group_counts(history, group_size)
        self.odd = [odd[p.email] for p in self.people]
        self.function = [p.function for p in self.people]
        self.remote = [p.location == REMOTE for p in self.people]
        self.mixed_possible = {OFFICE, REMOTE} <= {p.location for p in self.people}
        self._has_relations = any(p.team or p.manager for p in self.people)

    def pair_cost(self, x: int, y: int) -> float:
        """Cost of ``x`` and ``y`` in one group: repeats, same function, same team."""
        cost = self.met[x].get(y, 0.0)
        if self.function[x] == self.function[y]:
            cost += SAME_FUNCTION_WEIGHT
        if self._has_relations and related(self.people[x], self.people[y]):
            cost += SAME_TEAM_WEIGHT
        return cost

    def group_cost(self, members: Sequence[int]) -> float:
        """Cost of one group (pairs, odd size, location mix)."""
        cost = 0.0
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                cost += self.pair_cost(x, y)
        if len(members) != self.group_size:
            cost += ODD_GROUP_WEIGHT * sum(self.odd[x] for x in members)
        if self.mixed_possible and len(members) > 1:
            remote = sum(self.remote[x] for x in members)
            if remote in (0, len(members)):
                cost += UNMIXED_WEIGHT
        return cost

    def repeat_cost(self, members: Sequence[int]) -> float:
        """The repeated-pair part of :meth:`group_cost`."""
        return sum(self.met[x].get(y, 0.0) for i, x in enumerate(members) for y in members[i + 1 :])


def evaluate(
    groups: Sequence[Sequence[Person]],
    history: Sequence[PastRotation],
    group_size: int = 3,
    *,
    objective: Objective | None = None,
) -> Stats:
    """Measure ``groups`` against ``history``.

    Parameters
    ----------
    groups : sequence of sequence of Person
        A rotation.
    history : sequence of PastRotation
        The rotations before it, oldest first.
    group_size : int
        Groups of another size are odd-sized.
    objective : Objective, optional
        The objective of exactly the people in ``groups`` against ``history`` and
        ``group_size``, in any order: the one the matcher minimised
        (:func:`~aibou.domain.matching.engine.objective_for`), so that it is not built twice.
        Built here when not given.

    Returns
    -------
    Stats
        Counts for people (repeated pairs, same-function pairs, sizes, unmixed groups, second
        odd-sized groups, same-team pairs) and the weighted cost the matcher minimised.

    Raises
    ------
    ValueError
        If ``objective`` is for another group size or lacks someone in ``groups``.

    Examples
    --------
    >>> a, b, c = (Person(f"{x}@x", x, f) for x, f in [("a", "sales"), ("b", "cs"), ("c", "cs")])
    >>> s = evaluate([(a, b, c)], [PastRotation("2026-Q4", "t", (frozenset({"a@x", "b@x"}),))])
    >>> s.repeat_pairs, s.same_function_pairs, s.group_sizes
    (1, 1, {3: 1})
    """
    if objective is None:
        objective = Objective([p for g in groups for p in g], history, group_size)
    elif objective.group_size != group_size:
        raise ValueError(
            f"The objective is for groups of {objective.group_size}, not {group_size}."
        )
    index = {p.email: i for i, p in enumerate(objective.people)}
    met, odd_before = objective.met, objective.odd
    repeat = same = unmixed = team = 0
    cost = 0.0
    odd_again: list[str] = []
    for group in groups:
        emails = [p.email for p in group]
        try:
            members = [index[e] for e in emails]
        except KeyError as missing:
            raise ValueError(f"The objective has nobody with the e-mail {missing}.") from None
        cost += objective.group_cost(members)
        # every meeting weighs more than 0, so a pair met before iff it has a weight
        repeat += sum(1 for i, x in enumerate(members) for y in members[i + 1 :] if y in met[x])
        by_function = Counter(p.function for p in group)
        same += sum(n * (n - 1) // 2 for n in by_function.values())
        team += sum(1 for i, a in enumerate(group) for b in group[i + 1 :] if related(a, b))
        if objective.mixed_possible and len(group) > 1 and len({p.location for p in group}) == 1:
            unmixed += 1
        if len(group) != group_size:
            odd_again.extend(e for e, x in zip(emails, members, strict=True) if odd_before[x])
    return Stats(
        repeat_pairs=repeat,
        same_function_pairs=same,
        group_sizes=dict(Counter(len(g) for g in groups)),
        unmixed_groups=unmixed,
        odd_again=tuple(sorted(odd_again)),
        same_team_pairs=team,
        cost=cost,
    )
