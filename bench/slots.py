"""Slot finding at scale: CPU time of ``find_slots`` for a quarter, printed as a table.

    python bench/slots.py

Each member has a realistic week: a recurring team meeting, a one-on-one, and random one-off
blocks (``BLOCKS_PER_WEEK`` of 30-120 minutes in working hours), plus a third of the members in
another time zone in the "zones" rows. The bar (DESIGN.md §7): 1,000 members well under a second.
"""

from __future__ import annotations

import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import closed_days
from aibou.domain.time.slots import find_slots

#: One-off busy blocks per member and week.
BLOCKS_PER_WEEK = 8
#: Repetitions; the table shows the fastest (the least disturbed by the machine).
REPEATS = 5
Q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
TOKYO = ZoneInfo("Asia/Tokyo")
OTHER_ZONES = ("America/New_York", "Europe/London", "Asia/Singapore")


def workload(
    members: int, *, zones: bool, seed: int = 0
) -> tuple[list[Group], dict[str, list[tuple[datetime, datetime]]]]:
    rng = random.Random(seed)
    people = [
        Person(
            f"p{i}@example.com",
            f"P{i}",
            ("sales", "cs", "dev")[i % 3],
            timezone=rng.choice(OTHER_ZONES) if zones and i % 3 == 2 else "",
        )
        for i in range(members)
    ]
    groups = [Group(n + 1, tuple(people[3 * n : 3 * n + 3])) for n in range(members // 3)]
    busy: dict[str, list[tuple[datetime, datetime]]] = {}
    for person in people:
        blocks = []
        team_day, team_hour = rng.randrange(5), rng.randrange(10, 17)
        for week in range(14):
            monday = Q1.start - timedelta(days=Q1.start.weekday()) + timedelta(weeks=week)
            team = datetime.combine(monday + timedelta(days=team_day), time(team_hour), TOKYO)
            blocks.append((team, team + timedelta(hours=1)))
            for _ in range(BLOCKS_PER_WEEK):
                start = datetime.combine(
                    monday + timedelta(days=rng.randrange(5)),
                    time(rng.randrange(10, 18), rng.choice((0, 15, 30, 45))),
                    TOKYO,
                )
                blocks.append((start, start + timedelta(minutes=rng.choice((30, 60, 90, 120)))))
        # as the Google adapter answers: fixed-offset (UTC) datetimes parsed from freeBusy
        busy[person.email] = [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in blocks]
    return groups, busy


def measure(members: int, *, zones: bool) -> tuple[float, int, int]:
    groups, busy = workload(members, zones=zones)
    settings = Settings()
    closed = closed_days(settings, Q1.start, Q1.end)
    best = float("inf")
    for _ in range(REPEATS):
        started = clock.process_time()
        slots = find_slots(groups, busy, settings, Q1, Q1.start, closed)
        best = min(best, clock.process_time() - started)
    found = sum(1 for s in slots.values() if s.note.startswith("slot.free"))
    intervals = sum(len(v) for v in busy.values())
    return best, intervals, found


def main() -> None:
    print(f"{'members':>8} {'zones':>6} {'busy blocks':>12} {'groups free':>12} {'CPU s':>8}")
    for members in (30, 300, 1_000, 3_000):
        for zones in (False, True):
            seconds, intervals, found = measure(members, zones=zones)
            print(
                f"{members:>8} {'yes' if zones else 'no':>6} {intervals:>12} "
                f"{found:>5}/{members // 3:<6} {seconds:>8.3f}"
            )


if __name__ == "__main__":
    main()
