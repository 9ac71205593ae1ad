"""The mathematical limit: n people in each function, n quarters in a row without meeting anyone
twice, each quarter planned from the earlier quarters alone, exactly as the service calls it."""

from __future__ import annotations

import itertools
import random

import pytest

from aibou.domain.matching.engine import match
from aibou.domain.matching.scoring import evaluate
from aibou.domain.model import PastRotation, Person

pytestmark = pytest.mark.slow  # searches for the longest runs without a repeated pair

FUNCTIONS = ("sales", "cs", "dev", "pm", "design")


def balanced(n: int, functions: int) -> list[Person]:
    return [
        Person(f"{f}{i:02d}@example.com", f"{f} {i}", f, location="remote" if i % 3 else "office")
        for f in FUNCTIONS[:functions]
        for i in range(n)
    ]


def clean_quarters(
    people: list[Person],
    quarters: int,
    functions: int = 3,
    history: list[PastRotation] | None = None,
) -> int:
    """Consecutive quarters with no repeated pair and one person per function in every group."""
    history = list(history or [])
    for q in range(quarters):
        groups = match(
            people,
            history,
            functions=FUNCTIONS[:functions],
            rng=random.Random(f"quarter {q}"),
            group_size=functions,
        )
        stats = evaluate(groups, history, functions)
        if stats.repeat_pairs or stats.same_function_pairs:
            return q
        history.append(
            PastRotation(
                f"Q{q}", f"Rotation Q{q}", tuple(frozenset(p.email for p in g) for g in groups)
            )
        )
    return quarters


@pytest.mark.parametrize("n", [3, 4, 5, 7, 8, 9, 10, 11, 13, 14, 18, 22])
def test_three_functions_reach_n_quarters(n: int) -> None:
    assert clean_quarters(balanced(n, 3), n) == n


def test_six_reaches_five_the_true_maximum() -> None:
    assert clean_quarters(balanced(6, 3), 6) == 5


def test_two_reaches_one() -> None:
    assert clean_quarters(balanced(2, 3), 2) == 1


@pytest.mark.parametrize(("n", "functions"), [(6, 2), (9, 2), (4, 4), (5, 4), (5, 5)])
def test_other_numbers_of_functions(n: int, functions: int) -> None:
    assert clean_quarters(balanced(n, functions), n, functions) == n


@pytest.mark.parametrize("n", [5, 7, 10])
def test_first_quarter_made_by_another_tool(n: int) -> None:
    """Any first rotation with one person per function per group is round 0 of some design:
    the remaining n - 1 quarters stay repeat-free."""
    people = balanced(n, 3)
    r = random.Random(n)
    columns = [r.sample([p for p in people if p.function == f], n) for f in FUNCTIONS[:3]]
    first = PastRotation(
        "Q0", "Imported", tuple(frozenset(c[j].email for c in columns) for j in range(n))
    )
    assert clean_quarters(people, n - 1, history=[first]) == n - 1


def test_roster_that_became_balanced_keeps_going_without_repeats() -> None:
    """Two quarters with an extra person, who then leaves. Every cross-function pair met in those
    quarters is lost to the plan (each costs one round of the design), so fewer than n clean
    quarters remain; the engine still finds clean quarters from the pairs that are left."""
    n = 7
    people = balanced(n, 3)
    extra = Person("extra@example.com", "Extra", "dev")
    history: list[PastRotation] = []
    for q in range(2):
        groups = match([*people, extra], history, functions=FUNCTIONS[:3], rng=random.Random(q))
        history.append(
            PastRotation(f"P{q}", "t", tuple(frozenset(p.email for p in g) for g in groups))
        )
    assert clean_quarters(people, n, history=history) >= 2


def most_clean_rounds(people: list[Person], history: list[PastRotation]) -> int:
    """Brute force, independent of the engine: the most pairwise disjoint rounds (one person per
    function per group) that meet no pair of ``history``."""
    met = {
        frozenset(pair) for r in history for g in r.groups for pair in itertools.combinations(g, 2)
    }
    by_function = [[p.email for p in people if p.function == f] for f in FUNCTIONS[:3]]
    first, second, third = by_function
    rounds = []
    for s in itertools.permutations(second):
        for t in itertools.permutations(third):
            pairs = set()
            for a, b, c in zip(first, s, t, strict=True):
                pairs |= {frozenset((a, b)), frozenset((a, c)), frozenset((b, c))}
            if not pairs & met:
                rounds.append(pairs)

    def largest(candidates: list[set[frozenset[str]]]) -> int:
        best = 0
        for i, r in enumerate(candidates):
            if 1 + len(candidates) - i - 1 <= best:
                break
            rest = [o for o in candidates[i + 1 :] if not o & r]
            best = max(best, 1 + largest(rest))
        return best

    return largest(rounds)


@pytest.mark.parametrize(("n", "seed"), [(3, 0), (3, 3), (4, 0), (4, 1), (5, 0), (5, 2)])
def test_first_quarter_blind_to_functions_still_gets_the_most_clean_quarters(
    n: int, seed: int
) -> None:
    """A first rotation made without regard to functions leaves fewer repeat-free rounds (at most
    n - 2 more in these cases, against n - 1 after a one-per-function start); the exact search
    for small rosters finds as many as exist."""
    people = balanced(n, 3)
    shuffled = people[:]
    random.Random(seed).shuffle(shuffled)
    blind = PastRotation(
        "Q0",
        "Imported",
        tuple(frozenset(p.email for p in shuffled[3 * j : 3 * j + 3]) for j in range(n)),
    )
    best = most_clean_rounds(people, [blind])
    assert best <= n - 1
    assert clean_quarters(people, n, history=[blind]) == best
