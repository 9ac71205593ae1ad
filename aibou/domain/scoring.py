"""How good a rotation is: the numbers reported in ``stats`` and minimised by the matcher.

Pure functions over groups of :class:`~aibou.domain.model.Person` and the past rotations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aibou.domain.model import OFFICE, REMOTE, PastRotation, Person, pairs

__all__ = ["Stats", "evaluate", "odd_group_counts", "past_pairs"]


@dataclass(frozen=True)
class Stats:
    """The quality of one rotation.

    ``repeat_pairs``: pairs in one group now who already shared a group in an earlier rotation.
    ``same_function_pairs``: pairs in one group who have the same function.
    ``group_sizes``: how many groups of each size.
    ``unmixed_groups``: groups with both office and remote people available in the roster but
    only one kind in the group (0 when everybody works the same way).
    ``odd_again``: emails of people in an odd-sized group now who already were in one before.
    """

    repeat_pairs: int
    same_function_pairs: int
    group_sizes: dict[int, int]
    unmixed_groups: int
    odd_again: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "repeat_pairs": self.repeat_pairs,
            "group_sizes": {str(k): v for k, v in sorted(self.group_sizes.items())},
            "same_function_pairs": self.same_function_pairs,
            "unmixed_groups": self.unmixed_groups,
            "odd_again": list(self.odd_again),
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


def odd_group_counts(history: Iterable[PastRotation], group_size: int) -> Counter[str]:
    """How many times each e-mail sat in a group whose size was not ``group_size``."""
    counts: Counter[str] = Counter()
    for rotation in history:
        for group in rotation.groups:
            if len(group) != group_size:
                counts.update(group)
    return counts


def evaluate(
    groups: Sequence[Sequence[Person]],
    history: Sequence[PastRotation],
    group_size: int = 3,
) -> Stats:
    """Measure ``groups`` against ``history``.

    >>> a, b, c = (Person(f"{x}@x", x, f) for x, f in [("a", "sales"), ("b", "cs"), ("c", "cs")])
    >>> s = evaluate([(a, b, c)], [PastRotation("2026-Q4", "t", (frozenset({"a@x", "b@x"}),))])
    >>> s.repeat_pairs, s.same_function_pairs, s.group_sizes
    (1, 1, {3: 1})
    """
    seen = past_pairs(history)
    odd_before = odd_group_counts(history, group_size)
    locations = {p.location for g in groups for p in g}
    mixed_possible = {OFFICE, REMOTE} <= locations
    repeat = same = unmixed = 0
    odd_again: list[str] = []
    for group in groups:
        emails = [p.email for p in group]
        repeat += sum(1 for pair in pairs(emails) if seen[pair])
        by_function = Counter(p.function for p in group)
        same += sum(n * (n - 1) // 2 for n in by_function.values())
        if mixed_possible and len(group) > 1 and len({p.location for p in group}) == 1:
            unmixed += 1
        if len(group) != group_size:
            odd_again.extend(e for e in emails if odd_before[e])
    return Stats(
        repeat_pairs=repeat,
        same_function_pairs=same,
        group_sizes=dict(Counter(len(g) for g in groups)),
        unmixed_groups=unmixed,
        odd_again=tuple(sorted(odd_again)),
    )
