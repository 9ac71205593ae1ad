"""Benchmark aibou's matcher against three baselines; print a markdown table, save bench/README.md.

Run from the repository root: ``python bench/matching.py`` (``--quick`` for a smoke run).

Every simulation feeds each rotation back as a :class:`PastRotation`, exactly as the service
reads earlier rotation tabs, and each quarter's matcher sees nothing but that history.

Baselines (all three deal each function round-robin into the same group sizes as aibou, so that
they too put one person per function in a group wherever the counts allow):

- *random x100*: shuffle and retry until no repeated pair, at most 100 tries; keep the last.
- *best of 1,000*: 1,000 random partitions, keep the cheapest by aibou's own objective.
- *greedy*: fill the groups seat by seat with the person of the seat's function who has met the
  group's members least often (ties at random).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aibou.domain.matching.engine import group_sizes, match  # noqa: E402
from aibou.domain.matching.scoring import Objective, evaluate  # noqa: E402
from aibou.domain.matching.search import construct  # noqa: E402
from aibou.domain.model import PastRotation, Person  # noqa: E402

FUNCTIONS = ("sales", "cs", "dev")
#: Balanced head counts per function; 6 has no pair of orthogonal Latin squares.
BALANCED = (3, 4, 5, 6, 7, 8, 9, 10, 11, 13)
#: The most repeat-free rotations with n per function and one per function in every group.
LIMIT = {n: n for n in BALANCED} | {6: 5}
#: Seeds averaged for every simulated case.
SEEDS = 5
#: Quarters simulated for the uneven and changing rosters, and of history for the scale cases.
QUARTERS = 8
#: Share of the roster replaced each quarter in the changing-roster case.
TURNOVER = 0.10
#: Tries of the random baseline, and partitions of the best-of baseline.
RANDOM_TRIES = 100
BEST_OF = 1_000
#: Share of remote people, and people per team, in the generated rosters.
REMOTE_SHARE = 0.3
TEAM_SIZE = 8

Matcher = Callable[[Sequence[Person], Sequence[PastRotation], random.Random], list[list[Person]]]


def roster(counts: Sequence[int], seed: int = 0, prefix: str = "") -> list[Person]:
    r = random.Random(seed)
    return [
        Person(
            email=f"{prefix}{f}{i:05d}@example.com",
            name=f"{f} {i}",
            function=f,
            location="remote" if r.random() < REMOTE_SHARE else "office",
            team=f"{f}-{i // TEAM_SIZE}",
            manager=f"lead-{f}-{i // TEAM_SIZE}@example.com",
        )
        for f, count in zip(FUNCTIONS, counts, strict=True)
        for i in range(count)
    ]


def rotation(groups: Sequence[Sequence[Person]], q: int) -> PastRotation:
    return PastRotation(
        f"Q{q}", f"Rotation Q{q}", tuple(frozenset(p.email for p in g) for g in groups)
    )


# --- matchers -----------------------------------------------------------------------------------


def aibou(people: Sequence[Person], history: Sequence[PastRotation], rng: random.Random) -> list:
    return [list(g) for g in match(people, history, functions=FUNCTIONS, rng=rng)]


def dealt(people: Sequence[Person], rng: random.Random) -> list[list[Person]]:
    """A random partition with one person per function per group where the counts allow."""
    objective = Objective(people, [], 3)
    groups = construct(objective, group_sizes(len(people)), rng)
    return [[objective.people[x] for x in g] for g in groups]


def random_retries(
    people: Sequence[Person], history: Sequence[PastRotation], rng: random.Random
) -> list:
    groups: list[list[Person]] = []
    for _ in range(RANDOM_TRIES):
        groups = dealt(people, rng)
        if evaluate(groups, history).repeat_pairs == 0:
            break
    return groups


def best_of(people: Sequence[Person], history: Sequence[PastRotation], rng: random.Random) -> list:
    objective = Objective(people, history, 3)
    index = {p.email: i for i, p in enumerate(objective.people)}
    best: tuple[float, list[list[Person]]] | None = None
    for _ in range(BEST_OF):
        groups = dealt(people, rng)
        cost = sum(objective.group_cost([index[p.email] for p in g]) for g in groups)
        if best is None or cost < best[0]:
            best = (cost, groups)
    return best[1] if best else []


def greedy(people: Sequence[Person], history: Sequence[PastRotation], rng: random.Random) -> list:
    met: dict[str, dict[str, int]] = {}
    for past in history:
        for group in past.groups:
            for a in group:
                for b in group:
                    if a != b:
                        met.setdefault(a, {})[b] = met.setdefault(a, {}).get(b, 0) + 1
    template = dealt(people, rng)  # only the function of each seat is used
    left: dict[str, list[Person]] = {}
    for p in people:
        left.setdefault(p.function, []).append(p)
    for pool in left.values():
        rng.shuffle(pool)
    groups: list[list[Person]] = [[] for _ in template]
    for seat in range(max(map(len, template), default=0)):
        for g, shape in enumerate(template):
            if seat < len(shape):
                pool = left[shape[seat].function]
                known = set().union(*(met.get(p.email, {}) for p in groups[g]))
                pick = next((i for i, p in enumerate(pool) if p.email not in known), None)
                if pick is None:
                    score = [
                        sum(met.get(p.email, {}).get(m.email, 0) for m in groups[g]) for p in pool
                    ]
                    pick = score.index(min(score))
                groups[g].append(pool.pop(pick))
    return groups


MATCHERS: dict[str, Matcher] = {
    "aibou": aibou,
    f"random x{RANDOM_TRIES}": random_retries,
    f"best of {BEST_OF:,}": best_of,
    "greedy": greedy,
}


# --- cases --------------------------------------------------------------------------------------


def clean_quarters(matcher: Matcher, n: int, seed: int) -> int:
    """Consecutive quarters without a repeated pair and with one person per function per group."""
    people, history = roster((n, n, n), seed), []
    for q in range(n):
        groups = matcher(people, history, random.Random(seed * 1000 + q))
        stats = evaluate(groups, history)
        if stats.repeat_pairs or stats.same_function_pairs:
            return q
        history.append(rotation(groups, q))
    return n


def repeats_over_quarters(
    matcher: Matcher, counts: Sequence[int], seed: int, turnover: float
) -> int:
    """Repeated pairs summed over :data:`QUARTERS` quarters, ``turnover`` of the roster replaced
    by newcomers of the same function before each quarter after the first."""
    r = random.Random(seed)
    people, history, total = roster(counts, seed), [], 0
    for q in range(QUARTERS):
        if q and turnover:
            leaving = set(r.sample(range(len(people)), round(len(people) * turnover)))
            joining = roster(counts, seed + q, prefix=f"q{q}-")
            by_function = {f: [p for p in joining if p.function == f] for f in FUNCTIONS}
            people = [p for i, p in enumerate(people) if i not in leaving] + [
                by_function[people[i].function].pop() for i in sorted(leaving)
            ]
        groups = matcher(people, history, random.Random(seed * 1000 + q))
        total += evaluate(groups, history).repeat_pairs
        history.append(rotation(groups, q))
    return total


def scale(
    matcher: Matcher, counts: Sequence[int], history: list[PastRotation], memory: bool
) -> str:
    """Time (and with ``memory`` the peak traced memory of a second, identical run) of the next
    quarter's match, with its repeated pairs and its groups lacking an office/remote mix."""
    people = roster(counts)
    start = time.perf_counter()
    groups = matcher(people, history, random.Random(99))
    cell = f"{time.perf_counter() - start:.1f} s"
    if memory:
        tracemalloc.start()
        matcher(people, history, random.Random(99))
        cell += f", {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB"
        tracemalloc.stop()
    stats = evaluate(groups, history)
    return f"{cell}; {stats.repeat_pairs} repeats, {stats.unmixed_groups} unmixed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer seeds and cases (smoke run)")
    parser.add_argument("--no-save", action="store_true", help="print only; leave README alone")
    args = parser.parse_args()
    seeds = range(1 if args.quick else SEEDS)
    balanced = BALANCED[:4] if args.quick else BALANCED
    names = list(MATCHERS)
    rows: list[list[str]] = []

    def mean(values: list[int]) -> str:
        m = statistics.fmean(values)
        return f"{m:.0f}" if m == int(m) else f"{m:.1f}"

    for n in balanced:
        cells = [mean([clean_quarters(MATCHERS[k], n, s) for s in seeds]) for k in names]
        rows.append([f"{n}/{n}/{n}: clean quarters in a row", str(LIMIT[n]), *cells])
        print(f"| {' | '.join(rows[-1])} |", file=sys.stderr)
    for label, turnover in (("12/8/20", 0.0), (f"12/8/20, {TURNOVER:.0%} turnover", TURNOVER)):
        cells = [
            mean([repeats_over_quarters(MATCHERS[k], (12, 8, 20), s, turnover) for s in seeds])
            for k in names
        ]
        rows.append([f"{label}: repeated pairs in {QUARTERS} quarters", "0", *cells])
        print(f"| {' | '.join(rows[-1])} |", file=sys.stderr)
    for counts in ((334, 333, 333), (3334, 3333, 3333))[: 1 if args.quick else 2]:
        people, history = roster(counts), []
        for q in range(QUARTERS):
            history.append(rotation(aibou(people, history, random.Random(q)), q))
        cells = [scale(MATCHERS[k], counts, history, memory=k == "aibou") for k in names]
        label = f"{sum(counts):,} members after {QUARTERS} quarters: next quarter"
        rows.append([label, "", *cells])
        print(f"| {' | '.join(rows[-1])} |", file=sys.stderr)

    header = ["case", "limit", *names]
    table = "\n".join(
        [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
        + [f"| {' | '.join(row)} |" for row in rows]
    )
    print(table)
    if not args.no_save and not args.quick:
        save(table, len(seeds))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def save(table: str, seeds: int) -> None:
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text() if readme.exists() else ""
    begin, end = "<!-- results -->", "<!-- /results -->"
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    block = f"{begin}\nMeasured {stamp} on {machine()}; mean of {seeds} seeds.\n\n{table}\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text += f"\n{block}\n"
    readme.write_text(text)


if __name__ == "__main__":
    main()
