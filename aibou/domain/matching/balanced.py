"""The planned path: read the history onto a resolvable design and take an unused round.

Applies when the roster has the same number ``n`` of people in each of ``group_size`` functions.
Each call sees only the history, so the plan is re-derived every time, deterministically:

1. **Anchor.** A rotation with ``n`` groups and at most one current person per function in each
   group can be read as round 0 of the design: its groups, sorted by their smallest e-mail
   (leavers included, so the order never changes), give the labels ``0 .. n-1``. This works for
   any such rotation, whoever made it, because round 0 of the design is the diagonal.
2. **Match.** Every later rotation is tested against the design: the labels of two people in one
   group name their common round, and all groups must agree with it. A matched rotation marks its
   round used and labels newcomers who sat in it (their seat is the one the design has there).
3. **Choose.** The anchor matching the most later rotations wins (ties: the earliest). Newcomers
   not labelled yet take the free labels of their function in e-mail order; every pair met in the
   history, weighted by age, is charged to the one round that holds it. The next rotation is the
   cheapest round that honours the pins, by repeats first and then by the whole objective.

With a design of ``n`` rounds and only its own rounds in the history, the chosen round is always
unused and meets nobody again: ``n`` consecutive repeat-free rotations.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from aibou.domain.matching.constraints import Constraints
from aibou.domain.matching.designs import ResolvableDesign, resolvable_design
from aibou.domain.matching.scoring import Objective
from aibou.domain.model import PastRotation

__all__ = [
    "Plan",
    "Reading",
    "balanced_design",
    "balanced_plan",
    "plan_round",
    "read_history",
]

#: Candidate rounds are scored on the whole objective until this many groups were evaluated (at
#: least one round is always scored); the rest are ranked by repeats alone.
CANDIDATE_GROUP_BUDGET = 40_000


@dataclass
class Reading:
    """The history read onto a design: the labels of the current people and the rounds used."""

    design: ResolvableDesign
    function: list[int]  # person -> function index (position in the sorted function keys)
    label: list[int]  # person -> label within the function, -1 while unknown
    seat: dict[tuple[int, int], int]  # (function, label) -> person
    used: list[int]  # rounds matched by rotations after the anchor, in order
    anchor: int  # index of the anchor rotation in the history

    def place(self, person: int, label: int) -> None:
        self.label[person] = label
        self.seat[(self.function[person], label)] = person

    def round_groups(self, r: int) -> list[list[int]]:
        """Round ``r`` as groups of person indices."""
        groups = (self.design.group(r, c) for c in range(self.design.order))
        return [[self.seat[(f, x)] for f, x in enumerate(labels)] for labels in groups]


@dataclass(frozen=True)
class Plan:
    """The proposed round, its groups, its repeat cost, its whole cost, and how many rounds
    (it included) that honour the pins still meet nobody again."""

    round: int
    groups: list[list[int]]
    repeats: float
    cost: float
    clean_left: int


def read_history(
    function: Sequence[int],
    emails: Sequence[str],
    history: Sequence[PastRotation],
    design: ResolvableDesign,
) -> Reading | None:
    """Find the anchor that explains most of ``history`` and label everybody from it.

    Parameters
    ----------
    function : sequence of int
        ``function[i]`` is the function index of person ``i``, ``0 .. design.functions - 1``,
        each used by ``design.order`` people.
    emails : sequence of str
        ``emails[i]`` is the e-mail of person ``i``.
    history : sequence of PastRotation
        Earlier rotations, oldest first.
    design : ResolvableDesign
        The design to read the history onto.

    Returns
    -------
    Reading or None
        Everybody labelled, and the rounds used since the anchor; ``None`` if no rotation of
        the history can anchor the design (a first run, or after the roster changed shape).

    Notes
    -----
    Anchors are tried oldest first; one whose later rotations all match cannot be beaten, so
    the search usually stops at the first. Each try costs ``O(t m)`` for ``t`` rotations.
    """
    index = {e: i for i, e in enumerate(emails)}
    best: Reading | None = None
    for a in range(len(history)):
        if best is not None and len(history) - a - 1 <= len(best.used):
            break
        reading = _anchor(function, index, history, a, design)
        if reading is not None and (best is None or len(reading.used) > len(best.used)):
            best = reading
    if best is None:
        return None
    for f in range(design.functions):
        free = sorted(x for x in range(design.order) if (f, x) not in best.seat)
        waiting = sorted(
            (emails[i], i) for i, g in enumerate(function) if g == f and best.label[i] < 0
        )
        for x, (_, i) in zip(free, waiting, strict=True):
            best.place(i, x)
    return best


def _anchor(
    function: Sequence[int],
    index: dict[str, int],
    history: Sequence[PastRotation],
    a: int,
    design: ResolvableDesign,
) -> Reading | None:
    rotation = history[a]
    if len(rotation.groups) != design.order:
        return None
    reading = Reading(design, list(function), [-1] * len(function), {}, [], a)
    for label, group in enumerate(sorted(rotation.groups, key=lambda g: min(g, default=""))):
        for e in group:
            i = index.get(e)
            if i is not None:
                if (function[i], label) in reading.seat:
                    return None
                reading.place(i, label)
    if not reading.seat:
        return None
    for later in history[a + 1 :]:
        r = _match(reading, later, index)
        if r is not None:
            reading.used.append(r)
    return reading


def _match(reading: Reading, rotation: PastRotation, index: dict[str, int]) -> int | None:
    """The design round ``rotation`` is, labelling newcomers in it; ``None`` if it is none."""
    design = reading.design
    groups = [[index[e] for e in sorted(g) if e in index] for g in rotation.groups]
    rounds = set()
    for group in groups:
        known = [(reading.function[i], reading.label[i]) for i in group if reading.label[i] >= 0]
        if len(known) >= 2:
            (f, x), (h, y) = known[:2]
            rounds.add(design.round_of(f, x, h, y) if f != h else None)
    if len(rounds) != 1 or None in rounds:
        return None
    r = rounds.pop()
    expected = []
    for group in groups:
        known = [i for i in group if reading.label[i] >= 0]
        if not known:
            continue
        first = known[0]
        seats = design.group(r, reading.label[first], reading.function[first])
        if any(seats[reading.function[i]] != reading.label[i] for i in known):
            return None
        expected.append((group, seats))
    for group, seats in expected:
        for i in group:
            f = reading.function[i]
            if reading.label[i] < 0 and (f, seats[f]) not in reading.seat:
                reading.place(i, seats[f])
    return r


def plan_round(
    reading: Reading, objective: Objective, pins: Constraints, rng: random.Random
) -> Plan | None:
    """The cheapest round of the design for the next rotation.

    Parameters
    ----------
    reading : Reading
        The history read onto the design.
    objective : Objective
        Costs of groups, including the weighted past meetings.
    pins : Constraints
        Only rounds that honour them are candidates.
    rng : random.Random
        Orders rounds of equal repeat cost.

    Returns
    -------
    Plan or None
        ``None`` if no round honours the pins.

    Notes
    -----
    Each pair met in the history lies in exactly one round of the design, so the repeat cost of
    every round is found in one pass over the history, ``O(h)`` for ``h`` past pairs; rounds are
    then scored on the whole objective, cheapest repeats first, within
    :data:`CANDIDATE_GROUP_BUDGET` groups. Rounds already used are candidates too: once all are
    used, the one met longest ago is the cheapest to repeat.
    """
    design = reading.design
    repeats = [0.0] * design.rounds
    for x, met in enumerate(objective.met):
        for y, weight in met.items():
            f, h = reading.function[x], reading.function[y]
            if y > x and f != h:
                r = design.round_of(f, reading.label[x], h, reading.label[y])
                if r is not None:
                    repeats[r] += weight
    allowed = _rounds_allowed(reading, pins)
    order = [r for r in range(design.rounds) if allowed is None or r in allowed]
    rng.shuffle(order)
    order.sort(key=lambda r: repeats[r])
    clean = sum(1 for r in order if repeats[r] == 0)
    best: Plan | None = None
    evaluated = 0
    for r in order:
        if best is not None and (evaluated >= CANDIDATE_GROUP_BUDGET or repeats[r] > best.repeats):
            break
        groups = reading.round_groups(r)
        evaluated += len(groups)
        cost = sum(objective.group_cost(g) for g in groups)
        if best is None or cost < best.cost:
            best = Plan(r, groups, repeats[r], cost, clean)
    return best


def _rounds_allowed(reading: Reading, pins: Constraints) -> set[int] | None:
    """The rounds that honour ``pins`` (``None``: all of them). Two people of different
    functions share exactly one round; two of one function share none."""
    design = reading.design
    allowed: set[int] | None = None

    def meet(x: int, y: int) -> int | None:
        f, h = reading.function[x], reading.function[y]
        return None if f == h else design.round_of(f, reading.label[x], h, reading.label[y])

    for block in pins.blocks:
        for y in block[1:]:
            r = meet(block[0], y)
            rounds = set() if r is None else {r}
            allowed = rounds if allowed is None else allowed & rounds
    banned = {meet(x, y) for pin in pins.apart for i, x in enumerate(pin) for y in pin[i + 1 :]}
    if banned - {None}:
        allowed = (set(range(design.rounds)) if allowed is None else allowed) - banned
    return allowed


def balanced_design(
    objective: Objective, group_size: int
) -> tuple[ResolvableDesign, list[int]] | None:
    """The design for a balanced roster, and each person's function index.

    A roster is balanced when it has ``group_size`` functions with the same head count.
    Functions are indexed in sorted order, so reordering the settings never relabels anybody.
    ``None`` if the roster is not balanced or no design is known for it.
    """
    keys = sorted(set(objective.function))
    counts = [objective.function.count(k) for k in keys]
    if len(keys) != group_size or len(set(counts)) != 1:
        return None
    design = resolvable_design(counts[0], group_size)
    if design is None:
        return None
    position = {k: i for i, k in enumerate(keys)}
    return design, [position[f] for f in objective.function]


def balanced_plan(
    design: ResolvableDesign,
    function: Sequence[int],
    objective: Objective,
    history: Sequence[PastRotation],
    pins: Constraints,
    rng: random.Random,
) -> Plan | None:
    """The design round for the next rotation.

    Parameters
    ----------
    design, function : ResolvableDesign, sequence of int
        As :func:`balanced_design` returns them.
    objective : Objective
        The roster and its history, weighted.
    history : sequence of PastRotation
        Earlier rotations, oldest first.
    pins : Constraints
        Only rounds that honour them are proposed.
    rng : random.Random
        Orders rounds of equal repeat cost.

    Returns
    -------
    Plan or None
        ``None`` if the history holds no anchor (a first run, or a roster that changed shape)
        or no round honours the pins.

    Notes
    -----
    Guarantee: if the history after the anchor consists of rounds of ``design`` and holds no
    other pair of current people, every unused round has zero repeat cost, so ``design.rounds``
    consecutive calls are repeat-free. Cost ``O(t m + h)`` for ``t`` rotations, ``m`` people and
    ``h`` past pairs, plus at most :data:`CANDIDATE_GROUP_BUDGET` group evaluations.

    Examples
    --------
    >>> from aibou.domain.model import Person
    >>> functions = ("cs", "dev", "sales")
    >>> people = [Person(f"{f}{i}@x", "", f) for f in functions for i in range(3)]
    >>> groups = tuple(frozenset(f"{f}{i}@x" for f in functions) for i in range(3))
    >>> history = [PastRotation("Q1", "Imported", groups)]
    >>> objective = Objective(people, history, 3)
    >>> design, function = balanced_design(objective, 3)
    >>> plan = balanced_plan(design, function, objective, history, Constraints(), random.Random(0))
    >>> plan.repeats, [len(g) for g in plan.groups]
    (0.0, [3, 3, 3])
    """
    emails = [p.email for p in objective.people]
    reading = read_history(function, emails, history, design)
    return None if reading is None else plan_round(reading, objective, pins, rng)
