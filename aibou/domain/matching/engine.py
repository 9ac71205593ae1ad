"""The matcher: split the active roster into cross-functional buddy groups for the next rotation.

:func:`match` is the one entry point. It plans with a resolvable design when the roster is
balanced (:mod:`.balanced`, :mod:`.designs`) and otherwise, or when the design's round would
meet old pairs, optimises directly (:mod:`.search`), always against the weighted objective of
:class:`aibou.domain.matching.scoring.Objective`.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence

from aibou.domain.errors import PinsUnsatisfiable
from aibou.domain.matching.balanced import balanced_design, balanced_plan
from aibou.domain.matching.completion import complete, repeat_free_bound
from aibou.domain.matching.constraints import read_constraints
from aibou.domain.matching.scoring import Objective
from aibou.domain.matching.search import Partition, construct, honour_pins, improve
from aibou.domain.model import PastRotation, Person

__all__ = ["DESIGN_HORIZON", "group_sizes", "match", "objective_for"]

#: Balanced rosters of up to this many people per function follow their design whenever its
#: next round is repeat-free. Beyond it the design's reach (``n`` rotations) lies past any
#: realistic horizon, so the local search, which also mixes locations and teams, goes first and
#: the design is only consulted if the search meets old pairs.
DESIGN_HORIZON = 40


def group_sizes(n: int, group_size: int = 3, *, larger: bool = False) -> list[int]:
    """Sizes of the groups for ``n`` people, largest first, differing by at most one.

    Parameters
    ----------
    n : int
        Head count.
    group_size : int
        The preferred size.
    larger : bool
        When ``group_size`` does not divide ``n``, make some groups one larger instead of some
        one smaller (falling back to smaller when one more per group cannot absorb the rest).

    Returns
    -------
    list of int
        Nobody is ever alone: a single person gets no group, and pairs with an odd head count
        get one group of three rather than a group of one.

    Examples
    --------
    >>> group_sizes(7), group_sizes(7, larger=True), group_sizes(9), group_sizes(5, 2)
    ([3, 2, 2], [4, 3], [3, 3, 3], [3, 2])
    >>> group_sizes(1), group_sizes(2), group_sizes(5, larger=True)
    ([], [2], [3, 2])
    """
    if n < 2:
        return []
    fewer, more = n // group_size, math.ceil(n / group_size)
    larger_fits = fewer > 0 and math.ceil(n / fewer) <= group_size + 1
    count = fewer if larger_fits and (larger or n // more < 2) else more
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def objective_for(
    people: Sequence[Person], history: Sequence[PastRotation], group_size: int = 3
) -> Objective:
    """The objective :func:`match` minimises for ``people`` against ``history``.

    Pass it to :func:`match` (which then does not build its own) and to
    :func:`~aibou.domain.matching.scoring.evaluate` to measure the groups with the same one.

    >>> from aibou.domain.matching.scoring import evaluate
    >>> people = [Person(f"{f}@x", f, f) for f in ("sales", "cs", "dev")]
    >>> objective = objective_for(people, [], 3)
    >>> groups = match(people, [], functions=("sales",), rng=random.Random(1), objective=objective)
    >>> evaluate(groups, [], 3, objective=objective).same_function_pairs
    0
    """
    return Objective(_by_email(people), history, group_size)


def _by_email(people: Sequence[Person]) -> list[Person]:
    """The roster in the order the matcher numbers it."""
    return sorted(people, key=lambda p: p.email)


def match(
    people: Sequence[Person],
    history: Sequence[PastRotation],
    *,
    functions: Sequence[str],
    rng: random.Random,
    group_size: int = 3,
    together: Sequence[frozenset[str]] = (),
    apart: Sequence[frozenset[str]] = (),
    larger_groups: bool = False,
    objective: Objective | None = None,
) -> list[tuple[Person, ...]]:
    """Partition ``people`` into groups for the next rotation.

    Parameters
    ----------
    people : sequence of Person
        The active roster. Order does not matter: the result depends only on the set and ``rng``.
    history : sequence of PastRotation
        Earlier rotations, oldest first, as read back from the sheet. People in it may have left.
    functions : sequence of str
        The functions to mix, in settings order (used to order members within a group). People
        of other functions are placed too, each such function counting as one more.
    rng : random.Random
        The only source of randomness; the same input and seed give the same groups.
    group_size : int
        The preferred group size.
    together : sequence of frozenset of str
        Sets of e-mails that must share a group.
    apart : sequence of frozenset of str
        Sets of e-mails no two of whom may share a group.
    larger_groups : bool
        When the head count does not divide, make groups of ``group_size + 1`` rather than
        ``group_size - 1``.
    objective : Objective, optional
        :func:`objective_for` the same ``people``, ``history`` and ``group_size``, when the
        caller measures the groups with it too; built here when not given.

    Returns
    -------
    list of tuple of Person
        The groups, largest first; each group's members in ``functions`` order.

    Raises
    ------
    ValueError
        If ``group_size < 2``, an e-mail appears twice, or ``objective`` is for other people or
        another group size.
    aibou.domain.errors.PinsUnsatisfiable
        If a pin cannot be honoured (the message names the people and says why).

    Notes
    -----
    Hard rules: everyone is in exactly one group; sizes come from :func:`group_sizes`; a group
    has one person per function wherever the head counts allow (functions are dealt round-robin,
    so the same-function pairs are those the counts force); pins hold.

    Objective, in priority order (weights in :mod:`aibou.domain.matching.scoring`): no repeated pair
    (recent meetings weigh more), few same-function pairs, a fair share of odd-sized groups, office
    and remote mixed, colleagues of one team or reporting line apart. The priority is taken
    literally: once every cross-function pair has met, a group of one function (which meets
    nobody again) is preferred to a mixed group that repeats a pair.

    Balanced rosters (``n`` people in each of ``group_size`` functions, ``n`` up to
    :data:`DESIGN_HORIZON`) follow a resolvable transversal design read back from the history:
    ``n`` consecutive rotations with one person per function per group and no repeated pair,
    for every ``n`` the designs module builds (all ``n`` but 2 and 6 for three functions; 5 for
    ``n = 6``, the true maximum; 1 for ``n = 2``). Any first rotation with one person per function
    per group, whoever made it, starts such a run. Everything else, and design rounds that would
    meet old pairs, goes to the local search, which does the best it can within a fixed budget.

    Complexity: ``O(m + h)`` to read ``m`` people and ``h`` past pairs; the design path is
    ``O(h + m)`` more, the local search at most a fixed number of swap evaluations on small
    rosters and ``O(m)`` per repair pass on large ones. No clock is read: budgets count work.

    References
    ----------
    C. J. Colbourn and J. H. Dinitz (eds.), *Handbook of Combinatorial Designs*, 2nd ed., 2007.
    R. C. Bose, S. S. Shrikhande and E. T. Parker, *Canad. J. Math.* 12 (1960) 189-203.
    H. R. Lourenço, O. C. Martin and T. Stützle, "Iterated local search", in *Handbook of
    Metaheuristics*, 2003.

    Examples
    --------
    Three people in each of three functions: one of each per group, and three rotations in a
    row, each seeing only the earlier ones, in which nobody meets anybody twice.

    >>> from aibou.domain.matching.scoring import evaluate
    >>> functions = ("sales", "cs", "dev")
    >>> people = [Person(f"{f}{i}@x", f"{f}{i}", f) for f in functions for i in (1, 2, 3)]
    >>> history = []
    >>> for quarter in ("Q1", "Q2", "Q3"):
    ...     groups = match(people, history, functions=functions, rng=random.Random(quarter))
    ...     print([p.function for p in groups[0]], evaluate(groups, history).repeat_pairs)
    ...     emails = tuple(frozenset(p.email for p in g) for g in groups)
    ...     history.append(PastRotation(quarter, quarter, emails))
    ['sales', 'cs', 'dev'] 0
    ['sales', 'cs', 'dev'] 0
    ['sales', 'cs', 'dev'] 0
    """
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, not {group_size}.")
    roster = _by_email(people)
    emails = [p.email for p in roster]
    for a, b in itertools.pairwise(emails):
        if a == b:
            raise ValueError(f"{a} appears twice in the roster.")
    sizes = group_sizes(len(roster), group_size, larger=larger_groups)
    pins = read_constraints(emails, together, apart, sizes)
    if not sizes:
        return []
    if objective is None:
        objective = Objective(roster, history, group_size)
    elif objective.group_size != group_size or objective.people != roster:
        raise ValueError("The objective given is not the one for these people and group size.")
    balanced = balanced_design(objective, group_size)
    plan = None
    if balanced is not None and balanced[0].order <= DESIGN_HORIZON:
        plan = balanced_plan(*balanced, objective, history, pins, rng)
        clean = plan.clean_left if plan is not None else 0
        if any(objective.met) and clean < repeat_free_bound(balanced[1], objective):
            exact = complete(balanced[1], objective, pins)  # small rosters only
            if exact is not None and exact.rounds_left > clean:
                return _present(exact.groups, roster, functions)
        if plan is not None and plan.repeats == 0:
            return _present(plan.groups, roster, functions)
    start = plan.groups if plan is not None else construct(objective, sizes, rng)
    part = Partition(objective, start, pins)
    if pins:
        honour_pins(part, emails)
    improve(part, rng)
    groups = part.groups
    if balanced is not None and plan is None and any(map(objective.repeat_cost, groups)):
        plan = balanced_plan(*balanced, objective, history, pins, rng)
    if plan is not None and plan.cost < part.total():
        groups = plan.groups
    if not pins.honoured(groups):  # the search keeps pins; this guards against a bug doing harm
        raise PinsUnsatisfiable("Cannot honour the pins together; try removing one.")
    return _present(groups, roster, functions)


def _present(
    groups: Sequence[Sequence[int]], roster: Sequence[Person], functions: Sequence[str]
) -> list[tuple[Person, ...]]:
    rank = {f: i for i, f in enumerate(functions)}

    def key(p: Person) -> tuple[int, str, str]:
        return (rank.get(p.function, len(rank)), p.function, p.email)

    result = [tuple(sorted((roster[x] for x in g), key=key)) for g in groups]
    result.sort(key=lambda g: (-len(g), [p.email for p in g]))
    return result
